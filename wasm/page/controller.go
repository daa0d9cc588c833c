//go:build js && wasm

package main

import (
	"fmt"
	"net/url"
	"strconv"
	"sync/atomic"
	"syscall/js"
	"time"

	"github.com/vugu/vugu"

	subset "hypersphere/dataset-subset"
	"hypersphere/ui"
	"hypersphere/wasm/jsmsg"
	"hypersphere/wasm/protocol"
)

// renderEvery is the longest a worker update waits before it is drawn.
// Worker messages only mark the page dirty; one render per tick keeps the
// main thread free with four busy workers.
const renderEvery = 250 * time.Millisecond

// dataDir is where build.sh puts the data files, relative to the page.
const dataDir = "data/"

// controller implements ui.Backend: it downloads and verifies the data and
// runs one Web Worker per variant and seed, at most maxWorkers at once
// (the rest wait in a queue, seed-major, so every variant's first seed
// trains first). Its methods are called from DOM event
// handlers (the render lock is held); everything asynchronous takes the
// lock itself.
type controller struct {
	env     vugu.EventEnv // the lab's renderer: its lock guards the lab
	pageEnv vugu.EventEnv // the page's renderer (explainer)
	lab     *ui.Lab
	shown   pageKey // what the explainer last showed of the lab

	manifest *subset.Manifest
	shards   map[int]*subset.Set // verified training shards by number
	val      *subset.Set

	workers []*workerHandle
	queue   []queued // runs waiting for a free worker slot
	gen     int      // bumped by Reset so stale loads and messages are ignored
	dirty   atomic.Bool
	leave   leaveGuard
}

func newController(lab *ui.Lab, q url.Values) *controller {
	return &controller{lab: lab, shards: map[int]*subset.Set{}}
}

// queued is a run waiting for a worker.
type queued struct {
	run   *ui.Run
	start protocol.Start
}

// maxWorkers is how many workers train at once: one per core
// (navigator.hardwareConcurrency), but never fewer than the variants of one
// seed, so a single-seed comparison always trains side by side.
func maxWorkers(variants int) int {
	n := 0
	if hc := js.Global().Get("navigator").Get("hardwareConcurrency"); hc.Type() == js.TypeNumber {
		n = hc.Int()
	}
	return max(n, variants, 1)
}

// busy counts the workers still training.
func (c *controller) busy() int {
	n := 0
	for _, h := range c.workers {
		if !h.closed {
			n++
		}
	}
	return n
}

// startQueued starts queued runs while there is a free slot. Called with
// the lock held; a paused lab starts nothing new.
func (c *controller) startQueued(gen int) {
	if c.lab.Phase != ui.PhaseTraining {
		return
	}
	limit := maxWorkers(len(c.lab.Settings.Selected()))
	for len(c.queue) > 0 && c.busy() < limit {
		q := c.queue[0]
		c.queue = c.queue[1:]
		q.run.State = ui.StateLoading
		c.startWorker(gen, q.run, q.start)
	}
}

// workerHandle is one variant's worker.
type workerHandle struct {
	w      js.Value
	run    *ui.Run
	ready  bool
	queue  []protocol.Message
	funcs  []js.Func
	closed bool
	// Benchmark hooks, called with the lock held: onBench with the
	// worker's result, onEnd when the run ends without one.
	onBench func(protocol.BenchResult)
	onEnd   func()
}

func (h *workerHandle) send(m protocol.Message) {
	if h.closed {
		return
	}
	if !h.ready {
		h.queue = append(h.queue, m)
		return
	}
	jsmsg.Post(h.w, m)
}

func (h *workerHandle) close() {
	if h.closed {
		return
	}
	h.closed = true
	h.w.Call("terminate")
	for _, f := range h.funcs {
		f.Release()
	}
	h.funcs, h.queue = nil, nil
}

// leaveGuard asks the browser to confirm leaving the page (reload, close,
// another address) while a run trains or is paused, so a long run is not
// thrown away by accident. Its listener is installed only then.
type leaveGuard struct {
	fn js.Func
	on bool
}

// set installs (on) or removes (off) the beforeunload listener.
func (g *leaveGuard) set(on bool) {
	if on == g.on {
		return
	}
	if g.fn.IsUndefined() {
		g.fn = js.FuncOf(func(_ js.Value, a []js.Value) any {
			if len(a) > 0 {
				a[0].Call("preventDefault")
				a[0].Set("returnValue", true) // older browsers ask only when this is set
			}
			return nil
		})
	}
	if on {
		js.Global().Call("addEventListener", "beforeunload", g.fn)
	} else {
		js.Global().Call("removeEventListener", "beforeunload", g.fn)
	}
	g.on = on
}

// guardLeaving keeps the leave-page prompt in step with the lab: on while
// training or paused, off when idle, finished or failed. Called after each
// render of the lab.
func (c *controller) guardLeaving() {
	c.leave.set(c.lab.Phase == ui.PhaseTraining || c.lab.Phase == ui.PhasePaused)
}

// globalSet sets window[name] = value.
func globalSet(name string, value any) { js.Global().Set(name, value) }

