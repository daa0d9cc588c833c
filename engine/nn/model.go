package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Image geometry and class count of CIFAR-10.
const (
	ImageC    = 3
	ImageH    = 32
	ImageW    = 32
	ImageSize = ImageC * ImageH * ImageW
	Classes   = 10
)

// maxWidth bounds every width of a Config, maxBatchLimit the batch and
// maxBytes the memory New may allocate, so that a bad request gets an error
// rather than an enormous allocation (a wasm32 instance has 4 GiB at most).
const (
	maxWidth      = 4096
	maxBatchLimit = 1 << 14
	maxBytes      = 2 << 30
)

// estimateBytes is an upper bound of the memory New allocates for cfg and
// maxBatch: parameters with their gradients, normalised copies and Adam's two
// moments, each conv's im2col buffers, and per image every layer buffer plus
// the two gradient buffers.
func estimateBytes(cfg Config, maxBatch int) float64 {
	w := cfg.Widths
	c1, c2, c3, c4, d1 := float64(w.Conv1), float64(w.Conv2), float64(w.Conv3), float64(w.Conv4), float64(w.Dense1)
	params := 27*c1 + 9*c1*c2 + 9*c2*c3 + 9*c3*c4 + 36*c4*d1 + 10*d1 + c1 + c2 + c3 + c4 + d1 + 10
	perImage := 3072 + 1024*c1 + 900*c2 + 4*225*c2 + 225*c3 + 169*c4 + 4*36*c4 + 3*d1 + 20 +
		2*max(1024*c1, 900*c2, 225*c3, 169*c4, d1)
	im2col := 2 * 9 * (1024*3 + 900*c1 + 225*c2 + 169*c3) // each conv's col and dcol
	const slack = 1 << 20                                 // small slices, headers, allocation size classes
	return 4*(6*params+im2col+float64(maxBatch)*perImage) + slack + extraBytes(cfg, maxBatch)
}

// extraBytes is the memory of the options beyond the experiment's four
// variants: a normalised copy of the weights of layers with a gain or a
// logit scale, the normalised im2col of cosine convolutions and the
// normalised inputs of cosine dense layers (0 for the four variants).
func extraBytes(cfg Config, maxBatch int) float64 {
	w := cfg.Widths
	c1, c2, c3, c4, d1 := float64(w.Conv1), float64(w.Conv2), float64(w.Conv3), float64(w.Conv4), float64(w.Dense1)
	var floats float64
	if cfg.GainConv {
		floats += 27*c1 + 9*c1*c2 + 9*c2*c3 + 9*c3*c4 + c1 + c2 + c3 + c4
	}
	if cfg.GainDense || cfg.LogitScale != 0 {
		floats += 36*c4*d1 + 10*d1 + d1 + 10 + 1
	}
	if cfg.CosineConv {
		floats += 9*(1024*3+900*c1+225*c2+169*c3) + 4*(1024+900+225+169) // colHat; two float64 per column
	}
	if cfg.CosineDense {
		floats += float64(maxBatch) * (36*c4 + d1 + 4) // xHat; a float64 norm per image and layer
	}
	return 4 * floats
}

// Widths are the channel counts of conv1..conv4 and the units of dense1.
type Widths struct{ Conv1, Conv2, Conv3, Conv4, Dense1 int }

// Preset returns the widths of a named network size: "full" (32, 32, 64, 64,
// 512, the experiment's network) or "reduced" (16, 16, 32, 32, 128).
func Preset(name string) (Widths, error) {
	switch name {
	case "full":
		return Widths{32, 32, 64, 64, 512}, nil
	case "reduced":
		return Widths{16, 16, 32, 32, 128}, nil
	}
	return Widths{}, fmt.Errorf("nn: unknown preset %q (want \"full\" or \"reduced\")", name)
}

// VariantNames are the four variants of the experiment, in display order.
var VariantNames = []string{"baseline", "norm_conv", "norm_dense", "norm_conv_dense"}

