package subset

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// DefaultTrainSizes are the training-set sizes the page offers.
var DefaultTrainSizes = []int{1000, 5000, 10000}

// BuildOptions control Build.
type BuildOptions struct {
	// TrainSizes are the cumulative training sizes, one shard each
	// (DefaultTrainSizes when empty).
	TrainSizes []int
	// ValPerClass caps the validation images per class; 0 keeps the whole
	// test split in file order.
	ValPerClass int
	// Seed, when non-nil, picks training images per class in a seeded random
	// order instead of file order.
	Seed *uint64
}

// Built is a set of page-format files with their manifest, ready to write.
type Built struct {
	Manifest *Manifest
	Data     [][]byte // contents of Manifest.Files[i]
}

// Build makes the page's files from the training and test splits: one
// cumulative class-balanced shard per training size and one validation file
// from the test split, plus the manifest describing them. A training split
// too short to fill every size with balanced classes is an error; shortfalls
// of the validation split (the shared test split is uneven) are recorded in
// Manifest.Notes.
func Build(train, test *Set, opt BuildOptions) (*Built, error) {
	sizes := opt.TrainSizes
	if len(sizes) == 0 {
		sizes = DefaultTrainSizes
	}
	if !slices.Equal(train.Classes, test.Classes) {
		return nil, fmt.Errorf("subset: Build: train classes %q differ from test classes %q", train.Classes, test.Classes)
	}
	shards, notes, err := Shards(train, sizes, opt.Seed)
	if err != nil {
		return nil, err
	}
	if len(notes) > 0 {
		// A training size the page offers must be class-balanced: a short
		// class would silently skew every run trained on it.
		more := ""
		if len(notes) > 1 {
			more = fmt.Sprintf(", and %d more shortfalls", len(notes)-1)
		}
		return nil, fmt.Errorf("subset: the training split cannot fill the sizes %v with balanced classes (%s%s); give a complete training split or smaller sizes",
			sizes, notes[0], more)
	}
	val, vnotes := Balanced(test, opt.ValPerClass)
	for _, n := range vnotes {
		notes = append(notes, "val: "+n)
	}
	m := &Manifest{Format: ManifestFormat, Version: PageVersion, Classes: slices.Clone(train.Classes), Notes: notes}
	b := &Built{Manifest: m}
	add := func(name string, s *Set, split string, shard int) error {
		data, err := EncodePage(s, split, shard)
		if err != nil {
			return err
		}
		e, err := NewEntry(name, data)
		if err != nil {
			return err
		}
		m.Files = append(m.Files, e)
		b.Data = append(b.Data, data)
		return nil
	}
	cum := 0
	for k, s := range shards {
		if s.Len() == 0 {
			return nil, fmt.Errorf("subset: Build: train shard %d would be empty: the training split has only %d images", k+1, train.Len())
		}
		if err := add(SplitTrain+"-"+strconv.Itoa(k+1)+PageExt, s, SplitTrain, k+1); err != nil {
			return nil, err
		}
		cum += s.Len()
		m.TrainSizes = append(m.TrainSizes, cum)
	}
	if err := add(SplitVal+PageExt, val, SplitVal, 0); err != nil {
		return nil, err
	}
	return b, nil
}

// WriteDir writes the data files and then manifest.json into dir (created if
// needed), each through a temporary file and a rename so a reader never sees
// a half-written file. With gz it also writes a gzip -9 sibling (name.gz) of
// each data file. It returns the paths written and their sizes.
func (b *Built) WriteDir(dir string, gz bool) ([]WrittenFile, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var out []WrittenFile
	for i, e := range b.Manifest.Files {
		p := filepath.Join(dir, e.Name)
		if err := writeAtomic(p, b.Data[i]); err != nil {
			return out, err
		}
		out = append(out, WrittenFile{Path: p, Bytes: int64(len(b.Data[i])), Entry: e})
		if gz {
			z, err := Gzip(b.Data[i])
			if err != nil {
				return out, err
			}
			if err := writeAtomic(p+".gz", z); err != nil {
				return out, err
			}
			out = append(out, WrittenFile{Path: p + ".gz", Bytes: int64(len(z))})
		}
	}
	js, err := json.MarshalIndent(b.Manifest, "", "  ")
	if err != nil {
		return out, err
	}
	p := filepath.Join(dir, ManifestName)
	if err := writeAtomic(p, append(js, '\n')); err != nil {
		return out, err
	}
	out = append(out, WrittenFile{Path: p, Bytes: int64(len(js) + 1)})
	return out, nil
}

// WrittenFile reports one file written by WriteDir.
type WrittenFile struct {
	Path  string
	Bytes int64
	Entry Entry // zero for the manifest and .gz siblings
}

// Gzip compresses data at the best compression level.
func Gzip(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeAtomic writes data to a temporary file beside path and renames it
// into place.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
