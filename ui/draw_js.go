//go:build js && wasm

package ui

import (
	"syscall/js"
	"unsafe"

	vjs "github.com/vugu/vugu/js"
	"honnef.co/go/js/dom/v2"
)

// filterCols is the number of filters per row in the filter grid.
const filterCols = 8

// The canvases live inside an empty container element that Vugu renders
// (vg-js-populate gives the container after every render). Vugu re-sets
// every attribute it renders on every render, and setting a canvas's width
// or height, even to the same value, clears it; a canvas Vugu does not
// know about keeps its pixels, so it is drawn again only when its data
// change.

// drawFilters paints conv1's filters into the container's canvas.
func drawFilters(v vjs.Value, w []float32, shape [4]int, label string) {
	cv := childCanvas(js.Value(v), "filtercanvas", label)
	if len(w) == 0 || !cv.Truthy() || alreadyDrawn(cv, unsafe.Slice((*byte)(unsafe.Pointer(&w[0])), 4*len(w))) {
		return
	}
	width, height, rgba, ok := FilterGrid(w, shape, filterCols)
	if !ok {
		return
	}
	putRGBA(cv, width, height, rgba)
}

// drawImage paints one CIFAR image into the container's 32×32 canvas.
func drawImage(v vjs.Value, img []byte, label string) {
	cv := childCanvas(js.Value(v), "thumb", label)
	if len(img) == 0 || !cv.Truthy() || alreadyDrawn(cv, img) {
		return
	}
	if rgba := ImageRGBA(img); rgba != nil {
		putRGBA(cv, 32, 32, rgba)
	}
}

// childCanvas returns the canvas of class class inside box, creating it
// (role img, labelled) the first time, and keeps its label current.
func childCanvas(box js.Value, class, label string) js.Value {
	if !box.Truthy() {
		return js.Value{}
	}
	cv := box.Get("firstElementChild")
	if !cv.Truthy() {
		cv = js.Global().Get("document").Call("createElement", "canvas")
		cv.Set("className", class)
		cv.Call("setAttribute", "role", "img")
		box.Call("appendChild", cv)
	}
	if cv.Call("getAttribute", "aria-label").String() != label {
		cv.Call("setAttribute", "aria-label", label)
	}
	return cv
}

func putRGBA(cv js.Value, width, height int, rgba []byte) {
	el, ok := dom.WrapElement(cv).(*dom.HTMLCanvasElement)
	if !ok {
		return
	}
	if el.Width() != width || el.Height() != height {
		el.SetWidth(width)
		el.SetHeight(height)
	}
	ctx := el.GetContext2d()
	img := ctx.CreateImageData(width, height)
	js.CopyBytesToJS(img.Data(), rgba)
	ctx.PutImageData(img, 0, 0)
}

// alreadyDrawn reports whether the canvas already shows data (its FNV-1a
// hash is stored on the element), and otherwise records it as drawn.
// vg-js-populate runs after every render; hashing a few kilobytes is far
// cheaper than converting and putting the pixels again.
func alreadyDrawn(el js.Value, data []byte) bool {
	h := uint32(2166136261)
	for _, b := range data {
		h = (h ^ uint32(b)) * 16777619
	}
	key := float64(h) + float64(len(data))*(1<<32)
	if k := el.Get("__hsDrawn"); k.Type() == js.TypeNumber && k.Float() == key {
		return true
	}
	el.Set("__hsDrawn", key)
	return false
}