// ParseVariant maps a variant name to its weight-normalisation switches.
func ParseVariant(name string) (normConv, normDense bool, err error) {
	switch name {
	case "baseline":
		return false, false, nil
	case "norm_conv":
		return true, false, nil
	case "norm_dense":
		return false, true, nil
	case "norm_conv_dense":
		return true, true, nil
	}
	return false, false, fmt.Errorf("nn: unknown variant %q (want one of %v)", name, VariantNames)
}

// Config describes one mini-VGG.
type Config struct {
	Widths       Widths
	Activation   string  // "relu" | "elu" (alpha 1)
	ConvBias     bool    // give the four convolutions a bias
	NormConv     bool    // weight-normalise every conv filter
	NormDense    bool    // weight-normalise every dense unit
	DropoutConv  float64 // drop probability after each conv block (0.25 in the experiment)
	DropoutDense float64 // drop probability after dense1 (0.5 in the experiment)

	// Options beyond the experiment (see doc.go and VariantConfig). The zero
	// values give the experiment's network.
	GainConv        bool    // a learned gain per conv filter, w = g·v/|v|, g from 1 (needs NormConv)
	GainDense       bool    // a learned gain per dense unit, g from 1 (needs NormDense)
	CosineConv      bool    // cosine normalisation: divide every conv input patch by its norm too (needs NormConv)
	CosineDense     bool    // divide every dense input vector by its norm too (needs NormDense)
	LogitScale      float64 // scale s on dense2's normalised weights, logits = s·(w/|w|)·x + b; 0 = none (needs NormDense)
	LearnLogitScale bool    // train s (the Param dense2.s), starting at LogitScale
}

// maxLogitScale bounds Config.LogitScale.
const maxLogitScale = 1000

// Validate reports the first problem with c, or nil.
func (c Config) Validate() error {
	w := c.Widths
	for _, f := range []struct {
		name string
		v    int
	}{{"Conv1", w.Conv1}, {"Conv2", w.Conv2}, {"Conv3", w.Conv3}, {"Conv4", w.Conv4}, {"Dense1", w.Dense1}} {
		if f.v < 1 || f.v > maxWidth {
			return fmt.Errorf("nn: width %s = %d out of range 1..%d", f.name, f.v, maxWidth)
		}
	}
	if c.Activation != "relu" && c.Activation != "elu" {
		return fmt.Errorf("nn: unknown activation %q (want \"relu\" or \"elu\")", c.Activation)
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"DropoutConv", c.DropoutConv}, {"DropoutDense", c.DropoutDense}} {
		if !(p.v >= 0 && p.v < 1) {
			return fmt.Errorf("nn: %s = %v out of range [0, 1)", p.name, p.v)
		}
	}
	for _, need := range []struct {
		opt, norm     bool
		what, setting string
	}{
		{c.GainConv, c.NormConv, "GainConv", "NormConv"},
		{c.CosineConv, c.NormConv, "CosineConv", "NormConv"},
		{c.GainDense, c.NormDense, "GainDense", "NormDense"},
		{c.CosineDense, c.NormDense, "CosineDense", "NormDense"},
		{c.LogitScale != 0, c.NormDense, "LogitScale", "NormDense"},
	} {
		if need.opt && !need.norm {
			return fmt.Errorf("nn: %s applies to weight-normalised layers: set %s too", need.what, need.setting)
		}
	}
	if !(c.LogitScale >= 0 && c.LogitScale <= maxLogitScale) {
		return fmt.Errorf("nn: LogitScale = %v out of range [0, %d] (0 means none)", c.LogitScale, maxLogitScale)
	}
	if c.LearnLogitScale && c.LogitScale == 0 {
		return errors.New("nn: LearnLogitScale needs an initial LogitScale > 0")
	}
	return nil
}

