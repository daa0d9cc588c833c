package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"hypersphere/engine/nn"
	"hypersphere/engine/train"
)

// markdownRows returns the body cells of the first Markdown table after the
// line heading in text (header and separator skipped).
func markdownRows(t *testing.T, text, heading string) [][]string {
	t.Helper()
	i := strings.Index(text, heading)
	if i < 0 {
		t.Fatalf("no %q in:\n%s", heading, text)
	}
	var rows [][]string
	started := false
	for _, l := range strings.Split(text[i:], "\n")[1:] {
		if !strings.HasPrefix(l, "|") {
			if started {
				break
			}
			continue
		}
		started = true
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(l, "| "), " |"), " | ")
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
		}
		rows = append(rows, cells)
	}
	if len(rows) < 2 {
		t.Fatalf("no table after %q in:\n%s", heading, text)
	}
	return rows[2:]
}

// readCSV parses a CSV file.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// num parses a CSV number.
func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestParseSeeds(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []uint64
	}{
		{"", []uint64{1337}},
		{"1", []uint64{1337}},
		{"3", []uint64{1337, 1338, 1339}},
		{"1337,1338", []uint64{1337, 1338}},
		{" 7 , 0 ", []uint64{7, 0}},
		{"5,", nil}, // an empty element is an error
	} {
		got, err := parseSeeds(c.in, 1337)
		if c.want == nil {
			if err == nil {
				t.Errorf("%q: no error", c.in)
			}
			continue
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%q: %v %v, want %v", c.in, got, err, c.want)
		}
	}
	if got, err := parseVariants("all"); err != nil || !slices.Equal(got, nn.AllVariantNames) {
		t.Fatalf("-variants all: %v %v", got, err)
	}
}

// epoch returns the metrics of one synthetic epoch whose diagnostics carry
// recognisable values.
func epoch(n int, valAcc, maxLogit, convAngle float64) *train.EpochMetrics {
	return &train.EpochMetrics{Epoch: n, ValAcc: valAcc, Diagnostics: nn.Diagnostics{MaxLogit: maxLogit, LogitScale: 1,
		Layers: []nn.LayerDiagnostics{
			{Name: "conv1", StepAngle: convAngle}, {Name: "conv2", StepAngle: 3 * convAngle},
			{Name: "dense1", InputNorm: 10 * valAcc}, {Name: "dense2", WeightNorm: 2, StepAngle: 0.004}}}}
}

// synthResults builds the results of variants a and b with seeds 1 and 2,
// where every kind of outcome happens, by feeding events to record.
func synthResults() []*result {
	feed := func(v string, seed uint64, stop train.Kind, accs ...float64) *result {
		r := &result{Variant: v, Seed: seed}
		for i, a := range accs {
			r.record(train.Event{Kind: train.EpochDone, Epoch: i + 1, Metrics: epoch(i+1, a, 5*a, a/100)})
		}
		r.record(train.Event{Kind: stop, Epoch: len(accs), Err: map[bool]string{true: "boom"}[stop == train.Diverged]})
		return r
	}
	return []*result{
		feed("a", 1, train.Finished, 0.2, 0.4, 0.3), // best 0.4 at 2, final 0.3
		feed("a", 2, train.EarlyStop, 0.1, 0.5),     // best 0.5 at 2, final 0.5, stopped after 2
		feed("b", 1, train.Diverged, 0.3),           // diverged in epoch 2: one epoch to show
		feed("b", 2, train.Failed),                  // no epoch at all
	}
}

