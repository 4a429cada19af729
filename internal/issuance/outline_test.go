package issuance

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"ezz/internal/pdfsig"
	"ezz/internal/qr"
	"ezz/internal/testenv"
)

// outlinedFace draws the face of template's first sample as makePDF does,
// with the renderer's outline.
func outlinedFace(t *testing.T, template string) (*Maker, *Certificate, time.Time, face) {
	t.Helper()
	m, vals := newMakerOf(t, template, true)
	c, p := laidOut(t, m, vals, time.Date(2026, 9, 1, 3, 0, 0, 0, time.UTC), 1)
	modules, err := qr.Modules(c.QR)
	if err != nil {
		t.Fatal(err)
	}
	f, err := m.face(c, p, modules)
	if err != nil {
		t.Fatal(err)
	}
	if f.outline == nil {
		t.Fatal("render.Renderer gave no outline of the face")
	}
	return m, c, p.At, f
}

// withRoom is a copy of pdf with the spare capacity the renderer leaves.
func withRoom(pdf []byte) []byte {
	return append(make([]byte, 0, cap(pdf)), pdf...)
}

// blankContents is signed with the hex digits of its last /Contents zeroed:
// what is left differs between two signatures of one file only if their
// updates differ.
func blankContents(t *testing.T, signed []byte) []byte {
	t.Helper()
	at := bytes.LastIndex(signed, []byte("/Contents <"))
	end := bytes.IndexByte(signed[max(at, 0):], '>')
	if at < 0 || end < 0 {
		t.Fatal("no /Contents in the signed file")
	}
	out := bytes.Clone(signed)
	for i := at + len("/Contents <"); i < at+end; i++ {
		out[i] = '0'
	}
	return out
}

// TestOutlinedSignature signs one face from the renderer's outline and by
// parsing it: the two files are byte for byte the same but for the CMS
// (whose SM2 nonce is random), the outlined one verifies, and its SM3 is the
// file's.
func TestOutlinedSignature(t *testing.T) {
	for _, tmpl := range []string{"food-business", "special-operation", "eia-approval"} {
		t.Run(tmpl, func(t *testing.T) { testOutlinedSignature(t, tmpl) })
	}
}

func testOutlinedSignature(t *testing.T, template string) {
	m, c, at, f := outlinedFace(t, template)
	o := m.signOptions(c, at, f)
	outlined, sum, err := pdfsig.SignSM3(withRoom(f.pdf), o)
	if err != nil {
		t.Fatal(err)
	}
	o.Outline = nil
	parsed, _, err := pdfsig.SignSM3(withRoom(f.pdf), o)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := blankContents(t, outlined), blankContents(t, parsed); !bytes.Equal(a, b) {
		n := 0
		for n < min(len(a), len(b)) && a[n] == b[n] {
			n++
		}
		t.Fatalf("outlined and parsed signatures differ from byte %d (lengths %d, %d)", n, len(a), len(b))
	}
	if got, want := hex.EncodeToString(sum), hexSM3(outlined); got != want {
		t.Errorf("file SM3 %s, want %s", got, want)
	}
	chain := m.c.Key.Chain
	rep, err := pdfsig.Verify(outlined, chain[len(chain)-1:])
	if err != nil || rep.Err() != nil {
		t.Fatalf("the outlined signature does not verify: %v, %v", err, rep.Err())
	}
	checkExternally(t, outlined)
}

// checkExternally has qpdf check signed and poppler's pdfsig see one
// signature over the whole file (it cannot check SM3 itself).
func checkExternally(t *testing.T, signed []byte) {
	path := filepath.Join(t.TempDir(), "cert.pdf")
	if err := os.WriteFile(path, signed, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ tool, want string }{
		{"qpdf", "No syntax or stream encoding errors found"},
		{"pdfsig", "Total document signed"},
	} {
		if _, err := exec.LookPath(c.tool); err != nil {
			testenv.Missing(t, "%s is not installed (run scripts/install-deps.sh): %v", c.tool, err)
		}
		args := []string{path}
		if c.tool == "qpdf" {
			args = []string{"--check", path}
		}
		out, _ := exec.Command(c.tool, args...).CombinedOutput()
		if !strings.Contains(string(out), c.want) || strings.Contains(string(out), "WARNING") {
			t.Errorf("%s: got\n%s\nwant %q and no warning", c.tool, out, c.want)
		}
	}
}

