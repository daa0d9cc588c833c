package nn

import (
	"math"

	"hypersphere/engine/mathf"
)

// Diagnostics: the quantities the lab charts to explain why the variants
// differ. A Probe reads them off a Model: Observe after each validation
// Forward accumulates what depends on the data (input norms, cos θ, logit
// scale); BeforeStep and AfterStep around each optimiser step measure how far
// the raw weights turned. Result averages since the last Reset. Observe,
// BeforeStep and AfterStep do not allocate and do not touch the model's
// random generator, so probing changes no result of training.

// CosBins is the number of bins of a cos θ histogram; bin b covers
// [−1 + b·w, −1 + (b+1)·w) with w = 2/CosBins (the last bin includes 1).
const CosBins = 20

// cosSamples is the number of output positions per image at which the
// probe compares a conv layer's input patch with every filter: evenly spaced
// over the output plane, the same positions for every image and variant.
const cosSamples = 16

// cosImageStride: the cos θ histograms sample every cosImageStride-th image
// observed since the last Reset (the first, the fifth, …), whatever the
// batch size, which keeps Observe near a tenth of an evaluation pass
// (BenchmarkProbe).
// Input norms and logit statistics use every image.
const cosImageStride = 4

// Diagnostics is the probe's summary of one model over the batches observed
// and the steps measured since its last Reset.
type Diagnostics struct {
	Images     int     // images observed
	MaxLogit   float64 // mean over images of the largest logit
	Entropy    float64 // mean softmax entropy in nats (log 10 ≈ 2.30 is uniform, 0 certain)
	LogitScale float64 // dense2's logit scale s now (1 without one)
	Steps      int     // optimiser steps measured
	Layers     []LayerDiagnostics
}

// LayerDiagnostics is the summary of one weighted layer (conv1 … conv4,
// dense1, dense2).
type LayerDiagnostics struct {
	Name string
	// InputNorm is the mean |x| of the layer's input: for a conv layer the
	// in×3×3 patch under the filter at every output position (zero padding
	// included), for a dense layer the whole input vector of an image.
	InputNorm float64
	// ZeroInputs is the fraction of sampled patches (all vectors for dense)
	// that are exactly zero: their cos θ is undefined and left out of CosHist.
	ZeroInputs float64
	// CosHist holds, per bin, the fraction of (sampled input, template) pairs
	// whose cos θ = w·x / (|w||x|) falls in it (CosBins bins over [−1, 1]).
	CosHist []float64
	// MeanAbsCos is the mean |cos θ| over the same pairs: how strongly the
	// templates match (or anti-match) their inputs.
	MeanAbsCos float64
	// WeightNorm is the mean raw |w| per filter/unit now. For a normalised
	// layer the gradient is perpendicular to w, so |w| only grows and the
	// same update turns w by less.
	WeightNorm float64
	// Gain is the mean learned gain g now (1 without one).
	Gain float64
	// StepSize is the mean over steps and filters/units of |Δw| / |w| of the
	// raw weights in one optimiser step.
	StepSize float64
	// StepAngle is the mean over steps and filters/units of the angle in
	// radians between w before and after the step: what a step changes in a
	// normalised layer (≈ StepSize when Δw ⊥ w).
	StepAngle float64
}

// Probe accumulates Diagnostics of one Model. It holds preallocated buffers
// for the model it was made for and, like the Model, is not safe for
// concurrent use.
type Probe struct {
	m                 *Model
	layers            []probeLayer
	images            int
	maxLogit, entropy float64
	steps             int
}

// probeLayer is the state of one weighted layer.
type probeLayer struct {
	conv  *convLayer  // one of conv,
	dense *denseLayer // dense is set
	name  string
	w     *Param
	rows  int // filters or units
	cols  int // values per row

	normSum   float64 // Σ |x| over inputs
	normCount float64
	zero      int64 // zero inputs among those sampled
	sampled   int64 // inputs sampled for cos θ
	hist      [CosBins]int64
	absCos    float64 // Σ |cos θ|
	stepSum   float64 // Σ over steps of the mean |Δw|/|w|
	angleSum  float64

	unit  []float64 // w / |w| per row (0 for a zero row)
	patch []float64 // one input patch
	chan2 []float64 // conv: Σ over channels of x², one input plane
	prev  []float32 // raw w before the optimiser step
}

// NewProbe returns a probe for m with every accumulator at zero.
func NewProbe(m *Model) *Probe {
	p := &Probe{m: m}
	for _, s := range m.stats {
		w := s.layer.weight()
		pl := probeLayer{name: s.layer.Name(), w: w, rows: w.Shape[0], cols: len(w.Data) / w.Shape[0]}
		switch l := s.layer.(type) {
		case *convLayer:
			pl.conv = l
			pl.chan2 = make([]float64, l.in.H*l.in.W)
		case *denseLayer:
			pl.dense = l
		}
		pl.unit = make([]float64, len(w.Data))
		pl.patch = make([]float64, pl.cols)
		pl.prev = make([]float32, len(w.Data))
		p.layers = append(p.layers, pl)
	}
	return p
}

