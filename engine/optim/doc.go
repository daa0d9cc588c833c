// Package optim holds the optimiser of the training engine: Adam with
// bias-corrected moments, updating nn.Params in place.
//
// Invariants: Step does not allocate; moments are float32, the arithmetic of
// each update runs in float64 with every product explicitly rounded (no FMA
// contraction), so native and wasm builds give the same bits.
package optim
