package pdfsig

import (
	"bytes"
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"
)

// TestCMSEncoding: the hand-built DER is byte for byte what encoding/asn1
// makes of the same SignedData, for every suite, signature length, serial
// sign and size, and both time encodings; and size is exactly the length
// with the longest signature, so the /Contents reservation always fits.
func TestCMSEncoding(t *testing.T) {
	serials := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(127), big.NewInt(128), big.NewInt(255),
		big.NewInt(-1), big.NewInt(-128), big.NewInt(-129), big.NewInt(-256), new(big.Int).Lsh(big.NewInt(1), 159)}
	times := []time.Time{signTime, time.Date(1949, 12, 31, 23, 59, 59, 999, time.UTC),
		time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2049, 12, 31, 23, 59, 59, 0, time.FixedZone("x", -3600)),
		time.Date(2050, 1, 1, 0, 0, 0, 0, time.UTC)}
	rsa := rsaSuite
	rsa.maxSig = 512
	for _, s := range []suite{sm2Suite, ecdsaSuite, rsa} {
		for i, serial := range serials {
			chain := fakeChain(t, serial, 1+i%3, 40+i*97)
			at := times[i%len(times)]
			digest := random(t, s.newHash().Size())
			attrs, err := signedAttrs(digest, at)
			if err != nil {
				t.Fatal(err)
			}
			if want := refAttrs(t, digest, at); !bytes.Equal(attrs, want) {
				t.Fatalf("%s %v: signed attributes\n got %x\nwant %x", s.name, at, attrs, want)
			}
			sd := newSignedData(&s, chain, attrs)
			for _, n := range []int{1, 70, 71, 72, 127, 128, 255, 256, s.maxSig} {
				sig := random(t, n)
				got := sd.encode(sig)
				if want := refCMS(t, s, chain, attrs, sig); !bytes.Equal(got, want) {
					t.Fatalf("%s serial %v, %d-byte signature:\n got %x\nwant %x", s.name, serial, n, got, want)
				}
				if n <= s.maxSig && len(got) > sd.size() {
					t.Errorf("%s: %d bytes with a %d-byte signature, over the size %d", s.name, len(got), n, sd.size())
				}
				if n == s.maxSig && len(got) != sd.size() {
					t.Errorf("%s: the longest signature makes %d bytes, size says %d", s.name, len(got), sd.size())
				}
			}
			if size, err := cmsSize(s, chain, at); err != nil || size != sd.size() {
				t.Errorf("cmsSize %d, %v; want %d", size, err, sd.size())
			}
		}
	}
	if _, err := signedAttrs(make([]byte, 32), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("a signing time in the year 10000 was encoded")
	}
}

// TestContentsReservation: the /Contents string holds exactly the longest
// CMS the key can make and the slack, and the CMS made fills all of it but
// the slack and a few bytes
// (an SM2 or ECDSA signature is a byte or two shorter half of the time).
func TestContentsReservation(t *testing.T) {
	for _, kind := range []string{"sm2", "ecdsa", "rsa"} {
		k := newKey(t, kind)
		out, err := Sign(testPDF(t), options(k))
		if err != nil {
			t.Fatal(err)
		}
		s, _ := suiteFor(k.signer.Public())
		size, _ := cmsSize(s, k.chain, signTime)
		i := bytes.Index(out, []byte("/Contents <")) + len("/Contents <")
		j := bytes.IndexByte(out[i:], '>')
		digits := out[i : i+j]
		used := len(bytes.TrimRight(digits, "0"))
		if len(digits) != 2*(size+contentsSlack) || len(digits)-used > 2*contentsSlack+32 { // a shorter signature, a CMS ending in zeros

			t.Errorf("%s: %d hex digits reserved, %d used, the longest CMS is %d bytes", kind, len(digits), used, size)
		}
	}
}

// fakeChain is n certificates whose raw bytes are random, the first with the
// given serial and an issuer name of about issuerLen bytes.
func fakeChain(t *testing.T, serial *big.Int, n, issuerLen int) []*smx509.Certificate {
	issuer, err := asn1.Marshal(pkix.Name{CommonName: string(bytes.Repeat([]byte("i"), issuerLen))}.ToRDNSequence())
	if err != nil {
		t.Fatal(err)
	}
	chain := make([]*smx509.Certificate, n)
	for i := range chain {
		chain[i] = &smx509.Certificate{Raw: random(t, 300+200*i), RawIssuer: issuer, SerialNumber: serial}
	}
	return chain
}

func random(t *testing.T, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// The reference: the same SignedData described to encoding/asn1.

type refIssuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

type refSignerInfo struct {
	Version     int
	SID         refIssuerAndSerial
	Digest      asn1.RawValue
	SignedAttrs asn1.RawValue
	SigAlg      asn1.RawValue
	Signature   []byte
}

type refSignedData struct {
	Version      int
	Digests      []asn1.RawValue `asn1:"set"`
	Content      struct{ Type asn1.ObjectIdentifier }
	Certificates asn1.RawValue
	SignerInfos  []refSignerInfo `asn1:"set"`
}

type refContentInfo struct {
	Type    asn1.ObjectIdentifier
	Content refSignedData `asn1:"explicit,tag:0"`
}

func refCMS(t *testing.T, s suite, chain []*smx509.Certificate, attrs, sig []byte) []byte {
	var certs []byte
	for _, c := range chain {
		certs = append(certs, c.Raw...)
	}
	si := refSignerInfo{
		Version:     1,
		SID:         refIssuerAndSerial{asn1.RawValue{FullBytes: chain[0].RawIssuer}, chain[0].SerialNumber},
		Digest:      asn1.RawValue{FullBytes: s.digest},
		SignedAttrs: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: attrs},
		SigAlg:      asn1.RawValue{FullBytes: s.sig},
		Signature:   sig,
	}
	sd := refSignedData{
		Version:      1,
		Digests:      []asn1.RawValue{{FullBytes: s.digest}},
		Certificates: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: certs},
		SignerInfos:  []refSignerInfo{si},
	}
	sd.Content.Type = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	b, err := asn1.Marshal(refContentInfo{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}, sd})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func refAttrs(t *testing.T, digest []byte, at time.Time) []byte {
	type attribute struct {
		Type  asn1.ObjectIdentifier
		Value asn1.RawValue
	}
	values := []struct {
		oid asn1.ObjectIdentifier
		v   any
	}{
		{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}, asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}},
		{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}, at.UTC()},
		{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}, digest},
	}
	var encs [][]byte
	for _, a := range values {
		v, err := asn1.Marshal(a.v)
		if err != nil {
			t.Fatal(err)
		}
		enc, err := asn1.Marshal(attribute{a.oid, asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: v}})
		if err != nil {
			t.Fatal(err)
		}
		encs = append(encs, enc)
	}
	for i := range encs { // a SET OF in the order of its encodings
		for j := i + 1; j < len(encs); j++ {
			if bytes.Compare(encs[j], encs[i]) < 0 {
				encs[i], encs[j] = encs[j], encs[i]
			}
		}
	}
	return bytes.Join(encs, nil)
}
