// Package ident builds, parses and checks GB/T 36904 electronic-licence identifiers
// (证照标识):
//
//	1.2.156.3005.2.<type code>.<issuer code>.<serial>.<version>.<check>
//
// The check character is ISO/IEC 7064 MOD 37,36 over type code, issuer code, serial
// and version concatenated without dots. Parse accepts identifiers issued by others
// and reports a wrong check character as ErrCheckChar with the parsed ID, so a
// verifier can warn; New never produces one.
package ident

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Prefix is the object identifier arc every identifier starts with.
const Prefix = "1.2.156.3005.2."

// ID is a parsed identifier. Check is the check character as given (Parse) or
// computed (New).
type ID struct {
	TypeCode string // 21 chars: the defining authority's credit code + 3 digits
	Issuer   string // issuing authority code, usually an 18-char credit code
	Serial   string // 7–32 capitals and digits, unique per issuer and type
	Version  string // 3 digits, 001 for the first issue
	Check    byte   // ISO/IEC 7064 MOD 37,36 check character
}

// Errors for malformed identifiers. Parse wraps them with the offending part.
var (
	ErrPrefix    = fmt.Errorf("identifier must start with %q", Prefix)
	ErrParts     = errors.New("identifier must have type code, issuer, serial, version and check character after the prefix")
	ErrTypeCode  = errors.New("type code must be 21 characters: an 18-character credit code and 3 digits")
	ErrIssuer    = errors.New("issuer code must be 6–32 capitals and digits")
	ErrSerial    = errors.New("serial must be 7–32 capitals and digits")
	ErrVersion   = errors.New("version must be 3 digits from 001")
	ErrCheckChar = errors.New("wrong check character")
)

// CheckError is the ErrCheckChar failure with the characters involved.
type CheckError struct{ Got, Want byte }

func (e *CheckError) Error() string {
	return fmt.Sprintf("wrong check character: got %c, want %c", e.Got, e.Want)
}

// Is makes errors.Is(err, ErrCheckChar) true.
func (e *CheckError) Is(target error) bool { return target == ErrCheckChar }

const maxLen = 256

// Parse parses and validates s. If only the check character is wrong it returns the
// parsed ID and a *CheckError (errors.Is(err, ErrCheckChar)).
func Parse(s string) (ID, error) {
	if len(s) > maxLen {
		return ID{}, fmt.Errorf("identifier is %d bytes, longer than %d: %w", len(s), maxLen, ErrParts)
	}
	rest, ok := strings.CutPrefix(s, Prefix)
	if !ok {
		return ID{}, ErrPrefix
	}
	parts := strings.Split(rest, ".")
	if len(parts) != 5 {
		return ID{}, fmt.Errorf("%w (got %d parts)", ErrParts, len(parts))
	}
	if len(parts[4]) != 1 || !isAlnum(parts[4]) {
		return ID{}, fmt.Errorf("check %q: %w", parts[4], ErrParts)
	}
	id := ID{TypeCode: parts[0], Issuer: parts[1], Serial: parts[2], Version: parts[3], Check: parts[4][0]}
	if err := id.validate(); err != nil {
		return ID{}, err
	}
	if want := CheckChar(id.body()); want != id.Check {
		return id, &CheckError{Got: id.Check, Want: want}
	}
	return id, nil
}

// New builds the identifier for a certificate and computes its check character.
// version counts from 1.
func New(typeCode, issuer, serial string, version int) (ID, error) {
	if version < 1 || version > 999 {
		return ID{}, fmt.Errorf("version %d: %w", version, ErrVersion)
	}
	id := ID{TypeCode: typeCode, Issuer: issuer, Serial: serial, Version: version3(version)}
	if err := id.validate(); err != nil {
		return ID{}, err
	}
	id.Check = CheckChar(id.body())
	return id, nil
}

// version3 is version (1–999) in three digits, zero-padded.
func version3(version int) string {
	return string([]byte{byte('0' + version/100), byte('0' + version/10%10), byte('0' + version%10)})
}

// Next returns the identifier of the next version of the same certificate (an
// alteration keeps the serial and bumps the version).
func (id ID) Next() (ID, error) {
	return New(id.TypeCode, id.Issuer, id.Serial, id.VersionNumber()+1)
}

// VersionNumber returns the version as a number, 0 if it is malformed.
func (id ID) VersionNumber() int {
	n, err := strconv.Atoi(id.Version)
	if err != nil || len(id.Version) != 3 {
		return 0
	}
	return n
}

// String formats the identifier in its dotted form.
func (id ID) String() string {
	return Prefix + id.TypeCode + "." + id.Issuer + "." + id.Serial + "." + id.Version + "." + string(id.Check)
}

// CheckOK reports whether the check character is correct.
func (id ID) CheckOK() bool { return CheckChar(id.body()) == id.Check }

func (id ID) body() string { return id.TypeCode + id.Issuer + id.Serial + id.Version }

func (id ID) validate() error {
	switch {
	case len(id.TypeCode) != 21 || !isAlnum(id.TypeCode[:18]) || !isDigits(id.TypeCode[18:]):
		return fmt.Errorf("type code %q: %w", id.TypeCode, ErrTypeCode)
	case len(id.Issuer) < 6 || len(id.Issuer) > 32 || !isAlnum(id.Issuer):
		return fmt.Errorf("issuer %q: %w", id.Issuer, ErrIssuer)
	case len(id.Serial) < 7 || len(id.Serial) > 32 || !isAlnum(id.Serial):
		return fmt.Errorf("serial %q: %w", id.Serial, ErrSerial)
	case len(id.Version) != 3 || !isDigits(id.Version) || id.Version == "000":
		return fmt.Errorf("version %q: %w", id.Version, ErrVersion)
	}
	return nil
}

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// charValue is 1 + each character's index in alphabet, 0 for any other byte.
var charValue = func() (t [256]byte) {
	for i := range len(alphabet) {
		t[alphabet[i]] = byte(i + 1)
	}
	return t
}()

// CheckChar computes the ISO/IEC 7064 MOD 37,36 check character of s (capitals and
// digits): P=36; for each character S=(P+v) mod 36, with 0 read as 36, and P=2S mod 37;
// the check character has the value (37−P) mod 36. It returns 0 if s has any other
// character.
func CheckChar(s string) byte {
	p := 36
	for i := 0; i < len(s); i++ {
		v := int(charValue[s[i]]) - 1
		if v < 0 {
			return 0
		}
		sum := (p + v) % 36
		if sum == 0 {
			sum = 36
		}
		p = 2 * sum % 37
	}
	return alphabet[(37-p)%36]
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
