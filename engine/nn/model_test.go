package nn_test

import (
	"hypersphere/internal/testenv"

	"crypto/sha256"
	"encoding/binary"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"hypersphere/engine/nn"
	"hypersphere/engine/optim"
)

// cifarBatch reads the first n records of the real CIFAR-10 training file
// ($CIFAR10_DIR or ../shared/cifar10 beside the module root) as network input
// (byte/255) and labels. It skips the test when the data is absent.
func cifarBatch(t testing.TB, n int) ([]float32, []uint8) {
	dir, err := testenv.CIFAR10Dir()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "train.bin"))
	if err != nil {
		t.Skipf("real CIFAR-10 data not available: %v", err)
	}
	defer f.Close()
	raw := make([]byte, n*(1+nn.ImageSize))
	if _, err := io.ReadFull(f, raw); err != nil {
		t.Fatalf("reading %d CIFAR records: %v", n, err)
	}
	x := make([]float32, n*nn.ImageSize)
	labels := make([]uint8, n)
	for i := 0; i < n; i++ {
		rec := raw[i*(1+nn.ImageSize):]
		labels[i] = rec[0]
		for j, b := range rec[1 : 1+nn.ImageSize] {
			x[i*nn.ImageSize+j] = float32(b) / 255
		}
	}
	return x, labels
}

// experiment returns the experiment's configuration at the given preset.
func experiment(t testing.TB, preset, variant string) nn.Config {
	w, err := nn.Preset(preset)
	if err != nil {
		t.Fatal(err)
	}
	nc, nd, err := nn.ParseVariant(variant)
	if err != nil {
		t.Fatal(err)
	}
	return nn.Config{Widths: w, Activation: "relu", ConvBias: true, NormConv: nc, NormDense: nd,
		DropoutConv: 0.25, DropoutDense: 0.5}
}

