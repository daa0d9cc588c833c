package charts

import (
	"math"
	"strings"
)

// Sizes in viewBox units. LineChart sets its viewBox width to the rendered
// width once measured, so these are CSS pixels on screen.
const (
	fontTick   = 11.0
	fontLabel  = 12.0
	fontTitle  = 13.0
	charWidth  = 0.6 // average glyph advance, in em, slightly generous
	edgePad    = 8.0
	lineGap    = 16.0
	readoutRow = 15.0
	minPlotH   = 90.0
)

func textW(s string, font float64) float64 {
	return float64(len([]rune(s))) * font * charWidth
}

// wrapWords splits s into lines of at most maxChars runes at spaces (a
// single longer word stays whole).
func wrapWords(s string, maxChars int) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return nil
	}
	if maxChars < 8 {
		maxChars = 8
	}
	var lines []string
	cur := words[0]
	for _, w := range words[1:] {
		if len([]rune(cur))+1+len([]rune(w)) > maxChars {
			lines = append(lines, cur)
			cur = w
			continue
		}
		cur += " " + w
	}
	return append(lines, cur)
}

// textView is one positioned text element.
type textView struct {
	X, Y      string
	Text      string
	Anchor    string // text-anchor
	Transform *string
}

// lineView is one straight segment.
type lineView struct{ X1, Y1, X2, Y2 string }

// rectView is one rectangle.
type rectView struct{ X, Y, W, H string }

// tickView is one tick: its gridline and label.
type tickView struct {
	Grid  lineView
	Label textView
}

// pathView is one series' line.
type pathView struct {
	Name, D, Color string
	Dash           *string
}

// bandView is one series' shaded band.
type bandView struct {
	Name, D, Color string
}

// legendView is one legend entry: a swatch line (or a marker glyph) and text.
type legendView struct {
	Swatch      lineView
	Color       string
	Dash        *string
	Glyph       string // path d of a marker glyph, "" for a series swatch
	GlyphFill   string
	GlyphStroke string
	Text        textView
}

// markerView is one marker glyph with its stem and tooltip.
type markerView struct {
	Stem, Glyph string // path d attributes
	Fill        string
	Stroke      string
	Kind        string
	Title       string
}

// dotView is a circle on a curve at the read-out position.
type dotView struct{ CX, CY, Color string }

// readoutLine is one row of the read-out box; Swatch is nil for the header.
type readoutLine struct {
	Swatch *lineView
	Color  string
	Dash   *string
	Text   textView
}

// readoutView is the hover/keyboard read-out: rule, dots and the value box.
type readoutView struct {
	Rule  lineView
	Dots  []dotView
	Box   rectView
	Lines []readoutLine
}

// chartView is everything the LineChart template draws, with every number
// already formatted.
type chartView struct {
	ViewBox   string
	Empty     bool
	EmptyText textView
	Title     []textView
	Frame     rectView // the plot area
	XTicks    []tickView
	YTicks    []tickView
	XAxis     lineView
	YAxis     lineView
	XLabel    textView
	YLabel    textView
	Paths     []pathView
	Points    []dotView // isolated points, drawn as small circles
	Bands     []bandView
	Legend    []legendView
	Markers   []markerView
	Readout   *readoutView
	TitleText string
	Desc      string
	AriaLabel string
}

// chartGeom keeps what the event handlers need to map a pointer position
// back to data: the scales and the snap positions of the last layout.
type chartGeom struct {
	sx, sy Linear
	xs     []float64 // sorted unique X of all drawn points
	ok     bool
}

// chartInput is what layoutChart needs from a LineChart.
type chartInput struct {
	Title, XLabel, YLabel, Desc, EmptyText string
	YUnit                                  string
	YPercent                               bool
	Series                                 []Series
	Markers                                []Marker
	XDomain, YDomain                       Domain
	W, H                                   float64
	MaxPoints                              int
	HoverOn                                bool
	HoverX                                 float64
}

