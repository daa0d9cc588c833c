package explain

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vugu/html"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/staticrender"
)

// page is one static render of a component, parsed.
type page struct {
	t    *testing.T
	html string
	doc  *html.Node
}

// render builds root once with vugu's static renderer and parses the HTML.
func render(t *testing.T, root vugu.Builder) page {
	t.Helper()
	var buf bytes.Buffer
	r := staticrender.New(&buf)
	env, err := vugu.NewBuildEnv(r.EventEnv())
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Render(env.RunBuild(root)); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	return page{t, buf.String(), doc}
}

func (p page) byID(id string) *html.Node {
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for _, a := range n.Attr {
			if a.Key == "id" && a.Val == id {
				found = n
			}
		}
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.doc)
	return found
}

// text returns the text content of the element with the given id.
func (p page) text(id string) string {
	p.t.Helper()
	n := p.byID(id)
	if n == nil {
		p.t.Fatalf("no element #%s in\n%s", id, p.html)
	}
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(sb.String())
}

// num parses the number shown in the element with the given id, as a
// reader would: the last number in its text, Unicode minus allowed.
func (p page) num(id string) float64 {
	p.t.Helper()
	s := p.text(id)
	fields := strings.FieldsFunc(strings.ReplaceAll(s, "−", "-"), func(r rune) bool {
		return !(r == '-' || r == '.' || (r >= '0' && r <= '9'))
	})
	for i := len(fields) - 1; i >= 0; i-- {
		if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
			return v
		}
	}
	p.t.Fatalf("#%s shows no number: %q", id, s)
	return 0
}

// attr returns attribute key of the element with the given id.
func (p page) attr(id, key string) (string, bool) {
	if n := p.byID(id); n != nil {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val, true
			}
		}
	}
	return "", false
}

// within checks a shown value against the math, allowing half a unit in the
// last displayed decimal (plus float slack).
func within(t *testing.T, what string, shown, want float64, decimals int) {
	t.Helper()
	if math.Abs(shown-want) > 0.5*math.Pow(10, -float64(decimals))+1e-9 {
		t.Errorf("%s: shown %v, math says %v", what, shown, want)
	}
}

func TestStepsNavigation(t *testing.T) {
	var told []int
	s := &Steps{Current: 3, OnChange: func(n int) { told = append(told, n) }}
	p := render(t, s)
	if got := p.text("ex-title"); got != "Templates on real images" {
		t.Errorf("title %q", got)
	}
	if !strings.Contains(p.html, `aria-current="step"`) || strings.Count(p.html, `aria-current="step"`) != 1 {
		t.Errorf("exactly one step should be marked current")
	}
	// The step buttons are one tab stop (the current one; arrow keys reach
	// the others) and the heading can take focus after Next and Back.
	dots := regexp.MustCompile(`<button[^>]*class="ex-dot[^"]*"[^>]*>`).FindAllString(p.html, -1)
	if len(dots) != NumSteps {
		t.Fatalf("%d step buttons, want %d", len(dots), NumSteps)
	}
	for i, d := range dots {
		want := `tabindex="-1"`
		if i+1 == 3 {
			want = `tabindex="0"`
		}
		if !strings.Contains(d, want) {
			t.Errorf("step button %d: %s, want %s", i+1, d, want)
		}
	}
	if tab, _ := p.attr("ex-title", "tabindex"); tab != "-1" {
		t.Errorf("heading tabindex %q, want -1", tab)
	}
	s.Go(4)
	s.Go(4) // no change, no call
	s.Go(99)
	if s.Current != 7 || len(told) != 2 || told[0] != 4 || told[1] != 7 {
		t.Errorf("Go: current %d, told %v", s.Current, told)
	}
	s.Current = 0 // out of range from a bad hash: clamps to 1
	p = render(t, s)
	_, backOff := p.attr("ex-back", "disabled")
	_, nextOff := p.attr("ex-next", "disabled")
	if p.text("ex-title") != "The neuron" || !backOff || nextOff {
		t.Errorf("step 0 should show step 1 with Back disabled and Next enabled")
	}
	s.Current = 7
	p = render(t, s)
	_, backOff = p.attr("ex-back", "disabled")
	_, nextOff = p.attr("ex-next", "disabled")
	if backOff || !nextOff {
		t.Errorf("step 7 should have Back enabled and Next disabled")
	}
	// Every step renders, with its title and without NaN or Inf anywhere.
	for n := 1; n <= NumSteps; n++ {
		s.Current = n
		p := render(t, s)
		if p.text("ex-title") != StepTitles[n-1] {
			t.Errorf("step %d title %q", n, p.text("ex-title"))
		}
		for _, bad := range []string{"NaN", "Inf", "%!"} {
			if strings.Contains(p.html, bad) {
				t.Errorf("step %d renders %q", n, bad)
			}
		}
		if strings.Contains(p.html, " style=") {
			t.Errorf("step %d uses an inline style attribute (blocked by the CSP)", n)
		}
	}
}

