package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	subset "hypersphere/dataset-subset"
)

// sharedCIFAR finds ../shared/cifar10 beside the project root, or
// $CIFAR10_DIR; it skips the test when absent.
func sharedCIFAR(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("CIFAR10_DIR"); d != "" {
		return d
	}
	d, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "cifar10"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(d, "train.bin")); err != nil {
		t.Skipf("real CIFAR-10 subset not found at %s (set CIFAR10_DIR); skipping", d)
	}
	return d
}

func runMkdata(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e, func(k string) string { return env[k] })
	return code, o.String(), e.String()
}

// checkOut verifies every file listed in out/manifest.json.
func checkOut(t *testing.T, out string) *subset.Manifest {
	t.Helper()
	js, err := os.ReadFile(filepath.Join(out, subset.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	m, err := subset.ParseManifest(js)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range m.Files {
		data, err := os.ReadFile(filepath.Join(out, e.Name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := subset.Load(e, data); err != nil {
			t.Error(err)
		}
	}
	return m
}

func TestMkdataReal(t *testing.T) {
	dir := sharedCIFAR(t)
	out := filepath.Join(t.TempDir(), "web", "data")
	code, stdout, stderr := runMkdata(t, map[string]string{"CIFAR10_DIR": dir}, "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	t.Log(stdout)
	m := checkOut(t, out)
	if len(m.Files) != 4 || m.TrainSizes[2] != 10000 {
		t.Errorf("manifest %+v", m)
	}
	val, err := m.ValFile()
	if err != nil || val.Records != 1000 {
		t.Errorf("val %+v %v", val, err)
	}
	for _, e := range m.Files {
		if !strings.Contains(stdout, e.SHA256) {
			t.Errorf("output does not report %s", e.Name)
		}
	}
	// Balanced validation and a seeded sample.
	out2 := t.TempDir()
	code, stdout, stderr = runMkdata(t, nil, "-cifar", dir, "-out", out2, "-val-per-class", "86", "-sample", "-seed", "7")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m2 := checkOut(t, out2)
	if val, _ := m2.ValFile(); val.Records != 860 {
		t.Errorf("-val-per-class 86 gave %d validation images", val.Records)
	}
	if m2.Files[0].SHA256 == m.Files[0].SHA256 {
		t.Error("-sample gave the same first shard as file order")
	}
	// Asking for more validation images than a class has is reported.
	code, stdout, _ = runMkdata(t, nil, "-cifar", dir, "-out", t.TempDir(), "-val-per-class", "100", "-sizes", "1000")
	if code != 0 || !strings.Contains(stdout, "note: val: class 5 (dog): asked for 100 images, only 86 available") {
		t.Errorf("exit %d, output lacks the shortfall note:\n%s", code, stdout)
	}
}

func TestMkdataErrors(t *testing.T) {
	tmp := t.TempDir()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no data", []string{"-out", tmp}, "set CIFAR10_DIR"},
		{"missing dir", []string{"-cifar", filepath.Join(tmp, "nope"), "-out", tmp}, "nope"},
		{"bad sizes", []string{"-cifar", tmp, "-sizes", "1000,abc"}, `"abc" is not a positive whole number`},
		{"sizes not multiple of 10", []string{"-cifar", tmp, "-sizes", "1000,5005"}, "multiples of 10"},
		{"sizes decreasing", []string{"-cifar", tmp, "-sizes", "5000,1000"}, "increase"},
		{"negative val", []string{"-cifar", tmp, "-val-per-class", "-1"}, "-val-per-class -1"},
		{"missing archive", []string{"-archive", filepath.Join(tmp, "x.tar.gz"), "-out", tmp}, "x.tar.gz"},
		{"stray argument", []string{"extra"}, "unexpected arguments"},
	}
	for _, c := range cases {
		code, _, stderr := runMkdata(t, nil, c.args...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q, want non-zero and %q", c.name, code, stderr, c.want)
		}
		if strings.Count(strings.TrimSpace(stderr), "\n") != 0 && c.name != "stray argument" {
			t.Errorf("%s: error is not one line: %q", c.name, stderr)
		}
	}
	// A bad record gives a one-line error naming the file and record.
	dir := t.TempDir()
	recs := synth(12)
	recs[5*subset.RecordSize] = 10
	os.WriteFile(filepath.Join(dir, "train.bin"), recs, 0o644)
	os.WriteFile(filepath.Join(dir, "test.bin"), synth(3), 0o644)
	code, _, stderr := runMkdata(t, nil, "-cifar", dir, "-out", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "train.bin: record 5") {
		t.Errorf("bad label: exit %d, %q", code, stderr)
	}

	// A training split too short for a balanced size is refused, not
	// silently skewed: 12 records cannot give 100 per class.
	recs[5*subset.RecordSize] = 5
	os.WriteFile(filepath.Join(dir, "train.bin"), recs, 0o644)
	out := t.TempDir()
	code, _, stderr = runMkdata(t, nil, "-cifar", dir, "-out", out, "-sizes", "1000")
	if code != 1 || !strings.Contains(stderr, "cannot fill the sizes [1000] with balanced classes") {
		t.Errorf("short split: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "manifest.json")); err == nil {
		t.Error("short split: a manifest was written")
	}
}

// synth makes n synthetic records with labels i%10.
func synth(n int) []byte {
	out := make([]byte, 0, n*subset.RecordSize)
	for i := 0; i < n; i++ {
		out = append(out, byte(i%10))
		for j := 0; j < subset.ImageSize; j++ {
			out = append(out, byte(i*7+j*13))
		}
	}
	return out
}

func archive(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	add := func(name string, data []byte) {
		if err := tw.WriteHeader(&tar.Header{Name: subset.ArchiveDir + "/" + name, Mode: 0o644, Size: int64(len(data))}); err != nil {
			t.Fatal(err)
		}
		tw.Write(data)
	}
	for i := 1; i <= 5; i++ {
		add("data_batch_"+string(rune('0'+i))+".bin", synth(20))
	}
	add("test_batch.bin", synth(20))
	add("batches.meta.txt", []byte(strings.Join(subset.DefaultClasses, "\n")+"\n"))
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

func TestMkdataDownload(t *testing.T) {
	arc := archive(t)
	sum := md5.Sum(arc)
	good := hex.EncodeToString(sum[:])
	body := arc
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer srv.Close()

	dir := t.TempDir()
	path := filepath.Join(dir, "cache", "cifar-10-binary.tar.gz")
	out := filepath.Join(dir, "out")
	args := []string{"-download", "-url", srv.URL, "-md5", good, "-archive", path, "-out", out, "-sizes", "50,100", "-gz"}
	code, stdout, stderr := runMkdata(t, nil, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "downloaded") {
		t.Errorf("output %q", stdout)
	}
	m := checkOut(t, out)
	if m.TrainSizes[1] != 100 {
		t.Errorf("train sizes %v", m.TrainSizes)
	}
	for _, e := range m.Files { // -gz siblings decompress to the files
		z, err := os.ReadFile(filepath.Join(out, e.Name+".gz"))
		if err != nil {
			t.Fatalf("-gz: %v", err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(zr)
		if err != nil || subset.Verify(e, data) != nil {
			t.Errorf("%s.gz does not decompress to %s (%v)", e.Name, e.Name, err)
		}
	}
	// The second run reuses the verified archive.
	code, stdout, _ = runMkdata(t, nil, args...)
	if code != 0 || !strings.Contains(stdout, "MD5 "+good+" verified") || strings.Contains(stdout, "downloading") {
		t.Errorf("second run: exit %d\n%s", code, stdout)
	}

	// A corrupted download fails and leaves nothing behind.
	bad := append([]byte(nil), arc...)
	bad[len(bad)/3] ^= 0xff
	body = bad
	dir2 := t.TempDir()
	args = []string{"-download", "-url", srv.URL, "-md5", good, "-archive", filepath.Join(dir2, "a.tar.gz"), "-out", filepath.Join(dir2, "out")}
	code, _, stderr = runMkdata(t, nil, args...)
	if code != 1 || !strings.Contains(stderr, "MD5") {
		t.Errorf("corrupt download: exit %d, %q", code, stderr)
	}
	if ents, _ := os.ReadDir(dir2); len(ents) != 0 {
		t.Errorf("corrupt download left %v behind", ents)
	}
}
