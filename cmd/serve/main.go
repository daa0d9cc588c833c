// Command serve serves Hypersphere's built page (web/, made by build.sh) on
// the loopback interface:
//
//	go run ./cmd/serve [-dir web] [-addr 127.0.0.1:8080] [-public]
//
// The port can also come from the PORT environment variable. The server only
// serves static files; all training happens in the visitor's browser.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"hypersphere/cmd/serve/static"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}

func run() error {
	defAddr := "127.0.0.1:8080"
	if p := os.Getenv("PORT"); p != "" {
		defAddr = "127.0.0.1:" + p
	}
	dir := flag.String("dir", "web", "directory to serve (the output of build.sh)")
	addr := flag.String("addr", defAddr, "listen address host:port (PORT env sets the port)")
	public := flag.Bool("public", false, "allow a non-loopback listen address")
	flag.Parse()

	if err := static.CheckAddr(*addr, *public); err != nil {
		return err
	}
	h, err := static.New(*dir)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: logRequests(h), ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("Hypersphere: serving %s at http://%s/ (Ctrl-C to stop)\n", *dir, ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// logRequests logs failed requests only, so the terminal stays readable.
func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if rec.status >= 400 {
			log.Printf("%d %s %s", rec.status, r.Method, r.URL.Path)
		}
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Flush lets streamed (gzip) responses flush through the recorder.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
