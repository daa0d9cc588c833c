package kernel

// This file holds the plain triple-loop reference products. They are the
// ground truth the fast kernels are tested against; they are never used on a
// hot path.

// NaiveMatMul computes C[m×n] (+)= A[m×k]·B[k×n], all row-major and dense.
func NaiveMatMul(c, a, b []float32, m, n, k int, accumulate bool) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float32
			for p := 0; p < k; p++ {
				s += float32(a[i*k+p] * b[p*n+j])
			}
			if accumulate {
				c[i*n+j] += s
			} else {
				c[i*n+j] = s
			}
		}
	}
}

// NaiveMatMulTransB computes C[m×n] (+)= A[m×k]·B[n×k]ᵀ.
func NaiveMatMulTransB(c, a, b []float32, m, n, k int, accumulate bool) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float32
			for p := 0; p < k; p++ {
				s += float32(a[i*k+p] * b[j*k+p])
			}
			if accumulate {
				c[i*n+j] += s
			} else {
				c[i*n+j] = s
			}
		}
	}
}

// NaiveMatMulTransA computes C[m×n] (+)= A[k×m]ᵀ·B[k×n].
func NaiveMatMulTransA(c, a, b []float32, m, n, k int, accumulate bool) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float32
			for p := 0; p < k; p++ {
				s += float32(a[p*m+i] * b[p*n+j])
			}
			if accumulate {
				c[i*n+j] += s
			} else {
				c[i*n+j] = s
			}
		}
	}
}

// NaiveIm2Col is the reference form of Im2Col. It unrolls one image x[c×h×w] for a kh×kw convolution with stride 1
// and zero padding pad into col[(c·kh·kw)×(oh·ow)], oh = h+2·pad-kh+1,
// ow = w+2·pad-kw+1. Row index = (ci·kh+ky)·kw+kx; column = oy·ow+ox.
func NaiveIm2Col(col, x []float32, c, h, w, kh, kw, pad int) {
	oh, ow := h+2*pad-kh+1, w+2*pad-kw+1
	for ci := 0; ci < c; ci++ {
		for ky := 0; ky < kh; ky++ {
			for kx := 0; kx < kw; kx++ {
				row := ((ci*kh+ky)*kw + kx) * oh * ow
				for oy := 0; oy < oh; oy++ {
					iy := oy + ky - pad
					for ox := 0; ox < ow; ox++ {
						ix := ox + kx - pad
						v := float32(0)
						if iy >= 0 && iy < h && ix >= 0 && ix < w {
							v = x[(ci*h+iy)*w+ix]
						}
						col[row+oy*ow+ox] = v
					}
				}
			}
		}
	}
}

// NaiveCol2Im is the reference form of Col2Im, the adjoint of Im2Col: it adds col[(c·kh·kw)×(oh·ow)] back into
// x[c×h×w]. The caller zeroes x first when it wants a fresh result.
func NaiveCol2Im(x, col []float32, c, h, w, kh, kw, pad int) {
	oh, ow := h+2*pad-kh+1, w+2*pad-kw+1
	for ci := 0; ci < c; ci++ {
		for ky := 0; ky < kh; ky++ {
			for kx := 0; kx < kw; kx++ {
				row := ((ci*kh+ky)*kw + kx) * oh * ow
				for oy := 0; oy < oh; oy++ {
					iy := oy + ky - pad
					if iy < 0 || iy >= h {
						continue
					}
					for ox := 0; ox < ow; ox++ {
						ix := ox + kx - pad
						if ix >= 0 && ix < w {
							x[(ci*h+iy)*w+ix] += col[row+oy*ow+ox]
						}
					}
				}
			}
		}
	}
}
