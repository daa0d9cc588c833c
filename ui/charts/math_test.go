package charts

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func approx(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestNiceStep(t *testing.T) {
	for _, c := range []struct{ raw, want float64 }{
		{0.3, 0.5}, {0.11, 0.2}, {1, 1}, {7, 10}, {0.0021, 0.005}, {0.2, 0.2},
		{12, 20}, {450, 500}, {0, 0}, {-1, 0}, {math.Inf(1), 0}, {math.NaN(), 0},
	} {
		if got := NiceStep(c.raw); !approx(got, c.want) {
			t.Errorf("NiceStep(%v) = %v, want %v", c.raw, got, c.want)
		}
	}
}

func TestTicks(t *testing.T) {
	ticks, step := Ticks(Domain{0, 1}, 5)
	want := []float64{0, 0.2, 0.4, 0.6, 0.8, 1}
	if !approx(step, 0.2) || len(ticks) != len(want) {
		t.Fatalf("Ticks(0..1, 5) = %v step %v", ticks, step)
	}
	for i := range want {
		if !approx(ticks[i], want[i]) {
			t.Errorf("tick %d = %v, want %v", i, ticks[i], want[i])
		}
	}
	ticks, step = Ticks(Domain{0.37, 2.41}, 4)
	if !approx(step, 1) || !slices.Equal(ticks, []float64{1, 2}) {
		t.Errorf("Ticks(0.37..2.41, 4) = %v step %v, want [1 2] step 1", ticks, step)
	}
	ticks, step = Ticks(Domain{0.37, 2.41}, 8)
	if !approx(step, 0.5) || len(ticks) != 4 || !approx(ticks[0], 0.5) || !approx(ticks[3], 2) {
		t.Errorf("Ticks(0.37..2.41, 8) = %v step %v, want 0.5..2 by 0.5", ticks, step)
	}
	// Every tick lies inside the domain, for awkward domains too.
	for _, d := range []Domain{{-3.7, 12.2}, {1e-4, 3e-4}, {1, 30}, {-1, -0.2}} {
		ts, s := Ticks(d, 6)
		if len(ts) < 2 || len(ts) > 7+1 {
			t.Errorf("Ticks(%v) gave %d ticks: %v", d, len(ts), ts)
		}
		for i, v := range ts {
			if v < d.Min-1e-12 || v > d.Max+1e-12 {
				t.Errorf("Ticks(%v): %v outside", d, v)
			}
			if i > 0 && !approx(v-ts[i-1], s) {
				t.Errorf("Ticks(%v): uneven step at %d", d, i)
			}
		}
	}
	if ts, _ := Ticks(Domain{1, 0}, 5); ts != nil {
		t.Errorf("invalid domain gave ticks %v", ts)
	}
	if ts, _ := Ticks(Domain{3, 3}, 5); !slices.Equal(ts, []float64{3}) {
		t.Errorf("degenerate domain gave %v", ts)
	}
}

func TestNiceDomain(t *testing.T) {
	d := NiceDomain(Domain{0.37, 2.41}, 5)
	if !approx(d.Min, 0) || !approx(d.Max, 2.5) {
		t.Errorf("NiceDomain(0.37..2.41, 5) = %v, want 0..2.5", d)
	}
	d = NiceDomain(Domain{-0.013, 0.982}, 5)
	if !approx(d.Min, -0.2) || !approx(d.Max, 1) {
		t.Errorf("NiceDomain(-0.013..0.982, 5) = %v, want -0.2..1", d)
	}
	ts := TicksEvery(d, NiceStep(0.995/5))
	if len(ts) != 7 || !approx(ts[0], -0.2) || !approx(ts[6], 1) {
		t.Errorf("TicksEvery(%v, 0.2) = %v, want -0.2..1 by 0.2", d, ts)
	}
	if TicksEvery(Domain{0, 1}, 0) != nil || TicksEvery(Domain{0, 1e9}, 1) != nil {
		t.Error("TicksEvery must refuse a zero step and absurd tick counts")
	}
}

func TestFormatTick(t *testing.T) {
	for _, c := range []struct {
		v, step float64
		want    string
	}{
		{0.6000000000000001, 0.2, "0.6"}, {0.05, 0.05, "0.05"}, {2.5, 0.5, "2.5"}, {3, 1, "3"},
		{15000, 5000, "15k"}, {2e6, 5e5, "2.0M"}, {-1e-17, 0.1, "0.0"}, {150, 50, "150"},
		{0.0015, 0.0005, "0.0015"}, {math.NaN(), 1, ""},
		// large magnitudes: one suffix, never "MM"; exponent from 10^12
		{1.5e9, 5e8, "1.5G"}, {1e9, 5e8, "1.0G"}, {-5e8, 5e8, "-500M"}, {2e9, 1e9, "2G"},
		{1.5e12, 5e11, "1.5e12"}, {1e15, 5e14, "1.0e15"}, {-3e13, 1e13, "-3e13"}, {1e12, 0, "1.00e12"},
	} {
		if got := FormatTick(c.v, c.step); got != c.want {
			t.Errorf("FormatTick(%v, %v) = %q, want %q", c.v, c.step, got, c.want)
		}
	}
}

func TestFormatSig(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0.5, "0.500"}, {12.345, "12.3"}, {2.3026, "2.30"}, {999.6, "1.00k"}, {1234, "1.23k"},
		{98765432, "98.8M"}, {0.000123456, "1.23e-04"}, {-2.346, "-2.35"}, {0, "0.00"},
		{100, "100"}, {0.0123, "0.0123"}, {1.5e9, "1.50G"}, {1.5e12, "1.50e+12"}, {999.9e9, "1.00e+12"}, {math.NaN(), "NaN"}, {math.Inf(1), "∞"}, {math.Inf(-1), "−∞"},
	} {
		if got := FormatSig(c.v, 3); got != c.want {
			t.Errorf("FormatSig(%v) = %q, want %q", c.v, got, c.want)
		}
	}
	if got := FormatSig(3.14159, 0); got != "3.14" {
		t.Errorf("FormatSig with sig 0 = %q, want the default 3 digits", got)
	}
	for _, c := range []struct {
		v    float64
		want string
	}{{7, "7"}, {7.25, "7.25"}, {1500, "1.5k"}, {0.5, "0.5"}, {30, "30"}, {2.0001, "2"}} {
		if got := FormatShort(c.v, 3); got != c.want {
			t.Errorf("FormatShort(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestLinearScale(t *testing.T) {
	s := NewLinear(Domain{0, 10}, 50, 250)
	if got := s.Map(2.5); !approx(got, 100) {
		t.Errorf("Map(2.5) = %v, want 100", got)
	}
	if got := s.Invert(100); !approx(got, 2.5) {
		t.Errorf("Invert(100) = %v, want 2.5", got)
	}
	// Reversed range, as for a y axis.
	y := NewLinear(Domain{0, 1}, 200, 20)
	if got := y.Map(0.25); !approx(got, 155) {
		t.Errorf("y.Map(0.25) = %v, want 155", got)
	}
	if got := y.Invert(y.Map(0.73)); !approx(got, 0.73) {
		t.Errorf("round trip = %v", got)
	}
	// Degenerate domain maps to the middle rather than dividing by zero.
	if got := NewLinear(Domain{3, 3}, 0, 100).Map(3); got != 50 {
		t.Errorf("degenerate Map = %v, want 50", got)
	}
}

func TestDomainPadAndExtent(t *testing.T) {
	d := Domain{0, 10}.Pad(0.05)
	if !approx(d.Min, -0.5) || !approx(d.Max, 10.5) {
		t.Errorf("Pad = %v", d)
	}
	if d := (Domain{4, 4}).Pad(0.05); !(d.Min < 4 && d.Max > 4) {
		t.Errorf("degenerate Pad = %v, want an interval around 4", d)
	}
	if d := (Domain{0, 0}).Pad(0.05); !d.Valid() {
		t.Errorf("zero Pad = %v, want valid", d)
	}
	pts := []Point{{1, 0.5}, {2, math.NaN()}, {3, -2}, {math.Inf(1), 9}, {4, math.Inf(1)}}
	dx, okx := ExtentX(pts)
	dy, oky := ExtentY(pts)
	if !okx || dx != (Domain{1, 4}) {
		t.Errorf("ExtentX = %v %v", dx, okx)
	}
	if !oky || dy != (Domain{-2, 0.5}) {
		t.Errorf("ExtentY = %v %v (points with a non-finite X or Y must not count)", dy, oky)
	}
	if _, ok := ExtentY([]Point{{1, math.NaN()}}); ok {
		t.Error("ExtentY of only NaN reported ok")
	}
	if (Domain{}).Valid() || (Domain{0, math.NaN()}).Valid() || !(Domain{0, 1}).Valid() {
		t.Error("Domain.Valid wrong")
	}
}

func TestPathD(t *testing.T) {
	sx := NewLinear(Domain{0, 4}, 0, 400)
	sy := NewLinear(Domain{0, 1}, 100, 0)
	got := PathD([]Point{{0, 0}, {1, 1}, {2, math.NaN()}, {3, 0.5}, {4, 1}}, sx, sy)
	want := "M0.00,100.00L100.00,0.00M300.00,50.00L400.00,0.00"
	if got != want {
		t.Errorf("PathD with a NaN gap:\n got %s\nwant %s", got, want)
	}
	got = PathD([]Point{{0, 0}, {1, math.Inf(1)}, {2, 1}}, sx, sy)
	if want := "M0.00,100.00h0M200.00,0.00h0"; got != want {
		t.Errorf("isolated points: got %s want %s", got, want)
	}
	// Values beyond a fixed domain are clamped just outside the plot.
	got = PathD([]Point{{0, 2}, {4, -1}}, sx, sy)
	if want := "M0.00,-1.00L400.00,101.00"; got != want {
		t.Errorf("clamping: got %s want %s", got, want)
	}
	if got := PathD([]Point{{0, math.NaN()}, {math.NaN(), 1}}, sx, sy); got != "" {
		t.Errorf("all non-finite: got %q", got)
	}
}

func TestSmoothEMA(t *testing.T) {
	flat := SmoothEMA([]Point{{0, 2}, {1, 2}, {2, 2}}, 0.9)
	for _, p := range flat {
		if !approx(p.Y, 2) {
			t.Fatalf("debiased EMA of a constant drifted: %v", flat)
		}
	}
	got := SmoothEMA([]Point{{0, 0}, {1, 1}, {2, 1}}, 0.5)
	// s1 = 0 → 0/(1-0.5); s2 = 0.5 → 0.5/(1-0.25); s3 = 0.75 → 0.75/(1-0.125)
	for i, want := range []float64{0, 2.0 / 3, 6.0 / 7} {
		if !approx(got[i].Y, want) || got[i].X != float64(i) {
			t.Errorf("EMA[%d] = %v, want (%d, %v)", i, got[i], i, want)
		}
	}
	brk := SmoothEMA([]Point{{0, 1}, {1, math.NaN()}, {2, 3}, {3, 3}}, 0.9)
	if !math.IsNaN(brk[1].Y) || !approx(brk[2].Y, 3) || !approx(brk[3].Y, 3) {
		t.Errorf("EMA across a NaN should break and restart: %v", brk)
	}
	same := SmoothEMA([]Point{{0, 1}, {1, 5}}, 0)
	if same[1].Y != 5 {
		t.Errorf("w=0 should not smooth: %v", same)
	}
}

func TestDecimate(t *testing.T) {
	n := 10000
	pts := make([]Point, n)
	for i := range pts {
		pts[i] = Point{float64(i) / 100, math.Sin(float64(i) / 300)}
	}
	pts[5003].Y = 7  // a spike a reader must still see
	pts[7001].Y = -9 // and a dip
	pts[8000].Y = math.NaN()
	out := Decimate(pts, 500)
	if len(out) > 500 || len(out) < 250 {
		t.Fatalf("Decimate gave %d points, want ≤500 and not far fewer", len(out))
	}
	if out[0] != pts[0] || out[len(out)-1] != pts[n-1] {
		t.Error("first/last point not kept")
	}
	var spike, dip, gap bool
	for i, p := range out {
		if i > 0 && !(p.X > out[i-1].X) {
			t.Fatalf("X not strictly increasing at %d", i)
		}
		spike = spike || p.Y == 7
		dip = dip || p.Y == -9
		gap = gap || math.IsNaN(p.Y)
	}
	if !spike || !dip || !gap {
		t.Errorf("extremes/gap lost: spike %v dip %v gap %v", spike, dip, gap)
	}
	short := pts[:100]
	if got := Decimate(short, 500); len(got) != 100 || &got[0] != &short[0] {
		t.Error("short series should be returned unchanged")
	}
}

func TestNearest(t *testing.T) {
	pts := []Point{{1, 10}, {2, 20}, {4, 40}}
	for _, c := range []struct {
		x    float64
		want int
	}{{2.9, 1}, {3.1, 2}, {3, 1}, {-5, 0}, {10, 2}, {1, 0}} {
		if got := NearestIndex(pts, c.x); got != c.want {
			t.Errorf("NearestIndex(%v) = %d, want %d", c.x, got, c.want)
		}
	}
	if NearestIndex(nil, 1) != -1 || NearestIndex(pts, math.NaN()) != -1 {
		t.Error("empty/NaN should give -1")
	}
	if y, ok := NearestValue(pts, 3.9, 0.5); !ok || y != 40 {
		t.Errorf("NearestValue(3.9) = %v %v", y, ok)
	}
	if _, ok := NearestValue(pts, 5, 0.5); ok {
		t.Error("NearestValue beyond tolerance reported ok")
	}
	xs := UniqueXs([][]Point{{{1, 0}, {3, 0}}, {{2, 0}, {3, 0}, {math.NaN(), 0}}, nil})
	if !slices.Equal(xs, []float64{1, 2, 3}) {
		t.Errorf("UniqueXs = %v", xs)
	}
}

func TestWrapWords(t *testing.T) {
	lines := wrapWords("Validation accuracy: higher sooner means faster convergence", 40)
	if len(lines) != 2 || strings.Join(lines, " ") != "Validation accuracy: higher sooner means faster convergence" {
		t.Errorf("wrap = %q", lines)
	}
	for _, l := range lines {
		if len(l) > 40 {
			t.Errorf("line too long: %q", l)
		}
	}
}
