package explain

import (
	"math"

	"github.com/vugu/vugu"
)

// SphereState is step 5's state: a starting W, the input X it should match,
// how many gradient steps have been taken, and the 3D view.
type SphereState struct {
	W0, X Vec2
	N     int // gradient steps taken, 0…maxAscent
	Drag  bool

	W03, X3 Vec3
	View    View
	Rot     bool
	LastF   Vec2 // the last pointer position while rotating, as fractions of the figure
}

// NewSphereState returns step 5's starting point.
func NewSphereState() SphereState {
	return SphereState{
		W0: Vec2{1.5, -0.5}, X: Vec2{0.5, 1.2},
		W03: Vec3{1.2, -0.3, 0.9}, X3: Vec3{-0.4, 1.0, 0.5},
		View: View{Yaw: -0.5, Pitch: 0.35},
	}
}

// Step 5's constants: the learning rate of the ascent and its step cap.
const (
	ascentEta = 0.5
	maxAscent = 12
)

// StepSphere is step 5: weights on the unit circle and sphere, and where
// the gradient points with and without normalisation.
type StepSphere struct {
	S *SphereState
}

var spherePlane = plane{unit: 36, half: 112}

func (c *StepSphere) free() []Ascent { return AscendFree(c.S.W0, c.S.X, ascentEta, c.S.N) }
func (c *StepSphere) norm() []Ascent { return AscendNormalized(c.S.W0, c.S.X, ascentEta, c.S.N) }

func (c *StepSphere) wFree() Vec2 { return c.free()[c.S.N].W }
func (c *StepSphere) wNorm() Vec2 { return c.norm()[c.S.N].W }

func (c *StepSphere) step(vugu.DOMEvent) {
	if c.S.N < maxAscent {
		c.S.N++
	}
}

func (c *StepSphere) reset(vugu.DOMEvent) { c.S.N = 0 }

func (c *StepSphere) canStep() bool { return c.S.N < maxAscent }

// SetW moves the starting W to p (snapped to 0.1) and restarts both runs;
// points too close to the origin, where W/|W| is undefined, are ignored.
func (s *SphereState) SetW(p Vec2) {
	if w := Snap(p, 0.1, 3.5); w.Norm() >= 0.3 {
		s.W0, s.N = w, 0
	}
}

// Rotate turns the 3D view; the pitch stops at straight up and down.
func (s *SphereState) Rotate(dyaw, dpitch float64) {
	s.View.Yaw = math.Remainder(s.View.Yaw+dyaw, 2*math.Pi)
	s.View.Pitch = clamp(s.View.Pitch+dpitch, -math.Pi/2, math.Pi/2)
}

func (c *StepSphere) setW(p Vec2) { c.S.SetW(p) }

func (c *StepSphere) pointerDown(e vugu.DOMEvent) {
	if fx, fy, ok := pointerFraction(e); ok {
		c.S.Drag = true
		capturePointer(e)
		e.PreventDefault()
		c.setW(spherePlane.fromClient(fx, fy))
	}
}

func (c *StepSphere) pointerMove(e vugu.DOMEvent) {
	if !c.S.Drag {
		return
	}
	if fx, fy, ok := pointerFraction(e); ok {
		c.setW(spherePlane.fromClient(fx, fy))
	}
}

func (c *StepSphere) pointerUp(vugu.DOMEvent) { c.S.Drag = false }

func (c *StepSphere) keyW(e vugu.DOMEvent) {
	if d, ok := arrowKey(e.PropString("key")); ok {
		ownKey(e)
		c.setW(c.wNorm().Add(d.Scale(0.1)))
	}
}

// Gradients at the current weights, split along Ŵ.
func (c *StepSphere) splitFree() Split {
	w := c.wFree()
	return SplitAlong(GradFree(w, c.S.X), w.Unit())
}

func (c *StepSphere) splitNorm() Split {
	w := c.wNorm()
	return SplitAlong(GradNormalized(w, c.S.X), w.Unit())
}

// Figure parts (2D).
func (c *StepSphere) grid() []gridLine { return spherePlane.grid(3) }

func (c *StepSphere) circle() string { return num(spherePlane.unit) }

func (c *StepSphere) xArrow() arrow { return mkArrow(Vec2{}, spherePlane.pt(c.S.X), 9) }

func (c *StepSphere) freeArrow() arrow { return mkArrow(Vec2{}, spherePlane.pt(c.wFree()), 9) }

func (c *StepSphere) rawArrow() arrow { return mkArrow(Vec2{}, spherePlane.pt(c.wNorm()), 9) }

