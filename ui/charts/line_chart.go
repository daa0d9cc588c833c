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
	pendingW    float64 // width reported by the observer, not yet applied
	applyQueued bool
	lastMeasure time.Time
	id          int // the element's number for the resize observer
	lastIn      chartInput
	laidOut     bool
	env         vugu.EventEnv
	v           chartView
	geom        chartGeom
}

// Compute lays the chart out before each build, unless nothing it draws
// has changed since the last layout: the page re-renders for every click
// anywhere, and a chart whose series, markers, size and read-out are the
// same keeps its layout. Series are compared by identity (the same slices,
// same lengths), so callers must pass new slices, not edit old ones in
// place, to change a curve.
func (c *LineChart) Compute(ctx vugu.ComputeCtx) {
	if ctx != nil {
		c.env = ctx.EventEnv()
	}
	in := c.input()
	if c.laidOut && sameInput(&c.lastIn, &in) {
		return
	}
	c.v, c.geom = layoutChart(in)
	c.lastIn, c.laidOut = in, true
}

// sameInput reports whether two layouts would be identical: equal scalars,
// and series and markers that are the very same slices.
func sameInput(a, b *chartInput) bool {
	if a.Title != b.Title || a.XLabel != b.XLabel || a.YLabel != b.YLabel || a.Desc != b.Desc ||
		a.EmptyText != b.EmptyText || a.YUnit != b.YUnit || a.YPercent != b.YPercent ||
		a.XDomain != b.XDomain || a.YDomain != b.YDomain || a.W != b.W || a.H != b.H ||
		a.MaxPoints != b.MaxPoints || a.HoverOn != b.HoverOn || (a.HoverOn && a.HoverX != b.HoverX) ||
		len(a.Series) != len(b.Series) || !sameSlice(a.Markers, b.Markers) {
		return false
	}
	for i := range a.Series {
		x, y := &a.Series[i], &b.Series[i]
		if x.Name != y.Name || x.Color != y.Color || x.Dashed != y.Dashed ||
			!sameSlice(x.Points, y.Points) || !sameSlice(x.Band, y.Band) {
			return false
		}
	}
	return true
}

// sameSlice reports whether a and b are the same slice: same length and,
// when not empty, the same first element in memory.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
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

// measure runs after each render with the root <svg>. It never reads the
// layout itself (getBoundingClientRect on every render forced a layout per
// chart per render): the first time it sees an element it asks a shared
// ResizeObserver to watch it, and the observer reports the width when the
// chart first appears and whenever its box changes (window resizes, a
// column appearing). Reading one property of the element is all it costs
// afterwards.
func (c *LineChart) measure(value js.Value) {
	if !value.Truthy() || c.env == nil {
		return
	}
	if c.id == 0 {
		nextChartID++
		c.id = nextChartID
	}
	if value.Get("__hsChart").Truthy() && value.Get("__hsChart").Int() == c.id {
		return // already observed
	}
	value.Set("__hsChart", c.id)
	observed[c.id] = c
	obs := resizeObserver()
	if obs.Truthy() {
		// Observing afresh (a new chart on a reused element) makes the
		// observer report the current size at once.
		obs.Call("unobserve", value)
		obs.Call("observe", value)
	}
}

// nextChartID numbers the charts for the resize observer; observed maps
// the numbers to the charts. Both are touched only on the page's one
// thread (render and observer callbacks).
var (
	nextChartID int
	observed    = map[int]*LineChart{}
	resizeObs   js.Value
)

// resizeObserver returns the shared ResizeObserver, creating it on first
// use (a zero Value where the browser has none).
func resizeObserver() js.Value {
	if resizeObs.Truthy() {
		return resizeObs
	}
	ctor := js.Global().Get("ResizeObserver")
	if !ctor.Truthy() {
		return js.Value{}
	}
	resizeObs = ctor.New(js.FuncOf(func(_ js.Value, args []js.Value) any {
		entries := args[0]
		for i := 0; i < entries.Length(); i++ {
			e := entries.Index(i)
			id := e.Get("target").Get("__hsChart")
			if !id.Truthy() {
				continue
			}
			if c := observed[id.Int()]; c != nil {
				c.resized(e.Get("contentRect").Get("width").Float())
			}
		}
		return nil
	}))
	return resizeObs
}

// resized lays the chart out for the rendered width w (CSS pixels), at
// most four times a second, so a container whose width depends on the
// chart's height cannot make it loop fast.
func (c *LineChart) resized(w float64) {
	cur := c.Width
	if c.measuredW > 0 {
		cur = c.measuredW
	}
	if cur <= 0 {
		cur = 600
	}
	if !(w >= 120) || math.Abs(w-cur) < 4 {
		return
	}
	c.pendingW = math.Round(w)
	if c.applyQueued {
		return
	}
	c.applyQueued = true
	wait := 250*time.Millisecond - time.Since(c.lastMeasure)
	env := c.env
	go func() {
		if wait > 0 {
			time.Sleep(wait)
		}
		env.Lock()
		c.measuredW, c.applyQueued, c.lastMeasure = c.pendingW, false, time.Now()
		env.UnlockRender()
	}()
}
