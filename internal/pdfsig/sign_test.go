package pdfsig

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

func TestSignVerify(t *testing.T) {
	for _, kind := range []string{"sm2", "ecdsa", "rsa"} {
		t.Run(kind, func(t *testing.T) {
			k := newKey(t, kind)
			out := signed(t, kind)
			r, err := Verify(out, []*smx509.Certificate{k.root})
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if err := r.Err(); err != nil {
				t.Fatalf("Report.Err: got %v, want nil", err)
			}
			s := r.Signatures[0]
			wantDigest := map[string]string{"sm2": "SM3", "ecdsa": "SHA-256", "rsa": "SHA-256"}[kind]
			checks := []struct{ name, got, want string }{
				{"digest", s.Digest, wantDigest},
				{"signing time", s.SigningTime.UTC().String(), signTime.UTC().String()},
				{"claimed time", s.Claimed.UTC().String(), signTime.UTC().String()},
				{"reason", s.Reason, "签发电子证照"},
				{"field", s.Field, "Signature1"},
				{"after", s.After.String(), "nothing"},
				{"chain", fmt.Sprint(len(s.Chain)), "2"},
				{"root", s.Chain[len(s.Chain)-1].Subject.CommonName, "ezz test CA " + kind},
				{"identifier", r.Info["Identifier"], options(k).Info["Identifier"]},
				{"title", r.Info["Title"], "营业执照"},
				{"record", string(r.Attachments["record.json"]), string(options(k).Attachments[0].Data)},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
				}
			}
			if !bytes.Contains(out, []byte("<dc:identifier>1.2.156.3005.2.")) {
				t.Errorf("XMP metadata: no dc:identifier")
			}
		})
	}
}

// flip changes one byte at off (inside the signed range).
func flip(b []byte, off int) []byte {
	c := bytes.Clone(b)
	c[off] ^= 0x01
	return c
}

func TestVerifyReasons(t *testing.T) {
	k := newKey(t, "ecdsa")
	good := signed(t, "ecdsa")
	other := newKey(t, "rsa")
	contentsAt := bytes.Index(good, []byte("/Contents <")) + len("/Contents <")
	tests := []struct {
		name    string
		pdf     []byte
		roots   []*smx509.Certificate
		wantErr error // from Verify
		wantSig error // from Report.Err
	}{
		{"intact", good, []*smx509.Certificate{k.root}, nil, nil},
		{"no trust check", good, nil, nil, nil},
		{"byte flipped in signed range", flip(good, 2000), nil, nil, ErrDigestMismatch},
		{"byte flipped in update", flip(good, bytes.Index(good, []byte("(Wuhan)"))+1), nil, nil, ErrDigestMismatch},
		{"xref damaged", flip(good, bytes.LastIndex(good, []byte(" n\r\n"))+1), nil, ErrDamaged, nil},
		{"CMS corrupted", flip(good, contentsAt+200), nil, nil, nil}, // reason checked below: any CMS failure
		{"signed attributes changed", bytes.Replace(good, []byte(hexOf("250314013000Z")), []byte(hexOf("250314013001Z")), 1), nil, nil, ErrBadSignature},
		{"untrusted signer", good, []*smx509.Certificate{other.root}, nil, ErrUntrusted},
		{"truncated", good[:len(good)/2], nil, ErrTruncated, nil},
		{"truncated by one byte", good[:len(good)-7], nil, ErrTruncated, nil},
		{"empty", nil, nil, ErrEmpty, nil},
		{"not a PDF", []byte("PK\x03\x04 this is a zip file"), nil, ErrNotPDF, nil},
		{"unsigned", testPDF(t), nil, ErrNoSignature, nil},
		{"garbage appended", append(bytes.Clone(good), "\n1 0 obj (x) endobj\n"...), nil, nil, ErrAppended},
		{"page changed by an update", changePage(t, good), nil, nil, ErrModified},
		{"info changed by an update", changeInfo(t, good), nil, nil, ErrModified},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Verify(tt.pdf, tt.roots)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Verify error: got %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			got := r.Err()
			if tt.name == "CMS corrupted" {
				if got == nil {
					t.Fatalf("Report.Err: got nil, want a CMS or signature failure")
				}
				return
			}
			if !errors.Is(got, tt.wantSig) || (tt.wantSig == nil) != (got == nil) {
				t.Fatalf("Report.Err: got %v, want %v", got, tt.wantSig)
			}
		})
	}
}

