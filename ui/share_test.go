package ui

import (
	"encoding/csv"
	"math"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"hypersphere/wasm/protocol"
)

func TestDefaultSettingsTickTheOriginals(t *testing.T) {
	s := DefaultSettings()
	if got := s.Selected(); !reflect.DeepEqual(got, OriginalVariants) {
		t.Errorf("selected %v, want the four originals", got)
	}
	if len(Variants) != 8 || !reflect.DeepEqual(Variants[:4], OriginalVariants) {
		t.Errorf("variants %v", Variants)
	}
	for _, v := range Variants {
		if len(VariantInfo[v]) < 40 || !strings.HasSuffix(VariantInfo[v], ".") {
			t.Errorf("%s: no one-sentence explanation: %q", v, VariantInfo[v])
		}
	}
	if s.Seeds != 1 || !reflect.DeepEqual(s.SeedList(), []uint64{1337}) {
		t.Errorf("seeds %d %v", s.Seeds, s.SeedList())
	}
	s.Seeds = 3
	if !reflect.DeepEqual(s.SeedList(), []uint64{1337, 1338, 1339}) {
		t.Errorf("seeds %v", s.SeedList())
	}
}

func TestSettingsInTheURL(t *testing.T) {
	s := DefaultSettings()
	s.Enabled = map[string]bool{"norm_conv": true, "cosine_conv_dense_scaled": true}
	s.Preset, s.TrainSize, s.Epochs, s.Batch, s.LR = "full", 5000, 7, 64, 3e-4
	s.Seed, s.Seeds, s.Augment, s.Activation, s.ValLimit = 42, 2, false, "elu", 200
	q := SettingsQuery(s)
	want := "variants=norm_conv,cosine_conv_dense_scaled&preset=full&train=5000&epochs=7&batch=64&lr=0.0003&seed=42&seeds=2&aug=0&act=elu&val=200"
	if q != want {
		t.Errorf("query\n got %s\nwant %s", q, want)
	}
	v, err := url.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	if got := ParseSettings(v); !reflect.DeepEqual(got, s) {
		t.Errorf("round trip\n got %+v\nwant %+v", got, s)
	}
	// The defaults survive an empty or hostile query.
	bad, _ := url.ParseQuery("variants=nope,,&preset=huge&train=5&epochs=0&batch=9999&lr=NaN&seed=-1&seeds=9&aug=maybe&act=tanh&val=1")
	if got := ParseSettings(bad); !reflect.DeepEqual(got, DefaultSettings()) {
		t.Errorf("bad values changed the settings: %+v", got)
	}
	if got := ParseSettings(url.Values{}); !reflect.DeepEqual(got, DefaultSettings()) {
		t.Errorf("empty query: %+v", got)
	}
}

func TestStartLabTicksTheFour(t *testing.T) {
	s := DefaultSettings()
	s.Enabled = map[string]bool{"cosine_conv": true, "norm_conv": true}
	s.Epochs = 3
	b := &fakeBackend{}
	root := &Root{Lab: NewLab(s), Backend: b}
	root.StartLab()
	if len(b.calls) != 1 || !reflect.DeepEqual(b.started.Selected(), OriginalVariants) || b.started.Epochs != 3 {
		t.Errorf("started %v with %v (epochs %d)", b.calls, b.started.Selected(), b.started.Epochs)
	}
	if !reflect.DeepEqual(root.Lab.Settings.Selected(), OriginalVariants) {
		t.Errorf("the controls show %v", root.Lab.Settings.Selected())
	}
}

// seededRuns makes two variants × two seeds with two epochs of metrics.
func seededRuns() []*Run {
	s := DefaultSettings()
	var runs []*Run
	for k, seed := range []uint64{7, 8} {
		for i, v := range []string{"baseline", "norm_conv"} {
			r := NewRun(v, s)
			r.Seed, r.SeedIndex = seed, k
			for e := 1; e <= 2; e++ {
				acc := 0.1*float64(e) + 0.01*float64(k) + 0.1*float64(i)
				hist := make([]float64, 20)
				hist[9+k] = 1
				r.Apply(protocol.Epoch{Epoch: e, TrainLoss: 2 - acc, ValLoss: 2.1 - acc, ValAcc: acc, TrainAcc: acc, LR: 1e-3,
					Seconds: 3, ImagesPerSec: 100, FilterShape: [4]int{0, 0, 0, 0},
					Layers: []protocol.LayerMetrics{{Name: "conv1", WeightNorm: 1 + acc, ActNorm: 5}},
					Diag: protocol.Diagnostics{MaxLogit: 3 * acc, Entropy: 2.3 - acc, LogitScale: 1, Layers: []protocol.LayerDiagnostics{
						{Name: "conv1", InputNorm: 4 + acc, StepAngle: acc / 100, StepSize: acc / 90, Gain: 1, CosHist: hist}}}})
			}
			runs = append(runs, r)
		}
	}
	return runs
}

