package enginecfg

import (
	"strings"
	"testing"

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
