package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// probeModel builds a small model of the variant name with perturbed
// parameters and runs one evaluation Forward of n random images.
func probeModel(t *testing.T, name string, n int) (*Model, []float32) {
	t.Helper()
	base := Config{Widths: Widths{4, 5, 6, 6, 8}, Activation: "relu", ConvBias: true, DropoutConv: 0.25, DropoutDense: 0.5}
	cfg, err := VariantConfig(name, base)
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(cfg, n, 11)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(41, 42))
	for _, p := range m.Params() {
		if p.Name[len(p.Name)-1] != 'w' {
			copy(p.Data, randSlice(rng, len(p.Data), 0.5, 1.5)) // biases, gains, scale
		}
	}
	x := randSlice(rng, n*ImageSize, 0, 1)
	for c := 0; c < ImageC; c++ { // image 0's top 8 rows black: zero patches in conv1
		clear(x[c*ImageH*ImageW : c*ImageH*ImageW+8*ImageW])
	}
	if m.Forward(x, n, false) == nil {
		t.Fatal(m.Err())
	}
	return m, x
}

// TestProbeMatchesDefinition recomputes every data-dependent diagnostic from
// its definition in float64 and compares.
func TestProbeMatchesDefinition(t *testing.T) {
	const n = 3
	for _, name := range []string{"baseline", "gain_conv_dense", "cosine_conv_dense_scaled"} {
		t.Run(name, func(t *testing.T) {
			m, _ := probeModel(t, name, n)
			p := NewProbe(m)
			p.Observe()
			p.Observe() // twice the same batch: the means are unchanged
			d := p.Result()
			if d.Images != 2*n || d.Steps != 0 {
				t.Errorf("Images %d, Steps %d", d.Images, d.Steps)
			}
			// Logit scale: mean max logit and softmax entropy.
			var maxL, ent float64
			z := m.logits()
			for i := 0; i < n; i++ {
				row := z[i*Classes : (i+1)*Classes]
				mx := math.Inf(-1)
				for _, v := range row {
					mx = math.Max(mx, float64(v))
				}
				var s float64
				for _, v := range row {
					s += math.Exp(float64(v))
				}
				for _, v := range row {
					q := math.Exp(float64(v)) / s
					ent -= q * math.Log(q) / n
				}
				maxL += mx / n
			}
			if math.Abs(d.MaxLogit-maxL) > 1e-9 || math.Abs(d.Entropy-ent) > 1e-9 {
				t.Errorf("max logit %v entropy %v, want %v %v", d.MaxLogit, d.Entropy, maxL, ent)
			}
			wantScale := 1.0
			if s := m.cfg.LogitScale; s != 0 {
				wantScale = float64(m.layers[len(m.layers)-1].(*denseLayer).sParam.Data[0])
			}
			if d.LogitScale != wantScale {
				t.Errorf("logit scale %v, want %v", d.LogitScale, wantScale)
			}
			if z := d.Layers[0].ZeroInputs; z == 0 {
				t.Error("conv1 saw no zero patch in a half-black image")
			}
			for li, s := range m.stats {
				ld := d.Layers[li]
				if ld.Name != s.layer.Name() {
					t.Fatalf("layer %d named %s, want %s", li, ld.Name, s.layer.Name())
				}
				// Observed twice: images 0 and 4 of the stream, that is
				// image 0 of the first batch and image 1 of the second.
				checkLayerDiagnostics(t, s.layer, ld, n, []int{0, 1})
			}
		})
	}
}

