package explain

import (
	"math"
	"strconv"
	"strings"
)

// fixed formats x with d decimals, never as "-0.00", with a true minus sign.
func fixed(x float64, d int) string {
	if math.IsNaN(x) {
		return "—"
	}
	s := strconv.FormatFloat(x, 'f', d, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return strings.Replace(s, "-", "−", 1)
}

// num formats x with d decimals for SVG attributes (plain ASCII minus).
func num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
}

// sig3 formats x to three significant digits.
func sig3(x float64) string {
	if x == 0 {
		return "0"
	}
	d := 2 - int(math.Floor(math.Log10(math.Abs(x))))
	if d < 0 {
		d = 0
	}
	return fixed(x, d)
}

func itoa(i int) string { return strconv.Itoa(i) }

// parseNum reads a number typed by the learner; ok is false for empty or
// invalid text. The Unicode minus is accepted.
func parseNum(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "−", "-"))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// deg converts radians to degrees.
func deg(r float64) float64 { return r * 180 / math.Pi }

// fixedAscii formats x with d decimals for input values (ASCII minus, no "-0").
func fixedAscii(x float64, d int) string {
	return strings.Replace(fixed(x, d), "−", "-", 1)
}

// ifs returns a when cond holds, otherwise b.
func ifs(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}
