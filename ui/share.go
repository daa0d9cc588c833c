package ui

import (
	"encoding/csv"
	"net/url"
	"strconv"
	"strings"

	"hypersphere/wasm/protocol"
)

// The lab's configuration in the URL, so that a link replays a run:
//
//	?variants=baseline,norm_conv&preset=reduced&train=1000&epochs=10&batch=32
//	 &lr=0.001&seed=1337&seeds=1&aug=1&act=relu[&val=200]
//
// The explainer's step stays in the hash (#step-N). Missing or bad values
// keep their defaults.

// Ranges of the settings, shared by the controls and the URL.
const (
	minEpochs, maxEpochs = 1, 100
	minBatch, maxBatch   = 8, 256
	// The learning rate goes as far as the worker accepts
	// (protocol.MaxLR), well beyond useful values, so a learner can watch
	// training fall apart. With Adam the reduced network's loss explodes
	// there but stays finite (measured natively: NaN or Inf, the
	// "diverged" state, needs about 1e5, where the baseline overflows in
	// its second batch while the normalised variants stay finite).
	minLR, maxLR       = 1e-5, protocol.MaxLR
	maxSeed            = 1<<31 - 1
	minTrain, maxTrain = 64, 10000
)

// SettingsQuery encodes s as the page's URL query (without the "?"), in a
// fixed order with the variants as a readable comma list.
func SettingsQuery(s Settings) string {
	parts := []string{
		"variants=" + strings.Join(s.Selected(), ","),
		"preset=" + url.QueryEscape(s.Preset),
		"train=" + strconv.Itoa(s.TrainSize),
		"epochs=" + strconv.Itoa(s.Epochs),
		"batch=" + strconv.Itoa(s.Batch),
		"lr=" + strconv.FormatFloat(s.LR, 'g', -1, 64),
		"seed=" + strconv.FormatUint(s.Seed, 10),
		"seeds=" + strconv.Itoa(s.Seeds),
		"aug=" + b01(s.Augment),
		"act=" + url.QueryEscape(s.Activation),
	}
	if s.ValLimit > 0 {
		parts = append(parts, "val="+strconv.Itoa(s.ValLimit))
	}
	return strings.Join(parts, "&")
}

func b01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// ParseSettings applies the URL query q to the default settings. Unknown
// variants are ignored; a variants list naming none known keeps the
// default selection.
func ParseSettings(q url.Values) Settings {
	s, _ := ParseSettingsReport(q)
	return s
}

// ParseSettingsReport is ParseSettings that also lists, for the learner,
// every value in q the page could not use (and so replaced by its
// default), e.g. "epochs=-5 (1 to 100)" or "variants: foo (unknown)", in
// URL order.
func ParseSettingsReport(q url.Values) (Settings, []string) {
	s := DefaultSettings()
	var bad []string
	if q.Has("variants") {
		en := map[string]bool{}
		var unknown []string
		for _, v := range strings.Split(q.Get("variants"), ",") {
			if _, ok := VariantInfo[v]; ok {
				en[v] = true
			} else if strings.TrimSpace(v) != "" {
				unknown = append(unknown, v)
			}
		}
		if len(unknown) > 0 {
			bad = append(bad, "variants: "+strings.Join(unknown, ", ")+" (unknown)")
		}
		if len(en) > 0 {
			s.Enabled = en
		} else if len(unknown) > 0 || q.Get("variants") != "" {
			bad = append(bad, "no known variant, so the default four")
		}
	}
	if q.Has("preset") {
		if p := q.Get("preset"); p == "full" || p == "reduced" {
			s.Preset = p
		} else {
			bad = append(bad, "preset="+p+" (reduced or full)")
		}
	}
	intP := func(key string, def, lo, hi int) int {
		n, ok := intParam(q, key, def, lo, hi)
		if !ok {
			bad = append(bad, key+"="+q.Get(key)+" ("+strconv.Itoa(lo)+" to "+strconv.Itoa(hi)+")")
		}
		return n
	}
	s.TrainSize = intP("train", s.TrainSize, minTrain, maxTrain)
	s.Epochs = intP("epochs", s.Epochs, minEpochs, maxEpochs)
	s.Batch = intP("batch", s.Batch, minBatch, maxBatch)
	if q.Has("lr") {
		if lr, err := strconv.ParseFloat(q.Get("lr"), 64); err == nil && lr >= minLR && lr <= maxLR {
			s.LR = lr
		} else {
			bad = append(bad, "lr="+q.Get("lr")+" ("+plainNumber(minLR)+" to "+plainNumber(maxLR)+")")
		}
	}
	s.Seed = uint64(intP("seed", int(s.Seed), 0, maxSeed))
	s.Seeds = intP("seeds", s.Seeds, 1, MaxSeeds)
	s.ValLimit = intP("val", 0, 16, 100000)
	if q.Has("aug") {
		switch q.Get("aug") {
		case "0":
			s.Augment = false
		case "1":
			s.Augment = true
		default:
			bad = append(bad, "aug="+q.Get("aug")+" (0 or 1)")
		}
	}
	if q.Has("act") {
		if a := q.Get("act"); a == "relu" || a == "elu" {
			s.Activation = a
		} else {
			bad = append(bad, "act="+a+" (relu or elu)")
		}
	}
	return s, bad
}

