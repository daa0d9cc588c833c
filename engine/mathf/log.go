package mathf

import "math"

// Coefficients of R(z) = Σ_{n>=1} 2·z^n/(2n+1), z = s², the series part of
// log((1+s)/(1-s)) = 2s + s·R(s²). With |s| <= 3-2√2 ≈ 0.1716 the first
// dropped term (n = 12) is below 1e-19.
const (
	l1  = 2.0 / 3
	l2  = 2.0 / 5
	l3  = 2.0 / 7
	l4  = 2.0 / 9
	l5  = 2.0 / 11
	l6  = 2.0 / 13
	l7  = 2.0 / 15
	l8  = 2.0 / 17
	l9  = 2.0 / 19
	l10 = 2.0 / 21
	l11 = 2.0 / 23
)

// Log returns the natural logarithm of x, within about one ulp, with the
// same bits on every platform. Special cases: Log(+Inf) = +Inf,
// Log(±0) = -Inf, Log(x < 0) = NaN, Log(NaN) = NaN.
func Log(x float64) float64 {
	switch {
	case x != x || x > math.MaxFloat64:
		return x
	case x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	}

	// Split x = 2^e·m with m in [√2/2, √2), working on the bits so no
	// platform routine is involved. Subnormals are first made normal.
	bits := math.Float64bits(x)
	e := 0
	if bits>>52 == 0 {
		bits = math.Float64bits(float64(x * 0x1p54))
		e = -54
	}
	e += int(bits>>52) - 1023
	bits = bits&(1<<52-1) | 1023<<52 // m in [1, 2)
	m := math.Float64frombits(bits)
	if m > math.Sqrt2 {
		m *= 0.5 // exact
		e++
	}

	// log(m) = log(1+f). With s = f/(2+f), 2s = f - s·f and
	// log(1+f) = 2s + s·R(s²) = f - hf + s·(hf + R), hf = f²/2,
	// which keeps the large part f exact and the corrections small.
	f := m - 1 // exact (Sterbenz)
	s := f / (2 + f)
	z := float64(s * s)
	r := l11
	r = l10 + float64(z*r)
	r = l9 + float64(z*r)
	r = l8 + float64(z*r)
	r = l7 + float64(z*r)
	r = l6 + float64(z*r)
	r = l5 + float64(z*r)
	r = l4 + float64(z*r)
	r = l3 + float64(z*r)
	r = l2 + float64(z*r)
	r = l1 + float64(z*r)
	r = float64(z * r)
	hf := float64(0.5 * float64(f*f))
	fe := float64(e)
	// e·ln2Hi is exact; add the small pieces before the big ones.
	small := float64(s*(hf+r)) + float64(fe*ln2Lo)
	return float64(fe*ln2Hi) - ((hf - small) - f)
}

// Log32 returns the natural logarithm of a float32, computed in float64 and
// rounded once to float32.
func Log32(x float32) float32 {
	return float32(Log(float64(x)))
}
