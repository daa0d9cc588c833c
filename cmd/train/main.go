// Command train trains variants of Hypersphere's mini-VGG natively on the
// CIFAR-10 subset, each with one or several seeds, and writes their curves,
// mean curves with a band over the seeds, and a report table.
//
// Usage:
//
//	go run ./cmd/train [flags]
//
// The data directory is -data, else $CIFAR10_DIR, else ../shared/cifar10
// beside the project root when it exists. Training uses the first -train/10
// images of each class of the training split (class-balanced); validation
// uses the whole test file, or a class-balanced -val images of it.
//
// -variants names the variants (default the experiment's four; "all" adds
// the ones the papers propose, see nn.AllVariantNames). -seeds trains each
// variant with several seeds: a list (1337,1338) or a count N (N consecutive
// seeds from -seed). The variant × seed runs go -parallel at a time. For a
// given seed every variant shares the initial raw weights, the data order
// and the augmentation, so the variants differ only in what they are.
//
// Outputs in -out:
//
//	curves.csv, curves.json            every run's per-epoch metrics and diagnostics
//	mean_curves.csv, mean_curves.json  per variant and epoch: n, mean, std, min, max over the seeds
//	report.md, report.csv              final and best val accuracy, epoch of best, early stop
//	diagnostics.csv                    per variant, the diagnostics of each run's last epoch
//
// The report (both tables of report.md) also goes to standard output.
// Progress with an ETA goes to standard error: one line redrawn in place on
// a terminal, plain periodic lines otherwise. A run whose numbers blow up
// (NaN or Inf) stops with an error in the report; the others carry on.
// Interrupting (Ctrl-C) stops all runs and still writes what was measured.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	subset "hypersphere/dataset-subset"
	"hypersphere/engine/nn"
	"hypersphere/engine/train"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

// options are the parsed command line.
type options struct {
	dataDir   string
	variants  []string
	seeds     []uint64     // every variant trains once per seed
	parallel  int          // runs trained at the same time
	cfg       train.Config // the shared settings; Variant and Seed set per run
	trainSize int
	valSize   int // 0: the whole test file
	outDir    string
}

