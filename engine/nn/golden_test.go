package nn_test

import (
	"hypersphere/internal/testenv"

	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"hypersphere/engine/nn"
	"hypersphere/engine/optim"
)

// golden is one PyTorch reference file (see ../shared/reference/README.md).
type golden struct {
	Variant    string `json:"variant"`
	NormConv   bool   `json:"norm_conv"`
	NormDense  bool   `json:"norm_dense"`
	Activation string `json:"activation"`
	ConvBias   bool   `json:"conv_bias"`
	Widths     struct {
		Conv1, Conv2, Conv3, Conv4, Dense1 int
	} `json:"widths"`
	Labels []uint8 `json:"labels"`
	Images []uint8 `json:"images_u8"`
	Params map[string]struct {
		Shape []int     `json:"shape"`
		Data  []float64 `json:"data"`
	} `json:"params"`
	Logits []float64            `json:"logits"`
	Loss   float64              `json:"loss"`
	Grads  map[string][]float64 `json:"grads"`
	Adam   struct {
		LR          float64              `json:"lr"`
		Beta1       float64              `json:"beta1"`
		Beta2       float64              `json:"beta2"`
		Epsilon     float64              `json:"epsilon"`
		Step        int                  `json:"step"`
		ParamsAfter map[string][]float64 `json:"params_after"`
		LossAfter   float64              `json:"loss_after"`
	} `json:"adam"`
}

// widths converts the file's widths (JSON keys conv1 … dense1, matched case-insensitively).
func (g *golden) widths() nn.Widths {
	w := g.Widths
	return nn.Widths{Conv1: w.Conv1, Conv2: w.Conv2, Conv3: w.Conv3, Conv4: w.Conv4, Dense1: w.Dense1}
}

// Tolerances of the reference README (relative error norms).
const (
	tolTensor = 1e-4 // logits, every gradient
	tolLoss   = 1e-4 // loss, loss_after
	tolUpdate = 1e-3 // params_after − params
)

// goldenDir returns the golden vectors' folder (testenv.GoldenDir).
func goldenDir(t *testing.T) string {
	d, err := testenv.GoldenDir()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// relErr returns |a − b|₂ / |b|₂ (or |a|₂ when b is zero).
func relErr(a []float32, b []float64) float64 {
	var num, den float64
	for i, bv := range b {
		d := float64(a[i]) - bv
		num += d * d
		den += bv * bv
	}
	if den == 0 {
		return math.Sqrt(num)
	}
	return math.Sqrt(num / den)
}

func TestGolden(t *testing.T) {
	dir := goldenDir(t)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("golden directory %s does not exist (set HYPERSPHERE_GOLDEN_DIR)", dir)
	}
	folders, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	worst := map[string]float64{}
	files := 0
	for _, f := range folders {
		if !f.IsDir() {
			continue
		}
		paths, err := filepath.Glob(filepath.Join(dir, f.Name(), "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(paths)
		for _, path := range paths {
			name := f.Name() + "/" + strings.TrimSuffix(filepath.Base(path), ".json")
			files++
			t.Run(name, func(t *testing.T) {
				for k, v := range checkGolden(t, path) {
					worst[k] = max(worst[k], v)
				}
			})
		}
	}
	if files == 0 {
		t.Fatalf("no golden files under %s", dir)
	}
	t.Logf("max relative errors over %d files: logits %.3g, loss %.3g, grads %.3g, update %.3g, loss_after %.3g",
		files, worst["logits"], worst["loss"], worst["grads"], worst["update"], worst["loss_after"])
}

// checkGolden runs one golden file and returns the largest error of each kind.
func checkGolden(t *testing.T, path string) map[string]float64 {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	n := len(g.Labels)
	if n == 0 || len(g.Images) != n*nn.ImageSize || len(g.Logits) != n*nn.Classes {
		t.Fatalf("%s: %d labels, %d image bytes, %d logits do not agree", path, n, len(g.Images), len(g.Logits))
	}
	cfg := nn.Config{Widths: g.widths(), Activation: g.Activation, ConvBias: g.ConvBias,
		NormConv: g.NormConv, NormDense: g.NormDense, DropoutConv: 0.25, DropoutDense: 0.5}
	m, err := nn.New(cfg, n, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Params()) != len(g.Params) {
		t.Fatalf("model has %d tensors, golden file %d", len(m.Params()), len(g.Params))
	}
	for _, p := range m.Params() {
		gp, ok := g.Params[p.Name]
		if !ok {
			t.Fatalf("golden file has no %s", p.Name)
		}
		if fmt.Sprint(gp.Shape) != fmt.Sprint(p.Shape) || len(gp.Data) != len(p.Data) {
			t.Fatalf("%s: shape %v, golden %v", p.Name, p.Shape, gp.Shape)
		}
		wantNorm := strings.HasSuffix(p.Name, ".w") &&
			(strings.HasPrefix(p.Name, "conv") && g.NormConv || strings.HasPrefix(p.Name, "dense") && g.NormDense)
		if p.Normalized != wantNorm {
			t.Errorf("%s: Normalized = %v", p.Name, p.Normalized)
		}
		for i, v := range gp.Data {
			p.Data[i] = float32(v)
		}
	}
	x := make([]float32, len(g.Images))
	for i, b := range g.Images {
		x[i] = float32(b) / 255
	}

	errs := map[string]float64{}
	check := func(kind, what string, e, tol float64) {
		errs[kind] = max(errs[kind], e)
		if !(e <= tol) {
			t.Errorf("%s: relative error %.3g > %.g", what, e, tol)
		}
	}
	logits := m.Forward(x, n, false)
	check("logits", "logits", relErr(logits, g.Logits), tolTensor)
	loss, _ := m.Loss(g.Labels)
	check("loss", "loss", math.Abs(loss-g.Loss)/math.Abs(g.Loss), tolLoss)
	m.Backward()
	if m.Err() != nil {
		t.Fatal(m.Err())
	}
	before := map[string][]float32{}
	for _, p := range m.Params() {
		check("grads", "grad "+p.Name, relErr(p.Grad, g.Grads[p.Name]), tolTensor)
		before[p.Name] = append([]float32(nil), p.Data...)
	}

	adam := optim.NewAdam(m.Params(), g.Adam.LR)
	if g.Adam.Step != 1 || adam.Beta1 != g.Adam.Beta1 || adam.Beta2 != g.Adam.Beta2 || adam.Eps != g.Adam.Epsilon {
		t.Fatalf("golden Adam %+v differs from ours (step 1, %v, %v, %v)", g.Adam, adam.Beta1, adam.Beta2, adam.Eps)
	}
	adam.Step()
	for _, p := range m.Params() {
		want := make([]float64, len(p.Data))
		got := make([]float32, len(p.Data))
		for i := range p.Data {
			want[i] = g.Adam.ParamsAfter[p.Name][i] - g.Params[p.Name].Data[i]
			got[i] = p.Data[i] - before[p.Name][i]
		}
		check("update", "Adam update of "+p.Name, relErr(got, want), tolUpdate)
	}
	m.Forward(x, n, false)
	lossAfter, _ := m.Loss(g.Labels)
	check("loss_after", "loss_after", math.Abs(lossAfter-g.Adam.LossAfter)/math.Abs(g.Adam.LossAfter), tolLoss)
	t.Logf("logits %.2g loss %.2g grads %.2g update %.2g loss_after %.2g",
		errs["logits"], errs["loss"], errs["grads"], errs["update"], errs["loss_after"])
	return errs
}
