package charts

import "github.com/vugu/vugu"

// Sparkline is a tiny axis-free trend line (one or more series) for tight
// spaces such as the narrow-screen dock. It is drawn at Width×Height CSS
// pixels, with a dot on each series' latest point, and labelled for screen
// readers with Label and the latest values.
//
//	<charts:Sparkline :Label="`norm_conv validation accuracy`" :YPercent="true"
//	    :YDomain="charts.Domain{Min: 0, Max: 1}" :Series="c.Spark(`norm_conv`)"></charts:Sparkline>
type Sparkline struct {
	// Label names what is shown, e.g. "validation accuracy".
	Label string
	// Series are the lines; usually one.
	Series []Series
	// YDomain fixes the vertical range when Valid; otherwise the data's.
	YDomain Domain
	// YPercent and YUnit format the latest values as in LineChart.
	YPercent bool
	YUnit    string
	// Width and Height in CSS pixels (defaults 96×24).
	Width, Height float64
	// MaxPoints caps the points drawn per series (default 120).
	MaxPoints int

	v sparkView
}

type sparkView struct {
	W, H, ViewBox string
	Paths         []pathView
	Dots          []dotView
	AriaLabel     string
}

// Compute lays the sparkline out before each build.
func (c *Sparkline) Compute(vugu.ComputeCtx) { c.v = layoutSpark(c) }

func (c *Sparkline) viewBoxAttr() vugu.VGAttributeLister {
	return vugu.VGAttributeListerFunc(func() []vugu.VGAttribute {
		return []vugu.VGAttribute{{Key: "viewBox", Val: c.v.ViewBox}}
	})
}

func layoutSpark(c *Sparkline) sparkView {
	w, h := c.Width, c.Height
	if !(w > 0) {
		w = 96
	}
	if !(h > 0) {
		h = 24
	}
	maxPts := c.MaxPoints
	if maxPts <= 0 {
		maxPts = 120
	}
	v := sparkView{W: fmtF(w), H: fmtF(h), ViewBox: "0 0 " + fmtF(w) + " " + fmtF(h)}
	drawn := make([][]Point, len(c.Series))
	var xd, yd Domain
	any := false
	for i, s := range c.Series {
		drawn[i] = Decimate(s.Points, maxPts)
		dx, okx := ExtentX(drawn[i])
		dy, oky := ExtentY(drawn[i])
		if !okx || !oky {
			continue
		}
		if !any {
			xd, yd, any = dx, dy, true
		} else {
			xd, yd = Union(xd, dx), Union(yd, dy)
		}
	}
	in := chartInput{YPercent: c.YPercent, YUnit: c.YUnit, XLabel: "epoch", Series: c.Series}
	label := c.Label
	if label == "" {
		label = "Trend"
	}
	if !any {
		v.AriaLabel = joinSentences(label, "no data yet")
		return v
	}
	if c.YDomain.Valid() {
		yd = c.YDomain
	} else if yd.Span() == 0 {
		yd = yd.Pad(0)
	}
	if xd.Span() == 0 {
		xd = xd.Pad(0)
	}
	const inset = 3.0 // room for the end dot and the stroke
	sx := NewLinear(xd, inset, w-inset)
	sy := NewLinear(yd, h-inset, inset)
	for i, s := range c.Series {
		v.Paths = append(v.Paths, pathView{Name: s.Name, D: PathD(drawn[i], sx, sy), Color: s.Color, Dash: dashAttr(s.Dashed)})
		for j := len(s.Points) - 1; j >= 0; j-- {
			p := s.Points[j]
			if finite(p.X) && finite(p.Y) {
				v.Dots = append(v.Dots, dotView{CX: fmtF(sx.Map(p.X)), CY: fmtF(clamp(sy.Map(p.Y), inset, h-inset)), Color: s.Color})
				break
			}
		}
	}
	v.AriaLabel = joinSentences(label, "Latest: "+latestSummary(in))
	return v
}
