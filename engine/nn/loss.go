package nn

import "hypersphere/engine/mathf"

// Softmax cross-entropy over k classes, numerically stable: with
// m = max_j z_j and S = Σ_j e^(z_j − m),
//
//	loss_i = log S − (z_y − m),     p_j = e^(z_j − m) / S,
//	d loss / d z_j = (p_j − [j = y]) / n   (mean over the n images).
//
// Exponentials and sums run in float64 through mathf, so the loss is the
// same on every platform.

// softmaxCrossEntropy returns the mean loss of the n rows of logits (k values
// each) against labels and the number of rows whose first argmax equals the
// label. When dlogits is non-nil it receives d loss / d logits.
func softmaxCrossEntropy(dlogits, logits []float32, labels []uint8, n, k int) (loss float64, correct int) {
	var total float64
	for i := 0; i < n; i++ {
		z := logits[i*k : (i+1)*k]
		y := int(labels[i])
		best := 0
		for j, v := range z {
			if v > z[best] {
				best = j
			}
		}
		if best == y {
			correct++
		}
		m := float64(z[best])
		var s float64
		for _, v := range z {
			s += mathf.Exp(float64(v) - m)
		}
		total += mathf.Log(s) - (float64(z[y]) - m)
		if dlogits != nil {
			d := dlogits[i*k : (i+1)*k]
			for j, v := range z {
				p := mathf.Exp(float64(v)-m) / s
				if j == y {
					p--
				}
				d[j] = float32(p / float64(n))
			}
		}
	}
	return total / float64(n), correct
}

// softmax writes the softmax of the n rows of logits (k values each) to dst.
func softmax(dst, logits []float32, n, k int) {
	for i := 0; i < n; i++ {
		z := logits[i*k : (i+1)*k]
		m := z[0]
		for _, v := range z {
			if v > m {
				m = v
			}
		}
		var s float64
		for _, v := range z {
			s += mathf.Exp(float64(v) - float64(m))
		}
		for j, v := range z {
			dst[i*k+j] = float32(mathf.Exp(float64(v)-float64(m)) / s)
		}
	}
}
