package optim

import (
	"math"

	"hypersphere/engine/nn"
)

// Adam is the Adam optimiser (Kingma & Ba) in its bias-corrected form:
//
//	m ← β1·m + (1−β1)·g          v ← β2·v + (1−β2)·g²
//	m̂ = m / (1−β1ᵗ)              v̂ = v / (1−β2ᵗ)
//	p ← p − lr · m̂ / (sqrt(v̂) + ε)
//
// LR may be changed between steps (e.g. by a plateau schedule).
type Adam struct {
	LR, Beta1, Beta2, Eps float64

	params []*nn.Param
	m, v   [][]float32 // first and second moments, per Param
	t      int         // steps taken
	b1t    float64     // β1ᵗ
	b2t    float64     // β2ᵗ
}

// NewAdam returns an Adam optimiser over params with learning rate lr and
// β1 = 0.9, β2 = 0.999, ε = 1e-8, moments at zero.
func NewAdam(params []*nn.Param, lr float64) *Adam {
	a := &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, params: params}
	for _, p := range params {
		a.m = append(a.m, make([]float32, len(p.Data)))
		a.v = append(a.v, make([]float32, len(p.Data)))
	}
	a.Reset()
	return a
}

// Reset zeroes the moments and the step count, as for a fresh optimiser.
func (a *Adam) Reset() {
	for i := range a.m {
		clear(a.m[i])
		clear(a.v[i])
	}
	a.t, a.b1t, a.b2t = 0, 1, 1
}

// Steps returns the number of Steps taken since creation or Reset.
func (a *Adam) Steps() int { return a.t }

// Step updates every Param.Data from its Grad and advances the moments.
// It does not allocate.
func (a *Adam) Step() {
	a.t++
	a.b1t = float64(a.b1t * a.Beta1)
	a.b2t = float64(a.b2t * a.Beta2)
	b1, b2 := a.Beta1, a.Beta2
	c1, c2 := 1-b1, 1-b2
	bc1, bc2 := 1-a.b1t, 1-a.b2t
	lr, eps := a.LR, a.Eps
	for k, p := range a.params {
		m, v := a.m[k], a.v[k]
		data, grad := p.Data, p.Grad
		for i, gf := range grad {
			g := float64(gf)
			mi := float64(b1*float64(m[i])) + float64(c1*g)
			vi := float64(b2*float64(v[i])) + float64(c2*float64(g*g))
			m[i], v[i] = float32(mi), float32(vi)
			mhat := mi / bc1
			vhat := vi / bc2
			data[i] = float32(float64(data[i]) - float64(lr*mhat)/(math.Sqrt(vhat)+eps))
		}
	}
}
