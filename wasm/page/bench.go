//go:build js && wasm

package main

import (
	"encoding/json"
	"net/url"
	"strconv"
	"time"

	"hypersphere/ui"
	"hypersphere/wasm/protocol"
)

// benchResult is what the benchmark leaves in window.hypersphereBench (a
// JSON string) for cmd/browserbench.
type benchResult struct {
	Rows  []ui.BenchRow `json:"rows"`
	Error string        `json:"error,omitempty"`
}

// runBench trains a fixed number of steps of each preset in 1, 2 and 4
// workers at once and reports each worker's training images/s. Parameters:
// steps=N (reduced preset, default 20), fullsteps=N (full preset, default
// 6), batch=N (default 32), workers=1,2,4.
func (c *controller) runBench(q url.Values) {
	steps := map[string]int{
		"reduced": intParam(q, "steps", 20, 1, 1000),
		"full":    intParam(q, "fullsteps", 6, 1, 1000),
	}
	batch := intParam(q, "batch", 32, 8, 256)
	counts := []int{1, 2, 4}
	if w := q.Get("workers"); w != "" {
		counts = nil
		for _, f := range splitComma(w) {
			if n, err := strconv.Atoi(f); err == nil && n >= 1 && n <= 4 {
				counts = append(counts, n)
			}
		}
	}
	presets := []string{"reduced", "full"}
	if p := q.Get("preset"); p == "reduced" || p == "full" {
		presets = []string{p}
	}
	c.setBench("Loading 1,000 training images…", nil, false)
	c.env.Lock()
	gen := c.gen
	c.env.UnlockOnly()
	train, val, err := c.load(gen, 1000, c.lab.Settings.ValLimit)
	if err != nil {
		c.finishBench(benchResult{Error: err.Error()})
		return
	}
	var res benchResult
	for _, preset := range presets {
		for _, k := range counts {
			c.setBench("Timing the "+preset+" network in "+strconv.Itoa(k)+" worker(s)…", res.Rows, false)
			row := ui.BenchRow{Preset: preset, Workers: k, Variants: ui.Variants[:k], IPS: make([]float64, k)}
			done := make(chan struct{}, k)
			c.env.Lock()
			for i, v := range row.Variants {
				s := c.lab.Settings
				s.Preset, s.Batch, s.Epochs = preset, batch, 1
				cfg := s.Config(v, s.Seed, 0)
				cfg.StepLimit = steps[preset]
				r := ui.NewRun(v, s)
				h := c.startWorker(c.gen, r, protocol.Start{Config: cfg,
					Train: protocol.Data{Images: train.Images, Labels: train.Labels},
					Val:   protocol.Data{Images: val.Images[:protocol.ImageBytes*64], Labels: val.Labels[:64]}})
				h.onBench = func(b protocol.BenchResult) {
					row.IPS[i] = b.ImagesPerSec()
					done <- struct{}{}
				}
				h.onEnd = func() { done <- struct{}{} }
			}
			c.env.UnlockOnly()
			timeout := time.After(10 * time.Minute)
			for got := 0; got < k; got++ {
				select {
				case <-done:
				case <-timeout:
					res.Error = "the benchmark timed out"
					got = k
				}
			}
			c.env.Lock()
			c.stopWorkers()
			c.env.UnlockOnly()
			res.Rows = append(res.Rows, row)
		}
	}
	c.finishBench(res)
}

func (c *controller) setBench(status string, rows []ui.BenchRow, done bool) {
	c.env.Lock()
	c.lab.BenchStatus, c.lab.Bench, c.lab.BenchDone = status, append([]ui.BenchRow(nil), rows...), done
	c.env.UnlockRender()
}

func (c *controller) finishBench(res benchResult) {
	status := "Done."
	if res.Error != "" {
		status = "The benchmark failed: " + res.Error
	}
	c.setBench(status, res.Rows, true)
	b, _ := json.Marshal(res)
	globalSet("hypersphereBench", string(b))
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}
