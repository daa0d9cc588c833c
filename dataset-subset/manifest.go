package subset

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// ManifestName is the manifest's file name beside the data files.
const ManifestName = "manifest.json"

// ManifestFormat identifies a Hypersphere data manifest.
const ManifestFormat = "hypersphere-cifar10-subset"

// Split names used in manifests.
const (
	SplitTrain = "train"
	SplitVal   = "val"
)

// Manifest lists the data files the page can download.
type Manifest struct {
	Format  string   `json:"format"`  // ManifestFormat
	Version int      `json:"version"` // PageVersion of the files listed
	Classes []string `json:"classes"`
	// TrainSizes are the training-set sizes on offer, ascending: size
	// TrainSizes[k] needs train shards 1..k+1.
	TrainSizes []int    `json:"train_sizes"`
	Files      []Entry  `json:"files"`
	Notes      []string `json:"notes,omitempty"` // e.g. class shortfalls
}

// Entry describes one data file.
type Entry struct {
	Name     string `json:"name"`  // file name, relative to the manifest
	Split    string `json:"split"` // SplitTrain or SplitVal
	Shard    int    `json:"shard"` // 1-based shard number; 0 for a single-file split
	Records  int    `json:"records"`
	PerClass []int  `json:"per_class"` // images per class, by label
	Length   int64  `json:"length"`    // file size in bytes
	SHA256   string `json:"sha256"`    // lowercase hex
}

// NewEntry describes the page-format file data (as written by EncodePage)
// under the given name.
func NewEntry(name string, data []byte) (Entry, error) {
	h, err := ReadPageHeader(data)
	if err != nil {
		return Entry{}, fmt.Errorf("%s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	return Entry{
		Name: name, Split: h.Split, Shard: h.Shard, Records: h.Records,
		PerClass: h.ClassCounts, Length: int64(len(data)), SHA256: hex.EncodeToString(sum[:]),
	}, nil
}

// ParseManifest parses and checks manifest.json.
func ParseManifest(data []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("manifest: not valid JSON: %v", err)
	}
	if m.Format != ManifestFormat {
		return nil, fmt.Errorf("manifest: format %q, want %q", m.Format, ManifestFormat)
	}
	if m.Version != PageVersion {
		return nil, fmt.Errorf("manifest: version %d, this build reads version %d (rebuild the data with cmd/mkdata)", m.Version, PageVersion)
	}
	if len(m.Classes) == 0 {
		return nil, fmt.Errorf("manifest: no classes")
	}
	names := map[string]bool{}
	for i, e := range m.Files {
		switch {
		case e.Name == "":
			return nil, fmt.Errorf("manifest: file %d has no name", i)
		case names[e.Name]:
			return nil, fmt.Errorf("manifest: %s listed twice", e.Name)
		case e.Length < 0 || e.Records < 0:
			return nil, fmt.Errorf("manifest: %s: negative length or record count", e.Name)
		case len(e.SHA256) != 2*sha256.Size:
			return nil, fmt.Errorf("manifest: %s: sha256 %q is not 64 hex digits", e.Name, e.SHA256)
		}
		if _, err := hex.DecodeString(e.SHA256); err != nil {
			return nil, fmt.Errorf("manifest: %s: sha256 %q is not hex", e.Name, e.SHA256)
		}
		names[e.Name] = true
	}
	prev, cum := 0, 0
	for k, size := range m.TrainSizes {
		if size <= prev {
			return nil, fmt.Errorf("manifest: train_sizes %v must increase", m.TrainSizes)
		}
		e, ok := m.find(SplitTrain, k+1)
		if !ok {
			return nil, fmt.Errorf("manifest: train size %d needs train shard %d, which is not listed", size, k+1)
		}
		cum += e.Records
		if cum != size {
			return nil, fmt.Errorf("manifest: train shards 1..%d hold %d records, but train_sizes says %d", k+1, cum, size)
		}
		prev = size
	}
	return &m, nil
}

func (m *Manifest) find(split string, shard int) (Entry, bool) {
	for _, e := range m.Files {
		if e.Split == split && e.Shard == shard {
			return e, true
		}
	}
	return Entry{}, false
}

// TrainFiles returns the shard files needed for a training set of the given
// size (one of TrainSizes), in load order.
func (m *Manifest) TrainFiles(size int) ([]Entry, error) {
	k := slices.Index(m.TrainSizes, size)
	if k < 0 {
		return nil, fmt.Errorf("manifest: no training size %d (sizes on offer: %v)", size, m.TrainSizes)
	}
	out := make([]Entry, 0, k+1)
	for i := 1; i <= k+1; i++ {
		e, ok := m.find(SplitTrain, i)
		if !ok {
			return nil, fmt.Errorf("manifest: train shard %d is not listed", i)
		}
		out = append(out, e)
	}
	return out, nil
}

// ValFile returns the validation file's entry.
func (m *Manifest) ValFile() (Entry, error) {
	e, ok := m.find(SplitVal, 0)
	if !ok {
		return Entry{}, fmt.Errorf("manifest: no validation file listed")
	}
	return e, nil
}

// Errors wrapped by Verify, for errors.Is.
var (
	// ErrLength means a file's length differs from its manifest entry.
	ErrLength = errors.New("wrong length")
	// ErrChecksum means a file's sha256 differs from its manifest entry.
	ErrChecksum = errors.New("sha256 mismatch")
)

// Verify checks data against its manifest entry: first the length, then the
// sha256. The error names the file and says what to do.
func Verify(e Entry, data []byte) error {
	if int64(len(data)) != e.Length {
		hint := "the download was cut short"
		if int64(len(data)) > e.Length {
			hint = "the file does not belong to this manifest"
		}
		return fmt.Errorf("%s: %w: got %d bytes, the manifest says %d (%s); reload the page, and if it persists rebuild the data with cmd/mkdata", e.Name, ErrLength, len(data), e.Length, hint)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != e.SHA256 {
		return fmt.Errorf("%s: %w: the file's sha256 is %s, the manifest says %s (the file is corrupt or stale); reload the page, and if it persists rebuild the data with cmd/mkdata", e.Name, ErrChecksum, got, e.SHA256)
	}
	return nil
}

// Load verifies data against e, decodes it and checks that its split, shard
// and record count match the entry. Errors name the file.
func Load(e Entry, data []byte) (*Set, error) {
	if err := Verify(e, data); err != nil {
		return nil, err
	}
	h, err := ReadPageHeader(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e.Name, err)
	}
	if h.Split != e.Split || h.Shard != e.Shard || h.Records != e.Records {
		return nil, fmt.Errorf("%s: %w: file holds %s shard %d with %d records, the manifest says %s shard %d with %d", e.Name, ErrPage, h.Split, h.Shard, h.Records, e.Split, e.Shard, e.Records)
	}
	s, err := DecodePage(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e.Name, err)
	}
	return s, nil
}
