package charts

import (
	"math"
	"strconv"
	"strings"
)

// NiceStep returns the smallest step of the form {1, 2, 5}×10^k that is at
// least raw. It returns 0 for a non-positive or non-finite raw.
func NiceStep(raw float64) float64 {
	if !(raw > 0) || math.IsInf(raw, 0) {
		return 0
	}
	exp := math.Floor(math.Log10(raw))
	base := math.Pow(10, exp)
	for _, m := range []float64{1, 2, 5, 10} {
		s := m * base
		// tolerate rounding in Log10/Pow so that e.g. raw=0.3 picks 0.5, not 1.
		if s >= raw*(1-1e-9) {
			return s
		}
	}
	return 10 * base
}

// Ticks returns tick values covering d with a 1-2-5 step chosen so that there
// are at most maxCount+1 ticks (and usually close to maxCount), plus the step.
// Ticks lie inside d and are exact multiples of the step (to float precision).
func Ticks(d Domain, maxCount int) ([]float64, float64) {
	if !d.Valid() {
		if finite(d.Min) && d.Min == d.Max {
			return []float64{d.Min}, 0
		}
		return nil, 0
	}
	if maxCount < 1 {
		maxCount = 1
	}
	step := NiceStep(d.Span() / float64(maxCount))
	return TicksEvery(d, step), step
}

// NiceDomain widens d outward to multiples of the step Ticks would choose
// for d and maxCount, so that the axis starts and ends on a tick. Draw its
// ticks with TicksEvery and that same step (NiceStep(d.Span()/maxCount)):
// Ticks on the widened domain may pick a coarser step.
func NiceDomain(d Domain, maxCount int) Domain {
	if !d.Valid() {
		return d
	}
	if maxCount < 1 {
		maxCount = 1
	}
	step := NiceStep(d.Span() / float64(maxCount))
	return Domain{math.Floor(d.Min/step+1e-9) * step, math.Ceil(d.Max/step-1e-9) * step}
}

// TicksEvery returns the multiples of step that lie in d.
func TicksEvery(d Domain, step float64) []float64 {
	if !d.Valid() || !(step > 0) || !finite(step) || d.Span()/step > 1000 {
		return nil
	}
	lo := math.Ceil(d.Min/step - 1e-9)
	hi := math.Floor(d.Max/step + 1e-9)
	ticks := make([]float64, 0, int(hi-lo)+1)
	for i := lo; i <= hi; i++ {
		v := i * step
		if v == 0 {
			v = 0 // normalise -0
		}
		ticks = append(ticks, v)
	}
	return ticks
}

// FormatTick formats a tick value with just enough decimals for its step
// (ticks 0.05 apart get two decimals), so neighbouring labels differ and
// read cleanly. Values of 10 000 and more use one k/M/G suffix ("15k",
// "1.5G"); magnitudes from 10^12 use exponent notation ("1.5e12").
func FormatTick(v, step float64) string {
	if !finite(v) {
		return ""
	}
	av := math.Abs(v)
	if av >= 1e12 {
		return formatTickExp(v, step)
	}
	switch {
	case av >= 1e9 && step >= 1e8:
		return formatTickPlain(v/1e9, step/1e9) + "G"
	case av >= 1e6 && step >= 1e5:
		return formatTickPlain(v/1e6, step/1e6) + "M"
	case av >= 1e4 && step >= 1e3:
		return formatTickPlain(v/1e3, step/1e3) + "k"
	}
	return formatTickPlain(v, step)
}

// formatTickPlain formats v with the decimals its step needs, no suffix.
func formatTickPlain(v, step float64) string {
	dec := 0
	if step > 0 && step < 1 {
		dec = int(math.Ceil(-math.Log10(step) - 1e-9))
		// a 1-2-5 step needs no more decimals than its own leading digit
		// position; cap to keep labels short.
		if dec > 6 {
			dec = 6
		}
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	return trimNegZero(s)
}

// formatTickExp formats a huge v as mantissa "e" exponent ("1.5e12"), with
// the mantissa decimals its step needs (two when the step is unknown).
func formatTickExp(v, step float64) string {
	exp := math.Floor(math.Log10(math.Abs(v)) + 1e-9)
	scale := math.Pow(10, exp)
	m := v / scale
	if math.Abs(m) >= 10 { // Log10 rounding at an exact power of ten
		exp++
		scale *= 10
		m = v / scale
	}
	var ms string
	if step > 0 && finite(step) {
		ms = formatTickPlain(m, step/scale)
	} else {
		ms = strconv.FormatFloat(m, 'f', 2, 64)
	}
	return ms + "e" + strconv.Itoa(int(exp))
}

// FormatSig formats v to sig significant digits (sig < 1 means 3), keeping
// trailing zeros so numbers in a column line up ("0.500", "12.0", "3.14").
// Magnitudes from 1000 use one k/M/G suffix ("12.3k"), magnitudes from 10^12
// and below 0.001 use exponent notation ("1.50e+12", "1.23e-04"). NaN is "NaN" and infinities "∞"/"−∞"
// (for text content only; never put them in attributes).
func FormatSig(v float64, sig int) string {
	if sig < 1 {
		sig = 3
	}
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	case v == 0:
		if sig == 1 {
			return "0"
		}
		return "0." + strings.Repeat("0", sig-1)
	}
	r := roundSig(v, sig)
	ar := math.Abs(r)
	for _, u := range []struct {
		f float64
		s string
	}{{1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		// tolerate float error in roundSig (999.9e9 rounds to 1e12·(1-ε))
		if ar >= u.f*(1-1e-9) && ar < 1e12*(1-1e-9) {
			return FormatSig(r/u.f, sig) + u.s
		}
	}
	if ar >= 1e12*(1-1e-9) || ar < 1e-3 {
		return strconv.FormatFloat(r, 'e', sig-1, 64)
	}
	exp := int(math.Floor(math.Log10(ar)))
	dec := sig - 1 - exp
	if dec < 0 {
		dec = 0
	}
	return trimNegZero(strconv.FormatFloat(r, 'f', dec, 64))
}

// FormatShort is FormatSig with trailing zeros (and a dangling point)
// removed: "7" rather than "7.00". Use it for x positions such as epochs.
func FormatShort(v float64, sig int) string {
	s := FormatSig(v, sig)
	if !finite(v) || strings.ContainsAny(s, "e") {
		return s
	}
	suffix := ""
	if n := len(s); n > 0 && strings.ContainsAny(s[n-1:], "kMG") {
		s, suffix = s[:n-1], s[n-1:]
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s + suffix
}

func roundSig(v float64, sig int) float64 {
	if v == 0 || !finite(v) {
		return v
	}
	exp := math.Floor(math.Log10(math.Abs(v)))
	f := math.Pow(10, float64(sig-1)-exp)
	return math.Round(v*f) / f
}

func trimNegZero(s string) string {
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		return s[1:]
	}
	return s
}

// fmtF formats a coordinate for an SVG attribute with two decimals, mapping
// non-finite values to "0" so that an attribute never holds NaN.
func fmtF(v float64) string {
	if !finite(v) {
		return "0"
	}
	return trimNegZero(strconv.FormatFloat(v, 'f', 2, 64))
}
