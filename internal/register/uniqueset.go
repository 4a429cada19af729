package register

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
)

// uniqueSet remembers the unique values (uniqueKey) of every row claimed so
// far and finds, exactly, the first row that had the same values.
//
// A Go map of the values would keep every key in memory: a million-row
// register made the conversion's resident memory climb by ≈130 MB. Here the
// keys go to a temporary file (the log), each with the row it came from, and
// memory keeps only an open-addressing table of 8-byte slots (outside the Go
// heap, slots_unix.go): 26 bits of the key's hash and the offset of its
// record in the log. A slot whose hash bits
// match is confirmed by reading its record back and comparing the key byte
// for byte, so two different keys are never taken for a duplicate, whatever
// their hashes. The table holds at most 3 keys per 4 slots: 11–22 bytes a row.
//
// The hash is seeded at random per set (hash/maphash), so a register cannot be
// crafted to make its keys collide.
type uniqueSet struct {
	hash    func([]byte) uint64 // the keys' hash; tests make it collide
	slots   []uint64            // 0 is empty; else fingerprint<<offBits | offset
	n       int                 // keys in the table
	log     *os.File            // the records: sheet, row, key length, key
	w       *bufio.Writer       // appends to log
	size    int64               // bytes in log, buffered ones included
	flushed int64               // bytes of log already written to the file
	remove  string              // the log's name, when it could not be removed at once
	rec     []byte              // scratch for a record read back
}

const (
	offBits      = 38 // a log of up to 256 GiB
	offMask      = 1<<offBits - 1
	firstSlots   = 1 << 12
	recordHeader = 12 // sheet, row and key length, 4 bytes each
	maxUniqueKey = 1 << 30
)

func newUniqueSet() *uniqueSet {
	seed := maphash.MakeSeed()
	return &uniqueSet{hash: func(b []byte) uint64 { return maphash.Bytes(seed, b) }}
}

// claim records key for the row at here and returns the first row that
// claimed the same key, if any (dup). A duplicate key is not recorded again.
func (s *uniqueSet) claim(key []byte, here place) (first place, dup bool, err error) {
	if len(key) > maxUniqueKey {
		return place{}, false, fmt.Errorf("unique values of %d bytes", len(key))
	}
	if s.slots == nil {
		if err := s.open(); err != nil {
			return place{}, false, err
		}
	}
	if 4*(s.n+1) > 3*len(s.slots) { // so that the probe below always ends
		if err := s.grow(); err != nil {
			return place{}, false, err
		}
	}
	h := s.hash(key)
	fp := h >> offBits
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		slot := s.slots[i]
		if slot == 0 {
			off, err := s.append(key, here)
			if err != nil {
				return place{}, false, err
			}
			s.slots[i] = fp<<offBits | uint64(off)
			s.n++
			return place{}, false, nil
		}
		if slot>>offBits != fp {
			continue
		}
		p, same, err := s.compare(int64(slot&offMask), key)
		if err != nil || same {
			return p, same, err
		}
	}
}

// open creates the log (tempLog), so that no copy of the values outlives
// the process, even a killed one, on systems that allow it.
func (s *uniqueSet) open() error {
	slots, err := newSlots(firstSlots)
	if err != nil {
		return err
	}
	f, remove, err := tempLog()
	if err != nil {
		freeSlots(slots)
		return err
	}
	s.log, s.w, s.remove = f, bufio.NewWriterSize(f, 64<<10), remove
	// Offsets start at 1: a slot of 0 is empty.
	if err := s.w.WriteByte('U'); err != nil {
		return err
	}
	s.size, s.slots = 1, slots
	return nil
}

// append writes the record of key and returns its offset.
func (s *uniqueSet) append(key []byte, here place) (int64, error) {
	off := s.size
	if off+recordHeader+int64(len(key)) > offMask {
		return 0, errors.New("the unique values' temporary file is full")
	}
	var hd [recordHeader]byte
	binary.LittleEndian.PutUint32(hd[0:], here.sheet)
	binary.LittleEndian.PutUint32(hd[4:], here.row)
	binary.LittleEndian.PutUint32(hd[8:], uint32(len(key)))
	if _, err := s.w.Write(hd[:]); err != nil {
		return 0, err
	}
	if _, err := s.w.Write(key); err != nil {
		return 0, err
	}
	s.size += recordHeader + int64(len(key))
	return off, nil
}

// compare reads the record at off back and reports whether it holds key.
func (s *uniqueSet) compare(off int64, key []byte) (place, bool, error) {
	if err := s.flush(); err != nil {
		return place{}, false, err
	}
	need := recordHeader + len(key)
	if cap(s.rec) < need {
		s.rec = make([]byte, need)
	}
	rec := s.rec[:need]
	if off+int64(need) > s.size { // a shorter key near the end
		rec = rec[:s.size-off]
	}
	if _, err := s.log.ReadAt(rec, off); err != nil {
		return place{}, false, fmt.Errorf("read the unique values back: %w", err)
	}
	if len(rec) < need || binary.LittleEndian.Uint32(rec[8:]) != uint32(len(key)) ||
		!bytes.Equal(rec[recordHeader:], key) {
		return place{}, false, nil
	}
	return place{sheet: binary.LittleEndian.Uint32(rec[0:]), row: binary.LittleEndian.Uint32(rec[4:])}, true, nil
}

func (s *uniqueSet) flush() error {
	if s.flushed == s.size {
		return nil
	}
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("write the unique values: %w", err)
	}
	s.flushed = s.size
	return nil
}

// grow doubles the table and puts every key back, reading them from the log
// (the slots keep too few bits of the hash to place them otherwise).
func (s *uniqueSet) grow() error {
	if err := s.flush(); err != nil {
		return err
	}
	slots, err := newSlots(2 * len(s.slots))
	if err != nil {
		return err
	}
	if err := s.place(slots); err != nil {
		freeSlots(slots)
		return err
	}
	freeSlots(s.slots)
	s.slots = slots
	return nil
}

// place puts the key of every record of the log into slots.
func (s *uniqueSet) place(slots []uint64) error {
	mask := uint64(len(slots) - 1)
	r := bufio.NewReaderSize(io.NewSectionReader(s.log, 1, s.size-1), 64<<10)
	var hd [recordHeader]byte
	for off := int64(1); off < s.size; {
		if _, err := io.ReadFull(r, hd[:]); err != nil {
			return fmt.Errorf("read the unique values back: %w", err)
		}
		n := int(binary.LittleEndian.Uint32(hd[8:]))
		if cap(s.rec) < n {
			s.rec = make([]byte, n)
		}
		key := s.rec[:n]
		if _, err := io.ReadFull(r, key); err != nil {
			return fmt.Errorf("read the unique values back: %w", err)
		}
		h := s.hash(key)
		i := h & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = h>>offBits<<offBits | uint64(off)
		off += recordHeader + int64(n)
	}
	return nil
}

// close removes the log.
func (s *uniqueSet) close() error {
	if s.log == nil {
		return nil
	}
	err := s.log.Close()
	freeSlots(s.slots)
	if s.remove != "" {
		if rerr := os.Remove(s.remove); err == nil {
			err = rerr
		}
	}
	s.log, s.w, s.slots, s.n, s.size, s.flushed = nil, nil, nil, 0, 0, 0
	return err
}
