package qr

import (
	"crypto"
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	qrcode "github.com/skip2/go-qrcode"
	"rsc.io/qr/coding"
)

// identifiers of realistic lengths: a 7-character serial, a date serial and
// the longest serial seen.
var testIDs = []string{
	"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
	"1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
	longID,
}

// TestTokensDecode encodes real tokens (SM2 and ECDSA, with and without a URL
// prefix, a lower-case prefix forcing byte mode), reads each drawing of
// Modules back with gozxing, and checks the version against go-qrcode's.
func TestTokensDecode(t *testing.T) {
	keys := map[string]crypto.Signer{"sm2": sm2Key(t), "ecdsa": ecdsaKey(t)}
	prefixes := []string{"", urlPrefix, "https://zz.example.gov.cn/v#", "HTTPS://ZZ.EXAMPLE.GOV.CN/VERIFY?T="}
	for name, key := range keys {
		for _, prefix := range prefixes {
			for _, id := range testIDs {
				c := claimsFor(key)
				c.Identifier = id
				p := mustMake(t, c, key, prefix)
				t.Run(fmt.Sprintf("%s/%q/%d", name, prefix, len(id)), func(t *testing.T) {
					checkDecodes(t, p)
					checkVersion(t, p)
				})
			}
		}
	}
}

// checkDecodes draws payload's Modules with a quiet zone and has gozxing
// read it as a pure barcode: it samples the modules from the finder
// patterns' corners, so this checks the encoding, not the detector.
// (gozxing's finder search, which DecodeImage uses for photos, misses about 1
// in 100 clean drawings of random short payloads, go-qrcode's as much as ours.)
func checkDecodes(t *testing.T, payload string) {
	t.Helper()
	m, err := Modules(payload)
	if err != nil {
		t.Fatalf("Modules(%q): %v", payload, err)
	}
	got, err := decodePure(drawModules(m, 2))
	if err != nil {
		t.Fatalf("decode %q: %v", payload, err)
	}
	if got != payload {
		t.Fatalf("decoded %q, want %q", got, payload)
	}
}

// checkVersion compares the version with go-qrcode's at level M.
func checkVersion(t *testing.T, payload string) {
	t.Helper()
	v, err := Version(payload)
	if err != nil {
		t.Fatalf("Version(%q): %v", payload, err)
	}
	q, err := qrcode.New(payload, qrcode.Medium)
	if err != nil {
		t.Fatalf("go-qrcode: %v", err)
	}
	if v > q.VersionNumber {
		t.Errorf("payload of %d characters: got version %d, go-qrcode needs only %d", len(payload), v, q.VersionNumber)
	}
}

func decodePure(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

func drawModules(m [][]bool, px int) image.Image {
	side := (len(m) + 2*quietZone) * px
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y, row := range m {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := range px {
				for dx := range px {
					img.SetGray((x+quietZone)*px+dx, (y+quietZone)*px+dy, color.Gray{})
				}
			}
		}
	}
	return img
}

// TestVersionsAgainstGoQRCode checks random payloads of every character class
// against go-qrcode's version and reads a sample back with gozxing.
func TestVersionsAgainstGoQRCode(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		p := randomPayload(r, 1+r.IntN(330))
		checkVersion(t, p)
		if v, _ := Version(p); v <= MaxQRVersion && i%10 == 0 {
			checkDecodes(t, p)
		}
	}
}

// randomPayload mixes runs of digits, alphanumerics and other printable ASCII.
func randomPayload(r *rand.Rand, n int) string {
	const (
		digits = "0123456789"
		alpha  = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
		other  = "abcdefghijklmnopqrstuvwxyz#?=&_~!()[]{}"
	)
	var b strings.Builder
	for b.Len() < n {
		set := []string{digits, alpha, other}[r.IntN(3)]
		for range 1 + r.IntN(12) {
			b.WriteByte(set[r.IntN(len(set))])
		}
	}
	return b.String()[:n]
}

// TestMaskedEqualsPlan checks that deriving the symbol for every mask from
// the mask-0 encoding gives exactly what rsc.io/qr draws with that mask's
// own plan, for every version from 1 to MaxQRVersion.
func TestMaskedEqualsPlan(t *testing.T) {
	base := strings.Repeat("HTTPS://ZZ.GOV.CN/V#EZZ1:1.2.156.3005.x", 10)
	seen := 0
	for n := 1; n <= len(base) && seen < MaxQRVersion; n++ {
		p := base[:n]
		if v, _ := Version(p); v == seen+1 {
			seen = v
			t.Run(fmt.Sprint("version ", v), func(t *testing.T) { checkMasks(t, p, v) })
		}
	}
	if seen != MaxQRVersion {
		t.Fatalf("reached version %d, want %d", seen, MaxQRVersion)
	}
}

func checkMasks(t *testing.T, p string, v int) {
	s, err := encodeSymbol(p)
	if err != nil {
		t.Fatal(err)
	}
	_, segs, _ := choose(p)
	for m := range 8 {
		plan, err := coding.NewPlan(coding.Version(v), coding.M, coding.Mask(m))
		if err != nil {
			t.Fatal(err)
		}
		code, err := plan.Encode(encodings(p, segs)...)
		if err != nil {
			t.Fatal(err)
		}
		var got bitmap
		s.masked(m, &got)
		for y := range s.l.side {
			if want := rowOf(code, y); got[y] != want {
				t.Fatalf("mask %d row %d: got %057b, want %057b", m, y, got[y], want)
			}
		}
	}
}

func TestEncodeRejects(t *testing.T) {
	tests := []struct {
		name, payload, want string
	}{
		{"empty", "", "empty payload"},
		{"over version 10", strings.Repeat("A", 400), "needs QR version 12"},
		{"over version 40", strings.Repeat("a", 2400), "does not fit any QR version"},
		{"over any length", strings.Repeat("1", maxChars+1), "does not fit any QR version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Modules(tt.payload)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestModulesConcurrent encodes from several goroutines at once (the layouts
// are built on first use and shared) and compares with sequential results.
func TestModulesConcurrent(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	payloads := make([]string, 40)
	for i := range payloads {
		payloads[i] = randomPayload(r, 1+r.IntN(200))
	}
	got := make([][][]bool, len(payloads))
	var wg sync.WaitGroup
	for i, p := range payloads {
		wg.Go(func() { got[i], _ = Modules(p) })
	}
	wg.Wait()
	for i, p := range payloads {
		want, err := Modules(p)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got[i]) != fmt.Sprint(want) {
			t.Errorf("payload %d: concurrent and sequential Modules differ", i)
		}
	}
}
