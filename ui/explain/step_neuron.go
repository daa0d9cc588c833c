package explain

import "github.com/vugu/vugu"

// NeuronState is step 1's state: three inputs, their weights, the bias and
// the activation. Sliders move in steps of 0.1, so the values shown are exact.
type NeuronState struct {
	X, W [3]float64
	B    float64
	Act  string // an Activation ID
}

// NewNeuronState returns step 1's starting point.
func NewNeuronState() NeuronState {
	return NeuronState{X: [3]float64{1, 0.5, -0.4}, W: [3]float64{0.8, -0.6, 0.5}, B: 0.1, Act: "relu"}
}

// StepNeuron is step 1: a single neuron with live sliders and its formula.
type StepNeuron struct {
	S *NeuronState
}

func (c *StepNeuron) out() NeuronOutput {
	return Neuron(c.S.W[:], c.S.X[:], c.S.B, ActivationByID(c.S.Act))
}

func (c *StepNeuron) act() Activation { return ActivationByID(c.S.Act) }

// sliderValue reads a range input's value, snapped to 0.1 in [−2, 2].
func sliderValue(e vugu.DOMEvent, step, lim float64) (float64, bool) {
	v, ok := parseNum(e.PropString("target", "value"))
	if !ok {
		return 0, false
	}
	return snap1(v, step, lim), true
}

func (c *StepNeuron) setX(i int, e vugu.DOMEvent) {
	if v, ok := sliderValue(e, 0.1, 2); ok {
		c.S.X[i] = v
	}
}

func (c *StepNeuron) setW(i int, e vugu.DOMEvent) {
	if v, ok := sliderValue(e, 0.1, 2); ok {
		c.S.W[i] = v
	}
}

func (c *StepNeuron) setB(e vugu.DOMEvent) {
	if v, ok := sliderValue(e, 0.1, 2); ok {
		c.S.B = v
	}
}

func (c *StepNeuron) setAct(e vugu.DOMEvent) {
	c.S.Act = ActivationByID(e.PropString("target", "value")).ID
}

var subscripts = []string{"₁", "₂", "₃"}

// The formula lines, written with the values on screen.
func (c *StepNeuron) sumTerms() string {
	s := ""
	for i := range c.S.W {
		if i > 0 {
			s += " + "
		}
		s += "(" + fixed(c.S.W[i], 1) + ")(" + fixed(c.S.X[i], 1) + ")"
	}
	return s + " + (" + fixed(c.S.B, 1) + ")"
}

func (c *StepNeuron) sumProducts() string {
	o := c.out()
	s := ""
	for i, p := range o.Products {
		if i > 0 {
			s += " + "
		}
		s += "(" + fixed(p, 2) + ")"
	}
	return s + " + (" + fixed(c.S.B, 2) + ")"
}

func (c *StepNeuron) z() string { return fixed(c.out().Z, 2) }

func (c *StepNeuron) y() string { return fixed(c.out().Y, 3) }

func (c *StepNeuron) actLine() string {
	a := c.act()
	return "y = " + a.Name + "(z) = " + a.Formula
}

// Diagram geometry (viewBox 0 0 320 170).
func (c *StepNeuron) inY(i int) string { return itoa(35 + 50*i) }

// labelY puts a weight's label just above its edge, at x = 112.
func (c *StepNeuron) labelY(i int) string {
	y := float64(35 + 50*i)
	return num(y + (85-y)*(112-48)/(196-48) - 8)
}

func (c *StepNeuron) edgeWidth(i int) string { return num(1 + 2.5*abs(c.S.W[i])) }

func (c *StepNeuron) edgeClass(i int) string {
	if c.S.W[i] < 0 {
		return "ex-edge ex-edge-neg"
	}
	return "ex-edge ex-edge-pos"
}

func (c *StepNeuron) figTitle() string {
	return "Diagram: three inputs x₁=" + fixed(c.S.X[0], 1) + ", x₂=" + fixed(c.S.X[1], 1) + ", x₃=" + fixed(c.S.X[2], 1) +
		" enter a neuron through weights " + fixed(c.S.W[0], 1) + ", " + fixed(c.S.W[1], 1) + ", " + fixed(c.S.W[2], 1) +
		"; the neuron outputs y=" + c.y() + ". Solid lines are positive weights, dashed negative; thicker is larger."
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
