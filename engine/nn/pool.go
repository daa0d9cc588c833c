package nn

import "math"

// maxPool is a 2×2 max-pool with stride 2 that drops a trailing odd row or
// column (floor), as PyTorch's MaxPool2d(2) does. Ties go to the first
// maximum in row-major order within the window; a NaN wins (it must reach
// the loss, where the trainer detects divergence). Backward routes each output
// gradient to the input that won.
//
// Near ties. The float32 values a window compares carry the rounding error
// of the convolution that made them (a few units in the last place). When two
// candidates lie within that error the float32 comparison picks a winner at
// random, and routing the gradient to the wrong pixel changes the gradients
// of every earlier layer far more than rounding does. So when the pool reads
// a convolution through a monotone activation (the model wires this up), it
// settles near ties by recomputing the candidates' pre-activations as exact
// float64 dot products (see convLayer.exact), the decision an exact-arithmetic
// reference makes. Exact float32 zeros (ReLU's dead units) are not refined:
// their gradient is zero whichever one wins.
type maxPool struct {
	name    string
	in, out Shape
	arg     []int32 // per output value: index of the winning input within its image
	y       []float32
	src     exactSource // settles near ties, or nil
}

// exactSource recomputes, in float64, a value that is a monotone function
// of the float32 input value idx of image img of the last Forward.
type exactSource interface {
	exact(img, idx int) float64
}

// nearTie is the relative gap under which two float32 candidates count as
// tied: well above the rounding error of a float32 dot product of a few
// hundred terms, yet rare on real data (about 1 window in 1,000 at the full
// preset on CIFAR-10, so the float64 recomputation costs nothing measurable).
const nearTie = 1e-5

// newMaxPool builds a 2×2 max-pool on in for up to maxBatch images.
func newMaxPool(name string, in Shape, maxBatch int) *maxPool {
	out := Shape{in.C, in.H / 2, in.W / 2}
	return &maxPool{name: name, in: in, out: out,
		arg: make([]int32, maxBatch*out.Size()), y: make([]float32, maxBatch*out.Size())}
}

// Name implements Layer.
func (p *maxPool) Name() string { return p.name }

// OutShape implements Layer.
func (p *maxPool) OutShape() Shape { return p.out }

// Params implements Layer (none).
func (p *maxPool) Params() []*Param { return nil }

// Forward implements Layer.
func (p *maxPool) Forward(x []float32, n int, training bool) []float32 {
	inSize, outSize := p.in.Size(), p.out.Size()
	W := p.in.W
	for i := 0; i < n; i++ {
		xi := x[i*inSize : (i+1)*inSize]
		o := i * outSize
		for c := 0; c < p.out.C; c++ {
			for oy := 0; oy < p.out.H; oy++ {
				for ox := 0; ox < p.out.W; ox++ {
					best := (c*p.in.H+2*oy)*W + 2*ox
					win := [4]int{best, best + 1, best + W, best + W + 1}
					for _, j := range win[1:] {
						if xi[j] > xi[best] || xi[j] != xi[j] { // NaN wins, so it shows in the loss
							best = j
						}
					}
					if p.src != nil && xi[best] != 0 {
						best = p.settle(i, xi, win, best)
					}
					p.y[o], p.arg[o] = xi[best], int32(best)
					o++
				}
			}
		}
	}
	return p.y[:n*outSize]
}

// settle returns the winner of window win of image img once near ties with
// the float32 winner best are decided by the exact source.
func (p *maxPool) settle(img int, xi []float32, win [4]int, best int) int {
	top := xi[best]
	tol := nearTie * math.Abs(float64(top))
	near := 0
	for _, j := range win {
		if float64(top)-float64(xi[j]) <= tol {
			near++
		}
	}
	if near < 2 {
		return best
	}
	best = -1
	var bestV float64
	for _, j := range win {
		if float64(top)-float64(xi[j]) > tol {
			continue
		}
		if v := p.src.exact(img, j); best < 0 || v > bestV {
			best, bestV = j, v
		}
	}
	return best
}

// Backward implements Layer.
func (p *maxPool) Backward(dy, dx []float32, n int) {
	if dx == nil {
		return
	}
	inSize, outSize := p.in.Size(), p.out.Size()
	clear(dx[:n*inSize])
	for i := 0; i < n; i++ {
		dxi := dx[i*inSize : (i+1)*inSize]
		for o := i * outSize; o < (i+1)*outSize; o++ {
			dxi[p.arg[o]] += dy[o]
		}
	}
}

// flatten turns C×H×W images into vectors. NCHW data is already in the
// channel-major order c·H·W + h·W + w, so it only changes the shape.
type flatten struct {
	name string
	in   Shape
}

// newFlatten builds a flatten layer for input shape in.
func newFlatten(name string, in Shape) *flatten { return &flatten{name: name, in: in} }

// Name implements Layer.
func (f *flatten) Name() string { return f.name }

// OutShape implements Layer: in.Size() values per image.
func (f *flatten) OutShape() Shape { return Shape{f.in.Size(), 1, 1} }

// Params implements Layer (none).
func (f *flatten) Params() []*Param { return nil }

// Forward implements Layer: it returns x unchanged.
func (f *flatten) Forward(x []float32, n int, training bool) []float32 { return x[:n*f.in.Size()] }

// Backward implements Layer: it copies dy into dx.
func (f *flatten) Backward(dy, dx []float32, n int) {
	if dx != nil {
		copy(dx[:n*f.in.Size()], dy)
	}
}
