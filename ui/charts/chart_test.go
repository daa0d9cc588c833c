package charts

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/vugu/html"
)

// el is a parsed element of the rendered output.
type el struct {
	tag   string
	attrs map[string]string
	text  string
}

// parseEls parses rendered HTML and returns every element, in document
// order, with its attributes and its text content.
func parseEls(t *testing.T, s string) []el {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<!doctype html><html><body>" + s + "</body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	var out []el
	var textOf func(*html.Node) string
	textOf = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(textOf(c))
		}
		return b.String()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			e := el{tag: n.Data, attrs: map[string]string{}, text: strings.TrimSpace(textOf(n))}
			for _, a := range n.Attr {
				e.attrs[a.Key] = a.Val
			}
			out = append(out, e)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// byClass returns the elements carrying class cls.
func byClass(els []el, cls string) []el {
	var out []el
	for _, e := range els {
		for _, c := range strings.Fields(e.attrs["class"]) {
			if c == cls {
				out = append(out, e)
			}
		}
	}
	return out
}

// rootSVG returns the first <svg> element.
func rootSVG(t *testing.T, els []el) el {
	t.Helper()
	for _, e := range els {
		if e.tag == "svg" {
			return e
		}
	}
	t.Fatal("no <svg> in the output")
	return el{}
}

func texts(els []el) []string {
	var out []string
	for _, e := range els {
		out = append(out, e.text)
	}
	return out
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("attribute %q is not a number: %v", s, err)
	}
	return v
}

func epochs(ys ...float64) []Point {
	p := make([]Point, len(ys))
	for i, y := range ys {
		p[i] = Point{float64(i + 1), y}
	}
	return p
}

// fourVariants is a chart like the lab's accuracy chart: four variants, one
// of which diverged at epoch 4, with a learning-rate drop marker.
func fourVariants() *LineChart {
	return &LineChart{
		Title:    "Validation accuracy: higher sooner means faster convergence",
		XLabel:   "epoch",
		YLabel:   "accuracy (%)",
		YPercent: true,
		YDomain:  Domain{0, 1},
		Width:    600, Height: 300,
		Series: []Series{
			{Name: "baseline", Color: "#555555", Dashed: true, Points: epochs(0.30, 0.38, 0.44, 0.49, 0.52, 0.55)},
			{Name: "norm_conv", Color: "#0072B2", Points: epochs(0.36, 0.45, 0.50, 0.54, 0.56, 0.58)},
			{Name: "norm_dense", Color: "#E69F00", Points: epochs(0.33, 0.41, 0.46, math.NaN())},
			{Name: "norm_conv_dense", Color: "#009E73", Points: epochs(0.25, 0.31, 0.37, 0.41, 0.45, 0.48)},
		},
		Markers: []Marker{
			{X: 4, Series: "norm_dense", Kind: MarkerDiverged, Label: "loss not finite, variant stopped"},
			{X: 5, Series: "norm_conv", Kind: MarkerLRDrop, Label: "learning rate ÷10"},
			{X: 6, Series: "baseline", Kind: MarkerEarlyStop, Label: "early stop"},
		},
	}
}

// plotBox reads the plot frame back from the output.
func plotBox(t *testing.T, els []el) (left, top, w, h float64) {
	t.Helper()
	f := byClass(els, "hs-chart-frame")
	if len(f) != 1 {
		t.Fatalf("want one plot frame, got %d", len(f))
	}
	return num(t, f[0].attrs["x"]), num(t, f[0].attrs["y"]), num(t, f[0].attrs["width"]), num(t, f[0].attrs["height"])
}