// formatY formats a y value for the read-out and text alternative.
func (in *chartInput) formatY(v float64) string {
	if !finite(v) {
		return "diverged"
	}
	if in.YPercent {
		return FormatSig(v*100, 3) + "%"
	}
	if in.YUnit != "" {
		return FormatSig(v, 3) + " " + in.YUnit
	}
	return FormatSig(v, 3)
}

// xName is the x label without a trailing "(unit)", e.g. "epoch".
func xName(label string) string {
	if i := strings.LastIndex(label, " ("); i > 0 && strings.HasSuffix(label, ")") {
		return label[:i]
	}
	if label == "" {
		return "x"
	}
	return label
}

// layoutChart computes the full view of a line chart.
func layoutChart(in chartInput) (chartView, chartGeom) {
	var v chartView
	var g chartGeom
	W, H := in.W, in.H
	if !(W > 0) {
		W = 600
	}
	if !(H > 0) {
		H = 300
	}
	maxPts := in.MaxPoints
	if maxPts <= 0 {
		maxPts = 500
	}
	emptyText := in.EmptyText
	if emptyText == "" {
		emptyText = "Waiting for the first epoch…"
	}
	v.TitleText = in.Title

	// Decimated copies for drawing; raw points stay for exact read-outs.
	drawn := make([][]Point, len(in.Series))
	var xd, yd Domain
	any := false
	for i, s := range in.Series {
		drawn[i] = Decimate(s.Points, maxPts)
		dx, okx := ExtentX(drawn[i])
		dy, oky := ExtentY(drawn[i])
		if !okx || !oky {
			continue
		}
		if bd, ok := bandExtent(s.Band); ok {
			dy = Union(dy, bd)
		}
		if !any {
			xd, yd, any = dx, dy, true
		} else {
			xd, yd = Union(xd, dx), Union(yd, dy)
		}
	}

	// Title, wrapped to the width.
	y := edgePad
	maxChars := int((W - 2*edgePad) / (fontTitle * charWidth))
	for _, line := range wrapWords(in.Title, maxChars) {
		y += lineGap
		v.Title = append(v.Title, textView{X: fmtF(edgePad), Y: fmtF(y - 4), Text: line, Anchor: "start"})
	}

	// Legend: series, then the glyph key of marker kinds present.
	type entry struct {
		s     *Series
		kind  string
		label string
	}
	var entries []entry
	for i := range in.Series {
		entries = append(entries, entry{s: &in.Series[i], label: in.Series[i].Name})
	}
	for _, k := range []struct{ kind, label string }{
		{MarkerLRDrop, "lr drop"}, {MarkerEarlyStop, "early stop"}, {MarkerDiverged, "diverged"},
	} {
		for _, m := range in.Markers {
			if m.Kind == k.kind {
				entries = append(entries, entry{kind: k.kind, label: k.label})
				break
			}
		}
	}
	if len(entries) > 0 && !(len(entries) == 1 && entries[0].s != nil && entries[0].label == "") {
		x := edgePad
		y += lineGap
		for _, e := range entries {
			w := 20 + 5 + textW(e.label, fontLabel)
			if x > edgePad && x+w > W-edgePad {
				x = edgePad
				y += lineGap
			}
			cy := y - 4
			lv := legendView{
				Swatch: lineView{fmtF(x), fmtF(cy), fmtF(x + 20), fmtF(cy)},
				Text:   textView{X: fmtF(x + 25), Y: fmtF(y), Text: e.label, Anchor: "start"},
			}
			if e.s != nil {
				lv.Color = e.s.Color
				lv.Dash = dashAttr(e.s.Dashed)
			} else {
				lv.Color = "#333333"
				lv.Glyph, lv.GlyphFill, lv.GlyphStroke = glyph(e.kind, x+10, cy, lv.Color)
			}
			v.Legend = append(v.Legend, lv)
			x += w + 14
		}
	}
	top := y + 18 // room for marker glyphs above the curves
	const bottomM = edgePad + fontTick + 6 + fontLabel + 8

	if !any {
		v.Empty = true
		if H-top-edgePad < 60 {
			H = top + 60 + edgePad
		}
		v.Frame = rectView{fmtF(edgePad), fmtF(top), fmtF(W - 2*edgePad), fmtF(H - top - edgePad)}
		v.EmptyText = textView{X: fmtF(W / 2), Y: fmtF(top + (H-top-edgePad)/2 + 4), Text: emptyText, Anchor: "middle"}
		v.ViewBox = "0 0 " + fmtF(W) + " " + fmtF(H)
		v.AriaLabel = joinSentences(in.Title, emptyText)
		v.Desc = joinSentences(in.Desc, emptyText)
		return v, g
	}

	plotH := H - top - bottomM
	if plotH < minPlotH {
		plotH = minPlotH
		H = top + plotH + bottomM
	}
	bottom := top + plotH

	// Y scale and ticks.
	yCount := int(clamp(math.Floor(plotH/25), 3, 8))
	var yt []float64
	var ystep float64
	if in.YDomain.Valid() {
		yd = in.YDomain
		yt, ystep = Ticks(yd, yCount)
	} else {
		padded := yd.Pad(0.04)
		if yd.Min >= 0 && padded.Min < 0 {
			// a quantity that is never negative gets no negative ticks
			padded.Min = 0
		}
		ystep = NiceStep(padded.Span() / float64(yCount))
		yd = NiceDomain(padded, yCount)
		yt = TicksEvery(yd, ystep)
	}
	ylabels := make([]string, len(yt))
	labelW := 0.0
	for i, t := range yt {
		if in.YPercent {
			ylabels[i] = FormatTick(t*100, ystep*100) + "%"
		} else {
			ylabels[i] = FormatTick(t, ystep)
		}
		labelW = math.Max(labelW, textW(ylabels[i], fontTick))
	}
	left := edgePad + fontLabel + 6 + labelW + 6
	if in.YLabel == "" {
		left = edgePad + labelW + 6
	}
	right := W - edgePad - 6
	if right-left < 60 {
		right = left + 60
		W = right + edgePad + 6
	}
	plotW := right - left
	sy := NewLinear(yd, bottom, top)

	// X scale and ticks: fewer ticks until their labels fit side by side.
	if in.XDomain.Valid() {
		xd = in.XDomain
	} else if xd.Span() == 0 {
		xd = xd.Pad(0)
	}
	sx := NewLinear(xd, left, right)
	var xt []float64
	var xstep float64
	var xlabels []string
	intX := allIntegerX(drawn)
	for n := int(clamp(math.Floor(plotW/64), 2, 10)); n >= 1; n-- {
		xt, xstep = Ticks(xd, n)
		if intX && xstep < 1 {
			// per-epoch data: no ticks between epochs
			xstep = 1
			xt = TicksEvery(xd, 1)
		}
		xlabels = xlabels[:0]
		widest := 0.0
		for _, t := range xt {
			l := FormatTick(t, xstep)
			xlabels = append(xlabels, l)
			widest = math.Max(widest, textW(l, fontTick))
		}
		if float64(len(xt))*(widest+10) <= plotW || n == 1 {
			break
		}
	}

	for i, t := range yt {
		py := sy.Map(t)
		v.YTicks = append(v.YTicks, tickView{
			Grid:  lineView{fmtF(left), fmtF(py), fmtF(right), fmtF(py)},
			Label: textView{X: fmtF(left - 5), Y: fmtF(py + fontTick*0.35), Text: ylabels[i], Anchor: "end"},
		})
	}
	for i, t := range xt {
		px := sx.Map(t)
		v.XTicks = append(v.XTicks, tickView{
			Grid:  lineView{fmtF(px), fmtF(top), fmtF(px), fmtF(bottom)},
			Label: textView{X: fmtF(px), Y: fmtF(bottom + 4 + fontTick), Text: xlabels[i], Anchor: "middle"},
		})
	}
	v.Frame = rectView{fmtF(left), fmtF(top), fmtF(plotW), fmtF(plotH)}
	v.XAxis = lineView{fmtF(left), fmtF(bottom), fmtF(right), fmtF(bottom)}
	v.YAxis = lineView{fmtF(left), fmtF(top), fmtF(left), fmtF(bottom)}
	v.XLabel = textView{X: fmtF(left + plotW/2), Y: fmtF(H - edgePad), Text: in.XLabel, Anchor: "middle"}
	ylx, yly := edgePad+fontLabel-2, top+plotH/2
	rot := "rotate(-90 " + fmtF(ylx) + " " + fmtF(yly) + ")"
	v.YLabel = textView{X: fmtF(ylx), Y: fmtF(yly), Text: in.YLabel, Anchor: "middle", Transform: &rot}

	for i, s := range in.Series {
		v.Paths = append(v.Paths, pathView{Name: s.Name, D: PathD(drawn[i], sx, sy), Color: s.Color, Dash: dashAttr(s.Dashed)})
		for _, p := range isolatedPoints(drawn[i]) {
			px, py := sx.Map(p.X), clamp(sy.Map(p.Y), top, bottom)
			if !finite(px) || !finite(py) || px < left-0.5 || px > right+0.5 {
				continue
			}
			v.Points = append(v.Points, dotView{CX: fmtF(px), CY: fmtF(py), Color: s.Color})
		}
		if d := BandD(s.Band, sx, sy); d != "" {
			v.Bands = append(v.Bands, bandView{Name: s.Name, D: d, Color: s.Color})
		}
	}

	// Markers on their series' curves.
	for _, m := range in.Markers {
		if !finite(m.X) {
			continue
		}
		px := sx.Map(m.X)
		if px < left-0.5 || px > right+0.5 {
			continue
		}
		color := m.Color
		py := bottom
		onCurve := false
		for _, s := range in.Series {
			if s.Name != m.Series || m.Series == "" {
				continue
			}
			if color == "" {
				color = s.Color
			}
			if yv, ok := lastFiniteAtOrBefore(s.Points, m.X); ok {
				py = clamp(sy.Map(yv), top, bottom)
				onCurve = true
			}
			break
		}
		if color == "" {
			color = "#333333"
		}
		// Glyph above the point on a stem; hang it below when the point is
		// too close to the top. Off-curve markers sit on the x axis.
		stem := "M" + fmtF(px) + "," + fmtF(py-3) + "V" + fmtF(py-11)
		gy := py - 15
		if onCurve && py < top+8 {
			stem = "M" + fmtF(px) + "," + fmtF(py+3) + "V" + fmtF(py+11)
			gy = py + 15
		}
		d, fill, stroke := glyph(m.Kind, px, gy, color)
		title := m.Label
		if title == "" {
			title = strings.ReplaceAll(m.Kind, "_", " ")
		}
		title += " (" + xName(in.XLabel) + " " + FormatShort(m.X, 3) + ")"
		v.Markers = append(v.Markers, markerView{Stem: stem, Glyph: d, Fill: fill, Stroke: stroke, Kind: m.Kind, Title: title})
	}

	v.ViewBox = "0 0 " + fmtF(W) + " " + fmtF(H)
	g = chartGeom{sx: sx, sy: sy, xs: UniqueXs(drawn), ok: true}

	// Text alternative.
	latest := latestSummary(in)
	v.AriaLabel = joinSentences(in.Title, "Latest: "+latest)
	desc := []string{in.Desc}
	desc = append(desc, axisSentence("Horizontal axis", in.XLabel, FormatShort(xd.Min, 3), FormatShort(xd.Max, 3)))
	ylo, yhi := FormatShort(yd.Min, 3), FormatShort(yd.Max, 3)
	if in.YPercent {
		ylo, yhi = FormatShort(yd.Min*100, 3)+"%", FormatShort(yd.Max*100, 3)+"%"
	}
	desc = append(desc, axisSentence("Vertical axis", in.YLabel, ylo, yhi))
	desc = append(desc, "Latest values: "+latest)
	for _, m := range v.Markers {
		desc = append(desc, "Marker: "+m.Title)
	}
	v.Desc = joinSentences(desc...)

	if in.HoverOn && len(g.xs) > 0 {
		r := readout(in, g, top, bottom, left, right)
		v.Readout = &r
		parts := []string{}
		for _, l := range r.Lines {
			parts = append(parts, l.Text.Text)
		}
		v.AriaLabel = joinSentences(v.AriaLabel, "Selected: "+strings.Join(parts, ", "))
	}
	return v, g
}

