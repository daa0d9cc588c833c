package e2e

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestCorruptDataIsRefused serves a validation file with one flipped byte
// (right length, wrong sha256): the page must refuse to train and say why.
func TestCorruptDataIsRefused(t *testing.T) {
	needBrowser(t)
	good, err := os.ReadFile(filepath.Join(webDir, "data", "val.hsd"))
	if err != nil {
		t.Fatalf("reading the built validation file: %v", err)
	}
	bad := append([]byte(nil), good...)
	bad[len(bad)/2] ^= 0x40
	base := serve(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/data/val.hsd" {
				w.Header().Set("Content-Type", "application/octet-stream")
				w.Write(bad)
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	p := newPage(t, 1280, 900)
	p.run(t, 60*time.Second, "loading the page",
		chromedp.Navigate(base+"/?train=512&epochs=1&autostart=1"),
		chromedp.WaitVisible("#start", chromedp.ByQuery))
	p.waitFor(t, 60*time.Second, "the data error", `!!document.querySelector('.lab-error')`)
	var msg string
	p.eval(t, `document.querySelector('.lab-error').textContent`, &msg)
	for _, want := range []string{"val.hsd", "sha256 mismatch", "reload the page"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error message %q lacks %q", msg, want)
		}
	}
	var states []string
	p.eval(t, `[...document.querySelectorAll('li.run')].map(li => li.dataset.state)`, &states)
	for _, s := range states {
		if s != "failed" {
			t.Errorf("a run is %q after a data error, want failed", s)
		}
	}
	var phase string
	p.eval(t, `document.querySelector('#phase').dataset.phase`, &phase)
	if phase != "error" {
		t.Errorf("phase %q, want error", phase)
	}
	// The message, with its two 64-digit hashes, wraps inside its box at
	// 1280 px, and at 360 px neither the box nor the page gets wider than
	// the screen.
	type fit struct {
		TextW  float64 `json:"textW"`
		BoxW   float64 `json:"boxW"`
		Right  float64 `json:"right"`
		PanelR float64 `json:"panelR"`
		PageW  float64 `json:"pageW"`
	}
	measure := `(() => { const e = document.querySelector('.lab-error'), r = e.getBoundingClientRect(), l = document.querySelector('.col-lab').getBoundingClientRect();
		return {textW: e.scrollWidth, boxW: e.clientWidth, right: r.right, panelR: l.right, pageW: document.documentElement.scrollWidth}; })()`
	for _, w := range []int64{1280, 360} {
		if w == 360 {
			p.run(t, 10*time.Second, "narrowing to 360 px", chromedp.EmulateViewport(360, 800, chromedp.EmulateMobile), chromedp.Sleep(300*time.Millisecond))
			var png []byte
			p.run(t, 30*time.Second, "taking a screenshot", chromedp.ScrollIntoView(".lab-error", chromedp.ByQuery), chromedp.CaptureScreenshot(&png))
			if err := os.WriteFile(filepath.Join(outputDir(t), "data-error-360.png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		var f fit
		p.eval(t, measure, &f)
		if f.TextW > f.BoxW+1 || f.Right > f.PanelR+1 || f.PageW > float64(w)+1 {
			t.Errorf("at %d px the error overflows: text %v px in a %v px box, box right %v, lab right %v, page %v px wide", w, f.TextW, f.BoxW, f.Right, f.PanelR, f.PageW)
		}
	}
	// Reset clears the error so the learner can try again.
	p.run(t, 10*time.Second, "clicking Reset", chromedp.Click("#reset", chromedp.ByQuery))
	p.waitFor(t, 5*time.Second, "the error to clear", `!document.querySelector('.lab-error') && document.querySelectorAll('li.run').length === 0`)
	t.Logf("shown: %s", msg)
}

// TestWithoutWebAssembly opens the page in a browser whose WebAssembly is
// gone: the learner gets a plain explanation instead of a broken page.
func TestWithoutWebAssembly(t *testing.T) {
	needBrowser(t)
	base := serve(t, nil)
	p := newPage(t, 1000, 800)
	p.run(t, 30*time.Second, "loading the page without WebAssembly",
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := cdppage.AddScriptToEvaluateOnNewDocument(`delete globalThis.WebAssembly;`).Do(ctx)
			return err
		}),
		chromedp.Navigate(base+"/"))
	p.waitFor(t, 10*time.Second, "the message", `!!document.querySelector('#boot-msg.boot-error')`)
	var msg string
	p.eval(t, `document.querySelector('#boot-msg').textContent`, &msg)
	if !strings.Contains(msg, "cannot run WebAssembly") {
		t.Errorf("message %q does not explain the missing WebAssembly", msg)
	}
	if errs := p.errors(); len(errs) > 0 {
		t.Errorf("the page logged errors: %v", errs)
	}
}

// TestNarrowScreen loads the page 360 px wide: one column, nothing wider
// than the screen, every lab control there, and, once training runs, a
// status dock at the bottom of the screen that opens the lab.
func TestNarrowScreen(t *testing.T) {
	needBrowser(t)
	base := serve(t, nil)
	p := newPage(t, 360, 800)
	p.run(t, 60*time.Second, "loading the page",
		chromedp.EmulateViewport(360, 800, chromedp.EmulateMobile),
		chromedp.Navigate(base+"/?train=256&epochs=1&val=64"),
		chromedp.WaitVisible("#start", chromedp.ByQuery))
	var got struct {
		ScrollW  float64 `json:"scrollW"`
		Controls int     `json:"controls"`
		Stacked  bool    `json:"stacked"`
	}
	p.eval(t, `(() => { const e = document.querySelector('.col-explain').getBoundingClientRect(), l = document.querySelector('.col-lab').getBoundingClientRect();
		return {scrollW: document.documentElement.scrollWidth, controls: document.querySelectorAll('#start, #pause, #reset, #epochs, #batch, #lr, #seed, #preset, #trainsize, #activation, #augment').length,
			stacked: l.top >= e.bottom - 1}; })()`, &got)
	if got.ScrollW > 361 {
		t.Errorf("the page is %v px wide on a 360 px screen", got.ScrollW)
	}
	if !got.Stacked {
		t.Error("the explainer and the lab are not stacked in one column")
	}
	if got.Controls != 11 {
		t.Errorf("%d of 11 lab controls present", got.Controls)
	}

	// Start training, go back to the explainer: the dock shows the runs.
	p.run(t, 10*time.Second, "clicking Start", chromedp.Click("#start", chromedp.ByQuery))
	p.eval(t, `window.scrollTo(0, 0)`, nil)
	p.waitFor(t, 60*time.Second, "the dock", `document.querySelectorAll('.dock .dock-run').length === 4 && document.querySelector('.dock').getBoundingClientRect().bottom >= innerHeight - 1 && document.querySelector('.dock').getBoundingClientRect().top < innerHeight`)
	var png []byte
	p.run(t, 30*time.Second, "taking a screenshot", chromedp.CaptureScreenshot(&png))
	if err := os.WriteFile(filepath.Join(outputDir(t), "narrow-360.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	p.run(t, 10*time.Second, "tapping the dock", chromedp.Click(".dock-open", chromedp.ByQuery))
	p.waitFor(t, 5*time.Second, "the lab to scroll into view", `Math.abs(document.querySelector('#lab').getBoundingClientRect().top) < 50`)
	p.run(t, 10*time.Second, "clicking Reset", chromedp.Click("#reset", chromedp.ByQuery))
	if errs := p.errors(); len(errs) > 0 {
		t.Errorf("the page logged errors: %v", errs)
	}
}
