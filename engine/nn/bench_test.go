package nn_test

import (
	"testing"

	"hypersphere/engine/nn"
	"hypersphere/engine/optim"
)

// BenchmarkTrainStep measures one training step (Forward with dropout, Loss,
// Backward, Adam.Step) on a batch of 32 real CIFAR images, per preset.
func BenchmarkTrainStep(b *testing.B) {
	const batch = 32
	x, labels := cifarBatch(b, batch)
	for _, preset := range []string{"reduced", "full"} {
		b.Run(preset, func(b *testing.B) {
			m, err := nn.New(experiment(b, preset, "baseline"), batch, 1337)
			if err != nil {
				b.Fatal(err)
			}
			a := optim.NewAdam(m.Params(), 1e-3)
			trainStep(m, a, x, labels)
			b.ResetTimer()
			for b.Loop() {
				trainStep(m, a, x, labels)
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "images/s")
		})
	}
}

// BenchmarkProbe measures what the diagnostics cost on the reduced net with a
// batch of 32 real images: Probe.BeforeStep+AfterStep against a training
// step, Probe.Observe against an evaluation Forward+Loss. Compare each pair
// (same run) as a ratio.
func BenchmarkProbe(b *testing.B) {
	const batch = 32
	x, labels := cifarBatch(b, batch)
	for _, variant := range []string{"norm_conv_dense", "cosine_conv_dense_scaled"} {
		cfg, err := nn.VariantConfig(variant, experiment(b, "reduced", "baseline"))
		if err != nil {
			b.Fatal(err)
		}
		m, err := nn.New(cfg, batch, 1337)
		if err != nil {
			b.Fatal(err)
		}
		a := optim.NewAdam(m.Params(), 1e-3)
		p := nn.NewProbe(m)
		trainStep(m, a, x, labels)
		b.Run(variant+"/step", func(b *testing.B) {
			for b.Loop() {
				trainStep(m, a, x, labels)
			}
		})
		b.Run(variant+"/before+after-step", func(b *testing.B) {
			for b.Loop() {
				p.BeforeStep()
				p.AfterStep()
			}
		})
		b.Run(variant+"/eval", func(b *testing.B) {
			for b.Loop() {
				m.Forward(x, batch, false)
				m.Loss(labels)
			}
		})
		m.Forward(x, batch, false)
		b.Run(variant+"/observe", func(b *testing.B) {
			for b.Loop() {
				p.Observe()
			}
		})
	}
}
