package render

import (
	"bytes"
	"testing"

	"github.com/klauspost/compress/zlib"

	"ezz/internal/catalogue"
	"ezz/internal/font"
	"ezz/internal/qr"
)

func zzStreams(b *testing.B) (content, tounicode []byte) {
	tpl := loadTemplate(b, "food-business")
	r, err := NewRenderer(tpl, Options{})
	if err != nil {
		b.Fatal(err)
	}
	m, _ := qr.Modules(pilotToken)
	p := r.newPage()
	for i, el := range r.elems {
		if el.Kind != catalogue.KindSeal {
			if err := p.element(i, el, Doc{Values: tpl.Samples[0], QR: m}); err != nil {
				b.Fatal(err)
			}
		}
	}
	var big *docFont
	for _, f := range p.fonts {
		if big == nil || len(f.gids) > len(big.gids) {
			big = f
		}
	}
	_ = font.Font{}
	return p.c, big.toUnicode()
}

func BenchmarkZZDeflate(b *testing.B) {
	content, tu := zzStreams(b)
	hw, _ := zlib.NewWriterLevel(nil, zlib.HuffmanOnly)
	huffmanOnly := func(dst *bytes.Buffer, data []byte) {
		hw.Reset(dst)
		hw.Write(data)
		hw.Close()
	}
	var cnt [256]uint32
	for _, c := range content {
		cnt[c]++
	}
	sc := newGlyphCode(&cnt)
	var cnt2 [256]uint32
	for _, c := range tu {
		cnt2[c]++
	}
	sc2 := newGlyphCode(&cnt2)
	for _, in := range []struct {
		name string
		d    []byte
		sc   *glyphCode
	}{{"content", content, sc}, {"tounicode", tu, sc2}} {
		for _, c := range []struct {
			name string
			z    func(*bytes.Buffer, []byte)
		}{{"fast", deflateFast}, {"huffman-only", huffmanOnly}, {"static", in.sc.deflate}} {
			b.Run(in.name+"/"+c.name, func(b *testing.B) {
				var out bytes.Buffer
				for b.Loop() {
					out.Reset()
					c.z(&out, in.d)
				}
				b.ReportMetric(float64(len(in.d)), "raw-bytes")
				b.ReportMetric(float64(out.Len()), "bytes")
			})
		}
	}
}
