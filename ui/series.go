package ui

import (
	"math"

	"hypersphere/ui/charts"
)

// LayerNames are the weighted layers reported per epoch, in network order.
var LayerNames = []string{"conv1", "conv2", "conv3", "conv4", "dense1", "dense2"}

// lossSmoothing is the EMA weight of the per-batch training-loss chart.
const lossSmoothing = 0.9

// variantGroups groups runs by variant, in the order variants first appear
// (each group holds one run per seed).
func variantGroups(runs []*Run) [][]*Run {
	var out [][]*Run
	idx := map[string]int{}
	for _, r := range runs {
		i, ok := idx[r.Variant]
		if !ok {
			i = len(out)
			idx[r.Variant] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], r)
	}
	return out
}

// aggregate turns one curve per seed into their mean, with the min–max
// band when there are several. curves[k][j] is seed k's j-th point; points
// are matched by index (the seeds share their x positions) and a seed
// without a finite value there is left out of that point.
func aggregate(curves [][]charts.Point) ([]charts.Point, []charts.BandPoint) {
	if len(curves) == 1 {
		return curves[0], nil
	}
	n := 0
	for _, c := range curves {
		n = max(n, len(c))
	}
	mean := make([]charts.Point, n)
	band := make([]charts.BandPoint, n)
	for j := 0; j < n; j++ {
		x, sum, cnt := math.NaN(), 0.0, 0
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, c := range curves {
			if j >= len(c) {
				continue
			}
			x = c[j].X
			if y := c[j].Y; !math.IsNaN(y) && !math.IsInf(y, 0) {
				sum += y
				cnt++
				lo, hi = math.Min(lo, y), math.Max(hi, y)
			}
		}
		if cnt == 0 {
			mean[j] = charts.Point{X: x, Y: math.NaN()}
			band[j] = charts.BandPoint{X: x, Lo: math.NaN(), Hi: math.NaN()}
			continue
		}
		mean[j] = charts.Point{X: x, Y: sum / float64(cnt)}
		band[j] = charts.BandPoint{X: x, Lo: lo, Hi: hi}
	}
	return mean, band
}

// groupSeries builds one series per variant from the curve of each of its
// runs: the mean over seeds with a min–max band, or the single run's curve.
func groupSeries(runs []*Run, curve func(*Run) []charts.Point) []charts.Series {
	groups := variantGroups(runs)
	out := make([]charts.Series, 0, len(groups))
	for i, g := range groups {
		color, dashed := charts.VariantColor(g[0].Variant, i)
		curves := make([][]charts.Point, len(g))
		for k, r := range g {
			curves[k] = curve(r)
		}
		pts, band := aggregate(curves)
		out = append(out, charts.Series{Name: g[0].Variant, Color: color, Dashed: dashed, Points: pts, Band: band})
	}
	return out
}

// epochSeries builds one series per variant from a per-epoch value.
func epochSeries(runs []*Run, value func(EpochPoint) float64) []charts.Series {
	return groupSeries(runs, func(r *Run) []charts.Point {
		pts := make([]charts.Point, 0, len(r.History))
		for _, p := range r.History {
			pts = append(pts, charts.Point{X: float64(p.Epoch), Y: value(p)})
		}
		return pts
	})
}

// AccSeries is the validation accuracy per epoch of every variant.
func AccSeries(runs []*Run) []charts.Series {
	return epochSeries(runs, func(p EpochPoint) float64 { return p.ValAcc })
}

// ValLossSeries is the validation loss per epoch of every variant.
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

// TrainLossSeries is the smoothed per-batch training loss of every variant,
// with X in epochs (batch i of an epoch of S batches is at epoch−1+i/S).
func TrainLossSeries(runs []*Run) []charts.Series {
	return groupSeries(runs, func(r *Run) []charts.Point {
		if r.Steps <= 0 {
			return nil
		}
		pts := make([]charts.Point, len(r.BatchLosses))
		for j, l := range r.BatchLosses {
			pts[j] = charts.Point{X: float64(j+1) / float64(r.Steps), Y: l}
		}
		return charts.SmoothEMA(pts, lossSmoothing)
	})
}

// EpochMarkers flags learning-rate drops, early stops and divergence on the
// per-epoch charts (of the first seed's runs, whose curve they belong to
// when there is one seed).
func EpochMarkers(runs []*Run) []charts.Marker {
	var out []charts.Marker
	for _, r := range runs {
		if r.SeedIndex != 0 {
			continue
		}
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
