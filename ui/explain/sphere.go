package explain

import "math"

// Split is a vector decomposed along a direction u (a unit vector): Radial is
// the component along u, Tangential the rest, perpendicular to u.
type Split struct {
	Radial     float64 // signed length of the component along u
	RadialVec  Vec2    // Radial·u
	Tangential Vec2    // g − RadialVec
}

// SplitAlong decomposes g into its parts along and across the unit vector u.
func SplitAlong(g, u Vec2) Split {
	r := g.Dot(u)
	rv := u.Scale(r)
	return Split{Radial: r, RadialVec: rv, Tangential: g.Sub(rv)}
}

// GradFree returns ∂(W·X)/∂W = X: the gradient of a plain neuron's output
// with respect to its weights.
func GradFree(w, x Vec2) Vec2 { return x }

// GradNormalized returns ∂(Ŵ·X)/∂W for Ŵ = W/|W|, the gradient of a
// weight-normalised neuron's output with respect to the raw weights:
// (X − (Ŵ·X)Ŵ)/|W|. It is X's component across Ŵ, scaled by 1/|W|. It is
// built along the tangent direction t = Ŵ turned a quarter turn, so its part
// along Ŵ is zero up to a rounding error of order 1e-17.
func GradNormalized(w, x Vec2) Vec2 {
	n := w.Norm()
	if n == 0 {
		return Vec2{}
	}
	t := w.Unit().Perp()
	return t.Scale(t.Dot(x) / n)
}

// Ascent is one gradient step on a neuron's output, kept for the trajectory
// step 5 draws.
type Ascent struct {
	W   Vec2    // raw weights after the step
	Out float64 // the output W·X (free) or Ŵ·X (normalised) at W
	Cos float64 // cos of the angle between W and X
}

// AscendFree takes n steps of W ← W + η·∂(W·X)/∂W from w0 and returns the
// starting point followed by every step.
func AscendFree(w0, x Vec2, eta float64, n int) []Ascent {
	out := []Ascent{ascentAt(w0, x, false)}
	w := w0
	for i := 0; i < n; i++ {
		w = w.Add(GradFree(w, x).Scale(eta))
		out = append(out, ascentAt(w, x, false))
	}
	return out
}

// AscendNormalized takes n steps of W ← W + η·∂(Ŵ·X)/∂W from w0. The raw
// |W| grows a little each step (the step is perpendicular to W) while Ŵ
// turns towards X.
func AscendNormalized(w0, x Vec2, eta float64, n int) []Ascent {
	out := []Ascent{ascentAt(w0, x, true)}
	w := w0
	for i := 0; i < n; i++ {
		w = w.Add(GradNormalized(w, x).Scale(eta))
		out = append(out, ascentAt(w, x, true))
	}
	return out
}

func ascentAt(w, x Vec2, normalized bool) Ascent {
	s := Compare(w, x)
	a := Ascent{W: w, Cos: s.Cos, Out: s.Dot}
	if normalized {
		a.Out = w.Unit().Dot(x)
	}
	return a
}

// Vec3 is a vector in space.
type Vec3 struct{ X, Y, Z float64 }

// Add returns v+w.
func (v Vec3) Add(w Vec3) Vec3 { return Vec3{v.X + w.X, v.Y + w.Y, v.Z + w.Z} }

// Sub returns v−w.
func (v Vec3) Sub(w Vec3) Vec3 { return Vec3{v.X - w.X, v.Y - w.Y, v.Z - w.Z} }

// Scale returns s·v.
func (v Vec3) Scale(s float64) Vec3 { return Vec3{s * v.X, s * v.Y, s * v.Z} }

// Dot returns v·w.
func (v Vec3) Dot(w Vec3) float64 { return v.X*w.X + v.Y*w.Y + v.Z*w.Z }

// Norm returns |v|.
func (v Vec3) Norm() float64 { return math.Sqrt(v.Dot(v)) }

// Unit returns v/|v|, or zero when v is zero.
func (v Vec3) Unit() Vec3 {
	n := v.Norm()
	if n == 0 {
		return Vec3{}
	}
	return v.Scale(1 / n)
}

// SplitAlong3 decomposes g into its part along the unit vector u (returned
// as a signed length) and the tangential rest.
func SplitAlong3(g, u Vec3) (radial float64, tangential Vec3) {
	r := g.Dot(u)
	return r, g.Sub(u.Scale(r))
}

// GradNormalized3 returns ∂(Ŵ·X)/∂W = (X − (Ŵ·X)Ŵ)/|W| in space.
func GradNormalized3(w, x Vec3) Vec3 {
	n := w.Norm()
	if n == 0 {
		return Vec3{}
	}
	u := w.Scale(1 / n)
	return x.Sub(u.Scale(u.Dot(x))).Scale(1 / n)
}

// View is an orthographic camera: the scene is turned by Yaw about the
// vertical axis, then by Pitch about the horizontal screen axis (radians).
type View struct{ Yaw, Pitch float64 }

// Project returns the screen position of p (x right, y up) and its depth
// (positive towards the viewer).
func (v View) Project(p Vec3) (Vec2, float64) {
	cy, sy := math.Cos(v.Yaw), math.Sin(v.Yaw)
	x := cy*p.X + sy*p.Z
	z := -sy*p.X + cy*p.Z
	cp, sp := math.Cos(v.Pitch), math.Sin(v.Pitch)
	y := cp*p.Y - sp*z
	z = sp*p.Y + cp*z
	return Vec2{x, y}, z
}

// SphereCurve is a circle drawn on the unit sphere, split into the parts
// facing the viewer and those behind.
type SphereCurve struct {
	Front, Back [][]Vec2 // screen polylines
}

// SphereWireframe returns the latitude circles (every 30°) and meridians
// (every 30°) of the unit sphere as seen by v, each sampled at 72 points.
func SphereWireframe(v View) []SphereCurve {
	var curves []SphereCurve
	const n = 72
	add := func(pt func(t float64) Vec3) {
		var c SphereCurve
		var cur []Vec2
		front := false
		for i := 0; i <= n; i++ {
			s, z := v.Project(pt(2 * math.Pi * float64(i) / n))
			f := z >= 0
			if i > 0 && f != front {
				cur = append(cur, s)
				if front {
					c.Front = append(c.Front, cur)
				} else {
					c.Back = append(c.Back, cur)
				}
				cur = nil
			}
			front = f
			cur = append(cur, s)
		}
		if front {
			c.Front = append(c.Front, cur)
		} else {
			c.Back = append(c.Back, cur)
		}
		curves = append(curves, c)
	}
	for lat := -60; lat <= 60; lat += 30 {
		phi := float64(lat) * math.Pi / 180
		r, y := math.Cos(phi), math.Sin(phi)
		add(func(t float64) Vec3 { return Vec3{r * math.Cos(t), y, r * math.Sin(t)} })
	}
	for lon := 0; lon < 180; lon += 30 {
		l := float64(lon) * math.Pi / 180
		add(func(t float64) Vec3 {
			return Vec3{math.Cos(t) * math.Cos(l), math.Sin(t), math.Cos(t) * math.Sin(l)}
		})
	}
	return curves
}

// AscendNormalized3 takes n steps of W ← W + η·∂(Ŵ·X)/∂W in space from w0
// and returns the starting point followed by every step's raw W.
func AscendNormalized3(w0, x Vec3, eta float64, n int) []Vec3 {
	out := []Vec3{w0}
	w := w0
	for i := 0; i < n; i++ {
		w = w.Add(GradNormalized3(w, x).Scale(eta))
		out = append(out, w)
	}
	return out
}
