package ui

import (
	"math"
	"strconv"
	"strings"

	"github.com/vugu/vugu"

	"hypersphere/ui/charts"
)

// Ranges of the numeric controls.
const (
	minEpochs, maxEpochs = 1, 100
	minBatch, maxBatch   = 8, 256
	minLR, maxLR         = 1e-5, 1e-1
	maxSeed              = 1<<31 - 1
)

// LabPanel is the live lab: controls, per-variant status, charts and the
// "looking inside" views.
type LabPanel struct {
	Lab     *Lab
	Backend Backend

	// NormLayer is the layer whose weight norm the norm chart shows.
	NormLayer string
}

func (c *LabPanel) s() *Settings { return &c.Lab.Settings }

// locked reports whether the settings are frozen (a run is under way).
func (c *LabPanel) locked() bool { return c.Lab.Running() }

func (c *LabPanel) toggleVariant(name string, e vugu.DOMEvent) {
	if c.locked() {
		return
	}
	c.s().Enabled[name] = e.PropBool("target", "checked")
}

func (c *LabPanel) setPreset(e vugu.DOMEvent) {
	if v := e.PropString("target", "value"); v == "reduced" || v == "full" {
		c.s().Preset = v
	}
}

func (c *LabPanel) setSize(e vugu.DOMEvent) {
	if n, err := strconv.Atoi(e.PropString("target", "value")); err == nil && n > 0 {
		c.s().TrainSize = n
	}
}

// intInput parses a number input, clamping it to lo..hi; it keeps old for
// anything that is not a number.
func intInput(e vugu.DOMEvent, old, lo, hi int) int {
	f, err := strconv.ParseFloat(e.PropString("target", "value"), 64)
	if err != nil || math.IsNaN(f) {
		return old
	}
	return int(math.Min(math.Max(math.Round(f), float64(lo)), float64(hi)))
}

func (c *LabPanel) setEpochs(e vugu.DOMEvent) {
	c.s().Epochs = intInput(e, c.s().Epochs, minEpochs, maxEpochs)
}

func (c *LabPanel) setBatch(e vugu.DOMEvent) {
	c.s().Batch = intInput(e, c.s().Batch, minBatch, maxBatch)
}

func (c *LabPanel) setSeed(e vugu.DOMEvent) {
	c.s().Seed = uint64(intInput(e, int(c.s().Seed), 0, maxSeed))
}

func (c *LabPanel) setLR(e vugu.DOMEvent) {
	f, err := strconv.ParseFloat(e.PropString("target", "value"), 64)
	if err != nil || !(f > 0) {
		return
	}
	c.s().LR = math.Min(math.Max(f, minLR), maxLR)
}

func (c *LabPanel) setAugment(e vugu.DOMEvent) { c.s().Augment = e.PropBool("target", "checked") }

func (c *LabPanel) setActivation(e vugu.DOMEvent) {
	if v := e.PropString("target", "value"); v == "relu" || v == "elu" {
		c.s().Activation = v
	}
}

func (c *LabPanel) setNormLayer(e vugu.DOMEvent) { c.NormLayer = e.PropString("target", "value") }

func (c *LabPanel) normLayer() string {
	if c.NormLayer == "" {
		return "conv1"
	}
	return c.NormLayer
}

// canStart reports whether Start is enabled.
func (c *LabPanel) canStart() bool {
	return !c.locked() && len(c.s().Selected()) > 0 && c.Backend != nil
}

func (c *LabPanel) start(vugu.DOMEvent) {
	if c.canStart() {
		c.Backend.Start(*c.s())
	}
}

func (c *LabPanel) pauseResume(vugu.DOMEvent) {
	switch c.Lab.Phase {
	case PhaseTraining:
		c.Backend.Pause()
	case PhasePaused:
		c.Backend.Resume()
	}
}

func (c *LabPanel) reset(vugu.DOMEvent) { c.Backend.Reset() }

func (c *LabPanel) pauseLabel() string {
	if c.Lab.Phase == PhasePaused {
		return "Resume"
	}
	return "Pause"
}

func (c *LabPanel) canPause() bool {
	return c.Lab.Phase == PhaseTraining || c.Lab.Phase == PhasePaused
}

// sizeOptions lists the training sizes, including a size set through the
// URL (tests use ?train=512).
func (c *LabPanel) sizeOptions() []int {
	out := append([]int(nil), TrainSizes...)
	for _, n := range out {
		if n == c.s().TrainSize {
			return out
		}
	}
	return append([]int{c.s().TrainSize}, out...)
}

func (c *LabPanel) sizeLabel(n int) string {
	s := Thousands(n) + " images"
	for _, t := range TrainSizes {
		if t == n {
			return s
		}
	}
	return s + " (test size)"
}

func (c *LabPanel) lrText() string { return strconv.FormatFloat(c.s().LR, 'g', -1, 64) }

func (c *LabPanel) color(i int, name string) string {
	col, _ := charts.VariantColor(name, i)
	return col
}

// swatchClass gives the colour swatch of a variant (colours live in CSS,
// since the page's CSP forbids inline styles).
func swatchClass(name string) string { return "swatch sw-" + name }

func (c *LabPanel) stateClass(r *Run) string { return "state st-" + string(r.State) }

// statusLine is the per-variant one-line summary.
func (c *LabPanel) statusLine(r *Run) string {
	s := "epoch " + itoa(r.Epoch) + "/" + itoa(r.Epochs)
	if r.Steps > 0 {
		s += " · batch " + itoa(r.Step) + "/" + itoa(r.Steps)
	}
	s += " · " + Rate(r.ImagesPerSec)
	if !r.State.Terminal() {
		s += " · ETA " + Duration(r.ETA())
	}
	if p, ok := r.Last(); ok {
		s += " · val acc " + Percent(p.ValAcc) + " · val loss " + Sig3(p.ValLoss)
	}
	return s
}

func (c *LabPanel) epochDomain() charts.Domain {
	return charts.Domain{Min: 0, Max: float64(max(c.s().Epochs, 1))}
}

func (c *LabPanel) loadText() string {
	l := c.Lab
	if l.LoadTotal <= 0 {
		return "Loading " + l.LoadWhat + "…"
	}
	return "Loading " + l.LoadWhat + ": " + Bytes(l.LoadDone) + " of " + Bytes(l.LoadTotal)
}

// epochValues lists one per-epoch metric of a run, space-separated, for the
// page's data attributes (tests and the curious read them).
func epochValues(r *Run, metric string) string {
	out := make([]string, 0, len(r.History))
	for _, p := range r.History {
		v := p.TrainLoss
		if metric == "val_acc" {
			v = p.ValAcc
		}
		out = append(out, strconv.FormatFloat(v, 'g', 6, 64))
	}
	return strings.Join(out, " ")
}