// parseFlags turns args into options, reporting the first bad flag.
func parseFlags(args []string, stderr io.Writer) (*options, error) {
	def := train.DefaultConfig()
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, as one line, by main
	var (
		dataDir    = fs.String("data", "", "CIFAR-10 directory (default $CIFAR10_DIR, else ../shared/cifar10 beside the project root)")
		variants   = fs.String("variants", strings.Join(nn.VariantNames, ","), "comma-separated variants to train, or all ("+strings.Join(nn.AllVariantNames, ",")+")")
		preset     = fs.String("preset", "reduced", "network size: reduced or full")
		widths     = fs.String("widths", "", "explicit widths conv1,conv2,conv3,conv4,dense1 (overrides -preset)")
		epochs     = fs.Int("epochs", def.Epochs, "epoch cap")
		trainSize  = fs.Int("train", 10000, "training images, a multiple of 10 (class-balanced)")
		valSize    = fs.Int("val", 0, "validation images from the test file, a multiple of 10 (class-balanced); 0 for the whole file")
		seed       = fs.Uint64("seed", def.Seed, "seed for initialisation, dropout, data order and augmentation")
		seeds      = fs.String("seeds", "", "several seeds per variant: N (N consecutive seeds from -seed) or a list such as 1337,1338")
		parallel   = fs.Int("parallel", runtime.GOMAXPROCS(0), "runs (variant × seed) trained at the same time")
		batch      = fs.Int("batch", def.Batch, "batch size")
		lr         = fs.Float64("lr", def.LR, "initial Adam learning rate")
		activation = fs.String("activation", def.Activation, "activation: relu or elu")
		convBias   = fs.Bool("conv-bias", def.ConvBias, "give the convolutions a bias")
		augment    = fs.Bool("augment", def.Augment, "augment training images (±3 px shifts, horizontal flips)")
		outDir     = fs.String("out", "out/train", "output directory (curves, mean curves, report)")
	)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fmt.Fprintln(stderr, "Usage: train [flags]\nTrains mini-VGG variants × seeds on the CIFAR-10 subset; writes curves, mean curves with a band, and a report.")
			fs.PrintDefaults()
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (all settings are flags; see -help)", fs.Arg(0))
	}
	o := &options{dataDir: *dataDir, cfg: def, trainSize: *trainSize, valSize: *valSize, outDir: *outDir}
	var err error
	if o.variants, err = parseVariants(*variants); err != nil {
		return nil, err
	}
	if o.seeds, err = parseSeeds(*seeds, *seed); err != nil {
		return nil, err
	}
	if *parallel < 1 {
		return nil, fmt.Errorf("-parallel: %d, want at least 1", *parallel)
	}
	o.parallel = *parallel
	if *widths != "" {
		w, err := parseWidths(*widths)
		if err != nil {
			return nil, err
		}
		o.cfg.Widths = w
	} else {
		w, err := nn.Preset(*preset)
		if err != nil {
			return nil, fmt.Errorf("-preset: unknown preset %q (want reduced or full)", *preset)
		}
		o.cfg.Widths = w
	}
	if o.trainSize < 10 || o.trainSize%10 != 0 {
		return nil, fmt.Errorf("-train: %d is not a positive multiple of 10", o.trainSize)
	}
	if o.valSize < 0 || o.valSize%10 != 0 {
		return nil, fmt.Errorf("-val: %d is not 0 or a positive multiple of 10", o.valSize)
	}
	if o.outDir == "" {
		return nil, errors.New("-out: empty output directory")
	}
	o.cfg.Epochs = *epochs
	o.cfg.Batch = *batch
	o.cfg.LR = *lr
	o.cfg.Activation = *activation
	o.cfg.ConvBias = *convBias
	o.cfg.Augment = *augment
	o.cfg.Seed = o.seeds[0]
	for _, v := range o.variants {
		o.cfg.Variant = v
		if err := o.cfg.Validate(); err != nil {
			return nil, errors.New(strings.TrimPrefix(err.Error(), "train: "))
		}
	}
	o.cfg.Variant = ""
	return o, nil
}

// maxSeeds bounds the number of seeds per variant.
const maxSeeds = 100

// parseVariants reads -variants: "all", or comma-separated names from
// nn.AllVariantNames, each at most once.
func parseVariants(s string) ([]string, error) {
	if strings.TrimSpace(s) == "all" {
		return append([]string(nil), nn.AllVariantNames...), nil
	}
	var out []string
	seen := map[string]bool{}
	for _, v := range strings.Split(s, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if _, err := nn.VariantInfo(v); err != nil {
			return nil, fmt.Errorf("-variants: unknown variant %q (want all, or some of %s)", v, strings.Join(nn.AllVariantNames, ","))
		}
		if seen[v] {
			return nil, fmt.Errorf("-variants: %q listed twice", v)
		}
		seen[v] = true
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, errors.New("-variants: no variant given")
	}
	return out, nil
}

// parseSeeds reads -seeds: "" for just seed, a count N for seed, seed+1, …,
// seed+N−1, or a comma-separated list of distinct seeds.
func parseSeeds(s string, seed uint64) ([]uint64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return []uint64{seed}, nil
	}
	if !strings.Contains(s, ",") {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxSeeds {
			return nil, fmt.Errorf("-seeds: %q is neither a count 1..%d nor a list such as 1337,1338", s, maxSeeds)
		}
		if seed > math.MaxUint64-uint64(n-1) {
			return nil, fmt.Errorf("-seeds: %d seeds from -seed %d overflow 64 bits", n, seed)
		}
		out := make([]uint64, n)
		for i := range out {
			out[i] = seed + uint64(i)
		}
		return out, nil
	}
	var out []uint64
	seen := map[uint64]bool{}
	for _, p := range strings.Split(s, ",") {
		v, err := strconv.ParseUint(strings.TrimSpace(p), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("-seeds: %q in %q is not a seed (a whole number from 0 to 2^64-1)", strings.TrimSpace(p), s)
		}
		if seen[v] {
			return nil, fmt.Errorf("-seeds: seed %d listed twice", v)
		}
		seen[v] = true
		out = append(out, v)
	}
	if len(out) > maxSeeds {
		return nil, fmt.Errorf("-seeds: %d seeds, want at most %d", len(out), maxSeeds)
	}
	return out, nil
}