func TestLineChartRendersFourSeries(t *testing.T) {
	c := fourVariants()
	out := renderHTML(t, c)
	for _, bad := range []string{"NaN", "Inf", "+Inf", "style="} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	els := parseEls(t, out)
	root := rootSVG(t, els)
	if root.attrs["role"] != "img" || root.attrs["tabindex"] != "0" || root.attrs["viewBox"] != "0 0 600.00 300.00" {
		t.Errorf("root svg attrs = %v", root.attrs)
	}
	aria := root.attrs["aria-label"]
	for _, want := range []string{c.Title, "baseline 55.0% at epoch 6", "norm_conv 58.0% at epoch 6",
		"norm_dense diverged after epoch 3", "norm_conv_dense 48.0% at epoch 6"} {
		if !strings.Contains(aria, want) {
			t.Errorf("aria-label %q lacks %q", aria, want)
		}
	}
	var title, desc string
	for _, e := range els {
		switch e.tag {
		case "title":
			if title == "" {
				title = e.text
			}
		case "desc":
			desc = e.text
		}
	}
	if title != c.Title {
		t.Errorf("<title> = %q", title)
	}
	for _, want := range []string{"Horizontal axis: epoch from 1 to 6", "Vertical axis: accuracy (%) from 0% to 100%",
		"Marker: learning rate ÷10 (epoch 5)", "Marker: loss not finite, variant stopped (epoch 4)"} {
		if !strings.Contains(desc, want) {
			t.Errorf("<desc> %q lacks %q", desc, want)
		}
	}

	// Axes, labels and tick labels.
	if n := len(byClass(els, "hs-chart-axis")); n != 1 {
		t.Errorf("axis groups = %d", n)
	}
	if got := texts(byClass(els, "hs-chart-xlabel")); len(got) != 1 || got[0] != "epoch" {
		t.Errorf("x label = %q", got)
	}
	if got := texts(byClass(els, "hs-chart-ylabel")); len(got) != 1 || got[0] != "accuracy (%)" {
		t.Errorf("y label = %q", got)
	}
	yt := strings.Join(texts(byClass(els, "hs-chart-ytick")), " ")
	if yt != "0% 20% 40% 60% 80% 100%" {
		t.Errorf("y tick labels = %q", yt)
	}
	xt := strings.Join(texts(byClass(els, "hs-chart-xtick")), " ")
	if xt != "1 2 3 4 5 6" {
		t.Errorf("x tick labels = %q", xt)
	}

	// One path per series, through the projected points.
	left, top, w, h := plotBox(t, els)
	px := func(x float64) float64 { return left + (x-1)/5*w }
	py := func(y float64) float64 { return top + (1-y)*h }
	paths := byClass(els, "hs-chart-line")
	if len(paths) != 4 {
		t.Fatalf("want 4 series paths, got %d", len(paths))
	}
	for i, s := range c.Series {
		p := paths[i]
		if p.attrs["data-series"] != s.Name || p.attrs["stroke"] != s.Color {
			t.Errorf("path %d = %v, want series %s", i, p.attrs, s.Name)
		}
		if _, dashed := p.attrs["stroke-dasharray"]; dashed != s.Dashed {
			t.Errorf("%s dashed = %v", s.Name, dashed)
		}
		d := p.attrs["d"]
		for _, pt := range s.Points {
			if math.IsNaN(pt.Y) {
				continue
			}
			xy := strconv.FormatFloat(px(pt.X), 'f', 2, 64) + "," + strconv.FormatFloat(py(pt.Y), 'f', 2, 64)
			if !strings.Contains(d, xy) {
				t.Errorf("%s: d %q lacks point %v at %s", s.Name, d, pt, xy)
			}
		}
		if !strings.HasPrefix(d, "M") || strings.Count(d, "M") != 1 {
			t.Errorf("%s: d %q should be one subpath", s.Name, d)
		}
	}

	// Legend: the four series and the three marker kinds.
	legend := strings.Join(texts(byClass(els, "hs-chart-legend")), "|")
	if legend != "baseline|norm_conv|norm_dense|norm_conv_dense|lr drop|early stop|diverged" {
		t.Errorf("legend = %q", legend)
	}

	// Markers: one glyph group each, on their curves, with a tooltip.
	ms := byClass(els, "hs-chart-marker")
	if len(ms) != 3 {
		t.Fatalf("markers = %d", len(ms))
	}
	kinds := []string{ms[0].attrs["data-kind"], ms[1].attrs["data-kind"], ms[2].attrs["data-kind"]}
	if strings.Join(kinds, ",") != "diverged,lr_drop,early_stop" {
		t.Errorf("marker kinds = %v", kinds)
	}
	if !strings.Contains(ms[1].text, "learning rate ÷10 (epoch 5)") {
		t.Errorf("marker tooltip = %q", ms[1].text)
	}
	// The lr-drop stem starts 3 units above norm_conv's value at epoch 5.
	stem := "M" + strconv.FormatFloat(px(5), 'f', 2, 64) + "," + strconv.FormatFloat(py(0.56)-3, 'f', 2, 64)
	found := false
	for _, e := range els {
		if e.tag == "path" && strings.HasPrefix(e.attrs["d"], stem) {
			found = true
		}
	}
	if !found {
		t.Errorf("no marker stem starting at %s", stem)
	}
	// The diverged marker sits on the last finite norm_dense value (epoch 3).
	cross := "M" + strconv.FormatFloat(px(4)-4, 'f', 2, 64) + "," + strconv.FormatFloat(py(0.46)-15-4, 'f', 2, 64)
	if !strings.Contains(out, `d="`+cross) {
		t.Errorf("no diverged cross starting at %s", cross)
	}
	if len(byClass(els, "hs-chart-readout")) != 0 {
		t.Error("read-out shown without hover")
	}
}

