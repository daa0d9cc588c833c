package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// fieldState is what the page shows of one numeric control.
type fieldState struct {
	Value       string `json:"value"`
	Invalid     string `json:"invalid"`
	DescribedBy string `json:"describedBy"`
	Err         string `json:"err"`
	Role        string `json:"role"`
}

// startState is the Start button and the reason it gives when disabled.
type startState struct {
	Disabled bool   `json:"disabled"`
	Why      string `json:"why"`
	WhyShown bool   `json:"whyShown"`
}

func (p *page) field(t *testing.T, id string) fieldState {
	t.Helper()
	var f fieldState
	p.eval(t, fmt.Sprintf(`(() => { const el = document.getElementById(%q), e = document.getElementById(%q + '-err');
		return {value: el.value, invalid: el.getAttribute('aria-invalid') || '', describedBy: el.getAttribute('aria-describedby') || '',
			err: e ? e.textContent : '', role: e ? e.getAttribute('role') : ''}; })()`, id, id), &f)
	return f
}

func (p *page) start(t *testing.T) startState {
	t.Helper()
	var s startState
	p.eval(t, `(() => { const w = document.getElementById('start-why');
		return {disabled: document.getElementById('start').disabled, why: w.textContent, whyShown: w.getBoundingClientRect().height > 0}; })()`, &s)
	return s
}

// typeInto replaces a control's text the way a learner does and leaves it
// (Tab), which fires its change event.
func typeInto(sel, text string) chromedp.Tasks {
	return chromedp.Tasks{chromedp.SetValue(sel, "", chromedp.ByQuery), chromedp.SendKeys(sel, text+kb.Tab, chromedp.ByQuery)}
}