func TestParamCounts(t *testing.T) {
	for _, c := range []struct {
		preset string
		bias   bool
		want   int
	}{
		{"full", true, 1250858},
		{"reduced", true, 165530},
		{"full", false, 1250858 - (32 + 32 + 64 + 64)},
	} {
		cfg := experiment(t, c.preset, "norm_conv_dense")
		cfg.ConvBias = c.bias
		m, err := nn.New(cfg, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.NumParams(); got != c.want {
			t.Errorf("%s bias=%v: %d parameters, want %d", c.preset, c.bias, got, c.want)
		}
		var names []string
		for _, p := range m.Params() {
			names = append(names, p.Name)
			size := 1
			for _, d := range p.Shape {
				size *= d
			}
			if size != len(p.Data) || size != len(p.Grad) {
				t.Errorf("%s: shape %v but %d values, %d grads", p.Name, p.Shape, len(p.Data), len(p.Grad))
			}
			if p.Normalized != strings.HasSuffix(p.Name, ".w") {
				t.Errorf("%s: Normalized = %v in norm_conv_dense", p.Name, p.Normalized)
			}
		}
		want := "conv1.w conv2.w conv3.w conv4.w dense1.w dense1.b dense2.w dense2.b"
		if c.bias {
			want = "conv1.w conv1.b conv2.w conv2.b conv3.w conv3.b conv4.w conv4.b dense1.w dense1.b dense2.w dense2.b"
		}
		if got := strings.Join(names, " "); got != want {
			t.Errorf("names %q, want %q", got, want)
		}
	}
}

func TestPresetAndVariant(t *testing.T) {
	if w, err := nn.Preset("reduced"); err != nil || w != (nn.Widths{16, 16, 32, 32, 128}) {
		t.Errorf("reduced = %v, %v", w, err)
	}
	if _, err := nn.Preset("huge"); err == nil {
		t.Error("Preset accepted an unknown name")
	}
	seen := map[[2]bool]bool{}
	for _, v := range nn.VariantNames {
		nc, nd, err := nn.ParseVariant(v)
		if err != nil {
			t.Fatal(err)
		}
		seen[[2]bool{nc, nd}] = true
	}
	if len(seen) != 4 {
		t.Errorf("the four variants map to %d distinct switch pairs", len(seen))
	}
	if nc, nd, _ := nn.ParseVariant("norm_dense"); nc || !nd {
		t.Error("norm_dense does not normalise (only) dense layers")
	}
	if _, _, err := nn.ParseVariant("norm_all"); err == nil {
		t.Error("ParseVariant accepted an unknown name")
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	good := experiment(t, "reduced", "baseline")
	bad := map[string]func(c *nn.Config){
		"zero width":       func(c *nn.Config) { c.Widths.Conv3 = 0 },
		"huge width":       func(c *nn.Config) { c.Widths.Dense1 = 1 << 20 },
		"activation":       func(c *nn.Config) { c.Activation = "tanh" },
		"dropout 1":        func(c *nn.Config) { c.DropoutConv = 1 },
		"negative dropout": func(c *nn.Config) { c.DropoutDense = -0.1 },
		"NaN dropout":      func(c *nn.Config) { c.DropoutDense = math.NaN() },
	}
	for name, mutate := range bad {
		c := good
		mutate(&c)
		if _, err := nn.New(c, 4, 1); err == nil {
			t.Errorf("%s: New accepted %+v", name, c)
		}
	}
	huge := good
	huge.Widths = nn.Widths{Conv1: 4096, Conv2: 4096, Conv3: 4096, Conv4: 4096, Dense1: 4096}
	if _, err := nn.New(huge, 1, 1); err == nil {
		t.Error("New accepted widths needing gigabytes")
	}
	full := experiment(t, "full", "baseline")
	if _, err := nn.New(full, 8000, 1); err == nil {
		t.Error("New accepted a full model for 8000 images (gigabytes)")
	}
	for _, mb := range []int{0, -1, 1 << 20} {
		if _, err := nn.New(good, mb, 1); err == nil {
			t.Errorf("New accepted maxBatch %d", mb)
		}
	}
}

func TestGlorotInit(t *testing.T) {
	m, err := nn.New(experiment(t, "reduced", "baseline"), 1, 42)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Params() {
		if strings.HasSuffix(p.Name, ".b") {
			for _, v := range p.Data {
				if v != 0 {
					t.Fatalf("%s: bias not zero", p.Name)
				}
			}
			continue
		}
		receptive := 1
		for _, d := range p.Shape[2:] {
			receptive *= d
		}
		limit := math.Sqrt(6 / float64((p.Shape[0]+p.Shape[1])*receptive))
		var ss float64
		for _, v := range p.Data {
			if math.Abs(float64(v)) > limit {
				t.Fatalf("%s: %v outside ±%v", p.Name, v, limit)
			}
			ss += float64(v) * float64(v)
		}
		// Uniform on ±limit has variance limit²/3.
		if ratio := ss / float64(len(p.Data)) / (limit * limit / 3); len(p.Data) > 1000 && math.Abs(ratio-1) > 0.1 {
			t.Errorf("%s: variance %.3f of the uniform's", p.Name, ratio)
		}
	}
}

// trainStep runs Forward, Loss, Backward and Adam.Step on one batch.
func trainStep(m *nn.Model, a *optim.Adam, x []float32, labels []uint8) float64 {
	m.Forward(x, len(labels), true)
	loss, _ := m.Loss(labels)
	m.Backward()
	a.Step()
	return loss
}

func TestDeterminism(t *testing.T) {
	x, labels := cifarBatch(t, 4)
	run := func(seed uint64) ([]float32, []float32) {
		m, err := nn.New(experiment(t, "reduced", "norm_conv"), 4, seed)
		if err != nil {
			t.Fatal(err)
		}
		a := optim.NewAdam(m.Params(), 1e-3)
		trainStep(m, a, x, labels)
		logits := append([]float32(nil), m.Forward(x, 4, true)...)
		m.Loss(labels)
		m.Backward()
		var grads []float32
		for _, p := range m.Params() {
			grads = append(grads, p.Grad...)
		}
		return logits, grads
	}
	l1, g1 := run(1337)
	l2, g2 := run(1337)
	l3, g3 := run(1338)
	same := func(a, b []float32) bool {
		for i := range a {
			if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
				return false
			}
		}
		return len(a) == len(b)
	}
	if !same(l1, l2) || !same(g1, g2) {
		t.Error("the same seed gave different logits or gradients")
	}
	if same(l1, l3) || same(g1, g3) {
		t.Error("different seeds gave identical logits or gradients")
	}
}

func TestDropoutOnlyInTraining(t *testing.T) {
	x, _ := cifarBatch(t, 2)
	m, err := nn.New(experiment(t, "reduced", "baseline"), 2, 7)
	if err != nil {
		t.Fatal(err)
	}
	eval1 := append([]float32(nil), m.Forward(x, 2, false)...)
	train := append([]float32(nil), m.Forward(x, 2, true)...)
	eval2 := m.Forward(x, 2, false)
	differs := false
	for i := range eval1 {
		if eval1[i] != eval2[i] {
			t.Fatal("two evaluation passes differ")
		}
		differs = differs || train[i] != eval1[i]
	}
	if !differs {
		t.Error("training pass (dropout) equals the evaluation pass")
	}
}

func TestTrainingLowersLoss(t *testing.T) {
	x, labels := cifarBatch(t, 4)
	for _, variant := range nn.AllVariantNames {
		cfg, err := nn.VariantConfig(variant, experiment(t, "reduced", "baseline"))
		if err != nil {
			t.Fatal(err)
		}
		cfg.Widths = nn.Widths{Conv1: 8, Conv2: 8, Conv3: 16, Conv4: 16, Dense1: 32} // keep CI quick
		cfg.DropoutConv, cfg.DropoutDense = 0, 0
		m, err := nn.New(cfg, 4, 1337)
		if err != nil {
			t.Fatal(err)
		}
		a := optim.NewAdam(m.Params(), 1e-3)
		first := trainStep(m, a, x, labels)
		var last float64
		for i := 0; i < 11; i++ {
			last = trainStep(m, a, x, labels)
		}
		t.Logf("%s: loss %.4f → %.4f", variant, first, last)
		if math.IsNaN(last) || !(last < 0.8*first) {
			t.Errorf("%s: loss %.4f after 12 Adam steps on one batch, started at %.4f", variant, last, first)
		}
	}
}

func TestBadInputGivesErrors(t *testing.T) {
	m, err := nn.New(experiment(t, "reduced", "baseline"), 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	m.Backward()
	if m.Err() == nil {
		t.Error("Backward before Loss gave no error")
	}
	if loss, _ := m.Loss([]uint8{1}); !math.IsNaN(loss) || m.Err() == nil {
		t.Error("Loss before Forward gave no error")
	}
	x := make([]float32, 3*nn.ImageSize)
	for _, n := range []int{0, -1, 3} {
		if y := m.Forward(x, n, false); y != nil || m.Err() == nil {
			t.Errorf("Forward of %d images with maxBatch 2 gave no error", n)
		}
	}
	if y := m.Forward(x[:nn.ImageSize+5], 2, false); y != nil || m.Err() == nil {
		t.Error("Forward with a short input gave no error")
	}
	if y := m.Forward(x, 2, false); len(y) != 2*nn.Classes || m.Err() != nil {
		t.Fatalf("valid Forward: %d logits, %v", len(y), m.Err())
	}
	for _, labels := range [][]uint8{{1}, {1, 10}} {
		if loss, _ := m.Loss(labels); !math.IsNaN(loss) || m.Err() == nil {
			t.Errorf("Loss(%v) gave no error", labels)
		}
		m.Backward()
		if m.Err() == nil {
			t.Errorf("Backward after a failed Loss(%v) gave no error", labels)
		}
	}
	if loss, _ := m.Loss([]uint8{1, 2}); math.IsNaN(loss) || m.Err() != nil {
		t.Errorf("valid Loss: %v, %v", loss, m.Err())
	}
}

func TestProbsAndStats(t *testing.T) {
	x, labels := cifarBatch(t, 3)
	m, err := nn.New(experiment(t, "reduced", "norm_conv"), 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	logits := m.Forward(x, 3, false)
	probs := m.Probs(nil)
	for i := 0; i < 3; i++ {
		var s float64
		best := 0
		for j := 0; j < nn.Classes; j++ {
			s += float64(probs[i*nn.Classes+j])
			if logits[i*nn.Classes+j] > logits[i*nn.Classes+best] {
				best = j
			}
		}
		if math.Abs(s-1) > 1e-5 {
			t.Errorf("image %d: probabilities sum to %v", i, s)
		}
		for j := 0; j < nn.Classes; j++ {
			if probs[i*nn.Classes+j] > probs[i*nn.Classes+best] {
				t.Errorf("image %d: softmax changed the argmax", i)
			}
		}
	}
	loss, _ := m.Loss(labels)
	var want float64
	for i, l := range labels {
		want -= math.Log(float64(probs[i*nn.Classes+int(l)]))
	}
	if want /= 3; math.Abs(loss-want) > 1e-5*want {
		t.Errorf("loss %v, −mean log p(label) %v", loss, want)
	}

	stats := m.Stats()
	names := []string{"conv1", "conv2", "conv3", "conv4", "dense1", "dense2"}
	if len(stats) != len(names) {
		t.Fatalf("%d stats, want %d", len(stats), len(names))
	}
	params := map[string]*nn.Param{}
	for _, p := range m.Params() {
		params[p.Name] = p
	}
	for i, s := range stats {
		if s.Name != names[i] {
			t.Errorf("stat %d named %q, want %q", i, s.Name, names[i])
		}
		w := params[s.Name+".w"]
		rows := w.Shape[0]
		var mean float64
		for r := 0; r < rows; r++ {
			var ss float64
			for _, v := range w.Data[r*len(w.Data)/rows : (r+1)*len(w.Data)/rows] {
				ss += float64(v) * float64(v)
			}
			mean += math.Sqrt(ss) / float64(rows)
		}
		if math.Abs(s.WeightNorm-mean) > 1e-9*mean {
			t.Errorf("%s: WeightNorm %v, want %v", s.Name, s.WeightNorm, mean)
		}
		if !(s.ActNorm > 0) {
			t.Errorf("%s: ActNorm %v", s.Name, s.ActNorm)
		}
	}
	var logitNorm float64
	for i := 0; i < 3; i++ {
		var ss float64
		for _, v := range logits[i*nn.Classes : (i+1)*nn.Classes] {
			ss += float64(v) * float64(v)
		}
		logitNorm += math.Sqrt(ss) / 3
	}
	if got := stats[5].ActNorm; math.Abs(got-logitNorm) > 1e-9*logitNorm {
		t.Errorf("dense2 ActNorm %v, want the mean logit norm %v", got, logitNorm)
	}
}

func TestYieldIsCalled(t *testing.T) {
	x, labels := cifarBatch(t, 3)
	m, err := nn.New(experiment(t, "reduced", "baseline"), 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	m.Yield = func() { calls++ }
	m.Forward(x, 3, true)
	if calls < 4*3 {
		t.Errorf("Forward of 3 images called Yield %d times, want >= 12", calls)
	}
	calls = 0
	m.Loss(labels)
	m.Backward()
	if calls < 4*3 {
		t.Errorf("Backward of 3 images called Yield %d times, want >= 12", calls)
	}
}

func TestNoAllocationsAfterWarmup(t *testing.T) {
	x, labels := cifarBatch(t, 4)
	for _, variant := range append([]string{"norm_conv_dense"}, nn.AllVariantNames[len(nn.VariantNames):]...) {
		cfg, err := nn.VariantConfig(variant, experiment(t, "reduced", "baseline"))
		if err != nil {
			t.Fatal(err)
		}
		cfg.Widths = nn.Widths{Conv1: 8, Conv2: 8, Conv3: 16, Conv4: 16, Dense1: 32} // keep CI quick
		m, err := nn.New(cfg, 4, 1)
		if err != nil {
			t.Fatal(err)
		}
		m.Yield = func() {}
		a := optim.NewAdam(m.Params(), 1e-3)
		trainStep(m, a, x, labels)
		if allocs := testing.AllocsPerRun(3, func() { trainStep(m, a, x, labels) }); allocs != 0 {
			t.Errorf("%s: Forward+Loss+Backward+Adam.Step allocates %v times per step", variant, allocs)
		}
		if allocs := testing.AllocsPerRun(3, func() { m.Forward(x, 3, false); m.Loss(labels) }); allocs != 0 {
			t.Errorf("%s: evaluation Forward+Loss allocates %v times", variant, allocs)
		}
	}
}

// TestFingerprint logs a SHA-256 of the logits, loss, gradients and updated
// weights after two training steps with dropout, for comparing builds:
// natively with -tags purego and under GOOS=js GOARCH=wasm the lines must be
// equal (the engine avoids FMA contraction and uses mathf for exp/log).
func TestFingerprint(t *testing.T) {
	x, labels := cifarBatch(t, 2)
	for _, act := range []string{"relu", "elu"} {
		cfg := experiment(t, "reduced", "norm_conv_dense")
		cfg.Activation = act
		fingerprint(t, cfg, act, x, labels)
	}
	// The variants beyond the experiment's four, one line each.
	for _, variant := range nn.AllVariantNames[len(nn.VariantNames):] {
		cfg, err := nn.VariantConfig(variant, experiment(t, "reduced", "baseline"))
		if err != nil {
			t.Fatal(err)
		}
		fingerprint(t, cfg, variant, x, labels)
	}
}

// fingerprint logs the hash of two training steps of cfg at small widths.
func fingerprint(t *testing.T, cfg nn.Config, label string, x []float32, labels []uint8) {
	t.Helper()
	cfg.Widths = nn.Widths{Conv1: 4, Conv2: 4, Conv3: 8, Conv4: 8, Dense1: 16}
	m, err := nn.New(cfg, 2, 1337)
	if err != nil {
		t.Fatal(err)
	}
	a := optim.NewAdam(m.Params(), 1e-3)
	probe := nn.NewProbe(m)
	h := sha256.New()
	for step := 0; step < 2; step++ {
		logits := m.Forward(x, 2, true)
		loss, _ := m.Loss(labels)
		m.Backward()
		probe.BeforeStep()
		a.Step()
		probe.AfterStep()
		binary.Write(h, binary.LittleEndian, logits)
		binary.Write(h, binary.LittleEndian, loss)
		for _, p := range m.Params() {
			binary.Write(h, binary.LittleEndian, p.Grad)
			binary.Write(h, binary.LittleEndian, p.Data)
		}
	}
	t.Logf("fingerprint %s: %x", label, h.Sum(nil))
	// The diagnostics of an evaluation pass, on their own line so that the
	// line above stays comparable with earlier builds.
	m.Forward(x, 2, false)
	probe.Observe()
	d := probe.Result()
	hd := sha256.New()
	binary.Write(hd, binary.LittleEndian, []float64{d.MaxLogit, d.Entropy, d.LogitScale})
	for _, l := range d.Layers {
		binary.Write(hd, binary.LittleEndian, []float64{l.InputNorm, l.ZeroInputs, l.MeanAbsCos, l.WeightNorm, l.Gain, l.StepSize, l.StepAngle})
		binary.Write(hd, binary.LittleEndian, l.CosHist)
	}
	t.Logf("fingerprint %s diagnostics: %x", label, hd.Sum(nil))
}

// TestNaNReachesTheLoss poisons one weight of each layer in turn: the loss
// must come out NaN, so that the trainer can stop the variant, rather than a
// ReLU or a max-pool silently dropping the NaN.
func TestNaNReachesTheLoss(t *testing.T) {
	x, labels := cifarBatch(t, 2)
	m, err := nn.New(experiment(t, "reduced", "baseline"), 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Params() {
		if !strings.HasSuffix(p.Name, ".w") {
			continue
		}
		old := p.Data[0]
		p.Data[0] = float32(math.NaN())
		m.Forward(x, 2, false)
		loss, _ := m.Loss(labels)
		p.Data[0] = old
		if !math.IsNaN(loss) {
			t.Errorf("NaN in %s gave loss %v", p.Name, loss)
		}
	}
}

func TestMemoryBytesBoundsAllocation(t *testing.T) {
	for _, variant := range nn.AllVariantNames[len(nn.VariantNames)-1:] {
		cfg, err := nn.VariantConfig(variant, experiment(t, "full", "baseline"))
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		m, err := nn.New(cfg, 16, 1)
		if err != nil {
			t.Fatal(err)
		}
		a := optim.NewAdam(m.Params(), 1e-3)
		runtime.ReadMemStats(&after)
		used := int64(after.TotalAlloc - before.TotalAlloc)
		// The estimate counts normalised copies of every weight, so it is
		// tight only when every layer is normalised.
		tight := cfg.NormConv && cfg.NormDense
		if est := m.MemoryBytes(); used > est || tight && est > used+used/5 {
			t.Errorf("%s: New+NewAdam allocated %d bytes, MemoryBytes says %d", variant, used, est)
		}
		runtime.KeepAlive(a)
	}
}
