// Command train trains variants of Hypersphere's mini-VGG natively on the
// CIFAR-10 subset, one goroutine per variant, and writes their curves.
//
// Usage:
//
//	go run ./cmd/train [flags]
//
// The data directory is -data, else $CIFAR10_DIR, else ../shared/cifar10
// beside the project root when it exists. Training uses the first -train/10
// images of each class of the training split (class-balanced); validation
// uses the whole test file, or a class-balanced -val images of it. The
// curves go to curves.csv and curves.json in -out, and a summary table to
// standard output. Progress with an ETA goes to standard error: one line
// redrawn in place on a terminal, plain periodic lines otherwise.
//
// Every variant of a run shares the seed, hence the initial raw weights, the
// data order and the augmentation. A variant whose numbers blow up (NaN or
// Inf) stops with an error in the table; the others carry on. Interrupting
// (Ctrl-C) stops all runs and still writes what was measured.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
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
	cfg       train.Config // the shared settings; Variant set per run
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
		variants   = fs.String("variants", strings.Join(nn.VariantNames, ","), "comma-separated variants to train")
		preset     = fs.String("preset", "reduced", "network size: reduced or full")
		widths     = fs.String("widths", "", "explicit widths conv1,conv2,conv3,conv4,dense1 (overrides -preset)")
		epochs     = fs.Int("epochs", def.Epochs, "epoch cap")
		trainSize  = fs.Int("train", 10000, "training images, a multiple of 10 (class-balanced)")
		valSize    = fs.Int("val", 0, "validation images from the test file, a multiple of 10 (class-balanced); 0 for the whole file")
		seed       = fs.Uint64("seed", def.Seed, "seed for initialisation, dropout, data order and augmentation")
		batch      = fs.Int("batch", def.Batch, "batch size")
		lr         = fs.Float64("lr", def.LR, "initial Adam learning rate")
		activation = fs.String("activation", def.Activation, "activation: relu or elu")
		convBias   = fs.Bool("conv-bias", def.ConvBias, "give the convolutions a bias")
		augment    = fs.Bool("augment", def.Augment, "augment training images (±3 px shifts, horizontal flips)")
		outDir     = fs.String("out", "out/train", "directory for curves.csv and curves.json")
	)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fmt.Fprintln(stderr, "Usage: train [flags]\nTrains the mini-VGG variants on the CIFAR-10 subset and writes their curves.")
			fs.PrintDefaults()
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (all settings are flags; see -help)", fs.Arg(0))
	}
	o := &options{dataDir: *dataDir, cfg: def, trainSize: *trainSize, valSize: *valSize, outDir: *outDir}
	seen := map[string]bool{}
	for _, v := range strings.Split(*variants, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if _, _, err := nn.ParseVariant(v); err != nil {
			return nil, fmt.Errorf("-variants: unknown variant %q (want some of %s)", v, strings.Join(nn.VariantNames, ","))
		}
		if seen[v] {
			return nil, fmt.Errorf("-variants: %q listed twice", v)
		}
		seen[v] = true
		o.variants = append(o.variants, v)
	}
	if len(o.variants) == 0 {
		return nil, errors.New("-variants: no variant given")
	}
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
	o.cfg.Seed = *seed
	o.cfg.Batch = *batch
	o.cfg.LR = *lr
	o.cfg.Activation = *activation
	o.cfg.ConvBias = *convBias
	o.cfg.Augment = *augment
	o.cfg.Variant = o.variants[0]
	if err := o.cfg.Validate(); err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "train: "))
	}
	return o, nil
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
		return trainData, valData, nil, fmt.Errorf("-train %d: the training split in %s cannot give %d images of each class (%s)",
			o.trainSize, dir, o.trainSize/10, strings.Join(notes, "; "))
	}
	val := testSet
	if o.valSize > 0 {
		var notes []string
		val, notes = subset.Balanced(testSet, o.valSize/10)
		if len(notes) > 0 || val.Len() != o.valSize {
			return trainData, valData, nil, fmt.Errorf("-val %d: the test file in %s cannot give %d images of each class (%s); use a smaller -val or 0 for the whole file",
				o.valSize, dir, o.valSize/10, strings.Join(notes, "; "))
		}
	}
	return train.Data{Images: tr.Images, Labels: tr.Labels}, train.Data{Images: val.Images, Labels: val.Labels}, tr.Classes, nil
}
