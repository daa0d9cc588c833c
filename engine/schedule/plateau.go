package schedule

import (
	"fmt"
	"math"
)

// Plateau lowers the learning rate when a loss stops improving, following
// Keras' ReduceLROnPlateau in "min" mode with an absolute threshold:
//
//   - an epoch improves when loss < best - MinDelta; it then becomes the best
//     and the wait counter is reset;
//   - otherwise, outside a cooldown, the wait counter grows; when it reaches
//     Patience and the rate is still above MinLR, the rate becomes
//     max(rate·Factor, MinLR), the wait counter is reset and a cooldown of
//     Cooldown epochs starts (during which the wait counter stays at zero).
//
// When the rate already sits at MinLR the counter keeps growing and nothing
// further happens, exactly as in Keras. A rate within rounding error of
// MinLR counts as sitting at it.
type Plateau struct {
	Factor   float64 // multiplier applied on a plateau, in (0, 1)
	Patience int     // epochs without improvement before a reduction, >= 0
	MinLR    float64 // floor of the learning rate, >= 0
	MinDelta float64 // an improvement must exceed this, >= 0 (Keras: 1e-4)
	Cooldown int     // epochs to wait after a reduction, >= 0 (Keras: 0)

	best     float64
	wait     int
	cooldown int
}

// KerasMinDelta is the default improvement threshold of Keras'
// ReduceLROnPlateau.
const KerasMinDelta = 1e-4

// NewPlateau returns a Plateau with Keras' defaults for the threshold
// (1e-4) and the cooldown (0). It reports an error for a factor outside
// (0, 1), a negative patience or a negative or non-finite minimum rate.
func NewPlateau(factor float64, patience int, minLR float64) (*Plateau, error) {
	p := &Plateau{Factor: factor, Patience: patience, MinLR: minLR, MinDelta: KerasMinDelta}
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.Reset()
	return p, nil
}

func (p *Plateau) validate() error {
	switch {
	case !(p.Factor > 0 && p.Factor < 1):
		return fmt.Errorf("schedule: plateau factor must be in (0, 1), got %v", p.Factor)
	case p.Patience < 0:
		return fmt.Errorf("schedule: plateau patience must be >= 0, got %d", p.Patience)
	case !(p.MinLR >= 0) || math.IsInf(p.MinLR, 0):
		return fmt.Errorf("schedule: minimum learning rate must be finite and >= 0, got %v", p.MinLR)
	case !(p.MinDelta >= 0) || math.IsInf(p.MinDelta, 0):
		return fmt.Errorf("schedule: plateau min delta must be finite and >= 0, got %v", p.MinDelta)
	case p.Cooldown < 0:
		return fmt.Errorf("schedule: plateau cooldown must be >= 0, got %d", p.Cooldown)
	}
	return nil
}

// Reset forgets every observed loss, as at the start of a run.
func (p *Plateau) Reset() {
	p.best = math.Inf(1)
	p.wait = 0
	p.cooldown = 0
}

// Observe takes the loss measured at the end of an epoch and the learning
// rate used during that epoch. It updates the plateau state and returns the
// rate for the next epoch, with reduced set when it is lower than lr.
func (p *Plateau) Observe(loss, lr float64) (next float64, reduced bool) {
	inCooldown := p.cooldown > 0
	if inCooldown {
		p.cooldown--
		p.wait = 0
	}
	switch {
	case loss < p.best-p.MinDelta:
		p.best = loss
		p.wait = 0
	case !inCooldown:
		p.wait++
		if p.wait >= p.Patience && lr > p.floor() {
			next = lr * p.Factor
			if next < p.floor() {
				next = p.MinLR
			}
			p.cooldown = p.Cooldown
			p.wait = 0
			return next, next < lr
		}
	}
	return lr, false
}

// floor is MinLR widened by one part in 1e9, so that a rate which reaches
// the floor only up to rounding (1e-3·0.1·0.1·0.1 is 1.0000000000000002e-6)
// lands on MinLR exactly instead of producing one more, invisible, drop.
func (p *Plateau) floor() float64 { return p.MinLR * (1 + 1e-9) }

// Best returns the lowest loss that counted as an improvement (+Inf before
// the first one).
func (p *Plateau) Best() float64 { return p.best }

// Wait returns the number of epochs since the last improvement or reduction.
func (p *Plateau) Wait() int { return p.wait }
