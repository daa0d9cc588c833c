package train

import (
	"fmt"
	"math"
	"strings"

	"hypersphere/engine/nn"
)

// Config describes one training run of one variant.
type Config struct {
	Variant    string    // one of nn.AllVariantNames: the experiment's four, then gain_conv_dense, …
	Widths     nn.Widths // channel counts, e.g. nn.Preset("reduced")
	Activation string    // relu | elu
	ConvBias   bool      // give the convolutions a bias

	DropoutConv  float64 // drop probability after each conv block (experiment: 0.25)
	DropoutDense float64 // drop probability after dense1 (experiment: 0.5)

	Epochs int     // epoch cap, >= 1
	Batch  int     // images per training (and validation) batch, 1..MaxBatch
	LR     float64 // initial Adam learning rate, > 0
	Seed   uint64  // fixes initialisation, dropout, data order and augmentation

	Augment bool // shifts of up to ±3 px and horizontal flips on training images

	PlateauFactor     float64 // learning-rate multiplier on a plateau, in (0, 1)
	PlateauPatience   int     // epochs without val-loss improvement before a drop, >= 0
	MinLR             float64 // learning-rate floor, >= 0
	EarlyStopPatience int     // epochs without val-loss improvement before stopping, >= 0
}

// MaxBatch bounds Config.Batch so that a bad setting gets an error rather
// than an enormous allocation.
const MaxBatch = 1024

// DefaultSeed is the seed of the experiment's runs.
const DefaultSeed = 1337

// DefaultConfig returns the experiment's settings on the reduced network:
// baseline variant, relu, no conv bias, dropout 0.25/0.5, 30 epochs, batch 32,
// Adam at 1e-3, seed 1337, augmentation on, plateau ×0.1 after 5 epochs down
// to 1e-6, early stopping after 10.
func DefaultConfig() Config {
	w, _ := nn.Preset("reduced") // a known preset: cannot fail
	return Config{
		Variant:           "baseline",
		Widths:            w,
		Activation:        "relu",
		DropoutConv:       0.25,
		DropoutDense:      0.5,
		Epochs:            30,
		Batch:             32,
		LR:                1e-3,
		Seed:              DefaultSeed,
		Augment:           true,
		PlateauFactor:     0.1,
		PlateauPatience:   5,
		MinLR:             1e-6,
		EarlyStopPatience: 10,
	}
}

// modelConfig returns the nn configuration of c, or an error naming the
// first bad setting. The variant's switches come from nn.VariantConfig, so
// every name in nn.AllVariantNames works and the experiment's four build
// exactly the network they always did.
func (c Config) modelConfig() (nn.Config, error) {
	base := nn.Config{
		Widths:       c.Widths,
		Activation:   c.Activation,
		ConvBias:     c.ConvBias,
		DropoutConv:  c.DropoutConv,
		DropoutDense: c.DropoutDense,
	}
	mc, err := nn.VariantConfig(c.Variant, base)
	if err != nil {
		return nn.Config{}, fmt.Errorf("train: unknown variant %q (want one of %s)", c.Variant, strings.Join(nn.AllVariantNames, ", "))
	}
	if err := mc.Validate(); err != nil {
		return nn.Config{}, fmt.Errorf("train: %w", err)
	}
	return mc, nil
}

// Validate reports the first problem with c, or nil.
func (c Config) Validate() error {
	if _, err := c.modelConfig(); err != nil {
		return err
	}
	switch {
	case c.Epochs < 1:
		return fmt.Errorf("train: epochs must be at least 1, got %d", c.Epochs)
	case c.Batch < 1 || c.Batch > MaxBatch:
		return fmt.Errorf("train: batch size must be 1..%d, got %d", MaxBatch, c.Batch)
	case !(c.LR > 0) || math.IsInf(c.LR, 0):
		return fmt.Errorf("train: learning rate must be a finite number > 0, got %v", c.LR)
	case !(c.PlateauFactor > 0 && c.PlateauFactor < 1):
		return fmt.Errorf("train: plateau factor must be in (0, 1), got %v", c.PlateauFactor)
	case c.PlateauPatience < 0:
		return fmt.Errorf("train: plateau patience must be >= 0, got %d", c.PlateauPatience)
	case !(c.MinLR >= 0) || math.IsInf(c.MinLR, 0):
		return fmt.Errorf("train: minimum learning rate must be a finite number >= 0, got %v", c.MinLR)
	case c.EarlyStopPatience < 0:
		return fmt.Errorf("train: early-stopping patience must be >= 0, got %d", c.EarlyStopPatience)
	}
	return nil
}

// Data is a labelled image set: N images of 3072 bytes each in CIFAR plane
// order (1024 red, 1024 green, 1024 blue, each 32×32 row-major) and N labels
// 0..9.
type Data struct {
	Images []byte
	Labels []byte
}

// Len returns the number of images.
func (d Data) Len() int { return len(d.Labels) }

// check reports the first inconsistency of d; what names the set in errors.
func (d Data) check(what string) error {
	if len(d.Labels) == 0 {
		return fmt.Errorf("train: the %s set is empty", what)
	}
	if len(d.Images) != len(d.Labels)*nn.ImageSize {
		return fmt.Errorf("train: the %s set has %d labels but %d image bytes (want %d)",
			what, len(d.Labels), len(d.Images), len(d.Labels)*nn.ImageSize)
	}
	for i, l := range d.Labels {
		if int(l) >= nn.Classes {
			return fmt.Errorf("train: the %s set's image %d has label %d, want 0..%d", what, i, l, nn.Classes-1)
		}
	}
	return nil
}
