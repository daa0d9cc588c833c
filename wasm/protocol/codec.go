package protocol

import (
	"fmt"
	"math"
)

// Encode turns a message into a Record. Integers become float64 (as they
// will be in JavaScript); slices are not copied.
func Encode(m Message) Record {
	r := Record{"type": m.Type()}
	switch m := m.(type) {
	case Start:
		c := m.Config
		r["config"] = Record{
			"variant": c.Variant, "preset": c.Preset, "activation": c.Activation,
			"epochs": float64(c.Epochs), "batch": float64(c.Batch), "lr": c.LR,
			"seed": float64(c.Seed), "augment": c.Augment, "previewN": float64(c.PreviewN),
			"stepLimit": float64(c.StepLimit),
		}
		r["trainImages"], r["trainLabels"] = m.Train.Images, m.Train.Labels
		r["valImages"], r["valLabels"] = m.Val.Images, m.Val.Labels
	case Status:
		r["state"] = m.State
	case Progress:
		r["epoch"], r["step"], r["steps"] = float64(m.Epoch), float64(m.Step), float64(m.Steps)
		r["firstStep"], r["losses"] = float64(m.FirstStep), m.Losses
		r["lr"], r["imagesPerSec"] = m.LR, m.ImagesPerSec
	case Epoch:
		r["epoch"] = float64(m.Epoch)
		r["trainLoss"], r["trainAcc"], r["valLoss"], r["valAcc"] = m.TrainLoss, m.TrainAcc, m.ValLoss, m.ValAcc
		r["lr"], r["seconds"], r["imagesPerSec"] = m.LR, m.Seconds, m.ImagesPerSec
		layers := make([]Record, len(m.Layers))
		for i, l := range m.Layers {
			layers[i] = Record{"name": l.Name, "weightNorm": l.WeightNorm, "actNorm": l.ActNorm}
		}
		r["layers"] = layers
		r["filters"] = m.Filters
		r["filterShape"] = []float64{float64(m.FilterShape[0]), float64(m.FilterShape[1]), float64(m.FilterShape[2]), float64(m.FilterShape[3])}
		r["probs"] = m.Probs
		r["diag"] = encodeDiag(m.Diag)
	case Notice:
		r["kind"], r["epoch"], r["lr"], r["err"] = m.Kind, float64(m.Epoch), m.LR, m.Err
		r["step"], r["steps"] = float64(m.Step), float64(m.Steps)
	case Failed:
		r["err"] = m.Err
	case BenchResult:
		r["variant"], r["preset"] = m.Variant, m.Preset
		r["steps"], r["warmupSteps"], r["images"] = float64(m.Steps), float64(m.WarmupSteps), float64(m.Images)
		r["seconds"] = m.Seconds
	}
	return r
}

