// Command browserbench measures training throughput in the browser: it
// serves the built page (web/, from ./build.sh) on 127.0.0.1, opens it in
// headless Chromium with ?bench=steps, and prints the training images/s of
// each worker when 1, 2 and 4 variants train at once, for both network
// presets. Each worker trains a fixed number of steps after two untimed
// warm-up steps.
//
//	./build.sh && go run ./cmd/browserbench [-steps 20] [-fullsteps 6] [-workers 1,2,4]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/chromedp/chromedp"

	"hypersphere/cmd/serve/static"
)

// result mirrors the JSON the page leaves in window.hypersphereBench.
type result struct {
	Rows []struct {
		Preset   string
		Workers  int
		Variants []string
		IPS      []float64
	} `json:"rows"`
	Error string `json:"error"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "browserbench:", err)
		os.Exit(1)
	}
}

func run() error {
	dir := flag.String("dir", "web", "the built page (./build.sh)")
	steps := flag.Int("steps", 20, "timed training steps per worker, reduced network")
	fullSteps := flag.Int("fullsteps", 6, "timed training steps per worker, full network")
	batch := flag.Int("batch", 32, "batch size")
	workers := flag.String("workers", "1,2,4", "numbers of workers training at once")
	preset := flag.String("preset", "", "only this preset (reduced or full); default both")
	chrome := flag.String("chromium", "/usr/bin/chromium", "Chromium executable")
	timeout := flag.Duration("timeout", 20*time.Minute, "give up after this long")
	flag.Parse()

	h, err := static.New(*dir)
	if err != nil {
		return err
	}
	if _, err := os.Stat(*chrome); err != nil {
		return fmt.Errorf("chromium not found at %s (apt-get install chromium, or pass -chromium): %w", *chrome, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	q := url.Values{"bench": {"steps"}, "steps": {strconv.Itoa(*steps)}, "fullsteps": {strconv.Itoa(*fullSteps)},
		"batch": {strconv.Itoa(*batch)}, "workers": {*workers}}
	if *preset != "" {
		q.Set("preset", *preset)
	}
	pageURL := "http://" + ln.Addr().String() + "/?" + q.Encode()

	profile, err := os.MkdirTemp("", "hs-browserbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(*chrome), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.UserDataDir(profile))
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer acancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, tcancel := context.WithTimeout(ctx, *timeout)
	defer tcancel()

	fmt.Fprintf(os.Stderr, "browserbench: %s\n", pageURL)
	var raw string
	start := time.Now()
	err = chromedp.Run(ctx,
		chromedp.Navigate(pageURL),
		chromedp.Poll(`window.hypersphereBench`, &raw, chromedp.WithPollingInterval(500*time.Millisecond), chromedp.WithPollingTimeout(*timeout)),
	)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("no result within %v", *timeout)
		}
		return err
	}
	var res result
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		return fmt.Errorf("bad result %q: %v", raw, err)
	}
	if res.Error != "" {
		return errors.New(res.Error)
	}
	ua := ""
	_ = chromedp.Run(ctx, chromedp.Evaluate(`navigator.userAgent`, &ua))
	fmt.Printf("Training throughput in headless Chromium (batch %d; %d timed steps reduced, %d full; after 2 warm-up steps)\n", *batch, *steps, *fullSteps)
	fmt.Printf("browser: %s\nbenchmark time: %.0f s\n\n", ua, time.Since(start).Seconds())
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "network\tworkers\timages/s per worker\tmean per worker\ttotal")
	for _, r := range res.Rows {
		var parts []string
		total := 0.0
		for i, v := range r.IPS {
			parts = append(parts, fmt.Sprintf("%s %.3g", r.Variants[i], v))
			total += v
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.3g\t%.3g\n", r.Preset, r.Workers, strings.Join(parts, ", "), total/float64(max(len(r.IPS), 1)), total)
	}
	return tw.Flush()
}
