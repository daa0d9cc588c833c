package subset

import (
	"hypersphere/internal/testenv"

	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// realRecords returns the first n records of each shared CIFAR file, read at
// run time (never stored in the repository), or nil when the data is absent.
func realRecords(tb testing.TB, n int) [][]byte {
	var out [][]byte
	dir, err := testenv.CIFAR10Dir()
	if err != nil {
		return nil
	}
	for _, name := range []string{"train.bin", "test.bin"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		buf := make([]byte, n*RecordSize)
		k, _ := f.Read(buf)
		f.Close()
		out = append(out, buf[:k-k%RecordSize])
	}
	return out
}

func FuzzReadRecords(f *testing.F) {
	for _, r := range realRecords(f, 3) {
		f.Add(r)
		f.Add(r[:RecordSize+100])
	}
	f.Add(synthRecords(2, 1))
	f.Add([]byte{10})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeRecords("fuzz.bin", data)
		s2, err2 := ReadRecords("fuzz.bin", bytes.NewReader(data), -1)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("known size says %v, unknown size says %v", err, err2)
		}
		if err != nil {
			var re *RecordError
			if !errors.As(err, &re) || re.File != "fuzz.bin" || re.Record < 0 || re.Record > len(data)/RecordSize {
				t.Fatalf("error %v does not name the file and a valid record", err)
			}
			if !errors.As(err2, &re) || re.File != "fuzz.bin" {
				t.Fatalf("stream error %v does not name the file", err2)
			}
			return
		}
		if s.Len() != len(data)/RecordSize || !bytes.Equal(toRecords(s), data) || !bytes.Equal(toRecords(s2), data) {
			t.Fatal("accepted input does not round-trip")
		}
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzDecodePage(f *testing.F) {
	for _, r := range realRecords(f, 2) {
		s, err := DecodeRecords("real", r)
		if err != nil {
			f.Fatal(err)
		}
		for _, filter := range []byte{filterNone, filterMED} {
			p, err := encodePage(s, "train", 1, filter)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(p)
		}
	}
	syn, _ := DecodeRecords("synth", synthRecords(1, 3))
	p, _ := encodePage(syn, "val", 0, filterMED)
	f.Add(p)
	p, _ = encodePage(&Set{Classes: []string{"a", "b"}}, "", 7, filterNone)
	f.Add(p)
	f.Add([]byte(PageMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodePage(data)
		if err != nil {
			if !errors.Is(err, ErrPage) {
				t.Fatalf("error %v does not wrap ErrPage", err)
			}
			return
		}
		if err := s.Check(); err != nil {
			t.Fatalf("decoded set is inconsistent: %v", err)
		}
		// The format is canonical: re-encoding gives the input back.
		h, err := ReadPageHeader(data)
		if err != nil {
			t.Fatal(err)
		}
		again, err := encodePage(s, h.Split, h.Shard, byte(h.Filter))
		if err != nil {
			t.Fatalf("decoded page does not re-encode: %v", err)
		}
		if !bytes.Equal(again, data) {
			t.Fatal("re-encoded page differs from the input")
		}
	})
}

func FuzzReadArchive(f *testing.F) {
	f.Add(officialLikeArchive(f))
	recs := synthRecords(2, 4)
	f.Add(makeArchive(f, tarEntry{ArchiveDir + "/train.bin", recs}, tarEntry{ArchiveDir + "/test.bin", recs[:RecordSize]}))
	f.Add([]byte{0x1f, 0x8b, 8, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		train, test, err := ReadArchive("fuzz.tar.gz", bytes.NewReader(data))
		if err != nil {
			return
		}
		if err := train.Check(); err != nil {
			t.Fatal(err)
		}
		if err := test.Check(); err != nil {
			t.Fatal(err)
		}
	})
}
