package charts

// Series is one named curve of a chart.
type Series struct {
	// Name identifies the curve in the legend and read-out, e.g. "norm_conv".
	Name string
	// Color is any SVG colour, e.g. "#0072B2" (see VariantColor).
	Color string
	// Dashed draws the line dashed, the second cue besides colour.
	Dashed bool
	// Points are the samples sorted by X. A non-finite Y breaks the line.
	Points []Point
	// Band, when set, is a shaded range drawn under the line in the same
	// colour, translucent: e.g. the min–max over seeds around their mean.
	// Sorted by X; a non-finite bound breaks the band.
	Band []BandPoint
}

// BandPoint is the range Lo..Hi of a band at X.
type BandPoint struct {
	X, Lo, Hi float64
}

// Marker kinds understood by LineChart; each has its own glyph.
const (
	MarkerLRDrop    = "lr_drop"    // learning rate lowered: a downward triangle
	MarkerEarlyStop = "early_stop" // training stopped early: a square
	MarkerDiverged  = "diverged"   // the loss became NaN/Inf: a cross
)

// Marker flags an event at X on one series' curve.
type Marker struct {
	// X is the position of the event, in data units (e.g. epoch).
	X float64
	// Series is the Name of the curve the glyph sits on; when empty or
	// unknown the glyph sits on the x axis.
	Series string
	// Label is the text shown as the glyph's tooltip and in the text
	// alternative, e.g. "learning rate ÷10".
	Label string
	// Color overrides the glyph colour; the default is the series colour.
	Color string
	// Kind is one of MarkerLRDrop, MarkerEarlyStop, MarkerDiverged.
	Kind string
}

// VariantColor returns the project's colour for a model variant name
// (Okabe–Ito palette, see design.md) and whether it is drawn dashed (the
// second cue besides colour). The experiment's four and the engine's
// further variants have fixed colours: the papers' variants take the
// further colours, and the fourth of them, which has none left, shares the
// cosine family's sky blue, dashed. Unknown names get the further colours
// in turn, by index i.
func VariantColor(name string, i int) (color string, dashed bool) {
	switch name {
	case "baseline":
		return "#555555", true
	case "norm_conv":
		return "#0072B2", false
	case "norm_dense":
		return "#E69F00", false
	case "norm_conv_dense":
		return "#009E73", false
	case "gain_conv_dense":
		return "#CC79A7", false
	case "norm_conv_dense_scaled":
		return "#D55E00", false
	case "cosine_conv":
		return "#56B4E9", false
	case "cosine_conv_dense_scaled":
		return "#56B4E9", true
	}
	extra := []string{"#CC79A7", "#D55E00", "#56B4E9"}
	if i < 0 {
		i = -i
	}
	return extra[i%len(extra)], false
}

// dashPattern is the stroke-dasharray of dashed series.
const dashPattern = "6 4"

func dashAttr(dashed bool) *string {
	if !dashed {
		return nil
	}
	s := dashPattern
	return &s
}
