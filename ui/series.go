package ui

import (
	"math"

	"hypersphere/ui/charts"
)

// LayerNames are the weighted layers reported per epoch, in network order.
var LayerNames = []string{"conv1", "conv2", "conv3", "conv4", "dense1", "dense2"}

// lossSmoothing is the EMA weight of the per-batch training-loss chart.
const lossSmoothing = 0.9

// epochSeries builds one series per run from a per-epoch value.
func epochSeries(runs []*Run, value func(EpochPoint) float64) []charts.Series {
	out := make([]charts.Series, 0, len(runs))
	for i, r := range runs {
		color, dashed := charts.VariantColor(r.Variant, i)
		s := charts.Series{Name: r.Variant, Color: color, Dashed: dashed}
		for _, p := range r.History {
			s.Points = append(s.Points, charts.Point{X: float64(p.Epoch), Y: value(p)})
		}
		out = append(out, s)
	}
	return out
}

// AccSeries is the validation accuracy per epoch of every run.
func AccSeries(runs []*Run) []charts.Series {
	return epochSeries(runs, func(p EpochPoint) float64 { return p.ValAcc })
}

// ValLossSeries is the validation loss per epoch of every run.
func ValLossSeries(runs []*Run) []charts.Series {
	return epochSeries(runs, func(p EpochPoint) float64 { return p.ValLoss })
}

// WeightNormSeries is the mean raw weight norm of one layer per epoch.
func WeightNormSeries(runs []*Run, layer string) []charts.Series {
	return epochSeries(runs, func(p EpochPoint) float64 {
		for _, l := range p.Layers {
			if l.Name == layer {
				return l.WeightNorm
			}
		}
		return math.NaN()
	})
}

// TrainLossSeries is the smoothed per-batch training loss of every run,
// with X in epochs (batch i of an epoch of S batches is at epoch−1+i/S).
func TrainLossSeries(runs []*Run) []charts.Series {
	out := make([]charts.Series, 0, len(runs))
	for i, r := range runs {
		color, dashed := charts.VariantColor(r.Variant, i)
		s := charts.Series{Name: r.Variant, Color: color, Dashed: dashed}
		if r.Steps > 0 {
			pts := make([]charts.Point, len(r.BatchLosses))
			for j, l := range r.BatchLosses {
				pts[j] = charts.Point{X: float64(j+1) / float64(r.Steps), Y: l}
			}
			s.Points = charts.SmoothEMA(pts, lossSmoothing)
		}
		out = append(out, s)
	}
	return out
}

// EpochMarkers flags learning-rate drops, early stops and divergence on the
// per-epoch charts.
func EpochMarkers(runs []*Run) []charts.Marker {
	var out []charts.Marker
	for _, r := range runs {
		for _, e := range r.LRDrops {
			out = append(out, charts.Marker{X: float64(e), Series: r.Variant, Kind: charts.MarkerLRDrop,
				Label: r.Variant + ": learning rate lowered after epoch " + itoa(e)})
		}
		switch r.State {
		case StateEarly:
			out = append(out, charts.Marker{X: float64(r.StopEpoch), Series: r.Variant, Kind: charts.MarkerEarlyStop,
				Label: r.Variant + ": stopped early after epoch " + itoa(r.StopEpoch)})
		case StateDiverged:
			out = append(out, charts.Marker{X: float64(max(r.StopEpoch, 1)), Series: r.Variant, Kind: charts.MarkerDiverged,
				Label: r.Variant + ": diverged in epoch " + itoa(r.StopEpoch)})
		}
	}
	return out
}

func itoa(n int) string { return Thousands(n) }
