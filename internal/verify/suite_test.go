package verify

import (
	"slices"

	"context"
	"fmt"
	"rsc.io/qr/coding"
	"testing"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/qr"
	"ezz/internal/record"
	"ezz/internal/workday"
)

// tamperCase is one certificate file (or QR code) and the check that must
// catch it, with its exact reason.
type tamperCase struct {
	name    string
	data    []byte // a file, or nil for qr
	qr      string // a QR payload when data is nil
	opts    Options
	check   string
	result  string
	reason  string
	verdict string
}

func TestTamperSuite(t *testing.T) {
	for _, tc := range tamperCases(t, shared(t)) {
		t.Run(tc.name, func(t *testing.T) { tc.run(t) })
	}
}

// tamperCases are the forged, damaged and doubtful inputs with the check
// each must fail (or warn about) and the verdict.
func tamperCases(t *testing.T, f *fixture) []tamperCase {
	ctx := context.Background()
	a, b := f.sample(t, 0), f.sample(t, 1)
	revoked := f.sample(t, 0)
	err := f.led.SetStatus(ctx, ledger.StatusChange{Identifier: revoked.ID.String(), Status: "07", Reason: "违法经营", Actor: "test", Station: "HQ", At: issueTime.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	other := otherFixture(t)
	stranger := other.sample(t, 0)
	strangerSubject := other.issuer.Cert().Subject.CommonName
	opts := f.options(checkAt)
	late := f.options(time.Date(2026, 7, 1, 0, 0, 0, 0, workday.Shanghai))
	tests := []tamperCase{
		{"byte flipped in signed range", flipSigned(t, a.PDF), "", opts, CheckPDFSignature, Fail,
			`signature "Signature1": digest mismatch: the signed bytes were changed`, Invalid},
		{"page content changed by an appended update", changePage(t, a.PDF), "", opts, CheckPDFSignature, Fail,
			fmt.Sprintf(`signature "Signature1": content was changed after signing by an incremental update: object %d (stream) was changed after signing`, objNum(t, a.PDF, `/Contents (\d+) 0 R`)), Invalid},
		{"record swapped by an appended update", swapRecord(t, a.PDF, b.Envelope), "", opts, CheckPDFSignature, Fail,
			fmt.Sprintf(`signature "Signature1": content was changed after signing by an incremental update: object %d (stream /Type /EmbeddedFile /Subtype /application/json) was changed after signing`, recordNum(t, a.PDF)), Invalid},
		{"record of another certificate signed in", f.build(t, a, b.Envelope, a.QR), "", opts, CheckRecord, Fail,
			fmt.Sprintf("the embedded record is certificate %s but the PDF is %s", b.ID, a.ID), Invalid},
		{"QR code of another certificate", f.build(t, a, a.Envelope, b.QR), "", opts, CheckQR, Fail,
			fmt.Sprintf("the QR code belongs to certificate %s, not %s", b.ID, a.ID), Invalid},
		{"expired QR code in a file", a.PDF, "", late, CheckQR, Warn,
			"the QR code expired at 2026-06-13 10:00:00 +08:00 (checked as of 2026-07-01 00:00:00 +08:00); the code drawn on the page is the same", Valid},
		{"QR code drawn is another certificate's", f.buildDrawn(t, a, a.Envelope, modules(t, b.QR), a.QR), "", opts, CheckQR, Fail,
			fmt.Sprintf("QR code 1 drawn on the page reads %.60q…, not the QR payload the PDF carries", b.QR), Invalid},
		{"QR code drawn with its data damaged", f.buildDrawn(t, a, a.Envelope, damaged(t, a.QR), a.QR), "", opts, CheckQR, Fail,
			"QR code 1 drawn on the page cannot be read: more of its modules are wrong than error correction repairs", Invalid},
		{"QR code drawn with another mask", f.buildDrawn(t, a, a.Envelope, otherMask(t, a.QR), a.QR), "", Options{Trust: f.trust, At: late.At}, CheckQR, Warn,
			"the QR code expired at 2026-06-13 10:00:00 +08:00 (checked as of 2026-07-01 00:00:00 +08:00); the code drawn on the page is the same", Valid},
		{"QR code drawn in UTF-16 behind an ECI designator", f.buildDrawn(t, a, a.Envelope, eciDrawn(t, a.QR), a.QR), "", opts, CheckQR, Fail,
			"QR code 1 drawn on the page may not read the same on every phone: it uses ECI, which scanners apply, show or skip each their own way", Invalid},
		{"expired QR code given alone", nil, a.QR, late, CheckQR, Fail,
			"the QR code expired at 2026-06-13 10:00:00 +08:00 (checked as of 2026-07-01 00:00:00 +08:00)", Invalid},
		{"revoked in the ledger", revoked.PDF, "", opts, CheckStatus, Fail,
			"07 revoked (吊销): 违法经营, since 2026-03-15 11:00 CST, per workspace " + f.dir, Invalid},
		{"revoked, QR code given alone", nil, revoked.QR, opts, CheckStatus, Fail,
			"07 revoked (吊销): 违法经营, since 2026-03-15 11:00 CST, per workspace " + f.dir, Invalid},
		{"untrusted signer", stranger.PDF, "", opts, CheckSignerTrust, Fail,
			fmt.Sprintf("the signer %q (key %s, certified by %q) does not chain to a trusted issuer", strangerSubject, other.issuer.KeyID, other.issuer.Chain[1].Subject.CommonName), Invalid},
		{"truncated file", a.PDF[:len(a.PDF)/2], "", opts, CheckPDFSignature, Fail,
			"the PDF is truncated: it does not end with startxref and %%EOF", Invalid},
		{"not a PDF", []byte("PK\x03\x04 this is a zip file"), "", opts, CheckPDFSignature, Fail,
			"the file is not a PDF", Invalid},
		{"empty file", []byte{}, "", opts, CheckPDFSignature, Fail, "the file is empty", Invalid},
		{"certificate expired", a.PDF, "", f.options(time.Date(2031, 3, 15, 0, 0, 0, 0, workday.Shanghai)), CheckValidity, Fail,
			"expired: valid through 2031-03-14 (checked as of 2031-03-15)", Invalid},
		{"no trust anchors", a.PDF, "", Options{At: checkAt}, CheckSignerTrust, NotChecked, NoTrust, CannotCheck},
		{"no status source", a.PDF, "", Options{Trust: f.trust, At: checkAt}, CheckStatus, NotChecked,
			"not checked: no status source (give --home of the issuing workspace)", Valid},
		{"QR code of a certificate issued elsewhere", nil, stranger.QR, opts, CheckSignerTrust, Fail,
			fmt.Sprintf("the QR code's key %s: unknown signing key %q", other.issuer.KeyID, other.issuer.KeyID), Invalid},
		{"QR garbage", nil, "EZZ1:not base45 !!", opts, CheckQR, Fail,
			"the QR code: not a well-formed ezz QR token: no ':' after the identifier", Invalid},
	}
	return tests
}

func (tc tamperCase) run(t *testing.T) {
	var r *Report
	if tc.data != nil {
		r = File(context.Background(), tc.data, "c.pdf", tc.opts)
	} else {
		r = QR(context.Background(), tc.qr, tc.opts)
	}
	c := r.Check(tc.check)
	if c.Result != tc.result || c.Reason.En != tc.reason {
		t.Errorf("%s: got %s %q, want %s %q", tc.check, c.Result, c.Reason.En, tc.result, tc.reason)
	}
	if r.Verdict != tc.verdict || r.Valid != (tc.verdict == Valid) {
		t.Errorf("got verdict %s (valid %v), want %s", r.Verdict, r.Valid, tc.verdict)
	}
	for _, c := range r.Checks {
		if c.Reason.IsZero() {
			t.Errorf("%s: %s without a reason", c.Name, c.Result)
		}
	}
}

// otherFixture is a second pilot workspace with keys of its own.
func otherFixture(t testing.TB) *fixture {
	t.Helper()
	f, err := newFixture()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestWrongCheckCharacter signs a record whose identifier has a wrong check
// character, as a faulty issuer might: the record check fails with got/want.
func TestWrongCheckCharacter(t *testing.T) {
	f := shared(t)
	c := f.sample(t, 1)
	bad := *c.Record
	want := bad.Identifier[len(bad.Identifier)-1]
	got := byte('0')
	if want == '0' {
		got = '1'
	}
	bad.Identifier = bad.Identifier[:len(bad.Identifier)-1] + string(got)
	bad.Meta.ZZBS = bad.Identifier
	env, _, err := record.Seal(&bad, f.issuer.Key, f.issuer.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	tc := tamperCase{data: f.build(t, c, env, c.QR), opts: f.options(checkAt), check: CheckRecord, result: Fail,
		reason:  fmt.Sprintf("identifier %s has check character %c, want %c", bad.Identifier, got, want),
		verdict: Invalid}
	tc.run(t)
}

// modules is payload's QR code.
func modules(t testing.TB, payload string) [][]bool {
	t.Helper()
	m, err := qr.Modules(payload)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// otherMask is payload's QR code as one byte segment in a code of the
// smallest version that holds it, drawn with each mask in turn until one
// differs from what Modules draws, as an earlier encoder's might.
func otherMask(t testing.TB, payload string) [][]bool {
	want := modules(t, payload)
	v := 1
	for coding.Version(v).DataBytes(coding.M)*8 < (coding.String(payload)).Bits(coding.Version(v)) {
		v++
	}
	for k := range 8 {
		if m := drawnCode(t, 17+4*v, k, coding.String(payload)); !slices.EqualFunc(m, want, slices.Equal) {
			return m
		}
	}
	t.Fatal("every mask draws the same code")
	return nil
}

// eciDrawn is a QR code of payload's characters in UTF-16BE behind an ECI
// designator: gozxing reads payload, zbar reads a NUL before each character.
func eciDrawn(t testing.TB, payload string) [][]bool {
	bits := eciBits{25}
	for i := 0; i < len(payload); i++ {
		bits = append(bits, 0, int(payload[i]))
	}
	v := 10 // from which the byte count has 16 bits
	for coding.Version(v).DataBytes(coding.M)*8 < bits.Bits(coding.Version(v)) {
		v++
	}
	return drawnCode(t, 17+4*v, 0, bits)
}

// eciBits is an ECI designator (its first value) and a byte segment of the
// rest, for the bit stream of a code that no encoder of ours makes.
type eciBits []int

func (e eciBits) Check() error            { return nil }
func (e eciBits) Bits(coding.Version) int { return 4 + 8 + 4 + 16 + 8*(len(e)-1) }
func (e eciBits) Encode(b *coding.Bits, _ coding.Version) {
	b.Write(7, 4)
	b.Write(uint(e[0]), 8)
	b.Write(4, 4)
	b.Write(uint(len(e)-1), 16)
	for _, c := range e[1:] {
		b.Write(uint(c), 8)
	}
}

// drawnCode is enc drawn at level M with mask k in a code side modules wide.
func drawnCode(t testing.TB, side, k int, enc ...coding.Encoding) [][]bool {
	t.Helper()
	p, err := coding.NewPlan(coding.Version((side-17)/4), coding.M, coding.Mask(k))
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.Encode(enc...)
	if err != nil {
		t.Fatal(err)
	}
	m := make([][]bool, side)
	for y := range m {
		m[y] = make([]bool, side)
		for x := range m[y] {
			m[y][x] = c.Black(x, y)
		}
	}
	return m
}

// damaged is payload's QR code with its lower right quarter inverted: more
// than error correction repairs, the finder patterns and format kept.
func damaged(t testing.TB, payload string) [][]bool {
	m := modules(t, payload)
	for r := len(m) / 2; r < len(m)-1; r++ {
		for c := len(m) / 2; c < len(m)-1; c++ {
			m[r][c] = !m[r][c]
		}
	}
	return m
}