func TestSeriesMeanAndBand(t *testing.T) {
	runs := seededRuns()
	acc := AccSeries(runs)
	if len(acc) != 2 || acc[0].Name != "baseline" || acc[1].Name != "norm_conv" {
		t.Fatalf("series %+v", acc)
	}
	b := acc[0]
	if len(b.Points) != 2 || math.Abs(b.Points[1].Y-0.205) > 1e-12 || b.Points[1].X != 2 {
		t.Errorf("baseline mean %+v", b.Points)
	}
	if len(b.Band) != 2 || math.Abs(b.Band[1].Lo-0.2) > 1e-12 || math.Abs(b.Band[1].Hi-0.21) > 1e-12 {
		t.Errorf("baseline band %+v", b.Band)
	}
	// One seed: the run's own curve, no band.
	one := AccSeries(runs[:2])
	if one[0].Band != nil || one[0].Points[1].Y != 0.2 {
		t.Errorf("single seed %+v", one[0])
	}
	// Diagnostics: per layer, with the histogram over bin centres.
	in := InputNormSeries(runs, "conv1")
	if math.Abs(in[1].Points[0].Y-(4+0.205)) > 1e-12 {
		t.Errorf("input norm %+v", in[1].Points)
	}
	if ang := StepAngleSeries(runs, "conv1"); math.Abs(ang[0].Points[1].Y-0.205/100*180/math.Pi) > 1e-12 {
		t.Errorf("step angle %+v", ang[0].Points)
	}
	h := CosHistSeries(runs, "conv1")
	if len(h[0].Points) != 20 || math.Abs(h[0].Points[9].X-(-0.05)) > 1e-12 || h[0].Points[9].Y != 0.5 || h[0].Band[9].Hi != 1 || h[0].Band[9].Lo != 0 {
		t.Errorf("cos histogram %+v", h[0].Points[9:11])
	}
	if s := InputNormSeries(runs, "dense9"); !math.IsNaN(s[0].Points[0].Y) {
		t.Error("a missing layer is not a gap")
	}
	// A run that diverged leaves a NaN: the mean uses the seeds that have a value.
	runs[2].History[1].ValAcc = math.NaN()
	if m := AccSeries(runs)[0].Points[1].Y; m != 0.2 {
		t.Errorf("mean with a NaN seed %v, want 0.2", m)
	}
}

