package ui

import (
	"math"
	"strconv"

	"hypersphere/engine/nn"
	"hypersphere/wasm/protocol"
)

// Variants are every variant the engine trains, in display order: the
// experiment's four (OriginalVariants), then the ones the papers propose.
// They are copied from engine/nn once at start-up, so rendering never runs
// engine code on the page's thread.
var Variants = append([]string(nil), nn.AllVariantNames...)

// OriginalVariants are the four variants of the 2017 experiment, on by
// default.
var OriginalVariants = append([]string(nil), nn.VariantNames...)

// VariantInfo gives the one-sentence explanation of each variant.
var VariantInfo = func() map[string]string {
	m := map[string]string{}
	for _, v := range nn.AllVariantNames {
		if info, err := nn.VariantInfo(v); err == nil {
			m[v] = info.Summary
		}
	}
	return m
}()

// VariantSource says where each variant's idea comes from.
var VariantSource = func() map[string]string {
	m := map[string]string{}
	for _, v := range nn.AllVariantNames {
		if info, err := nn.VariantInfo(v); err == nil {
			m[v] = info.Source
		}
	}
	return m
}()

// MaxSeeds is the largest number of seeds per variant the lab offers.
const MaxSeeds = 3

// TrainSizes are the training-set sizes offered in the controls.
var TrainSizes = []int{1000, 5000, 10000}

// Settings are the lab's controls.
type Settings struct {
	Enabled    map[string]bool // variant → selected
	Preset     string          // reduced | full
	TrainSize  int             // training images
	Epochs     int
	Batch      int
	LR         float64
	Seed       uint64 // the first seed; further seeds are Seed+1, Seed+2
	Seeds      int    // seeds per variant, 1..MaxSeeds
	Augment    bool
	Activation string // relu | elu
	// ValLimit uses only the first ValLimit validation images (0: all);
	// tests and quick demos set it through the URL (val=N).
	ValLimit int
}

// DefaultSettings are the page's defaults: the experiment's four variants,
// the reduced network, 1,000 training images, 10 epochs, batch 32, Adam at
// 1e-3, one seed (1337), augmentation on, ReLU.
func DefaultSettings() Settings {
	return Settings{Enabled: originalsOnly(), Preset: "reduced", TrainSize: 1000, Epochs: 10, Batch: 32,
		LR: 1e-3, Seed: 1337, Seeds: 1, Augment: true, Activation: "relu"}
}

// originalsOnly selects exactly the experiment's four variants.
func originalsOnly() map[string]bool {
	en := map[string]bool{}
	for _, v := range OriginalVariants {
		en[v] = true
	}
	return en
}

// Clone returns a copy of s that shares no map with it.
func (s Settings) Clone() Settings {
	en := make(map[string]bool, len(s.Enabled))
	for k, v := range s.Enabled {
		en[k] = v
	}
	s.Enabled = en
	return s
}

// SeedList returns the seeds every variant trains with.
func (s Settings) SeedList() []uint64 {
	n := min(max(s.Seeds, 1), MaxSeeds)
	out := make([]uint64, n)
	for i := range out {
		out[i] = s.Seed + uint64(i)
	}
	return out
}

// Selected returns the enabled variants in display order.
func (s Settings) Selected() []string {
	var out []string
	for _, v := range Variants {
		if s.Enabled[v] {
			out = append(out, v)
		}
	}
	return out
}

// Config returns the worker configuration of one variant trained with seed.
func (s Settings) Config(variant string, seed uint64, previewN int) protocol.Config {
	return protocol.Config{Variant: variant, Preset: s.Preset, Activation: s.Activation, Epochs: s.Epochs,
		Batch: s.Batch, LR: s.LR, Seed: seed, Augment: s.Augment, PreviewN: previewN}
}

// State of one variant's run.
type State string

// Run states, as shown to the learner.
const (
	StateQueued    State = "queued" // waiting for a free worker slot
	StateLoading   State = "loading"
	StateRunning   State = "running"
	StatePaused    State = "paused"
	StateEarly     State = "early-stopped"
	StateDiverged  State = "diverged"
	StateFailed    State = "failed"
	StateFinished  State = "finished"
	StateCancelled State = "stopped"
)

// Terminal reports whether the run is over.
func (s State) Terminal() bool {
	switch s {
	case StateEarly, StateDiverged, StateFailed, StateFinished, StateCancelled:
		return true
	}
	return false
}

// EpochPoint is one epoch's metrics of one run.
type EpochPoint struct {
	Epoch                      int
	TrainLoss, ValLoss, ValAcc float64
	TrainAcc, LR, Seconds, IPS float64
	Layers                     []protocol.LayerMetrics
	Diag                       protocol.Diagnostics
}

