package subset

import (
	"hypersphere/internal/testenv"

	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cifarDir locates the shared CIFAR-10 subset (testenv.CIFAR10Dir) and
// skips the test when the data is absent.
func cifarDir(t testing.TB) string {
	t.Helper()
	d, err := testenv.CIFAR10Dir()
	if err != nil {
		t.Skipf("cannot locate the CIFAR-10 subset (%v); set CIFAR10_DIR to run the real-data tests", err)
	}
	if _, err := os.Stat(filepath.Join(d, "train.bin")); err != nil {
		t.Skipf("real CIFAR-10 subset not found at %s (set CIFAR10_DIR); skipping", d)
	}
	return d
}

// synthRecords makes n synthetic CIFAR records: label i%10 and pixels from a
// small deterministic generator.
func synthRecords(n int, seed uint32) []byte {
	out := make([]byte, 0, n*RecordSize)
	x := seed*2654435761 + 1
	for i := 0; i < n; i++ {
		out = append(out, byte(i%NumClasses))
		for j := 0; j < ImageSize; j++ {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			out = append(out, byte(x))
		}
	}
	return out
}

// tarEntry is one file of a test archive.
type tarEntry struct {
	name string
	data []byte
}

// makeArchive builds a tar.gz holding the given files in order.
func makeArchive(t testing.TB, files ...tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, f := range files {
		h := &tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data)), Typeflag: tar.TypeReg}
		if strings.HasSuffix(f.name, "/") {
			h.Typeflag, h.Mode = tar.TypeDir, 0o755
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// officialLikeArchive is a small archive in the official layout: five data
// batches of 20 synthetic records, a test batch of 30 and the meta file.
func officialLikeArchive(t testing.TB) []byte {
	t.Helper()
	files := []tarEntry{{ArchiveDir + "/", nil}}
	files = append(files, tarEntry{ArchiveDir + "/" + MetaFile, []byte("airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n")})
	for i := 5; i >= 1; i-- { // out of order on purpose: the reader must sort
		files = append(files, tarEntry{ArchiveDir + "/data_batch_" + string(rune('0'+i)) + ".bin", synthRecords(20, uint32(i))})
	}
	files = append(files, tarEntry{ArchiveDir + "/test_batch.bin", synthRecords(30, 99)})
	files = append(files, tarEntry{ArchiveDir + "/readme.html", []byte("<p>hi</p>")})
	return makeArchive(t, files...)
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
