package kernel

// Alternative micro-kernels, kept to compare tile shapes in benchmarks and
// checked against the naive loops like the production one.

// micro2x4 computes a 2×4 tile: 8 accumulators, 2+4 operands per step.
func micro2x4(k int, pa, pb, t []float32) {
	var c00, c01, c02, c03, c10, c11, c12, c13 float32
	pa = pa[:2*k]
	pb = pb[:4*k]
	for len(pa) >= 2 && len(pb) >= 4 {
		a0, a1 := pa[0], pa[1]
		b0, b1, b2, b3 := pb[0], pb[1], pb[2], pb[3]
		c00 += float32(a0 * b0)
		c01 += float32(a0 * b1)
		c02 += float32(a0 * b2)
		c03 += float32(a0 * b3)
		c10 += float32(a1 * b0)
		c11 += float32(a1 * b1)
		c12 += float32(a1 * b2)
		c13 += float32(a1 * b3)
		pa = pa[2:]
		pb = pb[4:]
	}
	t = t[:8]
	t[0], t[1], t[2], t[3] = c00, c01, c02, c03
	t[4], t[5], t[6], t[7] = c10, c11, c12, c13
}

// micro1x8 computes a 1×8 tile: 8 accumulators, 1+8 operands per step.
func micro1x8(k int, pa, pb, t []float32) {
	var c0, c1, c2, c3, c4, c5, c6, c7 float32
	pa = pa[:k]
	pb = pb[:8*k]
	for len(pa) >= 1 && len(pb) >= 8 {
		a := pa[0]
		c0 += float32(a * pb[0])
		c1 += float32(a * pb[1])
		c2 += float32(a * pb[2])
		c3 += float32(a * pb[3])
		c4 += float32(a * pb[4])
		c5 += float32(a * pb[5])
		c6 += float32(a * pb[6])
		c7 += float32(a * pb[7])
		pa = pa[1:]
		pb = pb[8:]
	}
	t = t[:8]
	t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7] = c0, c1, c2, c3, c4, c5, c6, c7
}

// micro4x4 computes a 4×4 tile: 16 accumulators, 4+4 operands per step.
func micro4x4(k int, pa, pb, t []float32) {
	var c00, c01, c02, c03, c10, c11, c12, c13 float32
	var c20, c21, c22, c23, c30, c31, c32, c33 float32
	pa = pa[:4*k]
	pb = pb[:4*k]
	for len(pa) >= 4 && len(pb) >= 4 {
		b0, b1, b2, b3 := pb[0], pb[1], pb[2], pb[3]
		a := pa[0]
		c00 += float32(a * b0)
		c01 += float32(a * b1)
		c02 += float32(a * b2)
		c03 += float32(a * b3)
		a = pa[1]
		c10 += float32(a * b0)
		c11 += float32(a * b1)
		c12 += float32(a * b2)
		c13 += float32(a * b3)
		a = pa[2]
		c20 += float32(a * b0)
		c21 += float32(a * b1)
		c22 += float32(a * b2)
		c23 += float32(a * b3)
		a = pa[3]
		c30 += float32(a * b0)
		c31 += float32(a * b1)
		c32 += float32(a * b2)
		c33 += float32(a * b3)
		pa = pa[4:]
		pb = pb[4:]
	}
	t = t[:16]
	t[0], t[1], t[2], t[3] = c00, c01, c02, c03
	t[4], t[5], t[6], t[7] = c10, c11, c12, c13
	t[8], t[9], t[10], t[11] = c20, c21, c22, c23
	t[12], t[13], t[14], t[15] = c30, c31, c32, c33
}

// micro2x4u4 is micro2x4 with the k loop unrolled by four.
func micro2x4u4(k int, pa, pb, t []float32) {
	var c00, c01, c02, c03, c10, c11, c12, c13 float32
	pa = pa[:2*k]
	pb = pb[:4*k]
	var a0, a1, b float32
	for len(pa) >= 8 && len(pb) >= 16 {
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
		a0, a1 = pa[2], pa[3]
		b = pb[4]
		c00 += float32(a0 * b)
		c10 += float32(a1 * b)
		b = pb[5]
		c01 += float32(a0 * b)
		c11 += float32(a1 * b)
		b = pb[6]
		c02 += float32(a0 * b)
		c12 += float32(a1 * b)
		b = pb[7]
		c03 += float32(a0 * b)
		c13 += float32(a1 * b)
		a0, a1 = pa[4], pa[5]
		b = pb[8]
		c00 += float32(a0 * b)
		c10 += float32(a1 * b)
		b = pb[9]
		c01 += float32(a0 * b)
		c11 += float32(a1 * b)
		b = pb[10]
		c02 += float32(a0 * b)
		c12 += float32(a1 * b)
		b = pb[11]
		c03 += float32(a0 * b)
		c13 += float32(a1 * b)
		a0, a1 = pa[6], pa[7]
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
		pa = pa[8:]
		pb = pb[16:]
	}
	for len(pa) >= 2 && len(pb) >= 4 {
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
		pa = pa[2:]
		pb = pb[4:]
	}
	t = t[:8]
	t[0], t[1], t[2], t[3] = c00, c01, c02, c03
	t[4], t[5], t[6], t[7] = c10, c11, c12, c13
}

// variantTilings are the shapes compared by BenchmarkTilingsInterleaved and
// checked by TestTilingsBitExact; the first is the production kernel.
var variantTilings = []struct {
	name string
	tl   tiling
}{
	{"2x6u4(kernel)", kernelTiling},
	{"2x4", tiling{2, 4, micro2x4}},
	{"2x4u4", tiling{2, 4, micro2x4u4}},
	{"1x8", tiling{1, 8, micro1x8}},
	{"4x4", tiling{4, 4, micro4x4}},
}
