package train

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"hypersphere/engine/nn"
	"hypersphere/engine/schedule"
)

func TestSameSeedBitIdenticalDifferentSeedDiffers(t *testing.T) {
	tr, val := synthetic(48, 1), synthetic(20, 2)
	cfg := tinyConfig("norm_conv", 2, 8)
	a, _ := runAll(t, cfg, tr, val)
	b, _ := runAll(t, cfg, tr, val)
	if fa, fb := fingerprint(a), fingerprint(b); fa != fb {
		t.Fatalf("same seed gave different metrics: %s vs %s", fa, fb)
	}
	// Spot-check the fingerprint covers the values: compare field by field.
	for i := range a {
		if math.Float64bits(a[i].Loss) != math.Float64bits(b[i].Loss) {
			t.Fatalf("event %d loss differs", i)
		}
	}
	cfg.Seed = 1338
	c, _ := runAll(t, cfg, tr, val)
	if fingerprint(a) == fingerprint(c) {
		t.Fatal("a different seed gave identical metrics")
	}
	if a[0].Loss == c[0].Loss {
		t.Fatalf("first batch loss identical across seeds: %v", a[0].Loss)
	}
}

// TestVariantsShareInitialWeightsOrderAndAugmentation: every variant of
// nn.AllVariantNames built with the same seed starts from the baseline's raw
// weights and biases (gains and logit scales are extra Params) and sees the
// same data order and augmented batches.
func TestVariantsShareInitialWeightsOrderAndAugmentation(t *testing.T) {
	tr, val := synthetic(40, 1), synthetic(10, 2)
	ref, err := New(tinyConfig("baseline", 1, 8), tr, val, nil)
	if err != nil {
		t.Fatal(err)
	}
	fresh := map[string]*nn.Param{} // the baseline's initial Params by name
	for _, p := range ref.Model().Params() {
		q := *p
		q.Data = append([]float32(nil), p.Data...)
		fresh[p.Name] = &q
	}
	for i := 0; i < 3; i++ {
		ref.Step()
	}
	for _, v := range nn.AllVariantNames[1:] {
		tn, err := New(tinyConfig(v, 1, 8), tr, val, nil)
		if err != nil {
			t.Fatal(err)
		}
		shared := 0
		for _, p := range tn.Model().Params() {
			want, ok := fresh[p.Name]
			if !ok {
				if !strings.HasSuffix(p.Name, ".g") && !strings.HasSuffix(p.Name, ".s") {
					t.Fatalf("%s: Param %s is neither the baseline's nor a gain or scale", v, p.Name)
				}
				continue
			}
			shared++
			for j := range p.Data {
				if math.Float32bits(p.Data[j]) != math.Float32bits(want.Data[j]) {
					t.Fatalf("%s: %s[%d] differs from the baseline's initial value", v, p.Name, j)
				}
			}
		}
		if shared != len(fresh) {
			t.Fatalf("%s shares %d of the baseline's %d Params", v, shared, len(fresh))
		}
		// Data order and augmentation: after three batches the last input
		// batch and its labels are the baseline's, bit for bit.
		for i := 0; i < 3; i++ {
			tn.Step()
		}
		for i := range tn.x {
			if math.Float32bits(tn.x[i]) != math.Float32bits(ref.x[i]) {
				t.Fatalf("%s: augmented input value %d differs from the baseline's", v, i)
			}
		}
		for i := range tn.labels {
			if tn.labels[i] != ref.labels[i] {
				t.Fatalf("%s: batch labels differ from the baseline's", v)
			}
		}
	}
}

