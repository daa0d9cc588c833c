package nn

import (
	"math/rand/v2"
	"testing"
)

// TestVariantsShareDropout: the new parameters draw nothing from the
// model's generator, so every variant built with the same seed draws the
// same dropout masks, batch after batch.
func TestVariantsShareDropout(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	x := randSlice(rng, 2*ImageSize, 0, 1)
	masks := func(name string) [][]float32 {
		base := Config{Widths: Widths{4, 4, 6, 6, 8}, Activation: "relu", DropoutConv: 0.25, DropoutDense: 0.5}
		cfg, err := VariantConfig(name, base)
		if err != nil {
			t.Fatal(err)
		}
		m, err := New(cfg, 2, 1337)
		if err != nil {
			t.Fatal(err)
		}
		var out [][]float32
		for step := 0; step < 2; step++ {
			m.Forward(x, 2, true)
			for _, l := range m.layers {
				if d, ok := l.(*dropout); ok {
					out = append(out, append([]float32(nil), d.mask[:2*d.shape.Size()]...))
				}
			}
		}
		return out
	}
	want := masks("baseline")
	for _, name := range AllVariantNames[1:] {
		got := masks(name)
		for i := range want {
			for j := range want[i] {
				if got[i][j] != want[i][j] {
					t.Fatalf("%s: dropout mask %d differs from baseline's at %d", name, i, j)
				}
			}
		}
	}
}
