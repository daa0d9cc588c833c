package kernel

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"sync"
	"testing"
)

// product is one of the three product forms, with MatMul's signature.
type product func(c, a, b []float32, m, n, k int, accumulate bool)

// impl groups the three forms of one implementation.
type impl struct {
	name                   string
	matMul, transB, transA product
	bitExact               bool // must equal the naive loops bit for bit
}

// form names a product form and picks it out of an impl.
type form struct {
	name string
	get  func(impl) product
}

var (
	naive = impl{"naive", NaiveMatMul, NaiveMatMulTransB, NaiveMatMulTransA, true}
	forms = []form{
		{"MatMul", func(i impl) product { return i.matMul }},
		{"TransB", func(i impl) product { return i.transB }},
		{"TransA", func(i impl) product { return i.transA }},
	}
	// implsUnderTest lists every implementation compiled into this build;
	// gonum_test.go adds gonum natively.
	implsUnderTest = []impl{
		{"portable", PortableMatMul, PortableMatMulTransB, PortableMatMulTransA, true},
		{"api(" + Backend + ")", MatMul, MatMulTransB, MatMulTransA, Backend == "portable"},
	}
)

type shape struct{ m, n, k int }

// netShapes are the mini-VGG's products: per image for the convolutions
// (m = out channels, n = output pixels, k = in·9) and per batch of 32 for
// the first dense layer, reduced net then full net.
var netShapes = []struct {
	name string
	s    shape
}{
	{"reduced/conv1", shape{16, 1024, 27}},
	{"reduced/conv2", shape{16, 900, 144}},
	{"reduced/conv3", shape{32, 225, 144}},
	{"reduced/conv4", shape{32, 169, 288}},
	{"reduced/dense1", shape{32, 128, 1152}},
	{"full/conv1", shape{32, 1024, 27}},
	{"full/conv2", shape{32, 900, 288}},
	{"full/conv3", shape{64, 225, 288}},
	{"full/conv4", shape{64, 169, 576}},
	{"full/dense1", shape{32, 512, 2304}},
}

// testShapes are the net's forward shapes, their backward forms, and
// awkward sizes that are not multiples of any tile.
func testShapes() []shape {
	var out []shape
	for _, ns := range netShapes {
		s := ns.s
		out = append(out, s, shape{s.m, s.k, s.n}, shape{s.k, s.n, s.m})
	}
	odd := []int{1, 3, 7, 13}
	for _, m := range odd {
		for _, n := range odd {
			for _, k := range odd {
				out = append(out, shape{m, n, k})
			}
		}
	}
	return append(out, shape{5, 9, 0}, shape{0, 4, 3}, shape{4, 0, 3}, shape{2, 4, 1}, shape{17, 33, 65})
}

func randSlice(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.NormFloat64())
	}
	return s
}

// relErr returns |got-want|₂ / |want|₂ (or |got-want|₂ when want is zero).
func relErr(got, want []float32) float64 {
	var d, w float64
	for i := range want {
		e := float64(got[i]) - float64(want[i])
		d += e * e
		w += float64(want[i]) * float64(want[i])
	}
	if w == 0 {
		return math.Sqrt(d)
	}
	return math.Sqrt(d / w)
}

func sameBits(a, b []float32) int {
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return i
		}
	}
	return -1
}

func TestProductsAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(1337))
	for _, s := range testShapes() {
		a := randSlice(rng, s.m*s.k)
		b := randSlice(rng, s.k*s.n)
		c0 := randSlice(rng, s.m*s.n)
		for _, f := range forms {
			for _, acc := range []bool{false, true} {
				want := append([]float32(nil), c0...)
				f.get(naive)(want, a, b, s.m, s.n, s.k, acc)
				for _, im := range implsUnderTest {
					got := append([]float32(nil), c0...)
					if !acc {
						// Overwriting must not read the old contents.
						for i := range got {
							got[i] = float32(math.NaN())
						}
					}
					f.get(im)(got, a, b, s.m, s.n, s.k, acc)
					tag := fmt.Sprintf("%s %s m=%d n=%d k=%d acc=%v", im.name, f.name, s.m, s.n, s.k, acc)
					if e := relErr(got, want); !(e <= 1e-5) {
						t.Errorf("%s: relative error %g > 1e-5", tag, e)
					}
					if im.bitExact {
						if i := sameBits(got, want); i >= 0 {
							t.Errorf("%s: element %d = %v, naive %v (must be bit-identical)", tag, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
}

func TestProductsLeaveRestOfCAlone(t *testing.T) {
	// C may be a prefix of a larger buffer: nothing beyond m·n is touched.
	rng := rand.New(rand.NewSource(2))
	m, n, k := 7, 13, 9
	a, b := randSlice(rng, m*k), randSlice(rng, k*n)
	for _, im := range implsUnderTest {
		for _, f := range forms {
			c := make([]float32, m*n+5)
			for i := m * n; i < len(c); i++ {
				c[i] = 42
			}
			f.get(im)(c, a, b, m, n, k, false)
			for i := m * n; i < len(c); i++ {
				if c[i] != 42 {
					t.Fatalf("%s %s wrote c[%d] beyond m·n", im.name, f.name, i)
				}
			}
		}
	}
}

func TestPortableDeterministic(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	s := shape{33, 71, 129}
	a, b := randSlice(rng, s.m*s.k), randSlice(rng, s.k*s.n)
	for _, f := range forms {
		p := f.get(implsUnderTest[0])
		first := make([]float32, s.m*s.n)
		p(first, a, b, s.m, s.n, s.k, false)
		for run := 0; run < 3; run++ {
			again := make([]float32, s.m*s.n)
			p(again, a, b, s.m, s.n, s.k, false)
			if i := sameBits(first, again); i >= 0 {
				t.Fatalf("%s: run %d differs at %d: %v vs %v", f.name, run, i, again[i], first[i])
			}
		}
	}
}

// portableDigest hashes the bits of the portable kernel's results on fixed
// seeded inputs. The inputs come from math/rand's seeded source, which is the
// same on every platform.
func portableDigest() uint32 {
	rng := rand.New(rand.NewSource(2017))
	h := uint32(2166136261) // FNV-1a
	for _, s := range []shape{{16, 900, 144}, {13, 7, 300}, {32, 128, 1152}} {
		a, b := randSlice(rng, s.m*s.k), randSlice(rng, s.k*s.n)
		c := make([]float32, s.m*s.n)
		for _, f := range forms {
			f.get(implsUnderTest[0])(c, a, b, s.m, s.n, s.k, true)
			for _, v := range c {
				u := math.Float32bits(v)
				for i := 0; i < 4; i++ {
					h ^= u & 0xff
					h *= 16777619
					u >>= 8
				}
			}
		}
	}
	return h
}

// wantDigest is portableDigest's value, recorded natively on amd64 and
// checked under GOOS=js GOARCH=wasm and -tags purego. A failure on one
// platform means the kernel computes different bits there. If the summation
// order is changed on purpose, re-record it and re-run under wasm.
const wantDigest = 0x971c3c6a

func TestPortableDigest(t *testing.T) {
	if got := portableDigest(); got != wantDigest {
		t.Errorf("digest of portable results = %#x, want %#x", got, uint32(wantDigest))
	}
}

func TestConcurrentUse(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	type job struct {
		s       shape
		a, b    []float32
		want    []float32
		product product
	}
	var jobs []job
	for i, s := range []shape{{16, 900, 144}, {7, 13, 3}, {32, 128, 1152}, {64, 169, 576}} {
		f := forms[i%len(forms)]
		a, b := randSlice(rng, s.m*s.k), randSlice(rng, s.k*s.n)
		want := make([]float32, s.m*s.n)
		f.get(naive)(want, a, b, s.m, s.n, s.k, false)
		for _, im := range implsUnderTest {
			jobs = append(jobs, job{s, a, b, want, f.get(im)})
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, len(jobs)*4)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for r := 0; r < 3; r++ {
				for i := range jobs {
					j := jobs[(i+g)%len(jobs)]
					got := make([]float32, j.s.m*j.s.n)
					j.product(got, j.a, j.b, j.s.m, j.s.n, j.s.k, false)
					if e := relErr(got, j.want); !(e <= 1e-5) {
						errs <- fmt.Sprintf("goroutine %d job %d: relative error %g", g, i, e)
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestProductsDoNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	rng := rand.New(rand.NewSource(5))
	s := shape{32, 900, 288}
	a, b := randSlice(rng, s.m*s.k), randSlice(rng, s.k*s.n)
	c := make([]float32, s.m*s.n)
	for _, im := range implsUnderTest {
		for _, f := range forms {
			p := f.get(im)
			p(c, a, b, s.m, s.n, s.k, false) // warm up the buffer pool
			if n := testing.AllocsPerRun(20, func() { p(c, a, b, s.m, s.n, s.k, true) }); n != 0 {
				t.Errorf("%s %s: %v allocations per call, want 0", im.name, f.name, n)
			}
		}
	}
}

func TestBadSizesPanicWithMessage(t *testing.T) {
	for _, im := range implsUnderTest {
		for _, f := range forms {
			func() {
				defer func() {
					msg := fmt.Sprint(recover())
					if !strings.HasPrefix(msg, "kernel: ") || !strings.Contains(msg, "len(a)") {
						t.Errorf("%s %s: panic %q, want a kernel message about len(a)", im.name, f.name, msg)
					}
				}()
				f.get(im)(make([]float32, 6), make([]float32, 5), make([]float32, 6), 2, 3, 3, false)
			}()
		}
	}
}

type convGeom struct{ c, h, w, kh, kw, pad int }

func convGeoms() []convGeom {
	g := []convGeom{
		{3, 32, 32, 3, 3, 1}, {16, 32, 32, 3, 3, 0}, {16, 15, 15, 3, 3, 1}, {32, 15, 15, 3, 3, 0},
		{1, 1, 1, 1, 1, 0}, {2, 1, 1, 3, 3, 1}, {1, 2, 3, 3, 3, 2}, {2, 5, 4, 3, 2, 1},
		{1, 3, 3, 5, 5, 2}, {3, 7, 5, 1, 3, 0}, {2, 2, 2, 3, 3, 3}, {1, 6, 9, 2, 4, 1},
	}
	return g
}

func TestIm2ColAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	for _, g := range convGeoms() {
		oh, ow := g.h+2*g.pad-g.kh+1, g.w+2*g.pad-g.kw+1
		x := randSlice(rng, g.c*g.h*g.w)
		n := g.c * g.kh * g.kw * oh * ow
		want := make([]float32, n)
		NaiveIm2Col(want, x, g.c, g.h, g.w, g.kh, g.kw, g.pad)
		got := make([]float32, n+3)
		for i := range got {
			got[i] = float32(math.NaN()) // every element must be written
		}
		Im2Col(got, x, g.c, g.h, g.w, g.kh, g.kw, g.pad)
		if i := sameBits(got[:n], want); i >= 0 {
			t.Errorf("%+v: col[%d] = %v, naive %v", g, i, got[i], want[i])
		}
		for i := n; i < len(got); i++ {
			if !math.IsNaN(float64(got[i])) {
				t.Errorf("%+v: wrote col[%d] beyond its size", g, i)
			}
		}
	}
}

func TestCol2ImAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for _, g := range convGeoms() {
		oh, ow := g.h+2*g.pad-g.kh+1, g.w+2*g.pad-g.kw+1
		col := randSlice(rng, g.c*g.kh*g.kw*oh*ow)
		base := randSlice(rng, g.c*g.h*g.w) // Col2Im adds into x
		want := append([]float32(nil), base...)
		NaiveCol2Im(want, col, g.c, g.h, g.w, g.kh, g.kw, g.pad)
		got := append([]float32(nil), base...)
		Col2Im(got, col, g.c, g.h, g.w, g.kh, g.kw, g.pad)
		if i := sameBits(got, want); i >= 0 {
			t.Errorf("%+v: x[%d] = %v, naive %v", g, i, got[i], want[i])
		}
	}
}

func TestIm2ColAdjoint(t *testing.T) {
	// <Im2Col(x), c> = <x, Col2Im(c)> for every x and c.
	rng := rand.New(rand.NewSource(8))
	for _, g := range convGeoms() {
		oh, ow := g.h+2*g.pad-g.kh+1, g.w+2*g.pad-g.kw+1
		x := randSlice(rng, g.c*g.h*g.w)
		c := randSlice(rng, g.c*g.kh*g.kw*oh*ow)
		col := make([]float32, len(c))
		Im2Col(col, x, g.c, g.h, g.w, g.kh, g.kw, g.pad)
		back := make([]float32, len(x))
		Col2Im(back, c, g.c, g.h, g.w, g.kh, g.kw, g.pad)
		var lhs, rhs, scale float64
		for i := range c {
			lhs += float64(col[i]) * float64(c[i])
			scale += math.Abs(float64(col[i]) * float64(c[i]))
		}
		for i := range x {
			rhs += float64(x[i]) * float64(back[i])
		}
		if math.Abs(lhs-rhs) > 1e-5*(scale+1) {
			t.Errorf("%+v: <Im2Col(x),c> = %v, <x,Col2Im(c)> = %v", g, lhs, rhs)
		}
	}
}

func TestIm2ColDoesNotAllocate(t *testing.T) {
	g := convGeom{16, 32, 32, 3, 3, 1}
	x := make([]float32, g.c*g.h*g.w)
	col := make([]float32, g.c*9*32*32)
	if n := testing.AllocsPerRun(10, func() { Im2Col(col, x, g.c, g.h, g.w, g.kh, g.kw, g.pad) }); n != 0 {
		t.Errorf("Im2Col: %v allocations per call", n)
	}
	if n := testing.AllocsPerRun(10, func() { Col2Im(x, col, g.c, g.h, g.w, g.kh, g.kw, g.pad) }); n != 0 {
		t.Errorf("Col2Im: %v allocations per call", n)
	}
}

func TestIm2ColBadSizesPanic(t *testing.T) {
	defer func() {
		if msg := fmt.Sprint(recover()); !strings.Contains(msg, "kernel: Im2Col") {
			t.Errorf("panic %q, want a kernel message", msg)
		}
	}()
	Im2Col(make([]float32, 10), make([]float32, 9), 1, 3, 3, 3, 3, 1)
}
