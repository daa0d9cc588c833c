package mathf

import "math"

// Range reduction for Exp writes x = k·ln2 + r with |r| <= ln2/2. ln2 is split
// into a head with trailing zero bits (so k·ln2Hi is exact for every k that
// matters, |k| < 2^11) and a tail carrying the remaining bits.
const (
	ln2Hi  = 6.93147180369123816490e-01 // top 32 bits of ln 2
	ln2Lo  = 1.90821492927058770002e-10 // ln 2 - ln2Hi
	invLn2 = 1 / math.Ln2

	// expOverflow is the largest x whose exp is finite; expUnderflow is the
	// smallest x whose exp rounds to a non-zero (subnormal) value. Outside
	// them the answer is +Inf or 0 without computing anything.
	expOverflow  = 7.09782712893383973096e+02
	expUnderflow = -7.45133219101941108420e+02
)

// Taylor coefficients 1/n! for n = 2..13. On |r| <= ln2/2 the first dropped
// term, r^14/14!, is below 5e-18, far under half an ulp of exp(r).
const (
	c2  = 1.0 / 2
	c3  = 1.0 / 6
	c4  = 1.0 / 24
	c5  = 1.0 / 120
	c6  = 1.0 / 720
	c7  = 1.0 / 5040
	c8  = 1.0 / 40320
	c9  = 1.0 / 362880
	c10 = 1.0 / 3628800
	c11 = 1.0 / 39916800
	c12 = 1.0 / 479001600
	c13 = 1.0 / 6227020800
)

// Exp returns e**x, within about one ulp, with the same bits on every
// platform. Special cases: Exp(+Inf) = +Inf, Exp(-Inf) = 0, Exp(NaN) = NaN;
// results too large overflow to +Inf and results too small underflow
// through the subnormals to 0.
func Exp(x float64) float64 {
	switch {
	case x != x:
		return x
	case x > expOverflow:
		return math.Inf(1)
	case x < expUnderflow:
		return 0
	case x > -0x1p-54 && x < 0x1p-54:
		// exp(x) = 1 + x + O(x²) and x² is below a quarter ulp of 1.
		return 1 + x
	}

	// k = round(x / ln2), computed without relying on math.Round's
	// implementation: floor(x/ln2 + 0.5) via truncation toward zero.
	t := float64(x * invLn2)
	var k int
	if t >= 0 {
		k = int(t + 0.5)
	} else {
		k = int(t - 0.5)
	}
	fk := float64(k)
	hi := x - float64(fk*ln2Hi) // exact: fk·ln2Hi has at most 43 significant bits
	lo := float64(fk * ln2Lo)
	r := hi - lo

	// exp(r) = 1 + r + r²·q(r), q by Horner; the small tail r²·q is summed
	// first so that the final rounding happens once, on a value near 1.
	q := c13
	q = c12 + float64(r*q)
	q = c11 + float64(r*q)
	q = c10 + float64(r*q)
	q = c9 + float64(r*q)
	q = c8 + float64(r*q)
	q = c7 + float64(r*q)
	q = c6 + float64(r*q)
	q = c5 + float64(r*q)
	q = c4 + float64(r*q)
	q = c3 + float64(r*q)
	q = c2 + float64(r*q)
	// Put back the part of r lost when rounding hi-lo: (hi - r) - lo.
	corr := (hi - r) - lo
	y := 1 + (r + (float64(float64(r*r)*q) + corr))
	return scale2(y, k)
}

// scale2 returns y·2^k for y in [0.5, 2) and k in [-1080, 1025], rounding
// once (correctly) even when the result is subnormal.
func scale2(y float64, k int) float64 {
	switch {
	case k > 1023:
		// y·2 is exact; 2^1023 is the largest power of two.
		return float64(y*2) * pow2(k-1)
	case k < -1021:
		// Scale into the normal range exactly, then a single rounding step
		// into the subnormals.
		return float64(y*pow2(k+54)) * 0x1p-54
	default:
		return y * pow2(k)
	}
}

// pow2 returns 2^k for -1022 <= k <= 1023 by building the bits directly.
func pow2(k int) float64 {
	return math.Float64frombits(uint64(k+1023) << 52)
}

// Exp32 returns e**x for float32 arguments, computed in float64 and rounded
// once to float32. Overflow and underflow follow float32's range.
func Exp32(x float32) float32 {
	return float32(Exp(float64(x)))
}
