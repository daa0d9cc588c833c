package kernel

import (
	"math/rand"
	"testing"
	"time"
)

// benchImpls lists the implementations benchmarked in this build; gonum is
// added natively by gonum_test.go's init through implsUnderTest.
func benchImpls() []impl {
	out := []impl{naive}
	for _, im := range implsUnderTest {
		if im.name == "portable" || im.name == "gonum" {
			out = append(out, im)
		}
	}
	return out
}

// BenchmarkProducts measures every product form at the mini-VGG's shapes:
// forward C = W·col (m = out channels, n = pixels, k = in·9), the weight
// gradient dW = dY·colᵀ (TransB: m = out, n = in·9, k = pixels) and the input
// gradient dcol = Wᵀ·dY (TransA: m = in·9, n = pixels, k = out). Dense layers
// are per batch of 32. The metric is GFLOP/s = 2·m·n·k / time.
func BenchmarkProducts(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	for _, ns := range netShapes {
		s := ns.s
		cases := []struct {
			form    form
			m, n, k int
		}{
			{forms[0], s.m, s.n, s.k},
			{forms[1], s.m, s.k, s.n},
			{forms[2], s.k, s.n, s.m},
		}
		for _, cs := range cases {
			a := randSlice(rng, cs.m*cs.k)
			bb := randSlice(rng, cs.k*cs.n)
			c := make([]float32, cs.m*cs.n)
			for _, im := range benchImpls() {
				p := cs.form.get(im)
				b.Run(ns.name+"/"+cs.form.name+"/"+im.name, func(b *testing.B) {
					p(c, a, bb, cs.m, cs.n, cs.k, false)
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						p(c, a, bb, cs.m, cs.n, cs.k, false)
					}
					flops := 2 * float64(cs.m) * float64(cs.n) * float64(cs.k) * float64(b.N)
					b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
	}
}

// im2colGeoms are the reduced net's convolution inputs, one image each.
var im2colGeoms = []struct {
	name string
	g    convGeom
}{
	{"conv1", convGeom{3, 32, 32, 3, 3, 1}},
	{"conv2", convGeom{16, 32, 32, 3, 3, 0}},
	{"conv3", convGeom{16, 15, 15, 3, 3, 1}},
	{"conv4", convGeom{32, 15, 15, 3, 3, 0}},
}

// BenchmarkIm2Col compares Im2Col and Col2Im with their naive forms at the
// net's convolution inputs (reduced net, one image).
func BenchmarkIm2Col(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	for _, gg := range im2colGeoms {
		g := gg.g
		oh, ow := g.h+2*g.pad-g.kh+1, g.w+2*g.pad-g.kw+1
		x := randSlice(rng, g.c*g.h*g.w)
		col := randSlice(rng, g.c*g.kh*g.kw*oh*ow)
		run := func(name string, f func()) {
			b.Run(gg.name+"/"+name, func(b *testing.B) {
				b.SetBytes(int64(4 * len(col)))
				for i := 0; i < b.N; i++ {
					f()
				}
			})
		}
		run("Im2Col/naive", func() { NaiveIm2Col(col, x, g.c, g.h, g.w, g.kh, g.kw, g.pad) })
		run("Im2Col/fast", func() { Im2Col(col, x, g.c, g.h, g.w, g.kh, g.kw, g.pad) })
		run("Col2Im/naive", func() { NaiveCol2Im(x, col, g.c, g.h, g.w, g.kh, g.kw, g.pad) })
		run("Col2Im/fast", func() { Col2Im(x, col, g.c, g.h, g.w, g.kh, g.kw, g.pad) })
	}
}

// BenchmarkProductsInterleaved measures the same products as
// BenchmarkProducts, but runs the implementations round-robin and reports
// the best single call of each as "<impl>-GFLOP/s". On a shared machine the
// minimum over interleaved calls gives ratios that the load does not skew.
// Run with -benchtime 1x (each b.N adds four rounds).
func BenchmarkProductsInterleaved(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	impls := benchImpls()
	for _, ns := range netShapes {
		s := ns.s
		cases := []struct {
			form    form
			m, n, k int
		}{
			{forms[0], s.m, s.n, s.k},
			{forms[1], s.m, s.k, s.n},
			{forms[2], s.k, s.n, s.m},
		}
		for _, cs := range cases {
			a := randSlice(rng, cs.m*cs.k)
			bb := randSlice(rng, cs.k*cs.n)
			c := make([]float32, cs.m*cs.n)
			b.Run(ns.name+"/"+cs.form.name, func(b *testing.B) {
				best := make([]time.Duration, len(impls))
				for r := 0; r < 4*b.N+1; r++ {
					for i, im := range impls {
						p := cs.form.get(im)
						start := time.Now()
						p(c, a, bb, cs.m, cs.n, cs.k, false)
						d := time.Since(start)
						if r == 1 || (r > 1 && d < best[i]) { // round 0 warms up
							best[i] = d
						}
					}
				}
				flops := 2 * float64(cs.m) * float64(cs.n) * float64(cs.k)
				for i, im := range impls {
					b.ReportMetric(flops/best[i].Seconds()/1e9, im.name+"-GFLOP/s")
				}
			})
		}
	}
}

// BenchmarkIm2ColInterleaved runs Im2Col, Col2Im and their naive forms
// round-robin and reports the best single call of each in microseconds, which
// is robust to load on a shared machine. Run with -benchtime 1x.
func BenchmarkIm2ColInterleaved(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	for _, gg := range im2colGeoms {
		g := gg.g
		oh, ow := g.h+2*g.pad-g.kh+1, g.w+2*g.pad-g.kw+1
		x := randSlice(rng, g.c*g.h*g.w)
		col := randSlice(rng, g.c*g.kh*g.kw*oh*ow)
		fns := []struct {
			name string
			f    func()
		}{
			{"Im2Col-naive", func() { NaiveIm2Col(col, x, g.c, g.h, g.w, g.kh, g.kw, g.pad) }},
			{"Im2Col-fast", func() { Im2Col(col, x, g.c, g.h, g.w, g.kh, g.kw, g.pad) }},
			{"Col2Im-naive", func() { NaiveCol2Im(x, col, g.c, g.h, g.w, g.kh, g.kw, g.pad) }},
			{"Col2Im-fast", func() { Col2Im(x, col, g.c, g.h, g.w, g.kh, g.kw, g.pad) }},
		}
		b.Run(gg.name, func(b *testing.B) {
			best := make([]time.Duration, len(fns))
			for r := 0; r < 50*b.N+1; r++ {
				for i, fn := range fns {
					start := time.Now()
					fn.f()
					if d := time.Since(start); r == 1 || (r > 1 && d < best[i]) {
						best[i] = d
					}
				}
			}
			for i, fn := range fns {
				b.ReportMetric(float64(best[i].Nanoseconds())/1e3, fn.name+"-µs")
			}
		})
	}
}
