// Package protocol is the one place where the messages between the page and
// its training workers are defined. Each selected variant trains in its own
// dedicated Web Worker; the page sends it configuration and commands, the
// worker answers with progress and metrics:
//
//	page → worker   Start (config + data), Pause, Resume, Stop
//	worker → page   Ready, Status, Progress, Epoch, Notice, Failed, BenchResult
//
// The sequence is: the worker posts Ready once its message handler is
// installed (messages sent earlier would be lost, so the page queues them);
// the page posts Start; the worker posts Progress (rate-limited, carrying the
// losses of every batch since the last one), one Epoch per finished epoch,
// Notice for learning-rate drops and for the end of the run (early stop,
// divergence, finished), Status after Pause/Resume, Failed for errors it
// cannot train past, and BenchResult when a Start asked for a step-limited
// benchmark.
//
// Messages are encoded to a Record: a map from field names to plain values
// (string, bool, float64, []byte, []float32, []string, []float64, []Record),
// which wasm/jsmsg turns into a JavaScript object, sending byte and float32
// slices as transferred typed arrays. Decoding accepts what the JavaScript
// side gives back (numbers as float64, arrays as []any) and checks every
// field, so a malformed message is an error, never a panic. The package is
// pure Go and tested natively.
package protocol

import (
	"errors"
	"fmt"
)

// Record is an encoded message: field name → value. The "type" field names
// the message.
type Record = map[string]any

// Message is any message of the protocol.
type Message interface {
	// Type is the value of the record's "type" field.
	Type() string
}

// Message type names.
const (
	TypeStart    = "start"
	TypePause    = "pause"
	TypeResume   = "resume"
	TypeStop     = "stop"
	TypeReady    = "ready"
	TypeStatus   = "status"
	TypeProgress = "progress"
	TypeEpoch    = "epoch"
	TypeNotice   = "notice"
	TypeFailed   = "failed"
	TypeBench    = "bench"
)

// Config is what one worker trains.
type Config struct {
	Variant    string  // baseline | norm_conv | norm_dense | norm_conv_dense
	Preset     string  // reduced | full
	Activation string  // relu | elu
	Epochs     int     // epoch cap
	Batch      int     // images per training step
	LR         float64 // initial learning rate (Adam)
	Seed       uint64  // seeds weights, shuffling, augmentation and dropout
	Augment    bool    // random shifts and flips of the training images
	PreviewN   int     // the first PreviewN validation images get per-epoch predictions
	StepLimit  int     // >0: a benchmark — train this many steps, post BenchResult and stop
}

// Limits on Config fields; the page's controls stay inside them and the
// worker refuses anything outside.
const (
	MaxEpochs   = 200
	MaxBatch    = 512
	MinLR       = 1e-6
	MaxLR       = 1e5 // absurd on purpose: a learner can make a run diverge
	MaxPreview  = 64
	MaxStepLim  = 100000
	ImageBytes  = 3072 // one 32×32 RGB image, channel planes
	NumClasses  = 10
	maxSeedBits = 53 // seeds travel as JavaScript numbers
)

// Validate reports the first problem with c, or nil.
func (c Config) Validate() error {
	switch {
	case c.Variant == "":
		return errors.New("config: no variant")
	case c.Preset != "reduced" && c.Preset != "full":
		return fmt.Errorf("config: preset %q (want reduced or full)", c.Preset)
	case c.Activation != "relu" && c.Activation != "elu":
		return fmt.Errorf("config: activation %q (want relu or elu)", c.Activation)
	case c.Epochs < 1 || c.Epochs > MaxEpochs:
		return fmt.Errorf("config: epochs %d out of range 1..%d", c.Epochs, MaxEpochs)
	case c.Batch < 1 || c.Batch > MaxBatch:
		return fmt.Errorf("config: batch size %d out of range 1..%d", c.Batch, MaxBatch)
	case !(c.LR >= MinLR && c.LR <= MaxLR):
		return fmt.Errorf("config: learning rate %g out of range %g..%g", c.LR, MinLR, MaxLR)
	case c.Seed >= 1<<maxSeedBits:
		return fmt.Errorf("config: seed %d does not fit in %d bits", c.Seed, maxSeedBits)
	case c.PreviewN < 0 || c.PreviewN > MaxPreview:
		return fmt.Errorf("config: preview count %d out of range 0..%d", c.PreviewN, MaxPreview)
	case c.StepLimit < 0 || c.StepLimit > MaxStepLim:
		return fmt.Errorf("config: step limit %d out of range 0..%d", c.StepLimit, MaxStepLim)
	}
	return nil
}

// Data is a labelled image set: N images of ImageBytes each (R, G, B planes)
// and N labels.
type Data struct {
	Images []byte
	Labels []byte
}

// Len returns the number of images.
func (d Data) Len() int { return len(d.Labels) }

// Check reports whether the images and labels agree.
func (d Data) Check(name string) error {
	if len(d.Images) != len(d.Labels)*ImageBytes {
		return fmt.Errorf("%s data: %d labels but %d pixel bytes (want %d)", name, len(d.Labels), len(d.Images), len(d.Labels)*ImageBytes)
	}
	for i, l := range d.Labels {
		if int(l) >= NumClasses {
			return fmt.Errorf("%s data: label %d of image %d is not a class (0..%d)", name, l, i, NumClasses-1)
		}
	}
	return nil
}

