package subset

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

// synthSet decodes n synthetic records.
func synthSet(t testing.TB, n int, seed uint32) *Set {
	t.Helper()
	s, err := DecodeRecords("synth", synthRecords(n, seed))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPageRoundTrip(t *testing.T) {
	s := synthSet(t, 37, 4)
	// Smooth images exercise the predictor differently from noise.
	for i := range s.Images {
		s.Images[i] = byte((i%32)*3 + (i/32%32)*5)
	}
	for _, filter := range []byte{filterNone, filterMED} {
		data, err := encodePage(s, "train", 2, filter)
		if err != nil {
			t.Fatal(err)
		}
		h, err := ReadPageHeader(data)
		if err != nil {
			t.Fatal(err)
		}
		if h.Split != "train" || h.Shard != 2 || h.Records != 37 || h.Filter != int(filter) || !slices.Equal(h.ClassCounts, s.ClassCounts()) {
			t.Errorf("header %+v", h)
		}
		got, err := DecodePage(data)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Images, s.Images) || !bytes.Equal(got.Labels, s.Labels) || !slices.Equal(got.Classes, s.Classes) {
			t.Errorf("filter %d: round trip differs", filter)
		}
		if len(data) != h.HeaderLen+37*RecordSize {
			t.Errorf("length %d", len(data))
		}
	}
	// An empty set round-trips too.
	empty := &Set{Classes: DefaultClasses}
	data, err := EncodePage(empty, "val", 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := DecodePage(data); err != nil || got.Len() != 0 {
		t.Errorf("empty page: %v", err)
	}
}

func TestDecodePageErrors(t *testing.T) {
	good, err := EncodePage(synthSet(t, 5, 1), "val", 0)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := ReadPageHeader(good)
	mut := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "shorter than"},
		{"magic", mut(func(b []byte) []byte { b[0] = 'X'; return b }), "bad magic"},
		{"version", mut(func(b []byte) []byte { b[4] = 9; return b }), "version 9"},
		{"filter", mut(func(b []byte) []byte { b[6] = 7; return b }), "filter 7"},
		{"shape", mut(func(b []byte) []byte { b[16] = 64; return b }), "image shape"},
		{"truncated", good[:len(good)-1], "but the file has"},
		{"extra", append(append([]byte(nil), good...), 0), "but the file has"},
		{"label", mut(func(b []byte) []byte { b[h.HeaderLen+3] = 10; return b }), "record 3: label 10"},
		{"counts", mut(func(b []byte) []byte { b[h.HeaderLen] = (b[h.HeaderLen] + 1) % 10; return b }), "labels but the header says"},
		{"zero classes", mut(func(b []byte) []byte { b[7] = 0; return b }), "zero classes"},
		{"class name overrun", mut(func(b []byte) []byte { b[fixedHeader+3] = 250; return b }), "overrun"},
		{"records", mut(func(b []byte) []byte { b[8] = 6; return b }), "header says 6 records"},
	}
	for _, c := range cases {
		_, err := DecodePage(c.data)
		if err == nil || !errors.Is(err, ErrPage) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want ErrPage mentioning %q", c.name, err, c.want)
		}
	}
}

func TestEncodePageRejects(t *testing.T) {
	s := synthSet(t, 2, 1)
	if _, err := EncodePage(&Set{Images: make([]byte, 10), Labels: []byte{0}, Classes: DefaultClasses}, "x", 0); err == nil {
		t.Error("inconsistent set accepted")
	}
	if _, err := EncodePage(&Set{Images: s.Images, Labels: s.Labels, Classes: []string{"a"}}, "x", 0); err == nil {
		t.Error("label beyond the class list accepted")
	}
	if _, err := EncodePage(s, strings.Repeat("s", 300), 0); err == nil {
		t.Error("long split name accepted")
	}
	if _, err := EncodePage(s, "x", 70000); err == nil {
		t.Error("shard 70000 accepted")
	}
}

