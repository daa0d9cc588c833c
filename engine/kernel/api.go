package kernel

// The products the engine uses. Every slice is row-major and dense (leading
// dimension = number of columns). When accumulate is false C is overwritten,
// otherwise the product is added to it. The implementation is chosen by
// build tag (gonum natively; our own register-blocked kernel under wasm or
// with -tags purego, see Backend); both are safe for concurrent use from
// several goroutines and do not allocate once warmed up. Slices shorter than
// the sizes demand cause a panic naming the call.

// MatMul computes C[m×n] (+)= A[m×k]·B[k×n].
func MatMul(c, a, b []float32, m, n, k int, accumulate bool) {
	matMul(c, a, b, m, n, k, accumulate)
}

// MatMulTransB computes C[m×n] (+)= A[m×k]·B[n×k]ᵀ (e.g. dW = dY·colᵀ).
func MatMulTransB(c, a, b []float32, m, n, k int, accumulate bool) {
	matMulTransB(c, a, b, m, n, k, accumulate)
}

// MatMulTransA computes C[m×n] (+)= A[k×m]ᵀ·B[k×n] (e.g. dX = Wᵀ·dY).
func MatMulTransA(c, a, b []float32, m, n, k int, accumulate bool) {
	matMulTransA(c, a, b, m, n, k, accumulate)
}

// Im2Col unrolls one image x[c×h×w] for a kh×kw convolution with stride 1
// and zero padding pad into col[(c·kh·kw)×(oh·ow)], oh = h+2·pad-kh+1,
// ow = w+2·pad-kw+1. Row index = (ci·kh+ky)·kw+kx; column = oy·ow+ox.
// Every element of col[:c·kh·kw·oh·ow] is written.
func Im2Col(col, x []float32, c, h, w, kh, kw, pad int) {
	oh, ow := checkConv("Im2Col", col, x, c, h, w, kh, kw, pad)
	for ci := 0; ci < c; ci++ {
		plane := x[ci*h*w : (ci+1)*h*w]
		for ky := 0; ky < kh; ky++ {
			for kx := 0; kx < kw; kx++ {
				row := ((ci*kh+ky)*kw + kx) * oh * ow
				dst := col[row : row+oh*ow]
				// Output columns ox in [lo, hi) read input columns
				// ix = ox+kx-pad inside the image; the rest is padding.
				lo, hi := validRange(ow, w, kx-pad)
				for oy := 0; oy < oh; oy++ {
					out := dst[oy*ow : (oy+1)*ow]
					iy := oy + ky - pad
					if iy < 0 || iy >= h || lo >= hi {
						clear(out)
						continue
					}
					clear(out[:lo])
					src := plane[iy*w+lo+kx-pad : iy*w+hi+kx-pad]
					copy(out[lo:hi], src)
					clear(out[hi:])
				}
			}
		}
	}
}

// Col2Im is the adjoint of Im2Col: it adds col[(c·kh·kw)×(oh·ow)] back into
// x[c×h×w]. The caller zeroes x first when it wants a fresh result.
func Col2Im(x, col []float32, c, h, w, kh, kw, pad int) {
	oh, ow := checkConv("Col2Im", col, x, c, h, w, kh, kw, pad)
	for ci := 0; ci < c; ci++ {
		plane := x[ci*h*w : (ci+1)*h*w]
		for ky := 0; ky < kh; ky++ {
			for kx := 0; kx < kw; kx++ {
				row := ((ci*kh+ky)*kw + kx) * oh * ow
				src := col[row : row+oh*ow]
				lo, hi := validRange(ow, w, kx-pad)
				if lo >= hi {
					continue
				}
				for oy := 0; oy < oh; oy++ {
					iy := oy + ky - pad
					if iy < 0 || iy >= h {
						continue
					}
					in := src[oy*ow+lo : oy*ow+hi]
					out := plane[iy*w+lo+kx-pad : iy*w+hi+kx-pad]
					out = out[:len(in)]
					for i, v := range in {
						out[i] += v
					}
				}
			}
		}
	}
}

// validRange returns the output columns [lo, hi) whose input column
// ox+shift falls inside [0, w), clamped to [0, ow).
func validRange(ow, w, shift int) (lo, hi int) {
	lo = max(0, -shift)
	hi = min(ow, w-shift)
	if hi < lo {
		hi = lo
	}
	return lo, hi
}
