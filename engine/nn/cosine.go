package nn

import "math"

// Cosine normalisation (Luo et al., 2017). Weight normalisation puts each
// template w on the unit sphere, but the pre-activation w·x/|w| = |x| cos θ
// still carries the length of the input. A cosine-normalised layer divides
// the input too, so that (before the bias) it computes exactly
//
//	cos θ = (w / |w|) · (x / |x|),
//
// a number in [−1, 1] whatever the scale of x. For a convolution, x is each
// input patch (one im2col column: in×3×3 values under the filter at one output
// position); for a dense layer, x is the whole input vector of one image.
//
// The input normalisation is the weight normalisation formula applied to x
// instead of w, with its own ε:
//
//	x̂ = x / (|x| + ε),   d loss / d x = G / s − x · (G·x) / (n · s²),
//
// where n = |x|, s = n + ε and G = d loss / d x̂ (see weightnorm.go for the
// derivation). ReLU networks produce all-zero patches (dead units, padding),
// for which cos θ is undefined: there x̂ = 0 and the output is the bias alone,
// and the gradient is G / ε. cosineEps is far below the norm of any real
// patch (O(0.1) to O(10) in this network) yet large enough that G / ε stays
// finite for a patch that is zero or nearly so.
const cosineEps = 1e-4

// normColsForward writes colHat[j,p] = col[j,p] / (|col[·,p]| + eps) for the
// plane columns of the k×plane matrix col (each column one input patch) and
// stores each column's norm in norms[p].
func normColsForward(colHat, col []float32, norms []float64, k, plane int, eps float64) {
	ss := norms[:plane]
	clear(ss)
	for j := 0; j < k; j++ {
		for p, x := range col[j*plane : (j+1)*plane] {
			xf := float64(x)
			ss[p] += float64(xf * xf)
		}
	}
	for p, v := range ss {
		ss[p] = math.Sqrt(v)
	}
	for j := 0; j < k; j++ {
		row := col[j*plane : (j+1)*plane]
		out := colHat[j*plane : (j+1)*plane]
		for p, x := range row {
			out[p] = float32(float64(x) / (ss[p] + eps))
		}
	}
}

// normColsBackward turns dHat = d loss / d colHat into dcol = d loss / d col
// column by column (the transpose of normRowsBackward), using the raw col and
// the norms of normColsForward. coef is scratch for plane values. dcol may
// alias dHat.
func normColsBackward(dcol, dHat, col []float32, norms, coef []float64, k, plane int, eps float64) {
	dot := coef[:plane]
	clear(dot)
	for j := 0; j < k; j++ {
		g := dHat[j*plane : (j+1)*plane]
		for p, x := range col[j*plane : (j+1)*plane] {
			dot[p] += float64(float64(g[p]) * float64(x))
		}
	}
	for p, d := range dot { // (G·x) / (n·s²), 0 for a zero patch
		n := norms[p]
		s := n + eps
		if n > 0 {
			dot[p] = d / float64(float64(n*s)*s)
		} else {
			dot[p] = 0
		}
	}
	for j := 0; j < k; j++ {
		g := dHat[j*plane : (j+1)*plane]
		out := dcol[j*plane : (j+1)*plane]
		for p, x := range col[j*plane : (j+1)*plane] {
			out[p] = float32(float64(g[p])/(norms[p]+eps) - float64(float64(x)*dot[p]))
		}
	}
}
