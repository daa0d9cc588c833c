// Package stats summarises repeated measurements, such as one metric of
// several training runs that differ only in their seed: the mean, the spread
// (sample standard deviation, minimum, maximum) and the count, for single
// values and point by point along curves of possibly different lengths.
//
// Invariants: the functions are pure (no state, no allocation beyond the
// result) and deterministic: the same inputs in the same order give the same
// bits, natively and in wasm. A NaN or Inf among the inputs propagates to
// Mean and Std; callers that want to ignore such values drop them first.
package stats

import "math"

// Summary describes a sample of N values.
type Summary struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	// Std is the sample standard deviation, sqrt(Σ(x−mean)²/(N−1)): the
	// estimate of the spread between seeds. It is 0 when N < 2.
	Std float64 `json:"std"`
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// Summarize returns the Summary of xs (all zeros for an empty xs). The mean
// and the deviations are computed in two passes, so a large common offset
// does not cost the spread its precision.
func Summarize(xs []float64) Summary {
	if len(xs) == 0 {
		return Summary{}
	}
	s := Summary{N: len(xs), Min: xs[0], Max: xs[0]}
	var sum float64
	for _, x := range xs {
		sum += x
		s.Min = math.Min(s.Min, x)
		s.Max = math.Max(s.Max, x)
	}
	s.Mean = sum / float64(len(xs))
	if len(xs) > 1 {
		var ss float64
		for _, x := range xs {
			d := x - s.Mean
			ss += d * d
		}
		s.Std = math.Sqrt(ss / float64(len(xs)-1))
	}
	return s
}

// Band summarises curves point by point: element i is the Summary of the
// i-th points of every curve that has one, so a curve that stopped early
// (early stopping, divergence) leaves the later points with a smaller N. The
// result is as long as the longest curve.
func Band(curves [][]float64) []Summary {
	n := 0
	for _, c := range curves {
		n = max(n, len(c))
	}
	out := make([]Summary, n)
	col := make([]float64, 0, len(curves))
	for i := range out {
		col = col[:0]
		for _, c := range curves {
			if i < len(c) {
				col = append(col, c[i])
			}
		}
		out[i] = Summarize(col)
	}
	return out
}
