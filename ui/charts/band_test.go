package charts

import (
	"math"
	"strings"
	"testing"
)

func TestBandD(t *testing.T) {
	sx := NewLinear(Domain{Min: 0, Max: 10}, 0, 100)
	sy := NewLinear(Domain{Min: 0, Max: 1}, 100, 0)
	nan := math.NaN()
	cases := []struct {
		name string
		band []BandPoint
		want string
	}{
		{"polygon forwards along Hi, back along Lo",
			[]BandPoint{{1, 0.1, 0.3}, {2, 0.2, 0.5}, {3, 0.4, 0.6}},
			"M10.00,70.00L20.00,50.00L30.00,40.00L30.00,60.00L20.00,80.00L10.00,90.00Z"},
		{"Lo above Hi is swapped", []BandPoint{{1, 0.3, 0.1}, {2, 0.5, 0.2}},
			"M10.00,70.00L20.00,50.00L20.00,80.00L10.00,90.00Z"},
		{"a non-finite bound splits the band, lone points draw nothing",
			[]BandPoint{{1, 0.1, 0.2}, {2, 0.1, 0.2}, {3, nan, 0.2}, {4, 0.1, 0.2}, {5, 0.1, math.Inf(1)}, {6, 0.1, 0.2}, {7, 0.1, 0.2}},
			"M10.00,80.00L20.00,80.00L20.00,90.00L10.00,90.00ZM60.00,80.00L70.00,80.00L70.00,90.00L60.00,90.00Z"},
		{"values outside the domain are clamped", []BandPoint{{1, -5, 5}, {2, -5, 5}},
			"M10.00,-1.00L20.00,-1.00L20.00,101.00L10.00,101.00Z"},
		{"empty", nil, ""},
	}
	for _, c := range cases {
		got := BandD(c.band, sx, sy)
		if got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
		if strings.Contains(got, "NaN") || strings.Contains(got, "Inf") {
			t.Errorf("%s: non-finite number in %q", c.name, got)
		}
	}
}

// bandChart is two variants' mean accuracy with min–max bands over seeds.
func bandChart() *LineChart {
	return &LineChart{
		Title: "Validation accuracy, mean of 3 seeds", XLabel: "epoch", YLabel: "accuracy (%)", YPercent: true,
		Series: []Series{
			{Name: "baseline", Color: "#555555", Dashed: true,
				Points: []Point{{1, 0.30}, {2, 0.40}, {3, 0.45}},
				Band:   []BandPoint{{1, 0.28, 0.33}, {2, 0.36, 0.44}, {3, 0.40, 0.52}}},
			{Name: "norm_conv", Color: "#0072B2", Points: []Point{{1, 0.35}, {2, 0.42}, {3, 0.47}}},
		},
	}
}

func TestLineChartDrawsBands(t *testing.T) {
	c := bandChart()
	out := renderHTML(t, c)
	els := parseEls(t, out)
	bands := byClass(els, "hs-chart-band")
	if len(bands) != 1 {
		t.Fatalf("%d band paths, want 1 (only baseline has a band)", len(bands))
	}
	b := bands[0]
	if b.attrs["data-series"] != "baseline" || b.attrs["fill"] != "#555555" || b.attrs["fill-opacity"] != "0.18" ||
		b.attrs["stroke"] != "none" || !strings.HasSuffix(b.attrs["d"], "Z") || strings.Count(b.attrs["d"], "L") != 5 {
		t.Errorf("band path %v", b.attrs)
	}
	// The band is drawn under the lines: it comes before them.
	if strings.Index(out, "hs-chart-band") > strings.Index(out, "hs-chart-line") {
		t.Error("the band is drawn over the lines")
	}
	// The y axis covers the band (52% is above every line's value).
	c.Compute(nil)
	if top := c.geom.sy.Invert(c.geom.sy.R1); !(top >= 0.52) {
		t.Errorf("y axis tops out at %v, below the band's 0.52", top)
	}
	// The read-out gives the band's range next to the mean.
	c.Key("End")
	c.Compute(nil)
	var lines []string
	for _, l := range c.v.Readout.Lines {
		lines = append(lines, l.Text.Text)
	}
	if got := strings.Join(lines, " | "); !strings.Contains(got, "baseline: 45.0% (40.0% – 52.0%)") || !strings.Contains(got, "norm_conv: 47.0%") || strings.Contains(got, "norm_conv: 47.0% (") {
		t.Errorf("read-out %q", got)
	}
}

func TestLineChartReusesLayout(t *testing.T) {
	c := bandChart()
	c.Compute(nil)
	first := c.v.Paths
	c.Compute(nil)
	if &c.v.Paths[0] != &first[0] {
		t.Error("an unchanged chart was laid out again")
	}
	// New points (a new slice, as the lab passes) change the layout.
	s := append([]Series(nil), c.Series...)
	s[1].Points = append(append([]Point(nil), s[1].Points...), Point{4, 0.5})
	c.Series = s
	c.Compute(nil)
	if &c.v.Paths[0] == &first[0] || strings.Count(c.v.Paths[1].D, "L") != 3 {
		t.Errorf("a changed series was not laid out again: %q", c.v.Paths[1].D)
	}
	// So does the read-out moving.
	before := c.v.Paths
	c.Key("End")
	c.Compute(nil)
	if c.v.Readout == nil || &c.v.Paths[0] == &before[0] {
		t.Error("moving the read-out did not relayout")
	}
}

// TestVariantColorsAreDistinct: every engine variant has its own colour and
// line style, from the palette of design.md.
func TestVariantColorsAreDistinct(t *testing.T) {
	names := []string{"baseline", "norm_conv", "norm_dense", "norm_conv_dense",
		"gain_conv_dense", "norm_conv_dense_scaled", "cosine_conv", "cosine_conv_dense_scaled"}
	palette := map[string]bool{"#555555": true, "#0072B2": true, "#E69F00": true, "#009E73": true,
		"#CC79A7": true, "#D55E00": true, "#56B4E9": true}
	seen := map[string]string{}
	for i, n := range names {
		c, dashed := VariantColor(n, i)
		key := c + map[bool]string{true: " dashed", false: ""}[dashed]
		if other, dup := seen[key]; dup {
			t.Errorf("%s and %s are both drawn %s", n, other, key)
		}
		seen[key] = n
		if !palette[c] {
			t.Errorf("%s: colour %s is not in the palette", n, c)
		}
	}
}
