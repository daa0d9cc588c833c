package protocol

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// jsLike mimics what a message looks like after a trip through JavaScript:
// arrays of records and numbers arrive as []any, typed arrays as fresh
// slices (they were transferred, then copied into Go).
func jsLike(v any) any {
	switch x := v.(type) {
	case Record:
		out := Record{}
		for k, e := range x {
			out[k] = jsLike(e)
		}
		return out
	case []Record:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsLike(e)
		}
		return out
	case []float64:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case []byte:
		return append([]byte(nil), x...)
	case []float32:
		return append([]float32(nil), x...)
	case int:
		panic("Encode left an int; JavaScript has only float64")
	}
	return v
}

func goodConfig() Config {
	return Config{Variant: "norm_conv", Preset: "reduced", Activation: "relu", Epochs: 10, Batch: 32,
		LR: 1e-3, Seed: 1337, Augment: true, PreviewN: 8}
}

func TestRoundTrip(t *testing.T) {
	msgs := []Message{
		Start{Config: goodConfig(), Train: Data{Images: make([]byte, 2*ImageBytes), Labels: []byte{3, 9}},
			Val: Data{Images: make([]byte, ImageBytes), Labels: []byte{1}}},
		Pause{}, Resume{}, Stop{}, Ready{},
		Status{State: "paused"},
		Progress{Epoch: 2, Step: 7, Steps: 16, FirstStep: 21, Losses: []float32{2.3, 2.2, float32(math.NaN())}, LR: 1e-3, ImagesPerSec: 97.5},
		Epoch{Epoch: 3, TrainLoss: 1.9, TrainAcc: 0.31, ValLoss: 1.8, ValAcc: 0.35, LR: 5e-4, Seconds: 12.5, ImagesPerSec: 80,
			Layers:  []LayerMetrics{{"conv1", 1.2, 30}, {"dense2", 0.4, 3}},
			Filters: make([]float32, 2*3*3*3), FilterShape: [4]int{2, 3, 3, 3}, Probs: make([]float32, 20),
			Diag: Diagnostics{MaxLogit: 4.5, Entropy: 1.2, LogitScale: 10, Layers: []LayerDiagnostics{
				{Name: "conv1", InputNorm: 3.5, ZeroInputs: 0.01, MeanAbsCos: 0.2, WeightNorm: 1.1, Gain: 1, StepSize: 1e-3, StepAngle: 9e-4, CosHist: []float64{0.25, 0.5, 0.25}},
				{Name: "dense2", InputNorm: 7, CosHist: []float64{}},
			}}},
		Notice{Kind: NoticeDiverged, Epoch: 4, Step: 3, Steps: 32, LR: 1e-3, Err: "NaN in conv2"},
		Failed{Err: "boom"},
		BenchResult{Variant: "baseline", Preset: "full", Steps: 20, WarmupSteps: 2, Images: 640, Seconds: 8},
	}
	for _, m := range msgs {
		r := jsLike(Encode(m)).(Record)
		got, err := Decode(r)
		if err != nil {
			t.Fatalf("%T: %v", m, err)
		}
		// NaN != NaN: compare the progress losses by bits.
		if p, ok := m.(Progress); ok {
			g := got.(Progress)
			for i := range p.Losses {
				if math.Float32bits(p.Losses[i]) != math.Float32bits(g.Losses[i]) {
					t.Fatalf("loss %d: %v != %v", i, g.Losses[i], p.Losses[i])
				}
			}
			p.Losses, g.Losses = nil, nil
			m, got = p, g
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("%T round trip:\n got %+v\nwant %+v", m, got, m)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	ep := Encode(Epoch{Epoch: 1, Filters: make([]float32, 4), FilterShape: [4]int{1, 1, 2, 2}, Probs: []float32{}})
	cases := []struct {
		name string
		r    Record
		want string
	}{
		{"nil", nil, "empty"},
		{"no type", Record{}, "field type is missing"},
		{"type not string", Record{"type": 3.0}, "field type is float64"},
		{"unknown", Record{"type": "dance"}, "unknown message type"},
		{"missing field", Record{"type": TypeStatus}, "field state is missing"},
		{"fractional int", Record{"type": TypeProgress, "epoch": 1.5}, "not a whole number"},
		{"wrong slice", Record{"type": TypeProgress, "epoch": 1.0, "step": 1.0, "steps": 1.0, "firstStep": 1.0, "losses": []any{1.0}}, "want Float32Array"},
		{"bad config", Record{"type": TypeStart, "config": Record{"variant": "x"}}, "config.preset is missing"},
		{"bad diag", func() Record {
			r := copyRec(ep)
			r["diag"] = Record{"maxLogit": 1.0, "entropy": 2.0, "logitScale": 1.0, "layers": []any{Record{"name": "conv1"}}}
			return r
		}(), "diag.layers[0].inputNorm is missing"},
		{"shape mismatch", func() Record { r := copyRec(ep); r["filters"] = make([]float32, 5); return r }(), "shape [1 1 2 2] needs 4"},
		{"shape length", func() Record { r := copyRec(ep); r["filterShape"] = []any{1.0, 2.0}; return r }(), "want 4"},
		{"layer type", func() Record { r := copyRec(ep); r["layers"] = []any{"conv1"}; return r }(), "layers[0] is string"},
		{"layer field", func() Record { r := copyRec(ep); r["layers"] = []any{Record{"name": "c"}}; return r }(), "layers[0].weightNorm is missing"},
	}
	for _, c := range cases {
		_, err := Decode(c.r)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want error containing %q", c.name, err, c.want)
		}
	}
}

func copyRec(r Record) Record {
	out := Record{}
	for k, v := range r {
		out[k] = v
	}
	return out
}

func TestConfigValidate(t *testing.T) {
	if err := goodConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := map[string]func(*Config){
		"preset":     func(c *Config) { c.Preset = "huge" },
		"activation": func(c *Config) { c.Activation = "tanh" },
		"epochs":     func(c *Config) { c.Epochs = 0 },
		"batch":      func(c *Config) { c.Batch = MaxBatch + 1 },
		"learning":   func(c *Config) { c.LR = math.NaN() },
		"seed":       func(c *Config) { c.Seed = 1 << 60 },
		"preview":    func(c *Config) { c.PreviewN = -1 },
		"step limit": func(c *Config) { c.StepLimit = -2 },
		"variant":    func(c *Config) { c.Variant = "" },
	}
	for want, mut := range bad {
		c := goodConfig()
		mut(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v", want, err)
		}
	}
}

func TestDataCheck(t *testing.T) {
	if err := (Data{Images: make([]byte, 2*ImageBytes), Labels: []byte{0, 9}}).Check("train"); err != nil {
		t.Fatal(err)
	}
	if err := (Data{Images: make([]byte, ImageBytes), Labels: []byte{0, 9}}).Check("train"); err == nil || !strings.Contains(err.Error(), "train data: 2 labels") {
		t.Errorf("length mismatch: %v", err)
	}
	if err := (Data{Images: make([]byte, ImageBytes), Labels: []byte{10}}).Check("val"); err == nil || !strings.Contains(err.Error(), "label 10") {
		t.Errorf("bad label: %v", err)
	}
	if got := (BenchResult{Images: 100, Seconds: 4}).ImagesPerSec(); got != 25 {
		t.Errorf("ImagesPerSec = %v", got)
	}
}
