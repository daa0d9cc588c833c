package nn

import (
	"math"

	"hypersphere/engine/kernel"
)

// convK is the kernel size: every convolution of the mini-VGG is 3×3, stride 1.
const convK = 3

// convLayer is a 3×3, stride-1 convolution with zero padding pad (1 = "same",
// 0 = "valid"), an optional bias and optional weight normalisation of each
// output filter. It works image by image: im2col, then one matrix product
// with the [out × in·3·3] weight matrix. Options (layerOpts): a learned gain
// per filter (weightnorm.go) and cosine normalisation of every input patch,
// applied to the im2col columns before the product (cosine.go).
type convLayer struct {
	name    string
	in, out Shape
	pad     int
	w, b    *Param // b is nil without bias
	g       *Param // per-filter gain (nil without; needs norm)
	norm    bool
	cosine  bool      // normalise every input patch too (needs norm)
	wEff    []float32 // the weights the forward pass uses (w, or w normalised)
	norms   []float64 // |w| per filter, from the last Forward (norm only)
	gEff    []float32 // d loss / d wEff (norm only; otherwise w.Grad)
	u       []float32 // w normalised, before the gain (gain only)
	x       []float32 // input of the last Forward
	y       []float32 // output buffer, maxBatch images
	col     []float32 // im2col of one image
	dcol    []float32 // gradient of col, one image
	colHat  []float32 // col with every column normalised (cosine only)
	colN    []float64 // |column| of col (cosine only)
	colTmp  []float64 // scratch, one value per column (cosine only)
	yield   *func()
}

// layerOpts are the normalisation switches of a conv or dense layer.
// gain, cosine and a scale other than 1 imply norm.
type layerOpts struct {
	norm       bool    // weight-normalise each output row
	gain       bool    // learned gain per row, initialised to 1
	cosine     bool    // normalise the input patch or vector as well
	scale      float32 // logit scale s (dense only); 0 means none (s = 1)
	learnScale bool    // s is a Param initialised to scale (dense only)
}

// newConv builds a 3×3 convolution of in → outC channels with padding pad
// (0 or 1) for up to maxBatch images. Weights and biases start at zero.
// yield, when non-nil, points at a hook called once per image.
func newConv(name string, in Shape, outC, pad int, bias, norm bool, maxBatch int, yield *func()) *convLayer {
	return newConvOpts(name, in, outC, pad, bias, layerOpts{norm: norm}, maxBatch, yield)
}

// newConvOpts is newConv with every normalisation switch (opts.scale is
// ignored). A gain starts at 1, so that at initialisation the layer computes
// what the plain weight-normalised layer does.
func newConvOpts(name string, in Shape, outC, pad int, bias bool, opts layerOpts, maxBatch int, yield *func()) *convLayer {
	oh, ow := in.H+2*pad-convK+1, in.W+2*pad-convK+1
	k := in.C * convK * convK
	norm := opts.norm || opts.gain || opts.cosine
	c := &convLayer{
		name: name, in: in, out: Shape{outC, oh, ow}, pad: pad, norm: norm, cosine: opts.cosine, yield: yield,
		w:    newParam(name+".w", outC, in.C, convK, convK),
		y:    make([]float32, maxBatch*outC*oh*ow),
		col:  make([]float32, k*oh*ow),
		dcol: make([]float32, k*oh*ow),
	}
	c.w.Normalized = norm
	if opts.gain {
		c.g = newParam(name+".g", outC)
		fill(c.g.Data, 1)
		c.u = make([]float32, len(c.w.Data))
	}
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
	if opts.cosine {
		c.colHat = make([]float32, k*oh*ow)
		c.colN = make([]float64, oh*ow)
		c.colTmp = make([]float64, oh*ow)
	}
	return c
}

// fill sets every element of s to v.
func fill(s []float32, v float32) {
	for i := range s {
		s[i] = v
	}
}

// Name implements Layer.
func (c *convLayer) Name() string { return c.name }

// OutShape implements Layer.
func (c *convLayer) OutShape() Shape { return c.out }

