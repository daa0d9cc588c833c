//go:build !purego && !wasm

package kernel

func init() {
	implsUnderTest = append(implsUnderTest,
		impl{"gonum", GonumMatMul, GonumMatMulTransB, GonumMatMulTransA, false})
}
