package kernel

import "sync"

// The portable kernel: plain Go, no assembly, the same bits on every GOARCH.
//
// Both operands are packed so that one micro-kernel serves all three product
// forms. A is cut into strips of tm rows stored k-major
// (strip[p·tm+ii] = A(i0+ii, p)), B into panels of tn columns stored k-major
// (panel[p·tn+jj] = B(p, j0+jj)). Short edge strips and panels are
// zero-padded, so the micro-kernel always computes a full tile and the driver
// keeps only the valid part. The buffers come from a sync.Pool: no
// allocation once warmed up (a pool may be emptied by the garbage collector,
// after which one call re-allocates), and concurrent calls never share one.
//
// Every element of C is summed exactly like the naive loops: starting from
// zero, adding float32(a·b) for p = 0, 1, …, k-1, then stored or added to C.
// The explicit float32 conversion forbids fused multiply-add, so the portable
// kernel reproduces the naive loops bit for bit, natively and in wasm.

// tiling describes a micro-kernel: it computes a tm×tn tile of C (stored
// row-major in t) from a packed A strip (k×tm) and a packed B panel (k×tn).
// Go's wasm backend has 16 float registers, so the tm·tn accumulators plus
// the operands of one step should stay within that.
type tiling struct {
	tm, tn int
	micro  func(k int, pa, pb, t []float32)
}

// maxTile bounds tm·tn over all tilings.
const maxTile = 16

// panelGroupBytes bounds the packed B panels swept by each A strip; sized to
// stay well inside a 1–2 MB L2 cache next to A and C.
const panelGroupBytes = 256 << 10

// kernelTiling is the micro-kernel the portable products use; see micro.go.
var kernelTiling = tiling{2, 6, micro2x6}

// workspace holds the packing buffers of one call. Workspaces are recycled
// through a sync.Pool so that calls do not allocate once warmed up and
// concurrent calls never share a buffer.
type workspace struct {
	a, b []float32
	tile [maxTile]float32
}

var workspaces = sync.Pool{New: func() any { return new(workspace) }}

// grow returns buf resliced to n elements, reallocating only when it is too small.
func grow(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}

// operand layouts understood by the packers.
const (
	rowMajor   = false // A is m×k (or B is k×n)
	transposed = true  // A is k×m (or B is n×k)
)

// PortableMatMul computes C[m×n] (+)= A[m×k]·B[k×n] with the portable
// register-blocked kernel. It has MatMul's semantics and is always compiled,
// whatever the backend, so it can be tested and benchmarked natively.
func PortableMatMul(c, a, b []float32, m, n, k int, accumulate bool) {
	checkSizes("PortableMatMul", c, a, b, m, n, k)
	portable(kernelTiling, c, a, b, m, n, k, rowMajor, rowMajor, accumulate)
}

// PortableMatMulTransB computes C[m×n] (+)= A[m×k]·B[n×k]ᵀ with the portable
// kernel; see PortableMatMul.
func PortableMatMulTransB(c, a, b []float32, m, n, k int, accumulate bool) {
	checkSizes("PortableMatMulTransB", c, a, b, m, n, k)
	portable(kernelTiling, c, a, b, m, n, k, rowMajor, transposed, accumulate)
}

// PortableMatMulTransA computes C[m×n] (+)= A[k×m]ᵀ·B[k×n] with the portable
// kernel; see PortableMatMul.
func PortableMatMulTransA(c, a, b []float32, m, n, k int, accumulate bool) {
	checkSizes("PortableMatMulTransA", c, a, b, m, n, k)
	portable(kernelTiling, c, a, b, m, n, k, transposed, rowMajor, accumulate)
}

func portable(tl tiling, c, a, b []float32, m, n, k int, aT, bT, accumulate bool) {
	if m == 0 || n == 0 {
		return
	}
	ws := workspaces.Get().(*workspace)
	defer workspaces.Put(ws)

	tm, tn := tl.tm, tl.tn
	strips := (m + tm - 1) / tm
	panels := (n + tn - 1) / tn
	panelLen := tn * k
	// B is packed a group of panels at a time, as many as fit in
	// panelGroupBytes, and every A strip sweeps the whole group. With a small
	// k (the input-gradient products have k = output channels) that is all
	// of B, so C is written row by row; with a large k it bounds the buffer.
	group := max(1, min(panels, panelGroupBytes/(4*max(1, panelLen))))
	ws.a = grow(ws.a, strips*tm*k)
	ws.b = grow(ws.b, group*panelLen)
	packA(ws.a, a, m, k, tm, aT)
	t := ws.tile[:tm*tn]
	for g0 := 0; g0 < panels; g0 += group {
		gp := min(group, panels-g0)
		for q := 0; q < gp; q++ {
			j0 := (g0 + q) * tn
			packB(ws.b[q*panelLen:(q+1)*panelLen], b, n, k, j0, min(tn, n-j0), tn, bT)
		}
		for s := 0; s < strips; s++ {
			i0 := s * tm
			mi := min(tm, m-i0)
			strip := ws.a[i0*k : (i0+tm)*k]
			for q := 0; q < gp; q++ {
				j0 := (g0 + q) * tn
				nj := min(tn, n-j0)
				tl.micro(k, strip, ws.b[q*panelLen:(q+1)*panelLen], t)
				for ii := 0; ii < mi; ii++ {
					row := c[(i0+ii)*n+j0 : (i0+ii)*n+j0+nj]
					tr := t[ii*tn : ii*tn+nj]
					row = row[:len(tr)]
					if accumulate {
						for jj, v := range tr {
							row[jj] += v
						}
					} else {
						for jj, v := range tr {
							row[jj] = v
						}
					}
				}
			}
		}
	}
}

// packA copies A into strips of tm rows, k-major, zero-padding the last
// strip. With aT set, A is stored k×m (the TransA form).
func packA(dst, a []float32, m, k, tm int, aT bool) {
	for i0 := 0; i0 < m; i0 += tm {
		strip := dst[i0*k : (i0+tm)*k]
		mi := min(tm, m-i0)
		if mi < tm {
			clear(strip)
		}
		if aT {
			// Runs of mi <= tm values: a loop beats a memmove call.
			for p := 0; p < k; p++ {
				src := a[p*m+i0 : p*m+i0+mi]
				dst := strip[p*tm : p*tm+len(src)]
				for ii, v := range src {
					dst[ii] = v
				}
			}
			continue
		}
		for ii := 0; ii < mi; ii++ {
			src := a[(i0+ii)*k : (i0+ii+1)*k]
			for p, v := range src {
				strip[p*tm+ii] = v
			}
		}
	}
}

// packB copies columns j0..j0+nj of B into a k-major panel of tn columns,
// zero-padding when nj < tn. With bT set, B is stored n×k (the TransB form).
func packB(dst, b []float32, n, k, j0, nj, tn int, bT bool) {
	if nj < tn {
		clear(dst)
	}
	if bT {
		for jj := 0; jj < nj; jj++ {
			src := b[(j0+jj)*k : (j0+jj+1)*k]
			for p, v := range src {
				dst[p*tn+jj] = v
			}
		}
		return
	}
	for p := 0; p < k; p++ {
		src := b[p*n+j0 : p*n+j0+nj]
		out := dst[p*tn : p*tn+len(src)]
		for jj, v := range src {
			out[jj] = v
		}
	}
}
