package nn_test

import (
	"math"
	"os"
	"strings"
	"testing"

	"hypersphere/engine/nn"
)

func TestVariantTable(t *testing.T) {
	all := nn.AllVariantNames
	if len(all) < len(nn.VariantNames)+3 {
		t.Fatalf("AllVariantNames = %v: want the four and at least three more", all)
	}
	seen := map[string]bool{}
	for i, name := range all {
		if seen[name] {
			t.Errorf("%s listed twice", name)
		}
		seen[name] = true
		info, err := nn.VariantInfo(name)
		if err != nil {
			t.Fatal(err)
		}
		original := i < len(nn.VariantNames)
		if original && name != nn.VariantNames[i] {
			t.Errorf("AllVariantNames[%d] = %s, want the experiment's %s first", i, name, nn.VariantNames[i])
		}
		if info.Name != name || info.Original != original || info.Source == "" {
			t.Errorf("%s: info %+v", name, info)
		}
		// One sentence: starts with a letter, ends with the only full stop.
		if s := info.Summary; len(s) < 40 || !strings.HasSuffix(s, ".") || strings.Contains(strings.TrimSuffix(s, "."), ". ") {
			t.Errorf("%s: summary %q is not one sentence", name, s)
		}
		base := experiment(t, "reduced", "baseline")
		cfg, err := nn.VariantConfig(name, base)
		if err != nil {
			t.Fatal(err)
		}
		if err := cfg.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if cfg.Widths != base.Widths || cfg.Activation != base.Activation || cfg.DropoutDense != base.DropoutDense {
			t.Errorf("%s: VariantConfig changed more than the normalisation switches", name)
		}
		if original {
			nc, nd, _ := nn.ParseVariant(name)
			want := base
			want.NormConv, want.NormDense = nc, nd
			if cfg != want {
				t.Errorf("%s: VariantConfig %+v, ParseVariant gives %+v", name, cfg, want)
			}
		}
	}
	// VariantConfig replaces every switch of the base.
	messy := experiment(t, "reduced", "norm_conv_dense")
	messy.GainConv, messy.CosineDense, messy.LogitScale, messy.LearnLogitScale = true, true, 7, true
	if cfg, _ := nn.VariantConfig("baseline", messy); cfg != experiment(t, "reduced", "baseline") {
		t.Errorf("baseline from a busy base: %+v", cfg)
	}
	if _, err := nn.VariantConfig("norm_all", messy); err == nil {
		t.Error("VariantConfig accepted an unknown name")
	}
	if _, err := nn.VariantInfo("norm_all"); err == nil {
		t.Error("VariantInfo accepted an unknown name")
	}
}

func TestConfigRejectsBadOptions(t *testing.T) {
	plain := experiment(t, "reduced", "baseline")
	full := experiment(t, "reduced", "norm_conv_dense")
	for name, c := range map[string]nn.Config{
		"gain on plain conv":    func() nn.Config { c := plain; c.GainConv = true; return c }(),
		"gain on plain dense":   func() nn.Config { c := plain; c.GainDense = true; return c }(),
		"cosine on plain conv":  func() nn.Config { c := plain; c.CosineConv = true; return c }(),
		"cosine on plain dense": func() nn.Config { c := plain; c.CosineDense = true; return c }(),
		"scale on plain dense":  func() nn.Config { c := plain; c.NormConv, c.LogitScale = true, 2; return c }(),
		"negative scale":        func() nn.Config { c := full; c.LogitScale = -1; return c }(),
		"NaN scale":             func() nn.Config { c := full; c.LogitScale = math.NaN(); return c }(),
		"huge scale":            func() nn.Config { c := full; c.LogitScale = 1e6; return c }(),
		"learn a missing scale": func() nn.Config { c := full; c.LearnLogitScale = true; return c }(),
	} {
		if _, err := nn.New(c, 2, 1); err == nil {
			t.Errorf("%s: New accepted %+v", name, c)
		}
	}
}

// TestVariantsShareInitialWeights: every variant built with the same seed
// starts from the same raw weights and biases (TestVariantsShareDropout
// checks the masks), and the new parameters start neutral (gains 1, learned scale at its
// initial value), so that at initialisation gain_conv_dense and
// norm_conv_dense_scaled compute exactly what norm_conv_dense does.
func TestVariantsShareInitialWeights(t *testing.T) {
	x, _ := cifarBatch(t, 2)
	small := nn.Widths{Conv1: 4, Conv2: 4, Conv3: 6, Conv4: 6, Dense1: 8}
	build := func(name string) *nn.Model {
		base := experiment(t, "reduced", "baseline")
		base.Widths = small
		cfg, err := nn.VariantConfig(name, base)
		if err != nil {
			t.Fatal(err)
		}
		m, err := nn.New(cfg, 2, 1337)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	ref := build("baseline")
	refParams := map[string][]float32{}
	for _, p := range ref.Params() {
		refParams[p.Name] = p.Data
	}
	ncd := build("norm_conv_dense")
	ncdLogits := append([]float32(nil), ncd.Forward(x, 2, false)...)
	for _, name := range nn.AllVariantNames {
		m := build(name)
		shared := 0
		for _, p := range m.Params() {
			want, ok := refParams[p.Name]
			switch {
			case ok:
				shared++
				if !sameBits(p.Data, want) {
					t.Errorf("%s: initial %s differs from baseline's", name, p.Name)
				}
			case strings.HasSuffix(p.Name, ".g"):
				for _, v := range p.Data {
					if v != 1 {
						t.Fatalf("%s: gain %s starts at %v, want 1", name, p.Name, v)
					}
				}
			case p.Name == "dense2.s":
				if float64(p.Data[0]) != m.Config().LogitScale {
					t.Errorf("%s: dense2.s starts at %v, want %v", name, p.Data[0], m.Config().LogitScale)
				}
			default:
				t.Errorf("%s: unexpected parameter %s", name, p.Name)
			}
		}
		if shared != len(refParams) {
			t.Errorf("%s: %d of baseline's %d tensors", name, shared, len(refParams))
		}
		if c := m.Config(); c.NormConv && c.NormDense && !c.CosineConv && !c.CosineDense && c.LogitScale <= 1 {
			if got := m.Forward(x, 2, false); !sameBits(got, ncdLogits) {
				t.Errorf("%s: initial logits differ from norm_conv_dense's", name)
			}
		}
	}
}

func sameBits(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

// TestDocDescribesEveryVariant keeps the package documentation in step with
// the variant table.
func TestDocDescribesEveryVariant(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range nn.AllVariantNames {
		if !strings.Contains(string(doc), name) {
			t.Errorf("doc.go does not describe %s", name)
		}
	}
}
