//go:build js && wasm

// Package jsmsg converts protocol records to and from JavaScript values for
// postMessage. Byte and float32 slices become fresh typed arrays whose
// buffers are listed for transfer, so a message crosses to the other thread
// without a structured-clone copy.
package jsmsg

import (
	"fmt"
	"syscall/js"
	"unsafe"

	"hypersphere/wasm/protocol"
)

var (
	uint8Array   = js.Global().Get("Uint8Array")
	float32Array = js.Global().Get("Float32Array")
	arrayCtor    = js.Global().Get("Array")
	objectCtor   = js.Global().Get("Object")
)

// ToJS encodes m as a JavaScript object and returns it with its transfer
// list (the ArrayBuffers of its typed arrays).
func ToJS(m protocol.Message) (js.Value, []any) {
	var transfer []any
	v := toJS(protocol.Encode(m), &transfer).(js.Value)
	return v, transfer
}

// Post sends m through target.postMessage (a Worker, or the worker's own
// global scope), transferring its typed arrays.
func Post(target js.Value, m protocol.Message) {
	v, transfer := ToJS(m)
	target.Call("postMessage", v, transfer)
}

func toJS(v any, transfer *[]any) any {
	switch x := v.(type) {
	case protocol.Record:
		o := objectCtor.New()
		for k, e := range x {
			o.Set(k, toJS(e, transfer))
		}
		return o
	case []protocol.Record:
		a := arrayCtor.New(len(x))
		for i, e := range x {
			a.SetIndex(i, toJS(e, transfer))
		}
		return a
	case []float64:
		a := arrayCtor.New(len(x))
		for i, e := range x {
			a.SetIndex(i, e)
		}
		return a
	case []string:
		a := arrayCtor.New(len(x))
		for i, e := range x {
			a.SetIndex(i, e)
		}
		return a
	case []byte:
		a := uint8Array.New(len(x))
		js.CopyBytesToJS(a, x)
		*transfer = append(*transfer, a.Get("buffer"))
		return a
	case []float32:
		a := float32Array.New(len(x))
		if len(x) > 0 {
			raw := unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), 4*len(x))
			js.CopyBytesToJS(uint8Array.New(a.Get("buffer")), raw)
		}
		*transfer = append(*transfer, a.Get("buffer"))
		return a
	}
	return v // string, bool, float64
}

// FromJS decodes a received message (event.data).
func FromJS(v js.Value) (protocol.Message, error) {
	if v.Type() != js.TypeObject {
		return nil, fmt.Errorf("jsmsg: message is a %s, want an object", v.Type())
	}
	r, err := fromJS(v, 0)
	if err != nil {
		return nil, err
	}
	rec, ok := r.(protocol.Record)
	if !ok {
		return nil, fmt.Errorf("jsmsg: message is not a plain object")
	}
	return protocol.Decode(rec)
}

func fromJS(v js.Value, depth int) (any, error) {
	if depth > 8 {
		return nil, fmt.Errorf("jsmsg: message nested too deeply")
	}
	switch v.Type() {
	case js.TypeString:
		return v.String(), nil
	case js.TypeNumber:
		return v.Float(), nil
	case js.TypeBoolean:
		return v.Bool(), nil
	case js.TypeNull, js.TypeUndefined:
		return nil, nil
	case js.TypeObject:
	default:
		return nil, fmt.Errorf("jsmsg: cannot decode a %s", v.Type())
	}
	switch {
	case v.InstanceOf(uint8Array):
		b := make([]byte, v.Length())
		js.CopyBytesToGo(b, v)
		return b, nil
	case v.InstanceOf(float32Array):
		n := v.Length()
		f := make([]float32, n)
		if n > 0 {
			raw := unsafe.Slice((*byte)(unsafe.Pointer(&f[0])), 4*n)
			view := uint8Array.New(v.Get("buffer"), v.Get("byteOffset"), 4*n)
			js.CopyBytesToGo(raw, view)
		}
		return f, nil
	case arrayCtor.Call("isArray", v).Bool():
		n := v.Length()
		out := make([]any, n)
		for i := 0; i < n; i++ {
			e, err := fromJS(v.Index(i), depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	}
	keys := objectCtor.Call("keys", v)
	r := protocol.Record{}
	for i := 0; i < keys.Length(); i++ {
		k := keys.Index(i).String()
		e, err := fromJS(v.Get(k), depth+1)
		if err != nil {
			return nil, err
		}
		r[k] = e
	}
	return r, nil
}
