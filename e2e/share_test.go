package e2e

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// sharedQuery is the configuration the reproducibility test puts in the
// URL: two variants (one of the originals, one the papers propose), no
// augmentation, ELU, an unusual learning rate and seed.
const sharedQuery = "variants=norm_conv,gain_conv_dense&preset=reduced&train=256&epochs=1&batch=32&lr=0.002&seed=7&seeds=1&aug=0&act=elu&val=100"

// allowDownloads makes the browser save downloads into dir.
func (p *page) allowDownloads(t *testing.T, dir string) {
	t.Helper()
	p.run(t, 10*time.Second, "allowing downloads",
		browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dir).WithEventsEnabled(true))
}

// waitFile waits until dir holds a complete file called name and returns
// its contents.
func waitFile(t *testing.T, dir, name string, timeout time.Duration) []byte {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil && len(b) > 0 {
			if _, err := os.Stat(filepath.Join(dir, name+".crdownload")); os.IsNotExist(err) {
				return b
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	t.Fatalf("no download %s after %v (the folder holds %v)", name, timeout, names)
	return nil
}

// csvRows parses an exported CSV into its header and rows keyed by
// "variant/seed/epoch".
func csvRows(t *testing.T, data []byte) ([]string, map[string][]string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if len(recs) < 2 {
		t.Fatalf("the CSV has %d records, want a header and rows", len(recs))
	}
	rows := map[string][]string{}
	for _, r := range recs[1:] {
		rows[r[0]+"/"+r[1]+"/"+r[2]] = r
	}
	return recs[0], rows
}

// startAndFinish clicks Start and waits until n runs have finished.
func (p *page) startAndFinish(t *testing.T, n int, timeout time.Duration) {
	t.Helper()
	p.run(t, 10*time.Second, "clicking Start", chromedp.Click("#start", chromedp.ByQuery))
	p.waitFor(t, timeout, fmt.Sprintf("%d runs to finish", n), fmt.Sprintf(`(() => { const r = [...document.querySelectorAll('li.run')]; return r.length === %d && r.every(li => li.dataset.state === 'finished' || li.dataset.state === 'early-stopped'); })()`, n))
}

// downloadCSV clicks Download CSV and returns the file's header and rows.
func (p *page) downloadCSV(t *testing.T, dir string) ([]string, map[string][]string) {
	t.Helper()
	os.Remove(filepath.Join(dir, "hypersphere-runs.csv"))
	p.run(t, 10*time.Second, "clicking Download CSV", chromedp.Click("#csv", chromedp.ByQuery))
	return csvRows(t, waitFile(t, dir, "hypersphere-runs.csv", 15*time.Second))
}

// TestShareableReproducibleRun: a URL carrying a configuration sets the
// controls and, started, gives exactly (to the last bit, compared through
// the CSV export's full-precision numbers) the first-epoch metrics of the
// same run set up by hand in a fresh page; setting the controls by hand
// writes the same configuration into the URL. The CSV export parses and
// agrees with the page; the charts export as SVG and PNG; the step hash
// survives.
func TestShareableReproducibleRun(t *testing.T) {
	needBrowser(t)
	base := serve(t, nil)
	dl := t.TempDir()

	// 1. The shared link.
	a := newPage(t, 1400, 1000)
	a.allowDownloads(t, dl)
	a.run(t, 60*time.Second, "loading the shared link",
		chromedp.Navigate(base+"/?"+sharedQuery+"#step-2"),
		chromedp.WaitVisible("#start", chromedp.ByQuery))
	a.waitFor(t, 10*time.Second, "the explainer at step 2", `location.hash === '#step-2' && !!document.querySelector('.col-explain .ex')`)
	var controls struct {
		Checked []string `json:"checked"`
		Epochs  string   `json:"epochs"`
		LR      string   `json:"lr"`
		Seed    string   `json:"seed"`
		Aug     bool     `json:"aug"`
		Act     string   `json:"act"`
		Size    string   `json:"size"`
		Link    string   `json:"link"`
		Search  string   `json:"search"`
	}
	a.eval(t, `({checked: [...document.querySelectorAll('.variants input:checked')].map(i => i.name),
		epochs: document.getElementById('epochs').value, lr: document.getElementById('lr').value,
		seed: document.getElementById('seed').value, aug: document.getElementById('augment').checked,
		act: document.getElementById('activation').value, size: document.getElementById('trainsize').value,
		link: document.getElementById('sharelink').value, search: location.search})`, &controls)
	if strings.Join(controls.Checked, ",") != "norm_conv,gain_conv_dense" || controls.Epochs != "1" || controls.LR != "0.002" ||
		controls.Seed != "7" || controls.Aug || controls.Act != "elu" || controls.Size != "256" {
		t.Errorf("the controls do not show the link's settings: %+v", controls)
	}
	if controls.Search != "?"+sharedQuery {
		t.Errorf("URL query %q, want %q", controls.Search, "?"+sharedQuery)
	}
	if !strings.HasSuffix(controls.Link, "?"+sharedQuery+"#step-2") {
		t.Errorf("share link %q does not carry the settings and step", controls.Link)
	}
	// Every variant offers its one-sentence explanation; only the link's are ticked.
	var offered []string
	a.eval(t, `[...document.querySelectorAll('.variant-choice')].filter(l => l.querySelector('.vsum').textContent.length > 40).map(l => l.querySelector('input').name)`, &offered)
	if len(offered) != 8 {
		t.Errorf("%d variants with an explanation, want 8: %v", len(offered), offered)
	}
	a.startAndFinish(t, 2, 3*time.Minute)
	if h := a.hash(t); h != "#step-2" {
		t.Errorf("training moved the hash to %q", h)
	}
	headA, rowsA := a.downloadCSV(t, dl)

	// The CSV: one row per variant, seed and epoch, every metric, and the
	// numbers the page shows.
	if len(rowsA) != 2 {
		t.Errorf("%d CSV rows, want 2 (2 variants × 1 seed × 1 epoch): %v", len(rowsA), rowsA)
	}
	col := map[string]int{}
	for i, h := range headA {
		col[h] = i
	}
	for _, want := range []string{"variant", "seed", "epoch", "train_loss", "val_acc", "val_loss", "max_logit", "entropy", "conv1_input_norm", "dense2_step_angle", "conv1_cos_hist_19"} {
		if _, ok := col[want]; !ok {
			t.Errorf("the CSV lacks the column %s", want)
		}
	}
	runs := a.runs(t)
	for _, v := range []string{"norm_conv", "gain_conv_dense"} {
		row, ok := rowsA[v+"/7/1"]
		if !ok {
			t.Errorf("no CSV row for %s seed 7 epoch 1", v)
			continue
		}
		if len(row) != len(headA) {
			t.Errorf("%s: %d fields, header has %d", v, len(row), len(headA))
		}
		for _, m := range []struct{ col, page string }{{"val_acc", runs[v].ValAcc}, {"train_loss", runs[v].TrainLoss}} {
			f, err := strconv.ParseFloat(row[col[m.col]], 64)
			if err != nil || strconv.FormatFloat(f, 'g', 6, 64) != m.page {
				t.Errorf("%s %s: CSV %q, page %q", v, m.col, row[col[m.col]], m.page)
			}
		}
		for _, c := range []string{"max_logit", "entropy", "conv1_input_norm", "conv2_step_angle", "dense1_mean_abs_cos"} {
			if f, err := strconv.ParseFloat(row[col[c]], 64); err != nil || !(f > 0) {
				t.Errorf("%s %s = %q, want a positive number", v, c, row[col[c]])
			}
		}
	}

	// Charts export as SVG and PNG.
	a.run(t, 10*time.Second, "exporting the accuracy chart as SVG", chromedp.Click(`#chart-acc button.export`, chromedp.ByQuery))
	svg := waitFile(t, dl, "hypersphere-acc.svg", 15*time.Second)
	var doc struct {
		XMLName xml.Name
		Width   string `xml:"width,attr"`
		Paths   []struct {
			Class string `xml:"class,attr"`
			D     string `xml:"d,attr"`
		} `xml:"g>path"`
	}
	if err := xml.Unmarshal(svg, &doc); err != nil || doc.XMLName.Local != "svg" || doc.XMLName.Space != "http://www.w3.org/2000/svg" || doc.Width == "" {
		t.Errorf("the SVG export is not a standalone SVG (%v): %.200s", err, svg)
	}
	lines := 0
	for _, p := range doc.Paths {
		if p.Class == "hs-chart-line" && p.D != "" {
			lines++
		}
	}
	if lines != 2 {
		t.Errorf("the SVG export has %d curves, want 2", lines)
	}
	a.run(t, 10*time.Second, "exporting the accuracy chart as PNG", chromedp.Click(`#chart-acc button.export:nth-of-type(2)`, chromedp.ByQuery))
	pngData := waitFile(t, dl, "hypersphere-acc.png", 15*time.Second)
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		t.Fatalf("the PNG export does not decode: %v", err)
	}
	colours := map[[3]uint32]bool{}
	bnd := img.Bounds()
	for y := bnd.Min.Y; y < bnd.Max.Y; y += 3 {
		for x := bnd.Min.X; x < bnd.Max.X; x += 3 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 12, g >> 12, b >> 12}] = true
		}
	}
	if bnd.Dx() < 400 || len(colours) < 8 {
		t.Errorf("the PNG export is %v with %d colours: not the chart", bnd, len(colours))
	}
	if err := os.WriteFile(filepath.Join(outputDir(t), "export-acc.png"), pngData, 0o644); err != nil {
		t.Fatal(err)
	}

	// 2. The same run set up by hand in a fresh page.
	b := newPage(t, 1400, 1000)
	b.allowDownloads(t, dl)
	b.run(t, 60*time.Second, "loading the plain page",
		chromedp.Navigate(base+"/?train=256&val=100#step-1"),
		chromedp.WaitVisible("#start", chromedp.ByQuery))
	b.run(t, 20*time.Second, "setting the controls by hand",
		chromedp.Click("#v-baseline", chromedp.ByQuery),
		chromedp.Click("#v-norm_dense", chromedp.ByQuery),
		chromedp.Click("#v-norm_conv_dense", chromedp.ByQuery),
		chromedp.Click("#v-gain_conv_dense", chromedp.ByQuery),
		chromedp.SetValue("#epochs", "", chromedp.ByQuery), chromedp.SendKeys("#epochs", "1"+kb.Tab, chromedp.ByQuery),
		chromedp.SetValue("#lr", "", chromedp.ByQuery), chromedp.SendKeys("#lr", "0.002"+kb.Tab, chromedp.ByQuery),
		chromedp.SetValue("#seed", "", chromedp.ByQuery), chromedp.SendKeys("#seed", "7"+kb.Tab, chromedp.ByQuery),
		chromedp.Click("#augment", chromedp.ByQuery),
		chromedp.SetValue("#activation", "elu", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('activation').dispatchEvent(new Event('change', {bubbles: true}))`, nil))
	b.waitFor(t, 5*time.Second, "the URL to carry the hand-made settings", `location.search === '?`+sharedQuery+`' && location.hash === '#step-1'`)
	b.startAndFinish(t, 2, 3*time.Minute)
	headB, rowsB := b.downloadCSV(t, dl)
	if strings.Join(headA, ",") != strings.Join(headB, ",") {
		t.Fatal("the two CSV exports have different columns")
	}
	// Everything but the timings must agree to the last bit.
	compared := 0
	for key, ra := range rowsA {
		rb, ok := rowsB[key]
		if !ok {
			t.Errorf("the hand-made run has no row %s", key)
			continue
		}
		for i, h := range headA {
			if h == "seconds" || h == "images_per_s" {
				continue
			}
			if ra[i] != rb[i] {
				t.Errorf("%s %s: link %s, by hand %s", key, h, ra[i], rb[i])
			}
			compared++
		}
	}
	t.Logf("compared %d values of %d runs bit for bit", compared, len(rowsA))

	// Copy link: the button reports what happened, the link is the page's.
	var link, here string
	b.run(t, 10*time.Second, "clicking Copy link", chromedp.Click("#copylink", chromedp.ByQuery))
	b.waitFor(t, 5*time.Second, "the copy outcome", `/copied|Could not copy/.test(document.getElementById('sharemsg').textContent)`)
	b.eval(t, `document.getElementById('sharelink').value`, &link)
	b.eval(t, `location.href`, &here)
	if link != here {
		t.Errorf("share link %q is not the page's address %q", link, here)
	}

	for _, pg := range []*page{a, b} {
		if errs := pg.errors(); len(errs) > 0 {
			t.Errorf("the page logged errors:\n%s", strings.Join(errs, "\n"))
		}
	}
}

func (p *page) hash(t *testing.T) string {
	t.Helper()
	var h string
	p.eval(t, `location.hash`, &h)
	return h
}

// TestSeedsBandsAndDiagnostics trains two variants with two seeds each on
// a two-core budget: at most max(cores, variants) workers run at once, the
// rest queue; the charts draw the mean with a band per variant, the
// diagnostics panel shows every variant, and the screenshot of the trained
// lab is written to test-output/. It also measures how long an explainer
// step takes to show while the lab trains.
func TestSeedsBandsAndDiagnostics(t *testing.T) {
	needBrowser(t)
	base := serve(t, nil)
	p := newPage(t, 1400, 1000)
	p.run(t, 60*time.Second, "loading the page",
		chromedp.Navigate(base+"/?variants=baseline,norm_conv_dense&train=256&epochs=2&seeds=2&val=100#step-1"),
		chromedp.WaitVisible("#start", chromedp.ByQuery))
	var cores int
	p.eval(t, `navigator.hardwareConcurrency`, &cores)
	// Track the most runs training at once (once the data is loaded, a run
	// is queued, or loading/running in a worker).
	p.eval(t, `(() => { window.__peak = 0; window.__queuedSeen = false;
		setInterval(() => { if (document.getElementById('phase').dataset.phase !== 'training') return;
			const s = [...document.querySelectorAll('li.run')].map(li => li.dataset.state);
			window.__peak = Math.max(window.__peak, s.filter(x => x === 'running' || x === 'paused' || x === 'loading').length);
			if (s.includes('queued')) window.__queuedSeen = true; }, 50); return true; })()`, nil)
	p.run(t, 10*time.Second, "clicking Start", chromedp.Click("#start", chromedp.ByQuery))
	p.waitFor(t, 60*time.Second, "the first runs to train", `[...document.querySelectorAll('li.run')].some(li => +li.dataset.steps > 0)`)

	// Explainer steps while the lab trains: click → DOM update latency.
	var lat []float64
	for i := 0; i < 4; i++ {
		var ms float64
		p.run(t, 10*time.Second, "timing an explainer step", chromedp.Evaluate(`new Promise(res => {
			const t0 = performance.now();
			const mo = new MutationObserver(() => { mo.disconnect(); res(performance.now() - t0); });
			mo.observe(document.querySelector('.col-explain'), {subtree: true, childList: true, characterData: true, attributes: true});
			document.querySelector('.ex-next').click(); })`, &ms, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		lat = append(lat, ms)
		time.Sleep(300 * time.Millisecond)
	}
	sort.Float64s(lat)
	type viewStats struct {
		Renders int     `json:"renders"`
		Ms      float64 `json:"ms"`
		MaxMs   float64 `json:"maxMs"`
		BuildMs float64 `json:"buildMs"`
	}
	var stats map[string]viewStats
	p.eval(t, `window.hypersphereStats`, &stats)
	for _, name := range []string{"page", "lab"} {
		s := stats[name]
		if s.Renders == 0 {
			t.Errorf("no renders of the %s view recorded", name)
			continue
		}
		t.Logf("%s view: %d renders, mean %.1f ms (build %.1f ms), longest %.1f ms", name, s.Renders,
			s.Ms/float64(s.Renders), s.BuildMs/float64(s.Renders), s.MaxMs)
	}
	t.Logf("explainer step while training: click → DOM update %v ms", lat)

	p.waitFor(t, 6*time.Minute, "all four runs to finish", `(() => { const r = [...document.querySelectorAll('li.run')]; return r.length === 4 && r.every(li => li.dataset.state === 'finished' || li.dataset.state === 'early-stopped'); })()`)
	var peak int
	var queuedSeen bool
	p.eval(t, `window.__peak`, &peak)
	p.eval(t, `window.__queuedSeen`, &queuedSeen)
	limit := max(cores, 2)
	t.Logf("%d cores: at most %d runs trained at once (limit %d), queued runs seen: %v", cores, peak, limit, queuedSeen)
	if peak > limit {
		t.Errorf("%d runs trained at once, want at most %d", peak, limit)
	}
	if limit < 4 && !queuedSeen {
		t.Error("no run waited in the queue although 4 runs exceed the worker limit")
	}

	// Bands: one per variant on the per-epoch and per-batch charts, and the
	// cos θ histogram; lines are the means.
	var bands map[string][]string
	p.eval(t, `(() => { const out = {};
		for (const id of ['chart-acc', 'chart-valloss', 'chart-trainloss', 'chart-cos', 'chart-maxlogit']) {
			out[id] = [...document.querySelectorAll('#' + id + ' path.hs-chart-band')].filter(b => /Z/.test(b.getAttribute('d') || '')).map(b => b.dataset.series);
		}
		return out; })()`, &bands)
	for id, got := range bands {
		if strings.Join(got, ",") != "baseline,norm_conv_dense" {
			t.Errorf("%s: bands for %v, want baseline and norm_conv_dense", id, got)
		}
	}
	// The diagnostics panel: every chart draws every variant, and the layer
	// selector switches the per-layer charts.
	diag := func() map[string]map[string]int {
		var out map[string]map[string]int
		p.eval(t, `(() => { const out = {};
			for (const el of document.querySelectorAll('#diagnostics .chart')) {
				out[el.id] = {};
				for (const l of el.querySelectorAll('path.hs-chart-line')) out[el.id][l.dataset.series] = ((l.getAttribute('d') || '').match(/[ML]/g) || []).length;
				out[el.id].note = el.querySelector('.chart-note').textContent.length;
			}
			return out; })()`, &out)
		return out
	}
	d1 := diag()
	for _, id := range []string{"chart-norm", "chart-step", "chart-inputnorm", "chart-cos", "chart-maxlogit", "chart-entropy"} {
		c, ok := d1[id]
		if !ok {
			t.Errorf("the diagnostics panel has no %s", id)
			continue
		}
		want := 2 // epochs
		if id == "chart-cos" {
			want = 20 // histogram bins
		}
		for _, v := range []string{"baseline", "norm_conv_dense"} {
			if c[v] < want {
				t.Errorf("%s: %s has %d points, want %d", id, v, c[v], want)
			}
		}
		if c["note"] < 40 {
			t.Errorf("%s has no note on what to look for", id)
		}
	}
	// Hovering the accuracy chart reads out each variant's mean with the
	// seeds' range (the chart's handler finds its element through the
	// event, which the lab's own renderer delivers).
	p.eval(t, `(() => { const o = document.querySelector('#chart-acc .hs-chart-overlay'); const r = o.getBoundingClientRect();
		o.dispatchEvent(new MouseEvent('mousemove', {bubbles: true, clientX: r.right - 2, clientY: r.top + r.height / 2})); return true; })()`, nil)
	p.waitFor(t, 5*time.Second, "the read-out with the seeds' range", `[...document.querySelectorAll('#chart-acc .hs-chart-readout-text')].some(t => /^baseline: .*% \(.*% – .*%\)$/.test(t.textContent))`)
	var before, after string
	p.eval(t, `document.querySelector('#chart-inputnorm path.hs-chart-line').getAttribute('d')`, &before)
	p.run(t, 10*time.Second, "choosing dense1", chromedp.SetValue("#normlayer", "dense1", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('normlayer').dispatchEvent(new Event('change', {bubbles: true}))`, nil))
	p.waitFor(t, 5*time.Second, "the per-layer charts to follow", `document.querySelector('#chart-inputnorm .hs-chart-title, #chart-inputnorm text').textContent.includes('dense1') || [...document.querySelectorAll('#chart-inputnorm text')].some(t => t.textContent.includes('dense1'))`)
	p.eval(t, `document.querySelector('#chart-inputnorm path.hs-chart-line').getAttribute('d')`, &after)
	if before == after {
		t.Error("the input-norm chart did not change with the layer")
	}
	p.run(t, 10*time.Second, "choosing conv2", chromedp.SetValue("#normlayer", "conv2", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('normlayer').dispatchEvent(new Event('change', {bubbles: true}))`, nil))

	var png []byte
	p.run(t, 30*time.Second, "taking a screenshot",
		chromedp.EmulateViewport(1400, 4200), chromedp.Sleep(800*time.Millisecond),
		chromedp.FullScreenshot(&png, 100))
	shot := filepath.Join(outputDir(t), "lab-diagnostics.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", shot)
	if errs := p.errors(); len(errs) > 0 {
		t.Errorf("the page logged errors:\n%s", strings.Join(errs, "\n"))
	}
}

// TestStartLabFromExplainerTicksTheFour: step 7's button "Start the lab with
// these four variants" starts exactly the experiment's four, whatever was
// ticked.
func TestStartLabFromExplainerTicksTheFour(t *testing.T) {
	needBrowser(t)
	base := serve(t, nil)
	p := newPage(t, 1280, 900)
	p.run(t, 60*time.Second, "loading the page",
		chromedp.Navigate(base+"/?variants=norm_conv,cosine_conv&train=256&epochs=1&val=100#step-7"),
		chromedp.WaitVisible("#ex-e-start", chromedp.ByQuery))
	p.run(t, 5*time.Second, "starting the lab from step 7", chromedp.Click("#ex-e-start", chromedp.ByQuery))
	p.waitFor(t, 10*time.Second, "the runs", `document.querySelectorAll('li.run').length > 0`)
	var got []string
	p.eval(t, `[...document.querySelectorAll('li.run')].map(li => li.dataset.variant)`, &got)
	if strings.Join(got, ",") != strings.Join(variants, ",") {
		t.Errorf("step 7 started %v, want %v", got, variants)
	}
	var search string
	p.eval(t, `location.search`, &search)
	if !strings.Contains(search, "variants=baseline,norm_conv,norm_dense,norm_conv_dense&") {
		t.Errorf("the URL does not show the four: %q", search)
	}
	p.run(t, 10*time.Second, "clicking Reset", chromedp.Click("#reset", chromedp.ByQuery))
}

// TestShareLinkWithBadSettingsSaysSo: a link whose settings the page
// cannot use says which ones, in a status message, instead of replacing
// them silently; the usable ones are kept.
func TestShareLinkWithBadSettingsSaysSo(t *testing.T) {
	needBrowser(t)
	base := serve(t, nil)
	p := newPage(t, 1280, 1000)
	p.run(t, 60*time.Second, "loading the page",
		chromedp.Navigate(base+"/?train=256&val=64&epochs=-5&batch=999999&act=tanh&variants=foo,norm_conv"),
		chromedp.WaitVisible("#url-notice", chromedp.ByQuery))
	var got struct {
		Text, Role string
		NormConv   bool
		Baseline   bool
		Epochs     string
	}
	p.eval(t, `(() => { const n = document.getElementById('url-notice');
		return {Text: n.textContent, Role: n.getAttribute('role'), NormConv: document.getElementById('v-norm_conv').checked,
			Baseline: document.getElementById('v-baseline').checked, Epochs: document.getElementById('epochs').value}; })()`, &got)
	for _, want := range []string{"cannot use", "variants: foo (unknown)", "epochs=-5 (1 to 100)", "batch=999999 (8 to 256)", "act=tanh (relu or elu)"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("notice %q lacks %q", got.Text, want)
		}
	}
	if got.Role != "status" || !got.NormConv || got.Baseline || got.Epochs != "10" {
		t.Errorf("notice role %q, norm_conv %v, baseline %v, epochs %q: want status, the usable variant alone and the default epochs",
			got.Role, got.NormConv, got.Baseline, got.Epochs)
	}
}
