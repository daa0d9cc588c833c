package explain

import "math"

// Vec2 is a point or vector in the plane.
type Vec2 struct{ X, Y float64 }

// Add returns v+w.
func (v Vec2) Add(w Vec2) Vec2 { return Vec2{v.X + w.X, v.Y + w.Y} }

// Sub returns v−w.
func (v Vec2) Sub(w Vec2) Vec2 { return Vec2{v.X - w.X, v.Y - w.Y} }

// Scale returns s·v.
func (v Vec2) Scale(s float64) Vec2 { return Vec2{s * v.X, s * v.Y} }

// Dot returns the dot product v·w.
func (v Vec2) Dot(w Vec2) float64 { return v.X*w.X + v.Y*w.Y }

// Norm returns the Euclidean length |v|.
func (v Vec2) Norm() float64 { return math.Hypot(v.X, v.Y) }

// Unit returns v/|v|, or the zero vector when v is zero.
func (v Vec2) Unit() Vec2 {
	n := v.Norm()
	if n == 0 {
		return Vec2{}
	}
	return Vec2{v.X / n, v.Y / n}
}

// Perp returns v turned a quarter turn counter-clockwise.
func (v Vec2) Perp() Vec2 { return Vec2{-v.Y, v.X} }

// Angle returns the direction of v in radians, in (−π, π].
func (v Vec2) Angle() float64 { return math.Atan2(v.Y, v.X) }

// Polar returns the vector of length r at angle a (radians).
func Polar(r, a float64) Vec2 { return Vec2{r * math.Cos(a), r * math.Sin(a)} }

// Similarity describes how two vectors W and X match: the quantities step 2
// displays, all derived from the same two vectors.
type Similarity struct {
	NormW, NormX float64 // |W|, |X|
	Dot          float64 // W·X
	Cos          float64 // cos θ = W·X / (|W||X|), 0 when either vector is zero
	Angle        float64 // θ in radians, in [0, π]
	Proj         float64 // scalar projection of X on W: W·X / |W| = |X| cos θ
	ProjVec      Vec2    // the projection as a vector along W
}

// Compare returns the similarity of W and X.
func Compare(w, x Vec2) Similarity {
	s := Similarity{NormW: w.Norm(), NormX: x.Norm(), Dot: w.Dot(x)}
	if s.NormW == 0 || s.NormX == 0 {
		s.Angle = math.Pi / 2
		return s
	}
	s.Cos = clamp(s.Dot/(s.NormW*s.NormX), -1, 1)
	s.Angle = math.Acos(s.Cos)
	s.Proj = s.Dot / s.NormW
	s.ProjVec = w.Scale(s.Dot / (s.NormW * s.NormW))
	return s
}

// Snap rounds v's coordinates to the nearest multiple of step and clamps
// them to [−lim, lim].
func Snap(v Vec2, step, lim float64) Vec2 {
	return Vec2{snap1(v.X, step, lim), snap1(v.Y, step, lim)}
}

func snap1(x, step, lim float64) float64 {
	x = math.Round(x/step) * step
	x = clamp(x, -lim, lim)
	// Remove the float noise of k·step so the value prints as it is meant.
	return math.Round(x*1e9) / 1e9
}

func clamp(x, lo, hi float64) float64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

// HalfPlane returns the polygon of the part of the box [−r, r]² where n·p ≥ 0,
// as the vertices of a convex polygon in order. n must not be zero.
func HalfPlane(n Vec2, r float64) []Vec2 {
	box := []Vec2{{-r, -r}, {r, -r}, {r, r}, {-r, r}}
	var out []Vec2
	for i := range box {
		a, b := box[i], box[(i+1)%len(box)]
		da, db := n.Dot(a), n.Dot(b)
		if da >= 0 {
			out = append(out, a)
		}
		if (da >= 0) != (db >= 0) {
			t := da / (da - db)
			out = append(out, a.Add(b.Sub(a).Scale(t)))
		}
	}
	return out
}
