package schedule

import (
	"fmt"
	"math"
)

// EarlyStop ends a run when a loss stops improving, following Keras'
// EarlyStopping in "min" mode: an epoch improves when
// loss < best - MinDelta (Keras' default MinDelta is 0); after Patience
// consecutive epochs without improvement the run should stop.
type EarlyStop struct {
	Patience int     // epochs without improvement before stopping, >= 0
	MinDelta float64 // an improvement must exceed this, >= 0

	best      float64
	bestEpoch int
	epoch     int
	wait      int
}

// NewEarlyStop returns an EarlyStop with Keras' default threshold (0). It
// reports an error for a negative patience.
func NewEarlyStop(patience int) (*EarlyStop, error) {
	if patience < 0 {
		return nil, fmt.Errorf("schedule: early-stopping patience must be >= 0, got %d", patience)
	}
	e := &EarlyStop{Patience: patience}
	e.Reset()
	return e, nil
}

// Reset forgets every observed loss, as at the start of a run.
func (e *EarlyStop) Reset() {
	e.best = math.Inf(1)
	e.bestEpoch = 0
	e.epoch = 0
	e.wait = 0
}

// Observe takes the loss measured at the end of an epoch and reports
// whether the run should stop now.
func (e *EarlyStop) Observe(loss float64) (stop bool) {
	e.epoch++
	if loss < e.best-e.MinDelta {
		e.best = loss
		e.bestEpoch = e.epoch
		e.wait = 0
		return false
	}
	e.wait++
	return e.wait >= e.Patience
}

// Best returns the lowest loss that counted as an improvement (+Inf before
// the first one) and the 1-based epoch it was observed at (0 before).
func (e *EarlyStop) Best() (loss float64, epoch int) { return e.best, e.bestEpoch }

// Wait returns the number of epochs since the last improvement.
func (e *EarlyStop) Wait() int { return e.wait }