// TestLabRefusesInvalidSettings: out-of-range or empty settings are never
// replaced silently: each control keeps its text with an inline message
// (role=alert, aria-invalid, aria-describedby) and Start stays disabled
// with the reason beside it, also when no variant is ticked; the messages
// fit a 360 px screen. Fixed, Start is enabled again, and the runs show the
// settings they use. While they train the page asks before a reload throws
// them away, and not once they are over.
func TestLabRefusesInvalidSettings(t *testing.T) {
	needBrowser(t)
	base := serve(t, nil)
	p := newPage(t, 1280, 1000)
	p.run(t, 60*time.Second, "loading the page",
		chromedp.Navigate(base+"/?train=256&epochs=1&val=64"),
		chromedp.WaitVisible("#start", chromedp.ByQuery))
	if s := p.start(t); s.Disabled || s.Why != "" || s.WhyShown {
		t.Fatalf("Start on a fresh page: %+v", s)
	}
	var notices int
	p.eval(t, `document.querySelectorAll('#url-notice').length`, &notices)
	if notices != 0 {
		t.Errorf("a link with usable settings shows %d notices about them", notices)
	}
	var lrMax string
	p.eval(t, `document.getElementById('lr').max`, &lrMax)

	// Each bad value keeps its text, gets a message, and blocks Start.
	for _, c := range []struct{ id, text, msg, name string }{
		{"lr", "1000000", "Too large: enter a number from 0.00001 to " + lrMax + ".", "the learning rate"},
		{"lr", "0", "Too small: enter a number from 0.00001 to " + lrMax + ".", "the learning rate"},
		{"batch", "1", "Too small: enter a whole number from 8 to 256.", "the batch size"},
		{"batch", "1000", "Too large: enter a whole number from 8 to 256.", "the batch size"},
		{"epochs", "0", "Too small: enter a whole number from 1 to 100.", "the epochs"},
		{"epochs", "-5", "Too small: enter a whole number from 1 to 100.", "the epochs"},
		{"epochs", "1000", "Too large: enter a whole number from 1 to 100.", "the epochs"},
	} {
		p.run(t, 10*time.Second, "typing "+c.text+" into #"+c.id, typeInto("#"+c.id, c.text))
		f := p.field(t, c.id)
		if f.Value != c.text || f.Invalid != "true" || f.Err != c.msg || f.Role != "alert" || !strings.Contains(f.DescribedBy, c.id+"-err") {
			t.Errorf("%s = %s: the control shows %+v, want its text, aria-invalid and the message %q", c.id, c.text, f, c.msg)
		}
		if s := p.start(t); !s.Disabled || !strings.Contains(s.Why, "fix") || !strings.Contains(s.Why, c.name) || !s.WhyShown {
			t.Errorf("%s = %s: Start %+v, want disabled with a visible reason naming %s", c.id, c.text, s, c.name)
		}
	}
	// An empty seed (a number field shows non-numbers as empty) is refused too.
	p.run(t, 10*time.Second, "emptying the seed",
		chromedp.SetValue("#seed", "", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('seed').dispatchEvent(new Event('change', {bubbles: true}))`, nil))
	if f := p.field(t, "seed"); f.Value != "" || f.Invalid != "true" || !strings.HasPrefix(f.Err, "Enter a whole number from 0 to 2147483647") {
		t.Errorf("empty seed: %+v", f)
	}
	// No variant ticked: Start says so.
	for _, v := range variants {
		p.run(t, 10*time.Second, "unticking "+v, chromedp.Click("#v-"+v, chromedp.ByQuery))
	}
	s := p.start(t)
	if want := "To start, tick at least one variant and fix the epochs, the batch size, the learning rate and the seed."; !s.Disabled || s.Why != want || !s.WhyShown {
		t.Errorf("Start %+v, want disabled with %q", s, want)
	}
	// The bad text never reaches the settings (the URL carries them).
	var search string
	p.eval(t, `location.search`, &search)
	for _, bad := range []string{"lr=1000000", "lr=0&", "batch=1&", "batch=1000", "epochs=0", "epochs=-5", "epochs=1000", "seed=&"} {
		if strings.Contains(search, bad) {
			t.Errorf("URL %q carries the refused %q", search, bad)
		}
	}
	p.screenshotLab(t, "settings-errors.png")
	// The messages fit a 360 px screen.
	p.run(t, 10*time.Second, "narrowing to 360 px", chromedp.EmulateViewport(360, 800, chromedp.EmulateMobile), chromedp.Sleep(300*time.Millisecond))
	var scrollW float64
	p.eval(t, `document.documentElement.scrollWidth`, &scrollW)
	if scrollW > 361 {
		t.Errorf("with the messages shown the page is %v px wide on a 360 px screen", scrollW)
	}
	p.run(t, 10*time.Second, "back to 1280 px", chromedp.EmulateViewport(1280, 1000), chromedp.Sleep(300*time.Millisecond))

	// Fixed again: the messages go and Start is enabled.
	for _, v := range []string{"baseline", "norm_conv"} {
		p.run(t, 10*time.Second, "ticking "+v, chromedp.Click("#v-"+v, chromedp.ByQuery))
	}
	for _, c := range [][2]string{{"epochs", "1"}, {"batch", "16"}, {"seed", "42"}, {"lr", "0.002"}} {
		id, text := c[0], c[1]
		p.run(t, 10*time.Second, "typing "+text+" into #"+id, typeInto("#"+id, text))
		if f := p.field(t, id); f.Value != text || f.Invalid != "false" || f.Err != "" || strings.Contains(f.DescribedBy, "-err") {
			t.Errorf("%s = %s is valid but the control shows %+v", id, text, f)
		}
	}
	if s := p.start(t); s.Disabled || s.Why != "" || s.WhyShown {
		t.Errorf("every setting valid, but Start %+v", s)
	}

	// Started: the runs show the settings they use, and a reload while
	// they train asks first.
	var prompts atomic.Int32 // beforeunload prompts so far
	chromedp.ListenTarget(p.ctx, func(ev any) {
		if d, ok := ev.(*cdppage.EventJavascriptDialogOpening); ok {
			if d.Type == cdppage.DialogTypeBeforeunload {
				prompts.Add(1)
			}
			go chromedp.Run(p.ctx, cdppage.HandleJavaScriptDialog(false)) // stay on the page
		}
	})
	p.run(t, 10*time.Second, "clicking Start", chromedp.Click("#start", chromedp.ByQuery))
	var summary string
	p.waitFor(t, 10*time.Second, "the run summary", `!!document.getElementById('run-summary')`)
	p.eval(t, `document.getElementById('run-summary').textContent`, &summary)
	for _, want := range []string{"reduced", "256 images", "1 epoch", "batch 16", "lr 0.002", "seed 42"} {
		if !strings.Contains(summary, want) {
			t.Errorf("run summary %q lacks %q", summary, want)
		}
	}
	p.waitFor(t, 120*time.Second, "training", `document.querySelector('#phase').dataset.phase === 'training'`)
	p.run(t, 10*time.Second, "reloading while training", chromedp.Evaluate(`setTimeout(() => location.reload(), 0); true`, nil))
	for deadline := time.Now().Add(10 * time.Second); prompts.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
	}
	if prompts.Load() == 0 {
		t.Error("reloading while training did not ask first (no beforeunload prompt)")
	}
	time.Sleep(500 * time.Millisecond)
	var nRuns int
	p.eval(t, `document.querySelectorAll('li.run').length`, &nRuns)
	if nRuns != 2 {
		t.Fatalf("after declining to leave the page shows %d runs, want 2", nRuns)
	}
	p.waitFor(t, 5*time.Minute, "both runs to finish", `(() => { const r = [...document.querySelectorAll('li.run')]; return r.length === 2 && r.every(li => ['finished', 'early-stopped'].includes(li.dataset.state)); })()`)
	p.eval(t, `document.getElementById('run-summary').textContent`, &summary)
	if !strings.Contains(summary, "lr 0.002") {
		t.Errorf("the finished runs' summary %q lost the learning rate", summary)
	}

	// Over: a reload no longer asks.
	before := prompts.Load()
	p.run(t, 30*time.Second, "reloading after the runs",
		chromedp.Evaluate(`setTimeout(() => location.reload(), 0); true`, nil), chromedp.Sleep(time.Second),
		chromedp.WaitVisible("#start", chromedp.ByQuery))
	p.waitFor(t, 10*time.Second, "the fresh page", `document.querySelectorAll('li.run').length === 0`)
	if n := prompts.Load(); n != before {
		t.Errorf("reloading after the runs ended asked %d more time(s)", n-before)
	}
	if errs := p.errors(); len(errs) > 0 {
		t.Errorf("the page logged errors:\n%s", strings.Join(errs, "\n"))
	}
}

// TestLabDivergedRunStopsAlone sets the learning rate to 100000 in the
// control: the baseline's numbers overflow, it stops "diverged" with a
// message, and the other variants train to the end. It needs the page to
// accept that rate (protocol.MaxLR, which caps the control, at 1e5 or more)
// and skips, saying so, below it: with Adam the reduced network's loss
// explodes at smaller rates but stays finite.
func TestLabDivergedRunStopsAlone(t *testing.T) {
	needBrowser(t)
	base := serve(t, nil)
	p := newPage(t, 1280, 1000)
	p.run(t, 60*time.Second, "loading the page",
		chromedp.Navigate(base+"/?train=256&epochs=1&val=64"),
		chromedp.WaitVisible("#start", chromedp.ByQuery))
	var lrMax float64
	p.eval(t, `+document.getElementById('lr').max`, &lrMax)
	if lrMax < 1e5 {
		t.Skipf("the learning rate is capped at %v (protocol.MaxLR): NaN or Inf needs about 100000 on the reduced network", lrMax)
	}
	p.run(t, 10*time.Second, "typing 100000 into #lr", typeInto("#lr", "100000"))
	if f := p.field(t, "lr"); f.Invalid != "false" || f.Err != "" {
		t.Fatalf("lr 100000 refused: %+v", f)
	}
	p.run(t, 10*time.Second, "clicking Start", chromedp.Click("#start", chromedp.ByQuery))
	p.waitFor(t, 5*time.Minute, "every run to end", allRuns(`['finished', 'early-stopped', 'diverged', 'failed'].includes(li.dataset.state)`))
	runs := p.runs(t)
	for _, v := range variants {
		r := runs[v]
		switch {
		case v == "baseline":
			if r.State != "diverged" || !strings.Contains(r.Msg, "NaN or infinite") || !strings.Contains(r.Msg, "smaller learning rate") {
				t.Errorf("baseline at lr 100000: %s with message %q, want diverged with a message", r.State, r.Msg)
			}
		case r.State != "finished" && r.State != "early-stopped":
			t.Errorf("%s at lr 100000 ended %s (%q), want it to train on to the end", v, r.State, r.Msg)
		case r.Epochs != 1:
			t.Errorf("%s finished with %d epochs of metrics, want 1", v, r.Epochs)
		}
		t.Logf("%s: %s · %s · %s", v, r.State, r.Line, r.Msg)
	}
	var summary string
	p.eval(t, `document.getElementById('run-summary').textContent`, &summary)
	if !strings.Contains(summary, "lr 100000") {
		t.Errorf("run summary %q lacks lr 100000", summary)
	}
	p.screenshotLab(t, "lab-diverged.png")
	if errs := p.errors(); len(errs) > 0 {
		t.Errorf("the page logged errors:\n%s", strings.Join(errs, "\n"))
	}
}

func (p *page) screenshotLab(t *testing.T, name string) {
	t.Helper()
	var png []byte
	// A tall window, so the lab column (sticky, one screen high, scrolling
	// inside) shows whole; then back to the test's size.
	p.run(t, 30*time.Second, "taking a screenshot of the lab",
		chromedp.EmulateViewport(1280, 2600), chromedp.Sleep(500*time.Millisecond),
		chromedp.Screenshot("#lab", &png, chromedp.ByQuery),
		chromedp.EmulateViewport(1280, 1000))
	shot := filepath.Join(outputDir(t), name)
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", shot)
}
