package kernel

// Micro-kernels compute one tile of C from a packed A strip and a packed B
// panel (see portable.go), summing over p in increasing order from zero with
// every product rounded to float32 before it is added, exactly as the naive
// loops do. Unrolling the loop over p does not change that order.

// micro2x6 computes a 2×6 tile: 12 accumulators, the two A values of a step
// and one B value at a time, 15 live floats, inside the 16 float registers of
// Go's wasm backend. The k loop is unrolled by four to cut the per-iteration
// overhead of wasm's loop and bounds bookkeeping. Measured in Node 20 this was
// the fastest of the shapes tried (BenchmarkTilingsInterleaved), about 1.5×
// the 2×4 tile that was best in Chromium in an earlier probe.
func micro2x6(k int, pa, pb, t []float32) {
	var c00, c01, c02, c03, c04, c05, c10, c11, c12, c13, c14, c15 float32
	pa = pa[:2*k]
	pb = pb[:6*k]
	var a0, a1, b float32
	for len(pa) >= 8 && len(pb) >= 24 {
		a0, a1 = pa[0], pa[1]
		b = pb[0]
		c00 += float32(a0 * b)
		c10 += float32(a1 * b)
		b = pb[1]
		c01 += float32(a0 * b)
		c11 += float32(a1 * b)
		b = pb[2]
		c02 += float32(a0 * b)
		c12 += float32(a1 * b)
		b = pb[3]
		c03 += float32(a0 * b)
		c13 += float32(a1 * b)
		b = pb[4]
		c04 += float32(a0 * b)
		c14 += float32(a1 * b)
		b = pb[5]
		c05 += float32(a0 * b)
		c15 += float32(a1 * b)
		a0, a1 = pa[2], pa[3]
		b = pb[6]
		c00 += float32(a0 * b)
		c10 += float32(a1 * b)
		b = pb[7]
		c01 += float32(a0 * b)
		c11 += float32(a1 * b)
		b = pb[8]
		c02 += float32(a0 * b)
		c12 += float32(a1 * b)
		b = pb[9]
		c03 += float32(a0 * b)
		c13 += float32(a1 * b)
		b = pb[10]
		c04 += float32(a0 * b)
		c14 += float32(a1 * b)
		b = pb[11]
		c05 += float32(a0 * b)
		c15 += float32(a1 * b)
		a0, a1 = pa[4], pa[5]
		b = pb[12]
		c00 += float32(a0 * b)
		c10 += float32(a1 * b)
		b = pb[13]
		c01 += float32(a0 * b)
		c11 += float32(a1 * b)
		b = pb[14]
		c02 += float32(a0 * b)
		c12 += float32(a1 * b)
		b = pb[15]
		c03 += float32(a0 * b)
		c13 += float32(a1 * b)
		b = pb[16]
		c04 += float32(a0 * b)
		c14 += float32(a1 * b)
		b = pb[17]
		c05 += float32(a0 * b)
		c15 += float32(a1 * b)
		a0, a1 = pa[6], pa[7]
		b = pb[18]
		c00 += float32(a0 * b)
		c10 += float32(a1 * b)
		b = pb[19]
		c01 += float32(a0 * b)
		c11 += float32(a1 * b)
		b = pb[20]
		c02 += float32(a0 * b)
		c12 += float32(a1 * b)
		b = pb[21]
		c03 += float32(a0 * b)
		c13 += float32(a1 * b)
		b = pb[22]
		c04 += float32(a0 * b)
		c14 += float32(a1 * b)
		b = pb[23]
		c05 += float32(a0 * b)
		c15 += float32(a1 * b)
		pa = pa[8:]
		pb = pb[24:]
	}
	for len(pa) >= 2 && len(pb) >= 6 {
		a0, a1 = pa[0], pa[1]
		b = pb[0]
		c00 += float32(a0 * b)
		c10 += float32(a1 * b)
		b = pb[1]
		c01 += float32(a0 * b)
		c11 += float32(a1 * b)
		b = pb[2]
		c02 += float32(a0 * b)
		c12 += float32(a1 * b)
		b = pb[3]
		c03 += float32(a0 * b)
		c13 += float32(a1 * b)
		b = pb[4]
		c04 += float32(a0 * b)
		c14 += float32(a1 * b)
		b = pb[5]
		c05 += float32(a0 * b)
		c15 += float32(a1 * b)
		pa = pa[2:]
		pb = pb[6:]
	}
	t = t[:12]
	t[0], t[1], t[2], t[3], t[4], t[5] = c00, c01, c02, c03, c04, c05
	t[6], t[7], t[8], t[9], t[10], t[11] = c10, c11, c12, c13, c14, c15
}
