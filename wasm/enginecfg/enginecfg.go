// Package enginecfg maps a worker's protocol.Config onto the engine's
// train.Config, and the engine's diagnostics onto the protocol's. The worker uses it to build its Trainer, and the browser
// tests use it to train the same run natively and compare the metrics, so
// the mapping lives in exactly one place. It is pure Go.
package enginecfg

import (
	"hypersphere/engine/nn"
	"hypersphere/engine/train"
	"hypersphere/wasm/protocol"
)

// TrainConfig returns the engine configuration of c: the page's settings,
// and the experiment's defaults (train.DefaultConfig) for everything the
// page does not expose (dropout, plateau and early-stopping schedules).
func TrainConfig(c protocol.Config) (train.Config, error) {
	widths, err := nn.Preset(c.Preset)
	if err != nil {
		return train.Config{}, err
	}
	tc := train.DefaultConfig()
	tc.Variant, tc.Widths, tc.Activation = c.Variant, widths, c.Activation
	tc.Epochs, tc.Batch, tc.LR, tc.Seed, tc.Augment = c.Epochs, c.Batch, c.LR, c.Seed, c.Augment
	return tc, tc.Validate()
}

// Diagnostics copies the engine's per-epoch diagnostics into the protocol's
// form (the histograms are copied, so the message owns them).
func Diagnostics(d nn.Diagnostics) protocol.Diagnostics {
	out := protocol.Diagnostics{MaxLogit: d.MaxLogit, Entropy: d.Entropy, LogitScale: d.LogitScale}
	for _, l := range d.Layers {
		out.Layers = append(out.Layers, protocol.LayerDiagnostics{
			Name: l.Name, InputNorm: l.InputNorm, ZeroInputs: l.ZeroInputs, MeanAbsCos: l.MeanAbsCos,
			WeightNorm: l.WeightNorm, Gain: l.Gain, StepSize: l.StepSize, StepAngle: l.StepAngle,
			CosHist: append([]float64{}, l.CosHist...),
		})
	}
	return out
}
