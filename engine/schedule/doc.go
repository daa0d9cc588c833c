// Package schedule holds the two epoch-level controllers of a training run,
// both following the semantics of their Keras namesakes so that our curves
// can be compared with the 2017 experiment:
//
//   - Plateau (ReduceLROnPlateau): when the monitored loss has not improved
//     by more than MinDelta for Patience epochs, multiply the learning rate
//     by Factor, never going below MinLR;
//   - EarlyStop (EarlyStopping): when the monitored loss has not improved
//     by more than MinDelta for Patience epochs, end the run.
//
// Both are small pure state machines: they see one loss per epoch through
// Observe and know nothing about models or optimisers. A NaN loss never
// counts as an improvement (as in Keras, where every comparison with NaN is
// false).
package schedule