// TestEveryVariantTrains runs each of nn.AllVariantNames for one short epoch
// and checks that the variant's own switches reached the model.
func TestEveryVariantTrains(t *testing.T) {
	tr, val := synthetic(24, 1), synthetic(10, 2)
	for _, v := range nn.AllVariantNames {
		events, tn := runAll(t, tinyConfig(v, 1, 8), tr, val)
		if tn.Err() != nil || tn.StopReason() != Finished {
			t.Fatalf("%s: err %v, stop %q", v, tn.Err(), tn.StopReason())
		}
		want, _ := nn.VariantConfig(v, nn.Config{})
		got := tn.Model().Config()
		if got.NormConv != want.NormConv || got.NormDense != want.NormDense || got.GainConv != want.GainConv ||
			got.GainDense != want.GainDense || got.LearnLogitScale != want.LearnLogitScale || got.CosineConv != want.CosineConv || got.CosineDense != want.CosineDense || got.LogitScale != want.LogitScale {
			t.Fatalf("%s: model built with %+v, want the variant's switches %+v", v, got, want)
		}
		if m := epochs(events); len(m) != 1 || len(m[0].Diagnostics.Layers) != 6 {
			t.Fatalf("%s: epochs %v", v, m)
		}
	}
}

// TestEpochDiagnostics checks the probe's wiring through the numbers it
// must agree with: one Observe per validation batch (every validation image
// counted; dense2's input is dense1's output, whose norm the trainer also
// measures), one step measured per training batch, the weight norms the
// trainer reports, and a fresh copy per epoch.
func TestEpochDiagnostics(t *testing.T) {
	tr, val := synthetic(40, 1), synthetic(15, 2)
	cfg := tinyConfig("norm_conv_dense_scaled", 2, 8) // 5 training batches, 2 validation batches (8 + 7)
	events, tn := runAll(t, cfg, tr, val)
	if tn.Err() != nil {
		t.Fatal(tn.Err())
	}
	ms := epochs(events)
	for _, m := range ms {
		d := m.Diagnostics
		if d.Images != val.Len() || d.Steps != tn.StepsPerEpoch() || len(d.Layers) != len(m.Layers) {
			t.Fatalf("epoch %d: %d images, %d steps, %d layers; want %d, %d, %d",
				m.Epoch, d.Images, d.Steps, len(d.Layers), val.Len(), tn.StepsPerEpoch(), len(m.Layers))
		}
		for i, l := range d.Layers {
			if l.Name != m.Layers[i].Name || l.WeightNorm != m.Layers[i].WeightNorm {
				t.Fatalf("epoch %d layer %d: diagnostics %s |w| %v, metrics %s |w| %v",
					m.Epoch, i, l.Name, l.WeightNorm, m.Layers[i].Name, m.Layers[i].WeightNorm)
			}
			if !(l.StepAngle > 0 && l.StepAngle < 0.5) || !(l.InputNorm > 0) {
				t.Fatalf("epoch %d %s: step angle %v, input norm %v", m.Epoch, l.Name, l.StepAngle, l.InputNorm)
			}
			var sum float64
			for _, f := range l.CosHist {
				sum += f
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Fatalf("epoch %d %s: cos θ histogram sums to %v", m.Epoch, l.Name, sum)
			}
		}
		in, act := d.Layers[5].InputNorm, m.Layers[4].ActNorm
		if math.Abs(in-act) > 1e-5*act {
			t.Fatalf("epoch %d: dense2 input norm %v, dense1 output norm %v", m.Epoch, in, act)
		}
		if !(d.Entropy > 0 && d.Entropy <= math.Log(10)+1e-9) || d.LogitScale == 0 {
			t.Fatalf("epoch %d: entropy %v, logit scale %v", m.Epoch, d.Entropy, d.LogitScale)
		}
	}
	// Each epoch owns its slices.
	keep := ms[1].Diagnostics.Layers[0].CosHist[3]
	ms[0].Diagnostics.Layers[0].CosHist[3] = -1
	ms[0].Diagnostics.Layers[0].Name = "changed"
	if ms[1].Diagnostics.Layers[0].CosHist[3] != keep || ms[1].Diagnostics.Layers[0].Name != "conv1" {
		t.Fatal("two epochs share diagnostics storage")
	}
}

