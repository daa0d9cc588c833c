package explain

import "math"

// Activation is a scalar nonlinearity with the derivative kept beside it.
type Activation struct {
	ID      string                  // short name used in the UI's select
	Name    string                  // display name
	Formula string                  // the formula as shown, in terms of z
	F       func(z float64) float64 // the function
	D       func(z float64) float64 // its derivative
}

// ELUAlpha is the α of the ELU shown in the explainer (and used by the lab).
const ELUAlpha = 1.0

// ReLU returns max(0, z).
func ReLU(z float64) float64 { return math.Max(0, z) }

// ELU returns z for z > 0 and α(eᶻ − 1) otherwise, with α = ELUAlpha.
func ELU(z float64) float64 {
	if z > 0 {
		return z
	}
	return ELUAlpha * math.Expm1(z)
}

// Activations lists the nonlinearities step 1 offers, the first being the default.
var Activations = []Activation{
	{"relu", "ReLU", "max(0, z)", ReLU, func(z float64) float64 {
		if z > 0 {
			return 1
		}
		return 0
	}},
	{"elu", "ELU", "z if z > 0, else eᶻ − 1", ELU, func(z float64) float64 {
		if z > 0 {
			return 1
		}
		return ELUAlpha * math.Exp(z)
	}},
	{"sigmoid", "sigmoid", "1 / (1 + e⁻ᶻ)", sigmoid, func(z float64) float64 {
		s := sigmoid(z)
		return s * (1 - s)
	}},
	{"tanh", "tanh", "tanh(z)", math.Tanh, func(z float64) float64 {
		t := math.Tanh(z)
		return 1 - t*t
	}},
	{"identity", "none (identity)", "z", func(z float64) float64 { return z }, func(float64) float64 { return 1 }},
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// ActivationByID returns the activation with the given id, or the first one.
func ActivationByID(id string) Activation {
	for _, a := range Activations {
		if a.ID == id {
			return a
		}
	}
	return Activations[0]
}

// NeuronOutput holds the parts of one neuron's forward pass.
type NeuronOutput struct {
	Products []float64 // wᵢ·xᵢ
	Sum      float64   // Σ wᵢxᵢ
	Z        float64   // Σ wᵢxᵢ + b
	Y        float64   // act(z)
}

// Neuron computes y = act(Σ wᵢxᵢ + b). w and x must have the same length.
func Neuron(w, x []float64, b float64, act Activation) NeuronOutput {
	o := NeuronOutput{Products: make([]float64, len(w))}
	for i := range w {
		o.Products[i] = w[i] * x[i]
		o.Sum += o.Products[i]
	}
	o.Z = o.Sum + b
	o.Y = act.F(o.Z)
	return o
}
