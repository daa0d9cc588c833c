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
// runs one Web Worker per variant. Its methods are called from DOM event
// handlers (the render lock is held); everything asynchronous takes the
// lock itself.
type controller struct {
	env vugu.EventEnv
	lab *ui.Lab

	valLimit int // use at most this many validation images (0: all)

	manifest *subset.Manifest
	shards   map[int]*subset.Set // verified training shards by number
	val      *subset.Set

	workers []*workerHandle
	gen     int // bumped by Reset so stale loads and messages are ignored
	dirty   atomic.Bool
}

func newController(lab *ui.Lab, q url.Values) *controller {
	return &controller{lab: lab, shards: map[int]*subset.Set{}, valLimit: intParam(q, "val", 0, 16, 100000)}
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

// globalSet sets window[name] = value.
func globalSet(name string, value any) { js.Global().Set(name, value) }

// markDirty asks the render loop to draw.
func (c *controller) markDirty() { c.dirty.Store(true) }

// renderLoop draws at most every renderEvery while something changed.
func (c *controller) renderLoop() {
	for {
		time.Sleep(renderEvery)
		if c.dirty.Swap(false) {
			c.env.Lock()
			c.env.UnlockRender()
		}
	}
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
	c.lab.Error = ""
	c.lab.Phase = ui.PhaseLoading
	c.lab.Runs = nil
	for _, v := range variants {
		c.lab.Runs = append(c.lab.Runs, ui.NewRun(v, s))
	}
	gen := c.gen
	go c.loadAndTrain(gen, s)
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
}

func (c *controller) stopWorkers() {
	for _, h := range c.workers {
		h.close()
	}
	c.workers = nil
}

// loadAndTrain downloads what s needs, then starts the workers. It runs in
// its own goroutine.
func (c *controller) loadAndTrain(gen int, s ui.Settings) {
	train, val, err := c.load(gen, s.TrainSize)
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
	for _, r := range c.lab.Runs {
		cfg := s.Config(r.Variant, n)
		c.startWorker(gen, r, protocol.Start{Config: cfg,
			Train: protocol.Data{Images: train.Images, Labels: train.Labels},
			Val:   protocol.Data{Images: val.Images, Labels: val.Labels}})
	}
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
		if err != nil {
			r.Fail("the page could not read a message from the worker: " + err.Error())
			h.close()
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
func (c *controller) load(gen int, size int) (train, val *subset.Set, err error) {
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
	if c.valLimit > 0 && c.valLimit < val.Len() {
		val = &subset.Set{Images: val.Images[:c.valLimit*subset.ImageSize], Labels: val.Labels[:c.valLimit], Classes: val.Classes}
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
