package nn

import "hypersphere/engine/mathf"

// activation is an element-wise nonlinearity, ReLU or ELU (alpha 1). It
// works in place: Forward overwrites its input with the output and returns
// it, and Backward needs only that output, because both derivatives can be
// written in terms of y:
//
//	ReLU: y = max(x, 0),            dy/dx = 1 if y > 0, else 0
//	ELU:  y = x if x > 0, else eˣ−1, dy/dx = 1 if y > 0, else y + 1 (= eˣ)
type activation struct {
	name  string
	shape Shape
	elu   bool
	y     []float32 // output of the last Forward (the caller's buffer)
}

// newActivation builds an activation of kind "relu" or "elu" on shape.
func newActivation(name, kind string, shape Shape) *activation {
	return &activation{name: name, shape: shape, elu: kind == "elu"}
}

// Name implements Layer.
func (a *activation) Name() string { return a.name }

// OutShape implements Layer.
func (a *activation) OutShape() Shape { return a.shape }

// Params implements Layer (none).
func (a *activation) Params() []*Param { return nil }

// Forward implements Layer. It overwrites x with the activation and returns x.
func (a *activation) Forward(x []float32, n int, training bool) []float32 {
	y := x[:n*a.shape.Size()]
	// v < 0 (not !(v > 0)) so that a NaN passes through and the loss shows
	// it, instead of a dead unit hiding it.
	if a.elu {
		for i, v := range y {
			if v < 0 {
				y[i] = float32(mathf.Exp(float64(v)) - 1)
			}
		}
	} else {
		for i, v := range y {
			if v < 0 {
				y[i] = 0
			}
		}
	}
	a.y = y
	return y
}

// Backward implements Layer.
func (a *activation) Backward(dy, dx []float32, n int) {
	if dx == nil {
		return
	}
	size := n * a.shape.Size()
	y, dy, dx := a.y[:size], dy[:size], dx[:size]
	if a.elu {
		for i, v := range y {
			if v > 0 {
				dx[i] = dy[i]
			} else {
				dx[i] = float32(dy[i] * (v + 1))
			}
		}
	} else {
		for i, v := range y {
			if v > 0 {
				dx[i] = dy[i]
			} else {
				dx[i] = 0
			}
		}
	}
}