// parseWidths reads "c1,c2,c3,c4,d1".
func parseWidths(s string) (nn.Widths, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 5 {
		return nn.Widths{}, fmt.Errorf("-widths: want 5 comma-separated numbers conv1,conv2,conv3,conv4,dense1, got %q", s)
	}
	var v [5]int
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 {
			return nn.Widths{}, fmt.Errorf("-widths: %q is not a positive whole number", p)
		}
		v[i] = n
	}
	return nn.Widths{Conv1: v[0], Conv2: v[1], Conv3: v[2], Conv4: v[3], Dense1: v[4]}, nil
}

// findDataDir returns the directory to read CIFAR-10 from.
func findDataDir(flagDir string) (string, error) {
	if flagDir != "" {
		return flagDir, nil
	}
	if d := os.Getenv("CIFAR10_DIR"); d != "" {
		return d, nil
	}
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				d := filepath.Join(filepath.Dir(dir), "shared", "cifar10")
				if st, err := os.Stat(d); err == nil && st.IsDir() {
					return d, nil
				}
				break
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	return "", errors.New("no CIFAR-10 data: pass -data DIR or set CIFAR10_DIR (a directory with train.bin and test.bin, or the official data_batch_*.bin and test_batch.bin)")
}

// loadData reads the directory and selects the balanced subsets.
func loadData(o *options) (trainData, valData train.Data, classes []string, err error) {
	dir, err := findDataDir(o.dataDir)
	if err != nil {
		return trainData, valData, nil, err
	}
	st, err := os.Stat(dir)
	if err != nil {
		return trainData, valData, nil, fmt.Errorf("data directory %s: %w", dir, errors.Unwrap(err))
	}
	if !st.IsDir() {
		return trainData, valData, nil, fmt.Errorf("data directory %s is not a directory", dir)
	}
	trainSet, testSet, err := subset.LoadDir(dir)
	if err != nil {
		return trainData, valData, nil, err
	}
	tr, notes := subset.Balanced(trainSet, o.trainSize/10)
	if len(notes) > 0 || tr.Len() != o.trainSize {
		return trainData, valData, nil, fmt.Errorf("-train %d: the training split in %s cannot give %d images of each class (its smallest class has %d), so -train can be at most %d",
			o.trainSize, dir, o.trainSize/10, minClass(trainSet), 10*minClass(trainSet))
	}
	val := testSet
	if o.valSize > 0 {
		var notes []string
		val, notes = subset.Balanced(testSet, o.valSize/10)
		if len(notes) > 0 || val.Len() != o.valSize {
			return trainData, valData, nil, fmt.Errorf("-val %d: the test file in %s cannot give %d images of each class (its smallest class has %d); use -val %d or less, or 0 for the whole file",
				o.valSize, dir, o.valSize/10, minClass(testSet), 10*minClass(testSet))
		}
	}
	if val.Len() == 0 {
		return trainData, valData, nil, fmt.Errorf("the test file in %s holds no images: validation needs at least one", dir)
	}
	return train.Data{Images: tr.Images, Labels: tr.Labels}, train.Data{Images: val.Images, Labels: val.Labels}, tr.Classes, nil
}

// minClass is the number of images of the set's smallest class.
func minClass(s *subset.Set) int {
	counts := s.ClassCounts()
	m := counts[0]
	for _, c := range counts[1:] {
		m = min(m, c)
	}
	return m
}
