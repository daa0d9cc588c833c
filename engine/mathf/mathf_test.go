package mathf

import (
	"math"
	"math/big"
	"math/rand"
	"testing"
)

// refPrec is the working precision of the big.Float reference functions.
const refPrec = 256

var bigLn2 = func() *big.Float {
	// ln 2 = Σ_{n>=1} 1/(n·2^n).
	sum := new(big.Float).SetPrec(refPrec)
	for n := 1; n < refPrec+20; n++ {
		// SetMantExp takes its precision from the mantissa, so build
		// the mantissa at full precision.
		one := new(big.Float).SetPrec(refPrec).SetInt64(1)
		t := new(big.Float).SetMantExp(one, -n)
		t.Quo(t, new(big.Float).SetPrec(refPrec).SetInt64(int64(n)))
		sum.Add(sum, t)
	}
	return sum
}()

// refExp returns e**x to about 250 bits.
func refExp(x float64) *big.Float {
	bx := new(big.Float).SetPrec(refPrec).SetFloat64(x)
	k := math.Round(x / math.Ln2)
	r := new(big.Float).SetPrec(refPrec).Mul(bigLn2, big.NewFloat(k))
	r.Sub(bx, r)
	sum := new(big.Float).SetPrec(refPrec).SetInt64(1)
	term := new(big.Float).SetPrec(refPrec).SetInt64(1)
	for n := 1; n < 80; n++ {
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetInt64(int64(n)))
		sum.Add(sum, term)
	}
	return sum.SetMantExp(sum, int(k))
}

// refLog returns ln x to about 250 bits for finite x > 0.
func refLog(x float64) *big.Float {
	frac, e := math.Frexp(x) // frac in [0.5, 1)
	m := new(big.Float).SetPrec(refPrec).SetFloat64(frac)
	one := new(big.Float).SetPrec(refPrec).SetInt64(1)
	// ln m = 2·atanh(s), s = (m-1)/(m+1), |s| <= 1/3.
	s := new(big.Float).SetPrec(refPrec).Sub(m, one)
	s.Quo(s, new(big.Float).SetPrec(refPrec).Add(m, one))
	s2 := new(big.Float).SetPrec(refPrec).Mul(s, s)
	pow := new(big.Float).SetPrec(refPrec).Set(s)
	sum := new(big.Float).SetPrec(refPrec)
	for n := 1; n < 400; n += 2 {
		t := new(big.Float).SetPrec(refPrec).Quo(pow, new(big.Float).SetInt64(int64(n)))
		sum.Add(sum, t)
		pow.Mul(pow, s2)
	}
	sum.Mul(sum, big.NewFloat(2))
	el := new(big.Float).SetPrec(refPrec).Mul(bigLn2, big.NewFloat(float64(e)))
	return sum.Add(sum, el)
}

// ulpErr returns |got - ref| in units of the float64 ulp at ref.
func ulpErr(got float64, ref *big.Float) float64 {
	if ref.Sign() == 0 {
		return math.Abs(got)
	}
	d := new(big.Float).SetPrec(refPrec).SetFloat64(got)
	d.Sub(d, ref)
	exp := ref.MantExp(nil) - 1 // ref = 1.x · 2^exp
	if exp < -1022 {
		exp = -1022 // subnormal range: the ulp is fixed at 2^-1074
	}
	d.SetMantExp(d, 52-exp)
	v, _ := d.Float64()
	return math.Abs(v)
}

func expInputs(rng *rand.Rand) []float64 {
	var xs []float64
	// Softmax feeds logits minus their max: [-100, 0]; ELU feeds [-30, 0];
	// plus the whole finite domain and the tiny-argument region.
	for i := 0; i < 4000; i++ {
		xs = append(xs, -100*rng.Float64(), -30*rng.Float64(), 10*rng.NormFloat64(),
			-745+1454*rng.Float64(), 1e-10*rng.NormFloat64())
	}
	for k := -1075; k <= 1024; k++ {
		// Arguments near multiples of ln2, where the reduction is tightest.
		xs = append(xs, float64(k)*math.Ln2, math.Nextafter(float64(k)*math.Ln2+math.Ln2/2, 0))
	}
	xs = append(xs, 0, math.Copysign(0, -1), 1, -1, 0.5, 708, 709.78, -708, -740, -745)
	return xs
}

func TestExpAccuracy(t *testing.T) {
	rng := rand.New(rand.NewSource(1337))
	worst, worstX := 0.0, 0.0
	for _, x := range expInputs(rng) {
		got := Exp(x)
		if x > expOverflow || x < expUnderflow {
			continue
		}
		e := ulpErr(got, refExp(x))
		if e > worst {
			worst, worstX = e, x
		}
	}
	t.Logf("Exp: worst error %.3f ulp at x=%v", worst, worstX)
	if worst > 1 {
		t.Errorf("Exp error %.3f ulp at x=%v (got %v), want <= 1", worst, worstX, Exp(worstX))
	}
}

