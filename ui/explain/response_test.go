package explain

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// cifarImages reads the first n images of the real CIFAR-10 test batch
// (official binary format) from CIFAR10_DIR or ../shared/cifar10 beside the
// project root, skipping the test when the data is not on this machine.
func cifarImages(t *testing.T, n int) (imgs, labels []byte) {
	t.Helper()
	dir := os.Getenv("CIFAR10_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "cifar10")
	}
	for _, name := range []string{"test.bin", "test_batch.bin"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		defer f.Close()
		buf := make([]byte, n*(1+ImgBytes))
		if _, err := f.Read(buf); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i++ {
			rec := buf[i*(1+ImgBytes):]
			labels = append(labels, rec[0])
			imgs = append(imgs, rec[1:1+ImgBytes]...)
		}
		return imgs, labels
	}
	t.Skipf("no CIFAR-10 test batch in %s (set CIFAR10_DIR)", dir)
	return nil, nil
}

// direct computes the three responses at (row, col) with plain float64 loops.
func direct(w, x []float32, row, col int) (raw, norm, cos float64) {
	p := Patch(x, row, col)
	var wn, pn float64
	for i := range w {
		raw += float64(w[i]) * float64(p[i])
		wn += float64(w[i]) * float64(w[i])
		pn += float64(p[i]) * float64(p[i])
	}
	norm = raw / math.Sqrt(wn)
	if pn > 0 {
		cos = norm / math.Sqrt(pn)
	}
	return
}

func TestResponseMapsMatchDirect(t *testing.T) {
	imgs, _ := cifarImages(t, 3)
	for k := 0; k < 3; k++ {
		x := PixelsToInput(imgs[k*ImgBytes : (k+1)*ImgBytes])
		for _, tm := range BuiltinTemplates {
			r := ResponseMaps(tm.Weights, x)
			for _, pos := range [][2]int{{0, 0}, {0, 31}, {31, 0}, {31, 31}, {12, 6}, {17, 22}} {
				i := pos[0]*ImgSide + pos[1]
				raw, norm, cos := direct(tm.Weights, x, pos[0], pos[1])
				if !near(float64(r.Raw[i]), raw, 1e-4) || !near(float64(r.TmplNorm[i]), norm, 1e-4) || !near(float64(r.Cos[i]), cos, 1e-5) {
					t.Fatalf("image %d %s at %v: engine (%v %v %v), direct (%v %v %v)", k, tm.ID, pos,
						r.Raw[i], r.TmplNorm[i], r.Cos[i], raw, norm, cos)
				}
			}
			for _, c := range r.Cos {
				if c < -1-1e-5 || c > 1+1e-5 {
					t.Fatalf("cosine %v outside [−1, 1]", c)
				}
			}
		}
	}
}

func TestResponseMapsInvariances(t *testing.T) {
	imgs, _ := cifarImages(t, 1)
	x := PixelsToInput(imgs[:ImgBytes])
	w := BuiltinTemplates[0].Weights
	r1 := ResponseMaps(w, x)
	// Scaling the template scales the raw map only.
	w3 := make([]float32, len(w))
	for i, v := range w {
		w3[i] = 3 * v
	}
	r3 := ResponseMaps(w3, x)
	// Halving the image's contrast scales the raw and template-normalised
	// maps but leaves the cosine alone.
	xh := make([]float32, len(x))
	for i, v := range x {
		xh[i] = v / 2
	}
	rh := ResponseMaps(w, xh)
	for i := range r1.Raw {
		if !near(float64(r3.Raw[i]), 3*float64(r1.Raw[i]), 1e-4) ||
			!near(float64(r3.TmplNorm[i]), float64(r1.TmplNorm[i]), 1e-5) ||
			!near(float64(r3.Cos[i]), float64(r1.Cos[i]), 1e-5) {
			t.Fatalf("template gain changed more than the raw map at %d", i)
		}
		if !near(float64(rh.TmplNorm[i]), float64(r1.TmplNorm[i])/2, 1e-5) || !near(float64(rh.Cos[i]), float64(r1.Cos[i]), 1e-5) {
			t.Fatalf("contrast changed the cosine at %d: %v vs %v", i, rh.Cos[i], r1.Cos[i])
		}
	}
	if !near(r3.WNorm, 3*r1.WNorm, 1e-5) {
		t.Errorf("|3w| = %v, want %v", r3.WNorm, 3*r1.WNorm)
	}
}

func TestResponseFindsItsTemplate(t *testing.T) {
	// Stamp the diagonal template's pattern into a blank image: the cosine
	// is 1 exactly there.
	img := make([]byte, ImgBytes)
	for i := range img {
		img[i] = 128 // ≈ 0 after scaling
	}
	tm := BuiltinTemplates[2]
	x := PixelsToInput(img)
	for c := 0; c < 3; c++ {
		for dy := 0; dy < 3; dy++ {
			for dx := 0; dx < 3; dx++ {
				x[c*ImgPlane+(10+dy)*ImgSide+20+dx] = 0.4 * tm.Weights[c*9+dy*3+dx]
			}
		}
	}
	r := ResponseMaps(tm.Weights, x)
	best, at := float32(-2), 0
	for i, v := range r.Cos {
		if v > best {
			best, at = v, i
		}
	}
	if at != 11*ImgSide+21 || best < 0.999 {
		t.Errorf("best cosine %v at %d, want ≈1 at the stamp's centre %d", best, at, 11*ImgSide+21)
	}
}

func TestLabTemplate(t *testing.T) {
	w := make([]float32, 4*27)
	for i := range w {
		w[i] = float32(i)
	}
	tm, ok := LabTemplate(w, [4]int{4, 3, 3, 3}, 2)
	if !ok || tm.Weights[0] != 54 || tm.Weights[26] != 80 || tm.ID != "lab2" {
		t.Errorf("LabTemplate = %+v %v", tm, ok)
	}
	if _, ok := LabTemplate(w, [4]int{4, 3, 3, 3}, 4); ok {
		t.Errorf("out-of-range filter accepted")
	}
	if _, ok := LabTemplate(w, [4]int{4, 1, 5, 5}, 0); ok {
		t.Errorf("wrong shape accepted")
	}
	if _, ok := LabTemplate(w[:10], [4]int{4, 3, 3, 3}, 0); ok {
		t.Errorf("short slice accepted")
	}
}

func TestColours(t *testing.T) {
	if r, g, b := divergingRGB(1); r != 213 || g != 94 || b != 0 {
		t.Errorf("+1 → %d %d %d", r, g, b)
	}
	if r, g, b := divergingRGB(-5); r != 0 || g != 114 || b != 178 {
		t.Errorf("−5 → %d %d %d (should saturate to blue)", r, g, b)
	}
	img := SyntheticImage()
	rgba := ImageRGBA(img, ImgSide)
	if rgba[0] != img[0] || rgba[1] != img[ImgPlane] || rgba[2] != img[2*ImgPlane] || rgba[3] != 255 {
		t.Errorf("ImageRGBA does not interleave the planes")
	}
	big := Upscale(rgba, ImgSide, 4)
	if len(big) != 4*128*128 || big[4*(5*128+6)] != rgba[4*(1*ImgSide+1)] {
		t.Errorf("Upscale misplaces pixels")
	}
	OutlineCell(big, 128, 4, 5, 5)
	// The frame's outer corner is at ((5−1)·4−1, (5−1)·4−1) = (15, 15), black.
	if i := 4 * (15*128 + 15); big[i] != 0 || big[i+1] != 0 {
		t.Errorf("frame corner not drawn")
	}
	OutlineCell(big, 128, 4, 0, 0) // at the edge: must not panic
}
