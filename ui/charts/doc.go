// Package charts draws the lab's live charts as Vugu components rendering SVG,
// and holds the pure-Go math behind them.
//
// The math (scales, nice ticks, number formatting, SVG path building,
// smoothing, decimation and nearest-x lookup) has no Vugu dependency and is
// unit-tested natively. The components are:
//
//   - LineChart: axes, gridlines, legend, event markers, a hover and keyboard
//     read-out of every series, optional translucent bands (e.g. the
//     min–max over seeds around their mean), and a text alternative. It
//     draws isolated points (a lone value, or one between gaps) as small
//     circles. It keeps its layout while its inputs are unchanged and
//     learns its width from a ResizeObserver, so re-renders of the page
//     cost it little.
//   - Sparkline: a tiny axis-free trend line for the narrow-screen dock.
//   - Bars: horizontal probability bars for a prediction.
//
// Invariants: no attribute ever holds "NaN" or "Inf" (non-finite points break
// a line instead), every float written to an attribute is formatted here with
// a fixed number of decimals, and nothing uses inline style attributes: the
// look comes from SVG presentation attributes plus the CSS classes listed in
// charts.css.
package charts
