//go:build !(js && wasm)

package ui

import vjs "github.com/vugu/vugu/js"

// drawFilters does nothing outside the browser (static rendering in tests).
func drawFilters(vjs.Value, []float32, [4]int, string) {}

// drawImage does nothing outside the browser.
func drawImage(vjs.Value, []byte, string) {}
