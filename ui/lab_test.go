package ui

import (
	"math"
	"strings"
	"testing"

	"hypersphere/wasm/protocol"
)

func TestRunApply(t *testing.T) {
	s := DefaultSettings()
	s.Epochs = 3
	r := NewRun("norm_conv", s)
	if r.State != StateLoading {
		t.Fatalf("new run is %s", r.State)
	}
	r.Apply(protocol.Progress{Epoch: 1, Step: 3, Steps: 10, FirstStep: 1, Losses: []float32{2.3, 2.2, 2.1}, ImagesPerSec: 50})
	if r.State != StateRunning || len(r.BatchLosses) != 3 || r.Fraction() != 0.3 {
		t.Fatalf("after progress: %+v", r)
	}
	// A gap in the step numbers leaves a NaN hole rather than shifting the curve.
	r.Apply(protocol.Progress{Epoch: 1, Step: 6, Steps: 10, FirstStep: 5, Losses: []float32{2.0, 1.9}, ImagesPerSec: 50})
	if len(r.BatchLosses) != 6 || !math.IsNaN(r.BatchLosses[3]) || r.BatchLosses[5] != float64(float32(1.9)) {
		t.Fatalf("losses %v", r.BatchLosses)
	}
	// ETA from the throughput: 4 + 20 batches of 32 at 50 images/s.
	if got, want := r.ETA(), 24*32/50.0; math.Abs(got-want) > 1e-9 {
		t.Errorf("ETA %v, want %v", got, want)
	}
	r.Apply(protocol.Status{State: "paused"})
	if r.State != StatePaused {
		t.Fatalf("state %s after pause ack", r.State)
	}
	r.Apply(protocol.Status{State: "running"})
	r.Apply(protocol.Epoch{Epoch: 1, TrainLoss: 2.1, ValLoss: 2.0, ValAcc: 0.25, Seconds: 10, ImagesPerSec: 40,
		Filters: make([]float32, 16*27), FilterShape: [4]int{16, 3, 3, 3}, Probs: make([]float32, 80)})
	if r.Epoch != 2 || r.Step != 0 || len(r.History) != 1 || len(r.Filters) != 432 {
		t.Fatalf("after epoch: epoch %d step %d history %d", r.Epoch, r.Step, len(r.History))
	}
	// ETA from the last epoch's time once there is one: 2 epochs left.
	r.Steps = 10
	if got := r.ETA(); math.Abs(got-20) > 1e-9 {
		t.Errorf("ETA %v, want 20", got)
	}
	r.Apply(protocol.Notice{Kind: protocol.NoticeLRDrop, Epoch: 1, LR: 1e-4})
	r.Apply(protocol.Notice{Kind: protocol.NoticeDiverged, Epoch: 2, Err: "NaN loss in batch 3"})
	if r.State != StateDiverged || !strings.Contains(r.Message, "NaN loss in batch 3") || r.StopEpoch != 2 {
		t.Fatalf("diverged run: %s %q", r.State, r.Message)
	}
	// Terminal runs ignore late messages, including the worker's exit.
	r.Apply(protocol.Failed{Err: "the training engine stopped unexpectedly"})
	r.Fail("late")
	if r.State != StateDiverged || r.ETA() != 0 {
		t.Fatalf("terminal run changed: %s", r.State)
	}
	m := EpochMarkers([]*Run{r})
	if len(m) != 2 || m[0].Kind != "lr_drop" || m[1].Kind != "diverged" {
		t.Fatalf("markers %+v", m)
	}
}

func TestLabSettle(t *testing.T) {
	l := NewLab(DefaultSettings())
	l.Phase = PhaseTraining
	a, b := NewRun("baseline", l.Settings), NewRun("norm_conv", l.Settings)
	l.Runs = []*Run{a, b}
	a.Apply(protocol.Notice{Kind: protocol.NoticeFinished})
	l.Settle()
	if l.Phase != PhaseTraining || !l.Running() {
		t.Fatal("lab settled with a run still going")
	}
	b.Fail("This variant's worker crashed")
	l.Settle()
	if l.Phase != PhaseDone || l.Running() {
		t.Fatalf("phase %s after every run ended", l.Phase)
	}
	if l.Run("norm_conv") != b || l.Run("nope") != nil {
		t.Fatal("Run lookup")
	}
	if got := DefaultSettings().Selected(); len(got) != 4 || got[0] != "baseline" {
		t.Fatalf("default selection %v", got)
	}
}

func TestSeries(t *testing.T) {
	s := DefaultSettings()
	r := NewRun("norm_dense", s)
	r.Apply(protocol.Progress{Epoch: 1, Step: 4, Steps: 4, FirstStep: 1, Losses: []float32{4, 3, 2, 1}})
	for e := 1; e <= 2; e++ {
		r.Apply(protocol.Epoch{Epoch: e, ValAcc: 0.1 * float64(e), ValLoss: 3 - float64(e),
			Layers: []protocol.LayerMetrics{{Name: "conv1", WeightNorm: float64(e)}}})
	}
	acc := AccSeries([]*Run{r})
	if len(acc) != 1 || acc[0].Name != "norm_dense" || acc[0].Color != "#E69F00" || len(acc[0].Points) != 2 || acc[0].Points[1].Y != 0.2 {
		t.Fatalf("acc series %+v", acc)
	}
	tl := TrainLossSeries([]*Run{r})[0].Points
	if len(tl) != 4 || tl[3].X != 1 || !(tl[3].Y < tl[0].Y) {
		t.Fatalf("train-loss series %+v", tl)
	}
	wn := WeightNormSeries([]*Run{r}, "conv1")[0].Points
	if wn[1].Y != 2 {
		t.Fatalf("weight norms %+v", wn)
	}
	if p := WeightNormSeries([]*Run{r}, "dense2")[0].Points; !math.IsNaN(p[0].Y) {
		t.Fatalf("missing layer should be NaN, got %v", p[0].Y)
	}
}