// Run is one variant's run with one seed, as the page sees it.
type Run struct {
	Variant string
	Seed    uint64
	// SeedIndex is the seed's place in Settings.SeedList (0 for the first).
	SeedIndex int
	State     State
	Message   string // what went wrong, or a note (early stop)

	Epochs       int // epoch cap
	Epoch        int // epoch in progress (1-based)
	Step, Steps  int // batches done in the epoch / per epoch
	ImagesPerSec float64
	Batch        int

	// BatchLosses[i] is the loss of global step i+1.
	BatchLosses []float64
	History     []EpochPoint
	LRDrops     []int // epochs after which the learning rate dropped
	StopEpoch   int   // epoch of an early stop or divergence (0: none)

	Filters     []float32
	FilterShape [4]int
	Probs       []float32 // previewN × 10 of the last epoch
}

// NewRun returns a run of the first seed in the loading state.
func NewRun(variant string, s Settings) *Run {
	return &Run{Variant: variant, Seed: s.Seed, State: StateLoading, Epochs: s.Epochs, Batch: s.Batch, Epoch: 1}
}

// Label names the run for people: the variant, and the seed when withSeed
// (the lab trains several).
func (r *Run) Label(withSeed bool) string {
	if !withSeed {
		return r.Variant
	}
	return r.Variant + " · seed " + strconv.FormatUint(r.Seed, 10)
}

// Apply updates the run from one worker message.
func (r *Run) Apply(m protocol.Message) {
	if r.State.Terminal() {
		return // a late message from a finished run (e.g. the worker's exit)
	}
	switch m := m.(type) {
	case protocol.Ready:
	case protocol.Status:
		if m.State == "paused" {
			r.State = StatePaused
		} else {
			r.State = StateRunning
		}
	case protocol.Progress:
		if r.State == StateLoading || r.State == StateQueued {
			r.State = StateRunning
		}
		r.Epoch, r.Step, r.Steps = m.Epoch, m.Step, m.Steps
		if m.ImagesPerSec > 0 {
			r.ImagesPerSec = m.ImagesPerSec
		}
		// Steps arrive in order; place them by index so a gap cannot shift the curve.
		for i, l := range m.Losses {
			idx := m.FirstStep - 1 + i
			if idx < 0 {
				continue
			}
			for len(r.BatchLosses) < idx {
				r.BatchLosses = append(r.BatchLosses, math.NaN())
			}
			if idx < len(r.BatchLosses) {
				r.BatchLosses[idx] = float64(l)
			} else {
				r.BatchLosses = append(r.BatchLosses, float64(l))
			}
		}
	case protocol.Epoch:
		r.History = append(r.History, EpochPoint{Epoch: m.Epoch, TrainLoss: m.TrainLoss, ValLoss: m.ValLoss,
			ValAcc: m.ValAcc, TrainAcc: m.TrainAcc, LR: m.LR, Seconds: m.Seconds, IPS: m.ImagesPerSec, Layers: m.Layers,
			Diag: m.Diag})
		if m.ImagesPerSec > 0 {
			r.ImagesPerSec = m.ImagesPerSec
		}
		if len(m.Filters) > 0 {
			r.Filters, r.FilterShape = m.Filters, m.FilterShape
		}
		if len(m.Probs) > 0 {
			r.Probs = m.Probs
		}
		r.Step = r.Steps
		if m.Epoch < r.Epochs {
			r.Epoch, r.Step = m.Epoch+1, 0
		}
	case protocol.Notice:
		switch m.Kind {
		case protocol.NoticeLRDrop:
			r.LRDrops = append(r.LRDrops, m.Epoch)
		case protocol.NoticeEarlyStop:
			r.State, r.StopEpoch = StateEarly, m.Epoch
			r.Message = "validation loss stopped improving"
		case protocol.NoticeDiverged:
			r.State, r.StopEpoch = StateDiverged, m.Epoch
			r.Message = "the loss became NaN or infinite (" + m.Err + "); try a smaller learning rate"
			r.countFailingBatch(m)
		case protocol.NoticeFinished:
			r.State = StateFinished
		}
	case protocol.Failed:
		r.Fail(m.Err)
	}
}

// countFailingBatch makes the run's progress count the batch that
// diverged, as the engine reports it, so the status line agrees with the
// message (progress reports count only the batches that completed).
func (r *Run) countFailingBatch(m protocol.Notice) {
	if m.Epoch >= 1 && m.Steps >= 1 && m.Step >= 1 && m.Step <= m.Steps {
		r.Epoch, r.Step, r.Steps = m.Epoch, m.Step, m.Steps
	}
}

// Fail stops the run with a message for the learner.
func (r *Run) Fail(msg string) {
	if r.State.Terminal() {
		return
	}
	r.State, r.Message = StateFailed, msg
}

// Fraction is the progress through the current epoch, 0..1.
func (r *Run) Fraction() float64 {
	if r.Steps <= 0 {
		return 0
	}
	return math.Min(1, float64(r.Step)/float64(r.Steps))
}

// ETA estimates the seconds left in the run (-1 when unknown).
func (r *Run) ETA() float64 {
	if r.State.Terminal() {
		return 0
	}
	if r.Steps <= 0 {
		return -1
	}
	left := float64(r.Epochs-r.Epoch)*float64(r.Steps) + float64(r.Steps-r.Step)
	if n := len(r.History); n > 0 && r.History[n-1].Seconds > 0 {
		// A whole epoch's time includes validation.
		return left / float64(r.Steps) * r.History[n-1].Seconds
	}
	if r.ImagesPerSec <= 0 {
		return -1
	}
	return left * float64(r.Batch) / r.ImagesPerSec
}

