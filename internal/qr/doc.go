// Package qr makes and checks the time-limited QR tokens (二维码有效时限) printed
// on certificates: a signed, versioned, Base45 token naming the certificate,
// the signing key, the validity window and a digest of the certificate record,
// and the QR images that carry it. docs/qr.md specifies the format.
package qr