func TestCSVExport(t *testing.T) {
	runs := seededRuns()
	recs, err := csv.NewReader(strings.NewReader(CSV(runs, DefaultSettings()))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := CSVHeader()
	if !reflect.DeepEqual(recs[0], head) || len(recs) != 1+4*2 {
		t.Fatalf("%d records, header %v", len(recs), recs[0])
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	row := recs[1+2*2+1] // second seed, baseline, epoch 2
	if row[col["variant"]] != "baseline" || row[col["seed"]] != "8" || row[col["epoch"]] != "2" {
		t.Fatalf("row %v", row[:3])
	}
	e, k, i := 2.0, 1.0, 0.0
	acc := 0.1*e + 0.01*k + 0.1*i // as seededRuns computes it (in float64 steps)
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, c := range []struct{ name, want string }{
		{"val_acc", g(acc)}, {"max_logit", g(3 * acc)}, {"conv1_weight_norm", g(1 + acc)}, {"conv1_input_norm", g(4 + acc)},
		{"conv1_cos_hist_10", "1"}, {"conv1_cos_hist_9", "0"}, {"dense1_input_norm", ""},
	} {
		if row[col[c.name]] != c.want {
			t.Errorf("%s = %q, want %q", c.name, row[col[c.name]], c.want)
		}
	}
}

func TestPanelDataIsCached(t *testing.T) {
	lab := NewLab(DefaultSettings())
	lab.Runs = seededRuns()
	p := &LabPanel{Lab: lab}
	d := p.data()
	acc := d.acc
	if p.data(); &p.data().acc[0] != &acc[0] {
		t.Error("the series were rebuilt without a change")
	}
	lab.Touch()
	if &p.data().acc[0] == &acc[0] {
		t.Error("the series were not rebuilt after a change")
	}
	if len(p.data().diag) != 6 {
		t.Errorf("%d diagnostics charts", len(p.data().diag))
	}
	for _, c := range p.data().diag {
		if len(c.Series) != 2 || len(c.Note) < 60 {
			t.Errorf("%s: %d series, note %q", c.ID, len(c.Series), c.Note)
		}
	}
}

func TestCSVDivergedRunAndSettings(t *testing.T) {
	u := DefaultSettings()
	u.Batch, u.Preset, u.Activation, u.Augment, u.TrainSize = 64, "full", "elu", false, 5000
	runs := seededRuns()[:1]
	runs[0].State = StateFinished
	d := NewRun("norm_conv", u)
	d.Apply(protocol.Progress{Epoch: 1, Step: 2, Steps: 32})
	d.Apply(protocol.Notice{Kind: protocol.NoticeDiverged, Epoch: 1, Err: "loss NaN at batch 2, epoch 1"})
	runs = append(runs, d)
	recs, err := csv.NewReader(strings.NewReader(CSV(runs, u))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := CSVHeader()
	if len(recs) != 1+2+1 {
		t.Fatalf("%d records, want a header, 2 epochs and 1 diverged row", len(recs))
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, r := range recs {
		if len(r) != len(head) {
			t.Fatalf("row of %d fields, header %d", len(r), len(head))
		}
	}
	row := recs[3]
	for name, want := range map[string]string{"variant": "norm_conv", "epoch": "0", "state": "diverged", "val_acc": "",
		"preset": "full", "train_size": "5000", "batch": "64", "activation": "elu", "augmentation": "off"} {
		if row[col[name]] != want {
			t.Errorf("diverged row %s = %q, want %q", name, row[col[name]], want)
		}
	}
	if !strings.Contains(row[col["message"]], "loss NaN at batch 2, epoch 1") {
		t.Errorf("message %q", row[col["message"]])
	}
	if recs[1][col["state"]] != "finished" || recs[2][col["epoch"]] != "2" {
		t.Errorf("finished rows %v / %v", recs[1][:4], recs[2][:4])
	}
}

func TestParseSettingsReport(t *testing.T) {
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"variants=baseline,norm_conv&epochs=3&lr=0.01", nil},
		{"epochs=-5&batch=999999&lr=-1&seed=-3", []string{"epochs=-5 (1 to 100)", "batch=999999 (8 to 256)",
			"lr=-1 (0.00001 to " + plainNumber(maxLR) + ")", "seed=-3 (0 to 2147483647)"}},
		{"lr=abc&preset=huge&act=tanh", []string{"preset=huge (reduced or full)", "lr=abc (0.00001 to " + plainNumber(maxLR) + ")", "act=tanh (relu or elu)"}},
		{"variants=foo,norm_conv", []string{"variants: foo (unknown)"}},
		{"variants=foo", []string{"variants: foo (unknown)", "no known variant, so the default four"}},
		{"variants=BASELINE", []string{"variants: BASELINE (unknown)", "no known variant, so the default four"}},
		{"aug=yes&seeds=9&train=5&val=3", []string{"train=5 (64 to 10000)", "seeds=9 (1 to 3)", "val=3 (16 to 100000)", "aug=yes (0 or 1)"}},
	} {
		q, _ := url.ParseQuery(c.q)
		s, bad := ParseSettingsReport(q)
		if !reflect.DeepEqual(bad, c.want) {
			t.Errorf("%s: report %q, want %q", c.q, bad, c.want)
		}
		if !reflect.DeepEqual(s, ParseSettings(q)) {
			t.Errorf("%s: settings differ from ParseSettings", c.q)
		}
	}
	q, _ := url.ParseQuery("variants=foo,norm_conv&epochs=-5")
	s, bad := ParseSettingsReport(q)
	if got := s.Selected(); len(got) != 1 || got[0] != "norm_conv" || s.Epochs != DefaultSettings().Epochs {
		t.Errorf("settings %v epochs %d", got, s.Epochs)
	}
	if n := URLNotice(bad); n != "This link had settings the page cannot use, so defaults were used instead: variants: foo (unknown), epochs=-5 (1 to 100)." {
		t.Errorf("notice %q", n)
	}
	if URLNotice(nil) != "" {
		t.Error("a notice without problems")
	}
}

func TestCSVExportableAfterEarlyDivergence(t *testing.T) {
	lab := NewLab(DefaultSettings())
	p := &LabPanel{Lab: lab}
	r := NewRun("baseline", lab.Settings)
	lab.Runs = []*Run{r}
	if p.canExportCSV() {
		t.Error("CSV offered before anything ended")
	}
	r.Apply(protocol.Notice{Kind: protocol.NoticeDiverged, Epoch: 1, Err: "NaN"})
	if !p.canExportCSV() {
		t.Error("no CSV for a run that diverged in epoch 1")
	}
}