func TestStateSurvivesStepChanges(t *testing.T) {
	s := &Steps{Current: 2}
	render(t, s)
	s.st.dot.X = Vec2{-1, 2}
	s.Current = 5
	render(t, s)
	s.Current = 2
	p := render(t, s)
	if p.num("ex-d-xx") != -1 || p.num("ex-d-xy") != 2 {
		t.Errorf("step 2 lost its state: X = (%v, %v)", p.num("ex-d-xx"), p.num("ex-d-xy"))
	}
}

func TestNeuronShowsItsMath(t *testing.T) {
	for _, act := range Activations {
		st := NeuronState{X: [3]float64{1.5, -0.7, 0.3}, W: [3]float64{-1.2, 0.4, 2}, B: -0.3, Act: act.ID}
		p := render(t, &StepNeuron{S: &st})
		z := -1.2*1.5 + 0.4*-0.7 + 2*0.3 - 0.3
		within(t, "z", p.num("ex-n-z"), z, 2)
		within(t, act.ID+"(z)", p.num("ex-n-y"), act.F(z), 3)
		if !strings.Contains(p.html, "(−1.2)(1.5) + (0.4)(−0.7) + (2.0)(0.3) + (−0.3)") {
			t.Errorf("formula with the slider values missing")
		}
		if !strings.Contains(p.html, "(−1.80) + (−0.28) + (0.60) + (−0.30)") {
			t.Errorf("products missing or wrong")
		}
	}
}

func TestDotNumbersAgree(t *testing.T) {
	for _, st := range []DotState{
		{D: Vec2{2, 0.5}, X: Vec2{1, 1.5}, S: 1},
		{D: Vec2{-0.3, 1.7}, X: Vec2{2.2, -0.9}, S: 1.7},
		{D: Vec2{1, 0}, X: Vec2{-3.5, 0.1}, S: 0.2},
	} {
		p := render(t, &StepDot{S: &st})
		w := Vec2{p.num("ex-d-wx"), p.num("ex-d-wy")}
		x := Vec2{p.num("ex-d-xx"), p.num("ex-d-xy")}
		if w != st.W() || x != st.X {
			t.Errorf("shown W %v X %v, state W %v X %v", w, x, st.W(), st.X)
		}
		// Every derived number, recomputed from the displayed coordinates.
		within(t, "|W|", p.num("ex-d-nw"), w.Norm(), 3)
		within(t, "|X|", p.num("ex-d-nx"), x.Norm(), 3)
		within(t, "W·X", p.num("ex-d-dot"), w.X*x.X+w.Y*x.Y, 3)
		within(t, "cos θ", p.num("ex-d-cos"), (w.X*x.X+w.Y*x.Y)/(w.Norm()*x.Norm()), 3)
		within(t, "θ", p.num("ex-d-angle"), deg(math.Acos((w.X*x.X+w.Y*x.Y)/(w.Norm()*x.Norm()))), 1)
		within(t, "projection", p.num("ex-d-proj"), (w.X*x.X+w.Y*x.Y)/w.Norm(), 3)
	}
	// The scale slider: W·X scales, the angle does not.
	a := DotState{D: Vec2{2, 0.5}, X: Vec2{1, 1.5}, S: 1}
	b := a
	b.S = 2
	pa, pb := render(t, &StepDot{S: &a}), render(t, &StepDot{S: &b})
	if pa.text("ex-d-angle") != pb.text("ex-d-angle") || pa.text("ex-d-cos") != pb.text("ex-d-cos") {
		t.Errorf("scaling W changed the angle: %s vs %s", pa.text("ex-d-angle"), pb.text("ex-d-angle"))
	}
	within(t, "scaled W·X", pb.num("ex-d-dot"), 2*pa.num("ex-d-dot"), 3)
}