func TestLineChartNaNBreaksLine(t *testing.T) {
	c := &LineChart{Title: "Training loss", XLabel: "epoch", YLabel: "loss (nats)", YUnit: "nats",
		Series: []Series{{Name: "baseline", Color: "#555555",
			Points: []Point{{1, 2.3}, {2, 1.9}, {3, math.NaN()}, {4, math.Inf(1)}, {5, 1.5}, {6, 1.4}}}}}
	out := renderHTML(t, c)
	if strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
		t.Fatalf("NaN/Inf leaked into the output:\n%s", out)
	}
	els := parseEls(t, out)
	paths := byClass(els, "hs-chart-line")
	if len(paths) != 1 {
		t.Fatalf("paths = %d", len(paths))
	}
	d := paths[0].attrs["d"]
	if strings.Count(d, "M") != 2 || strings.Count(d, "L") != 2 {
		t.Errorf("d = %q, want two subpaths of two points each", d)
	}
	// Auto domain: padded data range rounded to ticks, labels in order.
	yt := texts(byClass(els, "hs-chart-ytick"))
	if len(yt) < 3 {
		t.Fatalf("y ticks = %q", yt)
	}
	first, last := num(t, yt[0]), num(t, yt[len(yt)-1])
	if !(first <= 1.4 && last >= 2.3 && last-first < 2) {
		t.Errorf("y ticks %q should tightly cover 1.4..2.3", yt)
	}
	if aria := rootSVG(t, els).attrs["aria-label"]; !strings.Contains(aria, "baseline 1.40 nats at epoch 6") {
		t.Errorf("aria-label = %q", aria)
	}
}

func TestLineChartEmptyState(t *testing.T) {
	c := &LineChart{Title: "Validation accuracy", XLabel: "epoch", YLabel: "accuracy (%)",
		Series: []Series{{Name: "baseline", Color: "#555555"}, {Name: "norm_conv", Color: "#0072B2", Points: []Point{{1, math.NaN()}}}}}
	out := renderHTML(t, c)
	els := parseEls(t, out)
	if got := texts(byClass(els, "hs-chart-empty-text")); len(got) != 1 || got[0] != "Waiting for the first epoch…" {
		t.Errorf("empty text = %q", got)
	}
	if len(byClass(els, "hs-chart-line")) != 0 || len(byClass(els, "hs-chart-overlay")) != 0 {
		t.Error("empty chart drew lines or a hover overlay")
	}
	if aria := rootSVG(t, els).attrs["aria-label"]; aria != "Validation accuracy. Waiting for the first epoch…" {
		t.Errorf("aria-label = %q", aria)
	}
	if strings.Contains(out, "NaN") {
		t.Error("NaN in output")
	}
}

