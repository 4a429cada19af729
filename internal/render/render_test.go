package render

import (
	"bytes"
	"compress/zlib"
	"errors"
	"ezz/internal/testenv"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"ezz/internal/catalogue"
	"ezz/internal/font"
)

// loadTemplate reads a bundled template (templates/NAME/template.yaml).
func loadTemplate(t testing.TB, name string) *catalogue.Template {
	t.Helper()
	path := filepath.Join("..", "..", "templates", name, "template.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		testenv.Missing(t, "template %s not available: %v", name, err)
	}
	var tpl catalogue.Template
	if err := yaml.Unmarshal(data, &tpl); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	tpl.Path, tpl.Dir = path, filepath.Dir(path)
	for _, f := range tpl.Face.Fonts {
		if _, err := font.Resolve([]string{f}, font.SystemDirs()); err != nil {
			testenv.Missing(t, "font %s not installed (run scripts/install-deps.sh): %v", f, err)
		}
	}
	return &tpl
}

func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		testenv.Missing(t, "%s not installed (run scripts/install-deps.sh)", name)
	}
	return p
}

// qpdfCheck runs qpdf --check on pdf and fails the test on any complaint.
func qpdfCheck(t *testing.T, pdf []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "face.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(needTool(t, "qpdf"), "--check", path).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("No syntax or stream encoding errors found")) {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

// pdfText extracts the text of pdf with poppler's pdftotext.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "face.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(needTool(t, "pdftotext"), "-raw", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

func testQR() [][]bool {
	m := make([][]bool, 21)
	for i := range m {
		m[i] = make([]bool, 21)
		for j := range m[i] {
			m[i][j] = (i*j+i)%3 == 0
		}
	}
	return m
}

func TestRenderBundledTemplates(t *testing.T) {
	for _, name := range []string{"food-business", "special-operation", "eia-approval"} {
		t.Run(name, func(t *testing.T) {
			tpl := loadTemplate(t, name)
			r, err := NewRenderer(tpl, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for i, sample := range tpl.Samples {
				pdf, err := r.RenderDoc(Doc{Values: sample, QR: testQR(), Identifier: "1.2.156.3005.2.TEST"})
				if err != nil {
					t.Fatalf("sample %d: %v", i, err)
				}
				qpdfCheck(t, pdf)
				text := strings.Join(strings.Fields(pdfText(t, pdf)), "")
				for id, v := range sample {
					if it := r.findItem(id); it == nil || !onFace(tpl, id) {
						continue
					} else {
						v = formatValue(it, faceFormat(tpl, id), v)
					}
					if want := strings.Join(strings.Fields(v), ""); !strings.Contains(text, want) {
						t.Errorf("sample %d: pdftotext lacks %s = %q\ngot %s", i, id, want, text)
					}
				}
				images := 0
				for _, o := range r.imgObjs {
					images += len(o)
				}
				if seal, err := r.seal(""); err == nil && r.hasSeal {
					for _, o := range seal.im.objects(0) {
						images += len(o)
					}
				}
				// Images are embedded as encoded once; text, fonts and QR must stay small.
				if len(pdf)-images > 40_000 {
					t.Errorf("sample %d: %d bytes besides %d bytes of images, want ≤ 40 KB", i, len(pdf)-images, images)
				}
			}
		})
	}
}

func onFace(t *catalogue.Template, id string) bool { return faceFormat(t, id) != "-" }

func faceFormat(t *catalogue.Template, id string) string {
	for _, e := range t.Face.Elements {
		if e.Kind == catalogue.KindField && e.Field == id {
			return e.Format
		}
	}
	return "-"
}

func TestRenderRareCharacters(t *testing.T) {
	tpl := loadTemplate(t, "food-business")
	values := map[string]string{"operator_name": "刘䶮𠮷堃喆赟珺商行", "legal_rep": "𠮷野家", "issue_date": "2019-03-01"}
	pdf, err := renderOnce(tpl, values, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, pdf)
	text := pdfText(t, pdf)
	for _, want := range []string{"刘䶮𠮷堃喆赟珺商行", "𠮷野家", "2019年3月1日"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q; got\n%s", want, text)
		}
	}
}

func TestUndrawableCharacterIsAnError(t *testing.T) {
	tpl := loadTemplate(t, "food-business")
	r, err := NewRenderer(tpl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Render(map[string]string{"legal_rep": "张\U0010FFFD"}, nil)
	var ge *GlyphError
	if !errors.As(err, &ge) {
		t.Fatalf("got %v, want a *GlyphError", err)
	}
	for _, want := range []string{`field "legal_rep"`, "U+10FFFD"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestWatermark(t *testing.T) {
	tpl := loadTemplate(t, "special-operation")
	pdf, err := renderOnce(tpl, tpl.Samples[0], testQR(), Options{Watermark: "样例"})
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, pdf)
	if text := strings.Join(strings.Fields(pdfText(t, pdf)), ""); !strings.Contains(text, "样例") {
		t.Errorf("pdftotext lacks the watermark 样例; got\n%s", text)
	}
}

// TestPrefix: every document of a Renderer with one seal starts with the
// same bytes, its images and that seal, so that signing can hash them once;
// the seal drawn by the signature's appearance is that prefix's object.
func TestPrefix(t *testing.T) {
	tpl := loadTemplate(t, "food-business")
	r, err := NewRenderer(tpl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.Prefix("")
	if err != nil {
		t.Fatal(err)
	}
	if len(p) < 110_000 {
		t.Errorf("prefix is %d bytes, want the base image and the seal (over 110 KB)", len(p))
	}
	for i, s := range tpl.Samples {
		pdf, err := r.Render(s, testQR())
		if err != nil {
			t.Fatal(err)
		}
		face, ap, err := r.Face(s, testQR(), "")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf, p) || !bytes.HasPrefix(face, p) {
			t.Errorf("sample %d does not start with the prefix", i+1)
		}
		if ap == nil || ap.Image != nil || ap.Object != r.sealNum() {
			t.Errorf("sample %d: appearance %+v, want the prefix's seal object %d", i+1, ap, r.sealNum())
		}
	}
	other := filepath.Join(t.TempDir(), "other.png")
	png, err := r.PilotSeal("另一个发证机关")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, png, 0o644); err != nil {
		t.Fatal(err)
	}
	q, err := r.Prefix(other)
	if err != nil {
		t.Fatal(err)
	}
	face, _, err := r.Face(tpl.Samples[0], testQR(), other)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(p, q) || !bytes.HasPrefix(face, q) {
		t.Error("another office's seal: want its own prefix, which its documents start with")
	}

	// Past maxSealPrefixes, a seal's prefix is not kept: no prefix is offered
	// for hashing, and its faces are drawn all the same.
	defer func(n int) { maxSealPrefixes = n }(maxSealPrefixes)
	maxSealPrefixes = 2
	third := filepath.Join(t.TempDir(), "third.png")
	png, err = r.PilotSeal("第三个发证机关")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(third, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Prefix(third); err == nil {
		t.Error("a third seal past the bound: want no shared prefix")
	}
	face3, ap, err := r.Face(tpl.Samples[0], testQR(), third)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(face3, r.prefix.data) || bytes.HasPrefix(face3, q) || ap == nil || ap.Object != r.sealNum() {
		t.Error("a third seal past the bound: want the same layout, its own seal object")
	}
	qpdfCheck(t, face3)
	maxSealPrefixes = 64
	r2, err := NewRenderer(tpl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	kept, _, err := r2.Face(tpl.Samples[0], testQR(), third)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(face3, kept) {
		t.Error("a third seal past the bound: want the bytes of the same face with its prefix kept")
	}
}

// TestAppendNum: numbers are written with at most three decimals, no
// trailing zeros and no "-0", within half a thousandth of the value, and as
// strconv writes them but at exact ties of the binary value.
func TestAppendNum(t *testing.T) {
	cases := map[float64]string{0: "0", -0.0001: "0", 1: "1", -1: "-1", 0.5: "0.5", 12.34: "12.34",
		-841.889: "-841.889", 595.2756: "595.276", 1e15: "1000000000000000", 0.0996: "0.1"}
	for x, want := range cases {
		if got := string(appendNum(nil, x)); got != want {
			t.Errorf("appendNum(%v) = %q, want %q", x, got, want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	differ := 0
	for range 100000 {
		x := (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(7)))
		got := string(appendNum(nil, x))
		v, err := strconv.ParseFloat(got, 64)
		if err != nil || math.Abs(v-x) > 0.0005+1e-9 || strings.HasSuffix(got, "0") && strings.Contains(got, ".") || got == "-0" {
			t.Fatalf("appendNum(%v) = %q", x, got)
		}
		if got != string(appendNumSlow(nil, x)) {
			differ++
		}
	}
	if differ > 10 {
		t.Errorf("%d of 100000 differ from strconv's rounding", differ)
	}
}

// TestDeflateFast: each document's streams (deflateFast, and a glyphCode
// for font subsets, here one built from other statistics than the data's)
// decode with the standard library's zlib reader (checksum included),
// empty, small and over the stateless encoder's 32 KiB block.
func TestDeflateFast(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var counts [256]uint32
	for i := range counts {
		counts[i] = uint32(rng.IntN(1000)) * uint32(rng.IntN(2))
	}
	code := newGlyphCode(&counts)
	for _, n := range []int{0, 1, 100, 32767, 32768, 100000, 300000} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(rng.IntN(16)) // compressible, not trivially
		}
		for _, deflate := range []func(*bytes.Buffer, []byte){deflateFast, code.deflate} {
			var z bytes.Buffer
			deflate(&z, data)
			readBack(t, &z, data)
		}
	}
}

// readBack decodes z with the standard library's zlib and wants data.
func readBack(t *testing.T, z *bytes.Buffer, data []byte) {
	t.Helper()
	n := len(data)
	r, err := zlib.NewReader(z)
	if err != nil {
		t.Fatalf("%d bytes: %v", n, err)
	}
	got, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("%d bytes: read back %d bytes, %v", n, len(got), err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("%d bytes: %v", n, err)
	}
}

// renderOnce draws one face as issuance does: a Renderer, then its Render.
func renderOnce(t *catalogue.Template, values map[string]string, qr [][]bool, opts Options) ([]byte, error) {
	r, err := NewRenderer(t, opts)
	if err != nil {
		return nil, err
	}
	return r.Render(values, qr)
}