// TestProbingChangesNothing: the same run without the probe gives the same
// metrics, bit for bit, for an original and a new variant.
func TestProbingChangesNothing(t *testing.T) {
	tr, val := synthetic(40, 1), synthetic(12, 2)
	for _, v := range []string{"norm_conv_dense", "cosine_conv_dense_scaled"} {
		cfg := tinyConfig(v, 2, 8)
		probed, _ := runAll(t, cfg, tr, val)
		var bare []Event
		tn := record(t, cfg, tr, val, &bare)
		tn.probe = nil
		for !tn.Step() {
		}
		if fingerprint(probed) != fingerprint(bare) {
			t.Fatalf("%s: probing changed the metrics", v)
		}
		if epochs(bare)[0].Diagnostics.Layers != nil || epochs(probed)[0].Diagnostics.Layers == nil {
			t.Fatalf("%s: the runs with and without a probe are not what this test assumes", v)
		}
	}
}

func TestEventStream(t *testing.T) {
	tr, val := synthetic(40, 1), synthetic(15, 2)
	cfg := tinyConfig("baseline", 3, 16) // 3 training batches (16, 16, 8), 1 validation batch
	events, tn := runAll(t, cfg, tr, val)
	if tn.Err() != nil || tn.StopReason() != Finished {
		t.Fatalf("err %v, reason %q", tn.Err(), tn.StopReason())
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Kind))
		if e.Variant != "baseline" || e.Steps != 3 {
			t.Fatalf("event %+v: wrong variant or steps", e)
		}
	}
	want := "batch batch batch epoch batch batch batch epoch batch batch batch epoch finished"
	if got := strings.Join(kinds, " "); got != want {
		t.Fatalf("events:\n%s\nwant:\n%s", got, want)
	}
	for i, m := range epochs(events) {
		if m.Epoch != i+1 || len(m.Layers) != 6 || m.Layers[0].Name != "conv1" || m.Layers[5].Name != "dense2" {
			t.Fatalf("epoch %d metrics malformed: %+v", i+1, m)
		}
		// Training loss is the size-weighted mean of the epoch's batch losses.
		var sum float64
		for _, e := range events[i*4 : i*4+3] {
			n := 16.0
			if e.Step == 3 {
				n = 8
			}
			sum += e.Loss * n
		}
		if math.Abs(sum/40-m.TrainLoss) > 1e-12 {
			t.Fatalf("epoch %d train loss %v, batches give %v", i+1, m.TrainLoss, sum/40)
		}
		if m.ValAcc < 0 || m.ValAcc > 1 || m.ValAcc*15 != math.Round(m.ValAcc*15) {
			t.Fatalf("validation accuracy %v is not k/15", m.ValAcc)
		}
		for _, l := range m.Layers {
			if !(l.WeightNorm > 0) || !(l.ActNorm > 0) {
				t.Fatalf("layer %s norms %v %v", l.Name, l.WeightNorm, l.ActNorm)
			}
		}
		if m.ImagesPerSec <= 0 || m.Seconds <= 0 {
			t.Fatalf("timing not measured: %+v", m)
		}
	}
}