// TestReportFromResults checks the report's numbers against sums done by
// hand, in both forms: the Markdown table and report.csv read back.
func TestReportFromResults(t *testing.T) {
	seeds := []uint64{1, 2}
	rep := buildReport([]string{"a", "b"}, seeds, synthResults())
	dir := t.TempDir()
	if err := writeCSVFile(filepath.Join(dir, reportCSV), reportRows(rep)); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, filepath.Join(dir, reportCSV))
	if len(rows) != 3 || rows[0][0] != "variant" || len(rows[0]) != 11 {
		t.Fatalf("report.csv: %v", rows)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	a, b := rows[1], rows[2]
	near := func(got string, want float64) bool { return math.Abs(num(t, got)-want) < 1e-12 }
	// a: finals 0.3 and 0.5, bests 0.4 and 0.5 (both at epoch 2); the sample
	// std of two values is |x−y|/√2.
	if a[col["variant"]] != "a" || a[col["seeds"]] != "2" || a[col["runs_with_epochs"]] != "2" ||
		!near(a[col["final_val_acc_mean"]], 0.4) || !near(a[col["final_val_acc_std"]], 0.2/math.Sqrt2) ||
		!near(a[col["best_val_acc_mean"]], 0.45) || !near(a[col["best_val_acc_std"]], 0.1/math.Sqrt2) ||
		!near(a[col["best_epoch_mean"]], 2) || !near(a[col["best_epoch_std"]], 0) ||
		a[col["early_stop_epochs"]] != "—;2" || a[col["notes"]] != "" {
		t.Fatalf("row a: %v", a)
	}
	if b[col["runs_with_epochs"]] != "1" || !near(b[col["final_val_acc_mean"]], 0.3) || !near(b[col["final_val_acc_std"]], 0) ||
		b[col["early_stop_epochs"]] != "—;—" || b[col["notes"]] != "seed 1 diverged; seed 2 failed" {
		t.Fatalf("row b: %v", b)
	}

	var md bytes.Buffer
	writeReportMarkdown(&md, rep, seeds)
	acc := markdownRows(t, md.String(), "## Validation accuracy, mean ± std over 2 seeds (1, 2)")
	want := [][]string{
		{"a", "40.00 ± 14.14", "45.00 ± 7.07", "2.0 ± 0.0", "—, 2", ""},
		{"b", "30.00", "30.00", "1", "—", "seed 1 diverged; seed 2 failed; accuracies over 1 of 2 runs"},
	}
	if !slices.EqualFunc(acc, want, slices.Equal) {
		t.Fatalf("accuracy table %q, want %q\n%s", acc, want, md.String())
	}
	// Diagnostics of the last epochs: a's max logits 1.5 and 2.5, conv step
	// angles (x + 3x)/2 = 2x with x = 0.003 and 0.005, shown in mrad.
	diag := markdownRows(t, md.String(), "## Diagnostics at the last epoch")
	if len(diag) != 2 || diag[0][0] != "a" || diag[0][1] != "4 ± 1.41" || diag[0][2] != "2 ± 0.707" ||
		diag[0][5] != "2 ± 0" || diag[0][6] != "4 ± 0" || diag[0][7] != "8 ± 2.83" || diag[1][2] != "1.5" {
		t.Fatalf("diagnostics table %q\n%s", diag, md.String())
	}
	// One seed: no "±" anywhere, and the heading names the seed.
	one := buildReport([]string{"a"}, []uint64{1}, synthResults()[:1])
	md.Reset()
	writeReportMarkdown(&md, one, []uint64{1})
	if r := markdownRows(t, md.String(), "## Validation accuracy, seed 1"); len(r) != 1 || r[0][1] != "30.00" || r[0][3] != "2" ||
		strings.Contains(md.String(), "±") {
		t.Fatalf("one seed:\n%s", md.String())
	}
}

