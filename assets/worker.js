// A training Web Worker: runs the Go engine (worker.wasm), which talks to
// the page in the messages of wasm/protocol. If the engine cannot start or
// stops, the page is told with a "failed" message.
"use strict";
importScripts("wasm_exec.js");
(function () {
	var go = new Go();
	var start = typeof WebAssembly.instantiateStreaming === "function"
		? WebAssembly.instantiateStreaming(fetch("worker.wasm"), go.importObject)
		: fetch("worker.wasm").then(function (r) { return r.arrayBuffer(); }).then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
	start.then(function (r) {
		return go.run(r.instance).then(function () {
			postMessage({ type: "failed", err: "the training engine stopped unexpectedly (see the browser console)" });
		});
	}).catch(function (err) {
		postMessage({ type: "failed", err: "the training engine could not start: " + err });
	});
})();
