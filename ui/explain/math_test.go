package explain

import (
	"math"
	"math/rand/v2"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestCompare(t *testing.T) {
	cases := []struct {
		w, x       Vec2
		cos, angle float64 // angle in degrees
	}{
		{Vec2{1, 0}, Vec2{0, 2}, 0, 90},
		{Vec2{2, 2}, Vec2{1, 1}, 1, 0},
		{Vec2{1, 0}, Vec2{-3, 0}, -1, 180},
		{Vec2{3, 0}, Vec2{1, math.Sqrt(3)}, 0.5, 60},
	}
	for _, c := range cases {
		s := Compare(c.w, c.x)
		if !near(s.Cos, c.cos, 1e-12) || !near(deg(s.Angle), c.angle, 1e-5) {
			t.Errorf("Compare(%v, %v): cos %v angle %v°, want %v and %v°", c.w, c.x, s.Cos, deg(s.Angle), c.cos, c.angle)
		}
	}
	// Random vectors: the parts agree with W·X = |W||X|cos θ and the
	// projection is the foot of the perpendicular from X.
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		w := Vec2{r.NormFloat64(), r.NormFloat64()}
		x := Vec2{r.NormFloat64(), r.NormFloat64()}
		s := Compare(w, x)
		if !near(s.Dot, s.NormW*s.NormX*s.Cos, 1e-12) {
			t.Fatalf("W·X %v ≠ |W||X|cos θ %v", s.Dot, s.NormW*s.NormX*s.Cos)
		}
		if !near(x.Sub(s.ProjVec).Dot(w), 0, 1e-12) {
			t.Fatalf("X − proj is not perpendicular to W")
		}
		if !near(s.ProjVec.Norm(), math.Abs(s.Proj), 1e-12) {
			t.Fatalf("|proj| %v ≠ |scalar projection| %v", s.ProjVec.Norm(), s.Proj)
		}
		// Scaling W changes the dot product, not the angle.
		s2 := Compare(w.Scale(2.5), x)
		if !near(s2.Dot, 2.5*s.Dot, 1e-12) || !near(s2.Angle, s.Angle, 1e-12) {
			t.Fatalf("scaling W: dot %v→%v angle %v→%v", s.Dot, s2.Dot, s.Angle, s2.Angle)
		}
	}
	if s := Compare(Vec2{}, Vec2{1, 1}); s.Cos != 0 || s.Dot != 0 {
		t.Errorf("zero W: %+v", s)
	}
}

func TestSnap(t *testing.T) {
	got := Snap(Vec2{1.234, -7.06}, 0.1, 3.5)
	if got != (Vec2{1.2, -3.5}) {
		t.Errorf("Snap = %v, want (1.2, -3.5)", got)
	}
	if fixed(Snap(Vec2{0.3 * 3, 0}, 0.1, 5).X, 10) != "0.9000000000" {
		t.Errorf("snapped value carries float noise")
	}
}

func TestHalfPlane(t *testing.T) {
	n := Vec2{1, 2}
	poly := HalfPlane(n, 3)
	if len(poly) < 3 {
		t.Fatalf("polygon %v", poly)
	}
	for _, p := range poly {
		if n.Dot(p) < -1e-12 || math.Abs(p.X) > 3+1e-12 || math.Abs(p.Y) > 3+1e-12 {
			t.Errorf("vertex %v outside the half-box", p)
		}
	}
	// The area of a half-box cut through its centre is half the box.
	var area float64
	for i := range poly {
		a, b := poly[i], poly[(i+1)%len(poly)]
		area += a.X*b.Y - b.X*a.Y
	}
	if !near(math.Abs(area)/2, 18, 1e-9) {
		t.Errorf("area %v, want 18", math.Abs(area)/2)
	}
}

func TestNeuronAndActivations(t *testing.T) {
	o := Neuron([]float64{0.5, -1, 2}, []float64{1, 0.5, -0.25}, 0.1, ActivationByID("identity"))
	if !near(o.Sum, 0.5-0.5-0.5, 1e-15) || !near(o.Z, -0.4, 1e-15) || !near(o.Y, -0.4, 1e-15) {
		t.Errorf("neuron %+v", o)
	}
	if o := Neuron([]float64{1}, []float64{-2}, 0, ActivationByID("relu")); o.Y != 0 {
		t.Errorf("ReLU(−2) = %v", o.Y)
	}
	if !near(ELU(-1), math.Exp(-1)-1, 1e-15) || ELU(2) != 2 {
		t.Errorf("ELU wrong")
	}
	// Each derivative matches a central difference of its function.
	for _, a := range Activations {
		for _, z := range []float64{-2, -0.7, 0.3, 1.9} {
			h := 1e-6
			fd := (a.F(z+h) - a.F(z-h)) / (2 * h)
			if !near(fd, a.D(z), 1e-6) {
				t.Errorf("%s'(%v) = %v, finite difference %v", a.ID, z, a.D(z), fd)
			}
		}
	}
	if ActivationByID("nope").ID != Activations[0].ID {
		t.Errorf("unknown id does not fall back to the default")
	}
}

