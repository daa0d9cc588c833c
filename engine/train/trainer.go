package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"hypersphere/engine/augment"
	"hypersphere/engine/nn"
	"hypersphere/engine/optim"
	"hypersphere/engine/schedule"
)

// shuffleStream is the PCG stream constant of the data order ("shuffle!").
const shuffleStream = 0x73687566666c6521

type phase int

const (
	training   phase = iota // next Step runs a training batch
	validating              // next Step runs a validation batch
	stopped                 // the run is over
)

// Trainer trains one model on one data set, one small Step at a time. It is
// not safe for concurrent use: one goroutine (or one worker) drives it.
type Trainer struct {
	cfg      Config
	trainSet Data
	valSet   Data
	emit     func(Event)

	model   *nn.Model
	opt     *optim.Adam
	plateau *schedule.Plateau
	early   *schedule.EarlyStop
	aug     *augment.Augmenter
	order   *rand.Rand
	probe   *nn.Probe // the epoch's diagnostics; nil only in tests that check probing changes nothing

	perm   []int     // training order of the current epoch
	x      []float32 // one batch of inputs
	labels []uint8   // one batch of labels
	steps  int       // training batches per epoch

	phase  phase
	epoch  int // 1-based current epoch
	batch  int // training batches done in this epoch
	valPos int // validation images done in this epoch

	// Accumulators of the current epoch.
	trainLoss    float64 // Σ batch mean loss × batch size
	trainCorrect int
	valLoss      float64 // Σ batch mean loss × batch size
	valCorrect   int
	actNorm      []float64 // Σ ActNorm × batch size, per weighted layer
	busy         time.Duration
	trainBusy    time.Duration

	stop Kind  // the event that ended the run ("" while running)
	err  error // why the run failed (Diverged or Failed)
}

// New builds a Trainer for cfg on the given sets. emit receives every event
// (it may be nil); it is called synchronously from Step, so it should be
// quick. New reports an error for any bad setting or inconsistent data; the
// sets are not copied and must not change during the run.
func New(cfg Config, trainSet, valSet Data, emit func(Event)) (*Trainer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	mc, _ := cfg.modelConfig()
	if err := trainSet.check("training"); err != nil {
		return nil, err
	}
	if err := valSet.check("validation"); err != nil {
		return nil, err
	}
	model, err := nn.New(mc, cfg.Batch, cfg.Seed)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	plateau, err := schedule.NewPlateau(cfg.PlateauFactor, cfg.PlateauPatience, cfg.MinLR)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	early, err := schedule.NewEarlyStop(cfg.EarlyStopPatience)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	aug, err := augment.New(cfg.Seed, augment.MaxShift, true)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	if emit == nil {
		emit = func(Event) {}
	}
	n := trainSet.Len()
	t := &Trainer{
		cfg:      cfg,
		trainSet: trainSet,
		valSet:   valSet,
		emit:     emit,
		model:    model,
		opt:      optim.NewAdam(model.Params(), cfg.LR),
		plateau:  plateau,
		early:    early,
		aug:      aug,
		probe:    nn.NewProbe(model),
		order:    rand.New(rand.NewPCG(cfg.Seed, shuffleStream)),
		perm:     make([]int, n),
		x:        make([]float32, cfg.Batch*nn.ImageSize),
		labels:   make([]uint8, cfg.Batch),
		steps:    (n + cfg.Batch - 1) / cfg.Batch,
		epoch:    1,
		actNorm:  make([]float64, len(model.Stats())),
	}
	return t, nil
}

// Model returns the network being trained. Its Yield field may be set to
// let a browser worker return to its event loop during long batches.
func (t *Trainer) Model() *nn.Model { return t.model }

// Config returns the run's configuration.
func (t *Trainer) Config() Config { return t.cfg }

// StepsPerEpoch returns the number of training batches in one epoch.
func (t *Trainer) StepsPerEpoch() int { return t.steps }

// ValStepsPerEpoch returns the number of validation batches in one epoch.
func (t *Trainer) ValStepsPerEpoch() int { return (t.valSet.Len() + t.cfg.Batch - 1) / t.cfg.Batch }

// Progress returns the current 1-based epoch and how many of its training
// and validation batches are done.
func (t *Trainer) Progress() (epoch, trainDone, valDone int) {
	return t.epoch, t.batch, (t.valPos + t.cfg.Batch - 1) / t.cfg.Batch
}

