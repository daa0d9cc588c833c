package explain

import (
	"math"
	"strings"
)

// plane maps math coordinates (y up) to SVG user units (y down) for a figure
// whose viewBox is centred on the origin.
type plane struct {
	unit float64 // SVG units per math unit
	half float64 // the viewBox spans [−half, half] in SVG units
}

// pt returns the SVG position of v.
func (p plane) pt(v Vec2) Vec2 { return Vec2{v.X * p.unit, -v.Y * p.unit} }

// viewBox returns the figure's viewBox attribute.
func (p plane) viewBox() string {
	return num(-p.half) + " " + num(-p.half) + " " + num(2*p.half) + " " + num(2*p.half)
}

// fromClient converts a pointer position (fx, fy as fractions 0..1 of the
// figure's rendered width and height) back to math coordinates.
func (p plane) fromClient(fx, fy float64) Vec2 {
	return Vec2{(fx*2*p.half - p.half) / p.unit, -(fy*2*p.half - p.half) / p.unit}
}

// gridLine is one line of a figure's background grid, in SVG units.
type gridLine struct {
	X1, Y1, X2, Y2 string
	Axis           bool
}

// grid returns the lines x = k and y = k for integer k in [−n, n].
func (p plane) grid(n int) []gridLine {
	var ls []gridLine
	e := float64(n) * p.unit
	for k := -n; k <= n; k++ {
		v := float64(k) * p.unit
		ls = append(ls,
			gridLine{num(v), num(-e), num(v), num(e), k == 0},
			gridLine{num(-e), num(v), num(e), num(v), k == 0})
	}
	return ls
}

// arrow is a line with an arrowhead, in SVG units.
type arrow struct {
	X1, Y1, X2, Y2 string
	Head           string // polygon points of the head
	Visible        bool   // false when the arrow is too short to draw
}

// mkArrow returns the arrow from a to b (SVG units) with a head of size h.
func mkArrow(a, b Vec2, h float64) arrow {
	d := b.Sub(a)
	l := d.Norm()
	if l < 1e-9 {
		return arrow{}
	}
	u := d.Scale(1 / l)
	hh := math.Min(h, l)
	base := b.Sub(u.Scale(hh))
	n := u.Perp().Scale(hh * 0.45)
	end := b.Sub(u.Scale(hh * 0.6)) // stop the line inside the head
	return arrow{
		X1: num(a.X), Y1: num(a.Y), X2: num(end.X), Y2: num(end.Y),
		Head:    points([]Vec2{b, base.Add(n), base.Sub(n)}),
		Visible: true,
	}
}

// points formats a polyline or polygon's points attribute.
func points(ps []Vec2) string {
	var sb strings.Builder
	for i, p := range ps {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(num(p.X))
		sb.WriteByte(',')
		sb.WriteString(num(p.Y))
	}
	return sb.String()
}

// arcPath returns an SVG path for the arc of radius r (SVG units) around the
// origin from direction a to direction b (math angles, y up), the short way.
func arcPath(a, b, r float64) string {
	p0 := Vec2{r * math.Cos(a), -r * math.Sin(a)}
	p1 := Vec2{r * math.Cos(b), -r * math.Sin(b)}
	d := math.Remainder(b-a, 2*math.Pi)
	sweep := "1"
	if d > 0 {
		sweep = "0" // counter-clockwise in math is counter-clockwise on screen
	}
	return "M" + num(p0.X) + "," + num(p0.Y) + " A" + num(r) + "," + num(r) + " 0 0 " + sweep + " " + num(p1.X) + "," + num(p1.Y)
}

// arrowKey returns the unit step an arrow key asks for, and whether the key
// is an arrow key at all.
func arrowKey(key string) (Vec2, bool) {
	switch key {
	case "ArrowLeft":
		return Vec2{-1, 0}, true
	case "ArrowRight":
		return Vec2{1, 0}, true
	case "ArrowUp":
		return Vec2{0, 1}, true
	case "ArrowDown":
		return Vec2{0, -1}, true
	}
	return Vec2{}, false
}