// markDirty asks the render loop to draw.
func (c *controller) markDirty() { c.dirty.Store(true) }

// renderLoop draws the lab at most every renderEvery while something
// changed, and the explainer only when what it shows of the lab changed.
func (c *controller) renderLoop() {
	for {
		time.Sleep(renderEvery)
		if c.dirty.Swap(false) {
			c.env.Lock()
			key := c.pageKey()
			c.env.UnlockRender()
			if key != c.shown && c.pageEnv != nil {
				c.shown = key
				c.pageEnv.Lock()
				c.pageEnv.UnlockRender()
			}
		}
	}
}

// pageKey is what the explainer shows of the lab: whether it trains, the
// validation images, and the learned filters of the first run.
type pageKey struct {
	running bool
	val     int
	filters *float32
}

func (c *controller) pageKey() pageKey {
	k := pageKey{running: c.lab.Running(), val: len(c.lab.ValImages)}
	for _, r := range c.lab.Runs {
		if len(r.Filters) > 0 {
			k.filters = &r.Filters[0]
			break
		}
	}
	return k
}

// requestRender draws the lab soon, for changes made outside the lab's own
// event handlers (the explainer's Start button).
func (c *controller) requestRender() {
	c.markDirty()
	if c.env == nil {
		return
	}
	go func() { c.env.Lock(); c.env.UnlockRender() }()
}

// Start implements ui.Backend.
func (c *controller) Start(s ui.Settings) {
	variants := s.Selected()
	if len(variants) == 0 {
		c.lab.Error = "Select at least one variant."
		return
	}
	c.stopWorkers()
	c.gen++
	c.lab.Settings = s
	c.lab.Used = s.Clone() // the controls may change once the runs end
	c.lab.Error = ""
	c.lab.Phase = ui.PhaseLoading
	c.lab.Runs = nil
	for k, seed := range s.SeedList() {
		for _, v := range variants {
			r := ui.NewRun(v, s)
			r.Seed, r.SeedIndex = seed, k
			c.lab.Runs = append(c.lab.Runs, r)
		}
	}
	c.lab.Touch()
	gen := c.gen
	go c.loadAndTrain(gen, s)
	c.requestRender()
}

// Pause implements ui.Backend.
func (c *controller) Pause() {
	if c.lab.Phase != ui.PhaseTraining {
		return
	}
	for _, h := range c.workers {
		h.send(protocol.Pause{})
	}
	c.lab.Phase = ui.PhasePaused
}

// Resume implements ui.Backend.
func (c *controller) Resume() {
	if c.lab.Phase != ui.PhasePaused {
		return
	}
	for _, h := range c.workers {
		h.send(protocol.Resume{})
	}
	c.lab.Phase = ui.PhaseTraining
	c.startQueued(c.gen)
}

// Reset implements ui.Backend: workers are terminated at once (no need to
// wait for them to notice), the downloaded data is kept for the next Start.
func (c *controller) Reset() {
	c.stopWorkers()
	c.gen++
	c.lab.Runs = nil
	c.lab.Error = ""
	c.lab.Phase = ui.PhaseIdle
	c.lab.LoadDone, c.lab.LoadTotal = 0, 0
	c.lab.Touch()
}

func (c *controller) stopWorkers() {
	for _, h := range c.workers {
		h.close()
	}
	c.workers = nil
	c.queue = nil
}

// loadAndTrain downloads what s needs, then starts the workers. It runs in
// its own goroutine.
func (c *controller) loadAndTrain(gen int, s ui.Settings) {
	train, val, err := c.load(gen, s.TrainSize, s.ValLimit)
	c.env.Lock()
	defer c.env.UnlockRender()
	if gen != c.gen {
		return // reset meanwhile
	}
	if err != nil {
		c.lab.Phase = ui.PhaseError
		c.lab.Error = "Could not load the training data. " + err.Error()
		for _, r := range c.lab.Runs {
			r.Fail("no data")
		}
		return
	}
	c.lab.Classes = val.Classes
	c.lab.ValImages, c.lab.ValLabels = val.Images, val.Labels
	n := min(ui.PreviewN, val.Len())
	c.lab.Preview, c.lab.PreviewLabels = val.Images[:n*subset.ImageSize], val.Labels[:n]
	c.lab.Phase = ui.PhaseTraining
	c.lab.Touch()
	for _, r := range c.lab.Runs {
		r.State = ui.StateQueued
		c.queue = append(c.queue, queued{run: r, start: protocol.Start{Config: s.Config(r.Variant, r.Seed, n),
			Train: protocol.Data{Images: train.Images, Labels: train.Labels},
			Val:   protocol.Data{Images: val.Images, Labels: val.Labels}}})
	}
	c.startQueued(gen)
}

