package nn

import "fmt"

// Info describes one variant of the network for the lab and the command.
type Info struct {
	Name     string // the variant's name, e.g. "gain_conv_dense"
	Summary  string // one sentence saying what the variant changes and why
	Source   string // where the idea comes from
	Original bool   // one of the four variants of the 2017 experiment
}

// variant is one row of the variant table: its description and the
// normalisation switches it sets.
type variant struct {
	info Info
	set  func(c *Config)
}

// Initial logit scales (learned from there) of norm_conv_dense_scaled, whose
// logits still carry the length of dense2's input, and of
// cosine_conv_dense_scaled, whose logits are bare cosines. See doc.go for
// the choice.
const (
	normScaleInit   = 1
	cosineScaleInit = 10
)

// variants is the table every lookup reads, in display order: the
// experiment's four, then the ones the papers propose.
var variants = []variant{
	{Info{Name: "baseline", Original: true, Source: "the 2017 experiment",
		Summary: "Plain dot products: each unit computes |w|·|x|·cos θ, so the lengths of its weights and of its input muddle the template match."},
		func(c *Config) {}},
	{Info{Name: "norm_conv", Original: true, Source: "the 2017 experiment",
		Summary: "Every conv filter is divided by its length, so the convolutions match their input against directions on the unit hypersphere; the dense layers stay plain."},
		func(c *Config) { c.NormConv = true }},
	{Info{Name: "norm_dense", Original: true, Source: "the 2017 experiment",
		Summary: "Every dense unit's weight row is divided by its length; the convolutions stay plain."},
		func(c *Config) { c.NormDense = true }},
	{Info{Name: "norm_conv_dense", Original: true, Source: "the 2017 experiment",
		Summary: "Every filter and every unit lives on the unit hypersphere, the combination that lost the benefit in the experiment: no weight length is left to make the logits large."},
		func(c *Config) { c.NormConv, c.NormDense = true, true }},
	{Info{Name: "gain_conv_dense", Source: "Salimans and Kingma, 2016 (weight normalisation)",
		Summary: "norm_conv_dense plus a learned length g per filter and unit, w = g·v/|v| with g starting at 1, so the search for directions stays on the sphere while the outputs and logits may grow again."},
		func(c *Config) { c.NormConv, c.NormDense, c.GainConv, c.GainDense = true, true, true, true }},
	{Info{Name: "norm_conv_dense_scaled", Source: "Wang et al., 2017 (NormFace)",
		Summary: "norm_conv_dense with one learned scale s on the logits, starting at 1, because a softmax over normalised templates cannot become confident unless something can make the logits large."},
		func(c *Config) {
			c.NormConv, c.NormDense = true, true
			c.LogitScale, c.LearnLogitScale = normScaleInit, true
		}},
	{Info{Name: "cosine_conv", Source: "Luo et al., 2017 (cosine normalisation)",
		Summary: "The convolutions compute cos θ itself, normalising each input patch as well as each filter, so every pre-activation lies in [−1, 1] whatever the brightness or contrast of the patch; the dense layers stay plain."},
		func(c *Config) { c.NormConv, c.CosineConv = true, true }},
	{Info{Name: "cosine_conv_dense_scaled", Source: "Luo et al., 2017; Wang et al., 2017",
		Summary: "Every layer computes cos θ between its normalised input and its normalised templates, and a learned logit scale starting at 10 lets the softmax become confident, since bare cosines would keep every logit within ±1 of its bias."},
		func(c *Config) {
			c.NormConv, c.NormDense, c.CosineConv, c.CosineDense = true, true, true, true
			c.LogitScale, c.LearnLogitScale = cosineScaleInit, true
		}},
}

// AllVariantNames are the experiment's four variants (VariantNames) followed
// by the variants the papers propose, in display order.
var AllVariantNames = func() []string {
	names := make([]string, len(variants))
	for i, v := range variants {
		names[i] = v.info.Name
	}
	return names
}()

// lookup returns the table row of name.
func lookup(name string) (variant, error) {
	for _, v := range variants {
		if v.info.Name == name {
			return v, nil
		}
	}
	return variant{}, fmt.Errorf("nn: unknown variant %q (want one of %v)", name, AllVariantNames)
}

// VariantInfo returns the description of the variant name (any of
// AllVariantNames).
func VariantInfo(name string) (Info, error) {
	v, err := lookup(name)
	return v.info, err
}

// VariantConfig returns base with the normalisation switches of the variant
// name (NormConv, NormDense, GainConv, GainDense, CosineConv, CosineDense,
// LogitScale, LearnLogitScale) replaced by the variant's; every other field
// (widths, activation, bias, dropout) is kept. It does not validate the rest
// of base.
func VariantConfig(name string, base Config) (Config, error) {
	v, err := lookup(name)
	if err != nil {
		return Config{}, err
	}
	c := base
	c.NormConv, c.NormDense = false, false
	c.GainConv, c.GainDense, c.CosineConv, c.CosineDense = false, false, false, false
	c.LogitScale, c.LearnLogitScale = 0, false
	v.set(&c)
	return c, nil
}