// Last returns the last epoch's metrics and whether there is one.
func (r *Run) Last() (EpochPoint, bool) {
	if len(r.History) == 0 {
		return EpochPoint{}, false
	}
	return r.History[len(r.History)-1], true
}

// Phase of the whole lab.
type Phase string

// Lab phases.
const (
	PhaseIdle     Phase = "idle"     // nothing started
	PhaseLoading  Phase = "loading"  // downloading and checking data
	PhaseTraining Phase = "training" // workers running (some may have ended)
	PhasePaused   Phase = "paused"
	PhaseDone     Phase = "done" // every run ended
	PhaseError    Phase = "error"
)

// Lab is the state of the whole lab panel.
type Lab struct {
	Settings Settings
	Phase    Phase
	Error    string // data or start-up problem, shown above the controls
	// URLNotice says which settings of the page's link could not be used
	// (see URLNotice in share.go); shown above the controls.
	URLNotice string

	// FieldErrs holds the numeric controls whose text is not a valid
	// setting, by control id. Settings keeps the last valid value, which is
	// never used while the control shows something else: Start stays
	// disabled until every control is valid again.
	FieldErrs map[string]FieldError
	// Used are the settings the current runs were started with (the
	// controls may change once they end).
	Used Settings

	LoadDone, LoadTotal int64  // bytes of data downloaded / to download
	LoadWhat            string // what is being downloaded

	// Runs holds every variant × seed run, seed-major: the first seed's
	// runs of every variant, then the second seed's.
	Runs []*Run
	// Version counts changes to the runs' data; the panel's chart series
	// are rebuilt only when it moves.
	Version int

	// Preview validation images (N×3072) with labels and class names, once
	// loaded; the predictions grid shows them.
	Preview       []byte
	PreviewLabels []byte
	Classes       []string
	// Val holds the whole validation set for the explainer.
	ValImages, ValLabels []byte

	// The browser benchmark (?bench=steps): its status line and results.
	BenchStatus string
	Bench       []BenchRow
	BenchDone   bool
}

// FieldError is a numeric control's text that is not a valid setting, and
// why.
type FieldError struct {
	Text string // what the control shows
	Msg  string // what is wrong, for the learner
}

// SettingsValid reports whether every control holds a valid setting.
func (l *Lab) SettingsValid() bool { return len(l.FieldErrs) == 0 }

// NewLab returns an idle lab with the given settings.
func NewLab(s Settings) *Lab { return &Lab{Settings: s, Phase: PhaseIdle} }

// Run returns the first seed's run of a variant, or nil.
func (l *Lab) Run(variant string) *Run {
	for _, r := range l.Runs {
		if r.Variant == variant {
			return r
		}
	}
	return nil
}

// FirstSeedRuns returns the runs of the first seed, one per variant.
func (l *Lab) FirstSeedRuns() []*Run {
	var out []*Run
	for _, r := range l.Runs {
		if r.SeedIndex == 0 {
			out = append(out, r)
		}
	}
	return out
}

// VariantRuns returns every run of a variant, one per seed, in seed order.
func (l *Lab) VariantRuns(variant string) []*Run {
	var out []*Run
	for _, r := range l.Runs {
		if r.Variant == variant {
			out = append(out, r)
		}
	}
	return out
}

// Touch records that run data changed (see Version).
func (l *Lab) Touch() { l.Version++ }

// Settle moves the lab to PhaseDone when every run has ended.
func (l *Lab) Settle() {
	if l.Phase != PhaseTraining && l.Phase != PhasePaused {
		return
	}
	for _, r := range l.Runs {
		if !r.State.Terminal() {
			return
		}
	}
	l.Phase = PhaseDone
}

// Running reports whether training is under way (possibly paused).
func (l *Lab) Running() bool {
	return l.Phase == PhaseLoading || l.Phase == PhaseTraining || l.Phase == PhasePaused
}

// LoadFraction is the data download progress, 0..1.
func (l *Lab) LoadFraction() float64 {
	if l.LoadTotal <= 0 {
		return 0
	}
	return math.Min(1, float64(l.LoadDone)/float64(l.LoadTotal))
}

// BenchRow is one benchmark measurement: one preset trained by Workers
// workers at once, and each worker's training throughput.
type BenchRow struct {
	Preset   string
	Workers  int
	Variants []string
	IPS      []float64 // images/s per worker, in Variants order
}

// Total returns the summed throughput of the row's workers.
func (b BenchRow) Total() float64 {
	t := 0.0
	for _, v := range b.IPS {
		t += v
	}
	return t
}

// PerWorker formats each worker's throughput.
func (b BenchRow) PerWorker() string {
	s := ""
	for i, v := range b.IPS {
		if i > 0 {
			s += ", "
		}
		s += b.Variants[i] + " " + Sig3(v)
	}
	return s
}
