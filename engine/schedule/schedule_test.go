package schedule

import (
	"math"
	"testing"
)

// plateauRun feeds losses to p starting at lr and returns the rate in force
// after each epoch and the 1-based epochs at which a reduction happened.
func plateauRun(p *Plateau, lr float64, losses []float64) (rates []float64, drops []int) {
	for i, l := range losses {
		var reduced bool
		lr, reduced = p.Observe(l, lr)
		rates = append(rates, lr)
		if reduced {
			drops = append(drops, i+1)
		}
	}
	return rates, drops
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPlateauReducesAfterPatience(t *testing.T) {
	p, err := NewPlateau(0.1, 2, 1e-6)
	if err != nil {
		t.Fatal(err)
	}
	// epoch:          1    2    3     4     5     6    7     8
	losses := []float64{1.0, 0.9, 0.95, 0.95, 0.96, 0.8, 0.85, 0.85}
	// 3: wait 1; 4: wait 2 -> drop; 5: wait 1; 6: improves; 7: wait 1; 8: wait 2 -> drop.
	rates, drops := plateauRun(p, 1e-3, losses)
	if !equalInts(drops, []int{4, 8}) {
		t.Fatalf("drops at epochs %v, want [4 8]", drops)
	}
	want := []float64{1e-3, 1e-3, 1e-3, 1e-4, 1e-4, 1e-4, 1e-4, 1e-5}
	for i := range want {
		if math.Abs(rates[i]-want[i]) > 1e-15 {
			t.Fatalf("rate after epoch %d = %g, want %g (all %v)", i+1, rates[i], want[i], rates)
		}
	}
	if p.Best() != 0.8 {
		t.Fatalf("best = %v, want 0.8", p.Best())
	}
}

func TestPlateauKerasPatienceFive(t *testing.T) {
	// The experiment's setting: factor 0.1, patience 5. A loss that improves
	// for three epochs then stays flat drops the rate at epoch 3+5 = 8, and
	// again five epochs later.
	p, err := NewPlateau(0.1, 5, 1e-6)
	if err != nil {
		t.Fatal(err)
	}
	losses := []float64{2, 1.5, 1.2}
	for i := 0; i < 12; i++ {
		losses = append(losses, 1.3)
	}
	_, drops := plateauRun(p, 1e-3, losses)
	if !equalInts(drops, []int{8, 13}) {
		t.Fatalf("drops at %v, want [8 13]", drops)
	}
}

func TestPlateauMinDeltaIsAbsolute(t *testing.T) {
	p, err := NewPlateau(0.5, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	// 0.99995 is lower than 1 but not by more than 1e-4: no improvement.
	if lr, red := p.Observe(1, 1); red || lr != 1 {
		t.Fatalf("first epoch changed the rate: %v %v", lr, red)
	}
	if lr, red := p.Observe(0.99995, 1); !red || lr != 0.5 {
		t.Fatalf("improvement below min delta: got lr %v reduced %v, want 0.5 true", lr, red)
	}
	// 0.9998 is below best-1e-4 = 0.9999: an improvement.
	if lr, red := p.Observe(0.9998, 0.5); red || lr != 0.5 {
		t.Fatalf("real improvement reduced the rate: %v %v", lr, red)
	}
	if p.Best() != 0.9998 {
		t.Fatalf("best = %v, want 0.9998", p.Best())
	}
}

func TestPlateauStopsAtMinLR(t *testing.T) {
	p, err := NewPlateau(0.1, 1, 1e-6)
	if err != nil {
		t.Fatal(err)
	}
	lr := 1e-3
	p.Observe(1, lr)
	var drops int
	for i := 0; i < 10; i++ {
		var red bool
		lr, red = p.Observe(2, lr)
		if red {
			drops++
		}
		if lr < 1e-6 {
			t.Fatalf("rate %g went below the floor", lr)
		}
	}
	// 1e-3 -> 1e-4 -> 1e-5 -> 1e-6 (floored, since 1e-5*0.1 rounds to ~1e-6) then nothing.
	if drops != 3 || math.Abs(lr-1e-6) > 1e-18 {
		t.Fatalf("%d drops ending at %g, want 3 ending at 1e-6", drops, lr)
	}
	// A floor between two steps is respected exactly.
	q, _ := NewPlateau(0.1, 1, 3e-4)
	q.Observe(1, 1e-3)
	if lr, red := q.Observe(1, 1e-3); !red || lr != 3e-4 {
		t.Fatalf("floored drop gave %v %v, want 3e-4 true", lr, red)
	}
	if lr, red := q.Observe(1, 3e-4); red || lr != 3e-4 {
		t.Fatalf("drop below floor: %v %v", lr, red)
	}
}

func TestPlateauCooldown(t *testing.T) {
	p, err := NewPlateau(0.5, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	p.Cooldown = 2
	// 1: best; 2: drop (cooldown 2); 3,4: cooldown; 5: wait 1 -> drop.
	_, drops := plateauRun(p, 1, []float64{1, 1, 1, 1, 1, 1})
	if !equalInts(drops, []int{2, 5}) {
		t.Fatalf("drops %v, want [2 5]", drops)
	}
}

func TestPlateauNaNIsNoImprovement(t *testing.T) {
	p, _ := NewPlateau(0.1, 2, 0)
	_, drops := plateauRun(p, 1, []float64{1, math.NaN(), math.NaN()})
	if !equalInts(drops, []int{3}) {
		t.Fatalf("drops %v, want [3]", drops)
	}
	if p.Best() != 1 {
		t.Fatalf("NaN became the best loss: %v", p.Best())
	}
}

func TestPlateauReset(t *testing.T) {
	p, _ := NewPlateau(0.1, 1, 0)
	p.Observe(0.5, 1)
	p.Reset()
	if lr, red := p.Observe(0.9, 1); red || lr != 1 {
		t.Fatalf("after Reset 0.9 should be a fresh best, got %v %v", lr, red)
	}
}

func TestNewPlateauRejectsBadSettings(t *testing.T) {
	for _, c := range []struct {
		f     float64
		pat   int
		minLR float64
	}{{0, 5, 0}, {1, 5, 0}, {-0.1, 5, 0}, {math.NaN(), 5, 0}, {0.1, -1, 0}, {0.1, 5, -1}, {0.1, 5, math.Inf(1)}, {0.1, 5, math.NaN()}} {
		if _, err := NewPlateau(c.f, c.pat, c.minLR); err == nil {
			t.Errorf("NewPlateau(%v, %d, %v) accepted bad settings", c.f, c.pat, c.minLR)
		}
	}
}

func TestEarlyStopAfterPatience(t *testing.T) {
	e, err := NewEarlyStop(3)
	if err != nil {
		t.Fatal(err)
	}
	losses := []float64{1, 0.9, 0.91, 0.92, 0.85, 0.86, 0.86, 0.9, 0.1}
	// 3,4: wait 1,2; 5 improves; 6,7,8: wait 1,2,3 -> stop at 8.
	for i, l := range losses {
		stop := e.Observe(l)
		if stop != (i+1 == 8) {
			t.Fatalf("epoch %d: stop=%v", i+1, stop)
		}
		if stop {
			break
		}
	}
	if best, at := e.Best(); best != 0.85 || at != 5 {
		t.Fatalf("best %v at %d, want 0.85 at 5", best, at)
	}
}

func TestEarlyStopPatienceTen(t *testing.T) {
	e, _ := NewEarlyStop(10)
	stopAt := 0
	for epoch := 1; epoch <= 40 && stopAt == 0; epoch++ {
		l := 1.0 / float64(epoch)
		if epoch > 6 {
			l = 0.5 // never better than 1/6 again
		}
		if e.Observe(l) {
			stopAt = epoch
		}
	}
	if stopAt != 16 {
		t.Fatalf("stopped at %d, want 16 (best at 6, patience 10)", stopAt)
	}
}

func TestEarlyStopMinDeltaAndNaN(t *testing.T) {
	e, _ := NewEarlyStop(2)
	e.MinDelta = 0.01
	e.Observe(1)
	if e.Observe(0.995) { // not an improvement by more than 0.01
		t.Fatal("stopped too early")
	}
	if !e.Observe(math.NaN()) {
		t.Fatal("two epochs without improvement (one NaN) did not stop")
	}
	if _, err := NewEarlyStop(-1); err == nil {
		t.Fatal("negative patience accepted")
	}
	z, _ := NewEarlyStop(0)
	if z.Observe(1) || !z.Observe(1) {
		t.Fatal("patience 0 must stop at the first epoch without improvement")
	}
}