// TestMultiSeedRealData runs two variants (an original and a new one) with
// two seeds on a tiny slice of the real subset and checks every output
// file: row counts, the bands against the per-run curves, the report
// against curves.json, and that the mean curves do not depend on how many
// runs train at once.
func TestMultiSeedRealData(t *testing.T) {
	shared := filepath.Join("..", "..", "..", "shared", "cifar10")
	if d := os.Getenv("CIFAR10_DIR"); d != "" {
		shared = d
	}
	if _, err := os.Stat(filepath.Join(shared, "train.bin")); err != nil {
		t.Skipf("skipping: real CIFAR-10 subset not found at %s", shared)
	}
	runCmd := func(parallel string) string {
		out := t.TempDir()
		var so, se bytes.Buffer
		args := []string{"-data", shared, "-out", out, "-variants", "norm_conv_dense,cosine_conv_dense_scaled", "-seeds", "2",
			"-widths", "4,4,8,8,16", "-epochs", "2", "-train", "20", "-val", "40", "-batch", "8", "-parallel", parallel}
		if err := run(context.Background(), args, &so, &se); err != nil {
			t.Fatalf("run: %v\n%s", err, se.String())
		}
		md, err := os.ReadFile(filepath.Join(out, reportMD))
		if err != nil || !strings.HasPrefix(so.String(), string(md)) {
			t.Fatalf("stdout does not start with report.md (%v):\n%s", err, so.String())
		}
		if !strings.Contains(se.String(), "2 variant(s) × 2 seed(s) = 4 run(s)") ||
			!strings.Contains(se.String(), "cosine_conv_dense_scaled/s1338") {
			t.Fatalf("stderr:\n%s", se.String())
		}
		return out
	}
	out := runCmd("2")

	curves := readCSV(t, filepath.Join(out, curvesCSV))
	if len(curves) != 1+2*2*2 || curves[1][1] != "1337" || curves[3][1] != "1338" || curves[5][0] != "cosine_conv_dense_scaled" {
		t.Fatalf("curves.csv: %d rows, first columns %v", len(curves), curves)
	}
	var js jsonFile
	raw, err := os.ReadFile(filepath.Join(out, curvesJSON))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &js); err != nil {
		t.Fatal(err)
	}
	if len(js.Runs) != 4 || !slices.Equal(js.Seeds, []uint64{1337, 1338}) {
		t.Fatalf("curves.json: %d runs, seeds %v", len(js.Runs), js.Seeds)
	}
	for _, r := range js.Runs {
		if len(r.Epochs) != 2 || len(r.Epochs[1].Diagnostics.Layers) != 6 || r.Epochs[1].Diagnostics.Images != 40 {
			t.Fatalf("run %s/%d: %+v", r.Variant, r.Seed, r.Epochs)
		}
	}
	if js.Runs[0].Epochs[0].ValLoss == js.Runs[1].Epochs[0].ValLoss {
		t.Fatal("two seeds gave the same validation loss")
	}

	// mean_curves.csv: every banded metric (all columns of curves.csv but
	// the keys and the two timings), per variant and epoch, over 2 seeds;
	// val_acc's mean is that of the two runs.
	mean := readCSV(t, filepath.Join(out, meanCurvesCSV))
	metrics := len(curves[0]) - 3 - 2
	if len(mean) != 1+2*2*metrics || strings.Join(mean[0], ",") != "variant,epoch,metric,n,mean,std,min,max" {
		t.Fatalf("mean_curves.csv: %d rows (want %d), header %v", len(mean), 1+2*2*metrics, mean[0])
	}
	found := false
	for _, r := range mean[1:] {
		if r[3] != "2" || num(t, r[6]) > num(t, r[4]) || num(t, r[4]) > num(t, r[7]) {
			t.Fatalf("band row %v: want n 2 and min ≤ mean ≤ max", r)
		}
		if r[0] == "cosine_conv_dense_scaled" && r[1] == "2" && r[2] == "val_acc" {
			a, b := js.Runs[2].Epochs[1].ValAcc, js.Runs[3].Epochs[1].ValAcc
			if math.Abs(num(t, r[4])-(a+b)/2) > 1e-15 || math.Abs(num(t, r[5])-math.Abs(a-b)/math.Sqrt2) > 1e-15 {
				t.Fatalf("val_acc band %v, runs %v and %v", r, a, b)
			}
			found = true
		}
	}
	if !found {
		t.Fatal("no val_acc band for cosine_conv_dense_scaled at epoch 2")
	}
	var mj meanCurvesFile
	raw, _ = os.ReadFile(filepath.Join(out, meanCurvesJSON))
	if err := json.Unmarshal(raw, &mj); err != nil || len(mj.Variants) != 2 || len(mj.Variants[0].Metrics) != metrics ||
		len(mj.Variants[0].Metrics[0].Points) != 2 || mj.Variants[0].Metrics[0].Points[1].N != 2 {
		t.Fatalf("mean_curves.json (%v): %+v", err, mj)
	}

	// report.csv agrees with the runs in curves.json.
	rep := readCSV(t, filepath.Join(out, reportCSV))
	if len(rep) != 3 || rep[1][0] != "norm_conv_dense" || rep[2][0] != "cosine_conv_dense_scaled" {
		t.Fatalf("report.csv: %v", rep)
	}
	for v, row := range rep[1:] {
		a, b := js.Runs[2*v], js.Runs[2*v+1]
		final := (a.Epochs[1].ValAcc + b.Epochs[1].ValAcc) / 2
		best := (a.BestValAcc + b.BestValAcc) / 2
		if row[1] != "2" || row[2] != "2" || math.Abs(num(t, row[3])-final) > 1e-15 || math.Abs(num(t, row[5])-best) > 1e-15 || row[9] != "—;—" {
			t.Fatalf("report row %v; runs give final %v best %v", row, final, best)
		}
	}
	if d := readCSV(t, filepath.Join(out, diagnosticsCSV)); len(d) != 3 || len(d[0]) != 2+2*len(diagQuantities) || d[2][1] != "2" {
		t.Fatalf("diagnostics.csv: %v", d)
	}

	// One run at a time: the same per-run curves and bands, byte for byte.
	serial := runCmd("1")
	for _, f := range []string{meanCurvesCSV, meanCurvesJSON, reportCSV, diagnosticsCSV} {
		x, _ := os.ReadFile(filepath.Join(out, f))
		y, _ := os.ReadFile(filepath.Join(serial, f))
		if !bytes.Equal(x, y) {
			t.Fatalf("%s differs between -parallel 2 and -parallel 1", f)
		}
	}
}
