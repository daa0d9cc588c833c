package subset

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// wantRecordErr checks err is a *RecordError for file at record rec wrapping
// target, and that its message names both.
func wantRecordErr(t *testing.T, err error, file string, rec int, target error) {
	t.Helper()
	t.Logf("error: %v", err)
	var re *RecordError
	if !errors.As(err, &re) {
		t.Fatalf("got %v (%T), want a *RecordError", err, err)
	}
	if re.File != file || re.Record != rec {
		t.Errorf("error names %s record %d, want %s record %d: %v", re.File, re.Record, file, rec, err)
	}
	if target != nil && !errors.Is(err, target) {
		t.Errorf("error %v does not wrap %v", err, target)
	}
	msg := err.Error()
	if !strings.Contains(msg, file) || !strings.Contains(msg, "record "+strconv.Itoa(rec)) {
		t.Errorf("message %q should name %s and record %d", msg, file, rec)
	}
}

func TestReadBinErrors(t *testing.T) {
	dir := t.TempDir()
	good := synthRecords(3, 7)

	// Size not a multiple of 3073: 3 whole records then 100 stray bytes.
	p := writeFile(t, dir, "truncated.bin", good[:3*RecordSize-RecordSize+100])
	_, err := ReadBin(p)
	wantRecordErr(t, err, p, 2, ErrTruncated)

	p = writeFile(t, dir, "extra.bin", append(append([]byte(nil), good...), 1, 2, 3))
	_, err = ReadBin(p)
	wantRecordErr(t, err, p, 3, ErrTruncated)

	// Label 10 in record 1.
	bad := append([]byte(nil), good...)
	bad[RecordSize] = 10
	p = writeFile(t, dir, "label.bin", bad)
	_, err = ReadBin(p)
	wantRecordErr(t, err, p, 1, ErrLabel)
	if !strings.Contains(err.Error(), "bad label 10") {
		t.Errorf("message %q should quote the bad label", err)
	}

	// Missing file and a directory.
	if _, err := ReadBin(filepath.Join(dir, "nope.bin")); err == nil || !strings.Contains(err.Error(), "nope.bin") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := ReadBin(dir); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("directory: %v", err)
	}

	// A malformed batches.meta.txt beside the file is an error naming it.
	writeFile(t, dir, MetaFile, []byte("cat\ndog\n"))
	p = writeFile(t, dir, "ok.bin", good)
	if _, err := ReadBin(p); err == nil || !strings.Contains(err.Error(), MetaFile) {
		t.Errorf("bad meta: %v", err)
	}
}

func TestReadRecordsStreamErrors(t *testing.T) {
	good := synthRecords(4, 3)
	// Unknown size: a stream ending inside record 3.
	_, err := ReadRecords("stream", bytes.NewReader(good[:3*RecordSize+5]), -1)
	wantRecordErr(t, err, "stream", 3, ErrTruncated)
	// Declared size larger than the data (short read).
	_, err = ReadRecords("short", bytes.NewReader(good[:2*RecordSize]), int64(len(good)))
	wantRecordErr(t, err, "short", 2, ErrTruncated)
	// Declared size smaller than the data.
	_, err = ReadRecords("long", bytes.NewReader(good), 2*RecordSize)
	wantRecordErr(t, err, "long", 2, ErrTruncated)
	// A read error mid-record is reported with the record index.
	boom := errors.New("disk on fire")
	_, err = ReadRecords("failing", io.MultiReader(bytes.NewReader(good[:RecordSize+10]), errReader{boom}), -1)
	wantRecordErr(t, err, "failing", 1, boom)
	// Unknown size, clean end.
	s, err := ReadRecords("ok", bytes.NewReader(good), -1)
	if err != nil || s.Len() != 4 {
		t.Fatalf("clean stream: %v, %d records", err, s.Len())
	}
	// In memory.
	_, err = DecodeRecords("mem", good[:len(good)-1])
	wantRecordErr(t, err, "mem", 3, ErrTruncated)
	if s, err := DecodeRecords("empty", nil); err != nil || s.Len() != 0 {
		t.Errorf("empty input: %v", err)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestParseMeta(t *testing.T) {
	got, err := ParseMeta("m", []byte("a\r\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n\n"))
	if err != nil || len(got) != 10 || got[0] != "a" || got[9] != "j" {
		t.Fatalf("ParseMeta = %q, %v", got, err)
	}
	if _, err := ParseMeta("m.txt", []byte("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n")); err == nil || !strings.Contains(err.Error(), "m.txt") {
		t.Errorf("11 names: %v", err)
	}
	if _, err := ParseMeta("m.txt", []byte(strings.Repeat("x", 300)+"\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("long name: %v", err)
	}
}

func TestLoadDirLayouts(t *testing.T) {
	recs := synthRecords(25, 1)
	t.Run("official batches", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "data_batch_1.bin", recs[:10*RecordSize])
		writeFile(t, dir, "data_batch_2.bin", recs[10*RecordSize:20*RecordSize])
		writeFile(t, dir, "test_batch.bin", recs[20*RecordSize:])
		train, test, err := LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if train.Len() != 20 || test.Len() != 5 || !bytes.Equal(toRecords(train), recs[:20*RecordSize]) {
			t.Errorf("got %d train, %d test", train.Len(), test.Len())
		}
	})
	cases := []struct {
		name  string
		files []string
		want  string
	}{
		{"gap", []string{"data_batch_1.bin", "data_batch_3.bin", "test_batch.bin"}, "data_batch_2.bin is missing"},
		{"no train", []string{"test.bin"}, "no training data"},
		{"no test", []string{"train.bin"}, "no test data"},
		{"both trains", []string{"train.bin", "data_batch_1.bin", "test.bin"}, "both train.bin and data_batch"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range c.files {
				writeFile(t, dir, f, recs[:RecordSize])
			}
			_, _, err := LoadDir(dir)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), dir) {
				t.Errorf("got %v, want an error naming %s and saying %q", err, dir, c.want)
			}
		})
	}
	t.Run("bad record in a batch", func(t *testing.T) {
		dir := t.TempDir()
		bad := append([]byte(nil), recs[:3*RecordSize]...)
		bad[2*RecordSize] = 200
		writeFile(t, dir, "data_batch_1.bin", recs[:RecordSize])
		p := writeFile(t, dir, "data_batch_2.bin", bad)
		writeFile(t, dir, "test_batch.bin", recs[:RecordSize])
		_, _, err := LoadDir(dir)
		wantRecordErr(t, err, p, 2, ErrLabel)
	})
}