func TestDotControls(t *testing.T) {
	s := NewDotState()
	s.SetTip("x", Vec2{1.26, -2.04})
	if s.X != (Vec2{1.3, -2}) {
		t.Errorf("drag snaps X to %v, want (1.3, −2)", s.X)
	}
	s.S = 2
	s.SetTip("w", Vec2{3.1, 0.9}) // D = tip/S, snapped
	if math.Abs(s.D.X-1.55) > 0.05+1e-9 || math.Abs(s.D.Y-0.45) > 0.05+1e-9 {
		t.Errorf("dragging W's tip gives D = %v", s.D)
	}
	d := s.D
	s.Nudge("w", Vec2{0, 1})
	if !near(s.D.Y, d.Y+0.1, 1e-9) || s.D.X != d.X {
		t.Errorf("arrow up moved D from %v to %v", d, s.D)
	}
	s.SetTip("x", Vec2{})
	if s.X == (Vec2{}) {
		t.Errorf("X may not become the zero vector")
	}
}

func TestTemplatesProbeAgrees(t *testing.T) {
	imgs, labels := cifarImages(t, 5)
	st := NewTemplateState()
	st.Image, st.Tmpl, st.Gain, st.Row, st.Col = 3, "horizontal", 2.5, 20, 9
	c := &StepTemplates{S: &st, Images: imgs, Labels: labels, Classes: []string{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}}
	p := render(t, c)
	x := PixelsToInput(imgs[3*ImgBytes : 4*ImgBytes])
	w := make([]float32, TmplSize)
	for i, v := range BuiltinTemplates[1].Weights {
		w[i] = 2.5 * v
	}
	raw, norm, cos := direct(w, x, 20, 9)
	within(t, "raw", p.num("ex-t-raw"), raw, 3)
	within(t, "normalised", p.num("ex-t-norm"), norm, 3)
	within(t, "cosine", p.num("ex-t-cos"), cos, 3)
	// The displayed values are consistent with each other (to display precision).
	if math.Abs(p.num("ex-t-raw")/p.num("ex-t-wn")-p.num("ex-t-norm")) > 0.002 {
		t.Errorf("w·x / |w| = %v ≠ shown %v", p.num("ex-t-raw")/p.num("ex-t-wn"), p.num("ex-t-norm"))
	}
	if math.Abs(p.num("ex-t-norm")/p.num("ex-t-xn")-p.num("ex-t-cos")) > 0.002 {
		t.Errorf("(w/|w|)·x / |x| = %v ≠ shown %v", p.num("ex-t-norm")/p.num("ex-t-xn"), p.num("ex-t-cos"))
	}
	if p.text("ex-t-row") != "21" || p.text("ex-t-col") != "10" {
		t.Errorf("probe shown at %s, %s", p.text("ex-t-row"), p.text("ex-t-col"))
	}
	wantCap := "image 4 of 5 · " + c.Classes[labels[3]]
	if !strings.Contains(p.html, wantCap) {
		t.Errorf("caption %q missing", wantCap)
	}
}