func (c *StepSphere) unitArrow() arrow { return mkArrow(Vec2{}, spherePlane.pt(c.wNorm().Unit()), 9) }

// gradArrows draws the gradient's radial and tangential parts from the tip
// at (math coordinates).
func gradArrows(at Vec2, s Split) (radial, tangential arrow) {
	p := spherePlane.pt(at)
	return mkArrow(p, spherePlane.pt(at.Add(s.RadialVec)), 8),
		mkArrow(p, spherePlane.pt(at.Add(s.Tangential)), 8)
}

func (c *StepSphere) freeRadial() arrow {
	r, _ := gradArrows(c.wFree(), c.splitFree())
	return r
}

func (c *StepSphere) freeTangent() arrow {
	_, t := gradArrows(c.wFree(), c.splitFree())
	return t
}

func (c *StepSphere) normTangent() arrow {
	_, t := gradArrows(c.wNorm().Unit(), c.splitNorm())
	return t
}

func (c *StepSphere) freeTrail() string {
	var ps []Vec2
	for _, a := range c.free() {
		ps = append(ps, spherePlane.pt(a.W))
	}
	return points(ps)
}

type dot struct{ X, Y string }

func dots(vs []Vec2) []dot {
	out := make([]dot, len(vs))
	for i, v := range vs {
		p := spherePlane.pt(v)
		out[i] = dot{num(p.X), num(p.Y)}
	}
	return out
}

func (c *StepSphere) rawTrail() []dot {
	var vs []Vec2
	for _, a := range c.norm() {
		vs = append(vs, a.W)
	}
	return dots(vs)
}

func (c *StepSphere) unitTrail() []dot {
	var vs []Vec2
	for _, a := range c.norm() {
		vs = append(vs, a.W.Unit())
	}
	return dots(vs)
}

func (c *StepSphere) handle() Vec2 { return spherePlane.pt(c.wNorm()) }

// Read-outs.
func (c *StepSphere) n() string { return itoa(c.S.N) }

func (c *StepSphere) freeOut() string { return fixed(c.free()[c.S.N].Out, 3) }
func (c *StepSphere) normOut() string { return fixed(c.norm()[c.S.N].Out, 3) }
func (c *StepSphere) freeLen() string { return fixed(c.wFree().Norm(), 3) }
func (c *StepSphere) normLen() string { return fixed(c.wNorm().Norm(), 3) }
func (c *StepSphere) freeAng() string { return fixed(deg(Compare(c.wFree(), c.S.X).Angle), 1) }
func (c *StepSphere) normAng() string { return fixed(deg(Compare(c.wNorm(), c.S.X).Angle), 1) }

func (c *StepSphere) freeRad() string { return fixed(c.splitFree().Radial, 3) }
func (c *StepSphere) normRad() string { return fixed(c.splitNorm().Radial, 3) }
func (c *StepSphere) freeTan() string { return pair(c.splitFree().Tangential, 3) }
func (c *StepSphere) normTan() string { return pair(c.splitNorm().Tangential, 3) }
func (c *StepSphere) freeTanLen() string {
	return fixed(c.splitFree().Tangential.Norm(), 3)
}
func (c *StepSphere) normTanLen() string {
	return fixed(c.splitNorm().Tangential.Norm(), 3)
}
func (c *StepSphere) normGrad() string {
	return pair(GradNormalized(c.wNorm(), c.S.X), 3)
}
func (c *StepSphere) unitW() string { return pair(c.wNorm().Unit(), 3) }

type ascentRow struct {
	K                                  string
	FreeLen, FreeOut, NormLen, NormOut string
	FreeAng, NormAng                   string
}

func (c *StepSphere) rows() []ascentRow {
	f, n := c.free(), c.norm()
	rs := make([]ascentRow, len(f))
	for i := range f {
		rs[i] = ascentRow{
			K:       itoa(i),
			FreeLen: fixed(f[i].W.Norm(), 3), FreeOut: fixed(f[i].Out, 3), FreeAng: fixed(deg(math.Acos(f[i].Cos)), 1),
			NormLen: fixed(n[i].W.Norm(), 3), NormOut: fixed(n[i].Out, 3), NormAng: fixed(deg(math.Acos(n[i].Cos)), 1),
		}
	}
	return rs
}

func (c *StepSphere) freeTitle() string {
	return "Free plane after " + c.n() + " steps: W at " + pair(c.wFree(), 2) + ", length " + c.freeLen() +
		". Its gradient X splits into a radial part " + c.freeRad() + " (red, along W) and a tangential part (green)."
}

