//go:build js && wasm

// Command worker is the training Web Worker: it trains one variant with the
// Go engine (engine/train), one Step at a time, and reports to the page in
// the messages of wasm/protocol. The page starts one worker per variant, so
// variants train in parallel and the page's own thread never trains.
//
// The loop returns to the worker's JavaScript event loop at least every
// yieldEvery (also from inside long layers, through Model.Yield), so Pause,
// Resume and Stop arrive within a few milliseconds.
package main

import (
	"fmt"
	"runtime/debug"
	"syscall/js"
	"time"

	"hypersphere/engine/train"
	"hypersphere/wasm/enginecfg"
	"hypersphere/wasm/jsmsg"
	"hypersphere/wasm/protocol"
)

// Timing of the loop.
const (
	yieldEvery    = 12 * time.Millisecond  // return to the event loop at least this often
	progressEvery = 150 * time.Millisecond // post Progress at most this often
	benchWarmup   = 2                      // untimed steps before a benchmark's timed steps
)

func main() {
	w := newWorker()
	w.run()
}

// worker holds one run's state. Only the main goroutine touches it, except
// cmds, which the message handler fills.
type worker struct {
	self   js.Value
	cmds   chan protocol.Message
	wake   chan struct{}
	port   js.Value // MessageChannel port used to yield
	last   time.Time
	paused time.Duration // time spent paused during the current training step
	stop   bool
}

func newWorker() *worker {
	w := &worker{self: js.Global(), cmds: make(chan protocol.Message, 64), wake: make(chan struct{}, 1)}
	mc := js.Global().Get("MessageChannel").New()
	mc.Get("port2").Set("onmessage", js.FuncOf(func(js.Value, []js.Value) any {
		select {
		case w.wake <- struct{}{}:
		default:
		}
		return nil
	}))
	w.port = mc.Get("port1")
	w.self.Call("addEventListener", "message", js.FuncOf(func(_ js.Value, args []js.Value) any {
		m, err := jsmsg.FromJS(args[0].Get("data"))
		if err != nil {
			w.post(protocol.Failed{Err: "worker received a bad message: " + err.Error()})
			return nil
		}
		select {
		case w.cmds <- m:
		default:
			w.post(protocol.Failed{Err: "worker command queue overflowed"})
		}
		return nil
	}))
	w.post(protocol.Ready{})
	return w
}

func (w *worker) post(m protocol.Message) { jsmsg.Post(w.self, m) }

// yield returns to the JavaScript event loop once (a MessageChannel round
// trip: ~0.05 ms, unlike setTimeout's ~4 ms clamp).
func (w *worker) yield() {
	w.port.Call("postMessage", nil)
	<-w.wake
	w.last = time.Now()
}

// maybeYield yields when the last yield is older than yieldEvery, then
// handles any commands that arrived; a Pause blocks here until Resume or
// Stop. It is installed as the model's Yield hook, so it also runs inside
// long layers.
func (w *worker) maybeYield() {
	if time.Since(w.last) < yieldEvery {
		return
	}
	w.yield()
	w.handleCommands()
}

// handleCommands applies the queued commands without blocking, except that
// a Pause waits for Resume or Stop.
func (w *worker) handleCommands() {
	for {
		select {
		case m := <-w.cmds:
			w.apply(m)
		default:
			return
		}
	}
}

func (w *worker) apply(m protocol.Message) {
	switch m.(type) {
	case protocol.Stop:
		w.stop = true
	case protocol.Pause:
		w.post(protocol.Status{State: "paused"})
		t0 := time.Now()
		for {
			m := <-w.cmds
			if _, ok := m.(protocol.Resume); ok {
				break
			}
			if _, ok := m.(protocol.Stop); ok {
				w.stop = true
				break
			}
		}
		w.paused += time.Since(t0)
		w.last = time.Now()
		if !w.stop {
			w.post(protocol.Status{State: "running"})
		}
	case protocol.Resume:
		// Not paused: nothing to do.
	case protocol.Start:
		w.post(protocol.Failed{Err: "worker already has a run; start a new worker instead"})
	}
}

