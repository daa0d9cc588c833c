package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"hypersphere/engine/stats"
	"hypersphere/engine/train"
)

// The files the command writes into -out.
const (
	curvesCSV       = "curves.csv"
	curvesJSON      = "curves.json"
	meanCurvesCSV   = "mean_curves.csv"
	meanCurvesJSON  = "mean_curves.json"
	reportMD        = "report.md"
	reportCSV       = "report.csv"
	diagnosticsCSV  = "diagnostics.csv"
	meanCurvesNotes = "n, mean, std (sample, n−1), min and max over the seeds that reached the epoch"
)

// outputFiles lists them in the order they are written.
var outputFiles = []string{curvesCSV, curvesJSON, meanCurvesCSV, meanCurvesJSON, reportMD, reportCSV, diagnosticsCSV}

// jsonFile is the layout of curves.json.
type jsonFile struct {
	Config    train.Config `json:"config"` // shared settings; Variant and Seed vary per run
	TrainSize int          `json:"train_size"`
	ValSize   int          `json:"val_size"`
	Variants  []string     `json:"variants"`
	Seeds     []uint64     `json:"seeds"`
	Runs      []*result    `json:"runs"` // variant-major: every seed of the first variant, then the next
}

// scalar is one named per-epoch value.
type scalar struct {
	name string
	v    float64
}

// epochScalars lists every scalar of one epoch in a fixed order: the
// metrics, each layer's weight and activation norms, then the diagnostics
// (model-wide, then per layer). curves.csv has one column per entry and
// mean_curves one band per entry (timing aside).
func epochScalars(m *train.EpochMetrics) []scalar {
	out := []scalar{{"train_loss", m.TrainLoss}, {"train_acc", m.TrainAcc}, {"val_loss", m.ValLoss}, {"val_acc", m.ValAcc},
		{"lr", m.LR}, {"seconds", m.Seconds}, {"images_per_sec", m.ImagesPerSec}}
	for _, l := range m.Layers {
		out = append(out, scalar{"weight_norm_" + l.Name, l.WeightNorm}, scalar{"act_norm_" + l.Name, l.ActNorm})
	}
	d := m.Diagnostics
	out = append(out, scalar{"max_logit", d.MaxLogit}, scalar{"entropy", d.Entropy}, scalar{"logit_scale", d.LogitScale})
	for _, l := range d.Layers {
		out = append(out,
			scalar{"input_norm_" + l.Name, l.InputNorm}, scalar{"zero_inputs_" + l.Name, l.ZeroInputs},
			scalar{"mean_abs_cos_" + l.Name, l.MeanAbsCos}, scalar{"gain_" + l.Name, l.Gain},
			scalar{"step_size_" + l.Name, l.StepSize}, scalar{"step_angle_" + l.Name, l.StepAngle})
	}
	return out
}

// timing names the scalars that are measured times, not functions of the
// seed: they stay out of the mean curves, which are then deterministic.
var timing = map[string]bool{"seconds": true, "images_per_sec": true}

// writeOutputs writes every output file into o.outDir.
func writeOutputs(o *options, results []*result, rep []reportRow) error {
	for _, r := range results {
		for _, m := range r.Epochs {
			for _, s := range epochScalars(m) {
				if math.IsNaN(s.v) || math.IsInf(s.v, 0) {
					// JSON has no NaN; the trainer emits no non-finite
					// epoch, so this is a bug guard rather than an
					// expected path.
					return fmt.Errorf("%s seed %d: epoch %d has a non-finite %s", r.Variant, r.Seed, m.Epoch, s.name)
				}
			}
		}
	}
	path := func(name string) string { return filepath.Join(o.outDir, name) }
	if err := writeCSVFile(path(curvesCSV), curvesRows(results)); err != nil {
		return err
	}
	js := jsonFile{Config: o.cfg, TrainSize: o.trainSize, ValSize: o.valSize, Variants: o.variants, Seeds: o.seeds, Runs: results}
	js.Config.Variant, js.Config.Seed = "", o.seeds[0]
	if err := writeJSONFile(path(curvesJSON), js); err != nil {
		return err
	}
	mc := meanCurves(o.variants, o.seeds, results)
	if err := writeCSVFile(path(meanCurvesCSV), meanCurvesRows(mc)); err != nil {
		return err
	}
	if err := writeJSONFile(path(meanCurvesJSON), meanCurvesFile{Seeds: o.seeds, Note: meanCurvesNotes, Variants: mc}); err != nil {
		return err
	}
	f, err := os.Create(path(reportMD))
	if err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	writeReportMarkdown(f, rep, o.seeds)
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path(reportMD), err)
	}
	if err := writeCSVFile(path(reportCSV), reportRows(rep)); err != nil {
		return err
	}
	return writeCSVFile(path(diagnosticsCSV), diagnosticsRows(rep))
}