// checkLayerDiagnostics compares ld with the definitions for layer l.
func checkLayerDiagnostics(t *testing.T, l weighted, ld LayerDiagnostics, n int, cosImages []int) {
	t.Helper()
	w := l.weight()
	rows := w.Shape[0]
	cols := len(w.Data) / rows
	// The inputs whose norms count and those whose cos θ is sampled.
	var all, sampled [][]float64
	switch c := l.(type) {
	case *convLayer:
		plane := c.out.H * c.out.W
		for img := 0; img < n; img++ {
			x := c.x[img*c.in.Size() : (img+1)*c.in.Size()]
			for pos := 0; pos < plane; pos++ {
				patch := make([]float64, 0, cols)
				oy, ox := pos/c.out.W, pos%c.out.W
				for ci := 0; ci < c.in.C; ci++ {
					for ky := 0; ky < 3; ky++ {
						for kx := 0; kx < 3; kx++ {
							iy, ix := oy+ky-c.pad, ox+kx-c.pad
							v := 0.0
							if iy >= 0 && iy < c.in.H && ix >= 0 && ix < c.in.W {
								v = float64(x[(ci*c.in.H+iy)*c.in.W+ix])
							}
							patch = append(patch, v)
						}
					}
				}
				all = append(all, patch)
			}
		}
		for _, img := range cosImages {
			for j := 0; j < cosSamples; j++ { // evenly spaced positions
				sampled = append(sampled, all[img*plane+(2*j+1)*plane/(2*cosSamples)])
			}
		}
	case *denseLayer:
		for img := 0; img < n; img++ {
			v := make([]float64, cols)
			for j := range v {
				v[j] = float64(c.x[img*cols+j])
			}
			all = append(all, v)
		}
		for _, img := range cosImages {
			sampled = append(sampled, all[img])
		}
	}
	norm := func(v []float64) float64 {
		var s float64
		for _, x := range v {
			s += x * x
		}
		return math.Sqrt(s)
	}
	var meanNorm float64
	for _, v := range all {
		meanNorm += norm(v) / float64(len(all))
	}
	if math.Abs(ld.InputNorm-meanNorm) > 1e-9*meanNorm {
		t.Errorf("%s: InputNorm %v, want %v", l.Name(), ld.InputNorm, meanNorm)
	}
	var hist [CosBins]float64
	var zero, pairs, absCos float64
	for _, v := range sampled {
		nv := norm(v)
		if nv == 0 {
			zero++
			continue
		}
		for r := 0; r < rows; r++ {
			wr := w.Data[r*cols : (r+1)*cols]
			var dot, ww float64
			for j, x := range v {
				dot += float64(wr[j]) * x
				ww += float64(wr[j]) * float64(wr[j])
			}
			cos := dot / (math.Sqrt(ww) * nv)
			hist[min(CosBins-1, int((cos+1)/2*CosBins))]++
			absCos += math.Abs(cos)
			pairs++
		}
	}
	if want := zero / float64(len(sampled)); ld.ZeroInputs != want {
		t.Errorf("%s: ZeroInputs %v, want %v", l.Name(), ld.ZeroInputs, want)
	}
	// Bins may differ by a pair sitting on a bin edge (rounding).
	var diff, total float64
	for b := range hist {
		diff += math.Abs(ld.CosHist[b]*pairs - hist[b])
		total += ld.CosHist[b]
	}
	if diff > 2 || math.Abs(total-1) > 1e-9 {
		t.Errorf("%s: CosHist %v (sum %v), want counts %v of %v pairs", l.Name(), ld.CosHist, total, hist, pairs)
	}
	if math.Abs(ld.MeanAbsCos-absCos/pairs) > 1e-9 {
		t.Errorf("%s: MeanAbsCos %v, want %v", l.Name(), ld.MeanAbsCos, absCos/pairs)
	}
	if math.Abs(ld.WeightNorm-meanRowNorm(w.Data, rows, cols)) != 0 {
		t.Errorf("%s: WeightNorm %v", l.Name(), ld.WeightNorm)
	}
	wantGain := 1.0
	var g *Param
	switch c := l.(type) {
	case *convLayer:
		g = c.g
	case *denseLayer:
		g = c.g
	}
	if g != nil {
		wantGain = 0
		for _, v := range g.Data {
			wantGain += float64(v) / float64(len(g.Data))
		}
	}
	if math.Abs(ld.Gain-wantGain) > 1e-12 {
		t.Errorf("%s: Gain %v, want %v", l.Name(), ld.Gain, wantGain)
	}
}