// URLNotice is the learner's message about a link's unusable settings
// (see ParseSettingsReport), or "" when there are none.
func URLNotice(bad []string) string {
	if len(bad) == 0 {
		return ""
	}
	return "This link had settings the page cannot use, so defaults were used instead: " + strings.Join(bad, ", ") + "."
}

// intParam reads an integer parameter within lo..hi, or returns def; ok is
// false when the parameter is present but unusable.
func intParam(q url.Values, key string, def, lo, hi int) (int, bool) {
	if !q.Has(key) {
		return def, true
	}
	n, err := strconv.Atoi(q.Get(key))
	if err != nil || n < lo || n > hi {
		return def, false
	}
	return n, true
}

// CSVHeader lists the columns of the CSV export.
func CSVHeader() []string {
	h := []string{"variant", "seed", "epoch", "state", "train_loss", "train_acc", "val_loss", "val_acc", "lr", "seconds",
		"images_per_s", "max_logit", "entropy", "logit_scale"}
	for _, l := range LayerNames {
		for _, m := range []string{"weight_norm", "act_norm", "input_norm", "zero_inputs", "mean_abs_cos", "gain", "step_size", "step_angle"} {
			h = append(h, l+"_"+m)
		}
		for b := 0; b < cosBins; b++ {
			h = append(h, l+"_cos_hist_"+strconv.Itoa(b))
		}
	}
	return append(h, csvSettingsHeader...)
}

// csvSettingsHeader are the CSV's last columns: the run's message (why it
// stopped) and the settings it was started with.
var csvSettingsHeader = []string{"message", "preset", "train_size", "batch", "activation", "augmentation", "initial_lr", "val_images"}

// cosBins is the number of cos θ histogram bins in the CSV (the engine's
// nn.CosBins).
const cosBins = 20

// CSV returns every epoch of every run as CSV: one row per variant, seed
// and epoch, with all the metrics and diagnostics (full float64 precision;
// empty where a value is missing), the run's state and message, and the
// settings used (u, the lab's Used settings). A run with no completed
// epoch (e.g. diverged in its first epoch) still has one row, with epoch 0
// and empty metrics.
func CSV(runs []*Run, u Settings) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	_ = w.Write(CSVHeader())
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	aug := "off"
	if u.Augment {
		aug = "on"
	}
	val := "all"
	if u.ValLimit > 0 {
		val = strconv.Itoa(u.ValLimit)
	}
	for _, r := range runs {
		batch := u.Batch
		if r.Batch > 0 {
			batch = r.Batch
		}
		tail := []string{r.Message, u.Preset, strconv.Itoa(u.TrainSize), strconv.Itoa(batch), u.Activation, aug,
			num(u.LR), val}
		if len(r.History) == 0 {
			row := []string{r.Variant, strconv.FormatUint(r.Seed, 10), "0", string(r.State)}
			for len(row) < len(CSVHeader())-len(tail) {
				row = append(row, "")
			}
			_ = w.Write(append(row, tail...))
			continue
		}
		for _, p := range r.History {
			row := []string{r.Variant, strconv.FormatUint(r.Seed, 10), strconv.Itoa(p.Epoch), string(r.State),
				num(p.TrainLoss), num(p.TrainAcc), num(p.ValLoss), num(p.ValAcc), num(p.LR), num(p.Seconds), num(p.IPS)}
			if len(p.Diag.Layers) > 0 {
				row = append(row, num(p.Diag.MaxLogit), num(p.Diag.Entropy), num(p.Diag.LogitScale))
			} else {
				row = append(row, "", "", "")
			}
			for _, name := range LayerNames {
				var lm *protocol.LayerMetrics
				for i := range p.Layers {
					if p.Layers[i].Name == name {
						lm = &p.Layers[i]
					}
				}
				if lm != nil {
					row = append(row, num(lm.WeightNorm), num(lm.ActNorm))
				} else {
					row = append(row, "", "")
				}
				if d, ok := diagLayer(p, name); ok {
					row = append(row, num(d.InputNorm), num(d.ZeroInputs), num(d.MeanAbsCos), num(d.Gain), num(d.StepSize), num(d.StepAngle))
					for k := 0; k < cosBins; k++ {
						if k < len(d.CosHist) {
							row = append(row, num(d.CosHist[k]))
						} else {
							row = append(row, "")
						}
					}
				} else {
					for k := 0; k < 6+cosBins; k++ {
						row = append(row, "")
					}
				}
			}
			_ = w.Write(append(row, tail...))
		}
	}
	w.Flush()
	return b.String()
}
