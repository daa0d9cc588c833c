package nn_test

import (
	"math"
	"strings"
	"testing"

	"hypersphere/engine/nn"
)

// A float64 reference of the whole mini-VGG written from the formulas in
// doc.go, independent of the engine's code (no im2col, no matrix products,
// no shared helpers): each variant's logits and loss come from it, and its
// gradients from central differences of its loss. The engine must match
// within the tolerances the PyTorch golden vectors use.

// refModel holds float64 copies of a model's parameters by name.
type refModel struct {
	cfg nn.Config
	p   map[string][]float64
}

// refTensor is one C×H×W activation.
type refTensor struct {
	c, h, w int
	v       []float64
}

// normRow returns the weight row scaled as the variant's forward pass uses
// it: w/(|w|+1e-8), times the gain and the logit scale if any.
func (r *refModel) row(name string, o, size int, norm bool, scale float64) []float64 {
	w := r.p[name+".w"][o*size : (o+1)*size]
	out := append([]float64(nil), w...)
	if !norm {
		return out
	}
	var ss float64
	for _, v := range w {
		ss += v * v
	}
	f := scale / (math.Sqrt(ss) + 1e-8)
	if g, ok := r.p[name+".g"]; ok {
		f *= g[o]
	}
	for i := range out {
		out[i] *= f
	}
	return out
}

func (r *refModel) conv(name string, x refTensor, outC, pad int) refTensor {
	oh, ow := x.h+2*pad-2, x.w+2*pad-2
	y := refTensor{outC, oh, ow, make([]float64, outC*oh*ow)}
	size := x.c * 9
	for o := 0; o < outC; o++ {
		w := r.row(name, o, size, r.cfg.NormConv, 1)
		var b float64
		if bias, ok := r.p[name+".b"]; ok {
			b = bias[o]
		}
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				var dot, xx float64
				for ci := 0; ci < x.c; ci++ {
					for ky := 0; ky < 3; ky++ {
						for kx := 0; kx < 3; kx++ {
							iy, ix := oy+ky-pad, ox+kx-pad
							if iy < 0 || iy >= x.h || ix < 0 || ix >= x.w {
								continue
							}
							v := x.v[(ci*x.h+iy)*x.w+ix]
							dot += w[(ci*3+ky)*3+kx] * v
							xx += v * v
						}
					}
				}
				if r.cfg.CosineConv {
					dot /= math.Sqrt(xx) + 1e-4
				}
				y.v[(o*oh+oy)*ow+ox] = dot + b
			}
		}
	}
	return y
}

func (r *refModel) dense(name string, x []float64, outN int, scale float64) []float64 {
	in := append([]float64(nil), x...)
	if r.cfg.CosineDense {
		var xx float64
		for _, v := range x {
			xx += v * v
		}
		for i := range in {
			in[i] /= math.Sqrt(xx) + 1e-4
		}
	}
	y := make([]float64, outN)
	for o := range y {
		w := r.row(name, o, len(x), r.cfg.NormDense, scale)
		y[o] = r.p[name+".b"][o]
		for i, v := range in {
			y[o] += w[i] * v
		}
	}
	return y
}

func (r *refModel) act(x []float64) {
	for i, v := range x {
		switch {
		case v > 0:
		case r.cfg.Activation == "elu":
			x[i] = math.Exp(v) - 1
		default:
			x[i] = 0
		}
	}
}

func refPool(x refTensor) refTensor {
	y := refTensor{x.c, x.h / 2, x.w / 2, nil}
	for c := 0; c < y.c; c++ {
		for oy := 0; oy < y.h; oy++ {
			for ox := 0; ox < y.w; ox++ {
				m := math.Inf(-1)
				for d := 0; d < 4; d++ {
					m = math.Max(m, x.v[(c*x.h+2*oy+d/2)*x.w+2*ox+d%2])
				}
				y.v = append(y.v, m)
			}
		}
	}
	return y
}

// logits runs one image (3×32×32 in [0, 1]) through the network, dropout
// off.
func (r *refModel) logits(img []float64) []float64 {
	w := r.cfg.Widths
	x := refTensor{3, 32, 32, img}
	x = r.conv("conv1", x, w.Conv1, 1)
	r.act(x.v)
	x = r.conv("conv2", x, w.Conv2, 0)
	r.act(x.v)
	x = refPool(x)
	x = r.conv("conv3", x, w.Conv3, 1)
	r.act(x.v)
	x = r.conv("conv4", x, w.Conv4, 0)
	r.act(x.v)
	x = refPool(x)
	h := r.dense("dense1", x.v, w.Dense1, 1)
	r.act(h)
	s := 1.0
	if r.cfg.LogitScale != 0 {
		s = r.cfg.LogitScale
		if l, ok := r.p["dense2.s"]; ok {
			s = l[0]
		}
	}
	return r.dense("dense2", h, nn.Classes, s)
}

