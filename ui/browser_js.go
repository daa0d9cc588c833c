//go:build js && wasm

package ui

import (
	"strconv"
	"syscall/js"
	"time"
)

// pageAddress returns the page's address with the given query and the
// current hash (the explainer's step).
func pageAddress(query string) string {
	loc := js.Global().Get("location")
	return loc.Get("origin").String() + loc.Get("pathname").String() + "?" + query + loc.Get("hash").String()
}

// copyText puts text on the clipboard and tells done whether it worked.
func copyText(text string, done func(ok bool)) {
	clip := js.Global().Get("navigator").Get("clipboard")
	if !clip.Truthy() || !clip.Get("writeText").Truthy() {
		done(false)
		return
	}
	var ok, fail js.Func
	release := func() { ok.Release(); fail.Release() }
	ok = js.FuncOf(func(js.Value, []js.Value) any { go func() { release(); done(true) }(); return nil })
	fail = js.FuncOf(func(js.Value, []js.Value) any { go func() { release(); done(false) }(); return nil })
	clip.Call("writeText", text).Call("then", ok, fail)
}

// download saves text as a file called name.
func download(name, mime, text string) {
	blob := js.Global().Get("Blob").New([]any{text}, map[string]any{"type": mime})
	saveBlob(name, blob)
}

// saveBlob offers a Blob as a download through a temporary link (the page's
// CSP allows blob: only as a download target, which needs no CSP source).
func saveBlob(name string, blob js.Value) {
	urlAPI := js.Global().Get("URL")
	href := urlAPI.Call("createObjectURL", blob).String()
	doc := js.Global().Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", href)
	a.Set("download", name)
	a.Set("hidden", true)
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	time.AfterFunc(10*time.Second, func() { urlAPI.Call("revokeObjectURL", href) })
}

// svgNS is the SVG namespace.
const svgNS = "http://www.w3.org/2000/svg"

// exportChart saves the chart (svg.hs-chart) inside the element id as
// base.svg, or as base.png drawn at twice its size on a white background.
// The SVG is standalone: namespace, width and height from its viewBox, and
// every colour already a presentation attribute.
func exportChart(id, format, base string) {
	doc := js.Global().Get("document")
	svg := doc.Call("querySelector", "#"+id+" svg.hs-chart")
	if !svg.Truthy() {
		return
	}
	vb := svg.Get("viewBox").Get("baseVal")
	w, h := vb.Get("width").Float(), vb.Get("height").Float()
	clone := svg.Call("cloneNode", true)
	clone.Call("setAttribute", "xmlns", svgNS)
	clone.Call("setAttribute", "width", strconv.FormatFloat(w, 'g', -1, 64))
	clone.Call("setAttribute", "height", strconv.FormatFloat(h, 'g', -1, 64))
	// The hover read-out is not part of the figure.
	ro := clone.Call("querySelectorAll", ".hs-chart-readout")
	for i := 0; i < ro.Length(); i++ {
		ro.Index(i).Call("remove")
	}
	text := js.Global().Get("XMLSerializer").New().Call("serializeToString", clone).String()
	if format == "svg" {
		download(base+".svg", "image/svg+xml", text)
		return
	}
	// PNG: the SVG as a data: image (the CSP's img-src allows data:), drawn
	// onto a canvas, saved as a blob.
	const scale = 2
	img := js.Global().Get("Image").New()
	var onload, onerr js.Func
	onload = js.FuncOf(func(js.Value, []js.Value) any {
		onload.Release()
		onerr.Release()
		canvas := doc.Call("createElement", "canvas")
		canvas.Set("width", int(w*scale))
		canvas.Set("height", int(h*scale))
		ctx := canvas.Call("getContext", "2d")
		ctx.Set("fillStyle", "#ffffff")
		ctx.Call("fillRect", 0, 0, w*scale, h*scale)
		ctx.Call("drawImage", img, 0, 0, w*scale, h*scale)
		var saved js.Func
		saved = js.FuncOf(func(_ js.Value, a []js.Value) any {
			saved.Release()
			if len(a) > 0 && a[0].Truthy() {
				saveBlob(base+".png", a[0])
			}
			return nil
		})
		canvas.Call("toBlob", saved, "image/png")
		return nil
	})
	onerr = js.FuncOf(func(js.Value, []js.Value) any {
		onload.Release()
		onerr.Release()
		js.Global().Get("console").Call("warn", "hypersphere: could not draw the chart as PNG")
		return nil
	})
	img.Set("onload", onload)
	img.Set("onerror", onerr)
	img.Set("src", "data:image/svg+xml;charset=utf-8,"+js.Global().Call("encodeURIComponent", text).String())
}

// focusElement moves the keyboard focus to the element id (which scrolls it
// into view).
func focusElement(id string) {
	if el := js.Global().Get("document").Call("getElementById", id); el.Truthy() {
		el.Call("focus")
	}
}
