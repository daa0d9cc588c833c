// Package ui holds the page's Vugu components: the root (explainer on the
// left, a host for the lab on the right), the lab root (LabRoot, drawn by
// its own renderer: controls, per-variant status lines, charts with a
// mean and band per variant over seeds, the diagnostics panel, sharing and
// export, and the "looking inside" views). It also holds the lab's state
// (lab.go), its chart series (series.go, diag.go), the configuration's URL
// form and the CSV export (share.go), which the page's wasm glue
// (wasm/page) updates from worker messages; the state and its formatting
// are pure Go and tested natively. ui never computes training math: it
// shows what the workers report.
package ui

//go:generate go tool vugugen -s -skip-go-mod -skip-main
