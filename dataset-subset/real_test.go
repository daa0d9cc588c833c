package subset

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The facts below come from /work/shared/cifar10/SOURCE.md.
var (
	trainSHA       = "f66cbe5c51b5151ff1a1eddefa9c29ac36c8d7b8f37097013ac89599a2fdc8be"
	testSHA        = "8314c96d7cd65618193bab23acdd5d4c4af15bf6dd00a1781d55beedf3be1ef5"
	metaSHA        = "2ce042b1e0b48db4bb214408e6414ba18b2731c24af244f2d6c112fddf31af00"
	testPerClass   = []int{103, 89, 100, 103, 90, 86, 112, 102, 106, 109}
	trainRedRow0   = []byte{59, 43, 50, 68, 98, 119, 139, 145, 149, 149}
	testFirstLabel = []byte{3, 8, 8, 0, 6, 6, 1, 6, 3, 1}
)

func fileSHA(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func TestRealFilesChecksums(t *testing.T) {
	dir := cifarDir(t)
	for name, want := range map[string]string{"train.bin": trainSHA, "test.bin": testSHA, MetaFile: metaSHA} {
		if got := fileSHA(t, filepath.Join(dir, name)); got != want {
			t.Errorf("%s: sha256 %s, SOURCE.md says %s", name, got, want)
		}
	}
}

func TestReadBinReal(t *testing.T) {
	dir := cifarDir(t)
	train, err := ReadBin(filepath.Join(dir, "train.bin"))
	if err != nil {
		t.Fatal(err)
	}
	test, err := ReadBin(filepath.Join(dir, "test.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := train.Check(); err != nil {
		t.Fatal(err)
	}
	if train.Len() != 10000 || test.Len() != 1000 {
		t.Fatalf("got %d train, %d test records, want 10000, 1000", train.Len(), test.Len())
	}
	for c, n := range train.ClassCounts() {
		if n != 1000 {
			t.Errorf("train class %d: %d images, want 1000", c, n)
		}
	}
	if got := test.ClassCounts(); !slices.Equal(got, testPerClass) {
		t.Errorf("test per-class counts %v, want %v", got, testPerClass)
	}
	if r, g, b := train.Pixel(0, 0, 0); r != 59 || g != 62 || b != 63 {
		t.Errorf("train image 0 pixel (0,0) = (%d,%d,%d), want (59,62,63)", r, g, b)
	}
	if got := train.Image(0)[:10]; !bytes.Equal(got, trainRedRow0) {
		t.Errorf("train image 0 red row 0 starts %v, want %v", got, trainRedRow0)
	}
	if train.Labels[0] != 6 {
		t.Errorf("train image 0 label %d, want 6 (frog)", train.Labels[0])
	}
	if r, g, b := test.Pixel(0, 0, 0); r != 158 || g != 112 || b != 49 {
		t.Errorf("test image 0 pixel (0,0) = (%d,%d,%d), want (158,112,49)", r, g, b)
	}
	if !bytes.Equal(test.Labels[:10], testFirstLabel) {
		t.Errorf("first test labels %v, want %v", test.Labels[:10], testFirstLabel)
	}
	if !slices.Equal(train.Classes, DefaultClasses) {
		t.Errorf("classes from %s = %q, want %q", MetaFile, train.Classes, DefaultClasses)
	}
	// The reader keeps bytes exactly: re-serialising gives the file back.
	raw, err := os.ReadFile(filepath.Join(dir, "test.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(toRecords(test), raw) {
		t.Error("test.bin re-serialised from the decoded set differs from the file")
	}
}

// toRecords serialises a set back into the official record format.
func toRecords(s *Set) []byte {
	out := make([]byte, 0, s.Len()*RecordSize)
	for i := range s.Len() {
		out = append(out, s.Labels[i])
		out = append(out, s.Image(i)...)
	}
	return out
}

func TestLoadDirReal(t *testing.T) {
	dir := cifarDir(t)
	train, test, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ReadBin(filepath.Join(dir, "train.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(train.Images, want.Images) || !bytes.Equal(train.Labels, want.Labels) {
		t.Error("LoadDir train differs from ReadBin train.bin")
	}
	if test.Len() != 1000 || !slices.Equal(test.ClassCounts(), testPerClass) {
		t.Errorf("LoadDir test: %d records %v", test.Len(), test.ClassCounts())
	}
}

func TestBalancedReal(t *testing.T) {
	dir := cifarDir(t)
	train, test, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Training: the first 100 of each class, in file order.
	sub, notes := Balanced(train, 100)
	if len(notes) != 0 {
		t.Errorf("unexpected shortfall: %v", notes)
	}
	if sub.Len() != 1000 {
		t.Fatalf("Balanced(train, 100) has %d images", sub.Len())
	}
	var idx []int
	seen := make([]int, NumClasses)
	for i, l := range train.Labels {
		if seen[l] < 100 {
			seen[l]++
			idx = append(idx, i)
		}
	}
	for k, i := range idx {
		if sub.Labels[k] != train.Labels[i] || !bytes.Equal(sub.Image(k), train.Image(i)) {
			t.Fatalf("selected image %d is not train image %d", k, i)
		}
	}

	// Validation: 86 per class fits every class; 100 per class does not.
	val, notes := Balanced(test, 86)
	if val.Len() != 860 || len(notes) != 0 {
		t.Errorf("Balanced(test, 86): %d images, notes %v; want 860, none", val.Len(), notes)
	}
	val, notes = Balanced(test, 100)
	wantLen := 0
	for _, n := range testPerClass {
		wantLen += min(n, 100)
	}
	if val.Len() != wantLen {
		t.Errorf("Balanced(test, 100) has %d images, want %d", val.Len(), wantLen)
	}
	// Classes 1 (89), 4 (90) and 5 (86) fall short.
	if len(notes) != 3 {
		t.Fatalf("shortfall notes %q, want 3", notes)
	}
	for i, want := range []string{"class 1 (automobile)", "class 4 (deer)", "class 5 (dog)"} {
		if !bytes.HasPrefix([]byte(notes[i]), []byte(want)) {
			t.Errorf("note %d = %q, want it to start %q", i, notes[i], want)
		}
	}
	all, notes := Balanced(test, 0)
	if all.Len() != 1000 || len(notes) != 0 || !bytes.Equal(all.Images, test.Images) {
		t.Error("Balanced(test, 0) should keep the whole test split unchanged")
	}
}

// imageKeys maps each image's pixels to its label, to compare selections.
func imageKeys(s *Set) map[string]byte {
	m := make(map[string]byte, s.Len())
	for i := range s.Len() {
		m[string(s.Image(i))] = s.Labels[i]
	}
	return m
}

func TestShardsReal(t *testing.T) {
	dir := cifarDir(t)
	train, err := ReadBin(filepath.Join(dir, "train.bin"))
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(1337)
	for _, sd := range []*uint64{nil, &seed} {
		shards, notes, err := Shards(train, DefaultTrainSizes, sd)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) != 0 {
			t.Errorf("shortfall on the real train split: %v", notes)
		}
		wantPer := []int{100, 400, 500}
		var cum []*Set
		for k, s := range shards {
			for c, n := range s.ClassCounts() {
				if n != wantPer[k] {
					t.Errorf("seed %v shard %d class %d: %d images, want %d", sd, k+1, c, n, wantPer[k])
				}
			}
			cum = append(cum, s)
			joined, err := Concat(cum...)
			if err != nil {
				t.Fatal(err)
			}
			keys := imageKeys(joined)
			if len(keys) != DefaultTrainSizes[k] {
				t.Errorf("shards 1..%d hold %d distinct images, want %d", k+1, len(keys), DefaultTrainSizes[k])
			}
			if sd == nil {
				// Cumulative shards equal the balanced first-N selection.
				want, _ := Balanced(train, DefaultTrainSizes[k]/NumClasses)
				wk := imageKeys(want)
				for img, l := range keys {
					if wl, ok := wk[img]; !ok || wl != l {
						t.Fatalf("shards 1..%d hold an image not in Balanced(train, %d)", k+1, DefaultTrainSizes[k]/NumClasses)
					}
				}
			}
		}
	}
	// Seeded samples are reproducible and differ between seeds.
	a, _ := BalancedSample(train, 100, 1)
	b, _ := BalancedSample(train, 100, 1)
	c, _ := BalancedSample(train, 100, 2)
	if !bytes.Equal(a.Images, b.Images) || !bytes.Equal(a.Labels, b.Labels) {
		t.Error("BalancedSample is not deterministic for a fixed seed")
	}
	if bytes.Equal(a.Images, c.Images) {
		t.Error("BalancedSample gives the same images for seeds 1 and 2")
	}
	for cl, n := range a.ClassCounts() {
		if n != 100 {
			t.Errorf("BalancedSample class %d: %d images", cl, n)
		}
	}
}

func TestBuildRoundTripReal(t *testing.T) {
	dir := cifarDir(t)
	train, test, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	built, err := Build(train, test, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := built.Manifest
	if !slices.Equal(m.TrainSizes, DefaultTrainSizes) {
		t.Errorf("train sizes %v", m.TrainSizes)
	}
	out := t.TempDir()
	if _, err := built.WriteDir(out, false); err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(filepath.Join(out, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	pm, err := ParseManifest(js)
	if err != nil {
		t.Fatal(err)
	}
	shards, _, err := Shards(train, DefaultTrainSizes, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*Set{"train-1.hsd": shards[0], "train-2.hsd": shards[1], "train-3.hsd": shards[2], "val.hsd": test}
	for _, e := range pm.Files {
		data, err := os.ReadFile(filepath.Join(out, e.Name))
		if err != nil {
			t.Fatal(err)
		}
		if fileSHA(t, filepath.Join(out, e.Name)) != e.SHA256 || int64(len(data)) != e.Length {
			t.Errorf("%s: manifest sha256/length do not match the file", e.Name)
		}
		s, err := Load(e, data)
		if err != nil {
			t.Fatal(err)
		}
		w := want[e.Name]
		if w == nil {
			t.Fatalf("unexpected file %s", e.Name)
		}
		if !bytes.Equal(s.Images, w.Images) || !bytes.Equal(s.Labels, w.Labels) || !slices.Equal(s.Classes, w.Classes) {
			t.Errorf("%s: decoded set differs from the selected records", e.Name)
		}
		if !slices.Equal(e.PerClass, w.ClassCounts()) {
			t.Errorf("%s: per_class %v, want %v", e.Name, e.PerClass, w.ClassCounts())
		}
	}
	// Size 5k needs exactly shards 1 and 2, holding 500 per class.
	files, err := pm.TrainFiles(5000)
	if err != nil || len(files) != 2 || files[0].Name != "train-1.hsd" || files[1].Name != "train-2.hsd" {
		t.Fatalf("TrainFiles(5000) = %v, %v", files, err)
	}
	val, err := pm.ValFile()
	if err != nil || val.Name != "val.hsd" || val.Records != 1000 {
		t.Fatalf("ValFile() = %+v, %v", val, err)
	}
}