func TestTemplatesWithoutData(t *testing.T) {
	st := NewTemplateState()
	st.Tmpl = "lab1" // a learned filter that is not there (yet)
	p := render(t, &StepTemplates{S: &st})
	if !strings.Contains(p.html, "once the lab has loaded its data") || !strings.Contains(p.html, "built-in test picture") {
		t.Errorf("no-data message missing")
	}
	if st.Tmpl != BuiltinTemplates[0].ID {
		t.Errorf("missing learned filter should fall back to %s, got %s", BuiltinTemplates[0].ID, st.Tmpl)
	}
	// With lab filters, they are offered and used.
	filters := make([]float32, 8*TmplSize)
	for i := range filters {
		filters[i] = float32(i%7) - 3
	}
	st.Tmpl = "lab1"
	p = render(t, &StepTemplates{S: &st, LabFilters: filters, LabFilterShape: [4]int{8, 3, 3, 3}})
	if st.Tmpl != "lab1" || !strings.Contains(p.html, "learned filter 8") {
		t.Errorf("learned filters not offered/selected")
	}
	raw, _, _ := direct(filters[TmplSize:2*TmplSize], PixelsToInput(SyntheticImage()), st.Row, st.Col)
	within(t, "raw with a learned filter", p.num("ex-t-raw"), raw, 3)
}

func TestBasisProductMatrix(t *testing.T) {
	st := BasisState{
		L1: Layer2{W: Mat2{1.2, -0.7, 0.4, 2.1}, B: Vec2{0.3, -1}},
		L2: Layer2{W: Mat2{-0.5, 1.1, 0.9, 0.2}, B: Vec2{0.6, 0.1}},
	}
	p := render(t, &StepBasis{S: &st})
	// W₂W₁ by hand.
	within(t, "m11", p.num("ex-b-m11"), -0.5*1.2+1.1*0.4, 2)
	within(t, "m12", p.num("ex-b-m12"), -0.5*-0.7+1.1*2.1, 2)
	within(t, "m21", p.num("ex-b-m21"), 0.9*1.2+0.2*0.4, 2)
	within(t, "m22", p.num("ex-b-m22"), 0.9*-0.7+0.2*2.1, 2)
	within(t, "c1", p.num("ex-b-c1"), -0.5*0.3+1.1*-1+0.6, 2)
	within(t, "c2", p.num("ex-b-c2"), 0.9*0.3+0.2*-1+0.1, 2)
	if strings.Contains(p.html, "folding is what lets") {
		t.Errorf("ReLU text shown with ReLU off")
	}
	// The point table: both routes give the same numbers for every point.
	c := &StepBasis{S: &st}
	for _, r := range c.rows() {
		if r.Two != r.One {
			t.Errorf("point %s: two layers %s, one layer %s", r.Name, r.Two, r.One)
		}
	}
}

func TestSphereRadialIsZero(t *testing.T) {
	for n := 0; n <= maxAscent; n += 3 {
		st := NewSphereState()
		st.N = n
		p := render(t, &StepSphere{S: &st})
		if got := p.text("ex-s-norm-rad"); got != "0.000" {
			t.Errorf("after %d steps the normalised radial part shows %q", n, got)
		}
		if got := p.text("ex-s-3d-rad"); got != "0.000" {
			t.Errorf("after %d steps the 3D radial part shows %q", n, got)
		}
		free := AscendFree(st.W0, st.X, ascentEta, n)[n]
		within(t, "free radial", p.num("ex-s-free-rad"), st.X.Dot(free.W.Unit()), 3)
		within(t, "free output", p.num("ex-s-free-out"), free.W.Dot(st.X), 3)
		within(t, "free |W|", p.num("ex-s-free-len"), free.W.Norm(), 3)
		if p.num("ex-s-norm-out") > st.X.Norm() {
			t.Errorf("normalised output above |X|")
		}
		if p.text("ex-s-n") != strconv.Itoa(n) {
			t.Errorf("step counter %s", p.text("ex-s-n"))
		}
	}
	st := NewSphereState()
	c := &StepSphere{S: &st}
	for i := 0; i < maxAscent+3; i++ {
		c.step(nil)
	}
	if st.N != maxAscent {
		t.Errorf("steps not capped: %d", st.N)
	}
	c.setW(Vec2{0.05, 0}) // too close to zero: ignored
	if st.N != maxAscent {
		t.Errorf("degenerate W accepted")
	}
	c.setW(Vec2{-1.23, 0.77})
	if st.N != 0 || st.W0 != (Vec2{-1.2, 0.8}) {
		t.Errorf("moving W should restart from the snapped point, got %v N=%d", st.W0, st.N)
	}
}