func (c *StepSphere) normTitle() string {
	return "Normalised after " + c.n() + " steps: raw W at " + pair(c.wNorm(), 2) + " (grey) and W/|W| on the unit circle at " +
		c.unitW() + " (blue). The gradient is purely tangential (green); the radial part is 0."
}

// The 3D figure.
var spherePx = 90.0 // SVG units per unit length in the 3D figure

func (c *StepSphere) path3() []Vec3 { return AscendNormalized3(c.S.W03, c.S.X3, ascentEta, c.S.N) }

type curve struct {
	Points string
	Back   bool
}

func (c *StepSphere) wire() []curve {
	var out []curve
	for _, sc := range SphereWireframe(c.S.View) {
		for _, b := range sc.Back {
			out = append(out, curve{screen3(b), true})
		}
		for _, f := range sc.Front {
			out = append(out, curve{screen3(f), false})
		}
	}
	return out
}

func screen3(ps []Vec2) string {
	s := make([]Vec2, len(ps))
	for i, p := range ps {
		s[i] = Vec2{p.X * spherePx, -p.Y * spherePx}
	}
	return points(s)
}

func (c *StepSphere) proj3(v Vec3) (Vec2, bool) {
	p, z := c.S.View.Project(v)
	return Vec2{p.X * spherePx, -p.Y * spherePx}, z >= 0
}

func (c *StepSphere) arrow3(from, to Vec3) arrow {
	a, _ := c.proj3(from)
	b, _ := c.proj3(to)
	return mkArrow(a, b, 9)
}

func (c *StepSphere) w3() Vec3 { p := c.path3(); return p[len(p)-1] }

func (c *StepSphere) raw3() arrow  { return c.arrow3(Vec3{}, c.w3()) }
func (c *StepSphere) unit3() arrow { return c.arrow3(Vec3{}, c.w3().Unit()) }
func (c *StepSphere) x3() arrow    { return c.arrow3(Vec3{}, c.S.X3) }

func (c *StepSphere) tan3() arrow {
	u := c.w3().Unit()
	g := GradNormalized3(c.w3(), c.S.X3)
	return c.arrow3(u, u.Add(g.Scale(ascentEta)))
}

type dot3 struct {
	X, Y  string
	Class string
}

func (c *StepSphere) trail3() []dot3 {
	var out []dot3
	for _, w := range c.path3() {
		p, front := c.proj3(w.Unit())
		out = append(out, dot3{num(p.X), num(p.Y), ifs(front, "ex-trail", "ex-trail ex-behind")})
	}
	return out
}

func (c *StepSphere) xHat3() dot3 {
	p, front := c.proj3(c.S.X3.Unit())
	return dot3{num(p.X), num(p.Y), ifs(front, "ex-xhat", "ex-xhat ex-behind")}
}

func (c *StepSphere) rad3() string {
	r, _ := SplitAlong3(GradNormalized3(c.w3(), c.S.X3), c.w3().Unit())
	return fixed(r, 3)
}

func (c *StepSphere) cos3() string {
	return fixed(c.w3().Unit().Dot(c.S.X3.Unit()), 3)
}

func (c *StepSphere) rotate(dyaw, dpitch float64) { c.S.Rotate(dyaw, dpitch) }

func (c *StepSphere) rotKey(e vugu.DOMEvent) {
	if d, ok := arrowKey(e.PropString("key")); ok {
		ownKey(e)
		c.rotate(d.X*math.Pi/18, -d.Y*math.Pi/18)
	}
}

func (c *StepSphere) rotDown(e vugu.DOMEvent) {
	if fx, fy, ok := pointerFraction(e); ok {
		c.S.Rot, c.S.LastF = true, Vec2{fx, fy}
		capturePointer(e)
		e.PreventDefault()
	}
}

func (c *StepSphere) rotMove(e vugu.DOMEvent) {
	if !c.S.Rot {
		return
	}
	if fx, fy, ok := pointerFraction(e); ok {
		c.rotate((fx-c.S.LastF.X)*math.Pi, (fy-c.S.LastF.Y)*math.Pi)
		c.S.LastF = Vec2{fx, fy}
	}
}

func (c *StepSphere) rotUp(vugu.DOMEvent) { c.S.Rot = false }

func (c *StepSphere) title3() string {
	return "A unit sphere seen from yaw " + fixed(deg(c.S.View.Yaw), 0) + "° and pitch " + fixed(deg(c.S.View.Pitch), 0) +
		"°: the raw weight vector W (grey), its direction W/|W| on the sphere (blue) with the trail of earlier steps, X (orange) and its point on the sphere, and the tangential gradient (green). cos θ = " + c.cos3() + "."
}
