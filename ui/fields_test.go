package ui

import (
	"regexp"
	"strings"
	"testing"
)

// An out-of-range or unreadable setting is never replaced silently: the
// control keeps the text with a message, the settings keep their last
// valid value, and Start says what to fix until it is valid again.
func TestFieldsRefuseOutOfRangeValues(t *testing.T) {
	lab := NewLab(DefaultSettings())
	for _, c := range []struct{ id, text, msg string }{
		{"lr", "1000000", "Too large"},
		{"lr", "0", "Too small"},
		{"lr", "abc", "Not a number"},
		{"batch", "1", "Too small"},
		{"batch", "1000", "Too large"},
		{"batch", "32.5", "Not a whole number"},
		{"epochs", "0", "Too small"},
		{"epochs", "-5", "Too small"},
		{"epochs", "1000", "Too large"},
		{"seed", "", "Enter a whole number from 0 to 2147483647"},
		{"seed", "1e999", "Too large"},
	} {
		lab.SetField(c.id, c.text)
		e, ok := lab.FieldErrs[c.id]
		if !ok || !strings.HasPrefix(e.Msg, c.msg) || lab.FieldText(c.id) != c.text {
			t.Errorf("%s = %q: error %+v, shows %q; want a message starting %q", c.id, c.text, e, lab.FieldText(c.id), c.msg)
		}
	}
	d := DefaultSettings()
	if s := lab.Settings; s.LR != d.LR || s.Batch != d.Batch || s.Epochs != d.Epochs || s.Seed != d.Seed {
		t.Errorf("invalid text changed the settings: %+v", s)
	}
	want := "To start, fix the epochs, the batch size, the learning rate and the seed."
	if got := lab.StartBlocked(); got != want {
		t.Errorf("Start blocked: %q, want %q", got, want)
	}
	if lab.FirstInvalid() != "epochs" {
		t.Errorf("first invalid %q", lab.FirstInvalid())
	}
	// Valid again: the value is used and the message goes.
	for id, text := range map[string]string{"lr": "1", "batch": "8", "epochs": "100", "seed": "0"} {
		lab.SetField(id, text)
	}
	if !lab.SettingsValid() || lab.StartBlocked() != "" {
		t.Fatalf("still invalid: %+v %q", lab.FieldErrs, lab.StartBlocked())
	}
	if s := lab.Settings; s.LR != 1 || s.Batch != 8 || s.Epochs != 100 || s.Seed != 0 || lab.FieldText("lr") != "1" {
		t.Errorf("valid text not applied: %+v", s)
	}
	lab.Settings.Enabled = map[string]bool{}
	lab.SetField("lr", "-1")
	if got := lab.StartBlocked(); got != "To start, tick at least one variant and fix the learning rate." {
		t.Errorf("Start blocked: %q", got)
	}
}

func TestRunSummaryShowsTheSettingsUsed(t *testing.T) {
	lab := NewLab(DefaultSettings())
	if lab.RunSummary() != "" {
		t.Errorf("summary before any run: %q", lab.RunSummary())
	}
	lab.Used = DefaultSettings()
	want := "reduced · 1\u202f000 images · 10 epochs · batch 32 · lr 0.001 · seed 1337 · ReLU · augmentation on"
	if got := lab.RunSummary(); got != want {
		t.Errorf("summary\n got %q\nwant %q", got, want)
	}
	lab.Used.Seeds, lab.Used.Epochs, lab.Used.LR, lab.Used.Augment, lab.Used.ValLimit = 3, 1, 1e5, false, 200
	for _, part := range []string{"seeds 1337–1339", "1 epoch ·", "lr 100000", "augmentation off", "validated on 200 images"} {
		if !strings.Contains(lab.RunSummary(), part) {
			t.Errorf("summary %q lacks %q", lab.RunSummary(), part)
		}
	}
}

func TestInvalidFieldRendersItsError(t *testing.T) {
	lab := NewLab(DefaultSettings())
	lab.SetField("batch", "1")
	lab.Settings.Enabled = map[string]bool{}
	html := render(t, &LabRoot{Lab: lab, Backend: &fakeBackend{}})
	for _, want := range []string{
		`id="batch-err" role="alert"`, `aria-invalid="true"`, `aria-describedby="batch-err batch-hint"`, `value="1"`,
		`aria-describedby="start-why"`, `tick at least one variant and fix the batch size`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if start := regexp.MustCompile(`<button[^>]*id="start"[^>]*>`).FindString(html); !strings.Contains(start, "disabled") {
		t.Errorf("Start is not disabled: %s", start)
	}
}

// The explainer's Start does not train while a control needs fixing.
func TestStartLabRefusesInvalidSettings(t *testing.T) {
	b := &fakeBackend{}
	root := &Root{Lab: NewLab(DefaultSettings()), Backend: b}
	root.Lab.SetField("epochs", "0")
	root.StartLab()
	if len(b.calls) != 0 {
		t.Errorf("started with an invalid control: %v", b.calls)
	}
	root.Lab.SetField("epochs", "3")
	root.StartLab()
	if len(b.calls) != 1 || b.started.Epochs != 3 {
		t.Errorf("calls %v, epochs %d", b.calls, b.started.Epochs)
	}
}
