package e2e

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// stepTitles are the explainer's headings (ui/explain.StepTitles), repeated
// here so the test reads the page as a learner would.
var stepTitles = []string{
	"The neuron",
	"The dot product as similarity",
	"Templates on real images",
	"Layers change the basis",
	"The unit hypersphere",
	"ReLU and the angle",
	"The experiment",
}

// shownNumber parses a number as the explainer prints it (Unicode minus).
func shownNumber(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), "−", "-"), 64)
	if err != nil {
		t.Fatalf("not a number on the page: %q", s)
	}
	return v
}

// texts reads the text of the elements with the given ids.
func (p *page) texts(t *testing.T, ids ...string) map[string]string {
	t.Helper()
	var out map[string]string
	js := `(() => { const o = {}; for (const id of ` + jsList(ids) + `) { const e = document.getElementById(id); o[id] = e ? e.textContent : ''; } return o; })()`
	p.eval(t, js, &out)
	for _, id := range ids {
		if out[id] == "" {
			t.Fatalf("#%s is missing or empty", id)
		}
	}
	return out
}

func jsList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ",") + "]"
}

func (p *page) screenshot(t *testing.T, name string) {
	t.Helper()
	var png []byte
	p.run(t, 30*time.Second, "taking "+name, chromedp.FullScreenshot(&png, 100))
	if err := os.WriteFile(filepath.Join(outputDir(t), name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// expectStep waits until the explainer shows step n, in the heading and the
// URL hash.
func (p *page) expectStep(t *testing.T, n int) {
	t.Helper()
	p.waitFor(t, 5*time.Second, "step "+strconv.Itoa(n),
		`location.hash === '#step-`+strconv.Itoa(n)+`' && document.querySelector('.ex-title').textContent === `+strconv.Quote(stepTitles[n-1]))
}

// expectHeadingFocused checks that the step heading is inside the viewport
// and has keyboard focus, as after Next, Back or a step button.
func (p *page) expectHeadingFocused(t *testing.T, after string) {
	t.Helper()
	var r struct {
		Top, Height float64
		Focused     bool
		Active      string
	}
	p.eval(t, `(() => { const h = document.querySelector('.ex-title'); const a = document.activeElement;
		return {Top: h.getBoundingClientRect().top, Height: innerHeight, Focused: a === h,
			Active: a ? a.tagName + '.' + a.className : ''}; })()`, &r)
	if r.Top < 0 || r.Top >= r.Height {
		t.Errorf("after %s the step heading's top is at %.0f px, outside the %.0f px viewport", after, r.Top, r.Height)
	}
	if !r.Focused {
		t.Errorf("after %s keyboard focus is on %q, not the step heading", after, r.Active)
	}
}

// expectTableFits checks that step 7's results table fits its column: no
// sideways scrolling to reach the accuracy column.
func (p *page) expectTableFits(t *testing.T, width int) {
	t.Helper()
	var r struct{ Scroll, Client, AccRight, WrapRight float64 }
	p.eval(t, `(() => { const w = document.querySelector('.ex-variants').closest('.ex-table-wrap');
		const acc = document.querySelector('.ex-variants tbody tr td:last-child');
		return {Scroll: w.scrollWidth, Client: w.clientWidth, AccRight: acc.getBoundingClientRect().right,
			WrapRight: w.getBoundingClientRect().right}; })()`, &r)
	if r.Scroll > r.Client {
		t.Errorf("at %d px step 7's table is %.0f px wide in a %.0f px column", width, r.Scroll, r.Client)
	}
	if r.AccRight > r.WrapRight+0.5 {
		t.Errorf("at %d px the accuracy column ends at %.0f px, past the column's edge at %.0f px", width, r.AccRight, r.WrapRight)
	}
}

// checkCos verifies step 2's cos θ against W·X / (|W||X|) computed from the
// coordinates on screen, and returns X.
func checkCos(t *testing.T, p *page) (x, y float64) {
	t.Helper()
	v := p.texts(t, "ex-d-wx", "ex-d-wy", "ex-d-xx", "ex-d-xy", "ex-d-cos", "ex-d-dot")
	wx, wy := shownNumber(t, v["ex-d-wx"]), shownNumber(t, v["ex-d-wy"])
	xx, xy := shownNumber(t, v["ex-d-xx"]), shownNumber(t, v["ex-d-xy"])
	dot := wx*xx + wy*xy
	cos := dot / (math.Hypot(wx, wy) * math.Hypot(xx, xy))
	if got := shownNumber(t, v["ex-d-cos"]); math.Abs(got-cos) > 0.0005+1e-9 {
		t.Errorf("cos θ shown %v, W·X/(|W||X|) from the shown coordinates %v", got, cos)
	}
	if got := shownNumber(t, v["ex-d-dot"]); math.Abs(got-dot) > 0.0005+1e-9 {
		t.Errorf("W·X shown %v, from the shown coordinates %v", got, dot)
	}
	return xx, xy
}

// TestExplainer walks the seven explainer steps with the keyboard, checking
// that Next and Back land on the new step's heading, drags X in step 2,
// takes gradient steps in step 5, moves through the step buttons with the
// arrow keys, checks that step 7's table fits at 1280 and 360 px, and writes
// a screenshot of every step at 1280 px and of steps 2 and 7 at 360 px to
// test-output/.
func TestExplainer(t *testing.T) {
	needBrowser(t)
	base := serve(t, nil)
	p := newPage(t, 1280, 900)
	p.run(t, 60*time.Second, "loading the page",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"/#step-1"),
		chromedp.WaitVisible(".ex-title", chromedp.ByQuery))
	p.expectStep(t, 1)
	// The step-3 canvases and every step's figures are drawn from here on.

	// Step through all seven by keyboard: ArrowRight on the page, and the
	// Next button activated with Enter, alternately.
	// Step 1: a weight slider moved with the keyboard updates z.
	before := p.texts(t, "ex-n-z")
	p.run(t, 5*time.Second, "raising w₁ with the keyboard",
		chromedp.Focus("#ex-n-w0", chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight))
	p.expectStep(t, 1) // the slider keeps its arrow keys
	after := p.texts(t, "ex-n-z")
	// z = w₁x₁ + …: raising w₁ by 0.2 with x₁ = 1.0 raises z by 0.20.
	if dz := shownNumber(t, strings.TrimPrefix(strings.TrimSpace(after["ex-n-z"]), "= ")) -
		shownNumber(t, strings.TrimPrefix(strings.TrimSpace(before["ex-n-z"]), "= ")); math.Abs(dz-0.2) > 1e-9 {
		t.Errorf("z went from %q to %q, want +0.20", before["ex-n-z"], after["ex-n-z"])
	}

	p.run(t, 5*time.Second, "focusing the page", chromedp.Click("header h1", chromedp.ByQuery))
	for n := 1; n <= 7; n++ {
		p.expectStep(t, n)
		p.screenshot(t, "explain-step-"+strconv.Itoa(n)+".png")
		if n == 3 {
			// The canvases hold the image and the response maps.
			var painted bool
			p.eval(t, `[...document.querySelectorAll('.ex-map canvas')].every(c => {
				const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
				let opaque = 0; for (let i = 3; i < d.length; i += 4) if (d[i] === 255) opaque++;
				return c.width === 128 && opaque === c.width * c.height; })`, &painted)
			if !painted {
				t.Errorf("step 3's canvases are not painted")
			}
			// The probe follows the arrow keys while the maps have focus.
			p.run(t, 5*time.Second, "moving the probe",
				chromedp.Focus(".ex-maps", chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowDown))
			p.expectStep(t, 3)
			v := p.texts(t, "ex-t-row", "ex-t-col")
			if v["ex-t-row"] != "14" || v["ex-t-col"] != "7" {
				t.Errorf("probe at row %s, column %s after →→↓ from 13, 5", v["ex-t-row"], v["ex-t-col"])
			}
			checkProbe(t, p)
			p.eval(t, `document.activeElement.blur(), true`, nil)
		}
		if n == 7 {
			// The results table shows every column without sideways scrolling.
			p.expectTableFits(t, 1280)
			break
		}
		if n%2 == 1 {
			p.run(t, 5*time.Second, "pressing ArrowRight", chromedp.KeyEvent(kb.ArrowRight))
		} else {
			// From the bottom of the step, where the learner finds Next, the
			// new step's heading comes into view with the focus (on step 7
			// too, where Next turns disabled).
			p.eval(t, `window.scrollTo(0, document.documentElement.scrollHeight), true`, nil)
			p.run(t, 5*time.Second, "pressing Enter on Next",
				chromedp.Focus(".ex-next", chromedp.ByQuery), chromedp.KeyEvent(kb.Enter))
			p.expectStep(t, n+1)
			p.expectHeadingFocused(t, "Next on step "+strconv.Itoa(n))
			// Leave the focus on the page again, outside any control.
			p.eval(t, `document.activeElement.blur(), true`, nil)
		}
	}
	// Back by keyboard.
	p.run(t, 5*time.Second, "pressing ArrowLeft", chromedp.KeyEvent(kb.ArrowLeft))
	p.expectStep(t, 6)
	p.eval(t, `window.scrollTo(0, document.documentElement.scrollHeight), true`, nil)
	p.run(t, 5*time.Second, "pressing Enter on Back", chromedp.Focus(".ex-back", chromedp.ByQuery), chromedp.KeyEvent(kb.Enter))
	p.expectStep(t, 5)
	p.expectHeadingFocused(t, "Back on step 6")

	// Step 5: take gradient steps; with normalisation the radial part of the
	// gradient is zero, without it is not.
	for i := 0; i < 4; i++ {
		p.run(t, 5*time.Second, "taking a gradient step", chromedp.Focus("#ex-s-step", chromedp.ByQuery), chromedp.KeyEvent(kb.Enter))
	}
	p.waitFor(t, 5*time.Second, "four steps", `document.getElementById('ex-s-n').textContent === '4'`)
	v := p.texts(t, "ex-s-norm-rad", "ex-s-free-rad", "ex-s-3d-rad", "ex-s-norm-len")
	if r := shownNumber(t, v["ex-s-norm-rad"]); r != 0 {
		t.Errorf("normalised radial part shown as %v, want 0", r)
	}
	if r := shownNumber(t, v["ex-s-3d-rad"]); r != 0 {
		t.Errorf("3D radial part shown as %v, want 0", r)
	}
	if r := shownNumber(t, v["ex-s-free-rad"]); r <= 0 {
		t.Errorf("free radial part shown as %v, want positive", r)
	}
	// The sphere turns with the arrow keys, which stay with the figure.
	var view0, view1 string
	p.eval(t, `document.getElementById('ex-s-3d-t').textContent`, &view0)
	p.run(t, 5*time.Second, "turning the sphere", chromedp.Focus(".ex-fig-sphere", chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowUp))
	p.expectStep(t, 5)
	p.eval(t, `document.getElementById('ex-s-3d-t').textContent`, &view1)
	if view0 == view1 {
		t.Errorf("the arrow keys did not turn the sphere: %q", view1)
	}
	p.screenshot(t, "explain-step-5-stepped.png")

	// Step 2: drag the tip of X with the pointer.
	p.eval(t, `location.hash = '#step-2', true`, nil)
	p.expectStep(t, 2)
	x0, y0 := checkCos(t, p)
	var box struct{ X, Y float64 }
	p.eval(t, `(() => { const r = document.getElementById('ex-d-handle-x').getBoundingClientRect(); return {X: r.x + r.width/2, Y: r.y + r.height/2}; })()`, &box)
	p.run(t, 10*time.Second, "dragging X",
		chromedp.MouseEvent(input.MousePressed, box.X, box.Y, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.MouseMoved, box.X-30, box.Y+5, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.MouseMoved, box.X-90, box.Y+20, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.MouseReleased, box.X-90, box.Y+20, chromedp.ButtonLeft))
	x1, y1 := checkCos(t, p)
	if !(x1 < x0-1 && y1 < y0) {
		t.Errorf("dragging X left and down moved it from (%v, %v) to (%v, %v)", x0, y0, x1, y1)
	}
	// The keyboard moves the focused tip by 0.1, and the arrow keys stay with
	// the figure instead of changing the step.
	p.run(t, 5*time.Second, "moving X with the keyboard",
		chromedp.Focus("#ex-d-handle-x", chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowLeft), chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
	p.expectStep(t, 2)
	x2, y2 := checkCos(t, p)
	if math.Abs(x2-(x1-0.1)) > 1e-9 || math.Abs(y2-(y1+0.2)) > 1e-9 {
		t.Errorf("keys moved X from (%v, %v) to (%v, %v), want (−0.1, +0.2)", x1, y1, x2, y2)
	}
	// Scaling W leaves the angle alone.
	before = p.texts(t, "ex-d-angle", "ex-d-dot")
	p.run(t, 5*time.Second, "scaling W with the slider",
		chromedp.Focus("#ex-d-scale", chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight))
	after = p.texts(t, "ex-d-angle", "ex-d-dot")
	if before["ex-d-angle"] != after["ex-d-angle"] {
		t.Errorf("scaling W changed the angle from %s to %s", before["ex-d-angle"], after["ex-d-angle"])
	}
	if before["ex-d-dot"] == after["ex-d-dot"] {
		t.Errorf("scaling W left W·X at %s", after["ex-d-dot"])
	}
	checkCos(t, p)
	p.screenshot(t, "explain-step-2-dragged.png")

	// The step buttons are one keyboard widget: the arrow keys move from the
	// focused button (not from the current step), once (the page's own
	// arrow-key navigation must not move a second time), and take the focus
	// along; only the current button is in the tab order.
	dot := func(n int) string { return `document.querySelectorAll('.ex-dot')[` + strconv.Itoa(n-1) + `]` }
	expectDotFocused := func(n int) {
		t.Helper()
		var ok bool
		p.eval(t, `document.activeElement === `+dot(n)+` && [...document.querySelectorAll('.ex-dot')].every((b, i) => b.tabIndex === (i === `+strconv.Itoa(n-1)+` ? 0 : -1))`, &ok)
		if !ok {
			t.Errorf("step button %d is not the focused, only tabbable one", n)
		}
	}
	p.eval(t, dot(5)+`.focus(), true`, nil)
	p.run(t, 5*time.Second, "pressing ArrowRight on step button 5", chromedp.KeyEvent(kb.ArrowRight))
	p.expectStep(t, 6)
	expectDotFocused(6)
	p.run(t, 5*time.Second, "pressing ArrowLeft twice", chromedp.KeyEvent(kb.ArrowLeft), chromedp.KeyEvent(kb.ArrowLeft))
	p.expectStep(t, 4)
	expectDotFocused(4)
	p.run(t, 5*time.Second, "pressing End", chromedp.KeyEvent(kb.End))
	p.expectStep(t, 7)
	expectDotFocused(7)
	p.run(t, 5*time.Second, "pressing ArrowRight on the last step button", chromedp.KeyEvent(kb.ArrowRight))
	p.expectStep(t, 7)
	expectDotFocused(7)
	p.run(t, 5*time.Second, "pressing Home", chromedp.KeyEvent(kb.Home))
	p.expectStep(t, 1)
	expectDotFocused(1)
	// Clicking a step button shows that step from its heading.
	p.run(t, 5*time.Second, "clicking step button 5", chromedp.Click(`.ex-dots li:nth-child(5) button`, chromedp.ByQuery))
	p.expectStep(t, 5)
	p.expectHeadingFocused(t, "clicking step button 5")

	// A narrow phone screen.
	p.eval(t, `location.hash = '#step-2', true`, nil)
	p.expectStep(t, 2)
	p.run(t, 10*time.Second, "narrowing the viewport", chromedp.EmulateViewport(360, 800))
	var overflow bool
	p.eval(t, `document.documentElement.scrollWidth > 360`, &overflow)
	if overflow {
		t.Errorf("step 2 scrolls sideways at 360 px")
	}
	p.screenshot(t, "explain-step-2-360px.png")
	// Next clicked at the bottom of step 4 lands on step 5's heading.
	p.eval(t, `location.hash = '#step-4', true`, nil)
	p.expectStep(t, 4)
	p.eval(t, `window.scrollTo(0, document.documentElement.scrollHeight), true`, nil)
	p.run(t, 5*time.Second, "clicking Next at 360 px", chromedp.Click(".ex-next", chromedp.ByQuery))
	p.expectStep(t, 5)
	p.expectHeadingFocused(t, "clicking Next on step 4 at 360 px")
	var shot []byte // what the learner sees: the viewport, not the whole page
	p.run(t, 10*time.Second, "taking a viewport screenshot", chromedp.CaptureScreenshot(&shot))
	if err := os.WriteFile(filepath.Join(outputDir(t), "explain-step-5-after-next-360px.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	p.eval(t, `location.hash = '#step-7', true`, nil)
	p.expectStep(t, 7)
	p.expectTableFits(t, 360)
	p.eval(t, `document.documentElement.scrollWidth > 360`, &overflow)
	if overflow {
		t.Errorf("step 7 scrolls sideways at 360 px")
	}
	p.screenshot(t, "explain-step-7-360px.png")

	if errs := p.errors(); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}

// TestExplainerWithLabData starts the lab from step 7 and checks that step 3
// then matches templates against the real validation images, and, once the
// first epoch reports conv1's weights, against a learned filter.
func TestExplainerWithLabData(t *testing.T) {
	needBrowser(t)
	base := serve(t, nil)
	p := newPage(t, 1280, 900)
	p.run(t, 60*time.Second, "loading the page",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"/?train=512&epochs=1&val=200#step-7"),
		chromedp.WaitVisible("#ex-e-start", chromedp.ByQuery))
	p.expectStep(t, 7)
	p.run(t, 5*time.Second, "starting the lab from step 7", chromedp.Click("#ex-e-start", chromedp.ByQuery))
	p.waitFor(t, 10*time.Second, "the start button to show the running lab", `document.getElementById('ex-e-start').disabled`)

	p.eval(t, `location.hash = '#step-3', true`, nil)
	p.expectStep(t, 3)
	p.waitFor(t, 60*time.Second, "the real images", `!!document.getElementById('ex-t-img')`)
	var caption string
	p.eval(t, `document.querySelectorAll('.ex-map figcaption')[1].textContent`, &caption)
	classes := []string{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}
	found := false
	for _, c := range classes {
		found = found || strings.HasSuffix(caption, "· "+c)
	}
	if !strings.HasPrefix(caption, "image 1 of ") || !found {
		t.Errorf("image caption %q, want \"image 1 of N · class\"", caption)
	}
	// Next image by keyboard (the button), then the numbers must agree.
	p.run(t, 5*time.Second, "next image", chromedp.Focus(`button[aria-label="Next image"]`, chromedp.ByQuery), chromedp.KeyEvent(kb.Enter))
	p.eval(t, `document.querySelectorAll('.ex-map figcaption')[1].textContent`, &caption)
	if !strings.HasPrefix(caption, "image 2 of ") {
		t.Errorf("after Next image the caption is %q", caption)
	}
	checkProbe(t, p)

	// A learned first-layer filter becomes a template after the first epoch.
	p.waitFor(t, 240*time.Second, "a learned filter in the template list",
		`[...document.querySelectorAll('#ex-t-tmpl option')].some(o => o.value === 'lab0')`)
	p.eval(t, `(() => { const s = document.getElementById('ex-t-tmpl'); s.value = 'lab0'; s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`, nil)
	p.waitFor(t, 5*time.Second, "the learned filter's maps", `document.getElementById('ex-t-tmpl').value === 'lab0' && document.querySelector('.ex-map figcaption').textContent.startsWith('template w')`)
	checkProbe(t, p)
	p.screenshot(t, "explain-step-3-real-data.png")

	p.run(t, 10*time.Second, "resetting the lab", chromedp.Click("#reset", chromedp.ByQuery))
	if errs := p.errors(); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}

// checkProbe verifies step 3's read-outs against each other: the
// normalised response is the raw one divided by |w|, the cosine that divided
// by |x| (to display precision).
func checkProbe(t *testing.T, p *page) {
	t.Helper()
	v := p.texts(t, "ex-t-wn", "ex-t-xn", "ex-t-raw", "ex-t-norm", "ex-t-cos")
	wn, xn := shownNumber(t, v["ex-t-wn"]), shownNumber(t, v["ex-t-xn"])
	raw, norm, cos := shownNumber(t, v["ex-t-raw"]), shownNumber(t, v["ex-t-norm"]), shownNumber(t, v["ex-t-cos"])
	// Each shown value is rounded to 3 decimals (±0.0005); allow for how
	// that rounding propagates through the division.
	const h = 0.0005
	if math.Abs(raw/wn-norm) > h+h/wn+h*math.Abs(raw)/wn/wn+1e-9 {
		t.Errorf("w·x / |w| = %v / %v ≠ shown %v", raw, wn, norm)
	}
	if math.Abs(norm/xn-cos) > h+h/xn+h*math.Abs(norm)/xn/xn+1e-9 {
		t.Errorf("(w/|w|)·x / |x| = %v / %v ≠ shown %v", norm, xn, cos)
	}
	if math.Abs(cos) > 1 {
		t.Errorf("cosine %v outside [−1, 1]", cos)
	}
}
