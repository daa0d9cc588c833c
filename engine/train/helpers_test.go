package train

import (
	"hypersphere/internal/testenv"

	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	subset "hypersphere/dataset-subset"
	"hypersphere/engine/nn"
)

// tinyWidths is a network small enough for many short runs in tests.
var tinyWidths = nn.Widths{Conv1: 4, Conv2: 4, Conv3: 8, Conv4: 8, Dense1: 16}

// tinyConfig is DefaultConfig on tinyWidths with a short epoch cap.
func tinyConfig(variant string, epochs, batch int) Config {
	c := DefaultConfig()
	c.Variant = variant
	c.Widths = tinyWidths
	c.Epochs = epochs
	c.Batch = batch
	return c
}

// synthetic returns n images whose class is visible (a class-specific
// colour and stripe pattern plus seeded noise), so a network can learn it.
func synthetic(n int, seed uint64) Data {
	rng := rand.New(rand.NewPCG(seed, 99))
	d := Data{Images: make([]byte, n*nn.ImageSize), Labels: make([]byte, n)}
	for i := 0; i < n; i++ {
		c := i % nn.Classes
		d.Labels[i] = byte(c)
		img := d.Images[i*nn.ImageSize : (i+1)*nn.ImageSize]
		for ch := 0; ch < 3; ch++ {
			for y := 0; y < 32; y++ {
				for x := 0; x < 32; x++ {
					v := 40 + 15*((c+ch)%5)
					if (x+y*(c%3))%(2+c/3) == 0 {
						v += 90
					}
					v += rng.IntN(40)
					img[ch*1024+y*32+x] = byte(v)
				}
			}
		}
	}
	return d
}

// fingerprint hashes every deterministic field of an event stream (the
// measured times excluded) into a hex string.
func fingerprint(events []Event) string {
	h := fnv.New64a()
	var buf [8]byte
	f := func(v float64) {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
		h.Write(buf[:])
	}
	for _, e := range events {
		fmt.Fprintf(h, "%s|%s|%d|%d|%d|%s|", e.Kind, e.Variant, e.Epoch, e.Step, e.Steps, e.Err)
		f(e.Loss)
		f(e.LR)
		if m := e.Metrics; m != nil {
			fmt.Fprintf(h, "%d|", m.Epoch)
			for _, v := range []float64{m.TrainLoss, m.TrainAcc, m.ValLoss, m.ValAcc, m.LR} {
				f(v)
			}
			for _, l := range m.Layers {
				fmt.Fprintf(h, "%s|", l.Name)
				f(l.WeightNorm)
				f(l.ActNorm)
			}
		}
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// diagnosticsFingerprint hashes every value of the epochs' Diagnostics.
func diagnosticsFingerprint(events []Event) string {
	h := fnv.New64a()
	var buf [8]byte
	f := func(v float64) {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
		h.Write(buf[:])
	}
	for _, m := range epochs(events) {
		d := m.Diagnostics
		fmt.Fprintf(h, "%d|%d|%d|", m.Epoch, d.Images, d.Steps)
		for _, v := range []float64{d.MaxLogit, d.Entropy, d.LogitScale} {
			f(v)
		}
		for _, l := range d.Layers {
			fmt.Fprintf(h, "%s|", l.Name)
			for _, v := range []float64{l.InputNorm, l.ZeroInputs, l.MeanAbsCos, l.WeightNorm, l.Gain, l.StepSize, l.StepAngle} {
				f(v)
			}
			for _, v := range l.CosHist {
				f(v)
			}
		}
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// record builds a Trainer that appends its events to *events.
func record(t testing.TB, cfg Config, tr, val Data, events *[]Event) *Trainer {
	t.Helper()
	tn, err := New(cfg, tr, val, func(e Event) { *events = append(*events, e) })
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

// runAll drives a Trainer with Step to the end and returns its events.
func runAll(t testing.TB, cfg Config, tr, val Data) ([]Event, *Trainer) {
	t.Helper()
	var events []Event
	tn := record(t, cfg, tr, val, &events)
	for steps := 0; !tn.Step(); steps++ {
		if steps > 1e6 {
			t.Fatal("run does not end")
		}
	}
	return events, tn
}

// epochs returns the metrics of the EpochDone events.
func epochs(events []Event) []*EpochMetrics {
	var out []*EpochMetrics
	for _, e := range events {
		if e.Kind == EpochDone {
			out = append(out, e.Metrics)
		}
	}
	return out
}

// cifarDir returns the shared CIFAR-10 directory (testenv.CIFAR10Dir) or
// skips the test.
func cifarDir(t testing.TB) string {
	t.Helper()
	d, err := testenv.CIFAR10Dir()
	if err != nil {
		t.Skipf("skipping: %v, so ../shared/cifar10 cannot be located; set CIFAR10_DIR", err)
	}
	if _, err := os.Stat(d); err != nil {
		t.Skipf("skipping: real CIFAR-10 subset not found at %s (set CIFAR10_DIR to run this test)", d)
	}
	return d
}

// realData loads perClass class-balanced training images and the whole test
// file from the shared subset.
func realData(t testing.TB, perClass int) (Data, Data) {
	t.Helper()
	trainSet, testSet, err := subset.LoadDir(cifarDir(t))
	if err != nil {
		t.Fatal(err)
	}
	bal, notes := subset.Balanced(trainSet, perClass)
	if len(notes) > 0 {
		t.Fatalf("subset not balanced: %v", notes)
	}
	return Data{Images: bal.Images, Labels: bal.Labels}, Data{Images: testSet.Images, Labels: testSet.Labels}
}