// Reset zeroes every accumulator (e.g. at the start of an epoch).
func (p *Probe) Reset() {
	p.images, p.maxLogit, p.entropy, p.steps = 0, 0, 0, 0
	for i := range p.layers {
		l := &p.layers[i]
		l.normSum, l.normCount, l.zero, l.sampled, l.absCos = 0, 0, 0, 0, 0
		l.hist = [CosBins]int64{}
		l.stepSum, l.angleSum = 0, 0
	}
}

// Observe adds the model's last Forward (typically a validation batch) to
// the data-dependent diagnostics. Without a successful Forward it does
// nothing.
func (p *Probe) Observe() {
	m := p.m
	n := m.n
	if n == 0 {
		return
	}
	logits := m.logits()
	for i := 0; i < n; i++ {
		mx, h := logitStats(logits[i*Classes : (i+1)*Classes])
		p.maxLogit += mx
		p.entropy += h
	}
	// Images first0, first0+stride, … of this batch are sampled for cos θ.
	first0 := (cosImageStride - p.images%cosImageStride) % cosImageStride
	p.images += n
	for i := range p.layers {
		l := &p.layers[i]
		unitRows(l.unit, l.w.Data, l.rows, l.cols)
		if l.conv != nil {
			l.observeConv(n, first0)
		} else {
			l.observeDense(n, first0)
		}
	}
}

// sampledImage reports whether image img of a batch whose first sampled
// image is first0 is sampled for cos θ.
func sampledImage(img, first0 int) bool {
	return img >= first0 && (img-first0)%cosImageStride == 0
}

// logitStats returns the largest logit of z and the entropy of softmax(z).
func logitStats(z []float32) (maxLogit, entropy float64) {
	m := float64(z[0])
	for _, v := range z {
		if float64(v) > m || v != v {
			m = float64(v)
		}
	}
	var s, t float64 // S = Σ e^(z−m), T = Σ e^(z−m)·(z−m)
	for _, v := range z {
		d := float64(v) - m
		e := mathf.Exp(d)
		s += e
		t += float64(e * d)
	}
	// H = −Σ p log p with p = e^(z−m)/S: H = log S − T/S.
	return m, mathf.Log(s) - t/s
}

// unitRows writes each row of w divided by its norm into u (zero rows stay
// zero).
func unitRows(u []float64, w []float32, rows, cols int) {
	for r := 0; r < rows; r++ {
		row := w[r*cols : (r+1)*cols]
		var ss float64
		for _, x := range row {
			xf := float64(x)
			ss += float64(xf * xf)
		}
		inv := 0.0
		if ss > 0 {
			inv = 1 / math.Sqrt(ss)
		}
		for j, x := range row {
			u[r*cols+j] = float64(float64(x) * inv)
		}
	}
}

// observeConv accumulates the patch norms at every output position of every
// image and cos θ at the sampled positions of the sampled images.
func (l *probeLayer) observeConv(n, first0 int) {
	c := l.conv
	in, out := c.in, c.out
	plane := out.H * out.W
	for img := 0; img < n; img++ {
		x := c.x[img*in.Size() : (img+1)*in.Size()]
		// Patch norms from the per-pixel sum of squares over channels.
		clear(l.chan2)
		for ch := 0; ch < in.C; ch++ {
			for j, v := range x[ch*in.H*in.W : (ch+1)*in.H*in.W] {
				vf := float64(v)
				l.chan2[j] += float64(vf * vf)
			}
		}
		for oy := 0; oy < out.H; oy++ {
			for ox := 0; ox < out.W; ox++ {
				var ss float64
				for ky := 0; ky < convK; ky++ {
					iy := oy + ky - c.pad
					if iy < 0 || iy >= in.H {
						continue
					}
					for kx := 0; kx < convK; kx++ {
						if ix := ox + kx - c.pad; ix >= 0 && ix < in.W {
							ss += l.chan2[iy*in.W+ix]
						}
					}
				}
				l.normSum += math.Sqrt(ss)
			}
		}
		l.normCount += float64(plane)
		if !sampledImage(img, first0) {
			continue
		}
		samples := min(cosSamples, plane)
		for j := 0; j < samples; j++ {
			pos := (2*j + 1) * plane / (2 * samples)
			l.gatherPatch(x, pos)
			l.addCos(l.patch)
		}
	}
}

// gatherPatch copies the input patch of output position pos (zero padding
// included) into l.patch, in the filter's (ci, ky, kx) order.
func (l *probeLayer) gatherPatch(x []float32, pos int) {
	c := l.conv
	oy, ox := pos/c.out.W, pos%c.out.W
	k := 0
	for ci := 0; ci < c.in.C; ci++ {
		for ky := 0; ky < convK; ky++ {
			iy := oy + ky - c.pad
			for kx := 0; kx < convK; kx++ {
				ix := ox + kx - c.pad
				v := 0.0
				if iy >= 0 && iy < c.in.H && ix >= 0 && ix < c.in.W {
					v = float64(x[(ci*c.in.H+iy)*c.in.W+ix])
				}
				l.patch[k] = v
				k++
			}
		}
	}
}