// TestExpMatchesMath compares with the standard library on the range the
// engine uses. amd64's assembly math.Exp is itself only within about one ulp
// (and returns +Inf slightly below the true overflow threshold), so the two
// may differ by up to two ulps; the accuracy test above is the strict one.
func TestExpMatchesMath(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	same, n := 0, 0
	for _, x := range expInputs(rng) {
		if math.Abs(x) > 700 {
			continue
		}
		got, want := Exp(x), math.Exp(x)
		n++
		if got == want {
			same++
			continue
		}
		if d := math.Abs(got-want) / ulpOf(want); d > 2 {
			t.Fatalf("Exp(%v) = %v, math.Exp = %v (%.1f ulp apart)", x, got, want, d)
		}
	}
	t.Logf("Exp equals math.Exp on %d of %d inputs", same, n)
}

func ulpOf(v float64) float64 {
	v = math.Abs(v)
	return math.Nextafter(v, math.Inf(1)) - v
}

func TestExpSpecial(t *testing.T) {
	cases := []struct{ x, want float64 }{
		{math.Inf(1), math.Inf(1)},
		{math.Inf(-1), 0},
		{710, math.Inf(1)},
		{1e308, math.Inf(1)},
		{-746, 0},
		{-1e308, 0},
		{0, 1},
		{math.Copysign(0, -1), 1},
		{-745.1332191019411, 5e-324}, // smallest subnormal
	}
	for _, c := range cases {
		if got := Exp(c.x); got != c.want {
			t.Errorf("Exp(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if got := Exp(math.NaN()); !math.IsNaN(got) {
		t.Errorf("Exp(NaN) = %v, want NaN", got)
	}
	// Just below the overflow threshold the result is finite and close to
	// MaxFloat64 (amd64's math.Exp wrongly returns +Inf here).
	if got := Exp(expOverflow); math.IsInf(got, 0) || got < 0.99999*math.MaxFloat64 {
		t.Errorf("Exp(%v) = %v, want just below MaxFloat64", expOverflow, got)
	}
}

func TestExpMonotone(t *testing.T) {
	// Exp must never decrease; sample consecutive floats across the
	// softmax range.
	x := -20.0
	prev := Exp(x)
	for i := 0; i < 200000; i++ {
		x = math.Nextafter(x, 0)
		if i%1000 == 999 {
			x += 0.1
		}
		v := Exp(x)
		if v < prev {
			t.Fatalf("Exp not monotone near %v: %v < %v", x, v, prev)
		}
		prev = v
	}
}

func logInputs(rng *rand.Rand) []float64 {
	var xs []float64
	for i := 0; i < 4000; i++ {
		xs = append(xs,
			rng.Float64(),                               // probabilities (cross-entropy)
			1+1e-3*rng.NormFloat64(),                    // near 1, where cancellation bites
			math.Exp(1400*rng.Float64()-700),            // the whole normal range
			math.Ldexp(rng.Float64(), -1040),            // subnormals
			1e-30+1e-6*rng.Float64(),                    // clipped probabilities
			math.Float64frombits(rng.Uint64()&^(1<<63)), // any positive bit pattern
		)
	}
	xs = append(xs, 1, 2, 0.5, math.E, math.Sqrt2, math.Nextafter(math.Sqrt2, 0), math.Nextafter(1, 0),
		math.Nextafter(1, 2), math.SmallestNonzeroFloat64, math.MaxFloat64)
	return xs
}

func TestLogAccuracy(t *testing.T) {
	rng := rand.New(rand.NewSource(1337))
	worst, worstX := 0.0, 0.0
	for _, x := range logInputs(rng) {
		if math.IsInf(x, 0) || math.IsNaN(x) || x == 1 {
			continue // special values; Log(1) = 0 exactly is checked below
		}
		e := ulpErr(Log(x), refLog(x))
		if e > worst {
			worst, worstX = e, x
		}
	}
	t.Logf("Log: worst error %.3f ulp at x=%v", worst, worstX)
	if worst > 1 {
		t.Errorf("Log error %.3f ulp at x=%v (got %v), want <= 1", worst, worstX, Log(worstX))
	}
}

// TestLogMatchesMath compares with the standard library on normal inputs
// (amd64's assembly math.Log mishandles subnormal arguments).
func TestLogMatchesMath(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	same, n := 0, 0
	for _, x := range logInputs(rng) {
		if math.IsInf(x, 0) || math.IsNaN(x) || x < 0x1p-1022 {
			continue
		}
		got, want := Log(x), math.Log(x)
		n++
		if got == want {
			same++
			continue
		}
		if d := math.Abs(got-want) / ulpOf(want); d > 2 {
			t.Fatalf("Log(%v) = %v, math.Log = %v (%.1f ulp apart)", x, got, want, d)
		}
	}
	t.Logf("Log equals math.Log on %d of %d inputs", same, n)
	if same < n*99/100 {
		t.Errorf("Log agrees bit for bit with math.Log on only %d of %d inputs", same, n)
	}
}

func TestLogSpecial(t *testing.T) {
	cases := []struct{ x, want float64 }{
		{math.Inf(1), math.Inf(1)},
		{0, math.Inf(-1)},
		{math.Copysign(0, -1), math.Inf(-1)},
		{1, 0},
	}
	for _, c := range cases {
		if got := Log(c.x); got != c.want {
			t.Errorf("Log(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	for _, x := range []float64{-1, -1e-300, math.Inf(-1), math.NaN()} {
		if got := Log(x); !math.IsNaN(got) {
			t.Errorf("Log(%v) = %v, want NaN", x, got)
		}
	}
}

func TestLogInvertsExp(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for i := 0; i < 10000; i++ {
		x := 1400*rng.Float64() - 700
		if d := math.Abs(Log(Exp(x)) - x); d > 4*ulpOf(x)+1e-15 {
			t.Fatalf("Log(Exp(%v)) = %v, off by %g", x, Log(Exp(x)), d)
		}
	}
}

func TestFloat32Helpers(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for i := 0; i < 10000; i++ {
		x := float32(-100 * rng.Float64())
		if got, want := Exp32(x), float32(math.Exp(float64(x))); got != want {
			// Double rounding may at most move one float32 ulp.
			if math.Abs(float64(got-want)) > float64(math.Nextafter32(want, float32(math.Inf(1)))-want) {
				t.Fatalf("Exp32(%v) = %v, want %v", x, got, want)
			}
		}
		p := float32(rng.Float64()) + 1e-30
		if got, want := Log32(p), float32(math.Log(float64(p))); math.Abs(float64(got-want)) > 1e-6*math.Abs(float64(want))+1e-7 {
			t.Fatalf("Log32(%v) = %v, want %v", p, got, want)
		}
	}
	if !math.IsInf(float64(Exp32(100)), 1) || Exp32(-200) != 0 {
		t.Errorf("Exp32 does not saturate at float32's range: %v %v", Exp32(100), Exp32(-200))
	}
}

var sink float64

func BenchmarkExp(b *testing.B) {
	xs := make([]float64, 1024)
	rng := rand.New(rand.NewSource(1))
	for i := range xs {
		xs[i] = -30 * rng.Float64()
	}
	b.Run("mathf", func(b *testing.B) {
		s := 0.0
		for i := 0; i < b.N; i++ {
			s += Exp(xs[i&1023])
		}
		sink = s
	})
	b.Run("math", func(b *testing.B) {
		s := 0.0
		for i := 0; i < b.N; i++ {
			s += math.Exp(xs[i&1023])
		}
		sink = s
	})
}

func BenchmarkLog(b *testing.B) {
	xs := make([]float64, 1024)
	rng := rand.New(rand.NewSource(1))
	for i := range xs {
		xs[i] = rng.Float64() + 1e-12
	}
	b.Run("mathf", func(b *testing.B) {
		s := 0.0
		for i := 0; i < b.N; i++ {
			s += Log(xs[i&1023])
		}
		sink = s
	})
	b.Run("math", func(b *testing.B) {
		s := 0.0
		for i := 0; i < b.N; i++ {
			s += math.Log(xs[i&1023])
		}
		sink = s
	})
}

// portableDigest hashes the bits of Exp and Log over a fixed, seeded set of
// arguments covering the ranges the engine uses.
func portableDigest() uint64 {
	rng := rand.New(rand.NewSource(2017))
	h := uint64(14695981039346656037) // FNV-1a
	mix := func(v float64) {
		b := math.Float64bits(v)
		for i := 0; i < 8; i++ {
			h ^= b & 0xff
			h *= 1099511628211
			b >>= 8
		}
	}
	for i := 0; i < 20000; i++ {
		mix(Exp(-100 * rng.Float64()))
		mix(Exp(1400*rng.Float64() - 745))
		mix(Log(rng.Float64()))
		mix(Log(math.Float64frombits(rng.Uint64() &^ (1 << 63))))
		mix(float64(Exp32(float32(-30 * rng.Float64()))))
	}
	return h
}

// wantDigest is portableDigest's value. It was recorded natively on amd64
// and checked under GOOS=js GOARCH=wasm: this test failing on any platform
// means that platform computes different bits. If the algorithms are changed
// on purpose, re-record it (the failure message prints the new value) and
// re-run the test under wasm.
const wantDigest = 0xd21f39cc1efcbb76

func TestPortableDigest(t *testing.T) {
	if got := portableDigest(); got != wantDigest {
		t.Errorf("digest of Exp/Log results = %#x, want %#x", got, uint64(wantDigest))
	}
}
