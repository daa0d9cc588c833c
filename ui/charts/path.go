package charts

import (
	"math"
	"strings"
)

// PathD builds the d attribute of an SVG path through pts projected by sx
// and sy. A point with a non-finite X or Y is skipped and breaks the line: the
// next finite point starts a new subpath with M. An isolated point becomes a
// zero-length segment ("h0") so that a round line cap draws it as a dot.
// Projected y values are clamped to sy's range (plus a 1-unit margin) so that
// values outside a fixed domain stay inside the plot. The result never
// contains NaN or Inf; it is "" when no point is finite.
func PathD(pts []Point, sx, sy Linear) string {
	var b strings.Builder
	b.Grow(len(pts) * 14)
	lo, hi := math.Min(sy.R0, sy.R1), math.Max(sy.R0, sy.R1)
	run := 0 // finite points in the current subpath
	for _, p := range pts {
		if !finite(p.X) || !finite(p.Y) {
			if run == 1 {
				b.WriteString("h0")
			}
			run = 0
			continue
		}
		x := sx.Map(p.X)
		y := clamp(sy.Map(p.Y), lo-1, hi+1)
		if !finite(x) || !finite(y) {
			continue
		}
		if run == 0 {
			b.WriteByte('M')
		} else {
			b.WriteByte('L')
		}
		b.WriteString(fmtF(x))
		b.WriteByte(',')
		b.WriteString(fmtF(y))
		run++
	}
	if run == 1 {
		b.WriteString("h0")
	}
	return b.String()
}

// BandD builds the d attribute of the closed SVG paths that shade a band:
// each run of points with finite X, Lo and Hi becomes one polygon, along
// Hi forwards and back along Lo. Lo and Hi are swapped where Lo > Hi, and
// clamped like PathD. A single point makes no area and is skipped. The
// result never contains NaN or Inf; it is "" when nothing is drawable.
func BandD(band []BandPoint, sx, sy Linear) string {
	var b strings.Builder
	lo, hi := math.Min(sy.R0, sy.R1), math.Max(sy.R0, sy.R1)
	type pt struct{ x, ylo, yhi float64 }
	var run []pt
	flush := func() {
		if len(run) >= 2 {
			for i, p := range run {
				if i == 0 {
					b.WriteByte('M')
				} else {
					b.WriteByte('L')
				}
				b.WriteString(fmtF(p.x) + "," + fmtF(p.yhi))
			}
			for i := len(run) - 1; i >= 0; i-- {
				b.WriteString("L" + fmtF(run[i].x) + "," + fmtF(run[i].ylo))
			}
			b.WriteByte('Z')
		}
		run = run[:0]
	}
	for _, p := range band {
		if !finite(p.X) || !finite(p.Lo) || !finite(p.Hi) {
			flush()
			continue
		}
		l, h := math.Min(p.Lo, p.Hi), math.Max(p.Lo, p.Hi)
		x := sx.Map(p.X)
		y1, y2 := clamp(sy.Map(h), lo-1, hi+1), clamp(sy.Map(l), lo-1, hi+1)
		if !finite(x) || !finite(y1) || !finite(y2) {
			flush()
			continue
		}
		run = append(run, pt{x, y2, y1})
	}
	flush()
	return b.String()
}

// bandExtent returns the Y range covered by a band's finite bounds.
func bandExtent(band []BandPoint) (Domain, bool) {
	d, ok := Domain{}, false
	for _, p := range band {
		for _, y := range []float64{p.Lo, p.Hi} {
			if !finite(p.X) || !finite(y) {
				continue
			}
			if !ok {
				d, ok = Domain{Min: y, Max: y}, true
			} else {
				d.Min, d.Max = math.Min(d.Min, y), math.Max(d.Max, y)
			}
		}
	}
	return d, ok
}

// bandAt returns the band's range at x (within tol), if there is one.
func bandAt(band []BandPoint, x, tol float64) (lo, hi float64, ok bool) {
	best := -1
	for i, p := range band {
		if math.Abs(p.X-x) <= tol && (best < 0 || math.Abs(p.X-x) < math.Abs(band[best].X-x)) {
			best = i
		}
	}
	if best < 0 || !finite(band[best].Lo) || !finite(band[best].Hi) {
		return 0, 0, false
	}
	return math.Min(band[best].Lo, band[best].Hi), math.Max(band[best].Lo, band[best].Hi), true
}
