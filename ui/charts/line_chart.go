package charts

import (
	"math"
	"time"

	"github.com/vugu/vugu"
	js "github.com/vugu/vugu/js"
)

// LineChart draws named series as lines over shared axes, with gridlines, a
// legend, event markers, a hover/keyboard read-out of every series at one x,
// and a text alternative (role="img", aria-label, <title>, <desc>).
//
// Its root element is <svg> with only a viewBox, so it fills its container's
// width; once rendered in a browser it measures that width and lays itself
// out for it, so text stays at its nominal size from 360 px to wide screens.
// Height is kept in CSS pixels.
//
// Use from a .vugu file (import "hypersphere/ui/charts" in its script):
//
//	<charts:LineChart :Title="`Validation accuracy: higher sooner means faster convergence`"
//	    :XLabel="`epoch`" :YLabel="`accuracy (%)`" :YPercent="true"
//	    :YDomain="charts.Domain{Min: 0, Max: 1}" :XDomain="charts.Domain{Min: 0, Max: 30}"
//	    :Series="c.AccSeries" :Markers="c.Markers" :Height="260"></charts:LineChart>
type LineChart struct {
	// Title says what to look for; it is drawn at the top (wrapped to the
	// width) and is the SVG <title>.
	Title string
	// XLabel and YLabel name the axes, with units, e.g. "loss (nats)".
	XLabel, YLabel string
	// Desc is an optional extra sentence for the <desc> text alternative.
	Desc string
	// EmptyText is shown while no series has a finite point; default
	// "Waiting for the first epoch…".
	EmptyText string
	// YPercent shows Y values (fractions) as percentages.
	YPercent bool
	// YUnit is appended to values in the read-out and text alternative
	// (ignored when YPercent is set), e.g. "nats".
	YUnit string
	// Series are the curves, drawn in order (later ones on top).
	Series []Series
	// Markers flag events (learning-rate drops, early stops, divergence).
	Markers []Marker
	// XDomain and YDomain fix an axis range when Valid (e.g. accuracy 0..1,
	// or the planned epochs); otherwise the range follows the data.
	XDomain, YDomain Domain
	// Width and Height are the layout size in CSS pixels before the chart
	// has measured itself (defaults 600×300). Height stays as given.
	Width, Height float64
	// MaxPoints caps the points drawn per series (default 500); longer
	// series are decimated, keeping minima, maxima and breaks.
	MaxPoints int

	hoverOn     bool
	hoverX      float64
	measuredW   float64
	lastMeasure time.Time
	env         vugu.EventEnv
	v           chartView
	geom        chartGeom
}

// Compute lays the chart out before each build.
func (c *LineChart) Compute(ctx vugu.ComputeCtx) {
	c.env = ctx.EventEnv()
	c.v, c.geom = layoutChart(c.input())
}

func (c *LineChart) input() chartInput {
	w := c.Width
	if c.measuredW > 0 {
		w = c.measuredW
	}
	return chartInput{
		Title: c.Title, XLabel: c.XLabel, YLabel: c.YLabel, Desc: c.Desc, EmptyText: c.EmptyText,
		YUnit: c.YUnit, YPercent: c.YPercent, Series: c.Series, Markers: c.Markers,
		XDomain: c.XDomain, YDomain: c.YDomain, W: w, H: c.Height, MaxPoints: c.MaxPoints,
		HoverOn: c.hoverOn, HoverX: c.hoverX,
	}
}

// viewBoxAttr returns the viewBox attribute with its case preserved (the
// template parser would lower-case a ":viewBox" binding).
func (c *LineChart) viewBoxAttr() vugu.VGAttributeLister {
	return vugu.VGAttributeListerFunc(func() []vugu.VGAttribute {
		return []vugu.VGAttribute{{Key: "viewBox", Val: c.v.ViewBox}}
	})
}

// HoverAt moves the read-out to the drawn x nearest to the position at
// fraction f (0 = left edge, 1 = right edge) across the plot area.
func (c *LineChart) HoverAt(f float64) {
	g := c.geom
	if !g.ok || len(g.xs) == 0 || !finite(f) {
		return
	}
	px := g.sx.R0 + clamp(f, 0, 1)*(g.sx.R1-g.sx.R0)
	c.hoverX = g.xs[nearestFloat(g.xs, g.sx.Invert(px))]
	c.hoverOn = true
}

// ClearHover hides the read-out.
func (c *LineChart) ClearHover() { c.hoverOn = false }

// Step moves the read-out by delta drawn x positions (keyboard use); from
// no read-out it starts at the latest x.
func (c *LineChart) Step(delta int) {
	xs := c.geom.xs
	if !c.geom.ok || len(xs) == 0 {
		return
	}
	if !c.hoverOn {
		c.hoverX, c.hoverOn = xs[len(xs)-1], true
		return
	}
	i := nearestFloat(xs, c.hoverX) + delta
	c.hoverX = xs[int(clamp(float64(i), 0, float64(len(xs)-1)))]
}

// Key handles a keyboard key name (KeyboardEvent.key) and reports whether
// it was used: ArrowLeft/ArrowRight step the read-out, Home/End jump to the
// first/last x, Escape hides it.
func (c *LineChart) Key(key string) bool {
	switch key {
	case "ArrowLeft":
		c.Step(-1)
	case "ArrowRight":
		c.Step(1)
	case "Home":
		c.Step(-math.MaxInt32)
	case "End":
		c.Step(math.MaxInt32)
	case "Escape":
		c.ClearHover()
	default:
		return false
	}
	return true
}

// onPointer handles mousemove and click on the plot overlay. The overlay's
// bounding box in CSS pixels gives the pointer's fraction across the plot,
// whatever the svg's scaling.
func (c *LineChart) onPointer(e vugu.DOMEvent) {
	t := e.JSEventCurrentTarget()
	if !t.Truthy() {
		return
	}
	r := t.Call("getBoundingClientRect")
	w := r.Get("width").Float()
	if !(w > 0) {
		return
	}
	c.HoverAt((e.PropFloat64("clientX") - r.Get("left").Float()) / w)
}

func (c *LineChart) onLeave(vugu.DOMEvent) { c.ClearHover() }

func (c *LineChart) onKey(e vugu.DOMEvent) {
	if c.Key(e.PropString("key")) {
		e.PreventDefault()
	}
}

// measure runs after each render with the root <svg>: when its rendered
// width differs from the layout width, it relayouts at that width (at most
// four times a second, so a pathological container cannot loop fast).
func (c *LineChart) measure(value js.Value) {
	if !value.Truthy() || c.env == nil {
		return
	}
	w := value.Call("getBoundingClientRect").Get("width").Float()
	cur := c.Width
	if c.measuredW > 0 {
		cur = c.measuredW
	}
	if cur <= 0 {
		cur = 600
	}
	if !(w >= 120) || math.Abs(w-cur) < 4 || time.Since(c.lastMeasure) < 250*time.Millisecond {
		return
	}
	c.lastMeasure = time.Now()
	c.measuredW = math.Round(w)
	env := c.env
	go func() { env.Lock(); env.UnlockRender() }()
}
