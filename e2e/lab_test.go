package e2e

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"hypersphere/wasm/protocol"
)

// variants are the four variants the lab trains by default.
var variants = []string{"baseline", "norm_conv", "norm_dense", "norm_conv_dense"}

// runInfo is what the page shows of one run (read from its data attributes).
type runInfo struct {
	Variant   string `json:"variant"`
	State     string `json:"state"`
	Epochs    int    `json:"epochs"`
	Steps     int    `json:"steps"`
	TrainLoss string `json:"trainLoss"`
	ValAcc    string `json:"valAcc"`
	Line      string `json:"line"`
	Msg       string `json:"msg"`
}

const readRuns = `[...document.querySelectorAll('li.run')].map(li => ({
	variant: li.dataset.variant, state: li.dataset.state,
	epochs: +li.dataset.epochs, steps: +li.dataset.steps,
	trainLoss: li.dataset.trainLoss || '', valAcc: li.dataset.valAcc || '',
	line: (li.querySelector('.run-line') || {}).textContent || '',
	msg: (li.querySelector('.run-msg') || {}).textContent || ''}))`

func (p *page) runs(t *testing.T) map[string]runInfo {
	t.Helper()
	var list []runInfo
	p.eval(t, readRuns, &list)
	out := map[string]runInfo{}
	for _, r := range list {
		out[r.Variant] = r
	}
	return out
}

// allRuns builds a JavaScript condition that holds for every run li.
func allRuns(cond string) string {
	return `(() => { const r = [...document.querySelectorAll('li.run')]; return r.length === 4 && r.every(li => ` + cond + `); })()`
}

