// Package static serves Hypersphere's built page (the web/ directory) with
// the headers a WebAssembly page needs: the application/wasm type, gzip
// compression (a precompressed name.gz beside a file is preferred, otherwise
// compressible types are compressed on the fly), a strict
// Content-Security-Policy that allows only the page's own files, and no
// access outside the served directory.
package static

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// CSP is the Content-Security-Policy sent with every response. Scripts,
// workers, data and styles come only from the page's own origin; WebAssembly
// may be compiled ('wasm-unsafe-eval') but JavaScript eval may not; nothing
// may frame the page.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
	"connect-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func init() {
	// Go's table knows .wasm already on most systems; make it certain.
	_ = mime.AddExtensionType(".wasm", "application/wasm")
	_ = mime.AddExtensionType(".js", "text/javascript; charset=utf-8")
	_ = mime.AddExtensionType(".json", "application/json")
	_ = mime.AddExtensionType(".bin", "application/octet-stream")
}

// Handler serves the files below root. Directory requests serve the
// directory's index.html; directory listings are never shown.
type Handler struct {
	root string
}

// New returns a Handler for the directory root. It fails when root does not
// exist or is not a directory.
func New(root string) (*Handler, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("static: resolving %q: %w", root, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("static: %w (run ./build.sh first?)", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("static: %s is not a directory", abs)
	}
	return &Handler{root: abs}, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Security-Policy", CSP)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("Cross-Origin-Opener-Policy", "same-origin")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := cleanPath(r.URL.Path)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	full := filepath.Join(h.root, filepath.FromSlash(name))
	st, err := os.Stat(full)
	if err == nil && st.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		full = filepath.Join(full, "index.html")
		st, err = os.Stat(full)
	}
	if err != nil || st.IsDir() {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	// Never follow a symbolic link out of the root.
	if real, err := filepath.EvalSymlinks(full); err != nil || !within(h.root, real) {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	hdr.Set("Content-Type", ctype)
	// The page's files change on every build: let the browser keep them but
	// revalidate (Last-Modified / If-Modified-Since).
	hdr.Set("Cache-Control", "no-cache")
	hdr.Add("Vary", "Accept-Encoding")

	gz := acceptsGzip(r)
	if gz {
		if pst, err := os.Stat(full + ".gz"); err == nil && !pst.IsDir() && !pst.ModTime().Before(st.ModTime()) {
			h.serveFile(w, r, full+".gz", pst, "gzip")
			return
		}
	}
	if gz && compressible(ctype) && st.Size() > 512 && r.Header.Get("Range") == "" {
		h.serveCompressed(w, r, full, st)
		return
	}
	h.serveFile(w, r, full, st, "")
}

// serveFile sends one file as is, with Content-Encoding enc when set.
func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, full string, st fs.FileInfo, enc string) {
	f, err := os.Open(full)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	defer f.Close()
	if enc != "" {
		w.Header().Set("Content-Encoding", enc)
	}
	// ServeContent handles HEAD, ranges and If-Modified-Since. The name is
	// only used for content-type sniffing, which the header above prevents.
	http.ServeContent(w, r, "", st.ModTime(), f)
}

// serveCompressed gzips a file on the fly.
func (h *Handler) serveCompressed(w http.ResponseWriter, r *http.Request, full string, st fs.FileInfo) {
	if t, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !st.ModTime().Truncate(time.Second).After(t) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	f, err := os.Open(full)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Last-Modified", st.ModTime().UTC().Format(http.TimeFormat))
	w.Header().Del("Content-Length")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
	_, _ = io.Copy(zw, f)
	_ = zw.Close()
}

// cleanPath turns a URL path into a slash-separated path relative to the
// root. It refuses anything that could leave the root: "..", backslashes,
// NUL bytes, and hidden files (names starting with a dot).
func cleanPath(p string) (string, bool) {
	if strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." || (strings.HasPrefix(part, ".") && part != ".") {
			return "", false
		}
	}
	c := path.Clean("/" + p)
	return strings.TrimPrefix(c, "/"), true
}

// within reports whether target lies inside root (both absolute).
func within(root, target string) bool {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(realRoot, target)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// acceptsGzip reports whether the request allows gzip content coding.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		fields := strings.Split(strings.TrimSpace(part), ";")
		if strings.TrimSpace(fields[0]) != "gzip" {
			continue
		}
		for _, f := range fields[1:] {
			f = strings.TrimSpace(f)
			if q, ok := strings.CutPrefix(f, "q="); ok {
				if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
					return false
				}
			}
		}
		return true
	}
	return false
}

// compressible reports whether a content type is worth compressing.
func compressible(ctype string) bool {
	for _, p := range []string{"text/", "application/wasm", "application/json", "application/javascript", "application/octet-stream", "image/svg+xml"} {
		if strings.HasPrefix(ctype, p) {
			return true
		}
	}
	return false
}

// ErrNotLoopback is returned by CheckAddr for a non-loopback address when
// the caller has not allowed public listening.
var ErrNotLoopback = errors.New("refusing to listen on a non-loopback address without -public")

// CheckAddr validates a listen address "host:port". Unless public is set,
// the host must be a loopback name or address (127.0.0.1, ::1, localhost).
func CheckAddr(addr string, public bool) error {
	host, _, err := splitHostPort(addr)
	if err != nil {
		return err
	}
	if public {
		return nil
	}
	switch host {
	case "localhost", "127.0.0.1", "::1":
		return nil
	}
	if strings.HasPrefix(host, "127.") {
		return nil
	}
	return fmt.Errorf("%w: %q", ErrNotLoopback, addr)
}

func splitHostPort(addr string) (host, port string, err error) {
	i := strings.LastIndex(addr, ":")
	if i < 0 {
		return "", "", fmt.Errorf("address %q has no port (want host:port)", addr)
	}
	host, port = strings.Trim(addr[:i], "[]"), addr[i+1:]
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", "", fmt.Errorf("address %q: bad port %q", addr, port)
	}
	return host, port, nil
}
