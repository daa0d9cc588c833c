package explain

import (
	"math"

	"github.com/vugu/vugu"
)

// ReLUState is step 6's state: the angle θ of X from W in degrees (steps of
// 5°) and the length of X (steps of 0.1); W is a fixed unit vector.
type ReLUState struct {
	Theta float64
	NormX float64
}

// NewReLUState returns step 6's starting point.
func NewReLUState() ReLUState { return ReLUState{Theta: 60, NormX: 1.5} }

// reluWAngle is the fixed direction of W in step 6 (radians).
const reluWAngle = 20 * math.Pi / 180

// StepRelu is step 6: the ReLU passes only inputs within 90° of the
// template; ELU lets the rest through, attenuated.
type StepRelu struct {
	S *ReLUState
}

var reluPlane = plane{unit: 36, half: 110}

func (c *StepRelu) w() Vec2 { return Polar(1, reluWAngle) }
func (c *StepRelu) x() Vec2 { return Polar(c.S.NormX, reluWAngle+c.S.Theta*math.Pi/180) }

// z is W·X = |W||X|cos θ with |W| = 1.
func (c *StepRelu) z() float64 { return c.S.NormX * math.Cos(c.S.Theta*math.Pi/180) }

func (c *StepRelu) setTheta(e vugu.DOMEvent) {
	if v, ok := parseNum(e.PropString("target", "value")); ok {
		c.S.Theta = snap1(v, 5, 180)
	}
}

func (c *StepRelu) setNorm(e vugu.DOMEvent) {
	if v, ok := parseNum(e.PropString("target", "value")); ok {
		c.S.NormX = snap1(clamp(v, 0.5, 2.5), 0.1, 2.5)
	}
}

func (c *StepRelu) halfPlane() string {
	hp := HalfPlane(c.w(), reluExtent)
	ps := make([]Vec2, len(hp))
	for i, p := range hp {
		ps[i] = reluPlane.pt(p)
	}
	return points(ps)
}

// reluExtent is the half-width of the grid in step 6's figure.
const reluExtent = 3

// boundary is the line W·X = 0 across the grid: the half-plane's vertices
// that lie on it.
func (c *StepRelu) boundary() [2]Vec2 {
	var ends []Vec2
	for _, p := range HalfPlane(c.w(), reluExtent) {
		if math.Abs(c.w().Dot(p)) < 1e-9 {
			ends = append(ends, reluPlane.pt(p))
		}
	}
	if len(ends) < 2 {
		return [2]Vec2{}
	}
	return [2]Vec2{ends[0], ends[len(ends)-1]}
}

func (c *StepRelu) grid() []gridLine { return reluPlane.grid(reluExtent) }
func (c *StepRelu) wArrow() arrow    { return mkArrow(Vec2{}, reluPlane.pt(c.w()), 10) }
func (c *StepRelu) xArrow() arrow    { return mkArrow(Vec2{}, reluPlane.pt(c.x()), 10) }
func (c *StepRelu) arc() string {
	return arcPath(reluWAngle, reluWAngle+c.S.Theta*math.Pi/180, 22)
}

// Read-outs.
func (c *StepRelu) theta() string { return fixed(c.S.Theta, 0) }
func (c *StepRelu) nx() string    { return fixed(c.S.NormX, 1) }
func (c *StepRelu) cos() string   { return fixed(math.Cos(c.S.Theta*math.Pi/180), 3) }
func (c *StepRelu) zs() string    { return fixed(c.z(), 3) }
func (c *StepRelu) relu() string  { return fixed(ReLU(c.z()), 3) }
func (c *StepRelu) elu() string   { return fixed(ELU(c.z()), 3) }
func (c *StepRelu) passes() bool  { return c.z() > 0 }

func (c *StepRelu) verdict() string {
	if c.passes() {
		return "|θ| < 90°: X lies in the shaded half-plane and ReLU passes W·X unchanged."
	}
	return "|θ| ≥ 90°: X lies outside the shaded half-plane; ReLU outputs 0 and its gradient is 0 too, while ELU still reports how bad the match is, squashed towards −1."
}

// The plot: activation output against θ ∈ [−180°, 180°] at the current |X|.
// Plot area: x from 0 to 360 (θ + 180), y from −60 to 60 per unit of output
// scaled so that ±2.5 fits.
const (
	plotW = 360.0
	plotH = 150.0
)

func plotPt(thetaDeg, y float64) Vec2 {
	return Vec2{thetaDeg + 180, plotH/2 - y*plotH/2/2.6}
}

func (c *StepRelu) curve(f func(float64) float64) string {
	var ps []Vec2
	for t := -180.0; t <= 180; t += 2.5 {
		ps = append(ps, plotPt(t, f(c.S.NormX*math.Cos(t*math.Pi/180))))
	}
	return points(ps)
}

func (c *StepRelu) linCurve() string  { return c.curve(func(z float64) float64 { return z }) }
func (c *StepRelu) reluCurve() string { return c.curve(ReLU) }
func (c *StepRelu) eluCurve() string  { return c.curve(ELU) }

func (c *StepRelu) marker(f func(float64) float64) dot {
	p := plotPt(c.S.Theta, f(c.z()))
	return dot{num(p.X), num(p.Y)}
}

func (c *StepRelu) reluMark() dot { return c.marker(ReLU) }
func (c *StepRelu) eluMark() dot  { return c.marker(ELU) }

type tick struct {
	X, Label string
}

func (c *StepRelu) ticks() []tick {
	var ts []tick
	for t := -180; t <= 180; t += 90 {
		ts = append(ts, tick{num(float64(t) + 180), fixed(float64(t), 0) + "°"})
	}
	return ts
}

func (c *StepRelu) plotTitle() string {
	return "Output against the angle θ for |X| = " + c.nx() + ": W·X (dotted) is |X| cos θ; ReLU (blue) is zero for |θ| ≥ 90°; ELU (green) dips to at most −1 there. The marker is the current θ = " + c.theta() + "°."
}

func (c *StepRelu) figTitle() string {
	return "W (blue, length 1) and X (orange) " + c.theta() + "° apart. The shaded half-plane holds every X with W·X > 0."
}
