//go:build js && wasm

// Command page is the Hypersphere page's WebAssembly main: it renders the
// Vugu root component (package ui), keeps the explainer step in the URL hash
// (#step-N, arrow keys move between steps), downloads and verifies the data,
// and runs one training Web Worker per variant (see controller). With
// ?bench=steps it runs the browser benchmark instead (see bench.go).
//
// The lab's whole configuration lives in the URL query (see
// ui.SettingsQuery: variants, preset, train, epochs, batch, lr, seed, seeds,
// aug, act, and val for the validation images used), so a link replays a
// run; the page rewrites the query with history.replaceState whenever the
// settings change. train accepts any 64..10000 (the shards holding them are
// downloaded). autostart=1 starts training at once.
package main

import (
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"

	"hypersphere/ui"
	"hypersphere/ui/explain"
)

func main() {
	q := query()
	settings, bad := ui.ParseSettingsReport(q)
	lab := ui.NewLab(settings)
	lab.URLNotice = ui.URLNotice(bad)
	ctrl := newController(lab, q)

	// Two renderers (see ui.Root): the page with the explainer, and the
	// lab mounted inside the page's #lab-host.
	page, err := newView("page", "#vugu_mount_point")
	if err != nil {
		fatal("could not start the page renderer: " + err.Error())
		return
	}
	root := &ui.Root{Lab: lab, Backend: ctrl, Step: stepFromHash(), OnStep: setHash}
	if err := page.render(root); err != nil {
		fatal("the page could not be drawn: " + err.Error())
		return
	}
	host := js.Global().Get("document").Call("getElementById", "lab-host")
	mount := js.Global().Get("document").Call("createElement", "div")
	mount.Set("id", "lab_mount")
	host.Call("appendChild", mount)
	labView, err := newView("lab", "#lab_mount")
	if err != nil {
		fatal("could not start the lab renderer: " + err.Error())
		return
	}
	labRoot := &ui.LabRoot{Lab: lab, Backend: ctrl}
	ctrl.env, ctrl.pageEnv = labView.r.EventEnv(), page.r.EventEnv()
	installNavigation(page.r.EventEnv(), root)

	syncURL := q.Get("bench") == "" // the benchmark page keeps its own URL
	go func() {
		for ok := true; ok; ok = labView.r.EventWait() {
			if err := labView.render(labRoot); err != nil {
				fatal("the lab could not be drawn: " + err.Error())
				return
			}
			if syncURL {
				setQuery(ui.SettingsQuery(lab.Settings))
			}
			ctrl.guardLeaving()
		}
	}()
	go ctrl.renderLoop()

	switch {
	case q.Get("bench") != "":
		go ctrl.runBench(q)
	case q.Get("autostart") == "1":
		ctrl.Start(settings)
	}

	for page.r.EventWait() {
		if err := page.render(root); err != nil {
			fatal("the page could not be drawn: " + err.Error())
			return
		}
	}
}

// view is one Vugu renderer with its build environment and its share of
// Vugu's JavaScript state. Vugu's DOM helper keeps the state of its one
// renderer in window.vuguState (mount point, event handlers, callbacks);
// each view has its own state object, put in place while the view is
// created and whenever it renders, and boot.js answers Vugu's "active
// event" questions from whichever state is handling an event.
type view struct {
	name  string
	r     *domrender.JSRenderer
	env   *vugu.BuildEnv
	state js.Value

	renders               int
	total, longest, build time.Duration
}

func newView(name, mount string) (*view, error) {
	state := js.Global().Get("Object").New()
	js.Global().Set("vuguState", state)
	list := js.Global().Get("hypersphereVuguStates")
	if !list.Truthy() {
		list = js.Global().Get("Array").New()
		js.Global().Set("hypersphereVuguStates", list)
	}
	list.Call("push", state)
	r, err := domrender.New(mount)
	if err != nil {
		return nil, err
	}
	env, err := vugu.NewBuildEnv(r.EventEnv())
	if err != nil {
		return nil, err
	}
	return &view{name: name, r: r, env: env, state: state}, nil
}

// renderMu lets one view render at a time (see view.render).
var renderMu sync.Mutex

// render builds and draws root, recording the time it took in
// window.hypersphereStats[v.name] (renders, ms, maxMs, buildMs), for tests
// and the curious.
//
// One view renders at a time: a render calls back into Go (vg-js-populate),
// and while it does the other view's render loop could run, switching
// window.vuguState and the shared instruction buffer mid-render.
func (v *view) render(root vugu.Builder) error {
	renderMu.Lock()
	defer renderMu.Unlock()
	js.Global().Set("vuguState", v.state)
	t0 := time.Now()
	out := v.env.RunBuild(root)
	v.build += time.Since(t0)
	if err := v.r.Render(out); err != nil {
		return err
	}
	d := time.Since(t0)
	v.renders++
	v.total += d
	v.longest = max(v.longest, d)
	all := js.Global().Get("hypersphereStats")
	if !all.Truthy() {
		all = js.Global().Get("Object").New()
		js.Global().Set("hypersphereStats", all)
	}
	all.Set(v.name, map[string]any{"renders": v.renders, "ms": v.total.Seconds() * 1000,
		"maxMs": v.longest.Seconds() * 1000, "buildMs": v.build.Seconds() * 1000})
	return nil
}

// setQuery puts the settings in the URL without adding a history entry,
// keeping the hash (the explainer's step).
func setQuery(query string) {
	loc := js.Global().Get("location")
	if loc.Get("search").String() == "?"+query {
		return
	}
	js.Global().Get("history").Call("replaceState", nil, "", "?"+query+loc.Get("hash").String())
}

// query returns the page's URL parameters.
func query() url.Values {
	q, err := url.ParseQuery(strings.TrimPrefix(js.Global().Get("location").Get("search").String(), "?"))
	if err != nil {
		return url.Values{}
	}
	return q
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

// intParam reads an integer parameter within lo..hi, or returns def.
func intParam(q url.Values, key string, def, lo, hi int) int {
	n, err := strconv.Atoi(q.Get(key))
	if err != nil || n < lo || n > hi {
		return def
	}
	return n
}
