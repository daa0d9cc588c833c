package ui

import (
	"math"
	"strconv"

	"github.com/vugu/vugu"
	js "github.com/vugu/vugu/js"

	"hypersphere/ui/explain"
)

// Backend is what the page's wasm glue (wasm/page) does for the lab: it
// owns the workers and the data. Root calls it from DOM event handlers,
// while the render lock is held, so implementations must not take the
// lock themselves; their asynchronous work (downloads, worker messages)
// updates the Lab under the lock and requests a render.
type Backend interface {
	// Start downloads the data the settings need (if not yet loaded) and
	// starts one worker per selected variant.
	Start(s Settings)
	// Pause asks every running worker to pause.
	Pause()
	// Resume continues every paused worker.
	Resume()
	// Reset stops every worker and clears the runs.
	Reset()
}

// Root is the page: the explainer on the left and, on the right, the host
// element (#lab-host) in which the page mounts LabRoot with a renderer of
// its own. Vugu 0.4 re-syncs every element of a renderer's tree on every
// render, so with one renderer each explainer step re-synced the whole lab
// (three quarters of the page: a dozen charts) while it trained, and each
// lab update re-synced the explainer; two renderers keep each side's
// renders to its own elements.
type Root struct {
	Lab     *Lab
	Backend Backend
	// Step is the explainer step shown (1-based).
	Step int
	// OnStep, when set, is told about step changes (the page syncs the URL
	// hash).
	OnStep func(step int)
}

// GoStep moves the explainer to step n.
func (c *Root) GoStep(n int) {
	n = min(max(n, 1), explain.NumSteps)
	c.Step = n
	if c.OnStep != nil {
		c.OnStep(n)
	}
}

// StartLab starts the lab with exactly the experiment's four variants
// ticked, the other settings as they are (the explainer's last step has a
// button "Start the lab with these four variants"). While a numeric control
// needs fixing it starts nothing and moves the focus to that control.
func (c *Root) StartLab() {
	if c.Lab.Running() || c.Backend == nil {
		return
	}
	if id := c.Lab.FirstInvalid(); id != "" {
		// A control shows a value the settings do not hold: take the
		// learner to it (its message says what to fix) rather than train
		// with something else.
		focusElement(id)
		return
	}
	c.Lab.Settings.Enabled = originalsOnly()
	c.Backend.Start(c.Lab.Settings)
}

// labFilters returns conv1's weights of the first variant that has them,
// for the explainer's templates step.
func (c *Root) labFilters() ([]float32, [4]int) {
	for _, r := range c.Lab.Runs {
		if len(r.Filters) > 0 {
			return r.Filters, r.FilterShape
		}
	}
	return nil, [4]int{}
}

func (c *Root) filters() []float32 { f, _ := c.labFilters(); return f }

func (c *Root) filterShape() [4]int { _, s := c.labFilters(); return s }

// LabRoot is the lab side of the page, mounted in Root's #lab-host: the lab
// panel and the narrow-screen status dock.
type LabRoot struct {
	Lab     *Lab
	Backend Backend
}

// openLab scrolls the lab panel into view (the narrow-screen dock's button).
func (c *LabRoot) openLab(vugu.DOMEvent) {
	if el := js.Global().Get("document").Call("getElementById", "lab"); el.Truthy() {
		el.Call("scrollIntoView")
	}
}

// dockText is a variant's compact status for the narrow-screen dock, from
// its runs (one per seed): while training, the progress through the epoch
// of the run in progress ("45 % of epoch 1/2", with its seed when there
// are several); once every run has ended, the state and the validation
// accuracy, averaged over the seeds that have one ("finished · val acc
// 15.3 %", "mean val acc … over 3 seeds").
func dockText(runs []*Run) string {
	if len(runs) == 0 {
		return ""
	}
	seedTag := func(r *Run) string {
		if len(runs) > 1 {
			return "seed " + strconv.FormatUint(r.Seed, 10) + " · "
		}
		return ""
	}
	for _, r := range runs {
		if r.State.Terminal() {
			continue
		}
		if r.State == StateRunning {
			return seedTag(r) + itoa(int(math.Round(100*r.Fraction()))) + " % of epoch " + itoa(r.Epoch) + "/" + itoa(r.Epochs)
		}
		return seedTag(r) + string(r.State)
	}
	state := runs[0].State
	sum, n := 0.0, 0
	for _, r := range runs {
		if r.State != state {
			state = "ended"
		}
		if r.State != StateFinished && r.State != StateEarly {
			continue
		}
		if p, ok := r.Last(); ok && !math.IsNaN(p.ValAcc) {
			sum += p.ValAcc
			n++
		}
	}
	switch {
	case n == 0:
		return string(state)
	case len(runs) == 1:
		return string(state) + " · val acc " + Percent(sum)
	}
	return string(state) + " · mean val acc " + Percent(sum/float64(n)) + " over " + itoa(n) + " seeds"
}

// dockLabel names a variant's dock sparkline.
func dockLabel(runs []*Run) string {
	if len(runs) > 1 {
		return runs[0].Variant + " validation accuracy, mean over seeds"
	}
	return runs[0].Variant + " validation accuracy"
}
