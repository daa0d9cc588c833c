package nn

// Shape is the per-image shape of a layer's input or output: C channels of
// H×W values (a dense layer's vector is C×1×1).
type Shape struct{ C, H, W int }

// Size is the number of values of one image of this shape.
func (s Shape) Size() int { return s.C * s.H * s.W }

// Param is one trainable tensor. Data holds the raw values (for a
// weight-normalised weight, the unnormalised w), Grad d loss / d Data in the
// same layout. Conv weights are [out, in, kh, kw], dense weights [out, in],
// biases [out].
type Param struct {
	Name       string
	Shape      []int
	Data, Grad []float32
	// Normalized is true when the forward pass uses Data/(|Data row|+1e-8)
	// (one row per output filter or unit) instead of Data.
	Normalized bool
}

func newParam(name string, shape ...int) *Param {
	size := 1
	for _, d := range shape {
		size *= d
	}
	return &Param{Name: name, Shape: shape, Data: make([]float32, size), Grad: make([]float32, size)}
}

// Layer is one stage of the network. A layer is built for an input Shape and
// a maximum batch size and owns the buffers it needs.
type Layer interface {
	// Name identifies the layer in the model ("conv1", "act1", "pool1", …).
	Name() string
	// OutShape is the per-image shape of the layer's output.
	OutShape() Shape
	// Forward computes the output of n images stored back to back in x and
	// returns it. The result is a view into the layer's own buffer, valid
	// until the layer's next Forward. The layer may keep a reference to x
	// for Backward, so x must stay unchanged until then.
	Forward(x []float32, n int, training bool) []float32
	// Backward takes dy = d loss / d output for the n images of the last
	// Forward, overwrites the Grad of every Param of the layer, and writes
	// d loss / d input into dx unless dx is nil. dx must not alias dy.
	Backward(dy, dx []float32, n int)
	// Params lists the layer's trainable tensors (none for most layers).
	Params() []*Param
}

// weighted is implemented by the layers with a weight matrix (conv, dense):
// the model reports statistics for them.
type weighted interface {
	Layer
	weight() *Param
}

// callYield calls *y when it is set. Layers hold a pointer to the model's
// Yield field, so the hook can be installed after the model is built.
func callYield(y *func()) {
	if y != nil && *y != nil {
		(*y)()
	}
}