// Decode turns a Record (as received from JavaScript) back into a message.
// It checks every field's presence and type and returns a clear error for a
// malformed record.
func Decode(r Record) (Message, error) {
	if r == nil {
		return nil, fmt.Errorf("protocol: empty message")
	}
	d := decoder{r: r}
	t := d.str("type")
	if d.err != nil {
		return nil, d.err
	}
	var m Message
	switch t {
	case TypeStart:
		cr := d.rec("config")
		c := decoder{r: cr, path: "config."}
		if d.err == nil {
			cfg := Config{
				Variant: c.str("variant"), Preset: c.str("preset"), Activation: c.str("activation"),
				Epochs: c.int("epochs"), Batch: c.int("batch"), LR: c.num("lr"),
				Seed: uint64(c.int("seed")), Augment: c.bool("augment"), PreviewN: c.int("previewN"),
				StepLimit: c.int("stepLimit"),
			}
			d.err = c.err
			m = Start{
				Config: cfg,
				Train:  Data{Images: d.bytes("trainImages"), Labels: d.bytes("trainLabels")},
				Val:    Data{Images: d.bytes("valImages"), Labels: d.bytes("valLabels")},
			}
		}
	case TypePause:
		m = Pause{}
	case TypeResume:
		m = Resume{}
	case TypeStop:
		m = Stop{}
	case TypeReady:
		m = Ready{}
	case TypeStatus:
		m = Status{State: d.str("state")}
	case TypeProgress:
		m = Progress{
			Epoch: d.int("epoch"), Step: d.int("step"), Steps: d.int("steps"),
			FirstStep: d.int("firstStep"), Losses: d.floats32("losses"),
			LR: d.num("lr"), ImagesPerSec: d.num("imagesPerSec"),
		}
	case TypeEpoch:
		e := Epoch{
			Epoch: d.int("epoch"), TrainLoss: d.num("trainLoss"), TrainAcc: d.num("trainAcc"),
			ValLoss: d.num("valLoss"), ValAcc: d.num("valAcc"), LR: d.num("lr"),
			Seconds: d.num("seconds"), ImagesPerSec: d.num("imagesPerSec"),
			Filters: d.floats32("filters"), Probs: d.floats32("probs"),
		}
		for i, lr := range d.recs("layers") {
			l := decoder{r: lr, path: fmt.Sprintf("layers[%d].", i)}
			e.Layers = append(e.Layers, LayerMetrics{Name: l.str("name"), WeightNorm: l.num("weightNorm"), ActNorm: l.num("actNorm")})
			if l.err != nil && d.err == nil {
				d.err = l.err
			}
		}
		e.Diag = decodeDiag(&d)
		shape := d.nums("filterShape")
		if d.err == nil && len(shape) != 4 {
			d.err = fmt.Errorf("protocol: epoch.filterShape has %d entries, want 4", len(shape))
		}
		if d.err == nil {
			n := 1
			for i, v := range shape {
				if v < 0 || v != math.Trunc(v) || v > 1<<20 {
					d.err = fmt.Errorf("protocol: epoch.filterShape[%d] = %v is not a size", i, v)
					break
				}
				e.FilterShape[i] = int(v)
				n *= int(v)
			}
			if d.err == nil && n != len(e.Filters) {
				d.err = fmt.Errorf("protocol: epoch.filters has %d values, shape %v needs %d", len(e.Filters), e.FilterShape, n)
			}
		}
		m = e
	case TypeNotice:
		m = Notice{Kind: d.str("kind"), Epoch: d.int("epoch"), Step: d.int("step"), Steps: d.int("steps"), LR: d.num("lr"), Err: d.str("err")}
	case TypeFailed:
		m = Failed{Err: d.str("err")}
	case TypeBench:
		m = BenchResult{
			Variant: d.str("variant"), Preset: d.str("preset"),
			Steps: d.int("steps"), WarmupSteps: d.int("warmupSteps"), Images: d.int("images"),
			Seconds: d.num("seconds"),
		}
	default:
		return nil, fmt.Errorf("protocol: unknown message type %q", t)
	}
	if d.err != nil {
		return nil, d.err
	}
	return m, nil
}

// encodeDiag encodes an epoch's diagnostics.
func encodeDiag(g Diagnostics) Record {
	layers := make([]Record, len(g.Layers))
	for i, l := range g.Layers {
		hist := l.CosHist
		if hist == nil {
			hist = []float64{}
		}
		layers[i] = Record{"name": l.Name, "inputNorm": l.InputNorm, "zeroInputs": l.ZeroInputs,
			"meanAbsCos": l.MeanAbsCos, "weightNorm": l.WeightNorm, "gain": l.Gain,
			"stepSize": l.StepSize, "stepAngle": l.StepAngle, "cosHist": hist}
	}
	return Record{"maxLogit": g.MaxLogit, "entropy": g.Entropy, "logitScale": g.LogitScale, "layers": layers}
}

