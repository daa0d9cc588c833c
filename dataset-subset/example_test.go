package subset_test

import (
	"fmt"

	subset "hypersphere/dataset-subset"
)

// fetch stands in for the page's HTTP fetch of a file beside manifest.json.
func fetch(name string) []byte { return nil }

// The page's loading sequence: parse the manifest, pick the files the chosen
// training size needs, verify and decode each, then join the shards.
func Example() {
	m, err := subset.ParseManifest(fetch(subset.ManifestName))
	if err != nil {
		fmt.Println(err) // shown to the user
		return
	}
	entries, err := m.TrainFiles(5000) // shards 1 and 2
	if err != nil {
		fmt.Println(err)
		return
	}
	var shards []*subset.Set
	for _, e := range entries {
		s, err := subset.Load(e, fetch(e.Name)) // length + sha256, then decode
		if err != nil {
			fmt.Println(err) // e.g. "train-2.hsd: wrong length: got … bytes, the manifest says …"
			return
		}
		shards = append(shards, s)
	}
	train, err := subset.Concat(shards...)
	if err != nil {
		fmt.Println(err)
		return
	}
	valEntry, _ := m.ValFile()
	val, err := subset.Load(valEntry, fetch(valEntry.Name))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(train.Len(), val.Len())
}
