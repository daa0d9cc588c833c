//go:build js && wasm

package ui

import (
	"syscall/js"

	vjs "github.com/vugu/vugu/js"
	"honnef.co/go/js/dom/v2"
)

// filterCols is the number of filters per row in the filter grid.
const filterCols = 8

// drawFilters paints conv1's filters into a canvas (called by
// vg-js-populate after every render).
func drawFilters(v vjs.Value, w []float32, shape [4]int) {
	width, height, rgba, ok := FilterGrid(w, shape, filterCols)
	if !ok {
		return
	}
	putRGBA(v, width, height, rgba)
}

// drawImage paints one CIFAR image into a 32×32 canvas.
func drawImage(v vjs.Value, img []byte) {
	if rgba := ImageRGBA(img); rgba != nil {
		putRGBA(v, 32, 32, rgba)
	}
}

func putRGBA(v vjs.Value, width, height int, rgba []byte) {
	el, ok := dom.WrapElement(js.Value(v)).(*dom.HTMLCanvasElement)
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
