package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// Finite-difference checks of every layer kind. Each check builds a small
// layer, takes L = Σ r·y for a fixed random r (summed in float64), and
// compares the analytic gradients from Backward(dy = r) with central
// differences (L(θ+h) − L(θ−h)) / (actual step), where the actual step is
// measured on the float32 values so that rounding of θ±h does not bias the
// quotient. Inputs avoid the kinks of ReLU and max-pool by more than h.

// randSlice returns n uniform values in [lo, hi).
func randSlice(rng *rand.Rand, n int, lo, hi float64) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(lo + (hi-lo)*rng.Float64())
	}
	return s
}

// relErrNorm returns |a − b|₂ / |b|₂.
func relErrNorm(a, b []float64) float64 {
	var num, den float64
	for i := range a {
		num += (a[i] - b[i]) * (a[i] - b[i])
		den += b[i] * b[i]
	}
	return math.Sqrt(num / den)
}

// gradCheck runs the finite-difference check of layer l on n images x.
// Forward may overwrite its input, so every evaluation starts from a copy.
func gradCheck(t *testing.T, l Layer, x []float32, n int, h, tol float64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 4))
	outSize := n * l.OutShape().Size()
	r := randSlice(rng, outSize, -1, 1)
	objective := func() float64 {
		xc := append([]float32(nil), x...)
		y := l.Forward(xc, n, true)
		if len(y) != outSize {
			t.Fatalf("%s: output has %d values, want %d", l.Name(), len(y), outSize)
		}
		var s float64
		for i, v := range y {
			s += float64(r[i]) * float64(v)
		}
		return s
	}
	// Analytic gradients.
	xc := append([]float32(nil), x...)
	l.Forward(xc, n, true)
	dx := make([]float32, len(x))
	l.Backward(append([]float32(nil), r...), dx, n)
	analytic := map[string][]float64{"input": toF64(dx)}
	for _, p := range l.Params() {
		analytic[p.Name] = toF64(p.Grad)
	}
	// Central differences.
	numeric := func(v []float32) []float64 {
		g := make([]float64, len(v))
		for i := range v {
			orig := v[i]
			plus, minus := float32(float64(orig)+h), float32(float64(orig)-h)
			v[i] = plus
			lp := objective()
			v[i] = minus
			lm := objective()
			v[i] = orig
			g[i] = (lp - lm) / (float64(plus) - float64(minus))
		}
		return g
	}
	check := func(name string, num []float64) {
		e := relErrNorm(analytic[name], num)
		if !(e <= tol) {
			t.Errorf("%s d/d%s: relative error %.3g > %.3g", l.Name(), name, e, tol)
		} else {
			t.Logf("%s d/d%s: relative error %.3g", l.Name(), name, e)
		}
	}
	check("input", numeric(x))
	for _, p := range l.Params() {
		check(p.Name, numeric(p.Data))
	}
}

func toF64(s []float32) []float64 {
	out := make([]float64, len(s))
	for i, v := range s {
		out[i] = float64(v)
	}
	return out
}

// awayFromZero returns values uniform in ±[lo, hi].
func awayFromZero(rng *rand.Rand, n int, lo, hi float64) []float32 {
	s := randSlice(rng, n, lo, hi)
	for i := range s {
		if rng.IntN(2) == 0 {
			s[i] = -s[i]
		}
	}
	return s
}

