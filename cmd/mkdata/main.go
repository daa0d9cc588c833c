// Command mkdata builds the data files the Hypersphere page trains on: the
// cumulative class-balanced training shards, the validation file and
// manifest.json, in the page format of package hypersphere/dataset-subset.
//
// Usage:
//
//	go run ./cmd/mkdata -out web/data
//	go run ./cmd/mkdata -cifar /path/to/cifar10 -out web/data
//	go run ./cmd/mkdata -download -archive data/cifar-10-binary.tar.gz -out web/data
//
// The CIFAR-10 source is, in order of preference: -archive (the official
// cifar-10-binary.tar.gz, fetched first with -download), -cifar, the
// CIFAR10_DIR environment variable, or ../shared/cifar10 when it exists.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	subset "hypersphere/dataset-subset"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// defaultArchive is where -download saves the archive when -archive is unset.
const defaultArchive = "data/cifar-10-binary.tar.gz"

func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fl := flag.NewFlagSet("mkdata", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var (
		cifarDir    = fl.String("cifar", "", "directory with CIFAR-10 binary files (default $CIFAR10_DIR, else ../shared/cifar10)")
		archive     = fl.String("archive", "", "read the official cifar-10-binary.tar.gz at this path (with -download: where to save it, default "+defaultArchive+")")
		download    = fl.Bool("download", false, "download the official archive (verifying its MD5) unless -archive already holds it")
		url         = fl.String("url", subset.ArchiveURL, "archive URL for -download")
		md5sum      = fl.String("md5", subset.ArchiveMD5, "expected MD5 of the downloaded archive")
		outDir      = fl.String("out", "web/data", "output directory")
		sizes       = fl.String("sizes", "1000,5000,10000", "cumulative training sizes, one shard each (multiples of 10)")
		valPerClass = fl.Int("val-per-class", 0, "validation images per class from the test split (0 = the whole test split)")
		sample      = fl.Bool("sample", false, "pick training images per class by a seeded random sample instead of file order")
		seed        = fl.Uint64("seed", 1337, "seed for -sample")
		gz          = fl.Bool("gz", false, "also write gzip -9 .gz siblings of the data files")
	)
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "mkdata: unexpected arguments %q\n", fl.Args())
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "mkdata: %v\n", err)
		return 1
	}
	trainSizes, err := parseSizes(*sizes)
	if err != nil {
		return fail(err)
	}
	if *valPerClass < 0 {
		return fail(fmt.Errorf("-val-per-class %d: want 0 (whole test split) or a positive count", *valPerClass))
	}
	start := time.Now()

	var train, test *subset.Set
	var source string
	switch {
	case *download:
		path := *archive
		if path == "" {
			path = defaultArchive
		}
		if err := ensureArchive(path, *url, *md5sum, stdout); err != nil {
			return fail(err)
		}
		source = path
		train, test, err = subset.LoadArchive(path)
	case *archive != "":
		source = *archive
		train, test, err = subset.LoadArchive(*archive)
	default:
		source, err = findCIFAR(*cifarDir, getenv)
		if err != nil {
			return fail(err)
		}
		train, test, err = subset.LoadDir(source)
	}
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "read %s: %d training and %d test images\n", source, train.Len(), test.Len())

	opt := subset.BuildOptions{TrainSizes: trainSizes, ValPerClass: *valPerClass}
	if *sample {
		opt.Seed = seed
	}
	built, err := subset.Build(train, test, opt)
	if err != nil {
		return fail(err)
	}
	written, err := built.WriteDir(*outDir, *gz)
	if err != nil {
		return fail(err)
	}
	for _, w := range written {
		if w.Entry.Name == "" {
			fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", w.Path, w.Bytes)
			continue
		}
		e := w.Entry
		what := e.Split
		if e.Shard > 0 {
			what = fmt.Sprintf("%s shard %d", e.Split, e.Shard)
		}
		fmt.Fprintf(stdout, "wrote %s: %s, %d images (per class %v), %d bytes, sha256 %s\n",
			w.Path, what, e.Records, e.PerClass, e.Length, e.SHA256)
	}
	fmt.Fprintf(stdout, "training sizes on offer: %v\n", built.Manifest.TrainSizes)
	for _, n := range built.Manifest.Notes {
		fmt.Fprintf(stdout, "note: %s\n", n)
	}
	fmt.Fprintf(stdout, "done in %.2fs\n", time.Since(start).Seconds())
	return 0
}

// parseSizes parses a comma-separated list of cumulative training sizes.
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("-sizes %q: %q is not a positive whole number", s, f)
		}
		if n%subset.NumClasses != 0 || (len(out) > 0 && n <= out[len(out)-1]) {
			return nil, fmt.Errorf("-sizes %q: sizes must be multiples of %d (one per class) and increase", s, subset.NumClasses)
		}
		out = append(out, n)
	}
	return out, nil
}

// findCIFAR picks the CIFAR-10 directory: the flag, then $CIFAR10_DIR, then
// ../shared/cifar10 relative to the working directory.
func findCIFAR(flagDir string, getenv func(string) string) (string, error) {
	if flagDir != "" {
		return flagDir, nil
	}
	if d := getenv("CIFAR10_DIR"); d != "" {
		return d, nil
	}
	d := filepath.Join("..", "shared", "cifar10")
	if st, err := os.Stat(d); err == nil && st.IsDir() {
		return d, nil
	}
	return "", errors.New("no CIFAR-10 data: set CIFAR10_DIR (or pass -cifar DIR) to a directory with train.bin/test.bin or the official batches, or use -download to fetch the official archive")
}

// ensureArchive downloads the archive to path unless a file with the right
// MD5 is already there.
func ensureArchive(path, url, wantMD5 string, stdout io.Writer) error {
	got, err := subset.FileMD5(path)
	switch {
	case err == nil && strings.EqualFold(got, wantMD5):
		fmt.Fprintf(stdout, "using %s (MD5 %s verified)\n", path, got)
		return nil
	case err == nil:
		fmt.Fprintf(stdout, "%s has MD5 %s, want %s: downloading again\n", path, got, wantMD5)
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	fmt.Fprintf(stdout, "downloading %s to %s\n", url, path)
	if err := subset.Download(context.Background(), url, path, wantMD5, stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "downloaded %s (MD5 %s verified)\n", path, wantMD5)
	return nil
}
