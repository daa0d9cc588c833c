// Package ui holds the page's Vugu components: the root (explainer on the
// left, live lab on the right), the lab's controls, per-variant status
// lines, and the "looking inside" views (first-layer filters and
// predictions). It also holds the lab's state (lab.go), which the page's
// wasm glue (wasm/page) updates from worker messages; the state and its
// formatting are pure Go and tested natively. ui never computes training
// math: it shows what the workers report.
package ui

//go:generate go tool vugugen -s -skip-go-mod -skip-main