// Start asks a worker to train (or benchmark) one variant on the given data.
type Start struct {
	Config Config
	Train  Data
	Val    Data
}

// Pause asks the worker to stop stepping until Resume.
type Pause struct{}

// Resume continues a paused run.
type Resume struct{}

// Stop ends the run; the worker posts nothing more.
type Stop struct{}

// Ready says the worker's message handler is installed.
type Ready struct{}

// Status acknowledges Pause/Resume: State is "paused" or "running".
type Status struct {
	State string
}

// Progress reports the training batches finished since the previous
// Progress. Losses[i] is the mean loss of global step FirstStep+i (steps
// counted from 1 over the whole run).
type Progress struct {
	Epoch        int // 1-based epoch in progress
	Step         int // batches finished in this epoch
	Steps        int // batches per epoch
	FirstStep    int // global index of Losses[0]
	Losses       []float32
	LR           float64 // learning rate in force
	ImagesPerSec float64 // training throughput since the epoch began
}

// LayerMetrics describes one weighted layer at the end of an epoch.
type LayerMetrics struct {
	Name       string
	WeightNorm float64 // mean raw |w| per output unit (before normalisation)
	ActNorm    float64 // mean L2 norm of the layer's output per image
}

// Epoch reports one finished epoch, with what the page shows inside the
// network: conv1's weights and the predictions for the preview images.
type Epoch struct {
	Epoch        int
	TrainLoss    float64
	TrainAcc     float64 // 0..1
	ValLoss      float64
	ValAcc       float64 // 0..1
	LR           float64 // learning rate used during the epoch
	Seconds      float64
	ImagesPerSec float64
	Layers       []LayerMetrics
	// Filters holds conv1's raw weights (for normalised variants, before
	// the division by |w|; the page scales every filter for display
	// anyway), shape FilterShape = [out, in, kh, kw], row-major.
	Filters     []float32
	FilterShape [4]int
	// Probs holds PreviewN×NumClasses class probabilities for the first
	// PreviewN validation images.
	Probs []float32
	// Diag holds the epoch's diagnostics (engine/nn.Probe): what the lab's
	// diagnostics panel charts.
	Diag Diagnostics
}

// Diagnostics are one epoch's probe measurements of a model (see
// engine/nn.Diagnostics, which they mirror).
type Diagnostics struct {
	MaxLogit   float64 // mean over validation images of the largest logit
	Entropy    float64 // mean softmax entropy, nats
	LogitScale float64 // the last layer's logit scale (1 without one)
	Layers     []LayerDiagnostics
}

// LayerDiagnostics are one weighted layer's probe measurements.
type LayerDiagnostics struct {
	Name       string
	InputNorm  float64   // mean |x| of the layer's input patch or vector
	ZeroInputs float64   // fraction of sampled inputs that are exactly zero
	MeanAbsCos float64   // mean |cos θ| between inputs and templates
	WeightNorm float64   // mean raw |w| per filter/unit
	Gain       float64   // mean learned gain (1 without one)
	StepSize   float64   // mean |Δw|/|w| per optimiser step
	StepAngle  float64   // mean angle turned per step, radians
	CosHist    []float64 // fraction of (input, template) pairs per cos θ bin over [−1, 1]
}

// Notice kinds (the same strings as the engine's event kinds).
const (
	NoticeLRDrop    = "lr_drop"
	NoticeEarlyStop = "early_stop"
	NoticeDiverged  = "diverged"
	NoticeFinished  = "finished"
)

// Notice reports a learning-rate drop or the end of the run.
type Notice struct {
	Kind  string // one of the Notice* constants
	Epoch int
	Step  int // diverged: the 1-based batch of the epoch that failed
	Steps int // diverged: training batches per epoch
	LR    float64
	Err   string // what went wrong (diverged)
}

// Failed reports an error the worker cannot train past (bad config, bad
// data, a panic in the engine). The run is over.
type Failed struct {
	Err string
}

// BenchResult reports a step-limited benchmark run: Images training images
// in Seconds, after WarmupSteps untimed steps.
type BenchResult struct {
	Variant     string
	Preset      string
	Steps       int
	WarmupSteps int
	Images      int
	Seconds     float64
}

// ImagesPerSec returns the measured throughput.
func (b BenchResult) ImagesPerSec() float64 {
	if b.Seconds <= 0 {
		return 0
	}
	return float64(b.Images) / b.Seconds
}

// Type implementations.
func (Start) Type() string       { return TypeStart }
func (Pause) Type() string       { return TypePause }
func (Resume) Type() string      { return TypeResume }
func (Stop) Type() string        { return TypeStop }
func (Ready) Type() string       { return TypeReady }
func (Status) Type() string      { return TypeStatus }
func (Progress) Type() string    { return TypeProgress }
func (Epoch) Type() string       { return TypeEpoch }
func (Notice) Type() string      { return TypeNotice }
func (Failed) Type() string      { return TypeFailed }
func (BenchResult) Type() string { return TypeBench }