// builtSynth builds page files from a synthetic train (40 per class) and test.
func builtSynth(t *testing.T) *Built {
	t.Helper()
	train := synthSet(t, 400, 11)
	test := synthSet(t, 53, 12)
	b, err := Build(train, test, BuildOptions{TrainSizes: []int{100, 300, 400}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestManifestAndVerify(t *testing.T) {
	b := builtSynth(t)
	js, err := json.Marshal(b.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseManifest(js)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.TrainSizes, []int{100, 300, 400}) || len(m.Files) != 4 {
		t.Fatalf("manifest %+v", m)
	}
	for i, e := range m.Files {
		data := b.Data[i]
		if err := Verify(e, data); err != nil {
			t.Errorf("%s: %v", e.Name, err)
		}
		flipped := append([]byte(nil), data...)
		flipped[len(flipped)/2] ^= 1
		err := Verify(e, flipped)
		if !errors.Is(err, ErrChecksum) || !strings.Contains(err.Error(), e.Name) {
			t.Errorf("%s: flipped byte: %v", e.Name, err)
		}
		if _, err := Load(e, flipped); !errors.Is(err, ErrChecksum) {
			t.Errorf("%s: Load of a flipped file: %v", e.Name, err)
		}
		err = Verify(e, data[:len(data)-10])
		if !errors.Is(err, ErrLength) || !strings.Contains(err.Error(), e.Name) || !strings.Contains(err.Error(), "cut short") {
			t.Errorf("%s: truncated: %v", e.Name, err)
		}
	}
	t.Logf("flipped byte: %v", Verify(m.Files[0], append([]byte{b.Data[0][0] ^ 1}, b.Data[0][1:]...)))
	t.Logf("truncated: %v", Verify(m.Files[0], b.Data[0][:100]))

	// Shards listed in the wrong slot are caught by Load.
	wrong := m.Files[1]
	wrong.Name = m.Files[0].Name
	wrong.Length, wrong.SHA256 = m.Files[0].Length, m.Files[0].SHA256
	if _, err := Load(wrong, b.Data[0]); !errors.Is(err, ErrPage) {
		t.Errorf("mismatched entry: %v", err)
	}

	files, err := m.TrainFiles(300)
	if err != nil || len(files) != 2 || files[1].Shard != 2 {
		t.Errorf("TrainFiles(300) = %v, %v", files, err)
	}
	if _, err := m.TrainFiles(200); err == nil || !strings.Contains(err.Error(), "[100 300 400]") {
		t.Errorf("TrainFiles(200): %v", err)
	}
	// Loading shards 1..2 gives a balanced 300.
	var sets []*Set
	for _, e := range files {
		i := slices.IndexFunc(m.Files, func(f Entry) bool { return f.Name == e.Name })
		s, err := Load(e, b.Data[i])
		if err != nil {
			t.Fatal(err)
		}
		sets = append(sets, s)
	}
	all, err := Concat(sets...)
	if err != nil {
		t.Fatal(err)
	}
	for c, n := range all.ClassCounts() {
		if n != 30 {
			t.Errorf("class %d: %d images in shards 1..2, want 30", c, n)
		}
	}
}

func TestParseManifestErrors(t *testing.T) {
	b := builtSynth(t)
	base, _ := json.Marshal(b.Manifest)
	edit := func(f func(m *Manifest)) []byte {
		var m Manifest
		if err := json.Unmarshal(base, &m); err != nil {
			t.Fatal(err)
		}
		f(&m)
		out, _ := json.Marshal(m)
		return out
	}
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"not json", []byte("<html>404</html>"), "not valid JSON"},
		{"format", edit(func(m *Manifest) { m.Format = "other" }), "format"},
		{"version", edit(func(m *Manifest) { m.Version = 2 }), "version 2"},
		{"sha", edit(func(m *Manifest) { m.Files[0].SHA256 = "abc" }), "64 hex digits"},
		{"dup", edit(func(m *Manifest) { m.Files[1].Name = m.Files[0].Name }), "listed twice"},
		{"missing shard", edit(func(m *Manifest) { m.Files = m.Files[1:] }), "needs train shard 1"},
		{"sizes", edit(func(m *Manifest) { m.TrainSizes[1] = 250 }), "train_sizes says 250"},
	}
	for _, c := range cases {
		if _, err := ParseManifest(c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}

func TestBuildShortfallNotes(t *testing.T) {
	train := synthSet(t, 100, 1) // 10 per class
	test := synthSet(t, 95, 2)   // classes 0..4 have 10, 5..9 have 9
	// Shard 2 asks for 7 more per class but only 5 remain: a training size
	// that is not class-balanced is refused, naming the first shortfall.
	_, err := Build(train, test, BuildOptions{TrainSizes: []int{50, 120}, ValPerClass: 10})
	if err == nil || !strings.Contains(err.Error(), "class 0 (airplane): asked for 7 images for shard 2, only 5 available") ||
		!strings.Contains(err.Error(), "and 9 more shortfalls") {
		t.Fatalf("short training split: got %v", err)
	}
	// The validation split may be short (the shared test split is uneven):
	// val asks 10 of 9 for classes 5..9, which the notes record.
	b, err := Build(train, test, BuildOptions{TrainSizes: []int{50, 100}, ValPerClass: 10})
	if err != nil {
		t.Fatal(err)
	}
	m := b.Manifest
	if len(m.Notes) != 5 {
		t.Fatalf("notes %q", m.Notes)
	}
	if !strings.HasPrefix(m.Notes[0], "val: class 5 (dog): asked for 10 images, only 9 available") {
		t.Errorf("note %q", m.Notes[0])
	}
	if !slices.Equal(m.TrainSizes, []int{50, 100}) {
		t.Errorf("train sizes %v, want [50 100]", m.TrainSizes)
	}
	if _, err := Build(train, test, BuildOptions{TrainSizes: []int{55}}); err == nil {
		t.Error("size 55 (not a multiple of 10) accepted")
	}
	if _, err := Build(train, test, BuildOptions{TrainSizes: []int{50, 50}}); err == nil {
		t.Error("non-increasing sizes accepted")
	}
}

// TestPredictMatchesLOCOI checks the branch-free predictor against the
// textbook median-edge rule on every (a, b, c).
func TestPredictMatchesLOCOI(t *testing.T) {
	for a := range 256 {
		for b := range 256 {
			lo, hi := min(a, b), max(a, b)
			for c := range 256 {
				want := a + b - c
				if c >= hi {
					want = lo
				} else if c <= lo {
					want = hi
				}
				if got := predict(byte(a), byte(b), byte(c)); int(got) != want {
					t.Fatalf("predict(%d,%d,%d) = %d, want %d", a, b, c, got, want)
				}
			}
		}
	}
}
