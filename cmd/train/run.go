package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"hypersphere/engine/train"
)

// result is everything one run (one variant, one seed) produced.
type result struct {
	Variant    string                `json:"variant"`
	Seed       uint64                `json:"seed"`
	Stop       string                `json:"stop_reason"` // finished, early_stop, diverged, failed, interrupted
	Error      string                `json:"error,omitempty"`
	BestValAcc float64               `json:"best_val_acc"`
	BestEpoch  int                   `json:"best_epoch"` // 0: no epoch completed
	Epochs     []*train.EpochMetrics `json:"epochs"`
	LRDrops    []lrDrop              `json:"lr_drops"`
	BatchLoss  [][]float64           `json:"batch_loss"` // per epoch, per training batch
	Seconds    float64               `json:"seconds"`
}

// lrDrop records a learning-rate reduction after an epoch.
type lrDrop struct {
	AfterEpoch int     `json:"after_epoch"`
	LR         float64 `json:"lr"`
}

// record folds one event into the result.
func (r *result) record(e train.Event) {
	switch e.Kind {
	case train.BatchDone:
		for len(r.BatchLoss) < e.Epoch {
			r.BatchLoss = append(r.BatchLoss, make([]float64, 0, e.Steps))
		}
		r.BatchLoss[e.Epoch-1] = append(r.BatchLoss[e.Epoch-1], e.Loss)
	case train.EpochDone:
		r.Epochs = append(r.Epochs, e.Metrics)
		if e.Metrics.ValAcc > r.BestValAcc || r.BestEpoch == 0 {
			r.BestValAcc, r.BestEpoch = e.Metrics.ValAcc, e.Metrics.Epoch
		}
	case train.LRDrop:
		r.LRDrops = append(r.LRDrops, lrDrop{AfterEpoch: e.Epoch, LR: e.LR})
	case train.EarlyStop, train.Finished, train.Diverged, train.Failed:
		r.Stop, r.Error = string(e.Kind), e.Err
	}
}

// earlyStopEpoch returns the epoch after which the run stopped early, or 0.
func (r *result) earlyStopEpoch() int {
	if r.Stop != string(train.EarlyStop) {
		return 0
	}
	return len(r.Epochs)
}

// runLabel names a run in progress lines and messages: the variant, with
// its seed when the command trains several.
func runLabel(variant string, seed uint64, seeds int) string {
	if seeds == 1 {
		return variant
	}
	return fmt.Sprintf("%s/s%d", variant, seed)
}

// run is the whole command: parse args, load data, train every variant with
// every seed (o.parallel runs at a time), write the outputs and print the
// report.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	trainData, valData, _, err := loadData(o)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.outDir, 0o755); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	// results is variant-major (all seeds of the first variant, then the
	// next); the runs start seed-major, so that an interrupted command has
	// compared every variant on the first seeds.
	nv, ns := len(o.variants), len(o.seeds)
	results := make([]*result, nv*ns)
	labels := make([]string, nv*ns)
	var order []int
	for si, seed := range o.seeds {
		for vi, v := range o.variants {
			i := vi*ns + si
			results[i] = &result{Variant: v, Seed: seed, Stop: "interrupted"}
			labels[i] = runLabel(v, seed, ns)
			order = append(order, i)
		}
	}
	parallel := min(o.parallel, len(order))
	fmt.Fprintf(stderr, "training %d variant(s) × %d seed(s) = %d run(s), %d at a time, on %d images, validating on %d: widths %+v, batch %d, lr %g, seeds %s, augment %v, up to %d epochs\n",
		nv, ns, len(order), parallel, trainData.Len(), valData.Len(), o.cfg.Widths, o.cfg.Batch, o.cfg.LR, joinSeeds(o.seeds, ","), o.cfg.Augment, o.cfg.Epochs)

	prog := newProgress(stderr, labels, o.cfg.Epochs)
	stopDraw := prog.start()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				trainOne(ctx, o, trainData, valData, results[i], func(e train.Event) { prog.event(i, e) })
				prog.finish(i)
			}
		}()
	}
feed:
	for _, i := range order {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	stopDraw()

	rep := buildReport(o.variants, o.seeds, results)
	if err := writeOutputs(o, results, rep); err != nil {
		return err
	}
	writeReportMarkdown(stdout, rep, o.seeds)
	for i, r := range results {
		if r.Error != "" {
			fmt.Fprintf(stdout, "%s: %s\n", labels[i], r.Error)
		}
	}
	fmt.Fprintf(stdout, "written to %s: %s\n", o.outDir, strings.Join(outputFiles, ", "))
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted; partial results written: %w", err)
	}
	return nil
}

// trainOne trains one variant with one seed into r, reporting every event to
// onEvent as well. A run the context cancels stays "interrupted".
func trainOne(ctx context.Context, o *options, trainData, valData train.Data, r *result, onEvent func(train.Event)) {
	if ctx.Err() != nil {
		return
	}
	cfg := o.cfg
	cfg.Variant, cfg.Seed = r.Variant, r.Seed
	start := time.Now()
	t, err := train.New(cfg, trainData, valData, func(e train.Event) {
		r.record(e)
		onEvent(e)
	})
	if err != nil { // the settings were validated: only a bug gets here
		r.Stop, r.Error = string(train.Failed), err.Error()
		return
	}
	_ = t.Run(ctx) // the outcome is in the events, or ctx was cancelled
	r.Seconds = time.Since(start).Seconds()
	if !t.Done() {
		r.Stop = "interrupted"
	}
}

// joinSeeds formats seeds separated by sep.
func joinSeeds(seeds []uint64, sep string) string {
	parts := make([]string, len(seeds))
	for i, s := range seeds {
		parts[i] = fmt.Sprint(s)
	}
	return strings.Join(parts, sep)
}
