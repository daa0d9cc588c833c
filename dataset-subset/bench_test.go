package subset

import "testing"

// BenchmarkDecodePage compares decoding 1,000 images with the median-edge
// filter against the unfiltered baseline, in the same run.
func BenchmarkDecodePage(b *testing.B) {
	s, err := DecodeRecords("synth", synthRecords(1000, 5))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		filter byte
	}{{"none", filterNone}, {"med", filterMED}} {
		data, err := encodePage(s, "train", 1, c.filter)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := DecodePage(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