// startWorker creates the worker of run r and queues its Start. Called
// with the lock held.
func (c *controller) startWorker(gen int, r *ui.Run, start protocol.Start) *workerHandle {
	h := &workerHandle{run: r}
	h.w = js.Global().Get("Worker").New("worker.js")
	onMsg := js.FuncOf(func(_ js.Value, a []js.Value) any {
		m, err := jsmsg.FromJS(a[0].Get("data"))
		c.env.Lock()
		defer c.env.UnlockOnly()
		if gen != c.gen || h.closed {
			return nil
		}
		c.markDirty()
		c.lab.Touch()
		if err != nil {
			r.Fail("the page could not read a message from the worker: " + err.Error())
			h.close()
			c.startQueued(gen)
			c.lab.Settle()
			return nil
		}
		if _, ok := m.(protocol.Ready); ok {
			h.ready = true
			q := h.queue
			h.queue = nil
			for _, m := range q {
				h.send(m)
			}
			return nil
		}
		if b, ok := m.(protocol.BenchResult); ok && h.onBench != nil {
			h.onBench(b)
			h.onBench, h.onEnd = nil, nil
			h.close()
			return nil
		}
		r.Apply(m)
		if r.State.Terminal() {
			if h.onEnd != nil {
				h.onEnd()
				h.onBench, h.onEnd = nil, nil
			}
			h.close() // free the worker's memory; the run's results stay
			c.startQueued(gen)
		}
		c.lab.Settle()
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, a []js.Value) any {
		msg := "the worker could not be started"
		if len(a) > 0 && a[0].Get("message").Truthy() {
			msg = a[0].Get("message").String()
		}
		if len(a) > 0 {
			a[0].Call("preventDefault") // reported here, not as an uncaught error
		}
		c.env.Lock()
		defer c.env.UnlockOnly()
		if gen != c.gen || h.closed {
			return nil
		}
		r.Fail("This variant's worker crashed: " + msg + ". The other variants go on.")
		if h.onEnd != nil {
			h.onEnd()
			h.onBench, h.onEnd = nil, nil
		}
		h.close()
		c.lab.Touch()
		c.startQueued(gen)
		c.lab.Settle()
		c.markDirty()
		return nil
	})
	h.funcs = []js.Func{onMsg, onErr}
	h.w.Call("addEventListener", "message", onMsg)
	h.w.Call("addEventListener", "messageerror", onErr)
	h.w.Call("addEventListener", "error", onErr)
	c.workers = append(c.workers, h)
	h.send(start)
	return h
}

// load returns the first size training images and the validation set,
// downloading and verifying only the files not yet loaded.
func (c *controller) load(gen int, size, valLimit int) (train, val *subset.Set, err error) {
	if c.manifest == nil {
		c.setLoading(gen, "the data list", 0, 0)
		data, err := fetchBytes(dataDir+subset.ManifestName, 1<<20, nil)
		if err != nil {
			return nil, nil, err
		}
		m, err := subset.ParseManifest(data)
		if err != nil {
			return nil, nil, fmt.Errorf("%v (rebuild the data with ./build.sh)", err)
		}
		c.manifest = m
	}
	m := c.manifest
	// The smallest offered size that holds size images.
	offer := -1
	for _, n := range m.TrainSizes {
		if n >= size {
			offer = n
			break
		}
	}
	if offer < 0 {
		return nil, nil, fmt.Errorf("the data holds at most %d training images, %d were asked for", m.TrainSizes[len(m.TrainSizes)-1], size)
	}
	files, err := m.TrainFiles(offer)
	if err != nil {
		return nil, nil, err
	}
	vf, err := m.ValFile()
	if err != nil {
		return nil, nil, err
	}
	var todo []subset.Entry
	var total int64
	for _, e := range files {
		if c.shards[e.Shard] == nil {
			todo = append(todo, e)
			total += e.Length
		}
	}
	if c.val == nil {
		todo = append(todo, vf)
		total += vf.Length
	}
	var done int64
	for _, e := range todo {
		what := "training images (" + strconv.Itoa(e.Records) + ")"
		if e.Split == subset.SplitVal {
			what = "validation images (" + strconv.Itoa(e.Records) + ")"
		}
		base := done
		data, err := fetchBytes(dataDir+e.Name, e.Length, func(n int64) { c.setLoading(gen, what, base+n, total) })
		if err != nil {
			return nil, nil, err
		}
		set, err := subset.Load(e, data)
		if err != nil {
			return nil, nil, err
		}
		done += e.Length
		if e.Split == subset.SplitVal {
			c.val = set
		} else {
			c.shards[e.Shard] = set
		}
	}
	train = &subset.Set{Classes: m.Classes}
	for _, e := range files {
		s := c.shards[e.Shard]
		train.Images = append(train.Images, s.Images...)
		train.Labels = append(train.Labels, s.Labels...)
	}
	train.Images, train.Labels = train.Images[:size*subset.ImageSize], train.Labels[:size]
	val = c.val
	if valLimit > 0 && valLimit < val.Len() {
		val = &subset.Set{Images: val.Images[:valLimit*subset.ImageSize], Labels: val.Labels[:valLimit], Classes: val.Classes}
	}
	return train, val, nil
}

// setLoading updates the download progress (throttled by the render loop).
func (c *controller) setLoading(gen int, what string, done, total int64) {
	c.env.Lock()
	if gen == c.gen {
		c.lab.LoadWhat, c.lab.LoadDone, c.lab.LoadTotal = what, done, total
		c.markDirty()
	}
	c.env.UnlockOnly()
}
