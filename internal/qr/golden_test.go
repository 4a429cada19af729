package qr

import (
	"bytes"
	"errors"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"golang.org/x/image/draw"

	"ezz/internal/sign"
)

var (
	update       = flag.Bool("update", false, "regenerate testdata/qr (new keys and tokens)")
	updateImages = flag.Bool("update-images", false, "regenerate the images of testdata/qr made from its text files")
)

// images are the fixtures made from text: a forged token and a QR code
// that is no ezz token, as pictures for qr verify --image and verify --qr-image.
var images = map[string]func(t *testing.T) string{
	"tampered.png": func(t *testing.T) string { return readGolden(t, "tampered.txt") },
	"hello.png":    func(*testing.T) string { return "HELLO WORLD" },
}

// goldenDir holds the fixtures the CLI scripts use too.
const goldenDir = "../../testdata/qr"

// goldenClaims are the claims of testdata/qr/token*.txt, issued 2025-06-01
// and valid for 30 days.
func goldenClaims(keyID string) Claims {
	d := sm3.Sum([]byte("ezz QR test vector"))
	return Claims{Identifier: longID, KeyID: keyID, IssuedAt: t0, ExpiresAt: t1, Digest: d[:]}
}

// TestGolden checks the fixtures in testdata/qr; -update makes new ones with
// two fresh pilot issuers.
func TestGolden(t *testing.T) {
	if *update {
		writeGolden(t)
	}
	if *update || *updateImages {
		writeImages(t)
	}
	trust, err := sign.LoadTrust(filepath.Join(goldenDir, "issuer-chain.pem"))
	if err != nil {
		t.Fatal(err)
	}
	other, err := sign.LoadTrust(filepath.Join(goldenDir, "other-chain.pem"))
	if err != nil {
		t.Fatal(err)
	}
	at := t0.AddDate(0, 0, 14)
	tests := []struct {
		file  string
		trust *sign.Trust
		want  error
	}{
		{"token.txt", trust, nil},
		{"token-plain.txt", trust, nil},
		{"tampered.txt", trust, ErrBadSignature},
		{"token.txt", other, ErrUnknownKey},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c, err := Verify(readGolden(t, tt.file), tt.trust.Lookup, at)
			if !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if want := goldenClaims(c.KeyID); err == nil && (!c.ExpiresAt.Equal(want.ExpiresAt) || !bytes.Equal(c.Digest, want.Digest[:DigestLen])) {
				t.Errorf("got claims %+v, want %+v", c, want)
			}
		})
	}
	want := map[string]func(t *testing.T) string{
		"token.png": func(t *testing.T) string { return readGolden(t, "token.txt") },
		"token.jpg": func(t *testing.T) string { return readGolden(t, "token.txt") },
	}
	for name, text := range images {
		want[name] = text
	}
	for img, text := range want {
		t.Run(img, func(t *testing.T) {
			f, err := os.Open(filepath.Join(goldenDir, img))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := DecodeImage(f)
			if want := text(t); err != nil || got != want {
				t.Errorf("got %q, %v, want %q", got, err, want)
			}
		})
	}
}

// writeImages writes the images made from the text fixtures.
func writeImages(t *testing.T) {
	for name, text := range images {
		data, err := PNG(text(t), 4)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(goldenDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readGolden(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(goldenDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(data))
}

func writeGolden(t *testing.T) {
	if err := os.MkdirAll(goldenDir, 0o755); err != nil {
		t.Fatal(err)
	}
	is := pilot(t, "issuer-chain.pem")
	pilot(t, "other-chain.pem")
	c := goldenClaims(is.KeyID)
	token := mustMake(t, c, is.Key, urlPrefix)
	files := map[string][]byte{
		"token.txt":       []byte(token + "\n"),
		"token-plain.txt": []byte(mustMake(t, c, is.Key, "") + "\n"),
		"tampered.txt":    []byte(strings.Replace(token, ".SB33", ".SB34", 1) + "\n"),
	}
	pngData, err := PNG(token, 4)
	if err != nil {
		t.Fatal(err)
	}
	files["token.png"] = pngData
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		t.Fatal(err)
	}
	files["token.jpg"] = encodeJPEG(t, transform(img, 1.5, 8), 70)
	blank := image.NewGray(image.Rect(0, 0, 64, 64))
	draw.Draw(blank, blank.Bounds(), image.White, image.Point{}, draw.Src)
	files["blank.png"] = encodePNG(t, blank)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(goldenDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// pilot makes a pilot issuer and copies its chain to testdata/qr/name.
func pilot(t *testing.T, name string) *sign.Issuer {
	dir := t.TempDir()
	is, err := sign.InitPilot(dir, sign.Agency{Name: "二维码测试机构", Code: "91350100M000100Y43"}, []byte("qr test passphrase"), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), false)
	if err != nil {
		t.Fatal(err)
	}
	chain, err := os.ReadFile(filepath.Join(dir, sign.ChainFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(goldenDir, name), chain, 0o644); err != nil {
		t.Fatal(err)
	}
	return is
}