// TestCosineLayerReportsItsOwnCosines: in a cosine conv layer without bias
// the output at a sampled position is cos θ itself (up to ε), so the
// histogram must agree with the layer's own output there (the image has
// some zero patches, which both leave out).
func TestCosineLayerReportsItsOwnCosines(t *testing.T) {
	m, _ := probeModel(t, "cosine_conv", 1)
	c := m.stats[0].layer.(*convLayer)
	p := NewProbe(m)
	plane := c.out.H * c.out.W
	var hist [CosBins]int
	x := m.input[:ImageSize]
	y := append([]float32(nil), c.Forward(x, 1, false)...)
	pairs := 0
	for j := 0; j < cosSamples; j++ {
		pos := (2*j + 1) * plane / (2 * cosSamples)
		if c.colN[pos] == 0 { // a zero patch: no cos θ (the output is the bias)
			continue
		}
		pairs += c.out.C
		for o := 0; o < c.out.C; o++ {
			cos := float64(y[o*plane+pos] - c.b.Data[o])
			hist[min(CosBins-1, int((cos+1)/2*CosBins))]++
		}
	}
	p.Observe()
	got := p.Result().Layers[0].CosHist
	var diff float64
	for b := range hist {
		diff += math.Abs(got[b]*float64(pairs) - float64(hist[b]))
	}
	if diff > 2 || pairs == 0 || pairs == cosSamples*c.out.C {
		t.Errorf("probe histogram %v, layer outputs give %v", got, hist)
	}
}

// TestProbeSteps measures one Adam-like update written by hand and compares
// StepSize and StepAngle with their definitions.
func TestProbeSteps(t *testing.T) {
	m, _ := probeModel(t, "norm_conv_dense", 2)
	p := NewProbe(m)
	rng := rand.New(rand.NewPCG(43, 44))
	type snap struct{ before, after []float32 }
	snaps := map[string]snap{}
	for step := 0; step < 2; step++ {
		p.BeforeStep()
		for _, s := range m.stats {
			w := s.layer.weight()
			before := append([]float32(nil), w.Data...)
			for i := range w.Data {
				w.Data[i] += float32(1e-3 * (2*rng.Float64() - 1))
			}
			snaps[w.Name+string(rune('0'+step))] = snap{before, append([]float32(nil), w.Data...)}
		}
		p.AfterStep()
	}
	d := p.Result()
	if d.Steps != 2 || d.Images != 0 {
		t.Fatalf("Steps %d Images %d", d.Steps, d.Images)
	}
	for li, s := range m.stats {
		w := s.layer.weight()
		rows := w.Shape[0]
		cols := len(w.Data) / rows
		var rel, ang float64
		for step := 0; step < 2; step++ {
			sn := snaps[w.Name+string(rune('0'+step))]
			for r := 0; r < rows; r++ {
				var aa, bb, ab, dd float64
				for j := r * cols; j < (r+1)*cols; j++ {
					a, b := float64(sn.before[j]), float64(sn.after[j])
					aa, bb, ab, dd = aa+a*a, bb+b*b, ab+a*b, dd+(b-a)*(b-a)
				}
				rel += math.Sqrt(dd/aa) / float64(2*rows)
				ang += math.Acos(math.Min(1, ab/math.Sqrt(aa*bb))) / float64(2*rows)
			}
		}
		ld := d.Layers[li]
		if math.Abs(ld.StepSize-rel) > 1e-9*rel || math.Abs(ld.StepAngle-ang) > 1e-4*ang {
			t.Errorf("%s: StepSize %v StepAngle %v, want %v %v", ld.Name, ld.StepSize, ld.StepAngle, rel, ang)
		}
		if !(ld.StepAngle > 0 && ld.StepAngle <= ld.StepSize*1.0001) {
			t.Errorf("%s: the angle %v exceeds the relative step %v", ld.Name, ld.StepAngle, ld.StepSize)
		}
	}
	p.Reset()
	if d := p.Result(); d.Steps != 0 || d.Layers[0].StepSize != 0 || d.Layers[0].InputNorm != 0 {
		t.Errorf("after Reset: %+v", d.Layers[0])
	}
}

func TestProbeDoesNotAllocate(t *testing.T) {
	m, _ := probeModel(t, "cosine_conv_dense_scaled", 2)
	p := NewProbe(m)
	if a := testing.AllocsPerRun(3, func() { p.Observe() }); a != 0 {
		t.Errorf("Observe allocates %v times", a)
	}
	if a := testing.AllocsPerRun(3, func() { p.BeforeStep(); p.AfterStep() }); a != 0 {
		t.Errorf("BeforeStep+AfterStep allocate %v times", a)
	}
}
