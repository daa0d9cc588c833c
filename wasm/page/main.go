//go:build js && wasm

// Command page is the Hypersphere page's WebAssembly main: it renders the
// Vugu root component (package ui), keeps the explainer step in the URL hash
// (#step-N, arrow keys move between steps), downloads and verifies the data,
// and runs one training Web Worker per variant (see controller). With
// ?bench=steps it runs the browser benchmark instead (see bench.go).
//
// URL parameters (for tests and demos): train=N (training images; any
// 64..10000, the shards holding them are downloaded), val=N (validation
// images used, default all), epochs=N, batch=N, preset=reduced|full,
// seed=N, autostart=1.
package main

import (
	"net/url"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"

	"hypersphere/ui"
	"hypersphere/ui/explain"
)

func main() {
	q := query()
	settings := settingsFrom(q)
	lab := ui.NewLab(settings)
	ctrl := newController(lab, q)

	r, err := domrender.New("#vugu_mount_point")
	if err != nil {
		fatal("could not start the page renderer: " + err.Error())
		return
	}
	env, err := vugu.NewBuildEnv(r.EventEnv())
	if err != nil {
		fatal("could not start the page renderer: " + err.Error())
		return
	}
	ctrl.env = r.EventEnv()
	root := &ui.Root{Lab: lab, Backend: ctrl, Step: stepFromHash(), OnStep: setHash}
	installNavigation(r.EventEnv(), root)
	go ctrl.renderLoop()

	switch {
	case q.Get("bench") != "":
		go ctrl.runBench(q)
	case q.Get("autostart") == "1":
		ctrl.Start(settings)
	}

	stats := js.Global().Get("Object").New()
	js.Global().Set("hypersphereStats", stats)
	var renders int
	var total, longest, build time.Duration
	for ok := true; ok; ok = r.EventWait() {
		t0 := time.Now()
		out := env.RunBuild(root)
		build += time.Since(t0)
		if err := r.Render(out); err != nil {
			fatal("the page could not be drawn: " + err.Error())
			return
		}
		// Render statistics for tests and the curious (window.hypersphereStats).
		d := time.Since(t0)
		renders++
		total += d
		longest = max(longest, d)
		stats.Set("renders", renders)
		stats.Set("renderMs", total.Seconds()*1000)
		stats.Set("renderMaxMs", longest.Seconds()*1000)
		stats.Set("buildMs", build.Seconds()*1000)
	}
}

// query returns the page's URL parameters.
func query() url.Values {
	q, err := url.ParseQuery(strings.TrimPrefix(js.Global().Get("location").Get("search").String(), "?"))
	if err != nil {
		return url.Values{}
	}
	return q
}

// intParam reads an integer parameter within lo..hi, or returns def.
func intParam(q url.Values, key string, def, lo, hi int) int {
	n, err := strconv.Atoi(q.Get(key))
	if err != nil || n < lo || n > hi {
		return def
	}
	return n
}

// settingsFrom applies URL parameters to the default settings.
func settingsFrom(q url.Values) ui.Settings {
	s := ui.DefaultSettings()
	s.TrainSize = intParam(q, "train", s.TrainSize, 64, 10000)
	s.Epochs = intParam(q, "epochs", s.Epochs, 1, 100)
	s.Batch = intParam(q, "batch", s.Batch, 8, 256)
	s.Seed = uint64(intParam(q, "seed", int(s.Seed), 0, 1<<31-1))
	if p := q.Get("preset"); p == "full" || p == "reduced" {
		s.Preset = p
	}
	return s
}

// stepFromHash reads #step-N.
func stepFromHash() int {
	h := js.Global().Get("location").Get("hash").String()
	n, err := strconv.Atoi(strings.TrimPrefix(h, "#step-"))
	if err != nil || n < 1 || n > explain.NumSteps {
		return 1
	}
	return n
}

// setHash records the step in the URL without adding history entries for
// every click.
func setHash(n int) {
	h := "#step-" + strconv.Itoa(n)
	if js.Global().Get("location").Get("hash").String() != h {
		js.Global().Get("history").Call("replaceState", nil, "", h)
	}
}

// installNavigation routes ArrowLeft/ArrowRight (outside form fields and
// charts) and hash changes (the Back button, edited URLs) to the explainer.
func installNavigation(env vugu.EventEnv, root *ui.Root) {
	doc := js.Global().Get("document")
	doc.Call("addEventListener", "keydown", js.FuncOf(func(_ js.Value, args []js.Value) any {
		e := args[0]
		key := e.Get("key").String()
		if key != "ArrowLeft" && key != "ArrowRight" {
			return nil
		}
		if e.Get("altKey").Bool() || e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("shiftKey").Bool() {
			return nil
		}
		if t := e.Get("target"); t.Truthy() {
			switch strings.ToLower(t.Get("tagName").String()) {
			case "input", "select", "textarea", "svg":
				return nil // the control (or a chart's read-out) uses the arrows itself
			}
			if t.Get("isContentEditable").Truthy() {
				return nil
			}
		}
		d := 1
		if key == "ArrowLeft" {
			d = -1
		}
		env.Lock()
		root.GoStep(root.Step + d)
		env.UnlockRender()
		return nil
	}))
	js.Global().Call("addEventListener", "hashchange", js.FuncOf(func(js.Value, []js.Value) any {
		if !strings.HasPrefix(js.Global().Get("location").Get("hash").String(), "#step-") {
			return nil // some other anchor: leave the explainer where it is
		}
		n := stepFromHash()
		env.Lock()
		if n != root.Step {
			root.Step = n
		}
		env.UnlockRender()
		return nil
	}))
}

// fatal shows a message in place of the page (used only when the renderer
// itself cannot work).
func fatal(msg string) {
	doc := js.Global().Get("document")
	p := doc.Call("createElement", "p")
	p.Set("className", "boot-error")
	p.Set("textContent", "Hypersphere: "+msg+". Reload the page; if it persists, rebuild it with ./build.sh.")
	doc.Get("body").Call("prepend", p)
	js.Global().Get("console").Call("error", "hypersphere: "+msg)
}
