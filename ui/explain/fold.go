package explain

import "sort"

// Mat2 is a 2×2 matrix, rows first: [[A, B], [C, D]].
type Mat2 struct{ A, B, C, D float64 }

// Apply returns M·v.
func (m Mat2) Apply(v Vec2) Vec2 { return Vec2{m.A*v.X + m.B*v.Y, m.C*v.X + m.D*v.Y} }

// Mul returns the product M·N (apply N first, then M).
func (m Mat2) Mul(n Mat2) Mat2 {
	return Mat2{
		m.A*n.A + m.B*n.C, m.A*n.B + m.B*n.D,
		m.C*n.A + m.D*n.C, m.C*n.B + m.D*n.D,
	}
}

// Det returns the determinant of M.
func (m Mat2) Det() float64 { return m.A*m.D - m.B*m.C }

// Layer2 is a dense layer from the plane to the plane: y = act(W·x + b).
type Layer2 struct {
	W    Mat2
	B    Vec2
	ReLU bool // apply ReLU to each coordinate after the affine map
}

// Affine returns W·x + b.
func (l Layer2) Affine(x Vec2) Vec2 { return l.W.Apply(x).Add(l.B) }

// Apply returns the layer's output for x.
func (l Layer2) Apply(x Vec2) Vec2 {
	y := l.Affine(x)
	if l.ReLU {
		y = Vec2{ReLU(y.X), ReLU(y.Y)}
	}
	return y
}

// Compose returns the single affine layer equal to applying first then
// second when neither has an activation: W = W₂W₁, b = W₂b₁ + b₂.
func Compose(first, second Layer2) Layer2 {
	return Layer2{W: second.W.Mul(first.W), B: second.W.Apply(first.B).Add(second.B)}
}

// MapSegment returns the image of the segment p0→p1 under the layer as a
// polyline. An affine map keeps it straight; ReLU bends it exactly where a
// coordinate of W·p + b changes sign, so the polyline has a vertex at every
// fold and is exact, not sampled.
func (l Layer2) MapSegment(p0, p1 Vec2) []Vec2 {
	ts := []float64{0, 1}
	if l.ReLU {
		a0, a1 := l.Affine(p0), l.Affine(p1)
		for _, c := range [][2]float64{{a0.X, a1.X}, {a0.Y, a1.Y}} {
			if (c[0] < 0) != (c[1] < 0) {
				ts = append(ts, c[0]/(c[0]-c[1]))
			}
		}
		sort.Float64s(ts)
	}
	out := make([]Vec2, len(ts))
	for i, t := range ts {
		out[i] = l.Apply(p0.Add(p1.Sub(p0).Scale(t)))
	}
	return out
}
