// Package subset reads CIFAR-10 in its official binary format and builds the
// compact, class-balanced subset that the Hypersphere page trains on.
//
// Reading: ReadBin (one .bin file), LoadDir (a directory of them) and
// LoadArchive (the official cifar-10-binary.tar.gz, streamed, never
// extracted). Every record is validated; bad input gives a *RecordError (or a
// plain error for whole-file problems) naming the file and the record index.
//
// Selecting: Balanced and BalancedSample take N images per class; Shards
// splits a training set into cumulative class-balanced shards so that the page
// downloads only what the chosen training size needs.
//
// The page format: EncodePage / DecodePage (one versioned binary file per
// split or shard) and a JSON Manifest listing each file's name, split, record
// count, length and sha256; Verify checks a downloaded file against its
// manifest entry. The decoding side (DecodePage, ParseManifest, Verify) is
// pure Go and works under GOOS=js GOARCH=wasm.
package subset
