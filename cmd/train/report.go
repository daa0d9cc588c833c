package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"hypersphere/engine/nn"
	"hypersphere/engine/stats"
	"hypersphere/engine/train"
)

// noValue stands for "none" in the report: no early stop, no epoch.
const noValue = "—"

// reportRow is one variant's line of the report: its runs over the seeds,
// summarised.
type reportRow struct {
	Variant string
	Seeds   int // runs of the variant, one per seed
	// Accuracies are fractions 0..1, summarised over the runs that completed
	// at least one epoch (N says how many).
	FinalValAcc stats.Summary // at each run's last epoch
	BestValAcc  stats.Summary
	BestEpoch   stats.Summary // the epoch of each run's best val accuracy
	EarlyStop   []int         // per seed, the epoch after which the run stopped early, 0 if it did not
	Notes       []string      // runs that did not finish normally, e.g. "seed 1338 diverged"
	Diag        []diagColumn  // the diagnostics of each run's last epoch, summarised
}

// diagColumn is one quantity of the diagnostics table.
type diagColumn struct {
	Name  string // column name in diagnostics.csv
	Title string // column title in report.md
	Scale float64
	stats.Summary
}

// diagQuantities are the diagnostics the report shows, read from one
// epoch's metrics: what tells the variants apart in the lab's panel.
var diagQuantities = []struct {
	name, title string
	scale       float64 // report.md shows value×scale
	get         func(d nn.Diagnostics) float64
}{
	{"dense1_input_norm", "dense1 input \\|x\\|", 1, func(d nn.Diagnostics) float64 { return layerDiag(d, "dense1").InputNorm }},
	{"max_logit", "max logit", 1, func(d nn.Diagnostics) float64 { return d.MaxLogit }},
	{"logit_scale", "logit scale s", 1, func(d nn.Diagnostics) float64 { return d.LogitScale }},
	{"entropy", "entropy (nats)", 1, func(d nn.Diagnostics) float64 { return d.Entropy }},
	{"dense2_weight_norm", "dense2 raw \\|w\\|", 1, func(d nn.Diagnostics) float64 { return layerDiag(d, "dense2").WeightNorm }},
	{"dense2_step_angle", "dense2 step angle (mrad)", 1000, func(d nn.Diagnostics) float64 { return layerDiag(d, "dense2").StepAngle }},
	{"conv_step_angle", "conv step angle (mrad, mean of 4)", 1000, func(d nn.Diagnostics) float64 {
		var s float64
		n := 0
		for _, l := range d.Layers {
			if strings.HasPrefix(l.Name, "conv") {
				s += l.StepAngle
				n++
			}
		}
		if n == 0 {
			return 0
		}
		return s / float64(n)
	}},
}

// layerDiag returns the diagnostics of the layer called name (zero if none).
func layerDiag(d nn.Diagnostics, name string) nn.LayerDiagnostics {
	for _, l := range d.Layers {
		if l.Name == name {
			return l
		}
	}
	return nn.LayerDiagnostics{}
}

// buildReport summarises results (variant-major, len(seeds) runs per
// variant) into one row per variant.
func buildReport(variants []string, seeds []uint64, results []*result) []reportRow {
	rows := make([]reportRow, len(variants))
	for vi, v := range variants {
		runs := results[vi*len(seeds) : (vi+1)*len(seeds)]
		row := reportRow{Variant: v, Seeds: len(runs)}
		var final, best, bestEpoch []float64
		diag := make([][]float64, len(diagQuantities))
		for _, r := range runs {
			row.EarlyStop = append(row.EarlyStop, r.earlyStopEpoch())
			if r.Stop != string(train.Finished) && r.Stop != string(train.EarlyStop) {
				row.Notes = append(row.Notes, fmt.Sprintf("seed %d %s", r.Seed, strings.ReplaceAll(r.Stop, "_", " ")))
			}
			if len(r.Epochs) == 0 {
				continue
			}
			last := r.Epochs[len(r.Epochs)-1]
			final = append(final, last.ValAcc)
			best = append(best, r.BestValAcc)
			bestEpoch = append(bestEpoch, float64(r.BestEpoch))
			for q, dq := range diagQuantities {
				diag[q] = append(diag[q], dq.get(last.Diagnostics))
			}
		}
		row.FinalValAcc, row.BestValAcc, row.BestEpoch = stats.Summarize(final), stats.Summarize(best), stats.Summarize(bestEpoch)
		for q, dq := range diagQuantities {
			row.Diag = append(row.Diag, diagColumn{Name: dq.name, Title: dq.title, Scale: dq.scale, Summary: stats.Summarize(diag[q])})
		}
		rows[vi] = row
	}
	return rows
}

// fmtSummary formats s×scale with the given decimals: "41.20" for one
// value, "41.20 ± 0.85" for several, "—" for none.
func fmtSummary(s stats.Summary, scale float64, decimals int) string {
	switch s.N {
	case 0:
		return noValue
	case 1:
		return strconv.FormatFloat(s.Mean*scale, 'f', decimals, 64)
	}
	return strconv.FormatFloat(s.Mean*scale, 'f', decimals, 64) + " ± " + strconv.FormatFloat(s.Std*scale, 'f', decimals, 64)
}

// epochDecimals is 0 for one run's epoch, 1 for a mean over several.
func epochDecimals(s stats.Summary) int {
	if s.N > 1 {
		return 1
	}
	return 0
}

