// Package engine is Hypersphere's pure-Go training engine. It has no
// syscall/js dependency, so the same code trains natively and in the
// browser's Web Workers (GOOS=js GOARCH=wasm).
//
// Sub-packages, one job each:
//   - kernel: float32 matrix products, im2col/col2im (gonum natively, a
//     register-blocked kernel of our own under wasm or the purego tag);
//   - mathf: portable exp/log so native and wasm builds agree bit for bit;
//   - nn: layers, weight normalisation, the mini-VGG and its variants, loss;
//   - optim: Adam;
//   - schedule: reduce-LR-on-plateau and early stopping;
//   - augment: seeded shifts and flips;
//   - train: the training loop and its metrics stream.
//
// Data flows one way: configuration in, metrics (plain Go values) out.
package engine
