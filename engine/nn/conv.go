package nn

import "hypersphere/engine/kernel"

// convK is the kernel size: every convolution of the mini-VGG is 3×3, stride 1.
const convK = 3

// convLayer is a 3×3, stride-1 convolution with zero padding pad (1 = "same",
// 0 = "valid"), an optional bias and optional weight normalisation of each
// output filter. It works image by image: im2col, then one matrix product
// with the [out × in·3·3] weight matrix.
type convLayer struct {
	name    string
	in, out Shape
	pad     int
	w, b    *Param // b is nil without bias
	norm    bool
	wEff    []float32 // the weights the forward pass uses (w, or w normalised)
	norms   []float64 // |w| per filter, from the last Forward (norm only)
	gEff    []float32 // d loss / d wEff (norm only; otherwise w.Grad)
	x       []float32 // input of the last Forward
	y       []float32 // output buffer, maxBatch images
	col     []float32 // im2col of one image
	dcol    []float32 // gradient of col, one image
	yield   *func()
}

// newConv builds a 3×3 convolution of in → outC channels with padding pad
// (0 or 1) for up to maxBatch images. Weights and biases start at zero.
// yield, when non-nil, points at a hook called once per image.
func newConv(name string, in Shape, outC, pad int, bias, norm bool, maxBatch int, yield *func()) *convLayer {
	oh, ow := in.H+2*pad-convK+1, in.W+2*pad-convK+1
	k := in.C * convK * convK
	c := &convLayer{
		name: name, in: in, out: Shape{outC, oh, ow}, pad: pad, norm: norm, yield: yield,
		w:    newParam(name+".w", outC, in.C, convK, convK),
		y:    make([]float32, maxBatch*outC*oh*ow),
		col:  make([]float32, k*oh*ow),
		dcol: make([]float32, k*oh*ow),
	}
	c.w.Normalized = norm
	if bias {
		c.b = newParam(name+".b", outC)
	}
	if norm {
		c.wEff = make([]float32, len(c.w.Data))
		c.gEff = make([]float32, len(c.w.Data))
		c.norms = make([]float64, outC)
	} else {
		c.wEff = c.w.Data
		c.gEff = c.w.Grad
	}
	return c
}

// Name implements Layer.
func (c *convLayer) Name() string { return c.name }

// OutShape implements Layer.
func (c *convLayer) OutShape() Shape { return c.out }

// Params implements Layer: the weight, then the bias if any.
func (c *convLayer) Params() []*Param {
	if c.b == nil {
		return []*Param{c.w}
	}
	return []*Param{c.w, c.b}
}

func (c *convLayer) weight() *Param { return c.w }

// Forward implements Layer: y = wEff * x (+ b), image by image.
func (c *convLayer) Forward(x []float32, n int, training bool) []float32 {
	k := c.in.C * convK * convK
	c.bindWeights()
	c.x = x
	inSize, outSize, plane := c.in.Size(), c.out.Size(), c.out.H*c.out.W
	for i := 0; i < n; i++ {
		callYield(c.yield)
		kernel.Im2Col(c.col, x[i*inSize:(i+1)*inSize], c.in.C, c.in.H, c.in.W, convK, convK, c.pad)
		yi := c.y[i*outSize : (i+1)*outSize]
		kernel.MatMul(yi, c.wEff, c.col, c.out.C, plane, k, false)
		if c.b != nil {
			for o, bo := range c.b.Data {
				row := yi[o*plane : (o+1)*plane]
				for p := range row {
					row[p] += bo
				}
			}
		}
	}
	return c.y[:n*outSize]
}

// bindWeights points wEff/gEff at the raw weights, or fills wEff with the
// normalised weights, so that a Param whose slices were replaced still works.
func (c *convLayer) bindWeights() {
	if c.norm {
		weightNormForward(c.wEff, c.w.Data, c.norms, c.out.C, c.in.C*convK*convK)
	} else {
		c.wEff, c.gEff = c.w.Data, c.w.Grad
	}
}

// Backward implements Layer. The im2col of each image is recomputed rather
// than kept from Forward, which keeps memory per image small.
func (c *convLayer) Backward(dy, dx []float32, n int) {
	k := c.in.C * convK * convK
	inSize, outSize, plane := c.in.Size(), c.out.Size(), c.out.H*c.out.W
	for i := 0; i < n; i++ {
		callYield(c.yield)
		kernel.Im2Col(c.col, c.x[i*inSize:(i+1)*inSize], c.in.C, c.in.H, c.in.W, convK, convK, c.pad)
		dyi := dy[i*outSize : (i+1)*outSize]
		// dW (+)= dY·colᵀ
		kernel.MatMulTransB(c.gEff, dyi, c.col, c.out.C, k, plane, i > 0)
		if dx != nil {
			// dcol = Wᵀ·dY, then scatter back onto the image.
			kernel.MatMulTransA(c.dcol, c.wEff, dyi, k, plane, c.out.C, false)
			dxi := dx[i*inSize : (i+1)*inSize]
			clear(dxi)
			kernel.Col2Im(dxi, c.dcol, c.in.C, c.in.H, c.in.W, convK, convK, c.pad)
		}
	}
	if n == 0 {
		clear(c.gEff)
	}
	if c.norm {
		weightNormBackward(c.w.Grad, c.gEff, c.w.Data, c.norms, c.out.C, k)
	}
	if c.b != nil {
		for o := range c.b.Grad {
			var s float32
			for i := 0; i < n; i++ {
				for _, v := range dy[i*outSize+o*plane : i*outSize+(o+1)*plane] {
					s += v
				}
			}
			c.b.Grad[o] = s
		}
	}
}

// exact returns the pre-activation output value idx (channel-major within one
// image) of image img of the last Forward as a float64 dot product of the
// float32 weights and inputs, every product exact. maxPool uses it to settle
// near ties.
func (c *convLayer) exact(img, idx int) float64 {
	plane := c.out.H * c.out.W
	o, oy, ox := idx/plane, idx%plane/c.out.W, idx%c.out.W
	x := c.x[img*c.in.Size() : (img+1)*c.in.Size()]
	w := c.wEff[o*c.in.C*convK*convK : (o+1)*c.in.C*convK*convK]
	var s float64
	if c.b != nil {
		s = float64(c.b.Data[o])
	}
	for ci := 0; ci < c.in.C; ci++ {
		for ky := 0; ky < convK; ky++ {
			iy := oy + ky - c.pad
			if iy < 0 || iy >= c.in.H {
				continue
			}
			for kx := 0; kx < convK; kx++ {
				ix := ox + kx - c.pad
				if ix < 0 || ix >= c.in.W {
					continue
				}
				s += float64(float64(w[(ci*convK+ky)*convK+kx]) * float64(x[(ci*c.in.H+iy)*c.in.W+ix]))
			}
		}
	}
	return s
}
