// Package augment turns CIFAR-10 bytes into the network's float32 input,
// optionally with the experiment's data augmentation: per image an integer
// shift drawn uniformly from -MaxShift..MaxShift pixels on each axis (3 px,
// about 10% of 32), the uncovered border filled by repeating the nearest edge
// pixel (Keras' fill_mode "nearest"), and a horizontal flip with probability
// 0.5. Inputs are byte/255.
//
// Images are in CIFAR plane order: 1024 red, 1024 green, 1024 blue bytes,
// each plane 32×32 row-major. The output has the same layout as float32, so a
// batch is n×3×32×32.
//
// Randomness comes from one seeded PCG stream, so a seed fixes every shift
// and flip; the package uses only integer arithmetic and a table lookup per
// pixel, so results are bit-identical on every GOARCH. Nothing allocates
// after New.
package augment

import (
	"fmt"
	"math/rand/v2"
)

// Image geometry of CIFAR-10.
const (
	Side       = 32                 // pixels per row and per column
	Channels   = 3                  // red, green, blue planes
	Plane      = Side * Side        // values per channel plane
	ImageBytes = Channels * Plane   // bytes per image (3072)
	MaxShift   = 3                  // the experiment's shift range, ±3 px
	streamID   = 0x6175676d656e7421 // PCG stream constant of this package ("augment!")
)

// scale maps a byte to byte/255 exactly as float32 division rounds it.
var scale = func() (t [256]float32) {
	for i := range t {
		t[i] = float32(i) / 255
	}
	return t
}()

// Transform is the augmentation applied to one image: the image is first
// mirrored left–right when Flip is set, then shifted, so the output pixel at
// (y, x) is the mirrored input's pixel at (clamp(y-DY), clamp(x-DX)); clamp
// keeps coordinates inside 0..31, which repeats edge pixels into the
// uncovered border. (Shifts are symmetric, so the order of mirror and shift
// does not change the distribution.)
type Transform struct {
	DY, DX int  // shift down and right, in pixels
	Flip   bool // mirror left–right
}

// Augmenter draws and applies transforms from a seeded stream.
type Augmenter struct {
	maxShift int
	flip     bool
	rng      *rand.Rand
}

// New returns an Augmenter whose transforms are fixed by seed. Shifts are
// drawn from -maxShift..maxShift on each axis (0 disables them) and flips
// happen with probability 0.5 when flip is set. maxShift must be in
// 0..Side-1.
func New(seed uint64, maxShift int, flip bool) (*Augmenter, error) {
	if maxShift < 0 || maxShift >= Side {
		return nil, fmt.Errorf("augment: shift range must be 0..%d pixels, got %d", Side-1, maxShift)
	}
	return &Augmenter{maxShift: maxShift, flip: flip, rng: rand.New(rand.NewPCG(seed, streamID))}, nil
}

// Draw returns the next transform of the stream: it draws dy, then dx,
// then the flip bit, always all three (with flips disabled the bit is drawn
// and ignored), so a seed gives the same shifts with and without flips.
func (a *Augmenter) Draw() Transform {
	span := 2*a.maxShift + 1
	dy := a.rng.IntN(span) - a.maxShift
	dx := a.rng.IntN(span) - a.maxShift
	flip := a.rng.Uint64()>>63 == 1
	return Transform{DY: dy, DX: dx, Flip: flip && a.flip}
}

// Batch writes the images images[idx[i]] into dst as n×3×32×32 float32
// values in 0..1, n = len(idx). With augment set each image gets a fresh
// transform from the stream (in idx order); without it the images are
// copied unchanged and the stream is not touched. It reports an error when
// dst is too short, images is not a whole number of images, or an index is
// out of range; dst may then be partly written.
func (a *Augmenter) Batch(dst []float32, images []byte, idx []int, augment bool) error {
	if err := check(dst, images, idx); err != nil {
		return err
	}
	for i, k := range idx {
		src := images[k*ImageBytes : (k+1)*ImageBytes]
		out := dst[i*ImageBytes : (i+1)*ImageBytes]
		if augment {
			Apply(out, src, a.Draw())
		} else {
			Scale(out, src)
		}
	}
	return nil
}

func check(dst []float32, images []byte, idx []int) error {
	if len(images)%ImageBytes != 0 {
		return fmt.Errorf("augment: image data holds %d bytes, not a multiple of %d", len(images), ImageBytes)
	}
	if len(dst) < len(idx)*ImageBytes {
		return fmt.Errorf("augment: output holds %d values, need %d for %d images", len(dst), len(idx)*ImageBytes, len(idx))
	}
	n := len(images) / ImageBytes
	for _, k := range idx {
		if k < 0 || k >= n {
			return fmt.Errorf("augment: image index %d out of range 0..%d", k, n-1)
		}
	}
	return nil
}

// Scale writes src/255 into dst, value by value, for any whole number of
// images (no augmentation). dst must be at least as long as src.
func Scale(dst []float32, src []byte) {
	dst = dst[:len(src)]
	for i, b := range src {
		dst[i] = scale[b]
	}
}

// Apply writes one image src (3072 bytes) into dst (3072 values) under the
// transform tr, scaled to 0..1. Shifts beyond the image clamp to the edge.
func Apply(dst []float32, src []byte, tr Transform) {
	src = src[:ImageBytes]
	dst = dst[:ImageBytes]
	// Column map: output column x reads input column cols[x].
	var cols [Side]uint8
	for x := 0; x < Side; x++ {
		sx := clamp(x - tr.DX)
		if tr.Flip {
			sx = Side - 1 - sx
		}
		cols[x] = uint8(sx)
	}
	for c := 0; c < Channels; c++ {
		plane := src[c*Plane : (c+1)*Plane]
		out := dst[c*Plane : (c+1)*Plane]
		for y := 0; y < Side; y++ {
			row := plane[clamp(y-tr.DY)*Side:][:Side]
			o := out[y*Side:][:Side]
			for x, sx := range cols {
				o[x] = scale[row[sx]]
			}
		}
	}
}

func clamp(v int) int {
	if v < 0 {
		return 0
	}
	if v >= Side {
		return Side - 1
	}
	return v
}