func TestGradConv(t *testing.T) {
	in := Shape{3, 6, 5}
	for _, pad := range []int{1, 0} {
		for _, bias := range []bool{false, true} {
			for _, norm := range []bool{false, true} {
				t.Run(fmt.Sprintf("pad%d/bias=%v/norm=%v", pad, bias, norm), func(t *testing.T) {
					rng := rand.New(rand.NewPCG(1, uint64(pad*4+btoi(bias)*2+btoi(norm))))
					c := newConv("conv", in, 4, pad, bias, norm, 2, nil)
					copy(c.w.Data, randSlice(rng, len(c.w.Data), -0.5, 0.5))
					if bias {
						copy(c.b.Data, randSlice(rng, len(c.b.Data), -0.5, 0.5))
					}
					want := Shape{4, in.H + 2*pad - 2, in.W + 2*pad - 2}
					if c.OutShape() != want {
						t.Fatalf("out shape %v, want %v", c.OutShape(), want)
					}
					h, tol := 1e-2, 2e-4 // linear in x and w: only rounding noise
					if norm {
						h, tol = 2e-3, 1e-3 // curvature of w/|w|
					}
					gradCheck(t, c, randSlice(rng, 2*in.Size(), -1, 1), 2, h, tol)
				})
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestConvMatchesDefinition compares Conv's forward pass with the
// convolution written out from its definition, in float64.
func TestConvMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	in := Shape{2, 5, 4}
	for _, pad := range []int{0, 1} {
		c := newConv("conv", in, 3, pad, true, false, 2, nil)
		copy(c.w.Data, randSlice(rng, len(c.w.Data), -1, 1))
		copy(c.b.Data, randSlice(rng, len(c.b.Data), -1, 1))
		x := randSlice(rng, 2*in.Size(), -1, 1)
		y := c.Forward(x, 2, false)
		out := c.OutShape()
		for i := 0; i < 2; i++ {
			for o := 0; o < out.C; o++ {
				for oy := 0; oy < out.H; oy++ {
					for ox := 0; ox < out.W; ox++ {
						s := float64(c.b.Data[o])
						for ci := 0; ci < in.C; ci++ {
							for ky := 0; ky < 3; ky++ {
								for kx := 0; kx < 3; kx++ {
									iy, ix := oy+ky-pad, ox+kx-pad
									if iy < 0 || iy >= in.H || ix < 0 || ix >= in.W {
										continue
									}
									s += float64(c.w.Data[((o*in.C+ci)*3+ky)*3+kx]) * float64(x[i*in.Size()+(ci*in.H+iy)*in.W+ix])
								}
							}
						}
						got := y[i*out.Size()+(o*out.H+oy)*out.W+ox]
						if math.Abs(float64(got)-s) > 1e-5 {
							t.Fatalf("pad %d image %d (%d,%d,%d): got %v, want %v", pad, i, o, oy, ox, got, s)
						}
						if e := c.exact(i, (o*out.H+oy)*out.W+ox); math.Abs(e-s) > 1e-12 {
							t.Fatalf("exact: got %v, want %v", e, s)
						}
					}
				}
			}
		}
	}
}

func TestGradDense(t *testing.T) {
	for _, norm := range []bool{false, true} {
		t.Run(fmt.Sprintf("norm=%v", norm), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(2, uint64(btoi(norm))))
			d := newDense("dense", Shape{3, 2, 2}, 5, norm, 3)
			copy(d.w.Data, randSlice(rng, len(d.w.Data), -0.5, 0.5))
			copy(d.b.Data, randSlice(rng, len(d.b.Data), -0.5, 0.5))
			h, tol := 1e-2, 2e-4
			if norm {
				h, tol = 2e-3, 1e-3
			}
			gradCheck(t, d, randSlice(rng, 3*12, -1, 1), 3, h, tol)
		})
	}
}

func TestGradActivations(t *testing.T) {
	shape := Shape{2, 3, 4}
	for _, kind := range []string{"relu", "elu"} {
		t.Run(kind, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 8))
			a := newActivation("act", kind, shape)
			// |x| >= 0.05 keeps ±h away from ReLU's kink and ELU's seam.
			gradCheck(t, a, awayFromZero(rng, 2*shape.Size(), 0.05, 2), 2, 1e-2, 5e-4)
		})
	}
}

func TestELUValues(t *testing.T) {
	a := newActivation("act", "elu", Shape{4, 1, 1})
	y := a.Forward([]float32{-2, -0.5, 0, 1.5}, 1, false)
	want := []float64{math.Exp(-2) - 1, math.Exp(-0.5) - 1, 0, 1.5}
	for i := range want {
		if math.Abs(float64(y[i])-want[i]) > 1e-7 {
			t.Errorf("elu(%d) = %v, want %v", i, y[i], want[i])
		}
	}
}

