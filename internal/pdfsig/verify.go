package pdfsig

import (
	"bytes"
	"encoding/asn1"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

// After says what follows a signature's signed range in the file.
type After int

// What may follow a signed range.
const (
	AfterNothing    After = iota // the signature covers the whole file
	AfterSignatures              // only incremental updates that add later signatures
	AfterChanges                 // incremental updates that change content
	AfterGarbage                 // bytes that are not a valid incremental update
)

// String names a for reports.
func (a After) String() string {
	return [...]string{"nothing", "later signatures", "content changes", "unparsed data"}[a]
}

// Signature is what Verify found about one signature.
type Signature struct {
	Field, Name, Reason, Location string
	SubFilter                     string
	Claimed                       time.Time // the /M entry (as the signer's clock said)
	SigningTime                   time.Time // the CMS signing-time attribute; zero if absent
	Digest                        string    // "SM3", "SHA-256", …
	ByteRange                     [4]int
	Signer                        *smx509.Certificate
	Certificates                  []*smx509.Certificate // all certificates carried in the CMS
	Chain                         []*smx509.Certificate // verified chain to a root; nil if not checked or untrusted
	After                         After
	// Err is nil when the signature is intact, covers what it should and,
	// when roots were given, chains to one of them. Otherwise it wraps one
	// of the Err… reasons of this package.
	Err error

	pdf         []byte // the file
	prefixState []byte // the SM3 state after the bytes before /Contents, when the digest is SM3
}

// SM3 is the SM3 digest of the file up to the end of the signed range — the
// file as this signature signed it — or nil when the range is not inside the
// file. It resumes the signature's own hash of the bytes before /Contents
// when the digest is SM3.
func (s *Signature) SM3() []byte {
	end := s.ByteRange[2] + s.ByteRange[3]
	if s.pdf == nil || end > len(s.pdf) || s.ByteRange[1] > end {
		return nil
	}
	h, n := resumed(sm3.New, s.prefixState), s.ByteRange[1]
	if h == nil {
		h, n = sm3.New(), 0
	}
	h.Write(s.pdf[n:end])
	return h.Sum(nil)
}

// Report is the result of Verify.
type Report struct {
	Signatures  []*Signature // ordered by the end of their signed range
	Info        map[string]string
	Attachments map[string][]byte

	doc *document // the signed revision, for PageContents
}

// Err is the first reason the document is not intact and trusted, or nil.
func (r *Report) Err() error {
	if len(r.Signatures) == 0 {
		return ErrNoSignature
	}
	for _, s := range r.Signatures {
		if s.Err != nil {
			return fmt.Errorf("signature %q: %w", s.Field, s.Err)
		}
	}
	return nil
}

// Verify finds and checks every signature of pdf. With roots nil the signer
// certificates are not checked against trust anchors (Chain stays nil); the
// caller decides. Verify returns an error only when the file cannot be
// checked at all (empty, not a PDF, truncated, damaged, too large) or has no
// signature (ErrNoSignature, with the report still filled); reasons that a
// signature fails are in Signature.Err and Report.Err.
func Verify(pdf []byte, roots []*smx509.Certificate) (*Report, error) {
	return VerifyShared(pdf, roots, nil)
}

// VerifyShared is Verify that resumes the digest of each signed range after
// the leading bytes the documents of one run share (shared may be nil).
func VerifyShared(pdf []byte, roots []*smx509.Certificate, shared *Shared) (*Report, error) {
	d, err := open(pdf)
	if err != nil {
		return nil, err
	}
	r := &Report{}
	refs := d.everySignatureField()
	if len(refs) == 0 {
		r.Info, r.Attachments = info(d), attachments(d)
		return r, ErrNoSignature
	}
	for _, f := range refs {
		s := f.view.checkSignature(f.sigField, roots, shared)
		r.Signatures = append(r.Signatures, s)
	}
	slices.SortStableFunc(r.Signatures, func(a, b *Signature) int {
		return (a.ByteRange[2] + a.ByteRange[3]) - (b.ByteRange[2] + b.ByteRange[3])
	})
	for _, s := range r.Signatures {
		if s.Err == nil || s.After != AfterNothing {
			d.classifyAfter(s)
		}
	}
	v := d.signedRevision(r.Signatures[0])
	r.Info, r.Attachments, r.doc = info(v), attachments(v), v
	return r, nil
}

// signedRevision is the document as the first signature signed it: what a
// report describes comes from there, never from a later update.
func (d *document) signedRevision(s *Signature) *document {
	end := s.ByteRange[2] + s.ByteRange[3]
	if end <= 0 || end > len(d.buf) || d.sections[0].pos < end {
		return d // the newest revision is the signed one (or the range is broken)
	}
	if v := d.at(end); v != nil {
		return v
	}
	return d
}

// sigField is a signature field: its name and a reference to its value.
type sigField struct {
	name string
	v    any
}

// signatureFields walks the AcroForm field tree for signature fields with a value.
func signatureFields(d *document) []sigField {
	catalog := d.dict(d.trailer()["Root"])
	acro := d.dict(catalog["AcroForm"])
	fields, _ := d.resolveArray(acro["Fields"])
	var out []sigField
	seen := map[Ref]bool{}
	var walk func(f any, prefix string, ft any, depth int)
	walk = func(f any, prefix string, ft any, depth int) {
		fd := d.dict(f)
		r, isRef := f.(Ref)
		if fd == nil || depth > maxDepth || seen[r] || len(out) > 256 || len(seen) > 4096 {
			return
		}
		if isRef {
			seen[r] = true
		}
		name := prefix
		if t, ok := fd["T"].(String); ok {
			name = joinName(prefix, t.Text())
		}
		if v, ok := fd["FT"]; ok {
			ft = v
		}
		if ft == Name("Sig") && fd["V"] != nil {
			out = append(out, sigField{name, fd["V"]})
		}
		kids, _ := d.resolveArray(fd["Kids"])
		for _, k := range kids {
			walk(k, name, ft, depth+1)
		}
	}
	for _, f := range fields {
		walk(f, "", nil, 0)
	}
	return out
}

func joinName(prefix, t string) string {
	if prefix == "" {
		return t
	}
	return prefix + "." + t
}

// checkSignature checks one signature's dictionary, byte range and CMS.
func (d *document) checkSignature(f sigField, roots []*smx509.Certificate, shared *Shared) *Signature {
	s := &Signature{Field: f.name}
	sd, contents, err := d.sigDict(f.v)
	if err != nil {
		s.Err = err
		return s
	}
	s.fill(sd)
	if err := s.checkByteRange(sd, contents, len(d.buf)); err != nil {
		s.Err = err
		return s
	}
	s.pdf = d.buf
	if err := checkContents(d.buf[contents[0]:contents[1]]); err != nil {
		s.Err = err
		return s
	}
	s.Err = s.checkCMS(d.buf, sd, roots, shared)
	return s
}

// sigDict loads the signature dictionary and the span of its /Contents in the file.
func (d *document) sigDict(v any) (Dict, [2]int, error) {
	r, ok := v.(Ref)
	e, found := d.xref[r.Num]
	if !ok || !found || e.kind != 1 {
		return nil, [2]int{}, fmt.Errorf("%w: its value is not an indirect object stored in the file body", ErrBadSigDict)
	}
	p := &parser{buf: d.buf, pos: e.off}
	num, gen := string(p.word()), string(p.word())
	if num != strconv.Itoa(r.Num) || gen != strconv.Itoa(e.gen) || !p.keyword("obj") {
		return nil, [2]int{}, fmt.Errorf("%w: object %d is not where the cross-reference says", ErrBadSigDict, r.Num)
	}
	val, err := p.value(0)
	sd, ok := val.(Dict)
	if err != nil || !ok {
		return nil, [2]int{}, fmt.Errorf("%w: object %d is not a dictionary", ErrBadSigDict, r.Num)
	}
	return sd, p.contents, nil
}

// fill copies the descriptive entries of the signature dictionary.
func (s *Signature) fill(sd Dict) {
	text := func(k Name) string {
		v, _ := sd[k].(String)
		return v.Text()
	}
	s.Name, s.Reason, s.Location = text("Name"), text("Reason"), text("Location")
	s.Claimed, _ = parsePDFDate(text("M"))
	if sf, ok := sd["SubFilter"].(Name); ok {
		s.SubFilter = string(sf)
	}
}

// checkByteRange checks that the ByteRange starts at 0 and leaves out exactly
// the /Contents hex string.
func (s *Signature) checkByteRange(sd Dict, contents [2]int, size int) error {
	br, ok := ints(sd["ByteRange"])
	if !ok || len(br) != 4 {
		return fmt.Errorf("%w: /ByteRange is not four non-negative integers", ErrByteRange)
	}
	copy(s.ByteRange[:], br)
	switch {
	case br[0] != 0:
		return fmt.Errorf("%w: it starts at byte %d, not 0", ErrByteRange, br[0])
	case br[1] != contents[0] || br[2] != contents[1]:
		return fmt.Errorf("%w: the gap %d–%d is not the /Contents string at %d–%d", ErrByteRange, br[1], br[2], contents[0], contents[1])
	case br[2]+br[3] > size:
		return fmt.Errorf("%w: it ends at byte %d, past the end of the file (%d bytes)", ErrTruncated, br[2]+br[3], size)
	case br[2]+br[3] < size:
		s.After = AfterGarbage // classified later
	}
	return nil
}

// checkCMS parses the CMS in /Contents, checks the digest of the signed
// ranges, the signature and, with roots, the signer's chain.
func (s *Signature) checkCMS(pdf []byte, sd Dict, roots []*smx509.Certificate, shared *Shared) error {
	if s.SubFilter != "adbe.pkcs7.detached" && s.SubFilter != "ETSI.CAdES.detached" {
		return fmt.Errorf("%w: unsupported /SubFilter %q", ErrBadSigDict, s.SubFilter)
	}
	der, _ := sd["Contents"].(String)
	c, err := parseCMS(firstElement(der))
	if err != nil {
		return err
	}
	s.Signer, s.Certificates, s.SigningTime, s.Digest = c.signer, c.p7.Certificates, c.signingTime, c.hashName
	br := s.ByteRange
	h, n := shared.hash(c.hashName, c.newHash, pdf[:br[1]])
	h.Write(pdf[n:br[1]])
	if c.hashName == "SM3" {
		s.prefixState = hashState(h)
	}
	h.Write(pdf[br[2] : br[2]+br[3]])
	if err := c.verify(h.Sum(nil)); err != nil {
		return err
	}
	if roots == nil {
		return nil
	}
	at := s.SigningTime
	if at.IsZero() {
		at = s.Claimed
	}
	s.Chain, err = verifyChain(s.Signer, s.Certificates, roots, at)
	return err
}

// firstElement is the DER element at the start of b, without the zero bytes
// that pad /Contents after it. (Trimming trailing zeros instead would cut a
// CMS whose signature happens to end in a zero byte: 1 in 256.) Data that is
// not one DER element (BER with indefinite lengths) is returned with the
// padding trimmed.
func firstElement(b []byte) []byte {
	var raw asn1.RawValue
	if _, err := asn1.Unmarshal(b, &raw); err == nil {
		return raw.FullBytes
	}
	return bytes.TrimRight(b, "\x00")
}
