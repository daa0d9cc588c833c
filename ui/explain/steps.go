package explain

import (
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// NumSteps is the number of explainer steps.
const NumSteps = 7

// StepTitles are the headings of the steps, in order.
var StepTitles = [NumSteps]string{
	"The neuron",
	"The dot product as similarity",
	"Templates on real images",
	"Layers change the basis",
	"The unit hypersphere",
	"ReLU and the angle",
	"The experiment",
}

// Steps is the explainer: it shows step Current with Back/Next controls and
// keeps every step's state while the learner moves between them. The page
// mounts it in the left column and owns the URL hash.
type Steps struct {
	Current  int            // 1..NumSteps, the step shown; out-of-range values are clamped
	OnChange func(step int) // called when the learner moves (the parent updates the hash)

	Images  []byte   // validation images (N×3072, CIFAR plane order) once the lab has data; may be nil
	Labels  []byte   // one class index per image
	Classes []string // class names in label order

	LabFilters     []float32 // conv1 weights [out,in,3,3] of a running lab variant; may be nil
	LabFilterShape [4]int    // the shape of LabFilters

	OnStartLab func() // starts the lab with the four variants (step 7's button)
	LabRunning bool   // the lab is training

	st    *stepStates
	shown int         // the step drawn by the last render (0 before the first)
	focus focusTarget // where keyboard focus goes after the next render
}

// focusTarget is where the explainer puts keyboard focus after a render.
type focusTarget int

const (
	focusNone    focusTarget = iota
	focusHeading             // the step's heading, scrolled into view (Next, Back, a step button)
	focusDot                 // the current step button (arrow keys on the step buttons)
)

// stepStates holds each step's interactive state.
type stepStates struct {
	neuron    NeuronState
	dot       DotState
	templates TemplateState
	basis     BasisState
	sphere    SphereState
	relu      ReLUState
}

func newStepStates() *stepStates {
	return &stepStates{
		neuron:    NewNeuronState(),
		dot:       NewDotState(),
		templates: NewTemplateState(),
		basis:     NewBasisState(),
		sphere:    NewSphereState(),
		relu:      NewReLUState(),
	}
}

// BeforeBuild makes sure the step states exist (vugu calls it before each build).
func (c *Steps) BeforeBuild() {
	if c.st == nil {
		c.st = newStepStates()
	}
}

// cur returns Current clamped to 1..NumSteps.
func (c *Steps) cur() int {
	return min(max(c.Current, 1), NumSteps)
}

// Go moves to step n (clamped) and tells the parent.
func (c *Steps) Go(n int) {
	n = min(max(n, 1), NumSteps)
	if n == c.cur() {
		return
	}
	c.Current = n
	if c.OnChange != nil {
		c.OnChange(n)
	}
}

// move goes to step n, a move the learner made inside the explainer, and
// says where keyboard focus goes once the step is drawn.
func (c *Steps) move(n int, f focusTarget) {
	c.Go(n)
	c.focus = f
}

// afterRender runs after each render with the explainer's element (a
// vg-js-populate callback). After a move made here it focuses the heading
// (scrolled into view) or the current step button. After a move made
// elsewhere (the page's arrow keys, the URL hash) it brings the heading into
// view and, when the focused element went away with the old step, focuses
// the heading.
func (c *Steps) afterRender(el js.Value) {
	changed := c.shown != 0 && c.shown != c.cur()
	c.shown = c.cur()
	f := c.focus
	c.focus = focusNone
	if !el.Truthy() || (f == focusNone && !changed) {
		return
	}
	if f == focusDot {
		if b := el.Call("querySelectorAll", ".ex-dot").Index(c.cur() - 1); b.Truthy() {
			b.Call("focus")
		}
		return
	}
	h := el.Call("querySelector", ".ex-title")
	if !h.Truthy() {
		return
	}
	showHeading(h)
	if f == focusHeading || lostFocus() {
		h.Call("focus", map[string]any{"preventScroll": true})
	}
}

// showHeading scrolls a step heading to the top of the window unless it is
// already in the upper half.
func showHeading(h js.Value) {
	top := h.Call("getBoundingClientRect").Get("top").Float()
	if top < 0 || top > js.Global().Get("innerHeight").Float()/2 {
		h.Call("scrollIntoView", map[string]any{"block": "start"})
	}
}

// lostFocus tells whether nothing on the page has keyboard focus (the
// focused element was removed, or focus is on the body).
func lostFocus() bool {
	a := js.Global().Get("document").Get("activeElement")
	return !a.Truthy() || a.Get("tagName").String() == "BODY"
}

// pick goes to step n from its step button.
func (c *Steps) pick(n int) { c.move(n, focusHeading) }

// dotKey makes the step buttons one keyboard widget: ArrowLeft/ArrowRight
// (and Home/End) move focus and the step to the neighbour of the focused
// button (the first, the last). The key stops here, so the page's own
// arrow-key navigation does not move the step a second time.
func (c *Steps) dotKey(n int, e vugu.DOMEvent) {
	if e.PropBool("altKey") || e.PropBool("ctrlKey") || e.PropBool("metaKey") || e.PropBool("shiftKey") {
		return
	}
	switch e.PropString("key") {
	case "ArrowLeft":
		n--
	case "ArrowRight":
		n++
	case "Home":
		n = 1
	case "End":
		n = NumSteps
	default:
		return
	}
	ownKey(e)
	c.move(n, focusDot)
}

// dotTab keeps only the current step button in the tab order (roving
// focus: the arrow keys reach the others).
func (c *Steps) dotTab(n int) string {
	if n == c.cur() {
		return "0"
	}
	return "-1"
}

func (c *Steps) title() string { return StepTitles[c.cur()-1] }

func (c *Steps) counter() string { return "Step " + itoa(c.cur()) + " of " + itoa(NumSteps) }

func (c *Steps) dotClass(n int) string {
	if n == c.cur() {
		return "ex-dot ex-dot-current"
	}
	return "ex-dot"
}

func (c *Steps) ariaCurrent(n int) any {
	if n == c.cur() {
		return "step"
	}
	return nil
}

func (c *Steps) dotLabel(n int) string { return "Step " + itoa(n) + ": " + StepTitles[n-1] }

func (c *Steps) back(vugu.DOMEvent) { c.move(c.cur()-1, focusHeading) }

func (c *Steps) next(vugu.DOMEvent) { c.move(c.cur()+1, focusHeading) }

func (c *Steps) nextLabel() string {
	if c.cur() == NumSteps {
		return "Next →"
	}
	return "Next: " + StepTitles[c.cur()] + " →"
}
