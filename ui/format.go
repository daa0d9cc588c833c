package ui

import (
	"math"
	"strconv"
	"strings"
)

// Sig3 formats v to three significant digits without an exponent for the
// magnitudes the page usually shows (e.g. 0.000123, 1.23, 123, 1230), and
// with one outside 1e-5..1e6 (a diverging loss: 4.24e+10).
func Sig3(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "-∞"
	case v == 0:
		return "0"
	}
	if a := math.Abs(v); a >= 1e6 || a < 1e-5 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	mag := int(math.Floor(math.Log10(math.Abs(v))))
	dec := 2 - mag
	if dec < 0 {
		p := math.Pow(10, float64(-dec))
		return strconv.FormatFloat(math.Round(v/p)*p, 'f', 0, 64)
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	// Rounding can add a digit (9.996 → "10.00"): reformat at the new magnitude.
	if r, err := strconv.ParseFloat(s, 64); err == nil && r != 0 && int(math.Floor(math.Log10(math.Abs(r)))) != mag {
		return Sig3(r)
	}
	return s
}

// Percent formats a fraction 0..1 as a percentage to three significant
// digits ("41.3 %").
func Percent(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	return Sig3(100*f) + " %"
}

// Duration formats seconds for the ETA: "42 s", "3 min 5 s", "1 h 2 min".
func Duration(s float64) string {
	if s < 0 || math.IsNaN(s) || math.IsInf(s, 0) {
		return "–"
	}
	t := int(math.Round(s))
	switch {
	case t < 60:
		return strconv.Itoa(t) + " s"
	case t < 3600:
		return strconv.Itoa(t/60) + " min " + strconv.Itoa(t%60) + " s"
	}
	return strconv.Itoa(t/3600) + " h " + strconv.Itoa(t/60%60) + " min"
}

// Rate formats a throughput in images per second.
func Rate(ips float64) string {
	if ips <= 0 || math.IsNaN(ips) {
		return "– images/s"
	}
	return Sig3(ips) + " images/s"
}

// Thousands writes n with thin-space thousands separators ("10 000").
func Thousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	lead := len(s) % 3
	if lead > 0 {
		b.WriteString(s[:lead])
	}
	for i := lead; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteString("\u202f")
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Bytes formats a byte count in MB to three significant digits.
func Bytes(n int64) string {
	if n < 1e6 {
		return Sig3(float64(n)/1e3) + " kB"
	}
	return Sig3(float64(n)/1e6) + " MB"
}