// Model is the mini-VGG:
//
//	conv1(same) act conv2(valid) act maxpool dropout
//	conv3(same) act conv4(valid) act maxpool dropout
//	flatten dense1 act dropout dense2 → 10 logits
//
// as a list of Layers. It owns every buffer for up to maxBatch images; a
// Model is not safe for concurrent use.
type Model struct {
	// Yield, when non-nil, is called often during Forward and Backward (at
	// least once per image per conv layer) so that a browser worker can
	// return to its event loop. The engine just calls it.
	Yield func()

	cfg      Config
	maxBatch int
	layers   []Layer
	params   []*Param
	stats    []statRef
	rng      *rand.Rand

	input   []float32   // copy of the last Forward's images
	outs    [][]float32 // output of every layer in the last Forward
	n       int         // images in the last Forward (0: none yet)
	dlogits []float32
	grad    [2][]float32 // ping-pong buffers for Backward
	lossOK  bool         // Loss ran since the last Forward
	err     error
}

// statRef ties a weighted layer to the layer whose output is its
// post-activation value.
type statRef struct {
	layer weighted
	out   int // index into Model.outs
}

// LayerStat describes one weighted layer.
type LayerStat struct {
	Name       string  // conv1 … conv4, dense1, dense2
	WeightNorm float64 // mean raw |w| per output filter/unit
	ActNorm    float64 // mean per-image L2 norm of the post-activation output in the last Forward (dense2: the logits)
}

// New builds the model cfg describes for batches of up to maxBatch images.
// Weights are Glorot-uniform, biases zero; the weights and then every dropout
// mask are drawn from one PCG generator seeded with seed. Gains start at 1
// and a learned logit scale at cfg.LogitScale without drawing from the
// generator, so every variant built with the same seed gets the same raw
// weights and the same dropout masks.
func New(cfg Config, maxBatch int, seed uint64) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if maxBatch < 1 || maxBatch > maxBatchLimit {
		return nil, fmt.Errorf("nn: maxBatch = %d out of range 1..%d", maxBatch, maxBatchLimit)
	}
	if b := estimateBytes(cfg, maxBatch); b > maxBytes {
		return nil, fmt.Errorf("nn: widths %+v with maxBatch %d need about %.0f MiB, more than the %d MiB allowed",
			cfg.Widths, maxBatch, b/(1<<20), maxBytes>>20)
	}
	m := &Model{cfg: cfg, maxBatch: maxBatch,
		rng: rand.New(rand.NewPCG(seed, 0x6879706572737068))} // "hypersph"
	w := cfg.Widths
	shape := Shape{ImageC, ImageH, ImageW}
	add := func(l Layer) {
		m.layers = append(m.layers, l)
		shape = l.OutShape()
	}
	act := func(name string) { add(newActivation(name, cfg.Activation, shape)) }
	convOpts := layerOpts{norm: cfg.NormConv, gain: cfg.GainConv, cosine: cfg.CosineConv}
	denseOpts := layerOpts{norm: cfg.NormDense, gain: cfg.GainDense, cosine: cfg.CosineDense}
	logitOpts := denseOpts
	logitOpts.scale, logitOpts.learnScale = float32(cfg.LogitScale), cfg.LearnLogitScale
	conv := func(name string, c, pad int) {
		add(newConvOpts(name, shape, c, pad, cfg.ConvBias, convOpts, maxBatch, &m.Yield))
	}
	// pool reads conv → activation; both activations are monotone, so the
	// conv's exact pre-activation settles the pool's near ties.
	pool := func(name string) {
		p := newMaxPool(name, shape, maxBatch)
		p.src = m.layers[len(m.layers)-2].(*convLayer)
		add(p)
	}
	conv("conv1", w.Conv1, 1)
	act("act1")
	conv("conv2", w.Conv2, 0)
	act("act2")
	pool("pool1")
	add(newDropout("drop1", shape, cfg.DropoutConv, m.rng, maxBatch))
	conv("conv3", w.Conv3, 1)
	act("act3")
	conv("conv4", w.Conv4, 0)
	act("act4")
	pool("pool2")
	add(newDropout("drop2", shape, cfg.DropoutConv, m.rng, maxBatch))
	add(newFlatten("flatten", shape))
	add(newDenseOpts("dense1", shape, w.Dense1, denseOpts, maxBatch))
	act("act5")
	add(newDropout("drop3", shape, cfg.DropoutDense, m.rng, maxBatch))
	add(newDenseOpts("dense2", shape, Classes, logitOpts, maxBatch))

	maxIn := 0
	in := ImageSize
	for i, l := range m.layers {
		maxIn = max(maxIn, in)
		in = l.OutShape().Size()
		m.params = append(m.params, l.Params()...)
		if wl, ok := l.(weighted); ok {
			ref := statRef{layer: wl, out: i}
			if i+1 < len(m.layers) {
				if _, isAct := m.layers[i+1].(*activation); isAct {
					ref.out = i + 1
				}
			}
			m.stats = append(m.stats, ref)
			glorot(wl.weight(), m.rng)
		}
	}
	m.input = make([]float32, maxBatch*ImageSize)
	m.outs = make([][]float32, len(m.layers))
	m.dlogits = make([]float32, maxBatch*Classes)
	m.grad[0] = make([]float32, maxBatch*maxIn)
	m.grad[1] = make([]float32, maxBatch*maxIn)
	return m, nil
}