func TestFormat(t *testing.T) {
	cases := map[float64]string{0: "0.00", 1.23456: "1.23", 123.456: "123", 1234.5: "1.23k", 0.000123456: "1.23e-04", 9.996: "10.0", -2.5: "-2.50", 99.96: "100", 42400000000: "42.4G", 208000: "208k", 0.5: "0.500"}
	for v, want := range cases {
		if got := Sig3(v); got != want {
			t.Errorf("Sig3(%v) = %q, want %q", v, got, want)
		}
	}
	if got := Percent(0.4127); got != "41.3 %" {
		t.Errorf("Percent = %q", got)
	}
	if got := Duration(185); got != "3 min 5 s" {
		t.Errorf("Duration = %q", got)
	}
	if got := Duration(-1); got != "–" {
		t.Errorf("Duration(-1) = %q", got)
	}
	if got := Rate(97.54); got != "97.5 images/s" {
		t.Errorf("Rate = %q", got)
	}
	if got := Thousands(10000); got != "10\u202f000" {
		t.Errorf("Thousands = %q", got)
	}
}

func TestFilterGrid(t *testing.T) {
	// Two 3-channel 1×2 filters; the second is all zero.
	w := []float32{1, -1, 0.5, 0, -0.5, 1, 0, 0, 0, 0, 0, 0}
	width, height, rgba, ok := FilterGrid(w, [4]int{2, 3, 1, 2}, 2)
	if !ok || width != 5 || height != 1 || len(rgba) != 4*5 {
		t.Fatalf("grid %dx%d ok=%v", width, height, ok)
	}
	// Pixel (0,0): R=1 → 255, G=0.5 → 191, B=-0.5 → 64 (scaled by max |w| = 1).
	if rgba[0] != 255 || rgba[1] != 191 || rgba[2] != 64 || rgba[3] != 255 {
		t.Errorf("pixel 0 = %v", rgba[:4])
	}
	// The gap column is white; the zero filter is mid-grey.
	if rgba[8] != 255 || rgba[12] != 128 {
		t.Errorf("gap %v, zero filter %v", rgba[8:12], rgba[12:16])
	}
	if _, _, _, ok := FilterGrid(w, [4]int{2, 3, 2, 2}, 2); ok {
		t.Error("a shape that does not match the data was accepted")
	}
	img := make([]byte, 3072)
	img[0], img[1024], img[2048] = 10, 20, 30
	if px := ImageRGBA(img); px[0] != 10 || px[1] != 20 || px[2] != 30 || px[3] != 255 {
		t.Errorf("ImageRGBA pixel 0 = %v", px[:4])
	}
}

func TestDivergedBatchCounts(t *testing.T) {
	r := NewRun("baseline", DefaultSettings())
	r.Apply(protocol.Progress{Epoch: 1, Step: 1, Steps: 32, FirstStep: 1, Losses: []float32{2.3}})
	// The worker's notice names the batch that failed (batch 2), which the
	// progress reports, counting completed batches only, never reached.
	r.Apply(protocol.Notice{Kind: protocol.NoticeDiverged, Epoch: 1, Step: 2, Steps: 32,
		Err: "train: baseline diverged: training loss is NaN in epoch 1, batch 2 of 32 (learning rate 100000)"})
	if r.State != StateDiverged || r.Epoch != 1 || r.Step != 2 || r.Steps != 32 {
		t.Errorf("state %s epoch %d batch %d/%d, want diverged at batch 2/32", r.State, r.Epoch, r.Step, r.Steps)
	}
	// A notice without a batch leaves the progress as reported.
	r = NewRun("baseline", DefaultSettings())
	r.Apply(protocol.Progress{Epoch: 1, Step: 4, Steps: 32})
	r.Apply(protocol.Notice{Kind: protocol.NoticeDiverged, Epoch: 1, Err: "loss is NaN"})
	if r.State != StateDiverged || r.Step != 4 {
		t.Errorf("state %s batch %d, want diverged at 4", r.State, r.Step)
	}
}

func TestDockTextMeanOverSeeds(t *testing.T) {
	s := DefaultSettings()
	s.Epochs = 2
	mk := func(seed uint64, acc float64, st State) *Run {
		r := NewRun("baseline", s)
		r.Seed = seed
		r.Apply(protocol.Epoch{Epoch: 1, ValAcc: acc})
		r.State = st
		return r
	}
	one := mk(1, 0.153, StateFinished)
	if got := dockText([]*Run{one}); got != "finished · val acc 15.3 %" {
		t.Errorf("one seed: %q", got)
	}
	runs := []*Run{mk(1, 0.1, StateFinished), mk(2, 0.2, StateFinished), mk(3, 0.3, StateFinished)}
	if got := dockText(runs); got != "finished · mean val acc 20.0 % over 3 seeds" {
		t.Errorf("three seeds: %q", got)
	}
	runs[2].State = StateDiverged
	if got := dockText(runs); got != "ended · mean val acc 15.0 % over 2 seeds" {
		t.Errorf("mixed: %q", got)
	}
	run := NewRun("baseline", s)
	run.Seed = 2
	run.Apply(protocol.Progress{Epoch: 1, Step: 9, Steps: 20})
	if got := dockText([]*Run{run}); got != "45 % of epoch 1/2" {
		t.Errorf("running: %q", got)
	}
	if got := dockText([]*Run{runs[0], run}); got != "seed 2 · 45 % of epoch 1/2" {
		t.Errorf("running, seeds: %q", got)
	}
}
