package stats

import (
	"math"
	"testing"
)

// near reports whether a and b agree to a few ulps of their magnitude.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func TestSummarizeFromDefinition(t *testing.T) {
	// 2, 4, 4, 4, 5, 5, 7, 9: mean 40/8 = 5, squared deviations sum to
	// 9+1+1+1+0+0+4+16 = 32, sample variance 32/7.
	s := Summarize([]float64{2, 4, 4, 4, 5, 5, 7, 9})
	if s.N != 8 || s.Mean != 5 || !near(s.Std, math.Sqrt(32.0/7)) || s.Min != 2 || s.Max != 9 {
		t.Fatalf("got %+v", s)
	}
	// Two seeds: std = |a−b|/√2.
	s = Summarize([]float64{0.41, 0.37})
	if !near(s.Mean, 0.39) || !near(s.Std, 0.04/math.Sqrt2) || s.Min != 0.37 || s.Max != 0.41 {
		t.Fatalf("two values: %+v", s)
	}
	// One value: no spread.
	if s := Summarize([]float64{-3}); s != (Summary{N: 1, Mean: -3, Min: -3, Max: -3}) {
		t.Fatalf("one value: %+v", s)
	}
	if s := Summarize(nil); s != (Summary{}) {
		t.Fatalf("no value: %+v", s)
	}
}

func TestSummarizeKeepsPrecisionUnderOffset(t *testing.T) {
	// A one-pass Σx² − n·mean² formula loses these deviations entirely.
	const off = 1e9
	s := Summarize([]float64{off + 1, off + 2, off + 3})
	if s.Mean != off+2 || !near(s.Std, 1) {
		t.Fatalf("got mean %v std %v, want %v and 1", s.Mean, s.Std, off+2)
	}
}

func TestSummarizePropagatesNaN(t *testing.T) {
	s := Summarize([]float64{1, math.NaN(), 3})
	if !math.IsNaN(s.Mean) || !math.IsNaN(s.Std) {
		t.Fatalf("a NaN input gave %+v, want NaN mean and std", s)
	}
}

func TestBandRaggedCurves(t *testing.T) {
	curves := [][]float64{
		{0.2, 0.3, 0.5},
		{0.4, 0.1},      // stopped after two points
		{0.3, 0.2, 0.1}, // a third seed
		nil,             // a run that never finished an epoch
	}
	b := Band(curves)
	if len(b) != 3 {
		t.Fatalf("band has %d points, want 3", len(b))
	}
	for i, want := range [][]float64{{0.2, 0.4, 0.3}, {0.3, 0.1, 0.2}, {0.5, 0.1}} {
		if got, exp := b[i], Summarize(want); got != exp {
			t.Errorf("point %d: %+v, want %+v", i, got, exp)
		}
	}
	if b[0].N != 3 || !near(b[0].Mean, 0.3) || !near(b[0].Std, 0.1) || b[2].N != 2 || b[2].Min != 0.1 || b[2].Max != 0.5 {
		t.Fatalf("band %+v", b)
	}
	if len(Band(nil)) != 0 || len(Band([][]float64{nil, {}})) != 0 {
		t.Fatal("empty curves gave points")
	}
}