// loss is the mean softmax cross-entropy over the images.
func (r *refModel) loss(imgs [][]float64, labels []uint8) float64 {
	var total float64
	for i, img := range imgs {
		z := r.logits(img)
		m := math.Inf(-1)
		for _, v := range z {
			m = math.Max(m, v)
		}
		var s float64
		for _, v := range z {
			s += math.Exp(v - m)
		}
		total += math.Log(s) - (z[labels[i]] - m)
	}
	return total / float64(len(imgs))
}

// fdPerTensor bounds the finite differences per parameter tensor.
const fdPerTensor = 24

func TestVariantsMatchReference(t *testing.T) {
	const n = 2
	x, labels := cifarBatch(t, n)
	imgs := make([][]float64, n)
	for i := range imgs {
		imgs[i] = make([]float64, nn.ImageSize)
		for j := range imgs[i] {
			imgs[i][j] = float64(x[i*nn.ImageSize+j])
		}
	}
	base := experiment(t, "reduced", "baseline")
	base.Widths = nn.Widths{Conv1: 3, Conv2: 3, Conv3: 4, Conv4: 4, Dense1: 6}
	base.ConvBias = true
	configs := map[string]nn.Config{}
	names := append([]string(nil), nn.AllVariantNames...)
	for _, name := range names {
		cfg, err := nn.VariantConfig(name, base)
		if err != nil {
			t.Fatal(err)
		}
		configs[name] = cfg
	}
	// Two combinations no named variant uses: a fixed logit scale, and a
	// gain on the convolutions with cosine dense layers.
	fixed := configs["norm_conv_dense"]
	fixed.LogitScale = 16
	conf2 := configs["norm_conv_dense"]
	conf2.GainConv, conf2.CosineDense = true, true
	configs["fixed_scale_16"], configs["gain_conv_cosine_dense"] = fixed, conf2
	names = append(names, "fixed_scale_16", "gain_conv_cosine_dense")
	for _, name := range names {
		cfg := configs[name]
		t.Run(name, func(t *testing.T) {
			m, err := nn.New(cfg, n, 7)
			if err != nil {
				t.Fatal(err)
			}
			// Move every parameter off its neutral start (biases 0, gains
			// 1, s at its initial value) so that each one is exercised.
			ref := &refModel{cfg: cfg, p: map[string][]float64{}}
			for k, p := range m.Params() {
				for i := range p.Data {
					d := float32(0.05 * math.Sin(float64(13*k+7*i+1)))
					switch {
					case strings.HasSuffix(p.Name, ".b"):
						p.Data[i] = d
					case strings.HasSuffix(p.Name, ".g"):
						p.Data[i] = 1 + 4*d
					case strings.HasSuffix(p.Name, ".s"):
						p.Data[i] = 2.5
					}
				}
				ref.p[p.Name] = make([]float64, len(p.Data))
				for i, v := range p.Data {
					ref.p[p.Name][i] = float64(v)
				}
			}
			logits := m.Forward(x, n, false)
			var want []float64
			for _, img := range imgs {
				want = append(want, ref.logits(img)...)
			}
			eLogits := relErr(logits, want)
			loss, _ := m.Loss(labels)
			wantLoss := ref.loss(imgs, labels)
			eLoss := math.Abs(loss-wantLoss) / wantLoss
			m.Backward()
			if eLogits > tolTensor || eLoss > tolLoss {
				t.Errorf("logits relative error %.3g, loss %.3g (tolerance %g)", eLogits, eLoss, tolTensor)
			}
			worst := 0.0
			for _, p := range m.Params() {
				// Up to fdPerTensor evenly spaced elements per tensor keep
				// the test quick; the error norm is over those.
				cnt := min(len(p.Data), fdPerTensor)
				num := make([]float64, cnt)
				got := make([]float32, cnt)
				v := ref.p[p.Name]
				for j := range num {
					i := j * len(v) / cnt
					got[j] = p.Grad[i]
					orig := v[i]
					h := 1e-6 * math.Max(1, math.Abs(orig))
					v[i] = orig + h
					lp := ref.loss(imgs, labels)
					v[i] = orig - h
					lm := ref.loss(imgs, labels)
					v[i] = orig
					num[j] = (lp - lm) / (2 * h)
				}
				e := relErr(got, num)
				worst = math.Max(worst, e)
				if !(e <= tolTensor) {
					t.Errorf("d loss / d %s: relative error %.3g > %g", p.Name, e, tolTensor)
				}
			}
			t.Logf("logits %.2g, loss %.2g, worst gradient %.2g", eLogits, eLoss, worst)
		})
	}
}
