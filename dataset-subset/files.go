package subset

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// MetaFile is the name of the class-names file beside the binary batches.
const MetaFile = "batches.meta.txt"

// ArchiveDir is the directory holding the batches inside the official
// cifar-10-binary.tar.gz.
const ArchiveDir = "cifar-10-batches-bin"

// ReadBin reads one CIFAR-10 binary file. Class names come from a
// batches.meta.txt beside it when there is one, else DefaultClasses.
func ReadBin(file string) (*Set, error) {
	classes, err := readMetaIfPresent(filepath.Join(filepath.Dir(file), MetaFile))
	if err != nil {
		return nil, err
	}
	s, err := readBinFile(file)
	if err != nil {
		return nil, err
	}
	s.Classes = classes
	return s, nil
}

func readBinFile(file string) (*Set, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("cifar10: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cifar10: %w", err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("cifar10: %s is a directory, not a .bin file", file)
	}
	return ReadRecords(file, bufio.NewReaderSize(f, 1<<16), st.Size())
}

// readMetaIfPresent parses the meta file, or returns DefaultClasses when it
// does not exist.
func readMetaIfPresent(file string) ([]string, error) {
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return slices.Clone(DefaultClasses), nil
	}
	if err != nil {
		return nil, fmt.Errorf("cifar10: %w", err)
	}
	return ParseMeta(file, data)
}

// LoadDir loads the training and test splits from a directory holding either
// train.bin and test.bin (the project's shared subset) or the official
// data_batch_1.bin … data_batch_5.bin and test_batch.bin (batches present are
// joined in numeric order, which must start at 1 with no gaps). Class names
// come from batches.meta.txt when present, else DefaultClasses.
func LoadDir(dir string) (train, test *Set, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("cifar10: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	layout, err := findLayout(dir, names)
	if err != nil {
		return nil, nil, err
	}
	classes, err := readMetaIfPresent(filepath.Join(dir, MetaFile))
	if err != nil {
		return nil, nil, err
	}
	train = &Set{}
	for _, n := range layout.train {
		s, err := readBinFile(filepath.Join(dir, n))
		if err != nil {
			return nil, nil, err
		}
		train.Images = append(train.Images, s.Images...)
		train.Labels = append(train.Labels, s.Labels...)
	}
	test, err = readBinFile(filepath.Join(dir, layout.test))
	if err != nil {
		return nil, nil, err
	}
	train.Classes, test.Classes = classes, slices.Clone(classes)
	return train, test, nil
}

// layout names the files making up each split.
type layout struct {
	train []string // in order
	test  string
}

// findLayout works out which of the given file names hold the splits.
// where names the directory or archive for error messages.
func findLayout(where string, names []string) (layout, error) {
	var l layout
	has := map[string]bool{}
	batches := map[int]string{}
	for _, n := range names {
		has[n] = true
		if num, ok := strings.CutPrefix(n, "data_batch_"); ok {
			if num, ok := strings.CutSuffix(num, ".bin"); ok {
				if k, err := strconv.Atoi(num); err == nil && k >= 1 && strconv.Itoa(k) == num {
					batches[k] = n
				}
			}
		}
	}
	switch {
	case has["train.bin"] && len(batches) > 0:
		return l, fmt.Errorf("cifar10: %s: both train.bin and data_batch_*.bin present; keep one layout", where)
	case has["train.bin"]:
		l.train = []string{"train.bin"}
	case len(batches) > 0:
		keys := make([]int, 0, len(batches))
		for k := range batches {
			keys = append(keys, k)
		}
		sort.Ints(keys)
		for i, k := range keys {
			if k != i+1 {
				return l, fmt.Errorf("cifar10: %s: data_batch_%d.bin is missing (found batches %v)", where, i+1, keys)
			}
			l.train = append(l.train, batches[k])
		}
	default:
		return l, fmt.Errorf("cifar10: %s: no training data: want train.bin or data_batch_1.bin … data_batch_5.bin", where)
	}
	switch {
	case has["test.bin"] && has["test_batch.bin"]:
		return l, fmt.Errorf("cifar10: %s: both test.bin and test_batch.bin present; keep one", where)
	case has["test.bin"]:
		l.test = "test.bin"
	case has["test_batch.bin"]:
		l.test = "test_batch.bin"
	default:
		return l, fmt.Errorf("cifar10: %s: no test data: want test.bin or test_batch.bin", where)
	}
	return l, nil
}

// LoadArchive reads the training and test splits from the official
// cifar-10-binary.tar.gz, streaming it (nothing is extracted to disk). The
// batches must sit under cifar-10-batches-bin/; any other layout is an error.
func LoadArchive(file string) (train, test *Set, err error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, fmt.Errorf("cifar10: %w", err)
	}
	defer f.Close()
	return ReadArchive(file, f)
}

