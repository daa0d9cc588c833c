package subset

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// RecordError reports a problem with one record of a CIFAR-10 binary file.
type RecordError struct {
	File   string // the file (or archive entry) being read
	Record int    // 0-based index of the offending record
	Offset int64  // byte offset of the record's first byte in File
	Err    error  // what is wrong
}

// Error names the file, the record index and its byte offset, then the problem.
func (e *RecordError) Error() string {
	return fmt.Sprintf("cifar10: %s: record %d (byte offset %d): %v", e.File, e.Record, e.Offset, e.Err)
}

// Unwrap returns the underlying problem (ErrTruncated, ErrLabel or a read error).
func (e *RecordError) Unwrap() error { return e.Err }

// Errors wrapped by RecordError, for errors.Is.
var (
	// ErrTruncated means a file ends inside a record.
	ErrTruncated = errors.New("incomplete record")
	// ErrLabel means a record's label byte is not a class index 0..9.
	ErrLabel = errors.New("bad label")
)

func recordErr(file string, rec int, err error) *RecordError {
	return &RecordError{File: file, Record: rec, Offset: int64(rec) * RecordSize, Err: err}
}

// sizeError explains a file size that is not a whole number of records.
func sizeError(file string, size int64) error {
	whole := size / RecordSize
	return recordErr(file, int(whole), fmt.Errorf("%w: file size %d is not a multiple of %d (%d whole records, then %d stray bytes)",
		ErrTruncated, size, RecordSize, whole, size%RecordSize))
}

// DecodeRecords decodes official CIFAR-10 binary records held in memory.
// name is used in error messages. Classes are set to DefaultClasses.
func DecodeRecords(name string, data []byte) (*Set, error) {
	if len(data)%RecordSize != 0 {
		return nil, sizeError(name, int64(len(data)))
	}
	return ReadRecords(name, bytes.NewReader(data), int64(len(data)))
}

// ReadRecords reads official CIFAR-10 binary records from r. size is the
// number of bytes r should deliver, or -1 if unknown; a known size that is
// not a multiple of RecordSize is rejected before reading. Errors name the
// file and record index. Classes are set to DefaultClasses.
func ReadRecords(name string, r io.Reader, size int64) (*Set, error) {
	s := &Set{Classes: append([]string(nil), DefaultClasses...)}
	if size >= 0 {
		if size%RecordSize != 0 {
			return nil, sizeError(name, size)
		}
		// Trust the declared size for preallocation only up to a bound
		// (a corrupt header must not make us allocate gigabytes up front).
		n := min(size/RecordSize, 1<<14)
		s.Images = make([]byte, 0, n*ImageSize)
		s.Labels = make([]byte, 0, n)
	}
	if err := readInto(s, name, r, size); err != nil {
		return nil, err
	}
	return s, nil
}

// readInto appends the records of r to s.
func readInto(s *Set, name string, r io.Reader, size int64) error {
	var rec [RecordSize]byte
	want := int64(-1)
	if size >= 0 {
		want = size / RecordSize
	}
	for i := 0; want < 0 || int64(i) < want; i++ {
		n, err := io.ReadFull(r, rec[:])
		switch {
		case err == io.EOF && want < 0:
			return nil
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			return recordErr(name, i, fmt.Errorf("%w: got %d of %d bytes before the end of the file", ErrTruncated, n, RecordSize))
		case err != nil:
			return recordErr(name, i, fmt.Errorf("read failed after %d of %d bytes: %w", n, RecordSize, err))
		}
		if rec[0] >= NumClasses {
			return recordErr(name, i, fmt.Errorf("%w %d: not a class index 0..%d", ErrLabel, rec[0], NumClasses-1))
		}
		s.Labels = append(s.Labels, rec[0])
		s.Images = append(s.Images, rec[1:]...)
	}
	if size >= 0 {
		// The declared size is exhausted; anything more is a corrupt stream.
		var one [1]byte
		if n, _ := r.Read(one[:]); n > 0 {
			return recordErr(name, int(want), fmt.Errorf("%w: data continues past the declared size of %d bytes", ErrTruncated, size))
		}
	}
	return nil
}

// ParseMeta parses batches.meta.txt: one class name per line in label order.
// Blank lines (the official file ends with some) are ignored; exactly
// NumClasses names must remain. name is used in error messages.
func ParseMeta(name string, data []byte) ([]string, error) {
	var classes []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		c := strings.TrimSpace(sc.Text())
		if c == "" {
			continue
		}
		if len(c) > 255 {
			return nil, fmt.Errorf("cifar10: %s: line %d: class name longer than 255 bytes", name, line)
		}
		classes = append(classes, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cifar10: %s: line %d: %v", name, line+1, err)
	}
	if len(classes) != NumClasses {
		return nil, fmt.Errorf("cifar10: %s: found %d class names, want %d (one per line)", name, len(classes), NumClasses)
	}
	return classes, nil
}
