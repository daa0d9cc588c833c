// Package train runs the experiment's training loop: mini-batch Adam with
// reduce-on-plateau and early stopping on the validation loss, optional
// shift-and-flip augmentation, and a stream of metrics.
//
// A Trainer advances in small steps (Step does one training batch or one
// validation batch) so that a browser Web Worker can return to its event
// loop between steps; Run loops Step for native callers. Everything a run
// measures goes to one callback as Event values.
//
// Determinism: one seed fixes the initial weights and dropout masks (inside
// nn), the order of the training images each epoch and the augmentation, each
// from its own PCG stream. Variants built with the same seed and data share
// initial raw weights, data order and augmentation, and the same seed gives
// bit-identical metrics run after run (timing fields aside).
//
// Variants: Config.Variant is any name in nn.AllVariantNames (the
// experiment's four and the ones the papers propose); nn.VariantConfig turns
// it into the network's switches.
//
// Diagnostics: each Trainer holds an nn.Probe. It is reset when an epoch
// starts, measures every optimiser step (BeforeStep/AfterStep around Adam's
// Step) and every validation batch (Observe), and its Result becomes
// EpochMetrics.Diagnostics. Probing reads the model and draws no random
// numbers, so it changes no metric (TestProbingChangesNothing).
//
// After the first training step of a Trainer, Step does not allocate during
// training batches. Validation batches allocate a little (layer statistics),
// and each epoch's end allocates its EpochMetrics.
package train
