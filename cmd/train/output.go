package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"hypersphere/engine/train"
)

func csvPath(dir string) string  { return filepath.Join(dir, "curves.csv") }
func jsonPath(dir string) string { return filepath.Join(dir, "curves.json") }

// jsonFile is the layout of curves.json.
type jsonFile struct {
	Config    train.Config `json:"config"`
	TrainSize int          `json:"train_size"`
	ValSize   int          `json:"val_size"`
	Variants  []*result    `json:"variants"`
}

// writeOutputs writes curves.csv (one row per variant and epoch) and
// curves.json (the settings and every result, batch losses included).
func writeOutputs(o *options, results []*result) error {
	for _, r := range results {
		for _, m := range r.Epochs {
			if !finiteMetrics(m) {
				// JSON has no NaN; a diverged epoch is never emitted, so this
				// is a bug guard rather than an expected path.
				return fmt.Errorf("%s: epoch %d has non-finite metrics", r.Variant, m.Epoch)
			}
		}
	}
	if err := writeCSV(csvPath(o.outDir), results); err != nil {
		return err
	}
	valSize := o.valSize
	js := jsonFile{Config: o.cfg, TrainSize: o.trainSize, ValSize: valSize, Variants: results}
	js.Config.Variant = ""
	data, err := json.MarshalIndent(js, "", " ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", jsonPath(o.outDir), err)
	}
	if err := os.WriteFile(jsonPath(o.outDir), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	return nil
}

func finiteMetrics(m *train.EpochMetrics) bool {
	vals := []float64{m.TrainLoss, m.TrainAcc, m.ValLoss, m.ValAcc, m.LR, m.Seconds, m.ImagesPerSec}
	for _, l := range m.Layers {
		vals = append(vals, l.WeightNorm, l.ActNorm)
	}
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// writeCSV writes one row per variant and epoch with every epoch metric,
// per-layer columns last.
func writeCSV(path string, results []*result) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	w := csv.NewWriter(f)
	header := []string{"variant", "epoch", "train_loss", "train_acc", "val_loss", "val_acc", "lr", "seconds", "images_per_sec"}
	var layers []string
	for _, r := range results {
		if len(r.Epochs) > 0 {
			for _, l := range r.Epochs[0].Layers {
				layers = append(layers, l.Name)
			}
			break
		}
	}
	for _, l := range layers {
		header = append(header, "weight_norm_"+l, "act_norm_"+l)
	}
	_ = w.Write(header)
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, r := range results {
		for _, m := range r.Epochs {
			row := []string{r.Variant, strconv.Itoa(m.Epoch), g(m.TrainLoss), g(m.TrainAcc), g(m.ValLoss), g(m.ValAcc), g(m.LR), g(m.Seconds), g(m.ImagesPerSec)}
			for _, l := range m.Layers {
				row = append(row, g(l.WeightNorm), g(l.ActNorm))
			}
			_ = w.Write(row)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
