package nn

import "hypersphere/engine/kernel"

// denseLayer is a fully connected layer y = x·wEffᵀ + b with weight [out, in] and
// optional weight normalisation of each output unit's row. It reads its input
// as a flat vector per image (channel-major, as Flatten leaves it).
//
// Options beyond weight normalisation (see layerOpts): a learned gain per
// unit and a logit scale s shared by all units (wEff = g·s·w/|w|, see
// weightnorm.go), and cosine normalisation of each input vector (cosine.go).
type denseLayer struct {
	name   string
	inN    int
	out    Shape
	w, b   *Param
	g      *Param // per-unit gain (nil without)
	sParam *Param // learned logit scale, one value (nil when fixed or none)
	scale  float32
	norm   bool
	cosine bool
	wEff   []float32 // w, or w normalised per row
	norms  []float64
	gEff   []float32 // d loss / d wEff (norm only; otherwise w.Grad)
	u      []float32 // w normalised before gain and scale (gain or scale only)
	x      []float32
	xHat   []float32 // x with every image's vector normalised (cosine only)
	xN     []float64 // |x| per image (cosine only)
	y      []float32
}

// newDense builds a dense layer from in.Size() inputs to outN units, with bias,
// for up to maxBatch images. Weights start at zero.
func newDense(name string, in Shape, outN int, norm bool, maxBatch int) *denseLayer {
	return newDenseOpts(name, in, outN, layerOpts{norm: norm}, maxBatch)
}

// newDenseOpts is newDense with every normalisation switch. A gain starts at
// 1 and a learned scale at opts.scale.
func newDenseOpts(name string, in Shape, outN int, opts layerOpts, maxBatch int) *denseLayer {
	inN := in.Size()
	scaled := opts.scale != 0 && (opts.scale != 1 || opts.learnScale)
	norm := opts.norm || opts.gain || opts.cosine || scaled
	d := &denseLayer{
		name: name, inN: inN, out: Shape{outN, 1, 1}, norm: norm, cosine: opts.cosine, scale: 1,
		w: newParam(name+".w", outN, inN),
		b: newParam(name+".b", outN),
		y: make([]float32, maxBatch*outN),
	}
	d.w.Normalized = norm
	if opts.gain {
		d.g = newParam(name+".g", outN)
		fill(d.g.Data, 1)
	}
	if scaled {
		d.scale = opts.scale
		if opts.learnScale {
			d.sParam = newParam(name+".s", 1)
			d.sParam.Data[0] = opts.scale
		}
	}
	if d.rescaled() {
		d.u = make([]float32, len(d.w.Data))
	}
	if norm {
		d.wEff = make([]float32, len(d.w.Data))
		d.gEff = make([]float32, len(d.w.Data))
		d.norms = make([]float64, outN)
	} else {
		d.wEff = d.w.Data
		d.gEff = d.w.Grad
	}
	if opts.cosine {
		d.xHat = make([]float32, maxBatch*inN)
		d.xN = make([]float64, maxBatch)
	}
	return d
}

// rescaled reports whether the normalised rows are multiplied by a gain or a
// scale other than a fixed 1.
func (d *denseLayer) rescaled() bool { return d.g != nil || d.sParam != nil || d.scale != 1 }

// logitScale returns the current s (1 without a scale).
func (d *denseLayer) logitScale() float32 {
	if d.sParam != nil {
		return d.sParam.Data[0]
	}
	return d.scale
}

// gains returns the per-unit gains, or nil.
func (d *denseLayer) gains() []float32 {
	if d.g == nil {
		return nil
	}
	return d.g.Data
}

// Name implements Layer.
func (d *denseLayer) Name() string { return d.name }

// OutShape implements Layer.
func (d *denseLayer) OutShape() Shape { return d.out }

// Params implements Layer: the weight, the gain and the learned scale if
// any, then the bias.
func (d *denseLayer) Params() []*Param {
	ps := []*Param{d.w}
	if d.g != nil {
		ps = append(ps, d.g)
	}
	if d.sParam != nil {
		ps = append(ps, d.sParam)
	}
	return append(ps, d.b)
}

func (d *denseLayer) weight() *Param { return d.w }

// Forward implements Layer.
func (d *denseLayer) Forward(x []float32, n int, training bool) []float32 {
	outN := d.out.C
	switch {
	case d.rescaled():
		weightNormForward(d.u, d.w.Data, d.norms, outN, d.inN)
		gainForward(d.wEff, d.u, d.gains(), d.logitScale(), outN, d.inN)
	case d.norm:
		weightNormForward(d.wEff, d.w.Data, d.norms, outN, d.inN)
	default:
		d.wEff, d.gEff = d.w.Data, d.w.Grad
	}
	d.x = x
	in := x[:n*d.inN]
	if d.cosine {
		in = d.xHat[:n*d.inN]
		normRowsForward(in, x[:n*d.inN], d.xN, n, d.inN, cosineEps)
	}
	y := d.y[:n*outN]
	kernel.MatMulTransB(y, in, d.wEff, n, outN, d.inN, false)
	for i := 0; i < n; i++ {
		row := y[i*outN : (i+1)*outN]
		for o, bo := range d.b.Data {
			row[o] += bo
		}
	}
	return y
}

// Backward implements Layer.
func (d *denseLayer) Backward(dy, dx []float32, n int) {
	outN := d.out.C
	in := d.x[:n*d.inN]
	if d.cosine {
		in = d.xHat[:n*d.inN]
	}
	// dW = dYᵀ·X
	kernel.MatMulTransA(d.gEff, dy[:n*outN], in, outN, d.inN, n, false)
	if d.rescaled() {
		var dg []float32
		if d.g != nil {
			dg = d.g.Grad
		}
		ds := gainBackward(d.gEff, d.gEff, d.u, d.gains(), dg, d.logitScale(), outN, d.inN)
		if d.sParam != nil {
			d.sParam.Grad[0] = float32(ds)
		}
	}
	if d.norm {
		weightNormBackward(d.w.Grad, d.gEff, d.w.Data, d.norms, outN, d.inN)
	}
	for o := range d.b.Grad {
		var s float32
		for i := 0; i < n; i++ {
			s += dy[i*outN+o]
		}
		d.b.Grad[o] = s
	}
	if dx != nil {
		// dX = dY·W
		kernel.MatMul(dx[:n*d.inN], dy[:n*outN], d.wEff, n, d.inN, outN, false)
		if d.cosine { // through the input normalisation
			normRowsBackward(dx[:n*d.inN], dx[:n*d.inN], d.x, d.xN, n, d.inN, cosineEps)
		}
	}
}
