package explain

import "github.com/vugu/vugu"

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

	st *stepStates
}

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

func (c *Steps) back(vugu.DOMEvent) { c.Go(c.cur() - 1) }

func (c *Steps) next(vugu.DOMEvent) { c.Go(c.cur() + 1) }

func (c *Steps) nextLabel() string {
	if c.cur() == NumSteps {
		return "Next →"
	}
	return "Next: " + StepTitles[c.cur()] + " →"
}
