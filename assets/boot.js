// Starts the Hypersphere page: checks that the browser can run it, then
// runs the Go WebAssembly main (main.wasm). Loaded as a file because the
// page's Content-Security-Policy forbids inline scripts and eval.
(function () {
	"use strict";
	var msg = document.getElementById("boot-msg");
	function fail(text) {
		if (msg) {
			msg.textContent = text;
			msg.className = "boot-error";
		}
	}
	if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
		fail("This browser cannot run WebAssembly, which the lab needs to train networks in the page. Please use a current version of Firefox, Chrome, Edge or Safari (and check that WebAssembly is not disabled).");
		return;
	}
	if (typeof Worker !== "function") {
		fail("This browser does not support Web Workers, which the lab needs to train several networks side by side without freezing the page. Please use a current browser.");
		return;
	}
	if (typeof Go !== "function" || typeof window.vuguRender !== "function") {
		fail("Part of the page did not load (wasm_exec.js or vugu-render.js). Reload the page; if it persists, rebuild it with ./build.sh.");
		return;
	}
	// Vugu's renderer installs its DOM helper with eval(), which the CSP
	// forbids. The same helper is already loaded from vugu-render.js, and
	// it returns at once when present, so the eval call has nothing to do.
	window.eval = function () {
		if (window.vuguRender) {
			return undefined;
		}
		throw new EvalError("eval is disabled on this page");
	};
	shareVuguState();
	var go = new Go();
	function run(result) {
		return go.run(result.instance);
	}
	var start = typeof WebAssembly.instantiateStreaming === "function"
		? WebAssembly.instantiateStreaming(fetch("main.wasm"), go.importObject)
		: fetch("main.wasm").then(function (r) { return r.arrayBuffer(); }).then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
	start.then(run).catch(function (err) {
		fail("The lab could not start: " + err + ". Reload the page; if it persists, rebuild it with ./build.sh.");
	});

	// The page runs two Vugu renderers (the explainer and the lab, see
	// wasm/page), each with its own state object in
	// window.hypersphereVuguStates; Vugu's helpers for the event being
	// handled read window.vuguState, so they are answered from the state
	// whose event handler is running.
	function shareVuguState() {
		function handling() {
			var list = window.hypersphereVuguStates || [];
			for (var i = 0; i < list.length; i++) {
				if (list[i].activeEvent) {
					return list[i];
				}
			}
			return window.vuguState || {};
		}
		window.vuguGetActiveEvent = function () {
			return handling().activeEvent;
		};
		window.vuguGetActiveEventTarget = function () {
			var e = handling().activeEvent;
			return e && e.target;
		};
		window.vuguGetActiveEventCurrentTarget = function () {
			var e = handling().activeEvent;
			return e && e.currentTarget;
		};
		window.vuguActiveEventPreventDefault = function () {
			var e = handling().activeEvent;
			if (e && e.preventDefault) {
				e.preventDefault();
			}
		};
		window.vuguActiveEventStopPropagation = function () {
			var e = handling().activeEvent;
			if (e && e.stopPropagation) {
				e.stopPropagation();
			}
		};
	}
})();