func TestGradMaxPool(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	in := Shape{2, 5, 7} // odd sizes: the last row and column are dropped
	p := newMaxPool("pool", in, 2)
	if want := (Shape{2, 2, 3}); p.OutShape() != want {
		t.Fatalf("out shape %v, want %v", p.OutShape(), want)
	}
	// Distinct values 0.05 apart: no window has two candidates within ±h.
	n := 2 * in.Size()
	x := make([]float32, n)
	for i, j := range rng.Perm(n) {
		x[i] = float32(j)*0.05 - 3
	}
	gradCheck(t, p, x, 2, 1e-2, 1e-4)
}

func TestMaxPoolValuesAndTies(t *testing.T) {
	p := newMaxPool("pool", Shape{1, 3, 4}, 1)
	x := []float32{
		1, 5, 2, 2,
		3, 4, 2, 2,
		9, 9, 9, 9, // dropped (floor)
	}
	y := p.Forward(x, 1, false)
	if y[0] != 5 || y[1] != 2 {
		t.Fatalf("pool = %v, want [5 2]", y)
	}
	if p.arg[1] != 2 { // tie: the first 2 in row-major order wins
		t.Errorf("tie went to %d, want 2", p.arg[1])
	}
	dx := make([]float32, 12)
	p.Backward([]float32{1, 7}, dx, 1)
	want := []float32{0, 1, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	for i := range want {
		if dx[i] != want[i] {
			t.Fatalf("dx = %v, want %v", dx, want)
		}
	}
}

// TestMaxPoolSettlesNearTies builds a window whose float32 values are one
// ulp apart in the wrong order and checks that the exact source decides.
func TestMaxPoolSettlesNearTies(t *testing.T) {
	p := newMaxPool("pool", Shape{1, 2, 2}, 1)
	a := float32(1.0612925)
	b := math.Nextafter32(a, 2) // float32 says b > a …
	p.src = fakeExact{0: 1.0612925733, 3: 1.0612925461, 1: 0, 2: 0}
	p.Forward([]float32{a, 0.5, 0.25, b}, 1, false)
	if p.arg[0] != 0 { // … but exactly a > b.
		t.Errorf("winner %d, want 0", p.arg[0])
	}
	p.src = nil
	p.Forward([]float32{a, 0.5, 0.25, b}, 1, false)
	if p.arg[0] != 3 {
		t.Errorf("without a source the winner is %d, want 3", p.arg[0])
	}
}

type fakeExact map[int]float64

func (f fakeExact) exact(img, idx int) float64 { return f[idx] }

func TestGradFlatten(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	in := Shape{3, 2, 2}
	f := newFlatten("flatten", in)
	if f.OutShape() != (Shape{12, 1, 1}) {
		t.Fatalf("out shape %v", f.OutShape())
	}
	x := randSlice(rng, 2*12, -1, 1)
	y := f.Forward(x, 2, false)
	for i := range x { // NCHW is already c·H·W + h·W + w
		if y[i] != x[i] {
			t.Fatalf("flatten reordered value %d", i)
		}
	}
	gradCheck(t, f, x, 2, 1e-2, 1e-4)
}

// fixedMask is a Dropout whose mask stays as set, so that finite
// differences see the same function on every evaluation.
type fixedMask struct{ *dropout }

func (f fixedMask) Forward(x []float32, n int, training bool) []float32 {
	f.training = true
	return f.apply(x, n)
}

func TestGradDropout(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	shape := Shape{2, 3, 3}
	d := newDropout("drop", shape, 0.25, rand.New(rand.NewPCG(1, 2)), 2)
	d.sample(2)
	gradCheck(t, fixedMask{d}, randSlice(rng, 2*shape.Size(), -1, 1), 2, 1e-2, 1e-4)
}

func TestDropoutStatistics(t *testing.T) {
	shape := Shape{10, 10, 10}
	d := newDropout("drop", shape, 0.25, rand.New(rand.NewPCG(1, 2)), 10)
	x := make([]float32, 10*shape.Size())
	for i := range x {
		x[i] = 1
	}
	y := d.Forward(x, 10, true)
	kept, sum := 0, 0.0
	for _, v := range y {
		if v != 0 {
			kept++
			if math.Abs(float64(v)-4.0/3) > 1e-6 {
				t.Fatalf("kept value %v, want 4/3", v)
			}
		}
		sum += float64(v)
	}
	frac := float64(kept) / float64(len(y))
	if math.Abs(frac-0.75) > 0.02 { // 10,000 draws: σ ≈ 0.004
		t.Errorf("kept fraction %.4f, want 0.75", frac)
	}
	if mean := sum / float64(len(y)); math.Abs(mean-1) > 0.03 {
		t.Errorf("mean output %.4f, want 1 (inverted dropout)", mean)
	}
	y = d.Forward(x, 10, false)
	for _, v := range y {
		if v != 1 {
			t.Fatal("dropout is not the identity when not training")
		}
	}
}

func TestGradSoftmaxCrossEntropy(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	n, k := 4, Classes
	logits := randSlice(rng, n*k, -3, 3)
	logits[5] = 40 // large logits must not overflow
	labels := []uint8{3, 0, 9, 5}
	d := make([]float32, n*k)
	softmaxCrossEntropy(d, logits, labels, n, k)
	num := make([]float64, n*k)
	const h = 1e-3
	for i := range logits {
		orig := logits[i]
		plus, minus := float32(float64(orig)+h), float32(float64(orig)-h)
		logits[i] = plus
		lp, _ := softmaxCrossEntropy(nil, logits, labels, n, k)
		logits[i] = minus
		lm, _ := softmaxCrossEntropy(nil, logits, labels, n, k)
		logits[i] = orig
		num[i] = (lp - lm) / (float64(plus) - float64(minus))
	}
	if e := relErrNorm(toF64(d), num); !(e <= 1e-4) {
		t.Errorf("d loss / d logits: relative error %.3g", e)
	} else {
		t.Logf("d loss / d logits: relative error %.3g", e)
	}
}

func TestSoftmaxCrossEntropyValues(t *testing.T) {
	// Uniform logits: loss log 10 whatever the label; huge logits stay finite.
	logits := []float32{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, -1000, 0, 0, 0, 0, 0, 0, 0, 0}
	loss, correct := softmaxCrossEntropy(nil, logits, []uint8{4, 0}, 2, Classes)
	if want := math.Log(10) / 2; math.Abs(loss-want) > 1e-12 {
		t.Errorf("loss %v, want %v", loss, want)
	}
	if correct != 1 { // image 0: argmax is class 0 (first of equal), not 4; image 1: 0
		t.Errorf("correct %d, want 1", correct)
	}
	p := make([]float32, 20)
	softmax(p, logits, 2, Classes)
	if p[0] != 0.1 || p[10] != 1 || p[11] != 0 {
		t.Errorf("softmax = %v", p)
	}
}

func TestWeightNormRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	rows, cols := 4, 7
	w := randSlice(rng, rows*cols, -3, 3)
	clear(w[cols : 2*cols]) // a zero row stays zero and gets gradient g/ε
	v := make([]float32, len(w))
	norms := make([]float64, rows)
	weightNormForward(v, w, norms, rows, cols)
	for r := 0; r < rows; r++ {
		var ss float64
		for _, x := range v[r*cols : (r+1)*cols] {
			ss += float64(x) * float64(x)
		}
		want := norms[r] / (norms[r] + weightNormEps)
		if math.Abs(math.Sqrt(ss)-want) > 1e-6 {
			t.Errorf("row %d: |v| = %v, want %v", r, math.Sqrt(ss), want)
		}
	}
	// The gradient is orthogonal to w (no radial component) for non-zero rows.
	g := randSlice(rng, len(w), -1, 1)
	gw := make([]float32, len(w))
	weightNormBackward(gw, g, w, norms, rows, cols)
	for r := 0; r < rows; r++ {
		var dot, gn float64
		for j := r * cols; j < (r+1)*cols; j++ {
			dot += float64(gw[j]) * float64(w[j])
			gn += float64(gw[j]) * float64(gw[j])
		}
		if r == 1 {
			if want := float64(g[cols]) / weightNormEps; math.Abs(float64(gw[cols])-want) > 1e-6*math.Abs(want) {
				t.Errorf("zero row: gradient %v, want %v", gw[cols], want)
			}
			continue
		}
		if c := math.Abs(dot) / (math.Sqrt(gn) * norms[r]); c > 1e-6 {
			t.Errorf("row %d: cos(grad, w) = %.3g, want 0", r, c)
		}
	}
}