// decodeDiag reads the "diag" field of an epoch record.
func decodeDiag(d *decoder) Diagnostics {
	r := d.rec("diag")
	if d.err != nil {
		return Diagnostics{}
	}
	g := decoder{r: r, path: "diag."}
	out := Diagnostics{MaxLogit: g.num("maxLogit"), Entropy: g.num("entropy"), LogitScale: g.num("logitScale")}
	for i, lr := range g.recs("layers") {
		l := decoder{r: lr, path: fmt.Sprintf("diag.layers[%d].", i)}
		out.Layers = append(out.Layers, LayerDiagnostics{
			Name: l.str("name"), InputNorm: l.num("inputNorm"), ZeroInputs: l.num("zeroInputs"),
			MeanAbsCos: l.num("meanAbsCos"), WeightNorm: l.num("weightNorm"), Gain: l.num("gain"),
			StepSize: l.num("stepSize"), StepAngle: l.num("stepAngle"), CosHist: l.nums("cosHist"),
		})
		if l.err != nil && g.err == nil {
			g.err = l.err
		}
	}
	if g.err != nil {
		d.err = g.err
	}
	return out
}

// decoder reads typed fields from a Record, keeping the first error.
type decoder struct {
	r    Record
	path string
	err  error
}

func (d *decoder) get(k, want string) (any, bool) {
	if d.err != nil {
		return nil, false
	}
	v, ok := d.r[k]
	if !ok || v == nil {
		d.err = fmt.Errorf("protocol: field %s%s is missing (want %s)", d.path, k, want)
		return nil, false
	}
	return v, true
}

func (d *decoder) fail(k, want string, v any) {
	d.err = fmt.Errorf("protocol: field %s%s is %T, want %s", d.path, k, v, want)
}

func (d *decoder) str(k string) string {
	v, ok := d.get(k, "string")
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		d.fail(k, "string", v)
	}
	return s
}

func (d *decoder) bool(k string) bool {
	v, ok := d.get(k, "bool")
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		d.fail(k, "bool", v)
	}
	return b
}

func (d *decoder) num(k string) float64 {
	v, ok := d.get(k, "number")
	if !ok {
		return 0
	}
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	}
	d.fail(k, "number", v)
	return 0
}

// int reads a number that must be a whole number in the safe-integer range.
func (d *decoder) int(k string) int {
	f := d.num(k)
	if d.err != nil {
		return 0
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		d.err = fmt.Errorf("protocol: field %s%s = %v is not a whole number", d.path, k, f)
		return 0
	}
	return int(f)
}

func (d *decoder) bytes(k string) []byte {
	v, ok := d.get(k, "Uint8Array")
	if !ok {
		return nil
	}
	b, ok := v.([]byte)
	if !ok {
		d.fail(k, "Uint8Array", v)
	}
	return b
}

func (d *decoder) floats32(k string) []float32 {
	v, ok := d.get(k, "Float32Array")
	if !ok {
		return nil
	}
	f, ok := v.([]float32)
	if !ok {
		d.fail(k, "Float32Array", v)
	}
	return f
}

func (d *decoder) nums(k string) []float64 {
	v, ok := d.get(k, "array of numbers")
	if !ok {
		return nil
	}
	switch x := v.(type) {
	case []float64:
		return x
	case []any:
		out := make([]float64, len(x))
		for i, e := range x {
			f, ok := e.(float64)
			if !ok {
				d.err = fmt.Errorf("protocol: field %s%s[%d] is %T, want number", d.path, k, i, e)
				return nil
			}
			out[i] = f
		}
		return out
	}
	d.fail(k, "array of numbers", v)
	return nil
}

func (d *decoder) rec(k string) Record {
	v, ok := d.get(k, "object")
	if !ok {
		return nil
	}
	r, ok := v.(Record)
	if !ok {
		d.fail(k, "object", v)
	}
	return r
}

func (d *decoder) recs(k string) []Record {
	v, ok := d.get(k, "array of objects")
	if !ok {
		return nil
	}
	switch x := v.(type) {
	case []Record:
		return x
	case []any:
		out := make([]Record, len(x))
		for i, e := range x {
			r, ok := e.(Record)
			if !ok {
				d.err = fmt.Errorf("protocol: field %s%s[%d] is %T, want object", d.path, k, i, e)
				return nil
			}
			out[i] = r
		}
		return out
	}
	d.fail(k, "array of objects", v)
	return nil
}
