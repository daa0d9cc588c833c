package charts

import (
	"math"
	"strings"

	"github.com/vugu/vugu"
)

// Bar is one labelled value of a Bars chart.
type Bar struct {
	// Label names the bar, e.g. a CIFAR-10 class "cat".
	Label string
	// Value is a probability in [0, 1]; it is clamped, and a non-finite
	// value draws no bar and reads "—".
	Value float64
	// Highlight marks the bar (e.g. the true class): bold label, HighlightColor.
	Highlight bool
}

// Bars draws horizontal probability bars with their labels and percentages,
// e.g. a network's softmax output for one image. The viewBox is Width wide
// and scales to its container.
//
//	<charts:Bars :Title="`Prediction for this image`" :Items="c.Probs"></charts:Bars>
type Bars struct {
	// Title is the text alternative's lead sentence (not drawn).
	Title string
	// Items are drawn top to bottom in the given order.
	Items []Bar
	// Color and HighlightColor fill normal and highlighted bars (defaults
	// #0072B2 and #D55E00).
	Color, HighlightColor string
	// Width of the viewBox in CSS pixels (default 320).
	Width float64

	v barsView
}

type barRow struct {
	Label, Value     textView
	Bar, Track       rectView
	Fill, LabelClass string
	Weight           string
}

type barsView struct {
	ViewBox   string
	Rows      []barRow
	AriaLabel string
}

// Compute lays the bars out before each build.
func (c *Bars) Compute(vugu.ComputeCtx) { c.v = layoutBars(c) }

func (c *Bars) viewBoxAttr() vugu.VGAttributeLister {
	return vugu.VGAttributeListerFunc(func() []vugu.VGAttribute {
		return []vugu.VGAttribute{{Key: "viewBox", Val: c.v.ViewBox}}
	})
}

func layoutBars(c *Bars) barsView {
	w := c.Width
	if !(w > 0) {
		w = 320
	}
	color, hi := c.Color, c.HighlightColor
	if color == "" {
		color = "#0072B2"
	}
	if hi == "" {
		hi = "#D55E00"
	}
	const rowH, barH, valueW = 20.0, 13.0, 46.0
	labelW := 0.0
	for _, it := range c.Items {
		labelW = math.Max(labelW, textW(it.Label, fontLabel))
	}
	x0 := labelW + 8
	barMax := math.Max(w-x0-valueW, 20)
	var v barsView
	var parts []string
	for i, it := range c.Items {
		y := float64(i) * rowH
		val := "—"
		frac := 0.0
		if finite(it.Value) {
			frac = clamp(it.Value, 0, 1)
			val = FormatSig(frac*100, 3) + "%"
		}
		r := barRow{
			Label:  textView{X: fmtF(x0 - 6), Y: fmtF(y + rowH/2 + 4), Text: it.Label, Anchor: "end"},
			Value:  textView{X: fmtF(x0 + barMax + 6), Y: fmtF(y + rowH/2 + 4), Text: val, Anchor: "start"},
			Track:  rectView{fmtF(x0), fmtF(y + (rowH-barH)/2), fmtF(barMax), fmtF(barH)},
			Bar:    rectView{fmtF(x0), fmtF(y + (rowH-barH)/2), fmtF(frac * barMax), fmtF(barH)},
			Fill:   color,
			Weight: "400",
		}
		note := ""
		if it.Highlight {
			r.Fill, r.Weight = hi, "700"
			note = " (marked)"
		}
		v.Rows = append(v.Rows, r)
		parts = append(parts, it.Label+" "+val+note)
	}
	h := math.Max(float64(len(c.Items))*rowH, rowH)
	v.ViewBox = "0 0 " + fmtF(w) + " " + fmtF(h)
	if len(parts) == 0 {
		v.AriaLabel = joinSentences(c.Title, "No values yet")
	} else {
		v.AriaLabel = joinSentences(c.Title, strings.Join(parts, ", "))
	}
	return v
}