// TestOutlineStale signs a face with an outline that does not describe it:
// each is refused, and no file comes back.
func TestOutlineStale(t *testing.T) {
	m, c, at, f := outlinedFace(t, "food-business")
	good := *f.outline
	const page, info = 3, 5
	tests := []struct {
		name string
		edit func(l *pdfsig.Outline, pdf []byte) []byte
	}{
		{"xref off by one", func(l *pdfsig.Outline, pdf []byte) []byte { l.XRef++; return pdf }},
		{"xref at the start", func(l *pdfsig.Outline, pdf []byte) []byte { l.XRef = 0; return pdf }},
		{"xref past the end", func(l *pdfsig.Outline, pdf []byte) []byte { l.XRef = len(pdf); return pdf }},
		{"an object short", func(l *pdfsig.Outline, pdf []byte) []byte { l.Offsets = l.Offsets[:len(l.Offsets)-1]; return pdf }},
		{"an object more", func(l *pdfsig.Outline, pdf []byte) []byte { l.Offsets = append(l.Offsets, 9); return pdf }},
		{"no objects", func(l *pdfsig.Outline, pdf []byte) []byte { l.Offsets = nil; return pdf }},
		{"the page's offset moved", func(l *pdfsig.Outline, pdf []byte) []byte { l.Offsets[page]++; return pdf }},
		{"the page at the info's offset", func(l *pdfsig.Outline, pdf []byte) []byte { l.Offsets[page] = l.Offsets[info]; return pdf }},
		{"the catalog as the page", func(l *pdfsig.Outline, pdf []byte) []byte { l.Page = 1; return pdf }},
		{"a page that is not there", func(l *pdfsig.Outline, pdf []byte) []byte { l.Page = len(l.Offsets) + 4; return pdf }},
		{"bytes after %%EOF", func(l *pdfsig.Outline, pdf []byte) []byte { return append(pdf, "% more\n"...) }},
		{"a file cut short", func(l *pdfsig.Outline, pdf []byte) []byte { return pdf[:len(pdf)-3] }},
		{"another trailer", func(l *pdfsig.Outline, pdf []byte) []byte {
			return bytes.Replace(pdf, []byte("trailer\n<< /Size"), []byte("trailer\n<< /Szie"), 1)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := good
			l.Offsets = slices.Clone(good.Offsets)
			pdf := tt.edit(&l, withRoom(f.pdf))
			o := m.signOptions(c, at, f)
			o.Outline = &l
			out, err := pdfsig.Sign(pdf, o)
			if err == nil || out != nil {
				t.Fatalf("signed with a stale outline (%d bytes), want an error", len(out))
			}
			if !strings.Contains(err.Error(), "outline given does not describe the PDF") {
				t.Errorf("error %q does not blame the outline", err)
			}
		})
	}
}

