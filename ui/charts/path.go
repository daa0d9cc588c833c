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
