//go:build !(js && wasm)

package ui

// pageAddress returns a relative address outside the browser (tests).
func pageAddress(query string) string { return "?" + query }

// copyText cannot copy outside the browser.
func copyText(_ string, done func(ok bool)) { done(false) }

// download does nothing outside the browser.
func download(_, _, _ string) {}

// exportChart does nothing outside the browser.
func exportChart(_, _, _ string) {}

// focusElement does nothing outside the browser.
func focusElement(string) {}
