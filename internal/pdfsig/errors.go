package pdfsig

import "errors"

// Reasons a file or a signature is rejected. Each is distinct so that a
// verifier can tell users exactly what is wrong; test with errors.Is.
var (
	ErrEmpty     = errors.New("the file is empty")
	ErrNotPDF    = errors.New("the file is not a PDF")
	ErrTooLarge  = errors.New("the PDF is too large")
	ErrTruncated = errors.New("the PDF is truncated: it does not end with startxref and %%EOF")
	ErrDamaged   = errors.New("the PDF structure is damaged")

	ErrNoSignature    = errors.New("the PDF has no signature")
	ErrBadSigDict     = errors.New("the signature dictionary is malformed")
	ErrByteRange      = errors.New("the signature's byte range does not cover the file except its own /Contents")
	ErrBadCMS         = errors.New("the signature's CMS data cannot be read")
	ErrDigestMismatch = errors.New("digest mismatch: the signed bytes were changed")
	ErrBadSignature   = errors.New("the CMS signature does not verify against the signer's certificate")
	ErrSigningTime    = errors.New("the signing time is outside the signer certificate's validity")
	ErrUntrusted      = errors.New("the signer's certificate does not chain to a trusted issuer")
	ErrContents       = errors.New("the signature's /Contents is not canonical: the bytes the signature leaves out were changed")

	ErrModified = errors.New("content was changed after signing by an incremental update")
	ErrAppended = errors.New("data was appended after the signed range that is not a valid incremental update")
)
