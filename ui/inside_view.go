package ui

import (
	"math"

	"hypersphere/ui/charts"
)

// PreviewN is the number of validation images in the predictions grid.
const PreviewN = 8

// InsideView shows what each variant has learned: its first-layer filters
// as small RGB images, and its predictions for a few validation images,
// refreshed every epoch.
type InsideView struct {
	Lab *Lab
}

// FilterGrid lays out conv1's filters [out, in, kh, kw] as an RGB image:
// filters side by side in cols columns with a 1-pixel gap, each filter
// scaled to 0..255 by its own largest absolute weight (0 is mid-grey), so
// that the pattern shows whatever the filter's length. It returns the
// image's width, height and RGBA pixels; ok is false when the shape is not
// 3-channel or does not match the data.
func FilterGrid(w []float32, shape [4]int, cols int) (width, height int, rgba []byte, ok bool) {
	out, in, kh, kw := shape[0], shape[1], shape[2], shape[3]
	if out <= 0 || in != 3 || kh <= 0 || kw <= 0 || len(w) != out*in*kh*kw || cols <= 0 {
		return 0, 0, nil, false
	}
	rows := (out + cols - 1) / cols
	width, height = cols*(kw+1)-1, rows*(kh+1)-1
	rgba = make([]byte, 4*width*height)
	for i := 3; i < len(rgba); i += 4 {
		rgba[i] = 255 // gaps opaque white
		rgba[i-1], rgba[i-2], rgba[i-3] = 255, 255, 255
	}
	per := in * kh * kw
	for f := 0; f < out; f++ {
		fw := w[f*per : (f+1)*per]
		m := 0.0
		for _, v := range fw {
			m = math.Max(m, math.Abs(float64(v)))
		}
		if m == 0 || math.IsNaN(m) || math.IsInf(m, 0) {
			m = 1
		}
		ox, oy := (f%cols)*(kw+1), (f/cols)*(kh+1)
		for y := 0; y < kh; y++ {
			for x := 0; x < kw; x++ {
				p := 4 * ((oy+y)*width + ox + x)
				for ch := 0; ch < 3; ch++ {
					v := float64(fw[(ch*kh+y)*kw+x])
					if math.IsNaN(v) {
						v = 0
					}
					rgba[p+ch] = byte(math.Round(math.Min(math.Max(127.5+127.5*v/m, 0), 255)))
				}
				rgba[p+3] = 255
			}
		}
	}
	return width, height, rgba, true
}

// ImageRGBA converts one CIFAR image (R, G, B planes of 32×32) to RGBA.
func ImageRGBA(img []byte) []byte {
	const plane = 32 * 32
	if len(img) < 3*plane {
		return nil
	}
	out := make([]byte, 4*plane)
	for i := 0; i < plane; i++ {
		out[4*i], out[4*i+1], out[4*i+2], out[4*i+3] = img[i], img[plane+i], img[2*plane+i], 255
	}
	return out
}

// Prediction is one variant's top class for one preview image.
type Prediction struct {
	Variant string
	Class   string
	Prob    float64
	Correct bool
}

// previewCount is the number of preview images available.
func (c *InsideView) previewCount() int {
	return min(len(c.Lab.PreviewLabels), len(c.Lab.Preview)/3072)
}

func (c *InsideView) previewIndexes() []int {
	out := make([]int, c.previewCount())
	for i := range out {
		out[i] = i
	}
	return out
}

func (c *InsideView) className(k int) string {
	if k >= 0 && k < len(c.Lab.Classes) {
		return c.Lab.Classes[k]
	}
	return "class " + itoa(k)
}

func (c *InsideView) trueLabel(i int) string { return c.className(int(c.Lab.PreviewLabels[i])) }

// predictions returns each run's top prediction for preview image i (runs
// without an epoch yet are left out).
func (c *InsideView) predictions(i int) []Prediction {
	var out []Prediction
	for _, r := range c.Lab.FirstSeedRuns() {
		if len(r.Probs) < (i+1)*10 {
			continue
		}
		p := r.Probs[i*10 : (i+1)*10]
		best := 0
		for k := range p {
			if p[k] > p[best] {
				best = k
			}
		}
		prob := float64(p[best])
		if math.IsNaN(prob) {
			prob = 0
		}
		out = append(out, Prediction{Variant: r.Variant, Class: c.className(best), Prob: prob,
			Correct: best == int(c.Lab.PreviewLabels[i])})
	}
	return out
}

func (c *InsideView) hasFilters() bool {
	for _, r := range c.Lab.Runs {
		if len(r.Filters) > 0 {
			return true
		}
	}
	return false
}

func predClass(p Prediction) string {
	if p.Correct {
		return "pred ok"
	}
	return "pred wrong"
}

// barWidth formats a probability as the width of a 100-unit bar.
func barWidth(p float64) string { return charts.FormatSig(100*math.Min(math.Max(p, 0), 1), 3) }

// predText is one variant's guess; the mark repeats the colour's meaning
// for readers who cannot tell red from green.
func predText(p Prediction) string {
	mark := "✗ "
	if p.Correct {
		mark = "✓ "
	}
	return mark + p.Class + " " + Percent(p.Prob)
}

func variantColor(name string) string { col, _ := charts.VariantColor(name, 0); return col }
