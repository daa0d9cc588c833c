package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"hypersphere/engine/train"
)

// result is everything one variant's run produced.
type result struct {
	Variant    string                `json:"variant"`
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

// run is the whole command: parse args, load data, train every variant
// concurrently, write the outputs and print the table.
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
	trainers := make([]*train.Trainer, len(o.variants))
	results := make([]*result, len(o.variants))
	prog := newProgress(stderr, o.variants, o.cfg.Epochs)
	for i, v := range o.variants {
		cfg := o.cfg
		cfg.Variant = v
		r := &result{Variant: v}
		results[i] = r
		t, err := train.New(cfg, trainData, valData, func(e train.Event) {
			r.record(e)
			prog.event(i, e)
		})
		if err != nil {
			return err
		}
		trainers[i] = t
	}
	fmt.Fprintf(stderr, "training %d variant(s) on %d images, validating on %d: widths %+v, batch %d, lr %g, seed %d, augment %v, up to %d epochs\n",
		len(o.variants), trainData.Len(), valData.Len(), o.cfg.Widths, o.cfg.Batch, o.cfg.LR, o.cfg.Seed, o.cfg.Augment, o.cfg.Epochs)

	stopDraw := prog.start()
	var wg sync.WaitGroup
	for i, t := range trainers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			_ = t.Run(ctx) // the outcome is in the events, or ctx was cancelled
			results[i].Seconds = time.Since(start).Seconds()
			if !t.Done() {
				results[i].Stop = "interrupted"
			}
			prog.finish(i)
		}()
	}
	wg.Wait()
	stopDraw()

	if err := writeOutputs(o, results); err != nil {
		return err
	}
	printTable(stdout, results)
	fmt.Fprintf(stdout, "curves written to %s and %s\n", csvPath(o.outDir), jsonPath(o.outDir))
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted; partial curves written: %w", err)
	}
	return nil
}

// printTable writes the summary: one row per variant.
func printTable(w io.Writer, results []*result) {
	fmt.Fprintf(w, "%-16s %12s %13s %10s  %s\n", "variant", "best val acc", "epoch of best", "epochs run", "stop reason")
	for _, r := range results {
		best := "-"
		if r.BestEpoch > 0 {
			best = fmt.Sprintf("%.2f%%", 100*r.BestValAcc)
		}
		fmt.Fprintf(w, "%-16s %12s %13d %10d  %s\n", r.Variant, best, r.BestEpoch, len(r.Epochs), r.Stop)
	}
	for _, r := range results {
		if r.Error != "" {
			fmt.Fprintf(w, "%s: %s\n", r.Variant, r.Error)
		}
	}
}
