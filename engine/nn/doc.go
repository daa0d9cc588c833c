// Package nn holds the layers of Hypersphere's mini-VGG, the weight
// normalisation that puts every filter on the unit hypersphere (with the
// gain, logit scale and cosine normalisation the later papers add), the
// model that chains them, the softmax cross-entropy loss, and the
// diagnostics that explain how the variants differ.
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
//     formula and its gradient live in weightnorm.go, with the learned gain
//     and logit scale; cosine normalisation of the inputs, x/(|x|+1e-4), and
//     its gradient live in cosine.go.
//   - Bad input never panics: New returns an error; Forward, Loss and
//     Backward report theirs through Model.Err (Forward returns nil, Loss
//     NaN). A NaN or Inf inside the network reaches the loss, where the
//     trainer detects divergence.
//   - Memory grows with maxBatch (about 0.8 MB per image at the full preset,
//     see Model.MemoryBytes): evaluate large sets in chunks of maxBatch.
//
// # Variants
//
// VariantNames are the experiment's four; AllVariantNames adds the ones the
// papers propose to explain and repair norm_conv_dense. VariantConfig turns
// a name into Config switches, VariantInfo gives its one-sentence Summary
// (the text the lab shows) and its source. A unit computes
// w·x = |w|·|x|·cos θ; the variants differ in which of the three factors
// they keep:
//
//   - baseline: all three, plain dot products.
//   - norm_conv, norm_dense, norm_conv_dense: weight normalisation of the
//     conv filters, the dense units, or both (|w| → 1, weightnorm.go).
//     With both, no weight length is left anywhere: the logits can only be as
//     large as the activations let them, and the 2017 experiment lost the
//     benefit of normalisation.
//   - gain_conv_dense (Salimans and Kingma, 2016): norm_conv_dense with a
//     learned gain per filter and unit, w = g·v/|v| (Params conv1.g …
//     dense2.g). g starts at 1, so at initialisation the model computes
//     exactly what norm_conv_dense computes; the direction v still moves on
//     the sphere while g restores a learnable length.
//   - norm_conv_dense_scaled (NormFace, Wang et al., 2017): norm_conv_dense
//     with one learned scale s on the logits, logits = s·(w/|w|)·x + b
//     (Param dense2.s). s starts at 1, again exactly norm_conv_dense at
//     initialisation. Why not a large fixed s: here the features x are not
//     normalised, so the logits already carry |x|, and on the real subset
//     (reduced net, 3,200 training images, 2 epochs, one seed, so only
//     indicative) a fixed s = 4 or 16 ended with a higher training loss
//     (2.00, 2.09 against 1.94) and a lower accuracy on 320 other images
//     (30%, 29% against 33%) than s = 1. So the variant lets the network
//     ask for scale, and the lab charts s. With Adam, s moves by at most
//     about the learning rate per step (1.00 → 1.03 in 200 steps there).
//   - cosine_conv (Luo et al., 2017): cosine normalisation in the
//     convolutions: each input patch is normalised as well as each filter,
//     so every conv pre-activation is cos θ ∈ [−1, 1] (plus the bias),
//     whatever the brightness or contrast of the patch; dense layers plain.
//   - cosine_conv_dense_scaled: cosine normalisation in every layer and the
//     learned logit scale. Cosines alone cap the logits at ±1 around the
//     bias, and with 10 classes a softmax over logits in [−s, s] cannot get
//     its loss below log(1 + 9·e^(−10s/9)) (NormFace's bound, without
//     bias, for the best arrangement of the 10 templates): 1.38 at s = 1,
//     0.034 at s = 5, 1.3e-4 at s = 10. So s starts at 10, where the bound
//     no longer binds, and is learned from there.
//
// Fair comparisons: gains and scales start at fixed values and draw nothing
// from the model's generator, so every variant built with the same seed has
// the same raw initial weights and biases and the same dropout masks
// (TestVariantsShareInitialWeights, TestVariantsShareDropout). The new
// Params come after the weight of their layer (conv1.w, conv1.g, conv1.b;
// dense2.w, dense2.g, dense2.s, dense2.b). Config rejects a gain, cosine
// normalisation or logit scale on a layer kind that is not
// weight-normalised.
//
// # Diagnostics
//
// A Probe (diagnostics.go) measures, per weighted layer, what the lab charts
// to explain the differences: the mean norm |x| of the layer's input
// (patches for conv, vectors for dense), a histogram of cos θ between
// sampled inputs and every template (CosBins bins over [−1, 1], 16 evenly
// spaced positions per image for conv), the raw |w|, the gain, and the
// effective step (|Δw|/|w| and the angle turned per optimiser step); and for
// the model the logit scale (mean largest logit, mean softmax entropy, s).
// Its per-batch methods do not allocate and leave the model's results
// unchanged.
package nn
