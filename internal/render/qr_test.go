package render

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"ezz/internal/qr"
)

// TestQRRoundTrip draws a real QR code as vector modules, rasterises the page
// with poppler and decodes the code back with gozxing (qr.DecodeImage).
func TestQRRoundTrip(t *testing.T) {
	tpl := loadTemplate(t, "food-business")
	payload := "https://verify.example.gov.cn/q/EZZ1.TEST-PAYLOAD-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
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
	out, err := exec.Command(needTool(t, "pdftoppm"), "-r", "150", "-png", "-singlefile", in, filepath.Join(dir, "f")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	img, err := os.ReadFile(filepath.Join(dir, "f.png"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := qr.DecodeImage(bytes.NewReader(img))
	if err != nil {
		t.Fatalf("decode the QR code of the rendered page: %v", err)
	}
	if got != payload {
		t.Errorf("QR code reads %q, want %q", got, payload)
	}
}
