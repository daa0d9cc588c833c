// Package mathf holds portable elementary functions for the engine.
//
// Go's math.Exp and math.Log use assembly on amd64 and a pure-Go path under
// GOOS=js GOARCH=wasm, and the two can differ in the last bit. Training must
// give the same numbers in the browser as natively, so the engine calls the
// functions here instead. They are written in plain float64 arithmetic with
// every product explicitly rounded (float64(a*b)) so that no compiler may
// fuse a multiply and an add; the results are therefore bit-identical on
// every GOARCH, and within about one ulp of the true value.
package mathf
