package ui

import (
	"strconv"
	"strings"

	"github.com/vugu/vugu"

	"hypersphere/ui/charts"
)

// LabPanel is the live lab: controls, per-variant status, charts, the
// diagnostics panel, sharing and export, and the "looking inside" views.
type LabPanel struct {
	Lab     *Lab
	Backend Backend

	// NormLayer is the layer the per-layer diagnostics charts show.
	NormLayer string

	env     vugu.EventEnv
	cache   panelData
	copyMsg string // the outcome of the last Copy link / export
}

// panelData holds the chart series, rebuilt only when the runs' data
// (Lab.Version) or the chosen layer changes: a render caused by anything
// else (an explainer step, a hover) reuses them, and the charts, seeing the
// same series, reuse their layout.
type panelData struct {
	built                   bool
	version, runs           int
	layer                   string
	epochs                  int
	acc, valLoss, trainLoss []charts.Series
	markers                 []charts.Marker
	diag                    []DiagChart
}

// Init keeps the event environment for asynchronous updates (clipboard).
func (c *LabPanel) Init(ctx vugu.InitCtx) { c.env = ctx.EventEnv() }

// data returns the chart series, rebuilding them when stale.
func (c *LabPanel) data() *panelData {
	d := &c.cache
	l := c.Lab
	layer := c.normLayer()
	if d.built && d.version == l.Version && d.runs == len(l.Runs) && d.layer == layer && d.epochs == l.Settings.Epochs {
		return d
	}
	*d = panelData{built: true, version: l.Version, runs: len(l.Runs), layer: layer, epochs: l.Settings.Epochs}
	d.acc = AccSeries(l.Runs)
	d.valLoss = ValLossSeries(l.Runs)
	d.trainLoss = TrainLossSeries(l.Runs)
	d.markers = EpochMarkers(l.Runs)
	ed := c.epochDomain()
	cosSeries := CosHistSeries(l.Runs, layer)
	d.diag = []DiagChart{
		{ID: "chart-norm", PerLayer: true, Title: "Raw weight length |w| per filter or unit of " + layer,
			XLabel: "epoch", YLabel: "mean |w|", XDomain: ed, Series: WeightNormSeries(l.Runs, layer),
			Note: "In a normalised layer the forward pass sees only w/|w|, and the gradient is perpendicular to w: every step lengthens w, so |w| only grows. Plain layers can grow or shrink."},
		{ID: "chart-step", PerLayer: true, Title: "Effective step: the angle one update turns a template of " + layer,
			XLabel: "epoch", YLabel: "angle per step (°)", YUnit: "°", XDomain: ed, Series: StepAngleSeries(l.Runs, layer),
			Note: "As |w| grows the same update turns w by less, so a normalised layer's effective learning rate decays by itself; it also drops when the learning rate is lowered."},
		{ID: "chart-inputnorm", PerLayer: true, Title: "Input length |x|: the mean norm of the patches or vectors " + layer + " matches",
			XLabel: "epoch", YLabel: "mean |x|", XDomain: ed, Series: InputNormSeries(l.Runs, layer),
			Note: "W·X = |W||X| cos θ: this is the |X| that muddles the match. Where it differs between variants or drifts over the epochs, plain dot products mix input strength into the match; cosine layers divide it out."},
		{ID: "chart-cos", PerLayer: true, Title: "cos θ between inputs and templates of " + layer + " (latest epoch)",
			XLabel: "cos θ", YLabel: "share of pairs (%)", YPercent: true, XDomain: charts.Domain{Min: -1, Max: 1},
			Series: cosSeries, YDomain: fromZero(cosSeries),
			Note: "How well inputs match the templates. Mass far from 0 means sharp matches; a narrow peak at 0 means most templates barely respond to most inputs."},
		{ID: "chart-maxlogit", Title: "Logit scale: the mean largest logit on validation images",
			XLabel: "epoch", YLabel: "largest logit", XDomain: ed, Series: MaxLogitSeries(l.Runs),
			Note: "A softmax becomes confident only when the logits can grow large. Watch whether norm_conv_dense keeps pace with the others over the epochs: with every weight on the sphere only the activations can make logits large; a learned gain or logit scale gives it another way."},
		{ID: "chart-entropy", Title: "Softmax entropy: how unsure the predictions are",
			XLabel: "epoch", YLabel: "entropy (nats)", YUnit: "nats", XDomain: ed, Series: EntropySeries(l.Runs),
			Note: "log 10 ≈ 2.30 nats is a uniform guess, 0 is certainty. A variant stuck near the top cannot commit to a class even when its top guess is right."},
	}
	return d
}

func (c *LabPanel) s() *Settings { return &c.Lab.Settings }

// locked reports whether the settings are frozen (a run is under way).
func (c *LabPanel) locked() bool { return c.Lab.Running() }

func (c *LabPanel) toggleVariant(name string, e vugu.DOMEvent) {
	if c.locked() {
		return
	}
	c.s().Enabled[name] = e.PropBool("target", "checked")
}

