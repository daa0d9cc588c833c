package ui

import (
	"math"

	"hypersphere/ui/charts"
	"hypersphere/wasm/protocol"
)

// diagLayer returns one layer's diagnostics of an epoch.
func diagLayer(p EpochPoint, layer string) (protocol.LayerDiagnostics, bool) {
	for _, l := range p.Diag.Layers {
		if l.Name == layer {
			return l, true
		}
	}
	return protocol.LayerDiagnostics{}, false
}

// DiagLayerSeries is one per-layer diagnostic of one layer per epoch, per
// variant (mean over seeds, with a band).
func DiagLayerSeries(runs []*Run, layer string, value func(protocol.LayerDiagnostics) float64) []charts.Series {
	return epochSeries(runs, func(p EpochPoint) float64 {
		if l, ok := diagLayer(p, layer); ok {
			return value(l)
		}
		return math.NaN()
	})
}

// DiagSeries is one network-wide diagnostic per epoch, per variant.
func DiagSeries(runs []*Run, value func(protocol.Diagnostics) float64) []charts.Series {
	return epochSeries(runs, func(p EpochPoint) float64 {
		if len(p.Diag.Layers) == 0 {
			return math.NaN() // an epoch without diagnostics
		}
		return value(p.Diag)
	})
}

// InputNormSeries is the mean input norm |x| of a layer.
func InputNormSeries(runs []*Run, layer string) []charts.Series {
	return DiagLayerSeries(runs, layer, func(l protocol.LayerDiagnostics) float64 { return l.InputNorm })
}

// StepAngleSeries is the mean angle (degrees) one optimiser step turns a
// filter or unit of a layer: the effective step size.
func StepAngleSeries(runs []*Run, layer string) []charts.Series {
	return DiagLayerSeries(runs, layer, func(l protocol.LayerDiagnostics) float64 { return l.StepAngle * 180 / math.Pi })
}

// MaxLogitSeries is the mean largest logit (the logit scale).
func MaxLogitSeries(runs []*Run) []charts.Series {
	return DiagSeries(runs, func(d protocol.Diagnostics) float64 { return d.MaxLogit })
}

// EntropySeries is the mean softmax entropy in nats.
func EntropySeries(runs []*Run) []charts.Series {
	return DiagSeries(runs, func(d protocol.Diagnostics) float64 { return d.Entropy })
}

// CosHistSeries is the histogram of cos θ between a layer's inputs and its
// templates at each run's latest epoch, drawn as one frequency polygon per
// variant: X is the bin centre in [−1, 1], Y the share of pairs in the bin.
func CosHistSeries(runs []*Run, layer string) []charts.Series {
	return groupSeries(runs, func(r *Run) []charts.Point {
		p, ok := r.Last()
		if !ok {
			return nil
		}
		l, ok := diagLayer(p, layer)
		if !ok || len(l.CosHist) == 0 {
			return nil
		}
		n := len(l.CosHist)
		pts := make([]charts.Point, n)
		for b, v := range l.CosHist {
			pts[b] = charts.Point{X: -1 + (float64(b)+0.5)*2/float64(n), Y: v}
		}
		return pts
	})
}

// DiagChart is one chart of the diagnostics panel: its element id, its
// axes, and the note under it saying what to look for.
type DiagChart struct {
	ID, Title, XLabel, YLabel, YUnit, Note string
	YPercent                               bool
	Series                                 []charts.Series
	XDomain, YDomain                       charts.Domain
	PerLayer                               bool // follows the layer selector
}

// fromZero is a y range from 0 to a little above the largest value (band
// included) of the series, for shares that cannot be negative; invalid (the
// chart's own range) when there is no positive value.
func fromZero(series []charts.Series) charts.Domain {
	top := 0.0
	for _, s := range series {
		for _, p := range s.Points {
			if !math.IsNaN(p.Y) && !math.IsInf(p.Y, 0) {
				top = math.Max(top, p.Y)
			}
		}
		for _, b := range s.Band {
			if !math.IsNaN(b.Hi) && !math.IsInf(b.Hi, 0) {
				top = math.Max(top, b.Hi)
			}
		}
	}
	if !(top > 0) {
		return charts.Domain{}
	}
	return charts.Domain{Min: 0, Max: math.Min(1, top*1.1)}
}
