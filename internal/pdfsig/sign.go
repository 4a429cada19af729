// Package pdfsig signs a PDF with one incremental update — an AcroForm
// signature field, an adbe.pkcs7.detached CMS signature (SM2/SM3, ECDSA P-256
// or RSA with SHA-256), embedded files and document metadata — and verifies
// such signatures, telling precisely why one fails.
package pdfsig

import (
	"crypto"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

// Options control Sign.
type Options struct {
	Signer      crypto.Signer         // the signing key (SM2, ECDSA P-256 or RSA)
	Chain       []*smx509.Certificate // the signer's certificate first, then its issuers
	Time        time.Time             // signing time: /M and the CMS signing-time attribute
	Reason      string
	Location    string
	Name        string // signer name shown by viewers; the certificate's common name if empty
	Attachments []Attachment
	// Info sets document information entries (Title, Subject, Keywords, …).
	// The key "Identifier" also goes into the XMP metadata as dc:identifier.
	Info map[string]string
	// Prefix, when the document starts with its bytes, saves hashing them again.
	Prefix *Prefix
	// Appearance, if set, is the signature's visible appearance (the seal).
	Appearance *Appearance
	// Outline, if set, is what the PDF's writer knows of its structure:
	// the update is then written without parsing the file.
	Outline *Outline
}

// Attachment is a file embedded in the PDF (/AFRelationship /Data).
type Attachment struct {
	Name        string // file name, e.g. "record.json"
	MIME        string // e.g. "application/json"
	Description string
	Data        []byte
}

// Sign appends one incremental update to pdf that signs the whole file. Like
// append, it writes into pdf's spare capacity when that is enough (the
// renderer leaves room), so pdf[len(pdf):cap(pdf)] must not be in use.
func Sign(pdf []byte, o Options) ([]byte, error) {
	out, _, err := sign(pdf, o, false)
	return out, err
}

// SignSM3 is Sign that also returns the SM3 digest of the signed file. With
// an SM2 key it costs little more than Sign: the file's digest resumes the
// signature's over the bytes before /Contents.
func SignSM3(pdf []byte, o Options) (signed, fileSM3 []byte, err error) {
	return sign(pdf, o, true)
}

func sign(pdf []byte, o Options, fileSM3 bool) ([]byte, []byte, error) {
	if err := o.check(); err != nil {
		return nil, nil, err
	}
	s, err := suiteFor(o.Signer.Public())
	if err != nil {
		return nil, nil, err
	}
	d, err := o.document(pdf)
	if err != nil {
		return nil, nil, fmt.Errorf("read the PDF to sign: %w", err)
	}
	u, err := newUpdate(d, o, s)
	if err != nil {
		return nil, nil, fmt.Errorf("prepare the signature update: %w", err)
	}
	out, gap := u.write()
	h, n := o.Prefix.hash(s.name, s.newHash, out)
	if n > gap[0] {
		h, n = s.newHash(), 0
	}
	h.Write(out[n:gap[0]])
	var file hash.Hash // the file's SM3 up to /Contents, when it is the signature's hash
	if fileSM3 && s.name == "SM3" {
		file = resumed(sm3.New, hashState(h))
	}
	h.Write(out[gap[1]:])
	cms, err := buildCMS(s, o.Signer, o.Chain, h.Sum(nil), o.Time)
	if err != nil {
		return nil, nil, fmt.Errorf("make the CMS signature: %w", err)
	}
	if 2*len(cms) > gap[1]-gap[0]-2 {
		return nil, nil, fmt.Errorf("the CMS signature (%d bytes) does not fit the space reserved for it", len(cms))
	}
	hex.Encode(out[gap[0]+1:], cms)
	if !fileSM3 {
		return out, nil, nil
	}
	if file == nil {
		return out, o.Prefix.SM3(out), nil
	}
	file.Write(out[gap[0]:])
	return out, file.Sum(nil), nil
}

func (o *Options) check() error {
	switch {
	case o.Signer == nil:
		return errors.New("no signing key")
	case len(o.Chain) == 0 || o.Chain[0] == nil:
		return errors.New("no signer certificate")
	case o.Time.IsZero():
		return errors.New("no signing time")
	}
	for i, c := range o.Chain {
		if c == nil {
			return fmt.Errorf("signer chain: certificate %d is missing", i)
		}
	}
	if !samePublicKey(o.Chain[0].PublicKey, o.Signer.Public()) {
		return errors.New("the signer certificate does not match the signing key")
	}
	return o.Appearance.check()
}

func samePublicKey(a, b crypto.PublicKey) bool {
	k, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && k.Equal(b)
}

// pdfDate formats t as a PDF date string D:YYYYMMDDHHmmSS+HH'mm'.
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	b := t.AppendFormat(make([]byte, 0, 24), "D:20060102150405")
	if off == 0 {
		return string(append(b, 'Z'))
	}
	b = append(appendTwo(append(b, byte(sign)), off/3600), '\'')
	return string(append(appendTwo(b, off/60%60), '\''))
}

// appendTwo appends n ≥ 0 as %02d writes it.
func appendTwo(b []byte, n int) []byte {
	if n < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// appendPadded appends n right-aligned in width columns (to fill the
// ByteRange placeholder).
func appendPadded(b []byte, n, width int) []byte {
	var d [20]byte
	digits := strconv.AppendInt(d[:0], int64(n), 10)
	for i := len(digits); i < width; i++ {
		b = append(b, ' ')
	}
	return append(b, digits...)
}
