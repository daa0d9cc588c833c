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