func TestLineChartHoverAndKeyboardReadout(t *testing.T) {
	c := fourVariants()
	renderHTML(t, c) // lays out, so the chart knows where its points are

	// Pointer at 61% of the plot width: epoch 1+0.61·5 = 4.05, snaps to 4.
	c.HoverAt(0.61)
	els := parseEls(t, renderHTML(t, c))
	lines := texts(byClass(els, "hs-chart-readout-text"))
	want := []string{"epoch 4", "baseline: 49.0%", "norm_conv: 54.0%", "norm_dense: diverged", "norm_conv_dense: 41.0%"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("read-out = %q, want %q", lines, want)
	}
	left, top, w, h := plotBox(t, els)
	rule := byClass(els, "hs-chart-rule")
	if len(rule) != 1 || num(t, rule[0].attrs["x1"]) != math.Round((left+0.6*w)*100)/100 {
		t.Errorf("rule = %v, want at x %.2f", rule, left+0.6*w)
	}
	// A dot on each finite value; norm_dense (NaN) gets none.
	var dots int
	for _, e := range els {
		if e.tag == "circle" {
			dots++
			cy := num(t, e.attrs["cy"])
			if cy < top || cy > top+h {
				t.Errorf("dot outside plot: %v", e.attrs)
			}
		}
	}
	if dots != 3 {
		t.Errorf("dots = %d, want 3", dots)
	}
	if aria := rootSVG(t, els).attrs["aria-label"]; !strings.Contains(aria, "Selected: epoch 4, baseline: 49.0%") {
		t.Errorf("aria-label lacks the selection: %q", aria)
	}

	// Keyboard: arrows step through epochs and stop at the ends.
	c.ClearHover()
	renderHTML(t, c)
	steps := []struct {
		key  string
		want string
	}{{"ArrowRight", "epoch 6"}, {"ArrowRight", "epoch 6"}, {"ArrowLeft", "epoch 5"}, {"Home", "epoch 1"}, {"ArrowLeft", "epoch 1"}, {"End", "epoch 6"}}
	for _, s := range steps {
		if !c.Key(s.key) {
			t.Fatalf("key %s not handled", s.key)
		}
		got := texts(byClass(parseEls(t, renderHTML(t, c)), "hs-chart-readout-text"))
		if len(got) == 0 || got[0] != s.want {
			t.Errorf("after %s read-out = %q, want %s", s.key, got, s.want)
		}
	}
	// At epoch 6 norm_dense has no point at all: a dash, not a stale value.
	got := texts(byClass(parseEls(t, renderHTML(t, c)), "hs-chart-readout-text"))
	if got[3] != "norm_dense: —" {
		t.Errorf("norm_dense at epoch 6 = %q", got[3])
	}
	if c.Key("a") {
		t.Error("unrelated key reported handled")
	}
	c.Key("Escape")
	if len(byClass(parseEls(t, renderHTML(t, c)), "hs-chart-readout")) != 0 {
		t.Error("Escape did not hide the read-out")
	}
}

// A per-batch loss series (fractional epochs) beside a per-epoch series:
// the read-out shows each at its own nearest sample.
func TestLineChartMixedSampling(t *testing.T) {
	var batch []Point
	for i := 0; i <= 40; i++ {
		batch = append(batch, Point{float64(i) / 10, 2.5 - float64(i)/40})
	}
	c := &LineChart{Title: "Loss", XLabel: "epoch", YLabel: "loss (nats)", YUnit: "nats",
		Series: []Series{{Name: "train (per batch)", Color: "#0072B2", Points: batch},
			{Name: "validation", Color: "#E69F00", Points: []Point{{1, 2.2}, {2, 1.95}, {3, 1.8}, {4, 1.7}}}}}
	renderHTML(t, c)
	c.hoverX, c.hoverOn = 2.0, true
	got := texts(byClass(parseEls(t, renderHTML(t, c)), "hs-chart-readout-text"))
	want := "epoch 2|train (per batch): 2.00 nats|validation: 1.95 nats"
	if strings.Join(got, "|") != want {
		t.Errorf("read-out = %q, want %q", got, want)
	}
	c.hoverX = 0.4 // before the first validation epoch
	got = texts(byClass(parseEls(t, renderHTML(t, c)), "hs-chart-readout-text"))
	if strings.Join(got, "|") != "epoch 0.4|train (per batch): 2.40 nats|validation: —" {
		t.Errorf("read-out = %q", got)
	}
}

func TestLineChartDecimatesLongSeries(t *testing.T) {
	var pts []Point
	for i := 0; i < 20000; i++ {
		pts = append(pts, Point{float64(i) / 1000, math.Exp(-float64(i) / 5000)})
	}
	c := &LineChart{Title: "Loss", XLabel: "epoch", YLabel: "loss (nats)", Series: []Series{{Name: "baseline", Color: "#555555", Points: pts}}}
	els := parseEls(t, renderHTML(t, c))
	d := byClass(els, "hs-chart-line")[0].attrs["d"]
	if n := strings.Count(d, "L") + strings.Count(d, "M"); n > 500 || n < 100 {
		t.Errorf("path has %d points, want at most 500", n)
	}
	if c.MaxPoints = 100; true {
		d = byClass(parseEls(t, renderHTML(t, c)), "hs-chart-line")[0].attrs["d"]
		if n := strings.Count(d, "L") + 1; n > 100 {
			t.Errorf("MaxPoints 100 drew %d points", n)
		}
	}
}

