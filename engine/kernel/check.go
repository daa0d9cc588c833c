package kernel

import "fmt"

// checkSizes panics with a message naming the call when a dimension is
// negative or a slice is too short for the product it describes. A wrong
// size here is a bug in the caller, never a data error, and failing loudly at
// the call beats a bare index panic deep in a loop (or silently reading a
// neighbour's memory region of a larger buffer).
func checkSizes(op string, c, a, b []float32, m, n, k int) {
	switch {
	case m < 0 || n < 0 || k < 0:
		panic(fmt.Sprintf("kernel: %s: negative size m=%d n=%d k=%d", op, m, n, k))
	case len(a) < m*k:
		panic(fmt.Sprintf("kernel: %s: len(a)=%d < m·k=%d", op, len(a), m*k))
	case len(b) < k*n:
		panic(fmt.Sprintf("kernel: %s: len(b)=%d < k·n=%d", op, len(b), k*n))
	case len(c) < m*n:
		panic(fmt.Sprintf("kernel: %s: len(c)=%d < m·n=%d", op, len(c), m*n))
	}
}

// checkConv panics when Im2Col/Col2Im arguments are inconsistent.
func checkConv(op string, col, x []float32, c, h, w, kh, kw, pad int) (oh, ow int) {
	oh, ow = h+2*pad-kh+1, w+2*pad-kw+1
	switch {
	case c < 0 || h < 0 || w < 0 || kh <= 0 || kw <= 0 || pad < 0 || oh < 0 || ow < 0:
		panic(fmt.Sprintf("kernel: %s: bad geometry c=%d h=%d w=%d kh=%d kw=%d pad=%d", op, c, h, w, kh, kw, pad))
	case len(x) < c*h*w:
		panic(fmt.Sprintf("kernel: %s: len(x)=%d < c·h·w=%d", op, len(x), c*h*w))
	case len(col) < c*kh*kw*oh*ow:
		panic(fmt.Sprintf("kernel: %s: len(col)=%d < %d", op, len(col), c*kh*kw*oh*ow))
	}
	return oh, ow
}
