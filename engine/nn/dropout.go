package nn

import "math/rand/v2"

// dropout is inverted dropout: in training each value is kept with
// probability 1−p and scaled by 1/(1−p), otherwise zeroed, so that the
// expected output equals the input and evaluation is the identity. The mask
// is drawn from the model's seeded RNG.
type dropout struct {
	name     string
	shape    Shape
	p        float64
	rng      *rand.Rand
	mask     []float32 // 0 or 1/(1−p) per value, from the last training Forward
	y        []float32
	training bool // whether the last Forward applied the mask
}

// newDropout builds a dropout layer with drop probability p in [0, 1) on
// shape for up to maxBatch images, drawing masks from rng.
func newDropout(name string, shape Shape, p float64, rng *rand.Rand, maxBatch int) *dropout {
	return &dropout{name: name, shape: shape, p: p, rng: rng,
		mask: make([]float32, maxBatch*shape.Size()), y: make([]float32, maxBatch*shape.Size())}
}

// Name implements Layer.
func (d *dropout) Name() string { return d.name }

// OutShape implements Layer.
func (d *dropout) OutShape() Shape { return d.shape }

// Params implements Layer (none).
func (d *dropout) Params() []*Param { return nil }

// Forward implements Layer. With training false (or p = 0) it copies x; with
// training true it draws a new mask for n images and applies it.
func (d *dropout) Forward(x []float32, n int, training bool) []float32 {
	d.training = training && d.p > 0
	if d.training {
		d.sample(n)
	}
	return d.apply(x, n)
}

// sample draws a fresh mask for n images.
func (d *dropout) sample(n int) {
	keep := float32(1 / (1 - d.p))
	p := float32(d.p)
	for i := range d.mask[:n*d.shape.Size()] {
		if d.rng.Float32() < p {
			d.mask[i] = 0
		} else {
			d.mask[i] = keep
		}
	}
}

// apply writes y = x·mask (or y = x when not training) and returns y.
func (d *dropout) apply(x []float32, n int) []float32 {
	size := n * d.shape.Size()
	y := d.y[:size]
	if !d.training {
		copy(y, x[:size])
		return y
	}
	for i, v := range x[:size] {
		y[i] = float32(v * d.mask[i])
	}
	return y
}

// Backward implements Layer: dx = dy·mask with the last Forward's mask.
func (d *dropout) Backward(dy, dx []float32, n int) {
	if dx == nil {
		return
	}
	size := n * d.shape.Size()
	if !d.training {
		copy(dx[:size], dy[:size])
		return
	}
	for i, v := range dy[:size] {
		dx[i] = float32(v * d.mask[i])
	}
}
