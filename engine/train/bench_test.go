package train

import (
	"testing"
	"time"

	"hypersphere/engine/augment"
	"hypersphere/engine/nn"
	"hypersphere/engine/optim"
)

// BenchmarkTrainerStep measures training throughput (images/s over
// training Steps only) of the reduced and full networks at batch 32 with
// augmentation, and, as the baseline measured in the same run, the bare
// model loop (Forward, Loss, Backward, Adam on a fixed batch) the Trainer
// wraps; trainer-images/s ÷ raw-images/s is the Trainer's overhead.
// Run with GOMAXPROCS=1 for single-core numbers:
//
//	GOMAXPROCS=1 go test -run '^$' -bench TrainerStep ./engine/train
func BenchmarkTrainerStep(b *testing.B) {
	tr, val := synthetic(32*20, 1), synthetic(32, 2)
	for _, preset := range []string{"reduced", "full"} {
		w, _ := nn.Preset(preset)
		cfg := DefaultConfig()
		cfg.Widths = w
		cfg.Epochs = 1 << 20
		b.Run(preset+"/trainer", func(b *testing.B) {
			tn, err := New(cfg, tr, val, nil)
			if err != nil {
				b.Fatal(err)
			}
			tn.Step() // warm-up
			var busy time.Duration
			images := 0
			for b.Loop() {
				_, before, _ := tn.Progress()
				start := time.Now()
				tn.Step()
				if _, after, _ := tn.Progress(); after == before+1 {
					busy += time.Since(start)
					images += cfg.Batch
				}
			}
			b.ReportMetric(float64(images)/busy.Seconds(), "images/s")
		})
		b.Run(preset+"/raw", func(b *testing.B) {
			mc, _ := cfg.modelConfig()
			m, err := nn.New(mc, cfg.Batch, cfg.Seed)
			if err != nil {
				b.Fatal(err)
			}
			opt := optim.NewAdam(m.Params(), cfg.LR)
			x := make([]float32, cfg.Batch*nn.ImageSize)
			augment.Scale(x, tr.Images[:len(x)])
			labels := tr.Labels[:cfg.Batch]
			for b.Loop() {
				m.Forward(x, cfg.Batch, true)
				m.Loss(labels)
				m.Backward()
				opt.Step()
			}
			b.ReportMetric(float64(b.N*cfg.Batch)/b.Elapsed().Seconds(), "images/s")
		})
	}
}
