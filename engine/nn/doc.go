// Package nn holds the layers of Hypersphere's mini-VGG, the weight
// normalisation that puts every filter on the unit hypersphere, the model
// that chains them, and the softmax cross-entropy loss.
//
// Invariants:
//   - Data are float32, NCHW, images back to back; a layer's per-image size
//     is its Shape's Size().
//   - Every buffer is allocated once, for maxBatch images, when the model is
//     built; Forward, Loss and Backward do not allocate.
//   - Every layer satisfies the same small Layer contract (Forward,
//     Backward, Params), so the Model is a plain list of layers and knows
//     nothing of layer kinds beyond building them.
//   - Products go through hypersphere/engine/kernel; exp and log through
//     hypersphere/engine/mathf; products whose rounding matters are written
//     as explicit float32(x*y) / float64(x*y) so that no compiler fuses them
//     into an FMA. A GOOS=js GOARCH=wasm build therefore gives the same bits
//     for the same seed as a native build with -tags purego (the default
//     native kernel, gonum, sums in another order; TestFingerprint logs a
//     hash to compare builds).
//   - Weight-normalised layers store the raw weights w in Param.Data and use
//     w/(|w|+1e-8) in the forward pass; Param.Grad is d loss / d raw w. The
//     formula and its gradient live in weightnorm.go.
//   - Bad input never panics: New returns an error; Forward, Loss and
//     Backward report theirs through Model.Err (Forward returns nil, Loss
//     NaN). A NaN or Inf inside the network reaches the loss, where the
//     trainer detects divergence.
//   - Memory grows with maxBatch (about 0.8 MB per image at the full preset,
//     see Model.MemoryBytes): evaluate large sets in chunks of maxBatch.
package nn
