package explain

import (
	"math"

	"hypersphere/engine/kernel"
)

// Image geometry the explainer works with: CIFAR-10's 32×32 RGB, stored as
// three planes (all red, then green, then blue).
const (
	ImgSide   = 32
	ImgPlane  = ImgSide * ImgSide
	ImgBytes  = 3 * ImgPlane
	TmplSide  = 3
	TmplSize  = 3 * TmplSide * TmplSide // a template covers all three channels
	patchSize = TmplSize
)

// PixelsToInput scales one image's bytes (plane order) to the −1…1 inputs the
// response maps use: v/127.5 − 1.
func PixelsToInput(img []byte) []float32 {
	out := make([]float32, len(img))
	for i, b := range img {
		out[i] = float32(b)/127.5 - 1
	}
	return out
}

// Responses are the three response maps of one template over one image.
type Responses struct {
	Raw       []float32 // w·x at every position (same padding: 32×32)
	TmplNorm  []float32 // (w/|w|)·x
	Cos       []float32 // (w/|w|)·(x/|x|), 0 where the patch is all zero
	PatchNorm []float32 // |x| of the 3×3×3 patch at every position
	WNorm     float64   // |w|
}

// ResponseMaps correlates the template w (3×3×3, [channel][row][col]) with
// the image x (3×32×32 plane order, already scaled) through the engine's
// convolution path: kernel.Im2Col unrolls the 3×3 patches (zero padding 1) and
// kernel.MatMul takes their dot products with w and with w/|w|. The patch
// norms come from the same unrolled columns, so Cos is exactly the cosine of
// the angle between the template and each patch.
func ResponseMaps(w, x []float32) Responses {
	if len(w) != TmplSize || len(x) != ImgBytes {
		panic("explain: ResponseMaps needs a 27-weight template and a 3×32×32 image")
	}
	col := make([]float32, patchSize*ImgPlane)
	kernel.Im2Col(col, x, 3, ImgSide, ImgSide, TmplSide, TmplSide, 1)

	var wn float64
	for _, v := range w {
		wn += float64(v) * float64(v)
	}
	wn = math.Sqrt(wn)
	r := Responses{
		Raw:       make([]float32, ImgPlane),
		TmplNorm:  make([]float32, ImgPlane),
		Cos:       make([]float32, ImgPlane),
		PatchNorm: make([]float32, ImgPlane),
		WNorm:     wn,
	}
	kernel.MatMul(r.Raw, w, col, 1, ImgPlane, patchSize, false)
	unit := make([]float32, len(w))
	if wn > 0 {
		for i, v := range w {
			unit[i] = float32(float64(v) / wn)
		}
	}
	kernel.MatMul(r.TmplNorm, unit, col, 1, ImgPlane, patchSize, false)

	// Squared patch norms: ones·(col∘col), again as a product.
	sq := make([]float32, len(col))
	for i, v := range col {
		sq[i] = v * v
	}
	ones := make([]float32, patchSize)
	for i := range ones {
		ones[i] = 1
	}
	kernel.MatMul(r.PatchNorm, ones, sq, 1, ImgPlane, patchSize, false)
	for i, s := range r.PatchNorm {
		n := float32(math.Sqrt(float64(s)))
		r.PatchNorm[i] = n
		if n > 0 {
			r.Cos[i] = r.TmplNorm[i] / n
		}
	}
	return r
}

// Patch returns the 3×3×3 patch of x centred on (row, col), zero outside the
// image, in the template's [channel][row][col] order.
func Patch(x []float32, row, col int) []float32 {
	p := make([]float32, TmplSize)
	for c := 0; c < 3; c++ {
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				y, xx := row+dy, col+dx
				if y < 0 || y >= ImgSide || xx < 0 || xx >= ImgSide {
					continue
				}
				p[c*9+(dy+1)*3+dx+1] = x[c*ImgPlane+y*ImgSide+xx]
			}
		}
	}
	return p
}

// MaxAbs returns the largest |v| in m.
func MaxAbs(m []float32) float64 {
	var a float64
	for _, v := range m {
		a = math.Max(a, math.Abs(float64(v)))
	}
	return a
}

// Template is a named 3×3×3 pattern.
type Template struct {
	ID      string
	Name    string
	Weights []float32 // [channel][row][col]
}

// grey repeats one 3×3 pattern on all three channels and scales the result
// to length 1, so that at gain 1 the raw and normalised responses agree.
func grey(p [9]float32) []float32 {
	w := make([]float32, TmplSize)
	var n float64
	for c := 0; c < 3; c++ {
		copy(w[c*9:], p[:])
	}
	for _, v := range w {
		n += float64(v) * float64(v)
	}
	for i, v := range w {
		w[i] = float32(float64(v) / math.Sqrt(n))
	}
	return w
}

// BuiltinTemplates are the hand-made patterns step 3 offers. They act on all
// three channels alike, i.e. on brightness, and have length 1.
var BuiltinTemplates = []Template{
	{"vertical", "vertical edge (dark | bright)", grey([9]float32{-1, 0, 1, -1, 0, 1, -1, 0, 1})},
	{"horizontal", "horizontal edge (bright over dark)", grey([9]float32{1, 1, 1, 0, 0, 0, -1, -1, -1})},
	{"diagonal", "diagonal line", grey([9]float32{1, -0.5, -0.5, -0.5, 1, -0.5, -0.5, -0.5, 1})},
	{"blob", "bright blob", grey([9]float32{-0.5, -0.5, -0.5, -0.5, 4, -0.5, -0.5, -0.5, -0.5})},
}

// LabTemplate returns first-layer filter k of conv1 weights laid out
// [out][in][3][3], or false when the shape is not 3 input channels of 3×3 or
// k is out of range.
func LabTemplate(w []float32, shape [4]int, k int) (Template, bool) {
	if shape[1] != 3 || shape[2] != 3 || shape[3] != 3 || k < 0 || k >= shape[0] || len(w) < shape[0]*TmplSize {
		return Template{}, false
	}
	t := Template{ID: labID(k), Name: "learned filter " + itoa(k+1), Weights: make([]float32, TmplSize)}
	copy(t.Weights, w[k*TmplSize:(k+1)*TmplSize])
	return t, true
}

func labID(k int) string { return "lab" + itoa(k) }

// SyntheticImage returns a built-in 32×32 RGB picture (plane order) with a
// vertical bar, a horizontal bar, a diagonal line and a bright disc on a soft
// gradient: something for the templates to find before real data arrives.
func SyntheticImage() []byte {
	img := make([]byte, ImgBytes)
	for y := 0; y < ImgSide; y++ {
		for x := 0; x < ImgSide; x++ {
			r, g, b := 70.0+2*float64(y), 90.0+float64(x), 140.0
			switch {
			case x >= 4 && x <= 7 && y >= 3 && y <= 28: // vertical bar
				r, g, b = 235, 225, 60
			case y >= 22 && y <= 24 && x >= 10 && x <= 29: // horizontal bar
				r, g, b = 25, 25, 40
			case x-y >= -1 && x-y <= 1 && x >= 10 && y <= 18: // diagonal line
				r, g, b = 245, 245, 245
			}
			if dx, dy := float64(x)-24.5, float64(y)-8.5; dx*dx+dy*dy <= 9 { // disc
				r, g, b = 250, 120, 90
			}
			i := y*ImgSide + x
			img[i], img[ImgPlane+i], img[2*ImgPlane+i] = byte(r), byte(g), byte(b)
		}
	}
	return img
}
