package charts

import "math"

// Point is one sample of a series: X is usually the epoch (fractional for
// per-batch values), Y the metric. A non-finite Y breaks the line there.
type Point struct {
	X, Y float64
}

// Domain is a closed interval of data values. The zero Domain is not Valid
// and means "choose automatically" wherever a Domain is optional.
type Domain struct {
	Min, Max float64
}

// Valid reports whether both ends are finite and Max > Min.
func (d Domain) Valid() bool {
	return finite(d.Min) && finite(d.Max) && d.Max > d.Min
}

// Span returns Max - Min.
func (d Domain) Span() float64 { return d.Max - d.Min }

// Pad widens d by frac of its span on each side. A degenerate domain
// (Min == Max) is widened to a unit-sized interval around its value, so that
// a single point still gets a usable scale.
func (d Domain) Pad(frac float64) Domain {
	if d.Max == d.Min {
		h := math.Abs(d.Min) * 0.1
		if h == 0 {
			h = 0.5
		}
		return Domain{d.Min - h, d.Max + h}
	}
	p := d.Span() * frac
	return Domain{d.Min - p, d.Max + p}
}

// Contains reports whether v lies in [Min, Max].
func (d Domain) Contains(v float64) bool { return v >= d.Min && v <= d.Max }

// ExtentX returns the range of the finite X values of pts and whether there
// was any.
func ExtentX(pts []Point) (Domain, bool) {
	return extent(pts, func(p Point) float64 { return p.X })
}

// ExtentY returns the range of the finite Y values of pts (points whose X is
// not finite are ignored) and whether there was any.
func ExtentY(pts []Point) (Domain, bool) {
	return extent(pts, func(p Point) float64 {
		if !finite(p.X) {
			return math.NaN()
		}
		return p.Y
	})
}

func extent(pts []Point, f func(Point) float64) (Domain, bool) {
	d := Domain{math.Inf(1), math.Inf(-1)}
	ok := false
	for _, p := range pts {
		v := f(p)
		if !finite(v) {
			continue
		}
		ok = true
		d.Min = math.Min(d.Min, v)
		d.Max = math.Max(d.Max, v)
	}
	return d, ok
}

// Union returns the smallest domain holding both a and b.
func Union(a, b Domain) Domain {
	return Domain{math.Min(a.Min, b.Min), math.Max(a.Max, b.Max)}
}

// Linear maps a data domain linearly onto a pixel range. The range may be
// reversed (R0 > R1), as for a y axis whose larger values are drawn higher.
type Linear struct {
	D      Domain
	R0, R1 float64
}

// NewLinear returns the scale mapping d.Min→r0 and d.Max→r1.
func NewLinear(d Domain, r0, r1 float64) Linear {
	return Linear{D: d, R0: r0, R1: r1}
}

// Map projects a data value into the range. A degenerate domain maps every
// value to the middle of the range. Values outside the domain extrapolate.
func (s Linear) Map(v float64) float64 {
	span := s.D.Span()
	if span == 0 || !finite(span) {
		return (s.R0 + s.R1) / 2
	}
	return s.R0 + (v-s.D.Min)/span*(s.R1-s.R0)
}

// Invert maps a range position back to a data value (Map's inverse).
func (s Linear) Invert(r float64) float64 {
	if s.R1 == s.R0 {
		return (s.D.Min + s.D.Max) / 2
	}
	return s.D.Min + (r-s.R0)/(s.R1-s.R0)*s.D.Span()
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func clamp(v, lo, hi float64) float64 {
	if lo > hi {
		lo, hi = hi, lo
	}
	return math.Max(lo, math.Min(hi, v))
}