// glorot fills a weight with Glorot-uniform values in ±sqrt(6/(fan_in+fan_out)),
// Keras convention: for a conv [out, in, kh, kw], fan_in = in·kh·kw and
// fan_out = out·kh·kw; for a dense [out, in], fan_in = in and fan_out = out.
func glorot(p *Param, rng *rand.Rand) {
	receptive := 1
	for _, d := range p.Shape[2:] {
		receptive *= d
	}
	fanIn, fanOut := p.Shape[1]*receptive, p.Shape[0]*receptive
	limit := math.Sqrt(6 / float64(fanIn+fanOut))
	for i := range p.Data {
		u := rng.Float64()
		p.Data[i] = float32((float64(2*u) - 1) * limit)
	}
}

// Config returns the configuration the model was built with.
func (m *Model) Config() Config { return m.cfg }

// MemoryBytes returns an upper bound of the memory the model and an Adam
// optimiser over its parameters hold (about 0.8 MB per image of maxBatch at
// the full preset), so that callers can size evaluation batches.
func (m *Model) MemoryBytes() int64 { return int64(estimateBytes(m.cfg, m.maxBatch)) }

// MaxBatch returns the largest n Forward accepts.
func (m *Model) MaxBatch() int { return m.maxBatch }

// Layers returns the model's layers in order (read-only use).
func (m *Model) Layers() []Layer { return m.layers }

// Params returns every trainable tensor in layer order: conv1.w, conv1.b (with
// conv biases), …, dense1.w, dense1.b, dense2.w, dense2.b. A gain follows its
// layer's weight (conv1.w, conv1.g, conv1.b) and so does a learned logit
// scale (dense2.w, dense2.g, dense2.s, dense2.b). The Params are the model's
// own: an optimiser updates Data in place.
func (m *Model) Params() []*Param { return m.params }

// NumParams returns the number of trainable values.
func (m *Model) NumParams() int {
	total := 0
	for _, p := range m.params {
		total += len(p.Data)
	}
	return total
}

// Err returns the error of the last Forward, Loss or Backward call, or nil.
// Those methods do not return errors themselves: on bad input Forward returns
// nil, Loss returns NaN, and Backward leaves the gradients untouched.
func (m *Model) Err() error { return m.err }