func (c *LabPanel) setPreset(e vugu.DOMEvent) {
	if v := e.PropString("target", "value"); v == "reduced" || v == "full" {
		c.s().Preset = v
	}
}

func (c *LabPanel) setSize(e vugu.DOMEvent) {
	if n, err := strconv.Atoi(e.PropString("target", "value")); err == nil && n > 0 {
		c.s().TrainSize = n
	}
}

// setField applies a numeric control's text when it changes (see
// Lab.SetField).
func (c *LabPanel) setField(id string, e vugu.DOMEvent) {
	if c.locked() {
		return
	}
	c.Lab.SetField(id, e.PropString("target", "value"))
}

// editField re-checks a control that shows an error as the learner types,
// so the message goes as soon as the text is valid.
func (c *LabPanel) editField(id string, e vugu.DOMEvent) {
	if _, bad := c.Lab.FieldErrs[id]; bad {
		c.setField(id, e)
	}
}

// lrMax is the learning-rate control's max attribute.
func (c *LabPanel) lrMax() string { return plainNumber(maxLR) }

// lrHint explains the learning rate and its range, and what large rates do.
func (c *LabPanel) lrHint() string {
	h := "Adam's step size, " + plainNumber(minLR) + " to " + plainNumber(maxLR) + "; lowered ×0.1 when progress stalls. "
	if maxLR >= 1e5 {
		return h + "Large rates can diverge: at 100000 the baseline's numbers overflow within a few batches (the normalised variants held on in our runs)."
	}
	return h + "Large rates wreck training: near " + plainNumber(maxLR) + " the loss explodes and accuracy falls to chance."
}

// fieldErr is what is wrong with a numeric control, or "".
func (c *LabPanel) fieldErr(id string) string { return c.Lab.FieldErrs[id].Msg }

// ariaInvalid is the control's aria-invalid value.
func (c *LabPanel) ariaInvalid(id string) string {
	if c.fieldErr(id) != "" {
		return "true"
	}
	return "false"
}

// describedBy names the control's error (when shown) and hint.
func (c *LabPanel) describedBy(id string) string {
	if c.fieldErr(id) != "" {
		return id + "-err " + id + "-hint"
	}
	return id + "-hint"
}

// startWhy says why Start is disabled, or "" (while a run is under way
// the phase says it).
func (c *LabPanel) startWhy() string {
	if c.locked() || c.Backend == nil {
		return ""
	}
	return c.Lab.StartBlocked()
}

func (c *LabPanel) setSeeds(e vugu.DOMEvent) {
	if n, err := strconv.Atoi(e.PropString("target", "value")); err == nil && n >= 1 && n <= MaxSeeds {
		c.s().Seeds = n
	}
}

func (c *LabPanel) setAugment(e vugu.DOMEvent) { c.s().Augment = e.PropBool("target", "checked") }

func (c *LabPanel) setActivation(e vugu.DOMEvent) {
	if v := e.PropString("target", "value"); v == "relu" || v == "elu" {
		c.s().Activation = v
	}
}

func (c *LabPanel) setNormLayer(e vugu.DOMEvent) {
	v := e.PropString("target", "value")
	for _, n := range LayerNames {
		if n == v {
			c.NormLayer = v
		}
	}
}

func (c *LabPanel) normLayer() string {
	if c.NormLayer == "" {
		return "conv1"
	}
	return c.NormLayer
}

// canStart reports whether Start is enabled.
func (c *LabPanel) canStart() bool {
	return !c.locked() && c.Backend != nil && c.Lab.StartBlocked() == ""
}

func (c *LabPanel) start(vugu.DOMEvent) {
	if c.canStart() {
		c.Backend.Start(*c.s())
	}
}

func (c *LabPanel) pauseResume(vugu.DOMEvent) {
	switch c.Lab.Phase {
	case PhaseTraining:
		c.Backend.Pause()
	case PhasePaused:
		c.Backend.Resume()
	}
}

func (c *LabPanel) reset(vugu.DOMEvent) { c.Backend.Reset() }

func (c *LabPanel) pauseLabel() string {
	if c.Lab.Phase == PhasePaused {
		return "Resume"
	}
	return "Pause"
}

func (c *LabPanel) canPause() bool {
	return c.Lab.Phase == PhaseTraining || c.Lab.Phase == PhasePaused
}

// sizeOptions lists the training sizes, including a size set through the
// URL (tests use ?train=512).
func (c *LabPanel) sizeOptions() []int {
	out := append([]int(nil), TrainSizes...)
	for _, n := range out {
		if n == c.s().TrainSize {
			return out
		}
	}
	return append([]int{c.s().TrainSize}, out...)
}

func (c *LabPanel) sizeLabel(n int) string {
	s := Thousands(n) + " images"
	for _, t := range TrainSizes {
		if t == n {
			return s
		}
	}
	return s + " (test size)"
}

