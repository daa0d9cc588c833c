package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	subset "hypersphere/dataset-subset"
	"hypersphere/engine/train"
	"hypersphere/wasm/enginecfg"
	"hypersphere/wasm/protocol"
)

// loadWebData reads the first nTrain training and nVal validation images
// from the built data (web/data), verifying them as the page does.
func loadWebData(t *testing.T, nTrain, nVal int) (trainSet, valSet train.Data) {
	t.Helper()
	dir := filepath.Join(webDir, "data")
	raw, err := os.ReadFile(filepath.Join(dir, subset.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	m, err := subset.ParseManifest(raw)
	if err != nil {
		t.Fatal(err)
	}
	load := func(e subset.Entry) *subset.Set {
		data, err := os.ReadFile(filepath.Join(dir, e.Name))
		if err != nil {
			t.Fatal(err)
		}
		s, err := subset.Load(e, data)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	files, err := m.TrainFiles(m.TrainSizes[0])
	if err != nil {
		t.Fatal(err)
	}
	tr := load(files[0])
	vf, err := m.ValFile()
	if err != nil {
		t.Fatal(err)
	}
	va := load(vf)
	if tr.Len() < nTrain || va.Len() < nVal {
		t.Fatalf("the data holds %d/%d images, the test needs %d/%d", tr.Len(), va.Len(), nTrain, nVal)
	}
	return train.Data{Images: tr.Images[:nTrain*subset.ImageSize], Labels: tr.Labels[:nTrain]},
		train.Data{Images: va.Images[:nVal*subset.ImageSize], Labels: va.Labels[:nVal]}
}

// trainNatively runs the configuration a worker would run, natively, and
// returns the per-epoch metrics.
func trainNatively(t *testing.T, cfg protocol.Config, trainSet, valSet train.Data) []*train.EpochMetrics {
	t.Helper()
	tc, err := enginecfg.TrainConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out []*train.EpochMetrics
	tr, err := train.New(tc, trainSet, valSet, func(e train.Event) {
		if e.Kind == train.EpochDone && e.Metrics != nil {
			out = append(out, e.Metrics)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(context.Background()); err != nil {
		t.Fatalf("native run of %s: %v", cfg.Variant, err)
	}
	return out
}