// Params implements Layer: the weight, then the gain and the bias if any.
func (c *convLayer) Params() []*Param {
	ps := []*Param{c.w}
	if c.g != nil {
		ps = append(ps, c.g)
	}
	if c.b != nil {
		ps = append(ps, c.b)
	}
	return ps
}

func (c *convLayer) weight() *Param { return c.w }

// Forward implements Layer: y = wEff * x (+ b), image by image.
func (c *convLayer) Forward(x []float32, n int, training bool) []float32 {
	k := c.in.C * convK * convK
	c.bindWeights()
	c.x = x
	outSize, plane := c.out.Size(), c.out.H*c.out.W
	for i := 0; i < n; i++ {
		callYield(c.yield)
		col := c.im2col(x, i)
		yi := c.y[i*outSize : (i+1)*outSize]
		kernel.MatMul(yi, c.wEff, col, c.out.C, plane, k, false)
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

// im2col unrolls image i of x into c.col and returns the matrix the product
// uses: c.col, or with cosine normalisation c.colHat (every patch divided by
// its norm, the norms kept in c.colN).
func (c *convLayer) im2col(x []float32, i int) []float32 {
	inSize := c.in.Size()
	kernel.Im2Col(c.col, x[i*inSize:(i+1)*inSize], c.in.C, c.in.H, c.in.W, convK, convK, c.pad)
	if !c.cosine {
		return c.col
	}
	normColsForward(c.colHat, c.col, c.colN, c.in.C*convK*convK, c.out.H*c.out.W, cosineEps)
	return c.colHat
}

// bindWeights points wEff/gEff at the raw weights, or fills wEff with the
// normalised (and, with a gain, rescaled) weights, so that a Param whose
// slices were replaced still works.
func (c *convLayer) bindWeights() {
	rows, k := c.out.C, c.in.C*convK*convK
	switch {
	case c.g != nil:
		weightNormForward(c.u, c.w.Data, c.norms, rows, k)
		gainForward(c.wEff, c.u, c.g.Data, 1, rows, k)
	case c.norm:
		weightNormForward(c.wEff, c.w.Data, c.norms, rows, k)
	default:
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
		col := c.im2col(c.x, i)
		dyi := dy[i*outSize : (i+1)*outSize]
		// dW (+)= dY·colᵀ
		kernel.MatMulTransB(c.gEff, dyi, col, c.out.C, k, plane, i > 0)
		if dx != nil {
			// dcol = Wᵀ·dY, then scatter back onto the image.
			kernel.MatMulTransA(c.dcol, c.wEff, dyi, k, plane, c.out.C, false)
			if c.cosine { // through the patch normalisation
				normColsBackward(c.dcol, c.dcol, c.col, c.colN, c.colTmp, k, plane, cosineEps)
			}
			dxi := dx[i*inSize : (i+1)*inSize]
			clear(dxi)
			kernel.Col2Im(dxi, c.dcol, c.in.C, c.in.H, c.in.W, convK, convK, c.pad)
		}
	}
	if n == 0 {
		clear(c.gEff)
	}
	if c.g != nil {
		gainBackward(c.gEff, c.gEff, c.u, c.g.Data, c.g.Grad, 1, c.out.C, k)
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
// float32 weights and inputs, every product exact (with cosine
// normalisation, divided by the patch norm + ε). maxPool uses it to settle
// near ties.
func (c *convLayer) exact(img, idx int) float64 {
	plane := c.out.H * c.out.W
	o, oy, ox := idx/plane, idx%plane/c.out.W, idx%c.out.W
	x := c.x[img*c.in.Size() : (img+1)*c.in.Size()]
	w := c.wEff[o*c.in.C*convK*convK : (o+1)*c.in.C*convK*convK]
	var s, ss float64
	if c.b != nil && !c.cosine { // the bias first, as before cosine existed: same sums, same ties
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
				xv := float64(x[(ci*c.in.H+iy)*c.in.W+ix])
				s += float64(float64(w[(ci*convK+ky)*convK+kx]) * xv)
				ss += float64(xv * xv)
			}
		}
	}
	if c.cosine {
		s /= math.Sqrt(ss) + cosineEps
		if c.b != nil {
			s += float64(c.b.Data[o])
		}
	}
	return s
}