// Forward runs n images x (n×3×32×32 float32, CIFAR plane order, already
// scaled to [0, 1]) through the network and returns the n×10 logits, a view
// valid until the next Forward. training enables dropout. The images are
// copied, so x may be reused at once. On bad input (n outside 1..maxBatch,
// x too short) it returns nil and Err says why.
func (m *Model) Forward(x []float32, n int, training bool) []float32 {
	m.lossOK = false
	if n < 1 || n > m.maxBatch {
		m.n, m.err = 0, fmt.Errorf("nn: Forward of %d images, want 1..%d", n, m.maxBatch)
		return nil
	}
	if len(x) < n*ImageSize {
		m.n, m.err = 0, fmt.Errorf("nn: Forward of %d images needs %d values, got %d", n, n*ImageSize, len(x))
		return nil
	}
	m.err = nil
	h := m.input[:n*ImageSize]
	copy(h, x)
	for i, l := range m.layers {
		h = l.Forward(h, n, training)
		m.outs[i] = h
	}
	m.n = n
	return h
}

// Loss returns the mean softmax cross-entropy of the last Forward's logits
// against labels (one per image, 0..9) and how many argmax predictions were
// right, and stores d loss / d logits for Backward. On bad input (no
// Forward, too few labels, a label > 9) it returns NaN and 0 and Err says why.
func (m *Model) Loss(labels []uint8) (loss float64, correct int) {
	m.lossOK = false
	if m.n == 0 {
		m.err = errors.New("nn: Loss before a successful Forward")
		return math.NaN(), 0
	}
	if len(labels) < m.n {
		m.err = fmt.Errorf("nn: Loss of %d images got %d labels", m.n, len(labels))
		return math.NaN(), 0
	}
	for i, l := range labels[:m.n] {
		if int(l) >= Classes {
			m.err = fmt.Errorf("nn: label %d of image %d out of range 0..%d", l, i, Classes-1)
			return math.NaN(), 0
		}
	}
	m.err = nil
	loss, correct = softmaxCrossEntropy(m.dlogits, m.logits(), labels, m.n, Classes)
	m.lossOK = true
	return loss, correct
}

// logits returns the last Forward's logits.
func (m *Model) logits() []float32 { return m.outs[len(m.outs)-1] }

// Probs writes the softmax of the last Forward's logits (n×10) into dst,
// growing it if it is too short, and returns it. Without a Forward it
// returns dst[:0].
func (m *Model) Probs(dst []float32) []float32 {
	size := m.n * Classes
	if cap(dst) < size {
		dst = make([]float32, size)
	}
	dst = dst[:size]
	if m.n > 0 {
		softmax(dst, m.logits(), m.n, Classes)
	}
	return dst
}

// Backward fills every Param.Grad (overwriting) with d loss / d param for the
// last Forward and Loss. Without a successful Loss since the last Forward it
// changes nothing and Err says why.
func (m *Model) Backward() {
	if !m.lossOK {
		m.err = errors.New("nn: Backward without a successful Loss after the last Forward")
		return
	}
	m.err = nil
	n := m.n
	dy := m.dlogits[:n*Classes]
	for i := len(m.layers) - 1; i >= 0; i-- {
		var dx []float32
		if i > 0 {
			dx = m.grad[i%2][:n*m.layers[i-1].OutShape().Size()]
		}
		m.layers[i].Backward(dy, dx, n)
		dy = dx
	}
}

// Stats reports, per weighted layer in order (conv1 … conv4, dense1,
// dense2), the mean raw |w| per output filter/unit and the mean per-image L2
// norm of its post-activation output in the last Forward (for dense2 the
// logits; 0 before any Forward).
func (m *Model) Stats() []LayerStat {
	out := make([]LayerStat, len(m.stats))
	for i, s := range m.stats {
		w := s.layer.weight()
		rows := w.Shape[0]
		out[i] = LayerStat{Name: s.layer.Name(), WeightNorm: meanRowNorm(w.Data, rows, len(w.Data)/rows)}
		if m.n > 0 {
			y := m.outs[s.out]
			size := len(y) / m.n
			out[i].ActNorm = meanRowNorm(y, m.n, size)
		}
	}
	return out
}
