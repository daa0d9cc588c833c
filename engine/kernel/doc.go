// Package kernel holds the engine's float32 matrix products and the
// im2col/col2im transforms that turn convolutions into products.
//
// MatMul, MatMulTransB and MatMulTransA are backed by gonum's Sgemm in native
// builds and by our own register-blocked kernel (PortableMatMul…) under
// GOOS=js GOARCH=wasm or with -tags purego; Backend says which. The portable
// kernel sums every output in the same order as the reference loops in
// naive.go and forbids fused multiply-add, so it returns the same bits as
// them, natively and in wasm. gonum sums in another order and agrees only to
// rounding (relative error around 1e-7).
//
// All functions are safe for concurrent use and do not allocate once warmed
// up. Slices are row-major and dense; a slice shorter than its sizes demand is
// a caller bug and panics with a message naming the call.
package kernel
