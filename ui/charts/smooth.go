package charts

import (
	"math"
	"sort"
)

// SmoothEMA returns an exponential moving average of pts' Y values:
// s_t = w·s_{t−1} + (1−w)·y_t, divided by (1−w^t) so that the start is not
// biased towards zero. w is clamped to [0, 0.999]; w = 0 returns a copy.
// A non-finite Y is passed through as NaN (so the line breaks there) and
// restarts the average after it. X values are kept.
func SmoothEMA(pts []Point, w float64) []Point {
	out := make([]Point, len(pts))
	w = clamp(w, 0, 0.999)
	var s, wt float64 // running average and w^t
	wt = 1
	for i, p := range pts {
		if !finite(p.Y) {
			out[i] = Point{p.X, math.NaN()}
			s, wt = 0, 1
			continue
		}
		s = w*s + (1-w)*p.Y
		wt *= w
		v := s
		if d := 1 - wt; d > 0 {
			v = s / d
		}
		out[i] = Point{p.X, v}
	}
	return out
}

// Decimate thins pts (sorted by X) to at most max points while keeping the
// shape a reader sees: the series is cut into buckets, and from each bucket
// the points with the smallest and largest Y are kept (in their original
// order), plus the first non-finite point so that a break in the line
// survives. The first and last points are always kept. It returns pts itself
// when it is already short enough. max below 8 is raised to 8.
func Decimate(pts []Point, max int) []Point {
	if max < 8 {
		max = 8
	}
	n := len(pts)
	if n <= max {
		return pts
	}
	// each bucket yields up to 3 points; two more for the ends.
	buckets := (max - 2) / 3
	size := (n + buckets - 1) / buckets
	out := make([]Point, 0, max)
	keep := make([]int, 0, 5)
	last := -1
	add := func(i int) {
		if i > last {
			out = append(out, pts[i])
			last = i
		}
	}
	add(0)
	for start := 0; start < n; start += size {
		end := min(start+size, n)
		lo, hi, gap := -1, -1, -1
		for i := start; i < end; i++ {
			y := pts[i].Y
			if !finite(y) || !finite(pts[i].X) {
				if gap < 0 {
					gap = i
				}
				continue
			}
			if lo < 0 || y < pts[lo].Y {
				lo = i
			}
			if hi < 0 || y > pts[hi].Y {
				hi = i
			}
		}
		keep = keep[:0]
		for _, i := range []int{lo, hi, gap} {
			if i >= 0 {
				keep = append(keep, i)
			}
		}
		sort.Ints(keep)
		for _, i := range keep {
			add(i)
		}
	}
	add(n - 1)
	return out
}

// NearestIndex returns the index of the point of pts (sorted by X) whose X
// is closest to x, or -1 when pts is empty. Ties go to the earlier point.
func NearestIndex(pts []Point, x float64) int {
	n := len(pts)
	if n == 0 || math.IsNaN(x) {
		return -1
	}
	i := sort.Search(n, func(i int) bool { return pts[i].X >= x })
	switch {
	case i == 0:
		return 0
	case i == n:
		return n - 1
	}
	if x-pts[i-1].X <= pts[i].X-x {
		return i - 1
	}
	return i
}

// NearestValue returns the Y of the point of pts nearest to x, provided that
// point lies within tol of x; ok is false otherwise (an empty series, or x
// outside the series' reach). The Y may be non-finite (a diverged run).
func NearestValue(pts []Point, x, tol float64) (y float64, ok bool) {
	i := NearestIndex(pts, x)
	if i < 0 || math.Abs(pts[i].X-x) > tol {
		return 0, false
	}
	return pts[i].Y, true
}

// UniqueXs merges the X values of all series (each sorted by X) into one
// sorted slice without duplicates, skipping non-finite X. It is the set of
// positions a hover or keyboard read-out can snap to.
func UniqueXs(series [][]Point) []float64 {
	total := 0
	for _, s := range series {
		total += len(s)
	}
	xs := make([]float64, 0, total)
	for _, s := range series {
		for _, p := range s {
			if finite(p.X) {
				xs = append(xs, p.X)
			}
		}
	}
	sort.Float64s(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

// nearestFloat is NearestIndex for a sorted []float64.
func nearestFloat(xs []float64, x float64) int {
	n := len(xs)
	if n == 0 || math.IsNaN(x) {
		return -1
	}
	i := sort.SearchFloat64s(xs, x)
	switch {
	case i == 0:
		return 0
	case i == n:
		return n - 1
	}
	if x-xs[i-1] <= xs[i]-x {
		return i - 1
	}
	return i
}

// meanStep returns the average X spacing of pts, or 0 for fewer than 2.
func meanStep(pts []Point) float64 {
	if len(pts) < 2 {
		return 0
	}
	d := (pts[len(pts)-1].X - pts[0].X) / float64(len(pts)-1)
	if !finite(d) {
		return 0
	}
	return d
}