// ReadArchive is LoadArchive for an already open stream; name is used in
// error messages.
func ReadArchive(name string, r io.Reader) (train, test *Set, err error) {
	zr, err := gzip.NewReader(bufio.NewReaderSize(r, 1<<16))
	if err != nil {
		return nil, nil, fmt.Errorf("cifar10: %s: not a gzip archive: %v", name, err)
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	sets := map[string]*Set{}
	var metaClasses []string
	var seen []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			// Read to the end of the gzip stream so its checksum is checked:
			// the tar reader stops at the end-of-archive marker.
			_, err = io.Copy(io.Discard, zr)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("cifar10: %s: corrupt archive %s: %v", name, afterEntry(seen), err)
		}
		if h == nil {
			break
		}
		seen = append(seen, h.Name)
		if h.Typeflag != tar.TypeReg {
			continue
		}
		dir, base := path.Split(path.Clean(h.Name))
		if path.Clean(dir) != ArchiveDir {
			continue
		}
		entry := name + ":" + h.Name
		switch {
		case base == MetaFile:
			if h.Size > 1<<16 {
				return nil, nil, fmt.Errorf("cifar10: %s: %d bytes is too large for a class list", entry, h.Size)
			}
			data, err := io.ReadAll(tr)
			if err != nil {
				return nil, nil, fmt.Errorf("cifar10: %s: %v", entry, err)
			}
			if metaClasses, err = ParseMeta(entry, data); err != nil {
				return nil, nil, err
			}
		case strings.HasSuffix(base, ".bin"):
			if _, dup := sets[base]; dup {
				return nil, nil, fmt.Errorf("cifar10: %s: %s appears twice", name, h.Name)
			}
			s, err := ReadRecords(entry, tr, h.Size)
			if err != nil {
				return nil, nil, err
			}
			sets[base] = s
		}
	}
	names := make([]string, 0, len(sets))
	for n := range sets {
		names = append(names, n)
	}
	l, err := findLayout(name, names)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (unknown archive layout: want the official cifar-10-binary.tar.gz with %s/; entries seen: %s)", err, ArchiveDir, summarize(seen))
	}
	classes := metaClasses
	if classes == nil {
		classes = slices.Clone(DefaultClasses)
	}
	train = &Set{}
	for _, n := range l.train {
		train.Images = append(train.Images, sets[n].Images...)
		train.Labels = append(train.Labels, sets[n].Labels...)
	}
	test = sets[l.test]
	train.Classes, test.Classes = classes, slices.Clone(classes)
	return train, test, nil
}

// afterEntry says where in the archive a problem was found.
func afterEntry(seen []string) string {
	if len(seen) == 0 {
		return "before the first entry"
	}
	return fmt.Sprintf("after entry %d (%s)", len(seen), seen[len(seen)-1])
}

// summarize lists up to a few archive entry names for an error message.
func summarize(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	const most = 5
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:most], ", ") + fmt.Sprintf(" and %d more", len(names)-most)
}
