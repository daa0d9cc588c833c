package explain

import "github.com/vugu/vugu"

// Variant describes one of the four networks the experiment compares.
type Variant struct {
	ID, Colour, What string
	FullAcc          float64 // final validation accuracy on full CIFAR-10 in the original experiment
}

// Variants are the experiment's four networks, in the order of the original
// results (best first).
var Variants = []Variant{
	{"norm_conv", "#0072B2", "convolution filters normalised, dense layers free", 0.8533},
	{"norm_dense", "#E69F00", "dense layers normalised, convolutions free", 0.8428},
	{"baseline", "#555555", "no normalisation", 0.8204},
	{"norm_conv_dense", "#009E73", "both normalised", 0.8082},
}

// StepExperiment is step 7: the experiment the lab reproduces and the
// button that starts it.
type StepExperiment struct {
	OnStartLab func()
	LabRunning bool
}

func (c *StepExperiment) start(vugu.DOMEvent) {
	if c.OnStartLab != nil && !c.LabRunning {
		c.OnStartLab()
	}
}

func (c *StepExperiment) pct(v Variant) string { return fixed(100*v.FullAcc, 2) + " %" }

func (c *StepExperiment) keyClass(v Variant) string { return "ex-swatch-key ex-var-" + v.ID }

func (c *StepExperiment) buttonLabel() string {
	if c.LabRunning {
		return "The lab is training — watch the curves"
	}
	return "Start the lab with these four variants"
}
