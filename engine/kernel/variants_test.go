package kernel

import (
	"math/rand"
	"testing"
	"time"
)

func TestTilingsBitExact(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for _, s := range []shape{{1, 1, 1}, {7, 13, 3}, {13, 7, 13}, {16, 33, 27}, {5, 9, 0}} {
		a, b := randSlice(rng, s.m*s.k), randSlice(rng, s.k*s.n)
		for fi, nf := range []product{NaiveMatMul, NaiveMatMulTransB, NaiveMatMulTransA} {
			want := make([]float32, s.m*s.n)
			nf(want, a, b, s.m, s.n, s.k, false)
			aT, bT := fi == 2, fi == 1
			for _, v := range variantTilings {
				got := make([]float32, s.m*s.n)
				portable(v.tl, got, a, b, s.m, s.n, s.k, aT, bT, false)
				if i := sameBits(got, want); i >= 0 {
					t.Errorf("tiling %s form %d %+v: element %d = %v, naive %v", v.name, fi, s, i, got[i], want[i])
				}
			}
		}
	}
}

// BenchmarkTilingsInterleaved runs the tile shapes round-robin and reports,
// per shape, the best of many single calls. On a shared, loaded machine the
// minimum is far more stable than an average, and interleaving exposes every
// shape to the same conditions. Run with -benchtime 1x.
func BenchmarkTilingsInterleaved(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	cases := []struct {
		name    string
		m, n, k int
		aT, bT  bool
	}{
		{"full-conv2-fwd", 32, 900, 288, false, false},
		{"full-conv2-dW", 32, 288, 900, false, true},
		{"full-conv2-dX", 288, 900, 32, true, false},
		{"full-conv4-fwd", 64, 169, 576, false, false},
		{"full-dense1-fwd", 32, 512, 2304, false, false},
		{"reduced-conv3-fwd", 32, 225, 144, false, false},
	}
	const rounds = 40
	for _, cs := range cases {
		a, bb := randSlice(rng, cs.m*cs.k), randSlice(rng, cs.k*cs.n)
		c := make([]float32, cs.m*cs.n)
		b.Run(cs.name, func(b *testing.B) {
			best := make([]time.Duration, len(variantTilings))
			for r := 0; r < rounds*b.N; r++ {
				for vi, v := range variantTilings {
					start := time.Now()
					portable(v.tl, c, a, bb, cs.m, cs.n, cs.k, cs.aT, cs.bT, false)
					if d := time.Since(start); r == 0 || d < best[vi] {
						best[vi] = d
					}
				}
			}
			for vi, v := range variantTilings {
				b.ReportMetric(2*float64(cs.m*cs.n*cs.k)/best[vi].Seconds()/1e9, v.name+"-GFLOP/s")
			}
		})
	}
}
