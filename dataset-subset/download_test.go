//go:build !(js && wasm)

package subset

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

// serve starts a local server answering every request with body.
func serve(t *testing.T, body []byte) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/cifar-10-binary.tar.gz"
}

// onlyFile checks dir holds exactly the named files (no temporary leftovers).
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

func TestDownload(t *testing.T) {
	arc := officialLikeArchive(t)
	url := serve(t, arc)
	dir := t.TempDir()
	dest := filepath.Join(dir, "cifar-10-binary.tar.gz")
	var progress bytes.Buffer
	if err := Download(context.Background(), url, dest, md5hex(arc), &progress); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(dest)
	if err != nil || !bytes.Equal(got, arc) {
		t.Fatalf("downloaded file differs (%v)", err)
	}
	if !strings.Contains(progress.String(), "100%") {
		t.Errorf("progress %q", progress.String())
	}
	onlyFiles(t, dir, "cifar-10-binary.tar.gz")
	if sum, err := FileMD5(dest); err != nil || sum != md5hex(arc) {
		t.Errorf("FileMD5 = %s, %v", sum, err)
	}
	train, test, err := LoadArchive(dest)
	if err != nil || train.Len() != 100 || test.Len() != 30 {
		t.Fatalf("downloaded archive: %v", err)
	}
}

func TestDownloadCorrupt(t *testing.T) {
	arc := officialLikeArchive(t)
	bad := append([]byte(nil), arc...)
	bad[len(bad)/2] ^= 0x55
	dir := t.TempDir()
	dest := filepath.Join(dir, "cifar-10-binary.tar.gz")
	err := Download(context.Background(), serve(t, bad), dest, md5hex(arc), nil)
	if err == nil || !strings.Contains(err.Error(), "MD5") || !strings.Contains(err.Error(), md5hex(arc)) {
		t.Fatalf("corrupt download: %v", err)
	}
	t.Logf("error: %v", err)
	onlyFiles(t, dir) // nothing left behind

	// A server error leaves nothing either.
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	err = Download(context.Background(), srv.URL, dest, md5hex(arc), nil)
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("404: %v", err)
	}
	onlyFiles(t, dir)

	// A bad expected checksum is refused before any request.
	if err := Download(context.Background(), "http://127.0.0.1:1/", dest, "xyz", nil); err == nil || !strings.Contains(err.Error(), "32 hex digits") {
		t.Errorf("bad md5 argument: %v", err)
	}
	// The official checksum is the published one.
	if ArchiveMD5 != "c32a1d4ab5d03f1284b67883e8d87530" {
		t.Error("ArchiveMD5 changed")
	}
}