// seedOptions are the choices of the seeds control.
func (c *LabPanel) seedOptions() []int {
	out := make([]int, MaxSeeds)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// seedsHint explains the seeds control with the seeds it will use.
func (c *LabPanel) seedsHint() string {
	l := c.s().SeedList()
	if len(l) == 1 {
		return "more seeds show the spread: mean curve with a min–max band"
	}
	parts := make([]string, len(l))
	for i, s := range l {
		parts[i] = strconv.FormatUint(s, 10)
	}
	return "seeds " + strings.Join(parts, ", ") + ": charts show the mean and the min–max band"
}

// variantHint is a variant's one-sentence explanation, with its source for
// the ones the papers propose.
func variantHint(v string) string {
	h := VariantInfo[v]
	if src := VariantSource[v]; src != "" && src != "the 2017 experiment" {
		h += " (" + src + ")"
	}
	return h
}

// isOriginal reports whether v is one of the experiment's four variants.
func isOriginal(v string) bool {
	for _, o := range OriginalVariants {
		if o == v {
			return true
		}
	}
	return false
}

// shareLink is the page's address with the current settings.
func (c *LabPanel) shareLink() string { return pageAddress(SettingsQuery(*c.s())) }

// copyLink copies the share link to the clipboard.
func (c *LabPanel) copyLink(vugu.DOMEvent) {
	link := c.shareLink()
	c.copyMsg = "Copying…"
	env := c.env
	copyText(link, func(ok bool) {
		if env == nil {
			return
		}
		env.Lock()
		if ok {
			c.copyMsg = "Link copied: it replays these settings."
		} else {
			c.copyMsg = "Could not copy: select the link and press Ctrl+C."
		}
		env.UnlockRender()
	})
}

// downloadCSV saves every run's per-epoch metrics as a CSV file.
func (c *LabPanel) downloadCSV(vugu.DOMEvent) {
	if !c.canExportCSV() {
		return
	}
	download("hypersphere-runs.csv", "text/csv", CSV(c.Lab.Runs, c.Lab.Used))
	c.copyMsg = "Saved hypersphere-runs.csv."
}

// canExportCSV reports whether the CSV has a row to hold: a finished
// epoch, or a run that ended before finishing one (e.g. diverged).
func (c *LabPanel) canExportCSV() bool {
	for _, r := range c.Lab.Runs {
		if len(r.History) > 0 || r.State.Terminal() {
			return true
		}
	}
	return false
}

// exportChart saves the chart inside the element id as an SVG or PNG file.
func (c *LabPanel) exportChart(id, format string) {
	exportChart(id, format, "hypersphere-"+strings.TrimPrefix(id, "chart-"))
	c.copyMsg = "Saved hypersphere-" + strings.TrimPrefix(id, "chart-") + "." + format + "."
}

// runLabel names a run in its status line (with its seed when the runs
// have several).
func (c *LabPanel) runLabel(r *Run) string { return r.Label(c.multiSeed()) }

// multiSeed reports whether the runs include several seeds per variant.
func (c *LabPanel) multiSeed() bool { return len(c.Lab.Runs) > len(variantGroups(c.Lab.Runs)) }

// swatchClass gives the colour swatch of a variant (colours live in CSS,
// since the page's CSP forbids inline styles).
func swatchClass(name string) string { return "swatch sw-" + name }

func (c *LabPanel) stateClass(r *Run) string { return "state st-" + string(r.State) }

// statusLine is the per-variant one-line summary.
func (c *LabPanel) statusLine(r *Run) string {
	s := "epoch " + itoa(r.Epoch) + "/" + itoa(r.Epochs)
	if r.Steps > 0 {
		s += " · batch " + itoa(r.Step) + "/" + itoa(r.Steps)
	}
	s += " · " + Rate(r.ImagesPerSec)
	if !r.State.Terminal() {
		s += " · ETA " + Duration(r.ETA())
	}
	if p, ok := r.Last(); ok {
		s += " · val acc " + Percent(p.ValAcc) + " · val loss " + Sig3(p.ValLoss)
	}
	return s
}

func (c *LabPanel) epochDomain() charts.Domain {
	return charts.Domain{Min: 0, Max: float64(max(c.s().Epochs, 1))}
}

func (c *LabPanel) loadText() string {
	l := c.Lab
	if l.LoadTotal <= 0 {
		return "Loading " + l.LoadWhat + "…"
	}
	return "Loading " + l.LoadWhat + ": " + Bytes(l.LoadDone) + " of " + Bytes(l.LoadTotal)
}

// epochValues lists one per-epoch metric of a run, space-separated, for the
// page's data attributes (tests and the curious read them).
func epochValues(r *Run, metric string) string {
	out := make([]string, 0, len(r.History))
	for _, p := range r.History {
		v := p.TrainLoss
		if metric == "val_acc" {
			v = p.ValAcc
		}
		out = append(out, strconv.FormatFloat(v, 'g', 6, 64))
	}
	return strings.Join(out, " ")
}