// fmtEarlyStop formats the early-stop column: "—" when no run stopped
// early, else the epoch per seed ("12, —").
func fmtEarlyStop(epochs []int) string {
	parts := make([]string, len(epochs))
	stopped := false
	for i, e := range epochs {
		parts[i] = noValue
		if e > 0 {
			parts[i], stopped = strconv.Itoa(e), true
		}
	}
	if !stopped {
		return noValue
	}
	return strings.Join(parts, ", ")
}

// fmtSig formats a diagnostic to three significant digits ("—" for none),
// with "± std" when several runs.
func fmtSig(s stats.Summary, scale float64) string {
	if s.N == 0 {
		return noValue
	}
	g := func(v float64) string { return strconv.FormatFloat(v*scale, 'g', 3, 64) }
	if s.N == 1 {
		return g(s.Mean)
	}
	return g(s.Mean) + " ± " + g(s.Std)
}

// writeMarkdownTable writes a Markdown table with its columns padded to a
// common width, so that it reads as well in a terminal as rendered.
func writeMarkdownTable(w io.Writer, header []string, rows [][]string) {
	width := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString("|")
		for i, c := range cells {
			fmt.Fprintf(&b, " %s%s |", c, strings.Repeat(" ", width[i]-len([]rune(c))))
		}
		fmt.Fprintln(w, b.String())
	}
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = strings.Repeat("-", width[i])
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
}

// writeReportMarkdown writes the report: the accuracy table in the form of
// the 2017 experiment's, then the diagnostics at the last epoch.
func writeReportMarkdown(w io.Writer, rep []reportRow, seeds []uint64) {
	spread := ""
	if len(seeds) > 1 {
		spread = fmt.Sprintf(", mean ± std over %d seeds (%s)", len(seeds), joinSeeds(seeds, ", "))
	} else {
		spread = fmt.Sprintf(", seed %d", seeds[0])
	}
	fmt.Fprintf(w, "## Validation accuracy%s\n\n", spread)
	header := []string{"variant", "final val acc (%)", "best val acc (%)", "epoch of best", "early stop (epoch)", "notes"}
	var rows [][]string
	for _, r := range rep {
		notes := strings.Join(r.Notes, "; ")
		if r.FinalValAcc.N < r.Seeds && r.FinalValAcc.N > 0 {
			notes = strings.TrimPrefix(notes+fmt.Sprintf("; accuracies over %d of %d runs", r.FinalValAcc.N, r.Seeds), "; ")
		}
		rows = append(rows, []string{r.Variant, fmtSummary(r.FinalValAcc, 100, 2), fmtSummary(r.BestValAcc, 100, 2),
			fmtSummary(r.BestEpoch, 1, epochDecimals(r.BestEpoch)), fmtEarlyStop(r.EarlyStop), notes})
	}
	writeMarkdownTable(w, header, rows)
	fmt.Fprintf(w, "\n## Diagnostics at the last epoch%s\n\n", spread)
	header = []string{"variant"}
	for _, q := range diagQuantities {
		header = append(header, q.title)
	}
	rows = rows[:0]
	for _, r := range rep {
		row := []string{r.Variant}
		for _, c := range r.Diag {
			row = append(row, fmtSig(c.Summary, c.Scale))
		}
		rows = append(rows, row)
	}
	writeMarkdownTable(w, header, rows)
	fmt.Fprintln(w, "\nInput norms and logit statistics are means over the validation images; raw |w| is the mean per unit")
	fmt.Fprintln(w, "before normalisation; a step angle is the mean angle a weight vector turns in one optimiser step.")
}

// reportRows returns report.csv: a header, then one row per variant, with
// accuracies as fractions.
func reportRows(rep []reportRow) [][]string {
	rows := [][]string{{"variant", "seeds", "runs_with_epochs", "final_val_acc_mean", "final_val_acc_std",
		"best_val_acc_mean", "best_val_acc_std", "best_epoch_mean", "best_epoch_std", "early_stop_epochs", "notes"}}
	for _, r := range rep {
		es := make([]string, len(r.EarlyStop))
		for i, e := range r.EarlyStop {
			es[i] = noValue
			if e > 0 {
				es[i] = strconv.Itoa(e)
			}
		}
		rows = append(rows, []string{r.Variant, strconv.Itoa(r.Seeds), strconv.Itoa(r.FinalValAcc.N),
			fmtFloat(r.FinalValAcc.Mean), fmtFloat(r.FinalValAcc.Std), fmtFloat(r.BestValAcc.Mean), fmtFloat(r.BestValAcc.Std),
			fmtFloat(r.BestEpoch.Mean), fmtFloat(r.BestEpoch.Std), strings.Join(es, ";"), strings.Join(r.Notes, "; ")})
	}
	return rows
}

// diagnosticsRows returns diagnostics.csv: a header, then one row per
// variant with the mean and std of every diagnostic column (unscaled:
// angles in radians).
func diagnosticsRows(rep []reportRow) [][]string {
	header := []string{"variant", "runs_with_epochs"}
	for _, q := range diagQuantities {
		header = append(header, q.name+"_mean", q.name+"_std")
	}
	rows := [][]string{header}
	for _, r := range rep {
		row := []string{r.Variant, strconv.Itoa(r.FinalValAcc.N)}
		for _, c := range r.Diag {
			row = append(row, fmtFloat(c.Mean), fmtFloat(c.Std))
		}
		rows = append(rows, row)
	}
	return rows
}