// At 360 px the x tick labels must not collide and the plot keeps a usable
// size despite a wrapped title and a two-row legend.
func TestLineChartNarrowLayout(t *testing.T) {
	c := fourVariants()
	c.Width, c.Height = 360, 260
	c.XDomain = Domain{0, 30}
	els := parseEls(t, renderHTML(t, c))
	if n := len(byClass(els, "hs-chart-title")); n != 2 {
		t.Errorf("title lines at 360 px = %d, want 2", n)
	}
	for _, e := range byClass(els, "hs-chart-title") {
		if textW(e.text, fontTitle)+edgePad > 360 {
			t.Errorf("title line too wide: %q", e.text)
		}
	}
	xt := byClass(els, "hs-chart-xtick")
	if len(xt) < 3 {
		t.Fatalf("x ticks = %d", len(xt))
	}
	for i := 1; i < len(xt); i++ {
		gap := num(t, xt[i].attrs["x"]) - num(t, xt[i-1].attrs["x"])
		need := (textW(xt[i].text, fontTick) + textW(xt[i-1].text, fontTick)) / 2
		if gap < need+4 {
			t.Errorf("x tick labels %q and %q overlap (gap %.1f)", xt[i-1].text, xt[i].text, gap)
		}
	}
	_, _, w, h := plotBox(t, els)
	if w < 250 || h < minPlotH {
		t.Errorf("plot %.0f×%.0f too small at 360 px", w, h)
	}
	for _, e := range byClass(els, "hs-chart-legend") {
		if x := num(t, e.attrs["x"]); x+textW(e.text, fontLabel) > 360 {
			t.Errorf("legend entry %q runs off the edge", e.text)
		}
	}
}

// The read-out box moves to the bottom of the plot when the hovered values
// sit at the top, so it does not hide what it describes.
func TestLineChartReadoutAvoidsValues(t *testing.T) {
	for _, c := range []struct {
		y        float64
		atBottom bool
	}{{0.92, true}, {0.1, false}} {
		ch := &LineChart{Title: "Accuracy", XLabel: "epoch", YLabel: "accuracy (%)", YPercent: true, YDomain: Domain{0, 1},
			Series: []Series{{Name: "a", Color: "#0072B2", Points: epochs(c.y, c.y, c.y)}, {Name: "b", Color: "#E69F00", Points: epochs(c.y-0.02, c.y-0.02, c.y-0.02)}}}
		renderHTML(t, ch)
		ch.Key("End")
		els := parseEls(t, renderHTML(t, ch))
		_, top, _, h := plotBox(t, els)
		box := byClass(els, "hs-chart-readout-box")
		if len(box) != 1 {
			t.Fatalf("read-out boxes = %d", len(box))
		}
		by := num(t, box[0].attrs["y"])
		if got := by > top+h/2; got != c.atBottom {
			t.Errorf("values at %v: box y %.1f (plot %.1f..%.1f), want bottom=%v", c.y, by, top, top+h, c.atBottom)
		}
	}
}

// Events arriving before the first layout, or on an empty chart, change
// nothing and do not panic.
func TestLineChartEventsWithoutData(t *testing.T) {
	c := &LineChart{Title: "Loss"}
	c.HoverAt(0.5)
	c.Step(1)
	if c.hoverOn {
		t.Error("hover turned on without a layout")
	}
	renderHTML(t, c)
	if !c.Key("ArrowRight") || c.hoverOn {
		t.Error("arrow on an empty chart should be consumed but show nothing")
	}
	c.HoverAt(math.NaN())
	if c.hoverOn {
		t.Error("NaN fraction turned hover on")
	}
}