// observeDense accumulates the input vector norm of every image and cos θ
// of the sampled ones.
func (l *probeLayer) observeDense(n, first0 int) {
	d := l.dense
	for img := 0; img < n; img++ {
		var ss float64
		for j, v := range d.x[img*d.inN : (img+1)*d.inN] {
			vf := float64(v)
			l.patch[j] = vf
			ss += float64(vf * vf)
		}
		l.normSum += math.Sqrt(ss)
		l.normCount++
		if sampledImage(img, first0) {
			l.addCos(l.patch)
		}
	}
}

// addCos adds the cos θ of one input x (l.cols values) with every row.
func (l *probeLayer) addCos(x []float64) {
	var ss float64
	for _, v := range x {
		ss += float64(v * v)
	}
	norm := math.Sqrt(ss)
	l.sampled++
	if norm == 0 {
		l.zero++
		return
	}
	inv := 1 / norm
	for r := 0; r < l.rows; r++ {
		u := l.unit[r*l.cols : (r+1)*l.cols]
		var dot float64
		for j, v := range x {
			dot += float64(u[j] * v)
		}
		cos := float64(dot * inv)
		b := int((cos + 1) * CosBins / 2)
		l.hist[max(0, min(CosBins-1, b))]++
		l.absCos += math.Abs(cos)
	}
}

// BeforeStep records the raw weights; call it just before the optimiser's
// Step, and AfterStep just after.
func (p *Probe) BeforeStep() {
	for i := range p.layers {
		copy(p.layers[i].prev, p.layers[i].w.Data)
	}
}

// AfterStep adds the step since BeforeStep to StepSize and StepAngle.
func (p *Probe) AfterStep() {
	for i := range p.layers {
		l := &p.layers[i]
		var rel, angle float64
		rows := 0
		for r := 0; r < l.rows; r++ {
			a := l.prev[r*l.cols : (r+1)*l.cols]
			b := l.w.Data[r*l.cols : (r+1)*l.cols]
			var aa, bb, ab, dd float64
			for j := range a {
				x, y := float64(a[j]), float64(b[j])
				aa += float64(x * x)
				bb += float64(y * y)
				ab += float64(x * y)
				d := y - x
				dd += float64(d * d)
			}
			if aa == 0 || bb == 0 {
				continue
			}
			rows++
			rel += math.Sqrt(dd / aa)
			// The angle as atan2(|b⊥|, b·â), accurate for tiny steps too:
			// |b⊥|² = |b|² − (b·â)² computed as |b − (b·â)â|².
			na := math.Sqrt(aa)
			along := ab / na
			proj := along / na // b's component along a, per unit of a
			var perp float64
			for j := range a {
				x, y := float64(a[j]), float64(b[j])
				q := y - float64(proj*x)
				perp += float64(q * q)
			}
			angle += math.Atan2(math.Sqrt(perp), along)
		}
		if rows > 0 {
			l.stepSum += rel / float64(rows)
			l.angleSum += angle / float64(rows)
		}
	}
	p.steps++
}

// Result returns the averages since the last Reset (zeros where nothing was
// observed or measured) and the weights, gains and logit scale as they are
// now. It allocates the result.
func (p *Probe) Result() Diagnostics {
	d := Diagnostics{Images: p.images, Steps: p.steps, LogitScale: 1, Layers: make([]LayerDiagnostics, len(p.layers))}
	if last, ok := p.m.layers[len(p.m.layers)-1].(*denseLayer); ok {
		d.LogitScale = float64(last.logitScale())
	}
	if p.images > 0 {
		d.MaxLogit = p.maxLogit / float64(p.images)
		d.Entropy = p.entropy / float64(p.images)
	}
	for i := range p.layers {
		l := &p.layers[i]
		ld := LayerDiagnostics{Name: l.name, CosHist: make([]float64, CosBins), Gain: 1,
			WeightNorm: meanRowNorm(l.w.Data, l.rows, l.cols)}
		if l.normCount > 0 {
			ld.InputNorm = l.normSum / l.normCount
		}
		if l.sampled > 0 {
			ld.ZeroInputs = float64(l.zero) / float64(l.sampled)
		}
		if pairs := (l.sampled - l.zero) * int64(l.rows); pairs > 0 {
			for b, c := range l.hist {
				ld.CosHist[b] = float64(c) / float64(pairs)
			}
			ld.MeanAbsCos = l.absCos / float64(pairs)
		}
		var g *Param
		if l.conv != nil {
			g = l.conv.g
		} else {
			g = l.dense.g
		}
		if g != nil {
			var s float64
			for _, v := range g.Data {
				s += float64(v)
			}
			ld.Gain = s / float64(len(g.Data))
		}
		if p.steps > 0 {
			ld.StepSize = l.stepSum / float64(p.steps)
			ld.StepAngle = l.angleSum / float64(p.steps)
		}
		d.Layers[i] = ld
	}
	return d
}
