package render

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"

	"ezz/internal/qr"
)

// photos are the page images a verifier is handed: full pages as scanned,
// and what a phone photo of the page looks like (ImageMagick's degradations
// of a render). Each is pdftoppm at dpi, then convert with args (none: as
// is). The photos are marginal for some tokens (a module is about 1.1 px at
// 72 dpi on the smallest QR box), so a photo a reader misses is taken again
// with a second token, as a clerk takes a second photo; the page scans must
// read the first time.
var photos = []struct {
	name     string
	dpi      int
	args     []string
	marginal bool
}{
	{"page 300 dpi", 300, nil, false},
	{"page 150 dpi", 150, nil, false},
	{"photo 72 dpi", 72, nil, true},
	{"photo 150 dpi downscaled 50%", 150, []string{"-resize", "50%"}, true},
	{"photo 150 dpi blurred 0x1", 150, []string{"-blur", "0x1"}, true},
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
		r, err := NewRenderer(tpl, Options{})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		// image is the photo of the face drawn with token n (made on first
		// use: one per template, a second one for a retaken photo), with
		// that token; the face and its page image are made once per token.
		tokens := map[int]string{}
		image := func(t *testing.T, n int, dpi int, args []string) (string, string) {
			payload, ok := tokens[n]
			base := filepath.Join(dir, strconv.Itoa(n))
			if !ok {
				payload = longToken(t, key, tpl.Catalogue.TypeCode)
				pdf, err := r.RenderDoc(Doc{Values: tpl.Samples[0], QRPayload: payload})
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(base+".pdf", pdf, 0o644); err != nil {
					t.Fatal(err)
				}
				tokens[n] = payload
			}
			page := fmt.Sprintf("%s-%d", base, dpi)
			if _, err := os.Stat(page + ".png"); err != nil {
				run(t, pdftoppm, "-r", fmt.Sprint(dpi), "-png", "-singlefile", base+".pdf", page)
			}
			img := page + ".png"
			if args != nil {
				out := page + "-" + strings.NewReplacer("-", "", "%", "", " ", "").Replace(strings.Join(args, "")) + ".png"
				run(t, convert, append(append([]string{img}, args...), out)...)
				img = out
			}
			return img, payload
		}
		for _, ph := range photos {
			if ph.dpi == 300 && name != "food-business" {
				continue // full pages at 300 dpi: one template is enough, they are the slowest
			}
			t.Run(name+"/"+ph.name, func(t *testing.T) {
				img, payload := image(t, 0, ph.dpi, ph.args)
				got, ok := zbarRead(t, zbarimg, img)
				if (!ok || got != payload) && ph.marginal {
					t.Logf("zbar read %q from the first photo; taking a second one with another token", got)
					img, payload = image(t, 1, ph.dpi, ph.args)
					got, ok = zbarRead(t, zbarimg, img)
				}
				if !ok || got != payload {
					t.Errorf("zbar reads %q, want the token", got)
				}
				data, err := os.ReadFile(img)
				if err != nil {
					t.Fatal(err)
				}
				got, err = qr.DecodeImage(bytes.NewReader(data))
				if err != nil || got != payload {
					t.Errorf("qr.DecodeImage: %v, read %q, want the token", err, got)
				}
			})
		}
	}
}

// zbarRead is what zbarimg reads from img, and whether it read a code.
// zbarimg exits 4 when it finds none.
func zbarRead(t *testing.T, zbarimg, img string) (string, bool) {
	t.Helper()
	out, err := exec.Command(zbarimg, "-q", "--raw", img).Output()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 4 {
		return "", false
	}
	if err != nil {
		t.Fatalf("zbarimg %s: %v", img, err)
	}
	return strings.TrimSpace(string(out)), true
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
