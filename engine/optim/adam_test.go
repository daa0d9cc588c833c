package optim

import (
	"math"
	"math/rand/v2"
	"testing"

	"hypersphere/engine/nn"
)

func newParam(name string, data ...float32) *nn.Param {
	return &nn.Param{Name: name, Shape: []int{len(data)}, Data: data, Grad: make([]float32, len(data))}
}

// refAdam is Adam written directly from the paper in float64, with
// math.Pow bias corrections, as an independent reference.
type refAdam struct {
	p, m, v []float64
	t       int
}

func (r *refAdam) step(g []float64, lr float64) {
	r.t++
	for i := range r.p {
		r.m[i] = 0.9*r.m[i] + 0.1*g[i]
		r.v[i] = 0.999*r.v[i] + 0.001*g[i]*g[i]
		mh := r.m[i] / (1 - math.Pow(0.9, float64(r.t)))
		vh := r.v[i] / (1 - math.Pow(0.999, float64(r.t)))
		r.p[i] -= lr * mh / (math.Sqrt(vh) + 1e-8)
	}
}

func TestAdamDefaults(t *testing.T) {
	a := NewAdam(nil, 0.01)
	if a.LR != 0.01 || a.Beta1 != 0.9 || a.Beta2 != 0.999 || a.Eps != 1e-8 || a.Steps() != 0 {
		t.Errorf("NewAdam: %+v", a)
	}
	a.Step() // no params: nothing to do, no panic
}

func TestAdamFirstStep(t *testing.T) {
	// From zero moments the first step is lr·g/(|g|+ε): about lr·sign(g)
	// when |g| ≫ ε, smaller for tiny gradients.
	p := newParam("p", 1, 1, 1, 1, 1)
	copy(p.Grad, []float32{0.5, -3, 1e-8, 0, -1e-3})
	a := NewAdam([]*nn.Param{p}, 1e-3)
	a.Step()
	for i, g := range p.Grad {
		gf := float64(g)
		want := 1 - 1e-3*gf/(math.Abs(gf)+1e-8)
		if math.Abs(float64(p.Data[i])-want) > 1e-7 {
			t.Errorf("value %d: %v, want %v", i, p.Data[i], want)
		}
	}
}

func TestAdamMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 50
	p := newParam("p", make([]float32, n)...)
	ref := &refAdam{p: make([]float64, n), m: make([]float64, n), v: make([]float64, n)}
	for i := range p.Data {
		p.Data[i] = float32(rng.NormFloat64())
		ref.p[i] = float64(p.Data[i])
	}
	a := NewAdam([]*nn.Param{p}, 1e-2)
	g := make([]float64, n)
	for step := 0; step < 30; step++ {
		lr := 1e-2
		if step >= 20 {
			lr = 1e-3 // a schedule may lower LR between steps
		}
		a.LR = lr
		for i := range g {
			p.Grad[i] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(6)-4)))
			g[i] = float64(p.Grad[i])
		}
		a.Step()
		ref.step(g, lr)
	}
	for i := range ref.p {
		if d := math.Abs(float64(p.Data[i]) - ref.p[i]); d > 1e-6 {
			t.Errorf("value %d after 30 steps: %v, reference %v", i, p.Data[i], ref.p[i])
		}
	}
	if a.Steps() != 30 {
		t.Errorf("Steps() = %d", a.Steps())
	}
}

func TestAdamMinimisesQuadratic(t *testing.T) {
	// f(p) = Σ c_i (p_i − t_i)² with very different curvatures c_i: Adam's
	// per-coordinate scaling reaches every target at a similar pace.
	targets := []float64{3, -2, 0.5, 10}
	curv := []float64{100, 1, 0.01, 5}
	p := newParam("p", 0, 0, 0, 0)
	w := newParam("w", 0)
	a := NewAdam([]*nn.Param{p, w}, 0.05)
	for step := 0; step < 3000; step++ {
		for i := range targets {
			p.Grad[i] = float32(2 * curv[i] * (float64(p.Data[i]) - targets[i]))
		}
		w.Grad[0] = 0 // a parameter without gradient never moves
		a.Step()
	}
	for i, tv := range targets {
		if math.Abs(float64(p.Data[i])-tv) > 0.05 {
			t.Errorf("p[%d] = %v, want %v", i, p.Data[i], tv)
		}
	}
	if w.Data[0] != 0 {
		t.Errorf("zero-gradient parameter moved to %v", w.Data[0])
	}
}

func TestAdamReset(t *testing.T) {
	p := newParam("p", 1, 2)
	q := newParam("p", 1, 2)
	a := NewAdam([]*nn.Param{p}, 1e-3)
	b := NewAdam([]*nn.Param{q}, 1e-3)
	for i := 0; i < 5; i++ {
		p.Grad[0], p.Grad[1] = float32(i), -2
		a.Step()
	}
	a.Reset()
	copy(p.Data, []float32{1, 2})
	p.Grad[0], p.Grad[1] = 0.3, 0.7
	q.Grad[0], q.Grad[1] = 0.3, 0.7
	a.Step()
	b.Step()
	if p.Data[0] != q.Data[0] || p.Data[1] != q.Data[1] || a.Steps() != 1 {
		t.Errorf("after Reset: %v, fresh optimiser: %v", p.Data, q.Data)
	}
}

func TestAdamNoAllocations(t *testing.T) {
	p := newParam("p", make([]float32, 1000)...)
	a := NewAdam([]*nn.Param{p}, 1e-3)
	if allocs := testing.AllocsPerRun(10, a.Step); allocs != 0 {
		t.Errorf("Step allocates %v times", allocs)
	}
}