// TestGradConvOptions checks the gain and cosine options of the conv layer:
// d/dx, d/dw, d/dg and d/db by finite differences.
func TestGradConvOptions(t *testing.T) {
	in := Shape{3, 5, 6}
	for _, pad := range []int{1, 0} {
		for _, opts := range []layerOpts{
			{norm: true, gain: true},
			{norm: true, cosine: true},
			{norm: true, gain: true, cosine: true},
		} {
			t.Run(fmt.Sprintf("pad%d/gain=%v/cosine=%v", pad, opts.gain, opts.cosine), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(21, uint64(pad*4+btoi(opts.gain)*2+btoi(opts.cosine))))
				c := newConvOpts("conv", in, 4, pad, true, opts, 2, nil)
				copy(c.w.Data, randSlice(rng, len(c.w.Data), -0.5, 0.5))
				copy(c.b.Data, randSlice(rng, len(c.b.Data), -0.5, 0.5))
				if opts.gain {
					copy(c.g.Data, randSlice(rng, len(c.g.Data), 0.5, 2))
				}
				if len(c.Params()) != 2+btoi(opts.gain) {
					t.Fatalf("params %d", len(c.Params()))
				}
				// Inputs away from zero keep every patch norm well above ε.
				gradCheck(t, c, awayFromZero(rng, 2*in.Size(), 0.1, 1), 2, 2e-3, 1e-3)
			})
		}
	}
}