// TestSchedulesWiredAsKeras trains on labels the network cannot learn (the
// validation labels are unrelated to the images), so the validation loss
// stalls; the learning-rate drops and the stop must be exactly those a
// fresh Plateau and EarlyStop give for the emitted validation losses.
func TestSchedulesWiredAsKeras(t *testing.T) {
	tr, val := synthetic(32, 1), synthetic(20, 2)
	for i := range val.Labels {
		val.Labels[i] = byte((i * 7) % 3) // unrelated to the images
	}
	cfg := tinyConfig("baseline", 25, 8)
	cfg.LR = 3e-3
	cfg.PlateauPatience = 1
	cfg.EarlyStopPatience = 3
	events, tn := runAll(t, cfg, tr, val)
	if tn.Err() != nil {
		t.Fatal(tn.Err())
	}
	p, _ := schedule.NewPlateau(cfg.PlateauFactor, cfg.PlateauPatience, cfg.MinLR)
	e, _ := schedule.NewEarlyStop(cfg.EarlyStopPatience)
	lr := cfg.LR
	var wantKinds, gotKinds []Kind
	for _, ev := range events {
		if ev.Kind != BatchDone {
			gotKinds = append(gotKinds, ev.Kind)
		}
		if ev.Kind == BatchDone && ev.LR != lr {
			t.Fatalf("epoch %d batch %d used rate %g, want %g", ev.Epoch, ev.Step, ev.LR, lr)
		}
		if ev.Kind != EpochDone {
			continue
		}
		wantKinds = append(wantKinds, EpochDone)
		next, reduced := p.Observe(ev.Metrics.ValLoss, lr)
		stop := e.Observe(ev.Metrics.ValLoss)
		if reduced && !stop && ev.Epoch < cfg.Epochs {
			wantKinds = append(wantKinds, LRDrop)
			lr = next
		}
		if stop {
			wantKinds = append(wantKinds, EarlyStop)
		} else if ev.Epoch == cfg.Epochs {
			wantKinds = append(wantKinds, Finished)
		}
	}
	if len(gotKinds) != len(wantKinds) {
		t.Fatalf("events %v, want %v", gotKinds, wantKinds)
	}
	drops := 0
	for i := range gotKinds {
		if gotKinds[i] != wantKinds[i] {
			t.Fatalf("events %v, want %v", gotKinds, wantKinds)
		}
		if gotKinds[i] == LRDrop {
			drops++
		}
	}
	if drops == 0 || tn.StopReason() != EarlyStop {
		t.Fatalf("this run should drop the rate and stop early; got %d drops and stop %q (%v)", drops, tn.StopReason(), gotKinds)
	}
}

func TestDivergenceStopsOnlyThatRun(t *testing.T) {
	tr, val := synthetic(48, 1), synthetic(20, 2)
	good := tinyConfig("baseline", 2, 8)
	solo, _ := runAll(t, good, tr, val)

	bad := good
	bad.Variant = "norm_dense"
	bad.LR = 1e30
	var wg sync.WaitGroup
	var badEvents, goodEvents []Event
	var badT, goodT *Trainer
	wg.Add(2)
	go func() { defer wg.Done(); badEvents, badT = runAll(t, bad, tr, val) }()
	go func() { defer wg.Done(); goodEvents, goodT = runAll(t, good, tr, val) }()
	wg.Wait()

	if badT.Err() == nil || badT.StopReason() != Diverged {
		t.Fatalf("absurd learning rate: err %v, stop %q", badT.Err(), badT.StopReason())
	}
	last := badEvents[len(badEvents)-1]
	if last.Kind != Diverged || !strings.Contains(last.Err, "epoch") || !strings.Contains(last.Err, "norm_dense") {
		t.Fatalf("last event %+v, want a Diverged event saying where", last)
	}
	t.Log(last.Err)
	if goodT.Err() != nil || fingerprint(goodEvents) != fingerprint(solo) {
		t.Fatal("the healthy run beside the diverging one changed its results")
	}
}

func TestInjectedNaNReportsWhere(t *testing.T) {
	tr, val := synthetic(48, 1), synthetic(20, 2)
	var events []Event
	tn := record(t, tinyConfig("baseline", 3, 8), tr, val, &events)
	for i := 0; i < 2; i++ {
		tn.Step()
	}
	tn.Model().Params()[0].Data[3] = float32(math.NaN())
	if done := tn.Step(); !done {
		t.Fatal("a NaN weight did not end the run")
	}
	if !tn.Done() || tn.StopReason() != Diverged || tn.Err() == nil {
		t.Fatalf("done %v, stop %q, err %v", tn.Done(), tn.StopReason(), tn.Err())
	}
	msg := tn.Err().Error()
	if !strings.Contains(msg, "epoch 1, batch 3 of 6") || !strings.Contains(msg, "NaN") {
		t.Fatalf("error %q does not say where", msg)
	}
	if e := events[len(events)-1]; e.Kind != Diverged || e.Err != msg || e.Epoch != 1 || e.Step != 3 || e.Steps != 6 {
		t.Fatalf("last event %+v, want Diverged at epoch 1, batch 3 of 6", e)
	}
	n := len(events)
	if !tn.Step() || len(events) != n {
		t.Fatal("Step after the end did work or emitted events")
	}
	if err := tn.Run(context.Background()); err == nil || err.Error() != msg {
		t.Fatalf("Run after divergence returned %v", err)
	}
}

