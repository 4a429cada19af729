package verify

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"ezz/internal/issuance"
	"ezz/internal/pdfsig"
)

// TestCacheNeverTurnsNoIntoYes runs every case of the tamper suite, and the
// forgeries below that keep the genuine signer chain, through one Cache that
// has just passed a genuine certificate of the same signer before each: what
// the cache carries (the chain, the shared leading bytes) must never make a
// file that fails without it pass, nor change any check's result or reason.
func TestCacheNeverTurnsNoIntoYes(t *testing.T) {
	f := shared(t)
	good := f.sample(t, 0)
	cache := NewCache(f.trust)
	opts := f.options(checkAt)
	opts.Cache = cache
	for _, c := range []*issuance.Certificate{good, f.sample(t, 1)} { // two genuine files: the shared prefix
		if r := File(context.Background(), c.PDF, "good.pdf", opts); r.Verdict != Valid {
			t.Fatalf("a genuine certificate: verdict %s", r.Verdict)
		}
	}
	if cache.shared.Len() < 4096 {
		t.Fatalf("the cache learned a shared prefix of %d bytes: the test does not exercise it", cache.shared.Len())
	}
	cases := append(tamperCases(t, f), sameChainForgeries(t, f, cache.shared.Len())...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := f.options(checkAt)
			opts.Cache = cache
			if r := File(context.Background(), good.PDF, "good.pdf", opts); r.Verdict != Valid {
				t.Fatalf("the genuine certificate: verdict %s", r.Verdict)
			}
			tc.opts.Cache = cache
			if tc.opts.Trust != f.trust { // a cache serves one trust only
				tc.opts.Cache = NewCache(tc.opts.Trust)
			}
			tc.run(t)
		})
	}
}

// sameChainForgeries are files that carry the issuer's genuine certificate
// chain, byte for byte, around a signature or record that is not genuine.
// shared is the length of the prefix the cache has learned.
func sameChainForgeries(t *testing.T, f *fixture, shared int) []tamperCase {
	a, b := f.sample(t, 0), f.sample(t, 1)
	opts := f.options(checkAt)
	signer := f.issuer.Chain[0]
	afterExpiry := signer.NotAfter.Add(time.Hour)
	return []tamperCase{
		{"signature of another certificate, same chain", swapContents(t, a.PDF, b.PDF), "", opts, CheckPDFSignature, Fail,
			`signature "Signature1": digest mismatch: the signed bytes were changed`, Invalid},
		{"byte changed in the shared leading bytes", flipAt(t, a.PDF, shared-512), "", opts, CheckPDFSignature, Fail,
			`signature "Signature1": digest mismatch: the signed bytes were changed`, Invalid},
		{"signed after the signer's certificate expired, same chain", f.buildAt(t, a, afterExpiry), "", f.options(afterExpiry), CheckSignerTrust, Fail,
			fmt.Sprintf("the signer's certificate %q was not valid at the signing time %s (valid %s to %s)", signer.Subject.CommonName,
				stamp(afterExpiry), stamp(signer.NotBefore), stamp(signer.NotAfter)), Invalid},
	}
}

// swapContents puts the signature of other into pdf: both have the same
// signer and a /Contents of the same size.
func swapContents(t *testing.T, pdf, other []byte) []byte {
	t.Helper()
	gap := func(b []byte) (int, int) {
		i := bytes.Index(b, []byte("/Contents <"))
		j := bytes.IndexByte(b[i:], '>')
		if i < 0 || j < 0 {
			t.Fatal("no /Contents")
		}
		return i, i + j
	}
	i, j := gap(pdf)
	k, l := gap(other)
	if j-i != l-k {
		t.Fatalf("/Contents of %d and %d bytes", j-i, l-k)
	}
	out := bytes.Clone(pdf)
	copy(out[i:j], other[k:l])
	if bytes.Equal(out, pdf) {
		t.Fatal("the two signatures are the same")
	}
	return out
}

// flipAt flips one byte of pdf inside the last stream that starts before
// offset i.
func flipAt(t *testing.T, pdf []byte, i int) []byte {
	t.Helper()
	s := bytes.LastIndex(pdf[:i], []byte("stream\n"))
	if s < 0 || bytes.Contains(pdf[s:s+64], []byte("endstream")) {
		t.Fatalf("no stream before offset %d", i)
	}
	i = s + len("stream\n") + 32
	out := bytes.Clone(pdf)
	out[i] ^= 0x01
	return out
}

// buildAt signs c again as the issuer would, with the signing time at.
func (f *fixture) buildAt(t *testing.T, c *issuance.Certificate, at time.Time) []byte {
	t.Helper()
	face, err := f.render.Render(c.Record.Items, nil)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := pdfsig.Sign(face, pdfsig.Options{Signer: f.issuer.Key, Chain: f.issuer.Chain, Time: at,
		Attachments: []pdfsig.Attachment{{Name: issuance.RecordAttachment, MIME: "application/json", Data: c.Envelope}},
		Info:        map[string]string{"Identifier": c.ID.String(), issuance.InfoQR: c.QR}})
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}