// TestGradDenseOptions checks gain, fixed and learned logit scale and
// cosine normalisation of the dense layer, alone and combined.
func TestGradDenseOptions(t *testing.T) {
	for i, opts := range []layerOpts{
		{norm: true, gain: true},
		{norm: true, scale: 3},
		{norm: true, scale: 2.5, learnScale: true},
		{norm: true, cosine: true},
		{norm: true, cosine: true, scale: 4, learnScale: true},
		{norm: true, gain: true, cosine: true, scale: 1.5, learnScale: true},
	} {
		t.Run(fmt.Sprintf("gain=%v/scale=%v/learn=%v/cosine=%v", opts.gain, opts.scale, opts.learnScale, opts.cosine), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(22, uint64(i)))
			d := newDenseOpts("dense", Shape{3, 2, 2}, 5, opts, 3)
			copy(d.w.Data, randSlice(rng, len(d.w.Data), -0.5, 0.5))
			copy(d.b.Data, randSlice(rng, len(d.b.Data), -0.5, 0.5))
			if opts.gain {
				copy(d.g.Data, randSlice(rng, len(d.g.Data), 0.5, 2))
			}
			want := 2 + btoi(opts.gain) + btoi(opts.learnScale)
			if len(d.Params()) != want {
				t.Fatalf("%d params, want %d", len(d.Params()), want)
			}
			gradCheck(t, d, randSlice(rng, 3*12, -1, 1), 3, 2e-3, 1e-3)
		})
	}
}

