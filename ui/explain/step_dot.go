package explain

import (
	"math"

	"github.com/vugu/vugu"
)

// DotState is step 2's state. W = S·D: the learner drags or keys the
// direction D and the tip of X on a 0.1 grid and sets the scale S with a
// slider in steps of 0.1, so W's coordinates have two exact decimals.
type DotState struct {
	D, X Vec2
	S    float64
	Drag string // "w" or "x" while a pointer drags that tip
}

// NewDotState returns step 2's starting point.
func NewDotState() DotState {
	return DotState{D: Vec2{2.5, 0.6}, X: Vec2{1.2, 2.4}, S: 1}
}

// Limits of step 2's controls.
const (
	dotGrid  = 0.1
	dotLim   = 3.5 // |coordinate| of D and X
	dotScale = 2   // largest S
)

// W returns the weight vector S·D, rounded to the two decimals it has on
// paper (S and D have one each), so the value shown is the value used.
func (s *DotState) W() Vec2 {
	w := s.D.Scale(s.S)
	return Vec2{math.Round(w.X*100) / 100, math.Round(w.Y*100) / 100}
}

// SetTip moves the tip of vector which ("w" or "x") to p, snapping to the grid.
func (s *DotState) SetTip(which string, p Vec2) {
	switch which {
	case "w":
		d := Snap(p.Scale(1/s.S), dotGrid, dotLim)
		if d != (Vec2{}) {
			s.D = d
		}
	case "x":
		if x := Snap(p, dotGrid, dotLim); x != (Vec2{}) {
			s.X = x
		}
	}
}

// Nudge moves vector which by one grid step in direction dir.
func (s *DotState) Nudge(which string, dir Vec2) {
	switch which {
	case "w":
		s.SetTip("w", s.D.Add(dir.Scale(dotGrid)).Scale(s.S))
	case "x":
		s.SetTip("x", s.X.Add(dir.Scale(dotGrid)))
	}
}

// StepDot is step 2: two vectors in the plane and what their dot product says.
type StepDot struct {
	S *DotState
}

var dotPlane = plane{unit: 40, half: 170}

func (c *StepDot) sim() Similarity { return Compare(c.S.W(), c.S.X) }

func (c *StepDot) pointerDown(e vugu.DOMEvent) {
	fx, fy, ok := pointerFraction(e)
	if !ok {
		return
	}
	p := dotPlane.fromClient(fx, fy)
	which := "x"
	if p.Sub(c.S.W()).Norm() < p.Sub(c.S.X).Norm() && p.Sub(c.S.W()).Norm() < 0.6 {
		which = "w"
	}
	c.S.Drag = which
	capturePointer(e)
	e.PreventDefault()
	c.S.SetTip(which, p)
}

func (c *StepDot) pointerMove(e vugu.DOMEvent) {
	if c.S.Drag == "" {
		return
	}
	if fx, fy, ok := pointerFraction(e); ok {
		c.S.SetTip(c.S.Drag, dotPlane.fromClient(fx, fy))
	}
}

func (c *StepDot) pointerUp(vugu.DOMEvent) { c.S.Drag = "" }

func (c *StepDot) keyDown(which string, e vugu.DOMEvent) {
	dir, ok := arrowKey(e.PropString("key"))
	if !ok {
		return
	}
	ownKey(e)
	if e.PropBool("shiftKey") {
		dir = dir.Scale(5)
	}
	c.S.Nudge(which, dir)
}

func (c *StepDot) setScale(e vugu.DOMEvent) {
	if v, ok := parseNum(e.PropString("target", "value")); ok {
		c.S.S = snap1(clamp(v, 0.2, dotScale), 0.1, dotScale)
	}
}

// Figure parts.
func (c *StepDot) grid() []gridLine { return dotPlane.grid(4) }

func (c *StepDot) arrowW() arrow { return mkArrow(Vec2{}, dotPlane.pt(c.S.W()), 12) }

func (c *StepDot) arrowX() arrow { return mkArrow(Vec2{}, dotPlane.pt(c.S.X), 12) }

func (c *StepDot) tipW() Vec2 { return dotPlane.pt(c.S.W()) }

func (c *StepDot) tipX() Vec2 { return dotPlane.pt(c.S.X) }

// projection: the foot of the perpendicular from X onto the line through W.
func (c *StepDot) proj() Vec2 { return dotPlane.pt(c.sim().ProjVec) }

// wLine: the line through W across the whole figure, to show where X projects.
func (c *StepDot) wLine() [2]Vec2 {
	u := c.S.W().Unit().Scale(10)
	return [2]Vec2{dotPlane.pt(u.Scale(-1)), dotPlane.pt(u)}
}

func (c *StepDot) arc() string {
	return arcPath(c.S.W().Angle(), c.S.X.Angle(), 26)
}

func (c *StepDot) labelPos(v Vec2) Vec2 {
	p := dotPlane.pt(v)
	return p.Add(p.Unit().Scale(16))
}

// Read-outs, all from the values shown.
func (c *StepDot) wx() string  { return fixed(c.S.W().X, 2) }
func (c *StepDot) wy() string  { return fixed(c.S.W().Y, 2) }
func (c *StepDot) xx() string  { return fixed(c.S.X.X, 1) }
func (c *StepDot) xy() string  { return fixed(c.S.X.Y, 1) }
func (c *StepDot) dx() string  { return fixed(c.S.D.X, 1) }
func (c *StepDot) dy() string  { return fixed(c.S.D.Y, 1) }
func (c *StepDot) sc() string  { return fixed(c.S.S, 1) }
func (c *StepDot) nw() string  { return fixed(c.sim().NormW, 3) }
func (c *StepDot) nx() string  { return fixed(c.sim().NormX, 3) }
func (c *StepDot) dot() string { return fixed(c.sim().Dot, 3) }
func (c *StepDot) cos() string { return fixed(c.sim().Cos, 3) }
func (c *StepDot) ang() string { return fixed(deg(c.sim().Angle), 1) }
func (c *StepDot) prj() string { return fixed(c.sim().Proj, 3) }

// product is |W| × |X| × cos θ from the three rounded values shown, so the
// learner can redo the multiplication; it agrees with W·X to about 0.01.
func (c *StepDot) product() string {
	a, _ := parseNum(c.nw())
	b, _ := parseNum(c.nx())
	k, _ := parseNum(c.cos())
	return fixed(a*b*k, 2)
}

func (c *StepDot) dotTerms() string {
	return "(" + c.wx() + ")(" + c.xx() + ") + (" + c.wy() + ")(" + c.xy() + ")"
}

func (c *StepDot) figTitle() string {
	return "Two arrows from the origin: W (blue) to (" + c.wx() + ", " + c.wy() + ") and X (orange) to (" + c.xx() + ", " + c.xy() +
		"), " + c.ang() + " degrees apart; the dashed line drops X onto the line through W, a projection of length " + c.prj() + "."
}

func (c *StepDot) handleLabel(which string) string {
	if which == "w" {
		return "Tip of W at (" + c.wx() + ", " + c.wy() + "). Arrow keys move it by 0.1 (with Shift by 0.5)."
	}
	return "Tip of X at (" + c.xx() + ", " + c.xy() + "). Arrow keys move it by 0.1 (with Shift by 0.5)."
}

func (c *StepDot) verdict() string {
	s := c.sim()
	switch {
	case s.Cos > 0.9:
		return "X points almost the way W does: a strong match."
	case s.Cos > 0.2:
		return "X partly matches W."
	case s.Cos > -0.2:
		return "X is nearly perpendicular to W: no match."
	default:
		return "X points against W: a negative match."
	}
}
