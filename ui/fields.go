package ui

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// numField is one of the lab's numeric controls: its element id, its name
// in messages, its range and whether it takes whole numbers only.
type numField struct {
	id, name string
	lo, hi   float64
	whole    bool
}

// numFields are the lab's numeric controls, in the order the page shows
// them.
var numFields = []numField{
	{id: "epochs", name: "epochs", lo: minEpochs, hi: maxEpochs, whole: true},
	{id: "batch", name: "batch size", lo: minBatch, hi: maxBatch, whole: true},
	{id: "lr", name: "learning rate", lo: minLR, hi: maxLR},
	{id: "seed", name: "seed", lo: 0, hi: maxSeed, whole: true},
}

func fieldByID(id string) (numField, bool) {
	for _, f := range numFields {
		if f.id == id {
			return f, true
		}
	}
	return numField{}, false
}

// plainNumber formats a range limit without exponent (0.00001, 100000).
func plainNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// check parses text as the field's value, or says what is wrong with it.
func (f numField) check(text string) (float64, string) {
	t := strings.TrimSpace(text)
	what := "a number"
	if f.whole {
		what = "a whole number"
	}
	rng := " from " + plainNumber(f.lo) + " to " + plainNumber(f.hi) + "."
	v, err := strconv.ParseFloat(t, 64)
	switch {
	case t == "":
		return 0, "Enter " + what + rng
	case err != nil && !errors.Is(err, strconv.ErrRange), math.IsNaN(v):
		return 0, "Not a number: enter " + what + rng
	case v < f.lo:
		return 0, "Too small: enter " + what + rng
	case v > f.hi:
		return 0, "Too large: enter " + what + rng
	case f.whole && v != math.Trunc(v):
		return 0, "Not a whole number: enter " + what + rng
	}
	return v, ""
}

// SetField applies the text of the numeric control id (epochs, batch, lr,
// seed). A valid value goes into the settings; anything else is kept as
// the control's text with a message, and the settings are left alone (and
// unused: Start stays disabled until the control is valid).
func (l *Lab) SetField(id, text string) {
	f, ok := fieldByID(id)
	if !ok {
		return
	}
	v, msg := f.check(text)
	if msg != "" {
		if l.FieldErrs == nil {
			l.FieldErrs = map[string]FieldError{}
		}
		l.FieldErrs[id] = FieldError{Text: text, Msg: msg}
		return
	}
	delete(l.FieldErrs, id)
	s := &l.Settings
	switch id {
	case "epochs":
		s.Epochs = int(v)
	case "batch":
		s.Batch = int(v)
	case "lr":
		s.LR = v
	case "seed":
		s.Seed = uint64(v)
	}
}

// FieldText is what the numeric control id shows: the text being fixed,
// or the setting.
func (l *Lab) FieldText(id string) string {
	if e, ok := l.FieldErrs[id]; ok {
		return e.Text
	}
	s := l.Settings
	switch id {
	case "epochs":
		return strconv.Itoa(s.Epochs)
	case "batch":
		return strconv.Itoa(s.Batch)
	case "lr":
		return strconv.FormatFloat(s.LR, 'g', -1, 64)
	case "seed":
		return strconv.FormatUint(s.Seed, 10)
	}
	return ""
}

// invalidFields returns the ids of the controls that need fixing, in page
// order.
func (l *Lab) invalidFields() []numField {
	var out []numField
	for _, f := range numFields {
		if _, ok := l.FieldErrs[f.id]; ok {
			out = append(out, f)
		}
	}
	return out
}

// FirstInvalid returns the id of the first control that needs fixing, or "".
func (l *Lab) FirstInvalid() string {
	if bad := l.invalidFields(); len(bad) > 0 {
		return bad[0].id
	}
	return ""
}

// StartBlocked says why Start is disabled while nothing trains, or "" when
// it may start.
func (l *Lab) StartBlocked() string {
	var why []string
	if len(l.Settings.Selected()) == 0 {
		why = append(why, "tick at least one variant")
	}
	if bad := l.invalidFields(); len(bad) > 0 {
		names := make([]string, len(bad))
		for i, f := range bad {
			names[i] = "the " + f.name
		}
		why = append(why, "fix "+joinAnd(names))
	}
	if len(why) == 0 {
		return ""
	}
	return "To start, " + joinAnd(why) + "."
}

// joinAnd joins "a", "b", "c" as "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// RunSummary lists the settings the runs were started with, e.g.
// "reduced · 1 000 images · 10 epochs · batch 32 · lr 0.001 · seed 1337 ·
// ReLU · augmentation on"; "" before any Start.
func (l *Lab) RunSummary() string {
	u := l.Used
	if u.Preset == "" {
		return ""
	}
	epochs := itoa(u.Epochs) + " epochs"
	if u.Epochs == 1 {
		epochs = "1 epoch"
	}
	seeds := u.SeedList()
	seed := "seed " + strconv.FormatUint(seeds[0], 10)
	if len(seeds) > 1 {
		seed = "seeds " + strconv.FormatUint(seeds[0], 10) + "–" + strconv.FormatUint(seeds[len(seeds)-1], 10)
	}
	act := "ReLU"
	if u.Activation == "elu" {
		act = "ELU"
	}
	aug := "augmentation on"
	if !u.Augment {
		aug = "augmentation off"
	}
	parts := []string{u.Preset, Thousands(u.TrainSize) + " images", epochs, "batch " + itoa(u.Batch),
		"lr " + strconv.FormatFloat(u.LR, 'g', -1, 64), seed, act, aug}
	if u.ValLimit > 0 {
		parts = append(parts, "validated on "+Thousands(u.ValLimit)+" images")
	}
	return strings.Join(parts, " · ")
}
