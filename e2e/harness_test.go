package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"hypersphere/cmd/serve/static"
	"hypersphere/internal/testenv"
)

var (
	repoRoot   string
	webDir     string
	chromePath string
	skipReason string
	buildErr   error
)

func TestMain(m *testing.M) {
	root, err := findRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	repoRoot = root
	webDir = filepath.Join(root, "web")
	chromePath, skipReason = findChromium()
	if skipReason == "" && os.Getenv("HYPERSPHERE_E2E_NOBUILD") != "1" {
		buildErr = build()
	}
	os.Exit(m.Run())
}

// findRoot is the project root (the folder holding go.mod).
func findRoot() (string, error) { return testenv.ProjectRoot() }

// findChromium returns the browser's path, or why the tests must skip.
func findChromium() (path, skip string) {
	candidates := []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"}
	look := func() string {
		for _, c := range candidates {
			if c == "" {
				continue
			}
			if st, err := os.Stat(c); err == nil && !st.IsDir() {
				return c
			}
		}
		for _, n := range []string{"chromium", "chromium-browser"} {
			if p, err := exec.LookPath(n); err == nil {
				return p
			}
		}
		return ""
	}
	if p := look(); p != "" {
		return p, ""
	}
	if _, err := exec.LookPath("apt-get"); err == nil && os.Geteuid() == 0 {
		fmt.Fprintln(os.Stderr, "e2e: chromium not found; installing it with apt-get")
		cmd := exec.Command("sh", "-c", "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err == nil {
			if p := look(); p != "" {
				return p, ""
			}
		}
	}
	return "", "headless Chromium is not installed and could not be installed (apt-get install chromium); set CHROMIUM to its path to run the browser tests"
}

// build runs ./build.sh so the test always sees a page built from the
// current sources.
func build() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(repoRoot, "build.sh"))
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "OUT="+webDir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("./build.sh failed: %v\n%s", err, out)
	}
	return nil
}

// needBrowser skips or fails the test when the browser or build is missing.
func needBrowser(t *testing.T) {
	t.Helper()
	if skipReason != "" {
		t.Skip(skipReason)
	}
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	if _, err := os.Stat(filepath.Join(webDir, "main.wasm")); err != nil {
		t.Fatalf("the page is not built (%v): run ./build.sh", err)
	}
}

// serve starts the project's static server on 127.0.0.1:0, optionally
// wrapped, and returns its URL.
func serve(t *testing.T, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	h, err := static.New(webDir)
	if err != nil {
		t.Fatal(err)
	}
	var handler http.Handler = h
	if wrap != nil {
		handler = wrap(h)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv.URL
}

// page is one browser tab with its console and log captured.
type page struct {
	ctx  context.Context
	mu   sync.Mutex
	errs []string
	logs []string
}

// newPage starts a headless Chromium (its own profile directory, removed
// after the browser has exited) and opens a tab.
func newPage(t *testing.T, width, height int64) *page {
	t.Helper()
	profile, err := os.MkdirTemp("", "hs-e2e-chrome-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromePath), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.UserDataDir(profile),
		chromedp.WindowSize(int(width), int(height)),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	p := &page{ctx: ctx}
	t.Cleanup(func() {
		cancel()
		acancel() // waits for the browser process to exit
		for i := 0; i < 5; i++ {
			if os.RemoveAll(profile) == nil {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
	})
	chromedp.ListenTarget(ctx, func(ev any) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var parts []string
			for _, a := range ev.Args {
				if a.Value != nil {
					parts = append(parts, strings.Trim(string(a.Value), `"`))
				} else {
					parts = append(parts, a.Description)
				}
			}
			text := strings.Join(parts, " ")
			p.logs = append(p.logs, string(ev.Type)+": "+text)
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeAssert || strings.Contains(text, "panic:") {
				p.errs = append(p.errs, "console."+string(ev.Type)+": "+text)
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			p.errs = append(p.errs, "exception: "+msg)
		case *log.EventEntryAdded:
			e := ev.Entry
			if e.Level == log.LevelError {
				p.errs = append(p.errs, "log ("+string(e.Source)+"): "+e.Text+" "+e.URL)
			}
		}
	})
	if err := chromedp.Run(ctx, log.Enable(), runtime.Enable()); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return p
}

// errors returns the console errors, exceptions and error log entries so far.
func (p *page) errors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.errs...)
}

// run runs chromedp actions with a timeout.
func (p *page) run(t *testing.T, timeout time.Duration, what string, actions ...chromedp.Action) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, timeout)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("%s: %v\nconsole errors: %v", what, err, p.errors())
	}
}

// eval evaluates a JavaScript expression into out.
func (p *page) eval(t *testing.T, expr string, out any) {
	t.Helper()
	p.run(t, 20*time.Second, "evaluating "+firstLine(expr), chromedp.Evaluate(expr, out))
}

// waitFor polls a JavaScript condition until it is true.
func (p *page) waitFor(t *testing.T, timeout time.Duration, what, cond string) {
	t.Helper()
	p.run(t, timeout, "waiting for "+what, chromedp.Poll(cond, nil, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i > 0 {
		s = s[:i] + "…"
	}
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}

// profileMainThread samples the page's main thread with the CPU profiler
// for d and returns the idle fraction of the samples and the number of
// samples in the training engine's code (wasm functions of
// hypersphere/engine).
func (p *page) profileMainThread(t *testing.T, d time.Duration) (idle float64, engine int64) {
	t.Helper()
	var prof *profiler.Profile
	p.run(t, d+30*time.Second, "profiling the main thread",
		profiler.Enable(), profiler.SetSamplingInterval(1000), profiler.Start(), chromedp.Sleep(d),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			prof, err = profiler.Stop().Do(ctx)
			return err
		}))
	var total, idleN int64
	for _, n := range prof.Nodes {
		total += n.HitCount
		switch name := n.CallFrame.FunctionName; {
		case name == "(idle)":
			idleN += n.HitCount
		case strings.Contains(name, "hypersphere_engine"):
			engine += n.HitCount
		}
	}
	if total == 0 {
		t.Fatal("the CPU profile has no samples")
	}
	return float64(idleN) / float64(total), engine
}

// outputDir returns test-output/ at the repository root.
func outputDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(repoRoot, "test-output")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
