package explain

import "github.com/vugu/vugu"

// BasisState is step 4's state: the first layer (W₁, b₁, with or without
// ReLU) and a second linear layer (W₂, b₂). Entries are typed by the learner
// and kept to one decimal, so products show exactly with two.
type BasisState struct {
	L1 Layer2
	L2 Layer2
}

// NewBasisState returns step 4's starting point: a shear-and-rotate layer
// whose bias moves part of the plane below zero, so ReLU has something to fold.
func NewBasisState() BasisState {
	return BasisState{
		L1: Layer2{W: Mat2{1, 0.5, -0.5, 1}, B: Vec2{0.2, -0.3}, ReLU: true},
		L2: Layer2{W: Mat2{0.8, -0.6, 0.4, 1.2}, B: Vec2{0, 0.5}},
	}
}

// basisPoints are the labelled points drawn in step 4.
var basisPoints = []struct {
	Name string
	P    Vec2
}{
	{"A", Vec2{1, 1}}, {"B", Vec2{-1.5, 0.5}}, {"C", Vec2{0.5, -1.5}}, {"D", Vec2{-1, -1}},
}

// StepBasis is step 4: a layer as a change of basis, ReLU folding the plane,
// and two linear layers collapsing into one.
type StepBasis struct {
	S *BasisState
}

var basisPlane = plane{unit: 30, half: 105}

// entry identifies one editable number: layer 1 or 2, and "a","b","c","d"
// (matrix rows first) or "b1","b2" (bias).
func (c *StepBasis) entry(layer int, key string) *float64 {
	l := &c.S.L1
	if layer == 2 {
		l = &c.S.L2
	}
	switch key {
	case "a":
		return &l.W.A
	case "b":
		return &l.W.B
	case "c":
		return &l.W.C
	case "d":
		return &l.W.D
	case "b1":
		return &l.B.X
	}
	return &l.B.Y
}

func (c *StepBasis) value(layer int, key string) string { return fixedAscii(*c.entry(layer, key), 1) }

func (c *StepBasis) set(layer int, key string, e vugu.DOMEvent) {
	if v, ok := parseNum(e.PropString("target", "value")); ok {
		*c.entry(layer, key) = snap1(v, 0.1, 3)
	}
}

func (c *StepBasis) toggleReLU(e vugu.DOMEvent) { c.S.L1.ReLU = e.PropBool("target", "checked") }

// matrixCells lists the editable cells of a layer in reading order.
type matrixCell struct {
	Key, Label string
}

var matrixCells = []matrixCell{{"a", "row 1, column 1"}, {"b", "row 1, column 2"}, {"c", "row 2, column 1"}, {"d", "row 2, column 2"}}
var biasCells = []matrixCell{{"b1", "component 1"}, {"b2", "component 2"}}

// panel is one of the three pictures: the input plane, after W·x + b, after ReLU.
type panel struct {
	ID, Title, Desc string
	Lines           []panelLine
	Points          []panelPoint
	E1, E2          arrow // images of the basis vectors (first two panels)
}

type panelLine struct {
	Points string
	Class  string
}

type panelPoint struct {
	X, Y, LX, LY, Name string
}

// gridSegments are the input grid lines x = k/2 and y = k/2 for |k| ≤ 4.
func gridSegments() (vertical, horizontal [][2]Vec2) {
	for k := -4; k <= 4; k++ {
		v := float64(k) / 2
		vertical = append(vertical, [2]Vec2{{v, -2}, {v, 2}})
		horizontal = append(horizontal, [2]Vec2{{-2, v}, {2, v}})
	}
	return
}

func (c *StepBasis) panels() []panel {
	affine := Layer2{W: c.S.L1.W, B: c.S.L1.B}
	folded := Layer2{W: c.S.L1.W, B: c.S.L1.B, ReLU: true}
	id := Layer2{W: Mat2{1, 0, 0, 1}}
	mk := func(pid, title, desc string, l Layer2, basis bool) panel {
		p := panel{ID: pid, Title: title, Desc: desc}
		vs, hs := gridSegments()
		for _, s := range vs {
			p.Lines = append(p.Lines, panelLine{c.poly(l.MapSegment(s[0], s[1])), "ex-gl-v"})
		}
		for _, s := range hs {
			p.Lines = append(p.Lines, panelLine{c.poly(l.MapSegment(s[0], s[1])), "ex-gl-h"})
		}
		for _, q := range basisPoints {
			s := basisPlane.pt(l.Apply(q.P))
			p.Points = append(p.Points, panelPoint{num(s.X), num(s.Y), num(s.X + 6), num(s.Y - 6), q.Name})
		}
		if basis {
			o := basisPlane.pt(l.Apply(Vec2{}))
			p.E1 = mkArrow(o, basisPlane.pt(l.Apply(Vec2{1, 0})), 8)
			p.E2 = mkArrow(o, basisPlane.pt(l.Apply(Vec2{0, 1})), 8)
		}
		return p
	}
	return []panel{
		mk("in", "input x", "The input plane: a square grid from −2 to 2, with the unit vectors e₁ (along x, blue) and e₂ (along y, orange) and points A–D.", id, true),
		mk("lin", "W₁x + b₁", "The grid after W₁x + b₁: straight lines stay straight and parallel; e₁ and e₂ become the columns of W₁, moved by b₁.", affine, true),
		mk("relu", "ReLU(W₁x + b₁)", "After ReLU: every point with a negative coordinate is pushed onto an axis, folding the plane into the positive quadrant.", folded, false),
	}
}

func (c *StepBasis) poly(ps []Vec2) string {
	s := make([]Vec2, len(ps))
	for i, p := range ps {
		s[i] = basisPlane.pt(p)
	}
	return points(s)
}

// Point table rows.
type basisRow struct {
	Name, In, Lin, Out, Two, One string
}

func pair(v Vec2, d int) string { return "(" + fixed(v.X, d) + ", " + fixed(v.Y, d) + ")" }

func (c *StepBasis) rows() []basisRow {
	lin := Layer2{W: c.S.L1.W, B: c.S.L1.B}
	one := Compose(lin, c.S.L2)
	var rs []basisRow
	for _, q := range basisPoints {
		rs = append(rs, basisRow{
			Name: q.Name, In: pair(q.P, 1), Lin: pair(lin.Apply(q.P), 2), Out: pair(c.S.L1.Apply(q.P), 2),
			Two: pair(c.S.L2.Apply(lin.Apply(q.P)), 3), One: pair(one.Apply(q.P), 3),
		})
	}
	return rs
}

// The collapsed layer W = W₂W₁, b = W₂b₁ + b₂ (of the linear layers).
func (c *StepBasis) collapsed() Layer2 {
	return Compose(Layer2{W: c.S.L1.W, B: c.S.L1.B}, c.S.L2)
}

func (c *StepBasis) m(key string) string {
	l := c.collapsed()
	switch key {
	case "a":
		return fixed(l.W.A, 2)
	case "b":
		return fixed(l.W.B, 2)
	case "c":
		return fixed(l.W.C, 2)
	case "d":
		return fixed(l.W.D, 2)
	case "b1":
		return fixed(l.B.X, 2)
	}
	return fixed(l.B.Y, 2)
}

func (c *StepBasis) reluOn() bool { return c.S.L1.ReLU }
