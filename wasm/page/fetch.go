//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"syscall/js"
)

// await blocks the calling goroutine until the promise p settles (the page's
// event loop keeps running meanwhile).
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	then := js.FuncOf(func(_ js.Value, a []js.Value) any {
		v := js.Undefined()
		if len(a) > 0 {
			v = a[0]
		}
		ch <- result{v: v}
		return nil
	})
	catch := js.FuncOf(func(_ js.Value, a []js.Value) any {
		msg := "unknown error"
		if len(a) > 0 {
			msg = a[0].Call("toString").String()
		}
		ch <- result{err: errors.New(msg)}
		return nil
	})
	p.Call("then", then, catch)
	r := <-ch
	then.Release()
	catch.Release()
	return r.v, r.err
}

// fetchBytes downloads url, calling progress with the bytes received so
// far. It reads at most limit bytes (a longer body is cut there, and the
// caller's length check reports it).
func fetchBytes(url string, limit int64, progress func(n int64)) ([]byte, error) {
	resp, err := await(js.Global().Call("fetch", url, map[string]any{"cache": "no-cache"}))
	if err != nil {
		return nil, fmt.Errorf("downloading %s failed: %v (is the server still running?)", url, err)
	}
	if !resp.Get("ok").Bool() {
		return nil, fmt.Errorf("downloading %s failed: HTTP %d %s (run ./build.sh to build the data)", url, resp.Get("status").Int(), resp.Get("statusText").String())
	}
	reader := resp.Get("body").Call("getReader")
	buf := make([]byte, 0, max(limit, 0))
	for {
		res, err := await(reader.Call("read"))
		if err != nil {
			return nil, fmt.Errorf("downloading %s was interrupted: %v", url, err)
		}
		if res.Get("done").Bool() {
			break
		}
		chunk := res.Get("value")
		n := chunk.Length()
		start := len(buf)
		buf = append(buf, make([]byte, n)...)
		js.CopyBytesToGo(buf[start:], chunk)
		if progress != nil {
			progress(int64(len(buf)))
		}
		if int64(len(buf)) > limit {
			reader.Call("cancel")
			break
		}
	}
	return buf, nil
}