func TestComposeAndFold(t *testing.T) {
	l1 := Layer2{W: Mat2{1, 0.5, -0.5, 1}, B: Vec2{0.2, -0.3}}
	l2 := Layer2{W: Mat2{0.8, -0.4, 0.3, 1.2}, B: Vec2{0, 0.5}}
	one := Compose(l1, l2)
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 100; i++ {
		p := Vec2{r.Float64()*4 - 2, r.Float64()*4 - 2}
		a, b := l2.Apply(l1.Apply(p)), one.Apply(p)
		if a.Sub(b).Norm() > 1e-12 {
			t.Fatalf("two layers %v ≠ composed %v at %v", a, b, p)
		}
	}
	if !near(one.W.Det(), l2.W.Det()*l1.W.Det(), 1e-12) {
		t.Errorf("det of the product is not the product of dets")
	}

	// ReLU folding: every point of the segment maps onto the polyline, and
	// the polyline lies in the closed positive quadrant.
	f := Layer2{W: l1.W, B: l1.B, ReLU: true}
	for i := 0; i < 200; i++ {
		p0 := Vec2{r.Float64()*4 - 2, r.Float64()*4 - 2}
		p1 := Vec2{r.Float64()*4 - 2, r.Float64()*4 - 2}
		poly := f.MapSegment(p0, p1)
		for _, q := range poly {
			if q.X < 0 || q.Y < 0 {
				t.Fatalf("folded point %v has a negative coordinate", q)
			}
		}
		for k := 0; k <= 20; k++ {
			q := f.Apply(p0.Add(p1.Sub(p0).Scale(float64(k) / 20)))
			if d := distToPolyline(q, poly); d > 1e-9 {
				t.Fatalf("image %v is %v away from the folded polyline %v", q, d, poly)
			}
		}
	}
	// Without ReLU a segment stays one straight piece.
	if got := l1.MapSegment(Vec2{-2, -2}, Vec2{2, 2}); len(got) != 2 {
		t.Errorf("affine image has %d vertices", len(got))
	}
}

func distToPolyline(q Vec2, poly []Vec2) float64 {
	best := math.Inf(1)
	for i := 0; i+1 < len(poly); i++ {
		a, b := poly[i], poly[i+1]
		ab := b.Sub(a)
		t := 0.0
		if l := ab.Dot(ab); l > 0 {
			t = clamp(q.Sub(a).Dot(ab)/l, 0, 1)
		}
		best = math.Min(best, q.Sub(a.Add(ab.Scale(t))).Norm())
	}
	return best
}

func TestGradients(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	h := 1e-6
	for i := 0; i < 100; i++ {
		w := Vec2{r.NormFloat64(), r.NormFloat64()}
		x := Vec2{r.NormFloat64(), r.NormFloat64()}
		f := func(w Vec2) float64 { return w.Unit().Dot(x) }
		g := GradNormalized(w, x)
		fd := Vec2{
			(f(w.Add(Vec2{h, 0})) - f(w.Sub(Vec2{h, 0}))) / (2 * h),
			(f(w.Add(Vec2{0, h})) - f(w.Sub(Vec2{0, h}))) / (2 * h),
		}
		if g.Sub(fd).Norm() > 1e-6*(1+g.Norm()) {
			t.Fatalf("∂(Ŵ·X)/∂W = %v, finite difference %v", g, fd)
		}
		s := SplitAlong(g, w.Unit())
		if math.Abs(s.Radial) > 1e-12 {
			t.Fatalf("normalised gradient has radial part %v", s.Radial)
		}
		free := SplitAlong(GradFree(w, x), w.Unit())
		if !near(free.Radial, x.Dot(w.Unit()), 1e-12) || free.RadialVec.Add(free.Tangential).Sub(x).Norm() > 1e-12 {
			t.Fatalf("free split %+v does not add up to X %v", free, x)
		}
		if !near(free.Tangential.Dot(w), 0, 1e-12) {
			t.Fatalf("tangential part not perpendicular to W")
		}

		w3 := Vec3{r.NormFloat64(), r.NormFloat64(), r.NormFloat64()}
		x3 := Vec3{r.NormFloat64(), r.NormFloat64(), r.NormFloat64()}
		f3 := func(w Vec3) float64 { return w.Unit().Dot(x3) }
		g3 := GradNormalized3(w3, x3)
		for k, e := range []Vec3{{h, 0, 0}, {0, h, 0}, {0, 0, h}} {
			fd := (f3(w3.Add(e)) - f3(w3.Sub(e))) / (2 * h)
			gk := []float64{g3.X, g3.Y, g3.Z}[k]
			if !near(gk, fd, 1e-6) {
				t.Fatalf("3D gradient component %d = %v, finite difference %v", k, gk, fd)
			}
		}
		if rad, _ := SplitAlong3(g3, w3.Unit()); math.Abs(rad) > 1e-12 {
			t.Fatalf("3D radial part %v", rad)
		}
	}
}