// fmtFloat formats v exactly (shortest representation that reads back).
func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// curvesRows returns curves.csv: a header, then one row per run and epoch
// with every scalar of epochScalars. Columns come from the first epoch
// found; every epoch of a command has the same layers.
func curvesRows(results []*result) [][]string {
	header := []string{"variant", "seed", "epoch"}
	for _, r := range results {
		if len(r.Epochs) > 0 {
			for _, s := range epochScalars(r.Epochs[0]) {
				header = append(header, s.name)
			}
			break
		}
	}
	rows := [][]string{header}
	for _, r := range results {
		for _, m := range r.Epochs {
			row := []string{r.Variant, strconv.FormatUint(r.Seed, 10), strconv.Itoa(m.Epoch)}
			for _, s := range epochScalars(m) {
				row = append(row, fmtFloat(s.v))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// bandPoint is one epoch of a mean curve.
type bandPoint struct {
	Epoch int `json:"epoch"`
	stats.Summary
}

// metricBand is one metric's mean curve with its band.
type metricBand struct {
	Metric string      `json:"metric"`
	Points []bandPoint `json:"points"`
}

// variantBands holds every mean curve of one variant.
type variantBands struct {
	Variant string       `json:"variant"`
	Metrics []metricBand `json:"metrics"`
}

// meanCurvesFile is the layout of mean_curves.json.
type meanCurvesFile struct {
	Seeds    []uint64       `json:"seeds"`
	Note     string         `json:"note"`
	Variants []variantBands `json:"variants"`
}

// meanCurves summarises, per variant, metric and epoch, the runs of all
// seeds (stats.Band: a run that stopped early counts only for the epochs it
// reached). results is variant-major, len(seeds) runs per variant.
func meanCurves(variants []string, seeds []uint64, results []*result) []variantBands {
	out := make([]variantBands, len(variants))
	for vi, v := range variants {
		runs := results[vi*len(seeds) : (vi+1)*len(seeds)]
		out[vi].Variant = v
		// series[j][k] is the curve of scalar j in run k; every epoch of a
		// command lists the same scalars in the same order.
		var names []string
		var series [][][]float64
		for k, r := range runs {
			for _, m := range r.Epochs {
				sc := epochScalars(m)
				if names == nil {
					for _, s := range sc {
						names = append(names, s.name)
					}
					series = make([][][]float64, len(sc))
					for j := range series {
						series[j] = make([][]float64, len(runs))
					}
				}
				for j, s := range sc {
					series[j][k] = append(series[j][k], s.v)
				}
			}
		}
		for j, name := range names {
			if timing[name] {
				continue
			}
			mb := metricBand{Metric: name}
			for i, s := range stats.Band(series[j]) {
				mb.Points = append(mb.Points, bandPoint{Epoch: i + 1, Summary: s})
			}
			out[vi].Metrics = append(out[vi].Metrics, mb)
		}
	}
	return out
}

// meanCurvesRows returns mean_curves.csv in long form: a header, then one
// row per variant, epoch and metric.
func meanCurvesRows(mc []variantBands) [][]string {
	rows := [][]string{{"variant", "epoch", "metric", "n", "mean", "std", "min", "max"}}
	for _, vb := range mc {
		if len(vb.Metrics) == 0 {
			continue
		}
		for e := range vb.Metrics[0].Points {
			for _, mb := range vb.Metrics {
				p := mb.Points[e]
				rows = append(rows, []string{vb.Variant, strconv.Itoa(p.Epoch), mb.Metric, strconv.Itoa(p.N),
					fmtFloat(p.Mean), fmtFloat(p.Std), fmtFloat(p.Min), fmtFloat(p.Max)})
			}
		}
	}
	return rows
}

// writeCSVFile writes rows to path.
func writeCSVFile(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	w := csv.NewWriter(f)
	_ = w.WriteAll(rows) // the error is w.Error, checked below
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// writeJSONFile writes v, indented, to path.
func writeJSONFile(path string, v any) error {
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	return nil
}
