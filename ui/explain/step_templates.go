package explain

import (
	"strconv"
	"strings"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// TemplateState is step 3's state: which image, which template, the gain the
// template is scaled by, and the probed position.
type TemplateState struct {
	Image    int     // index into the lab's validation images
	Tmpl     string  // a Template ID (builtin or "labK")
	Gain     float64 // the template is multiplied by Gain (0.5…3 in steps of 0.5)
	Row, Col int     // the probed position, 0…31
}

// NewTemplateState returns step 3's starting point.
func NewTemplateState() TemplateState {
	return TemplateState{Tmpl: "vertical", Gain: 1, Row: 12, Col: 4}
}

// maxLabTemplates caps how many learned filters the template list offers.
const maxLabTemplates = 16

// canvasScale is how many canvas pixels draw one image pixel.
const canvasScale = 4

// StepTemplates is step 3: templates slid over an image, with the response
// maps computed by the engine's convolution kernels.
type StepTemplates struct {
	S              *TemplateState
	Images         []byte
	Labels         []byte
	Classes        []string
	LabFilters     []float32
	LabFilterShape [4]int

	img  []byte    // the image shown (plane order)
	tmpl Template  // the template, before the gain
	resp Responses // its response maps

	respKey string // what resp was computed from
}

// numImages returns how many real images are available.
func (c *StepTemplates) numImages() int { return len(c.Images) / ImgBytes }

// templates lists the builtin templates followed by the lab's learned ones.
func (c *StepTemplates) templates() []Template {
	ts := append([]Template(nil), BuiltinTemplates...)
	for k := 0; k < min(c.LabFilterShape[0], maxLabTemplates); k++ {
		if t, ok := LabTemplate(c.LabFilters, c.LabFilterShape, k); ok {
			ts = append(ts, t)
		}
	}
	return ts
}

// BeforeBuild computes the image, template and response maps for this build.
func (c *StepTemplates) BeforeBuild() {
	if n := c.numImages(); n > 0 {
		c.S.Image = min(max(c.S.Image, 0), n-1)
		c.img = c.Images[c.S.Image*ImgBytes : (c.S.Image+1)*ImgBytes]
	} else {
		c.img = syntheticImage
	}
	c.tmpl = BuiltinTemplates[0]
	for _, t := range c.templates() {
		if t.ID == c.S.Tmpl {
			c.tmpl = t
		}
	}
	c.S.Tmpl = c.tmpl.ID
	w := make([]float32, TmplSize)
	for i, v := range c.tmpl.Weights {
		w[i] = float32(c.S.Gain) * v
	}
	// The page re-renders on every lab update; recompute only on a change.
	if key := c.dataKey(w); key != c.respKey {
		c.resp, c.respKey = ResponseMaps(w, PixelsToInput(c.img)), key
	}
}

// dataKey identifies the image and the (scaled) template weights.
func (c *StepTemplates) dataKey(w []float32) string {
	var sb strings.Builder
	sb.WriteString(itoa(len(c.Images)) + "/" + itoa(c.S.Image) + "/")
	for _, v := range w {
		sb.WriteString(strconv.FormatFloat(float64(v), 'g', -1, 32))
		sb.WriteByte(',')
	}
	return sb.String()
}

var syntheticImage = SyntheticImage()

func (c *StepTemplates) imageCaption() string {
	if c.numImages() == 0 {
		return "built-in test picture"
	}
	s := "image " + itoa(c.S.Image+1) + " of " + itoa(c.numImages())
	if c.S.Image < len(c.Labels) && int(c.Labels[c.S.Image]) < len(c.Classes) {
		s += " · " + c.Classes[c.Labels[c.S.Image]]
	}
	return s
}

func (c *StepTemplates) setImage(e vugu.DOMEvent) {
	if v, ok := parseNum(e.PropString("target", "value")); ok {
		c.S.Image = int(v) - 1
	}
}

func (c *StepTemplates) moveImage(d int) {
	if n := c.numImages(); n > 0 {
		c.S.Image = (c.S.Image + d + n) % n
	}
}

func (c *StepTemplates) setTemplate(e vugu.DOMEvent) { c.S.Tmpl = e.PropString("target", "value") }

func (c *StepTemplates) setGain(e vugu.DOMEvent) {
	if v, ok := parseNum(e.PropString("target", "value")); ok {
		c.S.Gain = snap1(clamp(v, 0.5, 3), 0.5, 3)
	}
}

// The probe.
func (c *StepTemplates) probeIndex() int { return c.S.Row*ImgSide + c.S.Col }

// MoveProbe moves the probed position one pixel in direction d (y up),
// staying inside the image.
func (s *TemplateState) MoveProbe(d Vec2) {
	s.Col = min(max(s.Col+int(d.X), 0), ImgSide-1)
	s.Row = min(max(s.Row-int(d.Y), 0), ImgSide-1)
}

// SetProbe probes the pixel at fractions (fx, fy) of the picture's width and
// height.
func (s *TemplateState) SetProbe(fx, fy float64) {
	s.Col = min(max(int(fx*ImgSide), 0), ImgSide-1)
	s.Row = min(max(int(fy*ImgSide), 0), ImgSide-1)
}

func (c *StepTemplates) probeKey(e vugu.DOMEvent) {
	if d, ok := arrowKey(e.PropString("key")); ok {
		ownKey(e)
		c.S.MoveProbe(d)
	}
}

func (c *StepTemplates) probeClick(e vugu.DOMEvent) {
	if fx, fy, ok := pointerFraction(e); ok {
		c.S.SetProbe(fx, fy)
	}
}

// Read-outs at the probe, from the engine's maps.
func (c *StepTemplates) wNorm() string { return fixed(c.resp.WNorm, 3) }
func (c *StepTemplates) xNorm() string {
	return fixed(float64(c.resp.PatchNorm[c.probeIndex()]), 3)
}
func (c *StepTemplates) raw() string  { return fixed(float64(c.resp.Raw[c.probeIndex()]), 3) }
func (c *StepTemplates) tnrm() string { return fixed(float64(c.resp.TmplNorm[c.probeIndex()]), 3) }
func (c *StepTemplates) cos() string  { return fixed(float64(c.resp.Cos[c.probeIndex()]), 3) }

// The shared colour scale of the raw and template-normalised maps: the
// largest |response| of the normalised template, so the raw map visibly
// saturates or fades as the gain moves away from |w| = 1.
func (c *StepTemplates) scale() float64 { return MaxAbs(c.resp.TmplNorm) }

func (c *StepTemplates) scaleText() string { return "±" + sig3(c.scale()) }

// Template swatch cells (3×3), coloured as an RGB picture of the weights.
type swatchCell struct {
	X, Y, Fill string
}

func (c *StepTemplates) swatch() []swatchCell {
	w := c.tmpl.Weights
	m := 0.0
	for _, v := range w {
		m = max(m, abs(float64(v)))
	}
	cells := make([]swatchCell, 9)
	for i := range cells {
		var rgb [3]byte
		for ch := 0; ch < 3; ch++ {
			t := 0.5
			if m > 0 {
				t = 0.5 + 0.5*float64(w[ch*9+i])/m
			}
			rgb[ch] = byte(clamp(t, 0, 1)*255 + 0.5)
		}
		cells[i] = swatchCell{X: itoa(20 * (i % 3)), Y: itoa(20 * (i / 3)), Fill: hexRGB(rgb)}
	}
	return cells
}

func hexRGB(c [3]byte) string {
	const h = "0123456789abcdef"
	b := []byte{'#', 0, 0, 0, 0, 0, 0}
	for i, v := range c {
		b[1+2*i], b[2+2*i] = h[v>>4], h[v&15]
	}
	return string(b)
}

func (c *StepTemplates) swatchTitle() string {
	s := "The template " + c.tmpl.Name + " as a 3×3 picture: bright cells are positive weights, dark ones negative."
	w := c.tmpl.Weights
	if w[0] == w[9] && w[0] == w[18] { // the same on every channel: list the 9 weights
		s += " Weights by row:"
		for i := 0; i < 9; i++ {
			if i%3 == 0 && i > 0 {
				s += ";"
			}
			s += " " + fixed(float64(w[i])*c.S.Gain, 2)
		}
		s += "."
	}
	return s
}

func (c *StepTemplates) swatchCaption() string {
	return "template w, |w| = " + fixed(c.resp.WNorm, 2)
}

// draw paints one of the four pictures into its canvas (a vg-js-populate
// callback): "image", "raw", "norm" or "cos".
func (c *StepTemplates) draw(el js.Value, which string) {
	if !el.Truthy() {
		return
	}
	// Skip the repaint when the canvas already shows this picture.
	key := which + "|" + c.respKey + "|" + itoa(c.S.Row) + "," + itoa(c.S.Col)
	if el.Get("exKey").String() == key {
		return
	}
	el.Set("exKey", key)
	var rgba []byte
	switch which {
	case "image":
		rgba = ImageRGBA(c.img, ImgSide)
	case "raw":
		rgba = MapRGBA(c.resp.Raw, c.scale())
	case "norm":
		rgba = MapRGBA(c.resp.TmplNorm, c.scale())
	default:
		rgba = MapRGBA(c.resp.Cos, 1)
	}
	big := Upscale(rgba, ImgSide, canvasScale)
	OutlineCell(big, ImgSide*canvasScale, canvasScale, c.S.Row, c.S.Col)
	paintCanvas(el, big, ImgSide*canvasScale)
}

func (c *StepTemplates) canvasLabel(which string) string {
	at := " The frame marks the probed patch at row " + itoa(c.S.Row+1) + ", column " + itoa(c.S.Col+1) + "."
	switch which {
	case "image":
		return "The image: " + c.imageCaption() + "." + at
	case "raw":
		return "Raw response w·x of the template at every position; orange positive, blue negative, scale " + c.scaleText() + "." + at
	case "norm":
		return "Response with the template normalised, (w/|w|)·x; same colour scale " + c.scaleText() + "." + at
	}
	return "Cosine response: template and patch both normalised; scale ±1." + at
}

func (c *StepTemplates) canvasSize() string { return itoa(ImgSide * canvasScale) }