// TestGainAndScaleValues checks the effective weights against the formula
// w = g·s·v/|v| written out in float64.
func TestGainAndScaleValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	d := newDenseOpts("dense", Shape{4, 1, 1}, 3, layerOpts{norm: true, gain: true, scale: 2, learnScale: true}, 1)
	copy(d.w.Data, randSlice(rng, 12, -1, 1))
	copy(d.g.Data, []float32{0.5, 1, 3})
	d.sParam.Data[0] = 1.5
	x := []float32{0.3, -0.2, 0.9, 0.1}
	y := d.Forward(x, 1, false)
	for o := 0; o < 3; o++ {
		var ss, dot float64
		for j := 0; j < 4; j++ {
			w := float64(d.w.Data[o*4+j])
			ss += w * w
			dot += w * float64(x[j])
		}
		want := float64(d.g.Data[o]) * 1.5 * dot / (math.Sqrt(ss) + 1e-8)
		if math.Abs(float64(y[o])-want) > 1e-6 {
			t.Errorf("unit %d: %v, want %v", o, y[o], want)
		}
	}
}

// TestCosineValues checks that a cosine conv layer without bias outputs
// cos θ between each patch and each filter (up to ε), that scaling the
// input changes nothing beyond ε, and that a zero patch gives the bias and finite gradients.
func TestCosineValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	in := Shape{2, 4, 4}
	c := newConvOpts("conv", in, 3, 0, false, layerOpts{norm: true, cosine: true}, 1, nil)
	copy(c.w.Data, randSlice(rng, len(c.w.Data), -1, 1))
	x := randSlice(rng, in.Size(), -1, 1)
	y := append([]float32(nil), c.Forward(append([]float32(nil), x...), 1, false)...)
	k := in.C * 9
	for o := 0; o < 3; o++ {
		for pos := 0; pos < 4; pos++ {
			oy, ox := pos/2, pos%2
			var dot, ww, xx float64
			for ci := 0; ci < in.C; ci++ {
				for ky := 0; ky < 3; ky++ {
					for kx := 0; kx < 3; kx++ {
						w := float64(c.w.Data[o*k+(ci*3+ky)*3+kx])
						v := float64(x[(ci*in.H+oy+ky)*in.W+ox+kx])
						dot, ww, xx = dot+w*v, ww+w*w, xx+v*v
					}
				}
			}
			want := dot / math.Sqrt(ww) / (math.Sqrt(xx) + cosineEps)
			if got := float64(y[o*4+pos]); math.Abs(got-want) > 1e-6 || math.Abs(got) > 1 {
				t.Errorf("filter %d position %d: %v, want cos θ = %v", o, pos, got, want)
			}
		}
	}
	scaled := make([]float32, len(x))
	for i, v := range x {
		scaled[i] = 37 * v
	}
	y2 := c.Forward(scaled, 1, false)
	for i := range y {
		// Only ε tells |x| from |37x|: the change is about ε/|x| ≈ 1e-4/2.
		if math.Abs(float64(y2[i]-y[i])) > 1e-4*math.Abs(float64(y[i]))+1e-6 {
			t.Fatalf("output %d changed from %v to %v when the input was scaled by 37", i, y[i], y2[i])
		}
	}
	// A zero input: every patch is zero, the output is the bias (none: 0).
	cb := newConvOpts("conv", in, 3, 1, true, layerOpts{norm: true, cosine: true}, 1, nil)
	copy(cb.w.Data, c.w.Data[:len(cb.w.Data)])
	copy(cb.b.Data, []float32{0.25, -0.5, 1})
	zero := make([]float32, in.Size())
	yz := cb.Forward(zero, 1, false)
	for i, v := range yz {
		if v != cb.b.Data[i/16] {
			t.Fatalf("zero input: output %d = %v, want the bias %v", i, v, cb.b.Data[i/16])
		}
	}
	dy := randSlice(rng, len(yz), -1, 1)
	dx := make([]float32, in.Size())
	cb.Backward(dy, dx, 1)
	for _, v := range append(append([]float32(nil), dx...), cb.w.Grad...) {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			t.Fatal("zero input: non-finite gradient")
		}
	}
}