// LR returns the learning rate in force.
func (t *Trainer) LR() float64 { return t.opt.LR }

// Done reports whether the run is over (finished, stopped early, diverged
// or failed).
func (t *Trainer) Done() bool { return t.phase == stopped }

// Err returns why the run failed (divergence or an engine fault), or nil.
func (t *Trainer) Err() error { return t.err }

// StopReason returns the kind of the event that ended the run (Finished,
// EarlyStop, Diverged or Failed), or "" while it runs.
func (t *Trainer) StopReason() Kind { return t.stop }

// Step does one unit of work: one training batch, or one validation batch,
// and emits the events that result (BatchDone after a training batch;
// EpochDone, then possibly LRDrop and a terminal event, after the last
// validation batch of an epoch). It reports whether the run is over.
// A NaN or Inf loss or weight ends the run with a Diverged event and an
// error. Step does not panic: a panic inside it (an engine bug, or one in
// the event callback) ends the run with a Failed event and an error.
func (t *Trainer) Step() (done bool) {
	if t.phase == stopped {
		return true
	}
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			t.faulted(r)
			done = true
		}
	}()
	if t.phase == training {
		t.trainStep()
		d := time.Since(start)
		t.busy += d
		t.trainBusy += d
	} else {
		t.valStep(start)
	}
	return t.phase == stopped
}

// Run calls Step until the run is over or ctx is cancelled. It returns
// ctx's error on cancellation and Err otherwise; a cancelled run can be
// resumed by calling Run or Step again.
func (t *Trainer) Run(ctx context.Context) error {
	for !t.Done() {
		if err := ctx.Err(); err != nil {
			return err
		}
		t.Step()
	}
	return t.err
}

// trainStep runs one training batch.
func (t *Trainer) trainStep() {
	if t.batch == 0 {
		t.startEpoch()
	}
	b := t.cfg.Batch
	lo := t.batch * b
	hi := min(lo+b, len(t.perm))
	n := hi - lo
	idx := t.perm[lo:hi]
	if err := t.aug.Batch(t.x, t.trainSet.Images, idx, t.cfg.Augment); err != nil {
		t.fail(Failed, fmt.Errorf("train: %s: %w", t.cfg.Variant, err))
		return
	}
	for i, k := range idx {
		t.labels[i] = t.trainSet.Labels[k]
	}
	m := t.model
	m.Forward(t.x, n, true)
	loss, correct := m.Loss(t.labels[:n])
	if err := m.Err(); err != nil {
		t.fail(Failed, fmt.Errorf("train: %s: %w", t.cfg.Variant, err))
		return
	}
	if !finite(loss) {
		t.fail(Diverged, fmt.Errorf("train: %s diverged: training loss is %v in epoch %d, batch %d of %d (learning rate %g)",
			t.cfg.Variant, loss, t.epoch, t.batch+1, t.steps, t.opt.LR))
		return
	}
	m.Backward()
	if t.probe != nil {
		t.probe.BeforeStep()
	}
	t.opt.Step()
	if t.probe != nil {
		t.probe.AfterStep()
	}
	// ReLU and max-pooling map NaN to 0, so a blown-up network can keep a
	// finite loss while its weights are already NaN or Inf: check them.
	if p := firstNonFinite(m.Params()); p != nil {
		t.fail(Diverged, fmt.Errorf("train: %s diverged: weights %s hold NaN or Inf after the update of epoch %d, batch %d of %d (learning rate %g)",
			t.cfg.Variant, p.Name, t.epoch, t.batch+1, t.steps, t.opt.LR))
		return
	}
	t.trainLoss += loss * float64(n)
	t.trainCorrect += correct
	t.batch++
	t.emit(Event{Kind: BatchDone, Variant: t.cfg.Variant, Epoch: t.epoch, Step: t.batch, Steps: t.steps, Loss: loss, LR: t.opt.LR})
	if t.batch == t.steps {
		t.phase = validating
		t.valPos = 0
	}
}

// startEpoch reshuffles the training order and clears the accumulators.
func (t *Trainer) startEpoch() {
	for i := range t.perm {
		t.perm[i] = i
	}
	// Fisher–Yates, written out so that it does not allocate a closure.
	for i := len(t.perm) - 1; i > 0; i-- {
		j := t.order.IntN(i + 1)
		t.perm[i], t.perm[j] = t.perm[j], t.perm[i]
	}
	t.trainLoss, t.trainCorrect = 0, 0
	t.valLoss, t.valCorrect = 0, 0
	clear(t.actNorm)
	if t.probe != nil {
		t.probe.Reset()
	}
	t.busy, t.trainBusy = 0, 0
}

