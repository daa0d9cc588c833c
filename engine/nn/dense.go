package nn

import "hypersphere/engine/kernel"

// denseLayer is a fully connected layer y = x·wEffᵀ + b with weight [out, in] and
// optional weight normalisation of each output unit's row. It reads its input
// as a flat vector per image (channel-major, as Flatten leaves it).
type denseLayer struct {
	name  string
	inN   int
	out   Shape
	w, b  *Param
	norm  bool
	wEff  []float32 // w, or w normalised per row
	norms []float64
	gEff  []float32 // d loss / d wEff (norm only; otherwise w.Grad)
	x     []float32
	y     []float32
}

// newDense builds a dense layer from in.Size() inputs to outN units, with bias,
// for up to maxBatch images. Weights start at zero.
func newDense(name string, in Shape, outN int, norm bool, maxBatch int) *denseLayer {
	inN := in.Size()
	d := &denseLayer{
		name: name, inN: inN, out: Shape{outN, 1, 1}, norm: norm,
		w: newParam(name+".w", outN, inN),
		b: newParam(name+".b", outN),
		y: make([]float32, maxBatch*outN),
	}
	d.w.Normalized = norm
	if norm {
		d.wEff = make([]float32, len(d.w.Data))
		d.gEff = make([]float32, len(d.w.Data))
		d.norms = make([]float64, outN)
	} else {
		d.wEff = d.w.Data
		d.gEff = d.w.Grad
	}
	return d
}

// Name implements Layer.
func (d *denseLayer) Name() string { return d.name }

// OutShape implements Layer.
func (d *denseLayer) OutShape() Shape { return d.out }

// Params implements Layer: the weight, then the bias.
func (d *denseLayer) Params() []*Param { return []*Param{d.w, d.b} }

func (d *denseLayer) weight() *Param { return d.w }

// Forward implements Layer.
func (d *denseLayer) Forward(x []float32, n int, training bool) []float32 {
	outN := d.out.C
	if d.norm {
		weightNormForward(d.wEff, d.w.Data, d.norms, outN, d.inN)
	} else {
		d.wEff, d.gEff = d.w.Data, d.w.Grad
	}
	d.x = x
	y := d.y[:n*outN]
	kernel.MatMulTransB(y, x[:n*d.inN], d.wEff, n, outN, d.inN, false)
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
	// dW = dYᵀ·X
	kernel.MatMulTransA(d.gEff, dy[:n*outN], d.x[:n*d.inN], outN, d.inN, n, false)
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
	}
}
