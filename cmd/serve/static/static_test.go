package static

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// site writes a small web/ tree and returns its directory.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", []byte("<!doctype html><title>x</title>"+strings.Repeat("<p>hello</p>", 200)))
	wasm := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte{7}, 4096)...)
	write("main.wasm", wasm)
	write("app.js", []byte(strings.Repeat("console.log(1);\n", 100)))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("PRECOMPRESSED"))
	zw.Close()
	write("data/shard.bin", bytes.Repeat([]byte{1, 2, 3}, 1000))
	write("data/shard.bin.gz", gz.Bytes())
	write("sub/index.html", []byte("sub"))
	// A secret beside the root that traversal must not reach.
	if err := os.WriteFile(filepath.Join(filepath.Dir(dir), "secret.txt"), []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func get(t *testing.T, h http.Handler, path string, gzipOK bool) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1/", nil)
	req.URL.Path = path // set raw so traversal attempts are not cleaned first
	if gzipOK {
		req.Header.Set("Accept-Encoding", "gzip, deflate")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) []byte {
	t.Helper()
	rd := io.Reader(r.Body)
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			t.Fatalf("gzip body: %v", err)
		}
		rd = zr
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestContentTypes(t *testing.T) {
	h, err := New(site(t))
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"/main.wasm":  "application/wasm",
		"/app.js":     "text/javascript",
		"/":           "text/html",
		"/index.html": "text/html",
	} {
		r := get(t, h, path, false)
		if r.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, r.StatusCode)
		}
		if got := r.Header.Get("Content-Type"); !strings.HasPrefix(got, want) {
			t.Errorf("%s: Content-Type %q, want %q", path, got, want)
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: missing nosniff", path)
		}
	}
}

func TestGzip(t *testing.T) {
	dir := site(t)
	h, _ := New(dir)
	// On the fly: the wasm comes back compressed and decodes to the file.
	r := get(t, h, "/main.wasm", true)
	if r.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("main.wasm not gzipped: %v", r.Header)
	}
	want, _ := os.ReadFile(filepath.Join(dir, "main.wasm"))
	if got := body(t, r); !bytes.Equal(got, want) {
		t.Fatalf("gunzipped wasm differs: %d bytes, want %d", len(got), len(want))
	}
	if r.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("gzipped wasm has type %q", r.Header.Get("Content-Type"))
	}
	// Without Accept-Encoding the plain bytes come back.
	r = get(t, h, "/main.wasm", false)
	if r.Header.Get("Content-Encoding") != "" || !bytes.Equal(body(t, r), want) {
		t.Fatal("plain request was not served plain")
	}
	// A precompressed sibling is preferred and served as is.
	r = get(t, h, "/data/shard.bin", true)
	if r.Header.Get("Content-Encoding") != "gzip" || string(body(t, r)) != "PRECOMPRESSED" {
		t.Fatal("precompressed .gz was not served")
	}
	// q=0 refuses gzip.
	req := httptest.NewRequest(http.MethodGet, "/main.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip;q=0")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "" {
		t.Fatal("gzip;q=0 still got gzip")
	}
}

func TestTraversal(t *testing.T) {
	h, _ := New(site(t))
	for _, p := range []string{"/../secret.txt", "/sub/../../secret.txt", "/..%2fsecret.txt", "/a\\..\\secret.txt", "/.hidden", "/sub/..", "/x\x00y"} {
		r := get(t, h, p, false)
		if r.StatusCode == 200 {
			t.Errorf("%q: status 200", p)
		}
		if strings.Contains(string(body(t, r)), "SECRET") {
			t.Errorf("%q leaked the secret", p)
		}
	}
	// Through a real server too, where the client does not clean the path.
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/", nil)
	req.URL.Opaque = "/../secret.txt"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(b), "SECRET") {
		t.Fatal("raw traversal leaked the secret")
	}
}

func TestSymlinkOutOfRoot(t *testing.T) {
	dir := site(t)
	if err := os.Symlink(filepath.Join(filepath.Dir(dir), "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	h, _ := New(dir)
	if r := get(t, h, "/link.txt", false); r.StatusCode == 200 {
		t.Fatal("symlink out of the root was served")
	}
}

func TestCSPAndMethods(t *testing.T) {
	h, _ := New(site(t))
	for _, p := range []string{"/", "/main.wasm", "/missing"} {
		r := get(t, h, p, false)
		csp := r.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", p, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "'unsafe-eval'") {
			t.Errorf("%s: CSP allows inline or eval: %q", p, csp)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/index.html", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("POST: status %d", rec.Code)
	}
	if r := get(t, h, "/missing", false); r.StatusCode != 404 {
		t.Fatalf("missing file: status %d", r.StatusCode)
	}
	if r := get(t, h, "/sub", false); r.StatusCode != http.StatusMovedPermanently {
		t.Fatalf("/sub: status %d, want redirect", r.StatusCode)
	}
	if r := get(t, h, "/sub/", false); string(body(t, r)) != "sub" {
		t.Fatal("/sub/ did not serve its index.html")
	}
}

func TestLoopbackDefault(t *testing.T) {
	for _, a := range []string{"127.0.0.1:8080", "localhost:0", "[::1]:9000", "127.0.0.2:80"} {
		if err := CheckAddr(a, false); err != nil {
			t.Errorf("%s: %v", a, err)
		}
	}
	for _, a := range []string{"0.0.0.0:8080", ":8080", "192.168.1.2:80", "[::]:80"} {
		if err := CheckAddr(a, false); !errors.Is(err, ErrNotLoopback) {
			t.Errorf("%s: got %v, want ErrNotLoopback", a, err)
		}
		if err := CheckAddr(a, true); err != nil {
			t.Errorf("%s with public: %v", a, err)
		}
	}
	if err := CheckAddr("127.0.0.1", false); err == nil {
		t.Error("address without port accepted")
	}
	if _, err := New(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("New accepted a missing directory")
	}
}
