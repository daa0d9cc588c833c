//go:build !purego && !wasm

package kernel

// Backend names the implementation behind MatMul, MatMulTransB and
// MatMulTransA in this build: "gonum" natively, "portable" under wasm or with
// -tags purego.
const Backend = "gonum"

func matMul(c, a, b []float32, m, n, k int, acc bool) { GonumMatMul(c, a, b, m, n, k, acc) }
func matMulTransB(c, a, b []float32, m, n, k int, acc bool) {
	GonumMatMulTransB(c, a, b, m, n, k, acc)
}
func matMulTransA(c, a, b []float32, m, n, k int, acc bool) {
	GonumMatMulTransA(c, a, b, m, n, k, acc)
}