// TestNoAllocationPerTrainingStep: with the diagnostics probe measuring
// every step, a training Step allocates nothing, for an original variant and
// the new ones with extra Params and normalised inputs.
func TestNoAllocationPerTrainingStep(t *testing.T) {
	tr, val := synthetic(96, 1), synthetic(10, 2)
	for _, v := range []string{"norm_conv_dense", "gain_conv_dense", "cosine_conv_dense_scaled"} {
		count := 0
		tn, err := New(tinyConfig(v, 2, 4), tr, val, func(Event) { count++ })
		if err != nil {
			t.Fatal(err)
		}
		tn.Step() // warm-up: first batch of the epoch
		allocs := testing.AllocsPerRun(10, func() { tn.Step() })
		if _, done, _ := tn.Progress(); done != 12 {
			t.Fatalf("%s: expected to still be training in epoch 1, at batch %d", v, done)
		}
		if allocs != 0 {
			t.Fatalf("%s: a training Step allocated %.1f times, want 0", v, allocs)
		}
		if count != 12 {
			t.Fatalf("%s: %d events, want 12", v, count)
		}
	}
}

func TestPredictDoesNotDisturbTraining(t *testing.T) {
	tr, val := synthetic(40, 1), synthetic(12, 2)
	cfg := tinyConfig("norm_conv", 2, 8)
	ref, _ := runAll(t, cfg, tr, val)

	var events []Event
	tn := record(t, cfg, tr, val, &events)
	probs := make([]float32, 0, 13*10)
	for !tn.Done() {
		var err error
		probs, err = tn.Predict(val.Images, 13-1, probs) // 12 images: one and a half batches
		if err != nil {
			t.Fatal(err)
		}
		tn.Step()
	}
	if fingerprint(events) != fingerprint(ref) {
		t.Fatal("calling Predict between steps changed the run")
	}
	if len(probs) != 120 {
		t.Fatalf("got %d probabilities, want 120", len(probs))
	}
	for i := 0; i < 12; i++ {
		var s float64
		for _, p := range probs[i*10 : (i+1)*10] {
			if p < 0 || p > 1 {
				t.Fatalf("probability %v out of range", p)
			}
			s += float64(p)
		}
		if math.Abs(s-1) > 1e-5 {
			t.Fatalf("image %d probabilities sum to %v", i, s)
		}
	}
	// Predicting the validation set in one call agrees with the run's
	// final validation accuracy.
	correct := 0
	for i := 0; i < 12; i++ {
		best := 0
		for j := range 10 {
			if probs[i*10+j] > probs[i*10+best] {
				best = j
			}
		}
		if best == int(val.Labels[i]) {
			correct++
		}
	}
	last := epochs(events)[1]
	if got := float64(correct) / 12; got != last.ValAcc {
		t.Fatalf("Predict accuracy %v, final validation accuracy %v", got, last.ValAcc)
	}
	if _, err := tn.Predict(val.Images[:100], 1, nil); !errors.Is(err, ErrPredictInput) {
		t.Fatalf("short image data: err %v", err)
	}
	if _, err := tn.Predict(val.Images, 0, nil); !errors.Is(err, ErrPredictInput) {
		t.Fatalf("zero images: err %v", err)
	}
}

