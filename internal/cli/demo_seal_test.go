package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/catalogue"
	"ezz/internal/issuance"
	"ezz/internal/pdfsig"
	"ezz/internal/record"
	"ezz/internal/testenv"
	"ezz/internal/workspace"
)

// TestDemoSeals runs the demo's conversions (scripts/demo.sh) in a pilot
// workspace and checks every certificate's seal: the seal image in the
// signature's appearance, read back from the PDF with poppler's pdfimages,
// is the seal of the certificate's own 发证机关 — the template's for the
// office the template names, otherwise the pilot seal drawn for that office
// — and the registers do span several offices, so the check is not empty.
func TestDemoSeals(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: issues the demo's 130 certificates")
	}
	if _, err := exec.LookPath("pdfimages"); err != nil {
		testenv.Missing(t, "pdfimages (Debian poppler-utils) not installed")
	}
	home := filepath.Join(t.TempDir(), "home")
	t.Setenv("EZZ_KEY_PASSPHRASE", "demo-seal-passphrase")
	t.Setenv(testNowVar, "2026-06-01T02:00:00Z")
	run := func(args ...string) {
		var out, errb bytes.Buffer
		if code := Run(context.Background(), append([]string{"--home", home, "--lang", "en"}, args...), strings.NewReader(""), &out, &errb); code > 1 {
			t.Fatalf("ezz %v: exit %d: %s%s", args, code, out.String(), errb.String())
		}
	}
	run("init", "--pilot")
	run("keys", "init", "--pilot")
	templates := map[string]string{}
	for _, name := range []string{"food-business", "special-operation", "eia-approval"} {
		tmpl := filepath.Join("..", "..", "templates", name, "template.yaml")
		run("convert", filepath.Join("..", "..", "samples", name+"-register.xlsx"), "--template", tmpl)
		templates[name] = tmpl
	}
	run("convert", "../../samples/food-business-batch-register.xlsx", "--template", templates["food-business"],
		"--map", "../../samples/food-business-batch.map.yaml")
	ws, err := workspace.Open(home)
	if err != nil {
		t.Fatal(err)
	}
	own := templateOffices(t)
	pdfs, _ := filepath.Glob(filepath.Join(home, "out", "*", "*.pdf"))
	offices := map[string]int{}
	for _, pdf := range pdfs {
		office := issuingOffice(t, pdf)
		want := ws.PilotSealPath(office)
		if seal, ok := own[office]; ok {
			want = seal
		}
		if got := sealMask(t, pdf); !bytes.Equal(got, alphaOf(t, want)) {
			t.Errorf("%s: 发证机关 %s, but its seal is not %s", filepath.Base(pdf), office, want)
		}
		offices[office]++
	}
	if len(pdfs) < 100 || len(offices) < 4 {
		t.Fatalf("%d certificates of %d offices: the demo should issue over 100 of several offices", len(pdfs), len(offices))
	}
}

// templateOffices maps the office each bundled template names to its seal.
func templateOffices(t *testing.T) map[string]string {
	out := map[string]string{}
	paths, _ := filepath.Glob("../../templates/*/template.yaml")
	for _, p := range paths {
		tpl, err := catalogue.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, el := range tpl.Face.Elements {
			if el.Kind == "seal" {
				out[tpl.Catalogue.IssuingAuthority.Name] = filepath.Join(filepath.Dir(p), el.Image)
			}
		}
	}
	return out
}

// issuingOffice reads 发证机关 (ZZBFJG) from the record a PDF carries.
func issuingOffice(t *testing.T, pdf string) string {
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	att, err := pdfsig.Attachments(data)
	if err != nil {
		t.Fatal(err)
	}
	_, canonical, _, err := record.Split(att[issuance.RecordAttachment])
	if err != nil {
		t.Fatal(err)
	}
	var r record.Record
	if err := json.Unmarshal(canonical, &r); err != nil {
		t.Fatal(err)
	}
	return r.Meta.ZZBFJG
}

// sealMask is the soft mask (the alpha channel) of the one masked image in
// a PDF, the seal, as pdfimages extracts it: the only gray image (written as
// raw PPM, the fastest of its outputs).
func sealMask(t *testing.T, pdf string) []byte {
	dir := t.TempDir()
	if out, err := exec.Command("pdfimages", pdf, filepath.Join(dir, "im")).CombinedOutput(); err != nil {
		t.Fatalf("pdfimages %s: %v\n%s", pdf, err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "im-*"))
	var masks [][]byte
	for _, f := range files {
		if g, ok := grayPPM(t, f); ok {
			masks = append(masks, g)
		}
	}
	if len(masks) != 1 {
		t.Fatalf("%s: %d masked images, want the seal only", pdf, len(masks))
	}
	return masks[0]
}

// grayPPM reads a binary PPM (P6, maxval 255) and returns its samples if
// every pixel is gray.
func grayPPM(t *testing.T, path string) ([]byte, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var w, h, maxval int
	head := strings.ReplaceAll(string(data[:min(len(data), 32)]), "\n", " ")
	n, err := fmt.Sscanf(head, "P6 %d %d %d", &w, &h, &maxval)
	if err != nil || n != 3 || maxval != 255 || len(data) < 3*w*h {
		return nil, false
	}
	pix := data[len(data)-3*w*h:]
	gray := make([]byte, w*h)
	for i := range gray {
		r, g, b := pix[3*i], pix[3*i+1], pix[3*i+2]
		if r != g || g != b {
			return nil, false
		}
		gray[i] = r
	}
	return gray, true
}

func decodePNG(t *testing.T, path string) image.Image {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// alphaOf is the alpha channel of an image file.
func alphaOf(t *testing.T, path string) []byte {
	img := decodePNG(t, path)
	a := image.NewAlpha(img.Bounds())
	draw.Draw(a, a.Bounds(), img, img.Bounds().Min, draw.Src)
	return a.Pix
}
