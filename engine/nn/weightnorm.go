package nn

import "math"

// Weight normalisation, exactly as the 2017 experiment wrote it. A weight
// matrix is a list of rows, one per output filter (conv: all of in×kh×kw) or
// output unit (dense: all inputs). The forward pass replaces every row w by
//
//	v = w / s,   s = n + ε,   n = |w| = sqrt(Σ_j w_j²),   ε = 1e-8,
//
// so the layer matches its input against a direction on the unit
// hypersphere, whatever the length of the raw w the optimiser moves.
//
// Backward. Given g = d loss / d v for one row, the chain rule needs
// ∂v_i/∂w_j. With ∂n/∂w_j = w_j / n and ∂s/∂w_j = w_j / n:
//
//	∂v_i/∂w_j = δ_ij / s − w_i · w_j / (n · s²)
//
// hence
//
//	d loss / d w_j = Σ_i g_i ∂v_i/∂w_j = g_j / s − w_j · (g·w) / (n · s²).
//
// The second term removes the radial part of g (the component along w): a
// step along w only changes the length of w, which the forward pass ignores,
// so the gradient is tangent to the sphere through w (up to the ε term).
// At w = 0 the norm has no derivative; we take the radial term as 0 there
// (as PyTorch does), leaving g / s.
//
// Sums run in float64 with every product explicitly rounded, so the result
// does not depend on FMA contraction.

// weightNormEps is the ε of the formula.
const weightNormEps = 1e-8

// weightNormForward writes v[r] = w[r] / (|w[r]| + ε) for each of the rows
// rows of w (cols values each) and stores |w[r]| in norms[r].
func weightNormForward(v, w []float32, norms []float64, rows, cols int) {
	normRowsForward(v, w, norms, rows, cols, weightNormEps)
}

// normRowsForward is weightNormForward with the ε given: cosine
// normalisation uses it on input vectors with cosineEps. v may alias w.
func normRowsForward(v, w []float32, norms []float64, rows, cols int, eps float64) {
	for r := 0; r < rows; r++ {
		row := w[r*cols : (r+1)*cols]
		var ss float64
		for _, x := range row {
			xf := float64(x)
			ss += float64(xf * xf)
		}
		n := math.Sqrt(ss)
		norms[r] = n
		s := n + eps
		out := v[r*cols : (r+1)*cols]
		for j, x := range row {
			out[j] = float32(float64(x) / s)
		}
	}
}

// weightNormBackward writes gw = d loss / d w from gv = d loss / d v, using
// the raw w and the norms stored by weightNormForward (see the derivation
// above). gw must not alias gv.
func weightNormBackward(gw, gv, w []float32, norms []float64, rows, cols int) {
	normRowsBackward(gw, gv, w, norms, rows, cols, weightNormEps)
}

// normRowsBackward is weightNormBackward with the ε given. gw may alias gv
// (each row's g·w is summed before the row is written) but not w.
func normRowsBackward(gw, gv, w []float32, norms []float64, rows, cols int, eps float64) {
	for r := 0; r < rows; r++ {
		wr := w[r*cols : (r+1)*cols]
		gr := gv[r*cols : (r+1)*cols]
		out := gw[r*cols : (r+1)*cols]
		n := norms[r]
		s := n + eps
		var dot float64 // g·w
		for j, x := range wr {
			dot += float64(float64(gr[j]) * float64(x))
		}
		coef := 0.0 // (g·w) / (n·s²), the radial part
		if n > 0 {
			coef = dot / float64(float64(n*s)*s)
		}
		for j, x := range wr {
			out[j] = float32(float64(gr[j])/s - float64(float64(x)*coef))
		}
	}
}

// meanRowNorm returns the mean of the L2 norms of the rows of w.
func meanRowNorm(w []float32, rows, cols int) float64 {
	var total float64
	for r := 0; r < rows; r++ {
		var ss float64
		for _, x := range w[r*cols : (r+1)*cols] {
			xf := float64(x)
			ss += float64(xf * xf)
		}
		total += math.Sqrt(ss)
	}
	return total / float64(rows)
}

// Learned gain and logit scale (Salimans and Kingma, 2016; NormFace, 2017).
// A gain multiplies each normalised row u[r] = w[r] / (|w[r]| + ε) back by a
// learned length:
//
//	wEff[r] = a_r · u[r],   a_r = g_r · s,
//
// where g_r is the row's own gain (1 without one) and s a scale shared by
// every row (1 without one; the logit scale of the last layer). The layer
// then computes with wEff, so the direction still lives on the sphere but the
// output may grow again. Backward, from G = d loss / d wEff:
//
//	d loss / d u[r] = a_r · G[r]
//	d loss / d g_r  = s · (G[r]·u[r])
//	d loss / d s    = Σ_r g_r · (G[r]·u[r])
//
// and d loss / d w follows from d loss / d u by weightNormBackward.

// gainForward writes wEff[r] = g[r]·s·u[r] for rows rows of cols values. g
// nil means every g_r = 1.
func gainForward(wEff, u, g []float32, s float32, rows, cols int) {
	for r := 0; r < rows; r++ {
		a := rowFactor(g, s, r)
		ur := u[r*cols : (r+1)*cols]
		out := wEff[r*cols : (r+1)*cols]
		for j, x := range ur {
			out[j] = float32(float64(a * float64(x)))
		}
	}
}

// rowFactor returns a_r = g_r·s in float64 (exact: two float32 factors).
func rowFactor(g []float32, s float32, r int) float64 {
	a := float64(s)
	if g != nil {
		a = float64(float64(g[r]) * a)
	}
	return a
}

// gainBackward turns gEff = d loss / d wEff into gu = d loss / d u (gu may
// alias gEff), writes d loss / d g_r into dg (unless dg is nil) and returns
// d loss / d s. u and g are as given to gainForward.
func gainBackward(gu, gEff, u, g, dg []float32, s float32, rows, cols int) (ds float64) {
	for r := 0; r < rows; r++ {
		a := rowFactor(g, s, r)
		ur := u[r*cols : (r+1)*cols]
		gr := gEff[r*cols : (r+1)*cols]
		out := gu[r*cols : (r+1)*cols]
		var dot float64 // G[r]·u[r]
		for j, x := range ur {
			dot += float64(float64(gr[j]) * float64(x))
		}
		if dg != nil {
			dg[r] = float32(float64(float64(s) * dot))
		}
		gain := 1.0
		if g != nil {
			gain = float64(g[r])
		}
		ds += float64(gain * dot)
		for j, v := range gr {
			out[j] = float32(float64(a * float64(v)))
		}
	}
	return ds
}
