package ident

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrStation reports a station code that cannot be part of a serial.
var ErrStation = errors.New("station code must be 2–6 capitals and digits, ending in a letter")

// minCounterDigits is the least number of counter digits in a serial; together
// with the station code a serial always has at least 7 characters (GB/T 36904
// serials in use are 7–32).
const minCounterDigits = 5

// Serial returns the serial for the n-th certificate (n ≥ 1) issued at a station:
//
//	<station code><counter, zero-padded>
//
// The station code is 2–6 capitals and digits and ends in a letter (HQ, WH01A); the
// counter is decimal, zero-padded to max(5, 7 − len(station)) digits and grows beyond
// that as needed (HQ00001, WH01A00042, HQ1234567). Because the station code ends in a
// letter and the counter is all digits, every serial splits back into exactly one
// (station, counter) pair: two stations of one agency, each counting in its own
// ledger, can never produce the same serial.
func Serial(station string, n uint64) (string, error) {
	if err := CheckStation(station); err != nil {
		return "", err
	}
	if n == 0 {
		return "", errors.New("serial counter starts at 1")
	}
	var digits [20]byte
	d := strconv.AppendUint(digits[:0], n, 10)
	pad := max(minCounterDigits, 7-len(station)) - len(d)
	b := make([]byte, 0, len(station)+max(pad, 0)+len(d))
	b = append(b, station...)
	for ; pad > 0; pad-- {
		b = append(b, '0')
	}
	return string(append(b, d...)), nil
}

// CheckStation validates a station code (see Serial).
func CheckStation(station string) error {
	if len(station) < 2 || len(station) > 6 || !isAlnum(station) || isDigits(station[len(station)-1:]) {
		return fmt.Errorf("station %q: %w", station, ErrStation)
	}
	return nil
}

// SplitSerial splits a serial made by Serial into its station code and counter.
func SplitSerial(serial string) (station string, n uint64, err error) {
	i := strings.LastIndexFunc(serial, func(r rune) bool { return r < '0' || r > '9' })
	station, digits := serial[:i+1], serial[i+1:]
	if CheckStation(station) != nil || len(digits) < max(minCounterDigits, 7-len(station)) {
		return "", 0, fmt.Errorf("serial %q was not made by ezz: want a station code and a counter", serial)
	}
	n, err = strconv.ParseUint(digits, 10, 64)
	if err != nil || n == 0 {
		return "", 0, fmt.Errorf("serial %q: counter %q is out of range", serial, digits)
	}
	if s, _ := Serial(station, n); s != serial {
		return "", 0, fmt.Errorf("serial %q was not made by ezz: counter has extra leading zeros", serial)
	}
	return station, n, nil
}