// readout builds the rule, dots and value box at the hovered x, snapped to
// the nearest drawn x.
func readout(in chartInput, g chartGeom, top, bottom, left, right float64) readoutView {
	x := g.xs[nearestFloat(g.xs, in.HoverX)]
	px := g.sx.Map(x)
	r := readoutView{Rule: lineView{fmtF(px), fmtF(top), fmtF(px), fmtF(bottom)}}
	header := xName(in.XLabel) + " " + FormatShort(x, 3)
	type row struct {
		s    *Series
		text string
	}
	rows := []row{{text: header}}
	widest := textW(header, fontLabel)
	var dotYs []float64
	for i := range in.Series {
		s := &in.Series[i]
		tol := meanStep(s.Points)/2 + 1e-9*math.Max(1, math.Abs(x))
		val := "—"
		if yv, ok := NearestValue(s.Points, x, tol); ok {
			val = in.formatY(yv)
			if lo, hi, ok := bandAt(s.Band, x, tol); ok && finite(yv) {
				val += " (" + in.formatY(lo) + " – " + in.formatY(hi) + ")"
			}
			if finite(yv) {
				j := NearestIndex(s.Points, x)
				cy := clamp(g.sy.Map(yv), top, bottom)
				dotYs = append(dotYs, cy)
				r.Dots = append(r.Dots, dotView{
					CX:    fmtF(g.sx.Map(s.Points[j].X)),
					CY:    fmtF(cy),
					Color: s.Color,
				})
			}
		}
		t := s.Name + ": " + val
		rows = append(rows, row{s: s, text: t})
		widest = math.Max(widest, 16+textW(t, fontLabel))
	}
	bw := widest + 16
	bh := float64(len(rows))*readoutRow + 10
	bx := px + 10
	if bx+bw > right {
		bx = px - 10 - bw
	}
	if bx < left+2 {
		bx = left + 2
	}
	// Top of the plot unless that hides more of the hovered values than
	// the bottom would.
	by := top + 4
	if byLow := bottom - 4 - bh; byLow > by && covered(dotYs, by, bh) > covered(dotYs, byLow, bh) {
		by = byLow
	}
	r.Box = rectView{fmtF(bx), fmtF(by), fmtF(bw), fmtF(bh)}
	for i, rw := range rows {
		base := by + 6 + fontLabel + float64(i)*readoutRow
		l := readoutLine{Text: textView{X: fmtF(bx + 8), Y: fmtF(base), Text: rw.text, Anchor: "start"}}
		if rw.s != nil {
			l.Text.X = fmtF(bx + 24)
			sw := lineView{fmtF(bx + 8), fmtF(base - 4), fmtF(bx + 20), fmtF(base - 4)}
			l.Swatch = &sw
			l.Color = rw.s.Color
			l.Dash = dashAttr(rw.s.Dashed)
		}
		r.Lines = append(r.Lines, l)
	}
	return r
}

