package e2e

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestCrashedWorkerStopsOnlyItsVariant breaks the engine of one of the four
// workers (the second download of worker.wasm is garbage): that variant
// stops with a visible message and the other three train to the end.
func TestCrashedWorkerStopsOnlyItsVariant(t *testing.T) {
	needBrowser(t)
	var n atomic.Int32
	base := serve(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/worker.wasm" && n.Add(1) == 2 {
				w.Header().Set("Content-Type", "application/wasm")
				w.Header().Set("Cache-Control", "no-store")
				w.Write([]byte("\x00asm\x01\x00\x00\x00 this is not a module"))
				return
			}
			w.Header().Set("Cache-Control", "no-store")
			h.ServeHTTP(w, r)
		})
	})
	p := newPage(t, 1200, 900)
	p.run(t, 60*time.Second, "loading the page",
		chromedp.Navigate(base+"/?train=256&epochs=1&val=64&autostart=1"),
		chromedp.WaitVisible("#start", chromedp.ByQuery))
	p.waitFor(t, 5*time.Minute, "every run to end", allRuns(`['finished', 'early-stopped', 'failed'].includes(li.dataset.state)`))
	runs := p.runs(t)
	failed := 0
	for _, v := range variants {
		r := runs[v]
		switch r.State {
		case "failed":
			failed++
			if !strings.Contains(r.Msg, "training engine could not start") {
				t.Errorf("%s failed with message %q", v, r.Msg)
			}
		case "finished", "early-stopped":
			if r.Epochs != 1 {
				t.Errorf("%s finished with %d epochs of metrics, want 1", v, r.Epochs)
			}
		}
	}
	if failed != 1 {
		t.Errorf("%d variants failed, want exactly 1: %+v", failed, runs)
	}
	if n.Load() < 4 {
		t.Errorf("worker.wasm was fetched %d times, want 4 (one per worker)", n.Load())
	}
}
