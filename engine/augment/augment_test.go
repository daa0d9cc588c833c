package augment

import (
	"math"
	"testing"
)

// patterned returns one image whose value at (c, y, x) is f(c, y, x).
func patterned(f func(c, y, x int) int) []byte {
	img := make([]byte, ImageBytes)
	for c := 0; c < Channels; c++ {
		for y := 0; y < Side; y++ {
			for x := 0; x < Side; x++ {
				img[c*Plane+y*Side+x] = byte(f(c, y, x))
			}
		}
	}
	return img
}

// at returns the output value at (c, y, x) converted back to a byte.
func at(out []float32, c, y, x int) int {
	return int(math.Round(float64(out[c*Plane+y*Side+x]) * 255))
}

func TestScaleIsByteOver255(t *testing.T) {
	src := make([]byte, 256)
	for i := range src {
		src[i] = byte(i)
	}
	dst := make([]float32, 256)
	Scale(dst, src)
	for i, v := range dst {
		if v != float32(i)/255 {
			t.Fatalf("Scale(%d) = %v, want %v", i, v, float32(i)/255)
		}
	}
	if dst[0] != 0 || dst[255] != 1 {
		t.Fatalf("range ends %v %v, want 0 and 1", dst[0], dst[255])
	}
}

func TestIdentityTransformCopies(t *testing.T) {
	img := patterned(func(c, y, x int) int { return (c*97 + y*31 + x*7) % 256 })
	a := make([]float32, ImageBytes)
	b := make([]float32, ImageBytes)
	Apply(a, img, Transform{})
	Scale(b, img)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("identity transform changed value %d: %v vs %v", i, a[i], b[i])
		}
	}
}

func TestShiftRowsWithEdgeReplication(t *testing.T) {
	// Rows are distinct, columns constant: a vertical shift moves rows.
	img := patterned(func(c, y, x int) int { return 7*y + c + 1 })
	out := make([]float32, ImageBytes)
	Apply(out, img, Transform{DY: 2})
	for c := 0; c < Channels; c++ {
		// Rows 0, 1, 2 all show input row 0 (top edge repeated).
		for y := 0; y <= 2; y++ {
			if got := at(out, c, y, 5); got != c+1 {
				t.Fatalf("c%d row %d = %d, want input row 0 (%d)", c, y, got, c+1)
			}
		}
		if got := at(out, c, 31, 0); got != 7*29+c+1 {
			t.Fatalf("c%d row 31 = %d, want input row 29 (%d)", c, got, 7*29+c+1)
		}
	}
	Apply(out, img, Transform{DY: -3})
	for y := 28; y < Side; y++ {
		if got := at(out, 1, y, 9); got != 7*31+2 {
			t.Fatalf("row %d after shift up = %d, want bottom row repeated (%d)", y, got, 7*31+2)
		}
	}
	if got := at(out, 1, 0, 9); got != 7*3+2 {
		t.Fatalf("row 0 after shift up = %d, want input row 3", got)
	}
}

func TestShiftColumnsAndFlip(t *testing.T) {
	img := patterned(func(c, y, x int) int { return 7*x + c + 1 })
	out := make([]float32, ImageBytes)
	cases := []struct {
		tr   Transform
		want func(x int) int // input column shown at output column x
	}{
		{Transform{DX: 3}, func(x int) int { return max(x-3, 0) }},
		{Transform{DX: -2}, func(x int) int { return min(x+2, 31) }},
		{Transform{Flip: true}, func(x int) int { return 31 - x }},
		// Mirror first, then shift right by 2: output columns 0..2 show the
		// mirrored image's column 0, which is input column 31.
		{Transform{DX: 2, Flip: true}, func(x int) int { return 31 - max(x-2, 0) }},
	}
	for _, cs := range cases {
		Apply(out, img, cs.tr)
		for c := 0; c < Channels; c++ {
			for y := 0; y < Side; y += 13 {
				for x := 0; x < Side; x++ {
					if got, want := at(out, c, y, x), 7*cs.want(x)+c+1; got != want {
						t.Fatalf("%+v: c%d (%d,%d) = %d, want %d", cs.tr, c, y, x, got, want)
					}
				}
			}
		}
	}
}

func TestCornerReplication(t *testing.T) {
	// A single bright pixel in the top-left corner spreads over a 4×4 block
	// when the image moves down-right by 3.
	img := make([]byte, ImageBytes)
	img[0] = 255
	out := make([]float32, ImageBytes)
	Apply(out, img, Transform{DY: 3, DX: 3})
	for y := 0; y < 6; y++ {
		for x := 0; x < 6; x++ {
			want := 0
			if y <= 3 && x <= 3 {
				want = 255
			}
			if got := at(out, 0, y, x); got != want {
				t.Fatalf("(%d,%d) = %d, want %d", y, x, got, want)
			}
		}
	}
	if at(out, 1, 0, 0) != 0 {
		t.Fatal("a red pixel leaked into the green plane")
	}
}

