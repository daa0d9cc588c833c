package enginecfg

import (
	"reflect"
	"strings"
	"testing"

	"hypersphere/engine/nn"
	"hypersphere/engine/train"
	"hypersphere/wasm/protocol"
)

func TestTrainConfig(t *testing.T) {
	c := protocol.Config{Variant: "norm_conv", Preset: "full", Activation: "elu", Epochs: 7, Batch: 64, LR: 3e-4, Seed: 42, Augment: false}
	tc, err := TrainConfig(c)
	if err != nil {
		t.Fatal(err)
	}
	def := train.DefaultConfig()
	if tc.Variant != "norm_conv" || tc.Widths.Conv1 != 32 || tc.Widths.Dense1 != 512 || tc.Activation != "elu" ||
		tc.Epochs != 7 || tc.Batch != 64 || tc.LR != 3e-4 || tc.Seed != 42 || tc.Augment {
		t.Fatalf("settings not carried over: %+v", tc)
	}
	if tc.DropoutConv != def.DropoutConv || tc.PlateauPatience != def.PlateauPatience || tc.EarlyStopPatience != def.EarlyStopPatience {
		t.Fatalf("experiment defaults not kept: %+v", tc)
	}
	c.Preset = "huge"
	if _, err := TrainConfig(c); err == nil || !strings.Contains(err.Error(), "huge") {
		t.Fatalf("bad preset: %v", err)
	}
	c.Preset, c.Variant = "reduced", "norm_everything"
	if _, err := TrainConfig(c); err == nil || !strings.Contains(err.Error(), "norm_everything") {
		t.Fatalf("bad variant: %v", err)
	}
}

// TestEveryVariant: every engine variant's name reaches the engine.
func TestEveryVariant(t *testing.T) {
	for _, v := range nn.AllVariantNames {
		c := protocol.Config{Variant: v, Preset: "reduced", Activation: "relu", Epochs: 1, Batch: 8, LR: 1e-3, Seed: 1}
		tc, err := TrainConfig(c)
		if err != nil || tc.Variant != v {
			t.Errorf("%s: %v (variant %q)", v, err, tc.Variant)
		}
	}
}

func TestDiagnostics(t *testing.T) {
	in := nn.Diagnostics{Images: 40, MaxLogit: 3.5, Entropy: 1.25, LogitScale: 10, Steps: 7, Layers: []nn.LayerDiagnostics{
		{Name: "conv1", InputNorm: 2, ZeroInputs: 0.1, CosHist: []float64{0.5, 0.5}, MeanAbsCos: 0.3,
			WeightNorm: 1.5, Gain: 1.2, StepSize: 0.01, StepAngle: 0.009},
	}}
	got := Diagnostics(in)
	want := protocol.Diagnostics{MaxLogit: 3.5, Entropy: 1.25, LogitScale: 10, Layers: []protocol.LayerDiagnostics{
		{Name: "conv1", InputNorm: 2, ZeroInputs: 0.1, MeanAbsCos: 0.3, WeightNorm: 1.5, Gain: 1.2,
			StepSize: 0.01, StepAngle: 0.009, CosHist: []float64{0.5, 0.5}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	in.Layers[0].CosHist[0] = 9
	if got.Layers[0].CosHist[0] != 0.5 {
		t.Error("the histogram was not copied")
	}
}