// run waits for Start, trains, and then idles (the page terminates the
// worker when it no longer needs it).
func (w *worker) run() {
	for {
		m := <-w.cmds
		if s, ok := m.(protocol.Start); ok {
			w.train(s)
			break
		}
		if _, ok := m.(protocol.Stop); ok {
			break
		}
	}
	select {} // stay alive; blocking keeps the event loop running
}

// train runs one Start to its end, reporting everything. A panic in the
// engine becomes a Failed message, not a dead worker.
func (w *worker) train(s protocol.Start) {
	defer func() {
		if r := recover(); r != nil {
			w.post(protocol.Failed{Err: fmt.Sprintf("the training engine crashed: %v", r)})
			println(string(debug.Stack()))
		}
	}()
	cfg := s.Config
	if err := cfg.Validate(); err != nil {
		w.post(protocol.Failed{Err: err.Error()})
		return
	}
	if err := s.Train.Check("training"); err != nil {
		w.post(protocol.Failed{Err: err.Error()})
		return
	}
	if err := s.Val.Check("validation"); err != nil {
		w.post(protocol.Failed{Err: err.Error()})
		return
	}
	tc, err := enginecfg.TrainConfig(cfg)
	if err != nil {
		w.post(protocol.Failed{Err: err.Error()})
		return
	}
	r := &runner{w: w, cfg: cfg, preview: min(cfg.PreviewN, s.Val.Len())}
	r.previewImages = s.Val.Images[:r.preview*protocol.ImageBytes]
	t, err := train.New(tc, train.Data(s.Train), train.Data(s.Val), r.onEvent)
	if err != nil {
		w.post(protocol.Failed{Err: err.Error()})
		return
	}
	r.t = t
	t.Model().Yield = w.maybeYield
	if cfg.StepLimit > 0 {
		r.bench()
	} else {
		r.loop()
	}
}

// runner drives one Trainer and turns its events into messages.
type runner struct {
	w             *worker
	t             *train.Trainer
	cfg           protocol.Config
	preview       int
	previewImages []byte
	probs         []float32

	// Losses since the last Progress, and the global step of the first.
	losses    []float32
	firstStep int
	steps     int // training batches done over the whole run
	lastPost  time.Time

	// Training time and images of the current epoch, for images/s.
	epochImages int
	epochTrain  time.Duration

	batchDone bool          // the last Step was a training batch
	pending   []train.Event // events to post after the current Step
}

// onEvent is the Trainer's callback. It runs inside Step, so anything that
// needs the model (predictions) waits in pending until Step returns.
func (r *runner) onEvent(e train.Event) {
	if e.Kind == train.BatchDone {
		r.steps++
		if len(r.losses) == 0 {
			r.firstStep = r.steps
		}
		r.losses = append(r.losses, float32(e.Loss))
		r.batchDone = true
		return
	}
	r.pending = append(r.pending, e)
}

// step runs one Trainer step, timing training batches (minus any pause).
func (r *runner) step() (done bool) {
	r.batchDone = false
	r.w.paused = 0
	t0 := time.Now()
	done = r.t.Step()
	if r.batchDone {
		r.epochTrain += time.Since(t0) - r.w.paused
		r.epochImages += r.cfg.Batch
	}
	return done
}

// loop trains to the end of the run.
func (r *runner) loop() {
	w := r.w
	w.last = time.Now()
	for !w.stop {
		done := r.step()
		if time.Since(r.lastPost) >= progressEvery || len(r.pending) > 0 || done {
			r.flushProgress()
		}
		r.flushEvents()
		if done {
			return
		}
		w.maybeYield()
	}
}

