// Package explain is the interactive explainer shown before the lab: seven
// steps, one Vugu component each, that walk a learner from a single neuron to
// the hypersphere constraint and the experiment the lab runs.
//
// The math every step displays lives in plain Go functions (geometry.go,
// neuron.go, response.go, fold.go, sphere.go) with their own unit tests; the
// components only hold the learner's state and format it. Numbers on screen
// are computed from the values the learner sees: controls move on a grid that
// the display shows exactly, and derived values are shown with enough digits
// to check the formula beside them.
//
// The Steps component is the container the page mounts; it keeps every step's
// state so a learner who goes back finds the step as they left it.
package explain
