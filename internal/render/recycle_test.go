package render

import (
	"bytes"
	"testing"
)

// TestRecycleSameBytes: faces drawn into the bytes of faces given back —
// scribbled over to their capacity, as a signature and a staged header
// leave them and worse — are byte for byte the faces drawn into new
// buffers, their own seal's and the template's; and the bytes given back
// are used.
func TestRecycleSameBytes(t *testing.T) {
	r, err := NewRenderer(testTemplate(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := NewRenderer(testTemplate(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	values := []map[string]string{testValues, {"holder_name": "另一个名称有限公司", "licence_no": "JY987"}}
	reused := 0
	var prev []byte // the bytes given back last
	for i := range 40 {
		v := values[i%len(values)]
		want, err := fresh.Render(v, testQR())
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.Render(v, testQR())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("face %d drawn into given-back bytes differs from one drawn anew", i)
		}
		if prev != nil && &got[0] == &prev[0] {
			reused++
		}
		prev = got[:cap(got)]
		for j := range prev {
			prev[j] = byte(j*7 + i)
		}
		r.Recycle(got)
	}
	if reused == 0 {
		t.Error("no face was drawn into the bytes given back")
	}
}
