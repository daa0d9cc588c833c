package ui

import (
	"hypersphere/ui/charts"

	"math"
	"strconv"
	"strings"
)

// Sig3 formats v to three significant digits, exactly as the charts'
// read-outs do (charts.FormatSig): "1.23", "0.500", "12.3k", "4.24G",
// "1.23e-04", so a number reads the same in a status line and on a chart.
func Sig3(v float64) string { return charts.FormatSig(v, 3) }

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