// appendUpdate appends a classic incremental update that redefines objects.
func appendUpdate(t *testing.T, pdf []byte, objs map[int]string) []byte {
	t.Helper()
	d, err := open(pdf)
	if err != nil {
		t.Fatal(err)
	}
	w := &writer{b: bytes.Clone(pdf), offs: map[int]int{}, gens: map[int]int{}}
	var nums []int
	for n, body := range objs {
		w.begin(n, 0).str(body).end()
		nums = append(nums, n)
	}
	start := len(w.b)
	w.str("xref\n")
	for _, n := range nums {
		w.b = fmt.Appendf(w.b, "%d 1\n%010d 00000 n\r\n", n, w.offs[n])
	}
	tr := d.trailer()
	w.str("trailer\n").value(Dict{"Size": tr["Size"], "Root": tr["Root"], "Info": tr["Info"], "Prev": d.startx}).str("\nstartxref\n").int(start).str("\n%%EOF\n")
	return w.b
}

func changePage(t *testing.T, pdf []byte) []byte {
	d, _ := open(pdf)
	page, _ := firstPage(d, d.dict(d.trailer()["Root"])["Pages"], 0)
	pd := d.dict(page)
	body := &writer{}
	pd["Rotate"] = int64(90)
	return appendUpdate(t, pdf, map[int]string{page.Num: string(body.value(pd).b)})
}

func changeInfo(t *testing.T, pdf []byte) []byte {
	d, _ := open(pdf)
	info := d.trailer()["Info"].(Ref)
	return appendUpdate(t, pdf, map[int]string{info.Num: "<</Title (forged)/ModDate (D:20250315)>>"})
}

func TestSecondSignature(t *testing.T) {
	k1, k2 := newKey(t, "ecdsa"), newKey(t, "sm2")
	once := signed(t, "ecdsa")
	o := options(k2)
	o.Attachments, o.Info = nil, nil
	twice, err := Sign(once, o)
	if err != nil {
		t.Fatalf("second Sign: %v", err)
	}
	r, err := Verify(twice, []*smx509.Certificate{k1.root, k2.root})
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if err := r.Err(); err != nil {
		t.Fatalf("Report.Err: got %v, want nil", err)
	}
	if len(r.Signatures) != 2 {
		t.Fatalf("signatures: got %d, want 2", len(r.Signatures))
	}
	got := []string{r.Signatures[0].After.String(), r.Signatures[1].After.String(), r.Signatures[1].Field}
	want := []string{"later signatures", "nothing", "Signature2"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSignErrors(t *testing.T) {
	k, other := newKey(t, "sm2"), newKey(t, "ecdsa")
	pdf := testPDF(t)
	tests := []struct {
		name string
		pdf  []byte
		o    func(*Options)
		want string
	}{
		{"no key", pdf, func(o *Options) { o.Signer = nil }, "no signing key"},
		{"no chain", pdf, func(o *Options) { o.Chain = nil }, "no signer certificate"},
		{"no time", pdf, func(o *Options) { o.Time = time.Time{} }, "no signing time"},
		{"key and certificate differ", pdf, func(o *Options) { o.Signer = other.signer }, "does not match"},
		{"not a PDF", []byte("hello"), func(*Options) {}, "not a PDF"},
		{"empty", nil, func(*Options) {}, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := options(k)
			tt.o(&o)
			_, err := Sign(tt.pdf, o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestSignatureSM3 checks the resumed SM3 of a signed revision against a
// plain SM3 of its bytes, for an SM3 and a SHA-256 signature.
func TestSignatureSM3(t *testing.T) {
	for _, kind := range []string{"sm2", "ecdsa"} {
		good := signed(t, kind)
		r, err := Verify(laterSignature(t, good, "sm2"), nil)
		if err != nil || r.Err() != nil {
			t.Fatalf("%s: Verify: %v / %v", kind, err, r.Err())
		}
		want := sm3.Sum(good)
		if got := r.Signatures[0].SM3(); !bytes.Equal(got, want[:]) {
			t.Errorf("%s: SM3 of the signed revision: got %x, want %x", kind, got, want)
		}
	}
}
