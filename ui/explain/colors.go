package explain

import "math"

// Colour maps for the response-map images, as RGBA bytes ready for a canvas.

// divergingRGB maps t in [−1, 1] to blue (negative) – near-white (0) –
// vermillion (positive); values beyond ±1 saturate.
func divergingRGB(t float64) (r, g, b byte) {
	t = clamp(t, -1, 1)
	lo := [3]float64{0, 114, 178} // #0072B2
	mid := [3]float64{247, 247, 247}
	hi := [3]float64{213, 94, 0} // #D55E00
	end := hi
	if t < 0 {
		end, t = lo, -t
	}
	var c [3]byte
	for i := range c {
		c[i] = byte(math.Round(mid[i] + (end[i]-mid[i])*t))
	}
	return c[0], c[1], c[2]
}

// MapRGBA colours a side×side map with the diverging scale ±scale (values
// beyond it saturate) and returns RGBA bytes.
func MapRGBA(m []float32, scale float64) []byte {
	out := make([]byte, 4*len(m))
	for i, v := range m {
		t := 0.0
		if scale > 0 {
			t = float64(v) / scale
		}
		out[4*i], out[4*i+1], out[4*i+2] = divergingRGB(t)
		out[4*i+3] = 255
	}
	return out
}

// ImageRGBA converts one image in plane order (3×side×side bytes) to RGBA.
func ImageRGBA(img []byte, side int) []byte {
	n := side * side
	out := make([]byte, 4*n)
	for i := 0; i < n; i++ {
		out[4*i], out[4*i+1], out[4*i+2], out[4*i+3] = img[i], img[n+i], img[2*n+i], 255
	}
	return out
}

// Upscale repeats every pixel of a side×side RGBA image k×k times.
func Upscale(rgba []byte, side, k int) []byte {
	s := side * k
	out := make([]byte, 4*s*s)
	for y := 0; y < s; y++ {
		for x := 0; x < s; x++ {
			copy(out[4*(y*s+x):4*(y*s+x)+4], rgba[4*((y/k)*side+x/k):])
		}
	}
	return out
}

// OutlineCell draws a one-pixel black-and-white frame around the k×k-scaled
// cell (row, col) of a square RGBA image of side s: the 3×3 patch a template
// sees when centred there, so the frame spans rows row−1…row+1.
func OutlineCell(rgba []byte, s, k, row, col int) {
	x0, y0 := (col-1)*k-1, (row-1)*k-1
	x1, y1 := (col+2)*k, (row+2)*k
	set := func(x, y int, v byte) {
		if x < 0 || y < 0 || x >= s || y >= s {
			return
		}
		i := 4 * (y*s + x)
		rgba[i], rgba[i+1], rgba[i+2], rgba[i+3] = v, v, v, 255
	}
	for x := x0; x <= x1; x++ {
		set(x, y0, 0)
		set(x, y1, 0)
		set(x, y0+1, 255)
		set(x, y1-1, 255)
	}
	for y := y0; y <= y1; y++ {
		set(x0, y, 0)
		set(x1, y, 0)
		set(x0+1, y, 255)
		set(x1-1, y, 255)
	}
}