// valStep runs one validation batch and, after the last one, ends the epoch.
func (t *Trainer) valStep(start time.Time) {
	nv := t.valSet.Len()
	lo := t.valPos
	hi := min(lo+t.cfg.Batch, nv)
	n := hi - lo
	augment.Scale(t.x, t.valSet.Images[lo*nn.ImageSize:hi*nn.ImageSize])
	m := t.model
	m.Forward(t.x, n, false)
	loss, correct := m.Loss(t.valSet.Labels[lo:hi])
	if err := m.Err(); err != nil {
		t.fail(Failed, fmt.Errorf("train: %s: %w", t.cfg.Variant, err))
		return
	}
	if !finite(loss) {
		t.fail(Diverged, fmt.Errorf("train: %s diverged: validation loss is %v in epoch %d, images %d..%d (learning rate %g)",
			t.cfg.Variant, loss, t.epoch, lo+1, hi, t.opt.LR))
		return
	}
	if t.probe != nil {
		t.probe.Observe()
	}
	t.valLoss += loss * float64(n)
	t.valCorrect += correct
	stats := m.Stats()
	for i, s := range stats {
		t.actNorm[i] += s.ActNorm * float64(n)
	}
	t.valPos = hi
	if hi < nv {
		t.busy += time.Since(start)
		return
	}
	t.endEpoch(stats, start)
}

// endEpoch emits the epoch's metrics and applies the schedules.
func (t *Trainer) endEpoch(stats []nn.LayerStat, start time.Time) {
	nt, nv := float64(t.trainSet.Len()), float64(t.valSet.Len())
	mt := &EpochMetrics{
		Epoch:     t.epoch,
		TrainLoss: t.trainLoss / nt,
		TrainAcc:  float64(t.trainCorrect) / nt,
		ValLoss:   t.valLoss / nv,
		ValAcc:    float64(t.valCorrect) / nv,
		LR:        t.opt.LR,
		Layers:    make([]LayerMetrics, len(stats)),
	}
	for i, s := range stats {
		// Weights do not change during validation: the last batch's weight
		// norms are the epoch's.
		mt.Layers[i] = LayerMetrics{Name: s.Name, WeightNorm: s.WeightNorm, ActNorm: t.actNorm[i] / nv}
	}
	if t.probe != nil {
		mt.Diagnostics = t.probe.Result() // freshly allocated: the event owns it
	}
	t.busy += time.Since(start)
	mt.Seconds = t.busy.Seconds()
	if s := t.trainBusy.Seconds(); s > 0 {
		mt.ImagesPerSec = nt / s
	}
	if !finite(mt.ValLoss) || !finite(mt.TrainLoss) {
		t.fail(Diverged, fmt.Errorf("train: %s diverged: epoch %d losses overflow (training %v, validation %v)",
			t.cfg.Variant, t.epoch, mt.TrainLoss, mt.ValLoss))
		return
	}
	for _, l := range mt.Layers {
		if !finite(l.ActNorm) || !finite(l.WeightNorm) {
			t.fail(Diverged, fmt.Errorf("train: %s diverged: layer %s has activation norm %v and weight norm %v on the validation data of epoch %d",
				t.cfg.Variant, l.Name, l.ActNorm, l.WeightNorm, t.epoch))
			return
		}
	}
	if what := nonFiniteDiagnostic(mt.Diagnostics); what != "" {
		t.fail(Diverged, fmt.Errorf("train: %s diverged: the diagnostics of epoch %d hold NaN or Inf (%s)",
			t.cfg.Variant, t.epoch, what))
		return
	}
	base := Event{Variant: t.cfg.Variant, Epoch: t.epoch, Step: t.steps, Steps: t.steps}
	ev := base
	ev.Kind, ev.LR, ev.Metrics = EpochDone, t.opt.LR, mt
	t.emit(ev)

	next, reduced := t.plateau.Observe(mt.ValLoss, t.opt.LR)
	stop := t.early.Observe(mt.ValLoss)
	last := t.epoch >= t.cfg.Epochs
	// A lower rate only matters when another epoch follows.
	if reduced && !stop && !last {
		t.opt.LR = next
		ev := base
		ev.Kind, ev.LR = LRDrop, next
		t.emit(ev)
	}
	switch {
	case stop:
		t.finish(base, EarlyStop)
	case last:
		t.finish(base, Finished)
	default:
		t.epoch++
		t.batch = 0
		t.phase = training
	}
}