func TestDrawDistribution(t *testing.T) {
	a, err := New(1337, MaxShift, true)
	if err != nil {
		t.Fatal(err)
	}
	const n = 70000
	var dy, dx [2*MaxShift + 1]int
	var joint [2*MaxShift + 1][2*MaxShift + 1]int
	flips := 0
	for i := 0; i < n; i++ {
		tr := a.Draw()
		if tr.DY < -MaxShift || tr.DY > MaxShift || tr.DX < -MaxShift || tr.DX > MaxShift {
			t.Fatalf("shift %+v outside ±%d", tr, MaxShift)
		}
		dy[tr.DY+MaxShift]++
		dx[tr.DX+MaxShift]++
		joint[tr.DY+MaxShift][tr.DX+MaxShift]++
		if tr.Flip {
			flips++
		}
	}
	// Each of the 7 values expects 10,000 draws (sd ≈ 93): allow ±5%.
	for v := range dy {
		for _, cnt := range []int{dy[v], dx[v]} {
			if cnt < 9500 || cnt > 10500 {
				t.Fatalf("shift %d drawn %d times of %d; want about %d (dy %v dx %v)", v-MaxShift, cnt, n, n/7, dy, dx)
			}
		}
	}
	// Each of the 49 joint cells expects ~1429 (sd ≈ 37): allow ±15%.
	for i := range joint {
		for j := range joint[i] {
			if c := joint[i][j]; c < 1215 || c > 1643 {
				t.Fatalf("joint cell (%d,%d) = %d, want about 1429", i-MaxShift, j-MaxShift, c)
			}
		}
	}
	if f := float64(flips) / n; f < 0.49 || f > 0.51 {
		t.Fatalf("flip rate %.4f, want 0.5", f)
	}
}

func TestDisabledSettings(t *testing.T) {
	a, _ := New(7, 0, false)
	for i := 0; i < 1000; i++ {
		if tr := a.Draw(); tr != (Transform{}) {
			t.Fatalf("no shift and no flip configured, drew %+v", tr)
		}
	}
}

// batchOf returns n patterned images, each different.
func batchOf(n int) []byte {
	var imgs []byte
	for k := 0; k < n; k++ {
		imgs = append(imgs, patterned(func(c, y, x int) int { return (k*53 + c*11 + y*x + 3*x) % 256 })...)
	}
	return imgs
}

func TestBatchDeterministic(t *testing.T) {
	imgs := batchOf(5)
	idx := []int{4, 0, 2, 2, 1, 3}
	run := func(seed uint64, plainFirst bool) []float32 {
		a, _ := New(seed, MaxShift, true)
		out := make([]float32, len(idx)*ImageBytes)
		if plainFirst {
			// A batch without augmentation must not consume the stream.
			if err := a.Batch(out, imgs, idx, false); err != nil {
				t.Fatal(err)
			}
		}
		for rep := 0; rep < 3; rep++ {
			if err := a.Batch(out, imgs, idx, true); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	x, y, z := run(1337, false), run(1337, true), run(1338, false)
	diff := 0
	for i := range x {
		if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
			t.Fatalf("same seed gave different batches at value %d", i)
		}
		if x[i] != z[i] {
			diff++
		}
	}
	if diff == 0 {
		t.Fatal("different seeds gave identical augmented batches")
	}
}

func TestBatchPlainMatchesScale(t *testing.T) {
	imgs := batchOf(3)
	a, _ := New(1, MaxShift, true)
	out := make([]float32, 2*ImageBytes)
	if err := a.Batch(out, imgs, []int{2, 0}, false); err != nil {
		t.Fatal(err)
	}
	want := make([]float32, ImageBytes)
	Scale(want, imgs[2*ImageBytes:3*ImageBytes])
	for i := range want {
		if out[i] != want[i] {
			t.Fatalf("plain batch value %d = %v, want %v", i, out[i], want[i])
		}
	}
}

func TestBatchErrors(t *testing.T) {
	a, _ := New(1, MaxShift, true)
	imgs := batchOf(2)
	out := make([]float32, 2*ImageBytes)
	if err := a.Batch(out, imgs, []int{0, 2}, true); err == nil {
		t.Error("index past the end accepted")
	}
	if err := a.Batch(out, imgs, []int{-1}, true); err == nil {
		t.Error("negative index accepted")
	}
	if err := a.Batch(out[:ImageBytes], imgs, []int{0, 1}, true); err == nil {
		t.Error("short output accepted")
	}
	if err := a.Batch(out, imgs[:ImageBytes+5], []int{0}, true); err == nil {
		t.Error("ragged image data accepted")
	}
	for _, s := range []int{-1, Side} {
		if _, err := New(1, s, true); err == nil {
			t.Errorf("shift range %d accepted", s)
		}
	}
}

func TestBatchDoesNotAllocate(t *testing.T) {
	a, _ := New(1, MaxShift, true)
	imgs := batchOf(4)
	idx := []int{3, 1, 0, 2}
	out := make([]float32, len(idx)*ImageBytes)
	allocs := testing.AllocsPerRun(20, func() {
		if err := a.Batch(out, imgs, idx, true); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("Batch allocated %.1f times per call, want 0", allocs)
	}
}

func BenchmarkBatch32(b *testing.B) {
	a, _ := New(1, MaxShift, true)
	imgs := batchOf(32)
	idx := make([]int, 32)
	for i := range idx {
		idx[i] = 31 - i
	}
	out := make([]float32, 32*ImageBytes)
	b.SetBytes(32 * ImageBytes)
	for b.Loop() {
		_ = a.Batch(out, imgs, idx, true)
	}
}

func TestFlipSettingDoesNotShiftTheStream(t *testing.T) {
	a, _ := New(42, MaxShift, true)
	b, _ := New(42, MaxShift, false)
	flips := 0
	for i := 0; i < 500; i++ {
		x, y := a.Draw(), b.Draw()
		if x.DY != y.DY || x.DX != y.DX || y.Flip {
			t.Fatalf("draw %d: %+v with flips, %+v without", i, x, y)
		}
		if x.Flip {
			flips++
		}
	}
	if flips == 0 {
		t.Fatal("no flips drawn")
	}
}