func TestLineChartHugeNonNegativeRange(t *testing.T) {
	// A diverging run: training loss from 2.3 up to about 1e9.
	c := &LineChart{Title: "Training loss", XLabel: "epoch", YLabel: "loss (nats)", YUnit: "nats",
		Series: []Series{{Name: "baseline", Color: "#555555", Points: epochs(2.3, 40, 3e6, 1e9)}}}
	els := parseEls(t, renderHTML(t, c))
	yt := texts(byClass(els, "hs-chart-ytick"))
	if len(yt) < 3 {
		t.Fatalf("y ticks = %q", yt)
	}
	for _, l := range yt {
		if strings.Contains(l, "MM") || strings.HasPrefix(l, "-") || strings.HasPrefix(l, "−") {
			t.Errorf("y tick %q in %q: want no doubled suffix and no negative tick", l, yt)
		}
	}
	if yt[0] != "0" {
		t.Errorf("y ticks %q should start at 0 for non-negative data", yt)
	}
	if last := yt[len(yt)-1]; !strings.HasSuffix(last, "G") {
		t.Errorf("top y tick %q, want a G suffix", last)
	}
}

func TestLineChartAutoDomainClampsAtZero(t *testing.T) {
	for _, ys := range [][]float64{{0, 0.5, 1}, {0, 0}, {0.01, 3}} {
		v, _ := layoutChart(chartInput{W: 600, H: 300, Series: []Series{{Name: "a", Color: "#555555", Points: epochs(ys...)}}})
		if len(v.YTicks) == 0 || num(t, v.YTicks[0].Label.Text) != 0 {
			t.Errorf("data %v: y ticks %v, want the first at 0", ys, v.YTicks)
		}
	}
	// Data below zero still pads below its minimum.
	v, _ := layoutChart(chartInput{W: 600, H: 300, Series: []Series{{Name: "a", Color: "#555555", Points: epochs(-1, 2)}}})
	if !strings.HasPrefix(v.YTicks[0].Label.Text, "-") {
		t.Errorf("negative data: first y tick %q, want negative", v.YTicks[0].Label.Text)
	}
}

func TestLineChartDrawsIsolatedPoints(t *testing.T) {
	// After one epoch with the x domain ending exactly at that epoch.
	c := &LineChart{Title: "Validation accuracy", XLabel: "epoch", YLabel: "accuracy (%)", YPercent: true,
		XDomain: Domain{0, 1}, YDomain: Domain{0, 1}, Width: 600, Height: 300,
		Series: []Series{
			{Name: "baseline", Color: "#555555", Points: epochs(0.3)},
			{Name: "norm_conv", Color: "#0072B2", Points: []Point{{0, 0.2}, {0.5, 0.25}, {0.75, math.NaN()}, {1, 0.4}}},
		}}
	out := renderHTML(t, c)
	if strings.Contains(out, "NaN") || strings.Contains(out, "style=") {
		t.Fatalf("bad output:\n%s", out)
	}
	els := parseEls(t, out)
	left, top, w, h := plotBox(t, els)
	dots := byClass(els, "hs-chart-point")
	if len(dots) != 2 {
		t.Fatalf("point circles = %d, want 2 (the lone baseline point and norm_conv's point after the gap)", len(dots))
	}
	W := num(t, strings.Fields(rootSVG(t, els).attrs["viewBox"])[2])
	for i, want := range []struct {
		y     float64
		color string
	}{{0.3, "#555555"}, {0.4, "#0072B2"}} {
		d := dots[i]
		cx, cy, r := num(t, d.attrs["cx"]), num(t, d.attrs["cy"]), num(t, d.attrs["r"])
		if d.tag != "circle" || d.attrs["fill"] != want.color || r < 2.5 {
			t.Errorf("point %d = %s %v", i, d.tag, d.attrs)
		}
		if math.Abs(cx-(left+w)) > 0.01 || math.Abs(cy-(top+(1-want.y)*h)) > 0.01 {
			t.Errorf("point %d at %v,%v, want %v,%v", i, cx, cy, left+w, top+(1-want.y)*h)
		}
		if cx < left || cx > left+w || cy < top || cy > top+h || cx+r > W {
			t.Errorf("point %d at %v,%v r %v outside the plot %v,%v %vx%v or the viewBox width %v", i, cx, cy, r, left, top, w, h, W)
		}
	}
	// Points on a line get no circle.
	if len(isolatedPoints(epochs(1, 2))) != 0 {
		t.Error("connected points reported as isolated")
	}
}
