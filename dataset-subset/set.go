package subset

import (
	"fmt"
	"slices"
)

// Image geometry of CIFAR-10 and the size of one record in the official
// binary format (1 label byte followed by the R, G and B planes).
const (
	Width      = 32
	Height     = 32
	Channels   = 3
	PlaneSize  = Width * Height       // bytes in one colour plane
	ImageSize  = PlaneSize * Channels // 3072 bytes of pixels per image
	RecordSize = 1 + ImageSize        // 3073 bytes per official record
	NumClasses = 10                   // labels are 0..NumClasses-1
)

// DefaultClasses are the official CIFAR-10 class names in label order, used
// when no batches.meta.txt is available.
var DefaultClasses = []string{
	"airplane", "automobile", "bird", "cat", "deer",
	"dog", "frog", "horse", "ship", "truck",
}

// Set is a list of labelled CIFAR-10 images.
type Set struct {
	// Images holds Len()×ImageSize bytes: for each image its red, green and
	// blue 32×32 planes, row-major (the official CIFAR plane order).
	Images []byte
	// Labels holds one class index per image.
	Labels []byte
	// Classes names the classes in label order.
	Classes []string
}

// Len returns the number of images in the set.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.Labels)
}

// Image returns the ImageSize pixel bytes of image i (a view, not a copy).
func (s *Set) Image(i int) []byte {
	return s.Images[i*ImageSize : (i+1)*ImageSize : (i+1)*ImageSize]
}

// Pixel returns the red, green and blue values of image i at column x, row y.
func (s *Set) Pixel(i, x, y int) (r, g, b byte) {
	img := s.Image(i)
	p := y*Width + x
	return img[p], img[PlaneSize+p], img[2*PlaneSize+p]
}

// ClassCounts returns how many images of each class the set holds, indexed
// by label (len(Classes) entries, at least NumClasses).
func (s *Set) ClassCounts() []int {
	n := max(len(s.Classes), NumClasses)
	counts := make([]int, n)
	for _, l := range s.Labels {
		if int(l) < n {
			counts[l]++
		}
	}
	return counts
}

// Check reports whether the set is internally consistent: pixel and label
// lengths agree and every label names a class.
func (s *Set) Check() error {
	if s == nil {
		return fmt.Errorf("subset: nil set")
	}
	if len(s.Images) != len(s.Labels)*ImageSize {
		return fmt.Errorf("subset: %d labels but %d pixel bytes (want %d)", len(s.Labels), len(s.Images), len(s.Labels)*ImageSize)
	}
	for i, l := range s.Labels {
		if int(l) >= len(s.Classes) {
			return fmt.Errorf("subset: image %d: label %d but only %d classes", i, l, len(s.Classes))
		}
	}
	return nil
}

// Concat joins sets that share the same class names into one new set, in
// argument order. The page uses it to join the training shards it loaded.
func Concat(sets ...*Set) (*Set, error) {
	if len(sets) == 0 {
		return nil, fmt.Errorf("subset: Concat of no sets")
	}
	out := &Set{Classes: slices.Clone(sets[0].Classes)}
	n := 0
	for _, s := range sets {
		n += s.Len()
	}
	out.Images = make([]byte, 0, n*ImageSize)
	out.Labels = make([]byte, 0, n)
	for i, s := range sets {
		if !slices.Equal(s.Classes, out.Classes) {
			return nil, fmt.Errorf("subset: Concat: set %d has classes %q, set 0 has %q", i, s.Classes, out.Classes)
		}
		out.Images = append(out.Images, s.Images...)
		out.Labels = append(out.Labels, s.Labels...)
	}
	return out, nil
}

// pick returns a new set holding the images at the given indices, in that
// order.
func (s *Set) pick(idx []int) *Set {
	out := &Set{
		Images:  make([]byte, 0, len(idx)*ImageSize),
		Labels:  make([]byte, 0, len(idx)),
		Classes: slices.Clone(s.Classes),
	}
	for _, i := range idx {
		out.Images = append(out.Images, s.Image(i)...)
		out.Labels = append(out.Labels, s.Labels[i])
	}
	return out
}
