package issuance

import (
	"crypto"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"ezz/internal/qr"
)

// A maker told that no QR token is kept (a conversion without PDFs) makes the
// same certificates, refuses the same ones with the same errors, and signs a
// token only where it cannot be sure the token would be made.
func TestNoQRToken(t *testing.T) {
	keep, vals := newMaker(t, false)
	cfg := keep.c
	cfg.NoQRToken = true
	skip, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	key := keep.c.Key
	at := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)

	expired := maps.Clone(vals)
	expired["valid_until"] = "2026-05-31" // the licence ended before at: no QR validity left
	for _, tt := range []struct {
		name    string
		vals    map[string]string
		at      time.Time
		refused bool
	}{
		{"valid", vals, at, false},
		{"licence ended", expired, at, true},
		{"signing certificate ended", vals, key.Cert().NotAfter.Add(time.Hour), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, aerr := keep.Make(tt.vals, 1, tt.at)
			b, berr := skip.Make(tt.vals, 1, tt.at)
			if fmt.Sprint(aerr) != fmt.Sprint(berr) {
				t.Fatalf("with a token: %v; without: %v — want the same", aerr, berr)
			}
			if (aerr != nil) != tt.refused {
				t.Fatalf("got %v, want refused %v", aerr, tt.refused)
			}
			if aerr != nil {
				return
			}
			if a.QR == "" || b.QR != "" {
				t.Errorf("QR with a token kept %q, without %q; want a token, then none", a.QR, b.QR)
			}
			if !a.QRExpires.Equal(b.QRExpires) || a.QRExpires.IsZero() {
				t.Errorf("QR expiry %v and %v: want the same", a.QRExpires, b.QRExpires)
			}
			if a.ID != b.ID {
				t.Errorf("identifiers %s and %s differ", a.ID, b.ID)
			}
		})
	}

	// Behind a URL prefix the escapes depend on the signature: a token that
	// fits whatever they are is not signed; one whose fit Check cannot be
	// sure of is made (and verifies), so what Make would refuse is still refused.
	lookup := func(string) (crypto.PublicKey, error) { return key.Key.Public(), nil }
	for _, tt := range []struct {
		prefix string
		made   bool
	}{
		{"HTTPS://ZZ.EXAMPLE.GOV.CN/V#", false},
		{"HTTPS://" + strings.Repeat("X", 60) + "/#", true},
	} {
		ws := *cfg.Workspace
		ws.Config.QRURLPrefix = tt.prefix
		cfg.Workspace = &ws
		url, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		c, err := url.Make(vals, 2, at)
		if err != nil {
			t.Fatal(err)
		}
		if (c.QR != "") != tt.made {
			t.Errorf("behind %s: token %q, want one made %v", tt.prefix, c.QR, tt.made)
		}
		if c.QR != "" {
			if _, err := qr.Verify(c.QR, lookup, at); err != nil {
				t.Errorf("token behind a URL prefix %q: %v", c.QR, err)
			}
		}
	}

	// With a renderer the PDF draws the token: it is always made.
	withPDF, _ := newMaker(t, true)
	pcfg := withPDF.c
	pcfg.NoQRToken = true
	pdf, err := New(pcfg)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := pdf.Make(vals, 3, at); err != nil || c.QR == "" {
		t.Errorf("with PDFs: QR %q, %v; want a token", c.QR, err)
	}
}