// glyph returns the path d, fill and stroke of a marker glyph centred at
// (x, y).
func glyph(kind string, x, y float64, color string) (d, fill, stroke string) {
	p := func(dx, dy float64) string { return fmtF(x+dx) + "," + fmtF(y+dy) }
	switch kind {
	case MarkerLRDrop:
		return "M" + p(-4.5, -3.5) + "L" + p(4.5, -3.5) + "L" + p(0, 4) + "Z", color, color
	case MarkerEarlyStop:
		return "M" + p(-3.5, -3.5) + "L" + p(3.5, -3.5) + "L" + p(3.5, 3.5) + "L" + p(-3.5, 3.5) + "Z", color, color
	case MarkerDiverged:
		return "M" + p(-4, -4) + "L" + p(4, 4) + "M" + p(4, -4) + "L" + p(-4, 4), "none", color
	}
	return "M" + p(0, -4.5) + "L" + p(4.5, 0) + "L" + p(0, 4.5) + "L" + p(-4.5, 0) + "Z", color, color
}

// lastFiniteAtOrBefore returns the Y of the last finite point with X ≤ x
// (the value a diverged run last had), or the first finite one after x if
// there is none before.
func lastFiniteAtOrBefore(pts []Point, x float64) (float64, bool) {
	i := NearestIndex(pts, x)
	if i < 0 {
		return 0, false
	}
	if pts[i].X > x && i > 0 {
		i--
	}
	for j := i; j >= 0; j-- {
		if finite(pts[j].Y) {
			return pts[j].Y, true
		}
	}
	for j := i + 1; j < len(pts); j++ {
		if finite(pts[j].Y) {
			return pts[j].Y, true
		}
	}
	return 0, false
}