func TestLoadArchive(t *testing.T) {
	dir := t.TempDir()
	arc := officialLikeArchive(t)
	p := writeFile(t, dir, "cifar-10-binary.tar.gz", arc)
	train, test, err := LoadArchive(p)
	if err != nil {
		t.Fatal(err)
	}
	var want []byte
	for i := 1; i <= 5; i++ {
		want = append(want, synthRecords(20, uint32(i))...)
	}
	if !bytes.Equal(toRecords(train), want) {
		t.Error("archive train split is not data_batch_1..5 in order")
	}
	if !bytes.Equal(toRecords(test), synthRecords(30, 99)) {
		t.Error("archive test split differs from test_batch.bin")
	}
	if train.Classes[9] != "truck" || len(test.Classes) != 10 {
		t.Errorf("classes %q", train.Classes)
	}
}

func TestLoadArchiveErrors(t *testing.T) {
	dir := t.TempDir()
	recs := synthRecords(4, 5)
	check := func(name string, data []byte, wants ...string) error {
		t.Helper()
		p := writeFile(t, dir, name, data)
		_, _, err := LoadArchive(p)
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		t.Logf("error: %v", err)
		for _, w := range append([]string{p}, wants...) {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q should mention %q", name, err, w)
			}
		}
		return err
	}

	check("layout.tar.gz", makeArchive(t, tarEntry{"cifar-10-batches-py/data_batch_1", recs}, tarEntry{"other/test.bin", recs}),
		"unknown archive layout", "cifar-10-batches-py/data_batch_1")
	check("notgz.tar.gz", []byte("this is not gzip"), "not a gzip archive")

	// Truncated gzip: the stream ends inside record 2 of data_batch_1.bin.
	full := makeArchive(t, tarEntry{ArchiveDir + "/data_batch_1.bin", recs}, tarEntry{ArchiveDir + "/test_batch.bin", recs})
	var cut []byte
	for n := len(full) / 4; n < len(full); n++ {
		// Find a cut point that ends the stream inside record 2.
		_, _, err := ReadArchive("x", bytes.NewReader(full[:n]))
		var re *RecordError
		if errors.As(err, &re) && re.Record == 2 {
			cut = full[:n]
			break
		}
	}
	if cut == nil {
		t.Fatal("no cut point ends inside record 2")
	}
	err := check("cut.tar.gz", cut, ArchiveDir+"/data_batch_1.bin", "record 2")
	if !errors.Is(err, ErrTruncated) {
		t.Errorf("truncated gzip: %v should wrap ErrTruncated", err)
	}

	// Corrupt gzip: a flipped byte in the compressed stream is caught by
	// deflate or by the gzip checksum; either way a clear error, no panic.
	bad := append([]byte(nil), full...)
	bad[len(bad)/2] ^= 0xff
	check("flip.tar.gz", bad, "cifar10")

	// A damaged gzip checksum (deflate data intact) is still caught.
	crc := append([]byte(nil), full...)
	crc[len(crc)-8] ^= 1
	check("crc.tar.gz", crc, "corrupt archive after entry 2 ("+ArchiveDir+"/test_batch.bin)", "invalid checksum")

	// A bad label inside an archive entry names the entry and record.
	lab := append([]byte(nil), recs...)
	lab[3*RecordSize] = 10
	p := writeFile(t, dir, "label.tar.gz", makeArchive(t, tarEntry{ArchiveDir + "/data_batch_1.bin", lab}, tarEntry{ArchiveDir + "/test_batch.bin", recs}))
	_, _, err = LoadArchive(p)
	wantRecordErr(t, err, p+":"+ArchiveDir+"/data_batch_1.bin", 3, ErrLabel)

	// Size not a multiple of 3073 inside the archive.
	p = writeFile(t, dir, "size.tar.gz", makeArchive(t, tarEntry{ArchiveDir + "/data_batch_1.bin", recs[:RecordSize+7]}, tarEntry{ArchiveDir + "/test_batch.bin", recs}))
	_, _, err = LoadArchive(p)
	wantRecordErr(t, err, p+":"+ArchiveDir+"/data_batch_1.bin", 1, ErrTruncated)

	if _, _, err := LoadArchive(filepath.Join(dir, "missing.tar.gz")); err == nil || !strings.Contains(err.Error(), "missing.tar.gz") {
		t.Errorf("missing archive: %v", err)
	}
}
