package ui

import (
	"bytes"
	"strings"
	"testing"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/staticrender"

	"hypersphere/wasm/protocol"
)

// fakeBackend records the lab's calls.
type fakeBackend struct {
	calls   []string
	started Settings
}

func (f *fakeBackend) Start(s Settings) { f.calls = append(f.calls, "start"); f.started = s }
func (f *fakeBackend) Pause()           { f.calls = append(f.calls, "pause") }
func (f *fakeBackend) Resume()          { f.calls = append(f.calls, "resume") }
func (f *fakeBackend) Reset()           { f.calls = append(f.calls, "reset") }

func render(t *testing.T, root vugu.Builder) string {
	t.Helper()
	var buf bytes.Buffer
	r := staticrender.New(&buf)
	env, err := vugu.NewBuildEnv(r.EventEnv())
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Render(env.RunBuild(root)); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestRootRendersIdle(t *testing.T) {
	lab := NewLab(DefaultSettings())
	html := render(t, &Root{Lab: lab, Backend: &fakeBackend{}, Step: 1}) + render(t, &LabRoot{Lab: lab, Backend: &fakeBackend{}})
	for _, want := range []string{
		`class="col-explain"`, `class="col-lab"`, `id="start"`, `id="pause"`, `id="reset"`,
		`id="v-baseline"`, `id="v-norm_conv_dense"`, `id="epochs"`, `id="lr"`, `id="seed"`, `value="1337"`,
		`reduced (16-16-32-32-128)`, "1\u202f000 images", `data-phase="idle"`, `Start the lab`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("idle page lacks %q", want)
		}
	}
	if strings.Contains(html, "NaN") || strings.Contains(html, "style=") {
		t.Error("idle page has NaN or an inline style")
	}
}

func TestRootRendersRuns(t *testing.T) {
	s := DefaultSettings()
	s.TrainSize = 512
	lab := NewLab(s)
	lab.Phase = PhaseTraining
	lab.Classes = []string{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}
	lab.Preview = make([]byte, 2*3072)
	lab.PreviewLabels = []byte{3, 8}
	for i, v := range OriginalVariants {
		r := NewRun(v, s)
		r.Apply(protocol.Progress{Epoch: 1, Step: 8, Steps: 16, FirstStep: 1, Losses: []float32{2.3, 2.2}, ImagesPerSec: 20 + float64(i)})
		probs := make([]float32, 20)
		probs[3], probs[10+1] = 0.6, 0.4
		r.Apply(protocol.Epoch{Epoch: 1, TrainLoss: 2.2, ValLoss: 2.1, ValAcc: 0.3, Seconds: 30,
			Filters: make([]float32, 16*27), FilterShape: [4]int{16, 3, 3, 3}, Probs: probs})
		lab.Runs = append(lab.Runs, r)
	}
	lab.Runs[2].Apply(protocol.Failed{Err: "the worker crashed"})
	html := render(t, &Root{Lab: lab, Backend: &fakeBackend{}, Step: 3}) + render(t, &LabRoot{Lab: lab, Backend: &fakeBackend{}})
	for _, want := range []string{
		`data-state="failed"`, `the worker crashed`,
		`512 images (test size)`, `data-train-loss="2.2"`, `class="filterbox"`, `class="predcell"`,
		`✓ cat 60.0 %`, `✗ automobile 40.0 %`, `20.0 images/s`, `val acc 30.0 %`, `data-phase="training"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("training page lacks %q", want)
		}
	}
	if n := strings.Count(html, `class="filterbox"`); n != 4 {
		t.Errorf("%d filter canvases, want 4", n)
	}
	if strings.Contains(html, "NaN") {
		t.Error("page has a NaN attribute or text")
	}
}
