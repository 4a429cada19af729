package pdfsig

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// deflated is data zlib-compressed.
func deflated(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withContents is the test PDF with its page's /Contents set to contents
// (raw PDF syntax, A and B the numbers of streams 0 and 1) by an update
// holding the given streams, then signed.
func withContents(t *testing.T, contents string, streams map[int][]byte) []byte {
	f := newForge(t, testPDF(t))
	page := f.page()
	pd := f.dict(page)
	body := "<<"
	for k, v := range pd {
		if k != "Contents" {
			body += "/" + string(k) + " " + value(v)
		}
	}
	refs := strings.NewReplacer("A", fmt.Sprint(f.next), "B", fmt.Sprint(f.next+1))
	body += "/Contents " + refs.Replace(contents) + ">>"
	for i := range 2 {
		if data, ok := streams[i]; ok {
			f.stream(f.next+i, "/Filter /FlateDecode", deflated(t, data))
		}
	}
	f.next += 2
	f.obj(page.Num, body)
	out, err := Sign(f.table(), options(newKey(t, "sm2")))
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return out
}

// TestPageContents: the signed revision's page content, decoded, whatever
// the shape of /Contents, and a content that decodes past the bound refused.
func TestPageContents(t *testing.T) {
	bomb := make([]byte, maxContents+1)
	tests := []struct {
		name     string
		contents string
		streams  map[int][]byte
		want     string
		wantErr  error
	}{
		{"one stream", "A 0 R", map[int][]byte{0: []byte("BT (a) Tj ET")}, "BT (a) Tj ET", nil},
		{"an array", "[A 0 R B 0 R]", map[int][]byte{0: []byte("q"), 1: []byte("Q")}, "q\nQ", nil},
		{"a reference to nothing in the array", "[A 0 R B 0 R]", map[int][]byte{0: []byte("q")}, "q", nil},
		{"a bomb", "A 0 R", map[int][]byte{0: bomb}, "", ErrDamaged},
		{"two streams past the bound together", "[A 0 R B 0 R]", map[int][]byte{0: bomb[:maxContents/2], 1: bomb[:maxContents/2]}, "", ErrDamaged},
		{"not a stream", "[(A B)]", nil, "", ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Verify(withContents(t, tt.contents, tt.streams), nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.PageContents()
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			if err == nil && (len(got) != 1 || string(got[0]) != tt.want) {
				t.Errorf("got %q, want [%q]", got, tt.want)
			}
		})
	}
}

// TestPageContentsWholeTree: a page tree that PageContents cannot read
// whole — past maxPages pages, deeper than maxDepth, a kid that is not a
// reference — is refused, not read in part: a page left out could draw
// another QR code than the pages read.
func TestPageContentsWholeTree(t *testing.T) {
	tests := []struct {
		name string
		kids func(f *forge, page Ref) string // the root's /Kids
	}{
		{"more than maxPages pages", func(f *forge, page Ref) string {
			kids := value(page)
			for range maxPages {
				n := f.num()
				f.obj(n, value(f.dict(page)))
				kids += fmt.Sprintf(" %d 0 R", n)
			}
			return "[" + kids + "]"
		}},
		{"a page deeper than maxDepth", func(f *forge, page Ref) string {
			node := value(page)
			for range maxDepth + 1 {
				n := f.num()
				f.obj(n, "<</Type /Pages /Kids ["+node+"] /Count 1>>")
				node = fmt.Sprintf("%d 0 R", n)
			}
			return "[" + value(page) + " " + node + "]"
		}},
		{"a page given directly", func(f *forge, page Ref) string {
			return "[" + value(page) + " " + value(f.dict(page)) + "]"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newForge(t, testPDF(t))
			page := f.page()
			pages, _ := f.dict(f.root())["Pages"].(Ref)
			f.obj(pages.Num, f.dictWithout(pages, "Kids", "Count")+"/Kids "+tt.kids(f, page)+" /Count 1>>")
			if got, err := signedReport(t, f).PageContents(); !errors.Is(err, ErrDamaged) {
				t.Errorf("got %d pages' contents, %v; want ErrDamaged", len(got), err)
			}
		})
	}
}

// TestPageContentsEncodedBound: a stream that decodes to nothing, named
// many times by a page, is refused once what it inflates in all passes
// maxEncoded, rather than inflated 64 times (4 MiB of empty blocks named 64
// times took 3.6 s; by 64 pages, minutes).
func TestPageContentsEncodedBound(t *testing.T) {
	empty := []byte{0x78, 0x01}
	for len(empty) < maxEncoded/16 {
		empty = append(empty, 0x00, 0x00, 0x00, 0xff, 0xff) // a stored block of nothing
	}
	empty = append(empty, 0x01, 0x00, 0x00, 0xff, 0xff, 0, 0, 0, 1)
	for _, tt := range []struct {
		times   int
		wantErr error
	}{{1, nil}, {32, ErrDamaged}} {
		f := newForge(t, testPDF(t))
		page := f.page()
		n := f.num()
		f.stream(n, "/Filter /FlateDecode", empty)
		f.obj(page.Num, f.dictWithout(page, "Contents")+"/Contents ["+strings.Repeat(fmt.Sprintf("%d 0 R ", n), tt.times)+"]>>")
		if got, err := signedReport(t, f).PageContents(); !errors.Is(err, tt.wantErr) || err == nil && (len(got) != 1 || len(got[0]) != 0) {
			t.Errorf("named %d times: got %q, %v; want one empty page, or %v", tt.times, got, err, tt.wantErr)
		}
	}
}

// dictWithout is the start of r's dictionary, "<<" and every entry but the
// named ones, for a test to append its own and close.
func (f *forge) dictWithout(r Ref, skip ...string) string {
	body := "<<"
	for k, v := range f.dict(r) {
		if !slices.Contains(skip, string(k)) {
			body += "/" + string(k) + " " + value(v)
		}
	}
	return body
}

// signedReport signs the forged file and verifies it, failing the test on
// either error.
func signedReport(t *testing.T, f *forge) *Report {
	t.Helper()
	signed, err := Sign(f.table(), options(newKey(t, "sm2")))
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	r, err := Verify(signed, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
