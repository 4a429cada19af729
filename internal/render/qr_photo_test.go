package render

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"

	"ezz/internal/qr"
)

// photos are the page images a verifier is handed: full pages as scanned,
// and what a phone photo of the page looks like (ImageMagick's degradations
// of a render). Each is pdftoppm at dpi, then convert with args (none: as is).
var photos = []struct {
	name string
	dpi  int
	args []string
}{
	{"page 300 dpi", 300, nil},
	{"page 150 dpi", 150, nil},
	{"photo 72 dpi", 72, nil},
	{"photo 150 dpi downscaled 50%", 150, []string{"-resize", "50%"}},
	{"photo 150 dpi blurred 0x1", 150, []string{"-blur", "0x1"}},
}

// TestQRReadsFromPagesAndPhotos renders every bundled template with a real,
// longest-serial token, makes each page image of photos, and checks that
// zbar (an independent reader) and ezz's decoder both read the token back.
func TestQRReadsFromPagesAndPhotos(t *testing.T) {
	pdftoppm, convert, zbarimg := needTool(t, "pdftoppm"), needTool(t, "convert"), needTool(t, "zbarimg")
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"food-business", "special-operation", "eia-approval"} {
		tpl := loadTemplate(t, name)
		payload := longToken(t, key, tpl.Catalogue.TypeCode)
		r, err := NewRenderer(tpl, Options{})
		if err != nil {
			t.Fatal(err)
		}
		pdf, err := r.RenderDoc(Doc{Values: tpl.Samples[0], QRPayload: payload})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		in := filepath.Join(dir, "f.pdf")
		if err := os.WriteFile(in, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, ph := range photos {
			if ph.dpi == 300 && name != "food-business" {
				continue // full pages at 300 dpi: one template is enough, they are the slowest
			}
			t.Run(name+"/"+ph.name, func(t *testing.T) {
				img := filepath.Join(dir, fmt.Sprintf("p%d.png", ph.dpi))
				if _, err := os.Stat(img); err != nil {
					run(t, pdftoppm, "-r", fmt.Sprint(ph.dpi), "-png", "-singlefile", in, strings.TrimSuffix(img, ".png"))
				}
				if ph.args != nil {
					out := filepath.Join(dir, "photo.png")
					run(t, convert, append(append([]string{img}, ph.args...), out)...)
					img = out
				}
				if got := strings.TrimSpace(run(t, zbarimg, "-q", "--raw", img)); got != payload {
					t.Errorf("zbar reads %q, want the token", got)
				}
				data, err := os.ReadFile(img)
				if err != nil {
					t.Fatal(err)
				}
				got, err := qr.DecodeImage(bytes.NewReader(data))
				if err != nil || got != payload {
					t.Errorf("qr.DecodeImage: %v, read %q, want the token", err, got)
				}
			})
		}
	}
}

// longToken makes a bare token for the longest identifier the template gets.
func longToken(t *testing.T, key *sm2.PrivateKey, typeCode string) string {
	t.Helper()
	id := "1.2.156.3005.2." + typeCode + ".11420103MB18456735.ABCDEF9999999.001.X"
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	c := qr.Claims{Identifier: id, KeyID: "0123456789abcdef", IssuedAt: now, ExpiresAt: now.AddDate(0, 3, 0), Digest: make([]byte, qr.DigestLen)}
	p, err := qr.Make(c, key, "")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// run runs a tool for at most a minute and returns its standard output.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}
