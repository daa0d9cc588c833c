package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets the test binary act as the command itself, so the tests can
// check the exit status and stderr of a real process without a go build.
func TestMain(m *testing.M) {
	if os.Getenv("HYPERSPHERE_TRAIN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// writeBin writes n synthetic CIFAR-10 records (label, then 3072 bytes) with
// a class-dependent pattern to file.
func writeBin(t *testing.T, file string, n int, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 5))
	var buf bytes.Buffer
	for i := 0; i < n; i++ {
		c := i % 10
		buf.WriteByte(byte(c))
		for p := 0; p < 3072; p++ {
			v := 30 + 20*c + rng.IntN(50)
			if (p/32+p%32)%(c+2) == 0 {
				v += 40
			}
			buf.WriteByte(byte(v))
		}
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// dataDir builds a small synthetic data directory in the CIFAR layout.
func dataDir(t *testing.T, trainN, testN int) string {
	t.Helper()
	dir := t.TempDir()
	writeBin(t, filepath.Join(dir, "train.bin"), trainN, 1)
	writeBin(t, filepath.Join(dir, "test.bin"), testN, 2)
	return dir
}

func TestRunWritesCurvesAndTable(t *testing.T) {
	data := dataDir(t, 60, 30)
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	args := []string{"-data", data, "-out", out, "-variants", "baseline,norm_conv", "-widths", "4,4,8,8,16",
		"-epochs", "2", "-train", "40", "-val", "20", "-batch", "8"}
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, stderr.String())
	}
	// The report: a Markdown table with one row per variant, one seed, so
	// no "±"; then the diagnostics table.
	rows := markdownRows(t, stdout.String(), "## Validation accuracy, seed 1337")
	if len(rows) != 2 || rows[0][0] != "baseline" || rows[1][0] != "norm_conv" {
		t.Fatalf("report:\n%s", stdout.String())
	}
	for _, r := range rows {
		if len(r) != 6 || strings.Contains(r[1], "±") || r[3] != "1" && r[3] != "2" || r[4] != "—" || r[5] != "" {
			t.Fatalf("report row %q: want variant, final acc, best acc, epoch of best, —, no notes", r)
		}
	}
	if d := markdownRows(t, stdout.String(), "## Diagnostics at the last epoch"); len(d) != 2 || len(d[0]) != 1+len(diagQuantities) {
		t.Fatalf("diagnostics table %v", d)
	}
	// Not a terminal: plain epoch lines, no carriage returns.
	if strings.Contains(stderr.String(), "\r") || strings.Count(stderr.String(), "epoch 2/2") != 2 {
		t.Fatalf("progress output:\n%q", stderr.String())
	}

	f, err := os.Open(filepath.Join(out, "curves.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err = csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Columns: variant, seed, epoch, 7 metrics, 2 norms × 6 layers, 3
	// model diagnostics, 6 diagnostics × 6 layers.
	if len(rows) != 1+2*2 || rows[0][0] != "variant" || rows[0][10] != "weight_norm_conv1" || len(rows[0]) != 3+7+12+3+36 {
		t.Fatalf("csv has %d rows, header %v", len(rows), rows[0])
	}
	if rows[1][0] != "baseline" || rows[1][1] != "1337" || rows[1][2] != "1" || rows[4][0] != "norm_conv" || rows[4][2] != "2" {
		t.Fatalf("csv rows out of order: %v", rows)
	}

	raw, err := os.ReadFile(filepath.Join(out, "curves.json"))
	if err != nil {
		t.Fatal(err)
	}
	var js jsonFile
	if err := json.Unmarshal(raw, &js); err != nil {
		t.Fatal(err)
	}
	if len(js.Runs) != 2 || js.TrainSize != 40 || js.Config.Widths.Conv3 != 8 || js.Config.Seed != 1337 ||
		len(js.Seeds) != 1 || js.Seeds[0] != 1337 || strings.Join(js.Variants, ",") != "baseline,norm_conv" {
		t.Fatalf("json: %+v", js)
	}
	for _, r := range js.Runs {
		if len(r.Epochs) != 2 || len(r.BatchLoss) != 2 || len(r.BatchLoss[0]) != 5 || r.Stop != "finished" {
			t.Fatalf("json result %s: %d epochs, batch losses %v, stop %q", r.Variant, len(r.Epochs), r.BatchLoss, r.Stop)
		}
		if r.BestEpoch < 1 || r.Epochs[r.BestEpoch-1].ValAcc != r.BestValAcc {
			t.Fatalf("best epoch %d / acc %v inconsistent with the curve", r.BestEpoch, r.BestValAcc)
		}
	}
}

func TestRunSameSeedSameCurves(t *testing.T) {
	data := dataDir(t, 40, 20)
	curves := func(seed string) []byte {
		out := t.TempDir()
		var so, se bytes.Buffer
		args := []string{"-data", data, "-out", out, "-variants", "norm_dense", "-widths", "4,4,8,8,16",
			"-epochs", "1", "-train", "40", "-batch", "10", "-seed", seed}
		if err := run(context.Background(), args, &so, &se); err != nil {
			t.Fatal(err)
		}
		var js jsonFile
		raw, _ := os.ReadFile(filepath.Join(out, "curves.json"))
		if err := json.Unmarshal(raw, &js); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal([]any{js.Runs[0].BatchLoss, js.Runs[0].Epochs[0].ValLoss, js.Runs[0].Epochs[0].Layers, js.Runs[0].Epochs[0].Diagnostics})
		return b
	}
	a, b, c := curves("7"), curves("7"), curves("8")
	if !bytes.Equal(a, b) {
		t.Fatal("same seed, different curves")
	}
	if bytes.Equal(a, c) {
		t.Fatal("different seeds, same curves")
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	good := dataDir(t, 40, 20)
	truncated := t.TempDir()
	writeBin(t, filepath.Join(truncated, "train.bin"), 40, 1)
	writeBin(t, filepath.Join(truncated, "test.bin"), 20, 2)
	raw, _ := os.ReadFile(filepath.Join(truncated, "train.bin"))
	if err := os.WriteFile(filepath.Join(truncated, "train.bin"), raw[:len(raw)-100], 0o644); err != nil {
		t.Fatal(err)
	}
	base := []string{"-data", good, "-out", t.TempDir(), "-widths", "4,4,8,8,16", "-epochs", "1", "-train", "40"}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-epochs", "x"}, "invalid value"},
		{[]string{"-nosuchflag"}, "not defined"},
		{[]string{"stray"}, "unexpected argument"},
		{append(base, "-variants", "baseline,norm_all"), "unknown variant \"norm_all\""},
		{append(base, "-variants", "baseline,baseline"), "listed twice"},
		{append(base, "-variants", ","), "no variant"},
		{append(base, "-variants", "gain_conv_dense,cosine_everything"), `unknown variant "cosine_everything" (want all, or some of baseline,norm_conv,norm_dense,norm_conv_dense,gain_conv_dense`},
		{append(base, "-seeds", "x"), `-seeds: "x" is neither a count`},
		{append(base, "-seeds", "0"), `-seeds: "0" is neither a count 1..100`},
		{append(base, "-seeds", "101"), "neither a count"},
		{append(base, "-seeds", "1337,1337"), "seed 1337 listed twice"},
		{append(base, "-seeds", "1,,2"), `"" in "1,,2" is not a seed`},
		{append(base, "-seeds", "1,-2"), `"-2" in "1,-2" is not a seed`},
		{append(base, "-seeds", "3", "-seed", "18446744073709551614"), "overflow"},
		{append(base, "-parallel", "0"), "-parallel: 0, want at least 1"},
		{append(base, "-preset", "huge", "-widths", ""), "unknown preset"},
		{append(base, "-widths", "4,4,8"), "5 comma-separated"},
		{append(base, "-widths", "4,4,8,0,16"), "positive whole number"},
		{append(base, "-train", "45"), "multiple of 10"},
		{append(base, "-val", "-10"), "-val"},
		{append(base, "-epochs", "0"), "epochs must be at least 1"},
		{append(base, "-batch", "0"), "batch size"},
		{append(base, "-lr", "-1"), "learning rate"},
		{append(base, "-activation", "tanh"), "activation"},
		{append(base, "-train", "1000"), "cannot give 100 images of each class"},
		{append(base, "-val", "100"), "-val 100"},
		{append(base, "-data", filepath.Join(good, "missing")), "missing"},
		{append(base, "-data", filepath.Join(good, "train.bin")), "not a directory"},
		{append(base, "-data", truncated), "train.bin"},
	}
	for _, c := range cases {
		var so, se bytes.Buffer
		err := run(context.Background(), c.args, &so, &se)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err %v, want one containing %q", c.args, err, c.want)
		}
	}
}

func TestNoDataDirIsAClearError(t *testing.T) {
	t.Setenv("CIFAR10_DIR", "")
	wd, _ := os.Getwd()
	if err := os.Chdir(t.TempDir()); err != nil { // no go.mod above a temp dir
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var so, se bytes.Buffer
	err := run(context.Background(), []string{"-epochs", "1"}, &so, &se)
	if err == nil || !strings.Contains(err.Error(), "CIFAR10_DIR") {
		t.Fatalf("err %v, want a hint about CIFAR10_DIR", err)
	}
}

// TestProcessExitStatus runs the command as a process: a bad flag and a
// truncated file each give a non-zero exit and one line on stderr.
func TestProcessExitStatus(t *testing.T) {
	truncated := dataDir(t, 40, 20)
	raw, _ := os.ReadFile(filepath.Join(truncated, "test.bin"))
	if err := os.WriteFile(filepath.Join(truncated, "test.bin"), raw[:3073*3+7], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-variants", "nope"},
		{"-variants", "baseline,norm_everything"},
		{"-seeds", "abc"},
		{"-seeds", "7,7"},
		{"-epochs", "x"},
		{"-data", truncated, "-train", "40", "-out", t.TempDir()},
	} {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "HYPERSPHERE_TRAIN_MAIN=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() == 0 {
			t.Fatalf("%v: err %v, want a non-zero exit", args, err)
		}
		msg := strings.TrimSpace(stderr.String())
		if !strings.HasPrefix(msg, "train: ") || strings.Contains(msg, "\n") || strings.Contains(msg, "panic") {
			t.Fatalf("%v: stderr %q, want one line starting with \"train: \"", args, msg)
		}
		t.Log(msg)
	}
}

// TestRunFindsSharedSubset runs without -data or CIFAR10_DIR from inside
// the project, so the command must find ../shared/cifar10 beside the
// project root on its own and train on the real files.
func TestRunFindsSharedSubset(t *testing.T) {
	t.Setenv("CIFAR10_DIR", "")
	shared := filepath.Join("..", "..", "..", "shared", "cifar10")
	if _, err := os.Stat(filepath.Join(shared, "train.bin")); err != nil {
		t.Skipf("skipping: real CIFAR-10 subset not found at %s", shared)
	}
	out := t.TempDir()
	var so, se bytes.Buffer
	args := []string{"-out", out, "-variants", "norm_conv", "-widths", "4,4,8,8,16", "-epochs", "1", "-train", "20", "-val", "40"}
	if err := run(context.Background(), args, &so, &se); err != nil {
		t.Fatalf("run: %v\n%s", err, se.String())
	}
	if !strings.Contains(se.String(), "on 20 images, validating on 40") || !strings.Contains(so.String(), "norm_conv") {
		t.Fatalf("stderr:\n%s\nstdout:\n%s", se.String(), so.String())
	}
}

func TestInterruptedRunStillWritesResults(t *testing.T) {
	data := dataDir(t, 40, 20)
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var so, se bytes.Buffer
	args := []string{"-data", data, "-out", out, "-variants", "baseline", "-widths", "4,4,8,8,16", "-epochs", "3", "-train", "40"}
	err := run(ctx, args, &so, &se)
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("err %v, want an interruption error", err)
	}
	var js jsonFile
	raw, rerr := os.ReadFile(filepath.Join(out, "curves.json"))
	if rerr != nil {
		t.Fatal(rerr)
	}
	if err := json.Unmarshal(raw, &js); err != nil {
		t.Fatal(err)
	}
	if len(js.Runs) != 1 || js.Runs[0].Stop != "interrupted" || !strings.Contains(so.String(), "seed 1337 interrupted") {
		t.Fatalf("json %+v\ntable:\n%s", js.Runs, so.String())
	}
}

func TestDivergedVariantsAreReported(t *testing.T) {
	data := dataDir(t, 40, 20)
	out := t.TempDir()
	var so, se bytes.Buffer
	args := []string{"-data", data, "-out", out, "-variants", "baseline,norm_conv", "-widths", "4,4,8,8,16",
		"-epochs", "2", "-train", "40", "-batch", "8", "-lr", "1e30"}
	if err := run(context.Background(), args, &so, &se); err != nil {
		t.Fatalf("a divergence is a result, not a command failure: %v", err)
	}
	if strings.Count(so.String(), "seed 1337 diverged") != 2 || strings.Count(so.String(), "diverged: training loss is NaN in epoch 1") != 2 ||
		strings.Count(se.String(), "STOPPED: ") != 2 {
		t.Fatalf("table:\n%s\nstderr:\n%s", so.String(), se.String())
	}
	if _, err := os.Stat(filepath.Join(out, "curves.json")); err != nil {
		t.Fatal(err)
	}
}
