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