// TestLabTrainsFourVariants is the lab's end-to-end test: the four variants
// train in parallel workers on 512 real CIFAR images for 2 epochs (reduced
// network), with Pause/Resume, a responsiveness check, charts, filters,
// predictions, a screenshot, and Reset.
func TestLabTrainsFourVariants(t *testing.T) {
	needBrowser(t)
	base := serve(t, nil)
	p := newPage(t, 1400, 1000)

	p.run(t, 60*time.Second, "loading the page",
		chromedp.Navigate(base+"/?train=512&epochs=2&val=200#step-1"),
		chromedp.WaitVisible("#start", chromedp.ByQuery))

	// The explainer is mounted on the left and the arrow keys move it.
	p.waitFor(t, 10*time.Second, "the explainer", `!!document.querySelector('.col-explain .ex')`)
	p.run(t, 10*time.Second, "pressing ArrowRight", chromedp.KeyEvent(kb.ArrowRight))
	p.waitFor(t, 5*time.Second, "the step in the URL hash", `location.hash === '#step-2'`)

	// Watch the main thread: the longest gap between animation frames, and
	// the latency from a click's input event to the DOM update it causes.
	p.eval(t, `(() => {
		window.__hs = {maxGap: 0, frames: 0, clicks: []};
		let last = performance.now();
		const tick = (now) => { const g = now - last; if (window.__hs.on && g > window.__hs.maxGap) window.__hs.maxGap = g; last = now; window.__hs.frames++; requestAnimationFrame(tick); };
		requestAnimationFrame(tick);
		document.addEventListener('click', (e) => { window.__hs.pending = e.timeStamp; }, true);
		new MutationObserver(() => { if (window.__hs.pending !== undefined) { window.__hs.clicks.push(performance.now() - window.__hs.pending); window.__hs.pending = undefined; } })
			.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
		return true; })()`, nil)

	p.run(t, 10*time.Second, "clicking Start", chromedp.Click("#start", chromedp.ByQuery))
	p.waitFor(t, 120*time.Second, "every variant to report training batches", allRuns(`li.dataset.state === 'running' && +li.dataset.steps > 0`))
	p.eval(t, `window.__hs.on = true`, nil)

	// Pause: every worker acknowledges, and no step is taken while paused.
	pauseAt := time.Now()
	p.run(t, 10*time.Second, "clicking Pause", chromedp.Click("#pause", chromedp.ByQuery))
	p.waitFor(t, 5*time.Second, "every variant to pause", allRuns(`li.dataset.state === 'paused'`))
	// The workers acknowledge within a few yields (the page draws at 4 Hz
	// and the test polls at 10 Hz, so this bound is generous).
	if d := time.Since(pauseAt); d > 2*time.Second {
		t.Errorf("the workers took %v to pause", d)
	} else {
		t.Logf("Pause → every worker paused and shown: %v", d.Round(time.Millisecond))
	}
	before := p.runs(t)
	time.Sleep(1500 * time.Millisecond)
	after := p.runs(t)
	for _, v := range variants {
		if after[v].Steps != before[v].Steps || after[v].Epochs != before[v].Epochs {
			t.Errorf("%s trained while paused: %d → %d steps", v, before[v].Steps, after[v].Steps)
		}
	}
	// A click while training is handled promptly: the explainer's Next
	// button re-renders the left column.
	p.run(t, 10*time.Second, "clicking Resume", chromedp.Click("#pause", chromedp.ByQuery))
	p.waitFor(t, 5*time.Second, "every variant to resume", allRuns(`li.dataset.state === 'running'`))
	for i := 0; i < 3; i++ {
		p.run(t, 10*time.Second, "clicking the explainer's Next", chromedp.Click(".ex-next", chromedp.ByQuery))
		time.Sleep(400 * time.Millisecond)
	}
	// While four workers train, profile the page's own thread: it should
	// be mostly idle and never run engine code.
	idle, engine := p.profileMainThread(t, 4*time.Second)
	t.Logf("page main thread while training: %.0f%% idle, %d samples in engine code", 100*idle, engine)
	if idle < 0.5 {
		t.Errorf("the page's main thread was busy %.0f%% of the time during training (want < 50%%)", 100*(1-idle))
	}
	if engine > 0 {
		t.Errorf("the page's main thread ran training-engine code (%d samples): training must stay in the workers", engine)
	}
	p.waitFor(t, 60*time.Second, "training to continue after Resume", fmt.Sprintf(`(() => { const b = %s; return [...document.querySelectorAll('li.run')].every(li => +li.dataset.steps > (b[li.dataset.variant] || 0) || +li.dataset.epochs > 0); })()`, stepsJSON(after)))

	// Every variant runs its 2 epochs to the end.
	p.waitFor(t, 6*time.Minute, "every variant to finish 2 epochs", allRuns(`li.dataset.state === 'finished' || li.dataset.state === 'early-stopped'`))
	// The main thread stayed free while four workers trained (read before
	// the native runs below load the machine).
	var hs struct {
		MaxGap float64   `json:"maxGap"`
		Frames int       `json:"frames"`
		Clicks []float64 `json:"clicks"`
	}
	p.eval(t, `window.__hs`, &hs)
	t.Logf("main thread during training: %d frames, longest frame gap %.0f ms, click→render %v ms", hs.Frames, hs.MaxGap, hs.Clicks)
	// Generous bounds: the machine running the tests may be busy (4
	// workers on 2 cores, and whatever else runs); a page that trained on
	// its own thread would freeze for whole epochs.
	if hs.MaxGap > 3000 {
		t.Errorf("the page froze for %.0f ms during training (want < 3 s)", hs.MaxGap)
	}
	if len(hs.Clicks) < 3 {
		t.Errorf("only %d click → render latencies were measured", len(hs.Clicks))
	} else if m := median(hs.Clicks); m > 500 {
		t.Errorf("median click → render latency %.0f ms during training (want < 500 ms)", m)
	}

	runs := p.runs(t)
	for _, v := range variants {
		r := runs[v]
		if r.Epochs < 2 {
			t.Errorf("%s: %d epochs of metrics, want 2 (%+v)", v, r.Epochs, r)
			continue
		}
		loss := floats(t, r.TrainLoss)
		if len(loss) < 2 || !(loss[len(loss)-1] < loss[0]) {
			t.Errorf("%s: training loss did not fall over the epochs: %v", v, loss)
		}
		for _, a := range floats(t, r.ValAcc) {
			if a < 0 || a > 1 {
				t.Errorf("%s: validation accuracy %v outside 0..1", v, a)
			}
		}
		if !strings.Contains(r.Line, "images/s") || strings.Contains(r.Line, "– images/s") {
			t.Errorf("%s: status line lacks a throughput: %q", v, r.Line)
		}
		t.Logf("%s: %s (train loss %v, val acc %s)", v, r.Line, loss, r.ValAcc)
	}

	// The browser's numbers are the engine's: the same runs, trained
	// natively from the same data and seed, give the same metrics (up to
	// float rounding: the wasm and native matrix kernels sum in different
	// orders).
	trainSet, valSet := loadWebData(t, 512, 200)
	for _, v := range variants {
		cfg := protocol.Config{Variant: v, Preset: "reduced", Activation: "relu", Epochs: 2, Batch: 32, LR: 1e-3, Seed: 1337, Augment: true}
		native := trainNatively(t, cfg, trainSet, valSet)
		loss, acc := floats(t, runs[v].TrainLoss), floats(t, runs[v].ValAcc)
		if len(native) != len(loss) || len(native) != len(acc) {
			t.Errorf("%s: %d native epochs, %d in the browser", v, len(native), len(loss))
			continue
		}
		for i, m := range native {
			if math.Abs(m.TrainLoss-loss[i]) > 2e-3*math.Abs(m.TrainLoss) || math.Abs(m.ValAcc-acc[i]) > 0.0101 {
				t.Errorf("%s epoch %d: browser train loss %v, val acc %v; native %v, %v", v, i+1, loss[i], acc[i], m.TrainLoss, m.ValAcc)
			}
		}
	}

	// The charts draw every variant, with a point per epoch.
	var paths map[string]map[string]int
	p.eval(t, `(() => { const out = {};
		for (const id of ['chart-acc', 'chart-valloss', 'chart-trainloss', 'chart-norm']) {
			out[id] = {};
			for (const el of document.querySelectorAll('#' + id + ' path.hs-chart-line')) {
				out[id][el.dataset.series] = ((el.getAttribute('d') || '').match(/[ML]/g) || []).length;
			}
		}
		return out; })()`, &paths)
	for _, id := range []string{"chart-acc", "chart-valloss", "chart-norm"} {
		for _, v := range variants {
			if paths[id][v] < 2 {
				t.Errorf("%s: the %s line has %d points, want ≥ 2 (one per epoch)", id, v, paths[id][v])
			}
		}
	}
	for _, v := range variants {
		// 512 images / batch 32 = 16 steps per epoch, 2 epochs.
		if paths["chart-trainloss"][v] < 16 {
			t.Errorf("training-loss chart: the %s line has %d points, want ≥ 16", v, paths["chart-trainloss"][v])
		}
	}

	// Looking inside: four filter canvases with real (non-flat) pixels, and
	// eight validation images with one prediction per variant.
	var inside struct {
		Filters []float64 `json:"filters"`
		Cells   int       `json:"cells"`
		Preds   []int     `json:"preds"`
		Thumbs  []float64 `json:"thumbs"`
	}
	p.eval(t, `(() => {
		const spread = (c) => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let lo = 255, hi = 0; for (let i = 0; i < d.length; i += 4) { lo = Math.min(lo, d[i], d[i+1], d[i+2]); hi = Math.max(hi, d[i], d[i+1], d[i+2]); } return hi - lo; };
		const cells = [...document.querySelectorAll('.predcell')];
		return {filters: [...document.querySelectorAll('canvas.filtercanvas')].map(spread),
			cells: cells.length, preds: cells.map(c => c.querySelectorAll('.pred').length),
			thumbs: [...document.querySelectorAll('canvas.thumb')].map(spread)}; })()`, &inside)
	if len(inside.Filters) != 4 {
		t.Errorf("%d filter canvases, want 4", len(inside.Filters))
	}
	for i, s := range inside.Filters {
		if s < 50 {
			t.Errorf("filter canvas %d is nearly flat (pixel spread %v)", i, s)
		}
	}
	if inside.Cells != 8 {
		t.Errorf("%d prediction cells, want 8", inside.Cells)
	}
	for i, n := range inside.Preds {
		if n != 4 {
			t.Errorf("prediction cell %d has %d predictions, want 4", i, n)
		}
	}
	for i, s := range inside.Thumbs {
		if s < 30 {
			t.Errorf("validation image %d is nearly flat (pixel spread %v)", i, s)
		}
	}

	// Screenshot of the trained page.
	var png []byte
	// A tall window, so the lab column (sticky, one screen high) shows whole.
	p.run(t, 30*time.Second, "taking a screenshot",
		chromedp.EmulateViewport(1400, 2600), chromedp.Sleep(700*time.Millisecond),
		chromedp.FullScreenshot(&png, 100))
	shot := filepath.Join(outputDir(t), "lab-trained.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", shot)

	// Reset clears the runs and the charts.
	p.run(t, 10*time.Second, "clicking Reset", chromedp.Click("#reset", chromedp.ByQuery))
	p.waitFor(t, 5*time.Second, "the runs to clear", `document.querySelectorAll('li.run').length === 0 && document.querySelectorAll('path.hs-chart-line').length === 0 && document.querySelector('#phase').dataset.phase === 'idle'`)

	if errs := p.errors(); len(errs) > 0 {
		t.Errorf("the page logged errors:\n%s", strings.Join(errs, "\n"))
	}
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func stepsJSON(r map[string]runInfo) string {
	parts := []string{}
	for v, ri := range r {
		parts = append(parts, strconv.Quote(v)+":"+strconv.Itoa(ri.Steps))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func floats(t *testing.T, s string) []float64 {
	t.Helper()
	var out []float64
	for _, f := range strings.Fields(s) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			t.Fatalf("bad number %q in %q", f, s)
		}
		out = append(out, v)
	}
	return out
}