// TestOutlineForged signs faces whose cross-reference table the outline does
// not describe, though every object header at the outline's offsets is
// right: a copy of the page the table does not list, a table whose entries
// are not the outline's, a page outside the page tree. Each is refused.
func TestOutlineForged(t *testing.T) {
	m, c, at, f := outlinedFace(t, "food-business")
	const page = 3
	tests := []struct {
		name string
		edit func(l *pdfsig.Outline, pdf []byte) []byte
	}{
		{"a copy of the page the table does not list", func(l *pdfsig.Outline, pdf []byte) []byte {
			obj := pdf[l.Offsets[page]:]
			obj = obj[:bytes.Index(obj, []byte("endobj\n"))+len("endobj\n")]
			fake := bytes.Replace(obj, []byte("/MediaBox [0 0 "), []byte("/MediaBox [0 0 1"), 1)
			out, x := insertBeforeXRef(l, pdf, fake)
			l.Offsets[page] = x
			return out
		}},
		{"a table whose entry for the page is not the outline's", func(l *pdfsig.Outline, pdf []byte) []byte {
			at := l.XRef + len("xref\n0 ") + len(strconv.Itoa(len(l.Offsets))) + 1 + 20*page
			out := bytes.Clone(pdf)
			copy(out[at:], "0000000009")
			return out
		}},
		{"a trailer with an earlier section (/Prev)", func(l *pdfsig.Outline, pdf []byte) []byte {
			return bytes.Replace(pdf, []byte("trailer\n<< /Size"), []byte("trailer\n<< /Prev 9 /Size"), 1)
		}},
		{"a hybrid trailer (/XRefStm)", func(l *pdfsig.Outline, pdf []byte) []byte {
			return bytes.Replace(pdf, []byte("trailer\n<< /Size"), []byte("trailer\n<< /XRefStm 9 /Size"), 1)
		}},
		{"a page outside the page tree", func(l *pdfsig.Outline, pdf []byte) []byte {
			obj := pdf[l.Offsets[page]:]
			obj = obj[:bytes.Index(obj, []byte("endobj\n"))+len("endobj\n")]
			num := len(l.Offsets)
			orphan := append([]byte(strconv.Itoa(num)), bytes.TrimPrefix(obj, []byte("3"))...)
			out, x := insertBeforeXRef(l, pdf, orphan)
			l.Offsets = append(l.Offsets, x)
			l.Page = num
			return rewriteTable(l, out)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := *f.outline
			l.Offsets = slices.Clone(f.outline.Offsets)
			pdf := tt.edit(&l, withRoom(f.pdf))
			o := m.signOptions(c, at, f)
			o.Outline = &l
			out, err := pdfsig.Sign(pdf, o)
			if err == nil || out != nil {
				t.Fatalf("signed with an outline that does not describe the file (%d bytes), want an error", len(out))
			}
			if !strings.Contains(err.Error(), "outline given does not describe the PDF") {
				t.Errorf("error %q does not blame the outline", err)
			}
		})
	}
}

// insertBeforeXRef inserts obj before the table the outline names, moving the
// table and startxref after it; it returns the file and obj's offset.
func insertBeforeXRef(l *pdfsig.Outline, pdf, obj []byte) ([]byte, int) {
	x := l.XRef
	tail := bytes.Clone(pdf[x:])
	old := "startxref\n" + strconv.Itoa(x) + "\n"
	l.XRef = x + len(obj)
	tail = bytes.Replace(tail, []byte(old), []byte("startxref\n"+strconv.Itoa(l.XRef)+"\n"), 1)
	out := append(bytes.Clone(pdf[:x]), obj...)
	return append(out, tail...), x
}

// rewriteTable writes the table, trailer /Size and startxref the outline
// describes in place of pdf's.
func rewriteTable(l *pdfsig.Outline, pdf []byte) []byte {
	tr := bytes.Index(pdf[l.XRef:], []byte("trailer\n"))
	trailer := bytes.Clone(pdf[l.XRef+tr:])
	out := append(bytes.Clone(pdf[:l.XRef]), "xref\n0 "+strconv.Itoa(len(l.Offsets))+"\n0000000000 65535 f \n"...)
	for _, off := range l.Offsets[1:] {
		if off == 0 {
			out = append(out, "0000000000 65535 f \n"...)
			continue
		}
		out = append(out, fmt.Sprintf("%010d 00000 n \n", off)...)
	}
	re := regexp.MustCompile(`/Size \d+`)
	trailer = re.ReplaceAll(trailer, []byte("/Size "+strconv.Itoa(len(l.Offsets))))
	return append(out, trailer...)
}
