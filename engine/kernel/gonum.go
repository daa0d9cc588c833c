//go:build !purego && !wasm

package kernel

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// gonum's Sgemm splits a product into 64×64 blocks of C and, once there are
// four or more, runs them on new goroutines, which allocates on every call
// and competes with the engine's own parallelism. We hand it pieces of C of
// at most gonumRows×gonumCols (fewer than four blocks), so it always takes
// its serial path: no goroutines, no allocation, and a summation order that
// does not depend on GOMAXPROCS.
const (
	gonumRows = 64
	gonumCols = 192
)

// GonumMatMul computes C[m×n] (+)= A[m×k]·B[k×n] with gonum's Sgemm.
func GonumMatMul(c, a, b []float32, m, n, k int, accumulate bool) {
	checkSizes("GonumMatMul", c, a, b, m, n, k)
	gonumGemm(blas.NoTrans, blas.NoTrans, c, a, b, m, n, k, accumulate)
}

// GonumMatMulTransB computes C[m×n] (+)= A[m×k]·B[n×k]ᵀ with gonum's Sgemm.
func GonumMatMulTransB(c, a, b []float32, m, n, k int, accumulate bool) {
	checkSizes("GonumMatMulTransB", c, a, b, m, n, k)
	gonumGemm(blas.NoTrans, blas.Trans, c, a, b, m, n, k, accumulate)
}

// GonumMatMulTransA computes C[m×n] (+)= A[k×m]ᵀ·B[k×n] with gonum's Sgemm.
func GonumMatMulTransA(c, a, b []float32, m, n, k int, accumulate bool) {
	checkSizes("GonumMatMulTransA", c, a, b, m, n, k)
	gonumGemm(blas.Trans, blas.NoTrans, c, a, b, m, n, k, accumulate)
}

func gonumGemm(tA, tB blas.Transpose, c, a, b []float32, m, n, k int, accumulate bool) {
	if m == 0 || n == 0 {
		return
	}
	beta := float32(0)
	if accumulate {
		beta = 1
	}
	if k == 0 {
		// Sgemm requires lda, ldb >= 1 even for an empty inner dimension.
		if !accumulate {
			clear(c[:m*n])
		}
		return
	}
	lda, ldb := k, n
	if tA == blas.Trans {
		lda = m
	}
	if tB == blas.Trans {
		ldb = k
	}
	impl := gonum.Implementation{}
	for i0 := 0; i0 < m; i0 += gonumRows {
		mi := min(gonumRows, m-i0)
		// Offset of row i0 of op(A): row i0 of A, or column i0 of Aᵀ.
		aOff := i0 * k
		if tA == blas.Trans {
			aOff = i0
		}
		for j0 := 0; j0 < n; j0 += gonumCols {
			nj := min(gonumCols, n-j0)
			bOff := j0
			if tB == blas.Trans {
				bOff = j0 * k
			}
			impl.Sgemm(tA, tB, mi, nj, k, 1, a[aOff:], lda, b[bOff:], ldb, beta, c[i0*n+j0:], n)
		}
	}
}
