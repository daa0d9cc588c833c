package train

import "hypersphere/engine/nn"

// The metrics stream. The training loop reports everything it measures as
// Event values through one callback, so the native command and the browser
// worker consume the same stream. Values are plain Go data (no pointers into
// the engine's buffers) and safe to keep.

// Kind says what an Event reports.
type Kind string

// The kinds of event, in the order a run emits them.
const (
	BatchDone Kind = "batch"      // one training batch finished: Loss is its mean loss
	EpochDone Kind = "epoch"      // one epoch (training + validation) finished: Metrics is set
	LRDrop    Kind = "lr_drop"    // reduce-on-plateau lowered the learning rate to LR
	EarlyStop Kind = "early_stop" // validation loss stopped improving: the run ends
	Diverged  Kind = "diverged"   // a NaN or Inf appeared: the run ends, Err says where
	Finished  Kind = "finished"   // the epoch cap was reached: the run ends
	Failed    Kind = "failed"     // an engine fault (a bug, not the numbers): the run ends, Err says what
)

// Event is one report from a training run.
type Event struct {
	Kind    Kind
	Variant string
	Epoch   int     // 1-based epoch the event belongs to
	Step    int     // 1-based batch index within the epoch (BatchDone; for Diverged and Failed the batch that failed)
	Steps   int     // training batches per epoch
	Loss    float64 // mean training loss of the batch (BatchDone)
	LR      float64 // learning rate in force after the event
	Metrics *EpochMetrics
	Err     string // what went wrong (Diverged, Failed)
}

// EpochMetrics summarises one epoch. Seconds and ImagesPerSec are measured
// and vary between runs; every other field is a deterministic function of the
// configuration, the data and the seed.
type EpochMetrics struct {
	Epoch        int
	TrainLoss    float64 // mean over the epoch's training images (batch losses weighted by batch size)
	TrainAcc     float64 // fraction 0..1, on the (augmented) training batches
	ValLoss      float64
	ValAcc       float64 // fraction 0..1
	LR           float64 // learning rate used during the epoch
	Seconds      float64 // time spent inside Step during the epoch (pauses excluded), training and validation
	ImagesPerSec float64 // training images per second of training-step time
	Layers       []LayerMetrics
	// Diagnostics are the nn.Probe's measurements of the epoch: the
	// optimiser steps of its training batches (raw |w|, step size and angle)
	// and the model on its validation batches (input norms, cos θ
	// histograms, largest logit, softmax entropy). Every slice is the
	// epoch's own copy.
	Diagnostics nn.Diagnostics
}

// LayerMetrics describes one weighted layer at the end of an epoch.
type LayerMetrics struct {
	Name       string  // conv1 … conv4, dense1, dense2
	WeightNorm float64 // mean raw |w| per output filter/unit (before normalisation)
	ActNorm    float64 // mean L2 norm of the layer's output per image, on validation data
}