// flushProgress posts the losses gathered since the last Progress.
func (r *runner) flushProgress() {
	if len(r.losses) == 0 {
		return
	}
	epoch, done, _ := r.t.Progress()
	ips := 0.0
	if r.epochTrain > 0 {
		ips = float64(r.epochImages) / r.epochTrain.Seconds()
	}
	r.w.post(protocol.Progress{
		Epoch: epoch, Step: done, Steps: r.t.StepsPerEpoch(), FirstStep: r.firstStep,
		Losses: r.losses, LR: r.t.LR(), ImagesPerSec: ips,
	})
	r.losses = r.losses[:0] // Post copied them into a typed array
	r.lastPost = time.Now()
}

// flushEvents posts the events of the last Step: an epoch's metrics with
// conv1's weights and the preview predictions, then notices.
func (r *runner) flushEvents() {
	for _, e := range r.pending {
		switch e.Kind {
		case train.EpochDone:
			r.postEpoch(e)
			r.epochImages, r.epochTrain = 0, 0
		case train.LRDrop:
			r.w.post(protocol.Notice{Kind: protocol.NoticeLRDrop, Epoch: e.Epoch, LR: e.LR})
		case train.EarlyStop:
			r.w.post(protocol.Notice{Kind: protocol.NoticeEarlyStop, Epoch: e.Epoch, LR: e.LR})
		case train.Diverged:
			r.w.post(protocol.Notice{Kind: protocol.NoticeDiverged, Epoch: e.Epoch, Step: e.Step, Steps: e.Steps, LR: e.LR, Err: e.Err})
		case train.Finished:
			r.w.post(protocol.Notice{Kind: protocol.NoticeFinished, Epoch: e.Epoch, LR: e.LR})
		default:
			msg := e.Err
			if msg == "" {
				msg = "the run ended (" + string(e.Kind) + ")"
			}
			r.w.post(protocol.Failed{Err: msg})
		}
	}
	r.pending = r.pending[:0]
}

func (r *runner) postEpoch(e train.Event) {
	m := e.Metrics
	if m == nil {
		return
	}
	msg := protocol.Epoch{
		Epoch: m.Epoch, TrainLoss: m.TrainLoss, TrainAcc: m.TrainAcc, ValLoss: m.ValLoss, ValAcc: m.ValAcc,
		LR: m.LR, Seconds: m.Seconds, ImagesPerSec: m.ImagesPerSec, Probs: []float32{},
	}
	for _, l := range m.Layers {
		msg.Layers = append(msg.Layers, protocol.LayerMetrics{Name: l.Name, WeightNorm: l.WeightNorm, ActNorm: l.ActNorm})
	}
	msg.Diag = enginecfg.Diagnostics(m.Diagnostics)
	for _, p := range r.t.Model().Params() {
		if p.Name == "conv1.w" && len(p.Shape) == 4 {
			msg.Filters = append([]float32(nil), p.Data...)
			copy(msg.FilterShape[:], p.Shape)
			break
		}
	}
	if r.preview > 0 {
		probs, err := r.t.Predict(r.previewImages, r.preview, r.probs)
		if err == nil {
			r.probs = probs
			msg.Probs = probs
		}
	}
	r.w.post(msg)
}

// bench trains benchWarmup untimed steps, then cfg.StepLimit timed training
// steps, and posts the throughput. Validation steps (when an epoch ends
// inside the window) are not timed.
func (r *runner) bench() {
	w := r.w
	w.last = time.Now()
	var images int
	var timed time.Duration
	batches := 0
	for batches < benchWarmup+r.cfg.StepLimit && !w.stop {
		t0 := time.Now()
		r.batchDone = false
		w.paused = 0
		done := r.t.Step()
		if r.batchDone {
			batches++
			if batches > benchWarmup {
				timed += time.Since(t0) - w.paused
				images += r.cfg.Batch
			}
		}
		r.losses, r.pending = r.losses[:0], r.pending[:0]
		if done {
			break
		}
		w.maybeYield()
	}
	w.post(protocol.BenchResult{
		Variant: r.cfg.Variant, Preset: r.cfg.Preset, Steps: max(batches-benchWarmup, 0),
		WarmupSteps: benchWarmup, Images: images, Seconds: timed.Seconds(),
	})
}
