// Package enginecfg maps a worker's protocol.Config onto the engine's
// train.Config. The worker uses it to build its Trainer, and the browser
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