func TestReluOutputs(t *testing.T) {
	for _, st := range []ReLUState{{Theta: 60, NormX: 1.5}, {Theta: -135, NormX: 2}, {Theta: 90, NormX: 1}, {Theta: 180, NormX: 0.5}} {
		p := render(t, &StepRelu{S: &st})
		cos := p.num("ex-r-cos")
		z := st.NormX * cos
		within(t, "z", p.num("ex-r-z"), z, 3)
		within(t, "ReLU", p.num("ex-r-relu"), math.Max(0, p.num("ex-r-z")), 3)
		within(t, "ELU", p.num("ex-r-elu"), ELU(st.NormX*math.Cos(st.Theta*math.Pi/180)), 3)
		if math.Abs(st.Theta) >= 90 && p.num("ex-r-relu") != 0 {
			t.Errorf("θ = %v: ReLU passes %v", st.Theta, p.num("ex-r-relu"))
		}
		if math.Abs(st.Theta) > 90 && p.num("ex-r-elu") >= 0 {
			t.Errorf("θ = %v: ELU should be negative", st.Theta)
		}
	}
}

func TestExperimentButton(t *testing.T) {
	started := 0
	c := &StepExperiment{OnStartLab: func() { started++ }}
	p := render(t, c)
	for _, want := range []string{"85.33 %", "84.28 %", "82.04 %", "80.82 %", "norm_conv_dense", "seeds and spread matter"} {
		if !strings.Contains(p.html, want) {
			t.Errorf("step 7 lacks %q", want)
		}
	}
	if _, disabled := p.attr("ex-e-start", "disabled"); disabled {
		t.Errorf("start button disabled while the lab is idle")
	}
	c.start(nil)
	c.LabRunning = true
	c.start(nil)
	if started != 1 {
		t.Errorf("OnStartLab called %d times", started)
	}
	p = render(t, c)
	if _, disabled := p.attr("ex-e-start", "disabled"); !disabled {
		t.Errorf("start button enabled while the lab runs")
	}
}

func TestProbeAndViewControls(t *testing.T) {
	s := NewTemplateState()
	s.Row, s.Col = 0, 31
	s.MoveProbe(Vec2{1, 0}) // right, at the edge: stays
	s.MoveProbe(Vec2{0, 1}) // up, at the top: stays
	s.MoveProbe(Vec2{0, -1})
	s.MoveProbe(Vec2{-1, 0})
	if s.Row != 1 || s.Col != 30 {
		t.Errorf("probe at %d,%d, want 1,30", s.Row, s.Col)
	}
	s.SetProbe(0.5, 0.999)
	if s.Row != 31 || s.Col != 16 {
		t.Errorf("click probe at %d,%d, want 31,16", s.Row, s.Col)
	}
	s.SetProbe(-0.2, 1.5)
	if s.Row != 31 || s.Col != 0 {
		t.Errorf("out-of-picture click probed %d,%d", s.Row, s.Col)
	}

	v := NewSphereState()
	v.Rotate(0, 10)
	if v.View.Pitch != math.Pi/2 {
		t.Errorf("pitch %v not stopped at π/2", v.View.Pitch)
	}
	v.Rotate(3*math.Pi, 0)
	if math.Abs(v.View.Yaw) > math.Pi {
		t.Errorf("yaw %v not wrapped", v.View.Yaw)
	}
}
