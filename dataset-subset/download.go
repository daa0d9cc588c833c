//go:build !(js && wasm)

// Download lives outside the wasm build: the page never fetches the archive,
// and net/http would add megabytes to the page's WebAssembly binary.

package subset

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// Official location and checksum of the CIFAR-10 binary archive.
const (
	ArchiveURL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
	ArchiveMD5 = "c32a1d4ab5d03f1284b67883e8d87530"
)

// Download fetches url into dest, verifying its MD5 (hex) before use. The
// body goes to a temporary file beside dest, which is renamed to dest only
// when the checksum matches; on any failure nothing is left behind. progress,
// when non-nil, receives a line per 10% downloaded.
func Download(ctx context.Context, url, dest, wantMD5 string, progress io.Writer) error {
	wantMD5 = strings.ToLower(strings.TrimSpace(wantMD5))
	if len(wantMD5) != 2*md5.Size {
		return fmt.Errorf("download: expected MD5 %q is not 32 hex digits", wantMD5)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("download %s: server answered %s", url, resp.Status)
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}
	f, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".part-*")
	if err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	h := md5.New()
	var body io.Reader = resp.Body
	if progress != nil && resp.ContentLength > 0 {
		body = &progressReader{r: body, total: resp.ContentLength, w: progress}
	}
	n, err := io.Copy(io.MultiWriter(f, h), body)
	if err != nil {
		return fmt.Errorf("download %s: after %d bytes: %w", url, n, err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return fmt.Errorf("download %s: got %d bytes, server announced %d", url, n, resp.ContentLength)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != wantMD5 {
		return fmt.Errorf("download %s: MD5 is %s, want %s: the file is corrupt or not the official archive; discarded it", url, got, wantMD5)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}
	ok = true
	return nil
}

// FileMD5 returns the lowercase hex MD5 of a file.
func FileMD5(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := md5.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

type progressReader struct {
	r        io.Reader
	w        io.Writer
	n, total int64
	step     int64
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	if s := p.n * 10 / p.total; s > p.step {
		p.step = s
		fmt.Fprintf(p.w, "downloaded %d%% (%d of %d bytes)\n", s*10, p.n, p.total)
	}
	return n, err
}