func TestAscent(t *testing.T) {
	w0, x := Vec2{1.5, -0.5}, Vec2{0.5, 1.2}
	free := AscendFree(w0, x, 0.5, 10)
	norm := AscendNormalized(w0, x, 0.5, 10)
	if len(free) != 11 || len(norm) != 11 {
		t.Fatalf("lengths %d %d", len(free), len(norm))
	}
	for k := 1; k < len(norm); k++ {
		if norm[k].W.Norm() < norm[k-1].W.Norm() {
			t.Errorf("raw |W| shrank at step %d", k)
		}
		if norm[k].Cos < norm[k-1].Cos {
			t.Errorf("normalised run turned away from X at step %d", k)
		}
		if norm[k].Out > x.Norm()+1e-12 {
			t.Errorf("normalised output %v exceeds |X|", norm[k].Out)
		}
		if !near(free[k].W.Sub(w0).Norm(), 0.5*float64(k)*x.Norm(), 1e-12) {
			t.Errorf("free run is not W0 + kηX at step %d", k)
		}
	}
	if norm[10].Cos < 0.98 {
		t.Errorf("normalised run ends with cos %v, want nearly aligned", norm[10].Cos)
	}
	// The free output grows without bound while its angle closes slower.
	if free[10].Out < 3*x.Norm() || free[10].Cos > norm[10].Cos {
		t.Errorf("free run: out %v cos %v vs normalised cos %v", free[10].Out, free[10].Cos, norm[10].Cos)
	}
	p3 := AscendNormalized3(Vec3{1.2, -0.3, 0.9}, Vec3{-0.4, 1, 0.5}, 0.5, 12)
	x3 := Vec3{-0.4, 1, 0.5}.Unit()
	if p3[12].Unit().Dot(x3) <= p3[0].Unit().Dot(x3) {
		t.Errorf("3D run did not turn towards X")
	}
}

func TestView(t *testing.T) {
	v := View{Yaw: 0.7, Pitch: -0.4}
	r := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 50; i++ {
		p := Vec3{r.NormFloat64(), r.NormFloat64(), r.NormFloat64()}
		s, z := v.Project(p)
		if !near(s.X*s.X+s.Y*s.Y+z*z, p.Dot(p), 1e-12) {
			t.Fatalf("projection is not a rotation")
		}
	}
	if s, z := (View{}).Project(Vec3{0, 0, 1}); s.Norm() > 1e-12 || z != 1 {
		t.Errorf("the +z axis should face the viewer, got %v depth %v", s, z)
	}
	curves := SphereWireframe(v)
	if len(curves) != 11 {
		t.Errorf("%d curves, want 5 latitudes + 6 meridians", len(curves))
	}
	for _, c := range curves {
		for _, pl := range append(c.Front, c.Back...) {
			for _, p := range pl {
				if p.Norm() > 1+1e-9 {
					t.Fatalf("wireframe point %v outside the unit disc", p)
				}
			}
		}
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		x    float64
		d    int
		want string
	}{{-0.0001, 3, "0.000"}, {-1.25, 2, "−1.25"}, {0.5, 1, "0.5"}, {math.NaN(), 2, "—"}} {
		if got := fixed(c.x, c.d); got != c.want {
			t.Errorf("fixed(%v, %d) = %q, want %q", c.x, c.d, got, c.want)
		}
	}
	if sig3(0.012345) != "0.0123" || sig3(123.4) != "123" || sig3(-4.567) != "−4.57" {
		t.Errorf("sig3: %s %s %s", sig3(0.012345), sig3(123.4), sig3(-4.567))
	}
	if v, ok := parseNum("−1.5"); !ok || v != -1.5 {
		t.Errorf("parseNum(−1.5) = %v %v", v, ok)
	}
	if _, ok := parseNum("-"); ok {
		t.Errorf("parseNum accepted a lone minus")
	}
}
