package charts

import (
	"math"
	"strings"
	"testing"
)

func TestSparkline(t *testing.T) {
	c := &Sparkline{Label: "norm_conv validation accuracy", YPercent: true, YDomain: Domain{0, 1}, Width: 100, Height: 20,
		Series: []Series{{Name: "norm_conv", Color: "#0072B2", Points: []Point{{1, 0.2}, {2, math.NaN()}, {3, 0.6}, {4, 0.8}}}}}
	out := renderHTML(t, c)
	if strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
		t.Fatalf("non-finite value in output: %s", out)
	}
	els := parseEls(t, out)
	root := rootSVG(t, els)
	if root.attrs["viewBox"] != "0 0 100.00 20.00" || root.attrs["width"] != "100.00" || root.attrs["role"] != "img" {
		t.Errorf("root = %v", root.attrs)
	}
	if got := root.attrs["aria-label"]; got != "norm_conv validation accuracy. Latest: norm_conv 80.0% at epoch 4." {
		t.Errorf("aria-label = %q", got)
	}
	lines := byClass(els, "hs-sparkline-line")
	if len(lines) != 1 {
		t.Fatalf("lines = %d", len(lines))
	}
	// x: 1..4 → 3..97; y: 0..1 → 17..3 (inset 3).
	if d := lines[0].attrs["d"]; d != "M3.00,14.20h0M65.67,8.60L97.00,5.80" {
		t.Errorf("d = %q", d)
	}
	var dot el
	for _, e := range els {
		if e.tag == "circle" {
			dot = e
		}
	}
	if dot.attrs["cx"] != "97.00" || dot.attrs["cy"] != "5.80" {
		t.Errorf("end dot = %v, want at the latest point", dot.attrs)
	}

	empty := &Sparkline{Label: "accuracy"}
	if got := rootSVG(t, parseEls(t, renderHTML(t, empty))).attrs["aria-label"]; got != "accuracy. no data yet." {
		t.Errorf("empty aria-label = %q", got)
	}
}

func TestBars(t *testing.T) {
	c := &Bars{Title: "Prediction for this image", Width: 300, Items: []Bar{
		{Label: "cat", Value: 0.62, Highlight: true}, {Label: "dog", Value: 0.3}, {Label: "truck", Value: math.NaN()}, {Label: "ship", Value: 1.4},
	}}
	out := renderHTML(t, c)
	if strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
		t.Fatalf("non-finite value in output: %s", out)
	}
	els := parseEls(t, out)
	if got := rootSVG(t, els).attrs["aria-label"]; got != "Prediction for this image. cat 62.0% (marked), dog 30.0%, truck —, ship 100%." {
		t.Errorf("aria-label = %q", got)
	}
	if got := strings.Join(texts(byClass(els, "hs-bars-value")), " "); got != "62.0% 30.0% — 100%" {
		t.Errorf("values = %q", got)
	}
	bars := byClass(els, "hs-bars-bar")
	tracks := byClass(els, "hs-bars-track")
	if len(bars) != 4 || len(tracks) != 4 {
		t.Fatalf("bars %d tracks %d", len(bars), len(tracks))
	}
	full := num(t, tracks[0].attrs["width"])
	for i, want := range []float64{0.62, 0.3, 0, 1} {
		if got := num(t, bars[i].attrs["width"]); math.Abs(got-want*full) > 0.01 {
			t.Errorf("bar %d width %v, want %v", i, got, want*full)
		}
	}
	if bars[0].attrs["fill"] != "#D55E00" || bars[1].attrs["fill"] != "#0072B2" {
		t.Errorf("highlight colours: %v %v", bars[0].attrs["fill"], bars[1].attrs["fill"])
	}
	if rootSVG(t, els).attrs["viewBox"] != "0 0 300.00 80.00" {
		t.Errorf("viewBox = %q", rootSVG(t, els).attrs["viewBox"])
	}
}

func TestVariantColor(t *testing.T) {
	if c, d := VariantColor("baseline", 0); c != "#555555" || !d {
		t.Errorf("baseline = %s %v", c, d)
	}
	if c, d := VariantColor("norm_conv_dense", 3); c != "#009E73" || d {
		t.Errorf("norm_conv_dense = %s %v", c, d)
	}
	if a, _ := VariantColor("x", 0); a != "#CC79A7" {
		t.Errorf("first extra colour = %s", a)
	}
	if a, b := func() (string, string) { x, _ := VariantColor("x", 4); y, _ := VariantColor("y", 5); return x, y }(); a == b {
		t.Error("extra variants should differ")
	}
}
