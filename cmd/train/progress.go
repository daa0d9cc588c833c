package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"hypersphere/engine/train"
)

// progress tracks every run's position and draws a combined progress line
// with an ETA on stderr: redrawn in place (\r) on a terminal, printed as
// plain lines at most every plainEvery otherwise. The line names the runs in
// progress and counts those done and queued. Epoch summaries are printed as
// their own lines in both cases.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	labels   []string // one per run
	pad      int      // width of the longest label
	epochs   int
	state    []variantState
	started  time.Time
	lastLine time.Time
	width    int // length of the last redrawn line, to blank it
	cols     int // terminal width
}

type variantState struct {
	epoch, step, steps int
	done               bool
}

const (
	redrawEvery = 250 * time.Millisecond
	plainEvery  = 30 * time.Second
)

// newProgress returns a progress display of runs with the given labels and
// epoch cap, writing to w.
func newProgress(w io.Writer, labels []string, epochs int) *progress {
	pad := 16
	for _, l := range labels {
		pad = max(pad, len(l))
	}
	return &progress{w: w, tty: isTerminal(w), labels: labels, pad: pad, epochs: epochs,
		state: make([]variantState, len(labels)), started: time.Now(), cols: terminalColumns()}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// event updates run i from one of its events. Called from the run's
// goroutine.
func (p *progress) event(i int, e train.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := &p.state[i]
	s.epoch, s.steps = e.Epoch, e.Steps
	switch e.Kind {
	case train.BatchDone:
		s.step = e.Step
	case train.EpochDone:
		m := e.Metrics
		p.clearLine()
		fmt.Fprintf(p.w, "%-*s epoch %d/%d: train loss %.4f acc %.2f%%, val loss %.4f acc %.2f%%, lr %.3g, %.0f images/s\n",
			p.pad, p.labels[i], m.Epoch, p.epochs, m.TrainLoss, 100*m.TrainAcc, m.ValLoss, 100*m.ValAcc, m.LR, m.ImagesPerSec)
	case train.LRDrop:
		p.clearLine()
		fmt.Fprintf(p.w, "%-*s learning rate lowered to %.3g after epoch %d\n", p.pad, p.labels[i], e.LR, e.Epoch)
	case train.EarlyStop:
		p.clearLine()
		fmt.Fprintf(p.w, "%-*s stopped early after epoch %d (validation loss no longer improving)\n", p.pad, p.labels[i], e.Epoch)
	case train.Diverged, train.Failed:
		p.clearLine()
		fmt.Fprintf(p.w, "%-*s STOPPED: %s\n", p.pad, p.labels[i], e.Err)
	}
	if !p.tty && time.Since(p.lastLine) >= plainEvery {
		p.lastLine = time.Now()
		fmt.Fprintln(p.w, p.line())
	}
}

// finish marks run i as over.
func (p *progress) finish(i int) {
	p.mu.Lock()
	p.state[i].done = true
	p.mu.Unlock()
}

// start begins redrawing (on a terminal) and returns the function that
// stops it and ends the line.
func (p *progress) start() (stop func()) {
	p.lastLine = time.Now()
	if !p.tty {
		return func() {}
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(redrawEvery)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
				p.mu.Lock()
				l := p.line()
				pad := max(p.width-len(l), 0)
				fmt.Fprintf(p.w, "\r%s%s", l, strings.Repeat(" ", pad))
				p.width = len(l)
				p.mu.Unlock()
			}
		}
	}()
	return func() {
		close(quit)
		wg.Wait()
		p.mu.Lock()
		p.clearLine()
		p.mu.Unlock()
	}
}

// clearLine blanks the redrawn line before a plain line is printed. The
// caller holds p.mu.
func (p *progress) clearLine() {
	if p.tty && p.width > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
		p.width = 0
	}
}

// fraction is how much of run s's work is done, 0..1. A finished run
// counts as complete whatever its epoch cap.
func (p *progress) fraction(s variantState) float64 {
	if s.done {
		return 1
	}
	if s.steps == 0 || s.epoch == 0 {
		return 0
	}
	return (float64(s.epoch-1) + float64(s.step)/float64(s.steps)) / float64(p.epochs)
}

// line renders the combined progress line. The caller holds p.mu.
func (p *progress) line() string {
	var b strings.Builder
	total := 0.0
	done, queued := 0, 0
	for i, s := range p.state {
		total += p.fraction(s)
		switch {
		case s.done:
			done++
		case s.epoch == 0:
			queued++
		default:
			fmt.Fprintf(&b, " | %s e%d %.0f%%", p.labels[i], s.epoch, 100*float64(s.step)/float64(s.steps))
		}
	}
	fmt.Fprintf(&b, " | %d done, %d queued", done, queued)
	f := total / float64(len(p.state))
	eta := "?"
	if f > 0 {
		elapsed := time.Since(p.started)
		eta = (time.Duration(float64(elapsed) * (1 - f) / f)).Round(time.Second).String()
	}
	l := fmt.Sprintf("[%3.0f%%] ETA %s%s", 100*f, eta, b.String())
	if p.tty && len(l) >= p.cols {
		l = l[:p.cols-1] // a wrapped line could not be redrawn in place
	}
	return l
}

// terminalColumns returns the terminal width from $COLUMNS, else 80.
func terminalColumns() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n >= 20 {
		return n
	}
	return 80
}
