package qr

import (
	"errors"
	"testing"
	"time"
)

func TestBind(t *testing.T) {
	sk := sm2Key(t)
	c := claimsFor(sk)
	tests := []struct {
		name   string
		digest []byte
		id     string
		want   error
	}{
		{"same record", c.Digest, longID, nil},
		{"first 16 bytes only", c.Digest[:DigestLen], longID, nil},
		{"other identifier", c.Digest, "1.2.156.3005.2.X.Y.1.001.0", ErrNotBound},
		{"other version of the record", make([]byte, 32), longID, ErrNotBound},
		{"short digest", c.Digest[:4], longID, ErrNotBound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c
			got.Digest = c.Digest[:DigestLen]
			if err := Bind(got, tt.digest, tt.id); !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestValidity(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name               string
		def, override      time.Duration
		certEnd, signerEnd time.Time
		want               time.Time
		wantErr            error
	}{
		{"catalogue default", 30 * day, 0, time.Time{}, time.Time{}, t0.Add(30 * day), nil},
		{"override", 30 * day, 7 * day, time.Time{}, time.Time{}, t0.Add(7 * day), nil},
		{"capped by certificate", 365 * day, 0, t0.Add(10 * day), time.Time{}, t0.Add(10 * day), nil},
		{"permanent certificate", 365 * day, 0, time.Time{}, t0.Add(400 * day), t0.Add(365 * day), nil},
		{"capped by signing certificate", 365 * day, 0, t0.Add(200 * day), t0.Add(100 * day), t0.Add(100 * day), nil},
		{"sub-second dropped", 0, day + time.Second/2, time.Time{}, time.Time{}, t0.Add(day), nil},
		{"no validity", 0, 0, time.Time{}, time.Time{}, time.Time{}, ErrNoValidity},
		{"certificate already ended", day, 0, t0.Add(-day), time.Time{}, time.Time{}, ErrNoValidity},
		{"signing certificate ended", day, 0, time.Time{}, t0, time.Time{}, ErrNoValidity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Validity(tt.def, tt.override, t0, tt.certEnd, tt.signerEnd)
			if !errors.Is(err, tt.wantErr) || tt.wantErr == nil && err != nil {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			if !got.Equal(tt.want) {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCertificateEnd(t *testing.T) {
	got, err := CertificateEnd("2030-12-31")
	want := time.Date(2030, 12, 31, 16, 0, 0, 0, time.UTC)
	if err != nil || !got.Equal(want) {
		t.Errorf("got %s, %v, want %s", got, err, want)
	}
	if got, err := CertificateEnd(""); err != nil || !got.IsZero() {
		t.Errorf("permanent: got %s, %v, want the zero time", got, err)
	}
	if _, err := CertificateEnd("2030/12/31"); err == nil {
		t.Error("got no error for 2030/12/31, want one")
	}
}

func TestParseValidity(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"30d", 30 * day, false}, {"1y", 365 * day, false}, {"6m", 180 * day, false}, {"6mo", 180 * day, false},
		{"2w", 14 * day, false}, {"24h", 24 * time.Hour, false}, {"90min", 90 * time.Minute, false},
		{"100y", 100 * 365 * day, false}, {"101y", 0, true}, {"0d", 0, true}, {"d", 0, true}, {"30", 0, true},
		{"30s", 0, true}, {"-1d", 0, true}, {"99999999999999999999d", 0, true}, {"", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseValidity(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("got %s, %v, want %s (error %v)", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