// finish ends the run normally with a terminal event of the given kind.
func (t *Trainer) finish(base Event, kind Kind) {
	t.phase = stopped
	t.stop = kind
	base.Kind, base.LR = kind, t.opt.LR
	t.emit(base)
}

// fail ends the run with an error and a Diverged or Failed event.
func (t *Trainer) fail(kind Kind, err error) {
	if t.err != nil {
		return
	}
	// A failure during a training batch names that batch (1-based, as the
	// error text does); one during validation names the last batch done.
	step := t.batch
	if t.phase == training && t.batch < t.steps {
		step++
	}
	t.phase = stopped
	t.stop = kind
	t.err = err
	t.emit(Event{Kind: kind, Variant: t.cfg.Variant, Epoch: t.epoch, Step: step, Steps: t.steps, LR: t.opt.LR, Err: err.Error()})
}

// faulted ends the run after a panic inside Step (a bug in the engine or in
// the event callback). The Failed event is emitted under its own recover,
// since the callback itself may be what panicked.
func (t *Trainer) faulted(r any) {
	err := fmt.Errorf("train: %s: internal fault in epoch %d: %v", t.cfg.Variant, t.epoch, r)
	defer func() { _ = recover() }()
	t.fail(Failed, err)
}

// ErrPredictInput is wrapped by Predict's errors about its arguments.
var ErrPredictInput = errors.New("train: bad Predict input")

// Predict returns the class probabilities (n×10, row per image) of n images
// (n×3072 bytes, CIFAR plane order) under the current weights, without
// dropout, writing into dst when it is long enough. It does not disturb the
// run: call it between Steps, never during one. It works before, during and
// after a run (after a divergence the probabilities may be NaN).
func (t *Trainer) Predict(images []byte, n int, dst []float32) ([]float32, error) {
	if n < 1 {
		return nil, fmt.Errorf("%w: %d images", ErrPredictInput, n)
	}
	if len(images) < n*nn.ImageSize {
		return nil, fmt.Errorf("%w: %d images need %d bytes, got %d", ErrPredictInput, n, n*nn.ImageSize, len(images))
	}
	if cap(dst) < n*nn.Classes {
		dst = make([]float32, n*nn.Classes)
	}
	dst = dst[:n*nn.Classes]
	b := t.cfg.Batch
	for lo := 0; lo < n; lo += b {
		hi := min(lo+b, n)
		augment.Scale(t.x, images[lo*nn.ImageSize:hi*nn.ImageSize])
		t.model.Forward(t.x, hi-lo, false)
		if err := t.model.Err(); err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
		t.model.Probs(dst[lo*nn.Classes : hi*nn.Classes])
	}
	return dst, nil
}

// firstNonFinite returns the first parameter holding a NaN or an Inf, or nil.
func firstNonFinite(params []*nn.Param) *nn.Param {
	for _, p := range params {
		// v-v is 0 for every finite v and NaN for NaN and ±Inf; the NaN
		// sticks in the sum. No branch per value.
		var s float32
		for _, v := range p.Data {
			s += v - v
		}
		if s != 0 {
			return p
		}
	}
	return nil
}

// nonFiniteDiagnostic names the first NaN or Inf in d, or returns "".
// Consumers (JSON, charts) can then rely on every emitted value being finite.
func nonFiniteDiagnostic(d nn.Diagnostics) string {
	for _, v := range [...]struct {
		name string
		v    float64
	}{{"max logit", d.MaxLogit}, {"entropy", d.Entropy}, {"logit scale", d.LogitScale}} {
		if !finite(v.v) {
			return v.name
		}
	}
	for _, l := range d.Layers {
		vals := [...]float64{l.InputNorm, l.ZeroInputs, l.MeanAbsCos, l.WeightNorm, l.Gain, l.StepSize, l.StepAngle}
		for _, v := range vals {
			if !finite(v) {
				return "layer " + l.Name
			}
		}
		for _, v := range l.CosHist {
			if !finite(v) {
				return "layer " + l.Name + " cos θ histogram"
			}
		}
	}
	return ""
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
