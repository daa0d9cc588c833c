package explain

import (
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// syncValue sets a form control's value property to s when it differs, so a
// control follows state changed elsewhere (a reset, a snapped value). It is a
// vg-js-populate callback: vugu calls it after each render with the element.
func syncValue(el js.Value, s string) {
	if !el.Truthy() {
		return
	}
	cur := el.Get("value").String()
	if cur == s {
		return
	}
	// While the learner types in a focused box, leave a partial entry ("-",
	// "1.") and an entry equal to the state alone.
	if el.Call("matches", ":focus").Bool() {
		a, okA := parseNum(cur)
		b, _ := parseNum(s)
		if !okA || a == b {
			return
		}
	}
	el.Set("value", s)
}

// pointerFraction returns where a pointer event happened inside the element
// handling it (its currentTarget), as fractions 0..1 of its width and height.
// ok is false outside a browser or when the element has no size.
func pointerFraction(e vugu.DOMEvent) (fx, fy float64, ok bool) {
	el := e.JSEventCurrentTarget()
	if !el.Truthy() {
		return 0, 0, false
	}
	r := el.Call("getBoundingClientRect")
	w, h := r.Get("width").Float(), r.Get("height").Float()
	if w <= 0 || h <= 0 {
		return 0, 0, false
	}
	return (e.PropFloat64("clientX") - r.Get("left").Float()) / w, (e.PropFloat64("clientY") - r.Get("top").Float()) / h, true
}

// capturePointer keeps sending a drag's pointer events to the element
// handling the event, even when the pointer leaves it.
func capturePointer(e vugu.DOMEvent) {
	el := e.JSEventCurrentTarget()
	if el.Truthy() && el.Get("setPointerCapture").Truthy() {
		el.Call("setPointerCapture", e.PropFloat64("pointerId"))
	}
}

// ownKey stops an arrow key the figure handles from scrolling the page or
// reaching the page's step navigation.
func ownKey(e vugu.DOMEvent) {
	e.PreventDefault()
	e.StopPropagation()
}

// paintCanvas puts a side×side RGBA picture into a canvas element.
func paintCanvas(el js.Value, rgba []byte, side int) {
	if !el.Truthy() {
		return
	}
	ctx := el.Call("getContext", "2d")
	if !ctx.Truthy() {
		return
	}
	img := ctx.Call("createImageData", side, side)
	js.CopyBytesToJS(img.Get("data"), rgba)
	ctx.Call("putImageData", img, 0, 0)
}

// syncChecked sets a checkbox's checked property to on when it differs.
func syncChecked(el js.Value, on bool) {
	if el.Truthy() && el.Get("checked").Bool() != on {
		el.Set("checked", on)
	}
}