func TestRunCancelAndResume(t *testing.T) {
	tr, val := synthetic(40, 1), synthetic(12, 2)
	cfg := tinyConfig("norm_dense", 2, 8)
	ref, _ := runAll(t, cfg, tr, val)

	ctx, cancel := context.WithCancel(context.Background())
	var events []Event
	tn, err := New(cfg, tr, val, func(e Event) {
		events = append(events, e)
		if len(events) == 3 {
			cancel()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := tn.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	if tn.Done() || len(events) != 3 {
		t.Fatalf("cancelled run: done %v after %d events", tn.Done(), len(events))
	}
	if err := tn.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if fingerprint(events) != fingerprint(ref) {
		t.Fatal("a paused and resumed run differs from an uninterrupted one")
	}
}

func TestNewRejectsBadInput(t *testing.T) {
	tr, val := synthetic(8, 1), synthetic(4, 2)
	mod := func(f func(*Config)) Config { c := tinyConfig("baseline", 1, 4); f(&c); return c }
	cases := []struct {
		name string
		cfg  Config
		tr   Data
		val  Data
		want string
	}{
		{"variant", mod(func(c *Config) { c.Variant = "norm_all" }), tr, val, `unknown variant "norm_all" (want one of baseline, norm_conv, norm_dense, norm_conv_dense, gain_conv_dense`},
		{"width", mod(func(c *Config) { c.Widths.Conv2 = 0 }), tr, val, "Conv2"},
		{"activation", mod(func(c *Config) { c.Activation = "tanh" }), tr, val, "activation"},
		{"dropout", mod(func(c *Config) { c.DropoutDense = 1 }), tr, val, "DropoutDense"},
		{"epochs", mod(func(c *Config) { c.Epochs = 0 }), tr, val, "epochs"},
		{"batch", mod(func(c *Config) { c.Batch = 0 }), tr, val, "batch"},
		{"huge batch", mod(func(c *Config) { c.Batch = MaxBatch + 1 }), tr, val, "batch"},
		{"lr", mod(func(c *Config) { c.LR = math.NaN() }), tr, val, "learning rate"},
		{"lr inf", mod(func(c *Config) { c.LR = math.Inf(1) }), tr, val, "learning rate"},
		{"factor", mod(func(c *Config) { c.PlateauFactor = 1 }), tr, val, "plateau factor"},
		{"patience", mod(func(c *Config) { c.PlateauPatience = -1 }), tr, val, "plateau patience"},
		{"min lr", mod(func(c *Config) { c.MinLR = -1 }), tr, val, "minimum learning rate"},
		{"early", mod(func(c *Config) { c.EarlyStopPatience = -2 }), tr, val, "early-stopping"},
		{"empty train", tinyConfig("baseline", 1, 4), Data{}, val, "training set is empty"},
		{"truncated", tinyConfig("baseline", 1, 4), Data{Images: tr.Images[:len(tr.Images)-1], Labels: tr.Labels}, val, "image bytes"},
		{"label", tinyConfig("baseline", 1, 4), tr, Data{Images: val.Images, Labels: []byte{1, 2, 10, 3}}, "label 10"},
	}
	for _, c := range cases {
		_, err := New(c.cfg, c.tr, c.val, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want one mentioning %q", c.name, err, c.want)
		}
	}
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("DefaultConfig is invalid: %v", err)
	}
}

func TestPanicInsideStepEndsRunWithError(t *testing.T) {
	tr, val := synthetic(16, 1), synthetic(8, 2)
	var kinds []Kind
	tn, err := New(tinyConfig("baseline", 1, 8), tr, val, func(e Event) {
		kinds = append(kinds, e.Kind)
		if e.Kind == BatchDone {
			panic("callback bug")
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !tn.Step() || !tn.Done() || tn.StopReason() != Failed {
		t.Fatalf("done %v, stop %q", tn.Done(), tn.StopReason())
	}
	if tn.Err() == nil || !strings.Contains(tn.Err().Error(), "callback bug") || !strings.Contains(tn.Err().Error(), "epoch 1") {
		t.Fatalf("err %v", tn.Err())
	}
	if len(kinds) != 2 || kinds[1] != Failed {
		t.Fatalf("events %v, want batch then failed", kinds)
	}
}