// latestSummary lists each series' most recent value, e.g.
// "baseline 41.2% at epoch 7, norm_conv diverged after epoch 3".
func latestSummary(in chartInput) string {
	var parts []string
	xn := xName(in.XLabel)
	for _, s := range in.Series {
		n := len(s.Points)
		switch {
		case n == 0:
			parts = append(parts, s.Name+" no data yet")
		case !finite(s.Points[n-1].Y):
			j := n - 1
			for j >= 0 && !finite(s.Points[j].Y) {
				j--
			}
			if j < 0 {
				parts = append(parts, s.Name+" diverged")
			} else {
				parts = append(parts, s.Name+" diverged after "+xn+" "+FormatShort(s.Points[j].X, 3))
			}
		default:
			p := s.Points[n-1]
			parts = append(parts, s.Name+" "+in.formatY(p.Y)+" at "+xn+" "+FormatShort(p.X, 3))
		}
	}
	if len(parts) == 0 {
		return "no series"
	}
	return strings.Join(parts, ", ")
}

func axisSentence(which, label, lo, hi string) string {
	if label == "" {
		label = "value"
	}
	return which + ": " + label + " from " + lo + " to " + hi
}

// joinSentences joins non-empty parts with ". ", ending each with a period.
func joinSentences(parts ...string) string {
	var out []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !strings.HasSuffix(p, ".") && !strings.HasSuffix(p, "…") {
			p += "."
		}
		out = append(out, p)
	}
	return strings.Join(out, " ")
}

// isolatedPoints returns the finite points of pts whose neighbours are both
// missing or non-finite (a one-point series, or a point between gaps): a
// line cannot show them, so the chart draws them as small circles.
func isolatedPoints(pts []Point) []Point {
	ok := func(i int) bool {
		return i >= 0 && i < len(pts) && finite(pts[i].X) && finite(pts[i].Y)
	}
	var out []Point
	for i := range pts {
		if ok(i) && !ok(i-1) && !ok(i+1) {
			out = append(out, pts[i])
		}
	}
	return out
}

// allIntegerX reports whether every finite X of the series is a whole
// number (per-epoch data), so that the x axis needs no fractional ticks.
func allIntegerX(series [][]Point) bool {
	for _, s := range series {
		for _, p := range s {
			if finite(p.X) && p.X != math.Trunc(p.X) {
				return false
			}
		}
	}
	return true
}

// covered counts the ys inside [y0-6, y0+h+6].
func covered(ys []float64, y0, h float64) int {
	n := 0
	for _, y := range ys {
		if y >= y0-6 && y <= y0+h+6 {
			n++
		}
	}
	return n
}
