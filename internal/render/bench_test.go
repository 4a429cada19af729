package render

import (
	"bytes"
	"testing"

	"github.com/klauspost/compress/zlib"
	"github.com/signintech/gopdf"

	"ezz/internal/catalogue"
	"ezz/internal/font"
	"ezz/internal/qr"
)

func BenchmarkNewRenderer(b *testing.B) {
	tpl := loadTemplate(b, "food-business")
	for b.Loop() {
		if _, err := NewRenderer(tpl, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	tpl := loadTemplate(b, "food-business")
	r, err := NewRenderer(tpl, Options{})
	if err != nil {
		b.Fatal(err)
	}
	doc := Doc{Values: tpl.Samples[0], QR: testQR(), Identifier: "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F"}
	var size int
	for b.Loop() {
		pdf, err := r.RenderDoc(doc)
		if err != nil {
			b.Fatal(err)
		}
		size = len(pdf)
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}

// BenchmarkFaceLaid draws faces as a conversion does: the values laid out
// by Lay (the pre-check), the seal left to the signature's appearance and a
// QR code of a token from a pilot conversion.
func BenchmarkFaceLaid(b *testing.B) {
	tpl := loadTemplate(b, "food-business")
	r, err := NewRenderer(tpl, Options{})
	if err != nil {
		b.Fatal(err)
	}
	m, err := qr.Modules(pilotToken)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, values := range tpl.Samples {
			l, err := r.Lay(values)
			if err != nil {
				b.Fatal(err)
			}
			if _, _, err := r.FaceLaid(values, l, m, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(tpl.Samples)), "ns/face")
	b.ReportMetric(float64(len(m)), "modules")
}

// pilotToken is a QR token of a pilot conversion's certificate.
const pilotToken = "EZZ1:1.2.156.3005.2.11100000MB0143028R012.91000000000000000K.S01A02237.001.U:" +
	"3A0M-AH4TH%SM%FJ-1K56J-GN46O%MR*GX5ICHT$GMX7H%+S9D1ZRISVCIAK8CB3VGSABF/ITPBKIANLN135J%I+BO13U7B2DQFL$R-%44293DK4$OK3WD:771J+E4L$70QJ0UD1I1EFLV8C43"

func BenchmarkRenderParallel(b *testing.B) {
	tpl := loadTemplate(b, "food-business")
	r, err := NewRenderer(tpl, Options{})
	if err != nil {
		b.Fatal(err)
	}
	doc := Doc{Values: tpl.Samples[0], QR: testQR()}
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := r.RenderDoc(doc); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkGopdfBaseline draws the same text and images with gopdf's defaults
// (fonts parsed once, as gopdf allows), for comparison in docs/BENCHMARKS.md.
func BenchmarkGopdfBaseline(b *testing.B) {
	tpl := loadTemplate(b, "food-business")
	chain, err := font.Resolve(tpl.Face.Fonts[:1], font.SystemDirs())
	if err != nil {
		b.Fatal(err)
	}
	ttf := chain.TTF(0)
	var texts []string
	for _, e := range tpl.Face.Elements {
		if e.Text != "" {
			texts = append(texts, e.Text)
		} else if v := tpl.Samples[0][e.Field]; v != "" && chain.Missing(v) == nil {
			texts = append(texts, v)
		}
	}
	var size int
	for b.Loop() {
		pdf := &gopdf.GoPdf{}
		pdf.Start(gopdf.Config{PageSize: gopdf.Rect{W: 842, H: 595}})
		pdf.AddPage()
		if err := pdf.AddTTFFontData("wqy", ttf); err != nil {
			b.Fatal(err)
		}
		if err := pdf.Image(tpl.Dir+"/"+tpl.Face.BaseImage, 0, 0, &gopdf.Rect{W: 842, H: 595}); err != nil {
			b.Fatal(err)
		}
		if err := pdf.Image(tpl.Dir+"/assets/seal.png", 450, 410, &gopdf.Rect{W: 113, H: 113}); err != nil {
			b.Fatal(err)
		}
		_ = pdf.SetFont("wqy", "", 11)
		for i, s := range texts {
			pdf.SetXY(60, 40+float64(i)*12)
			_ = pdf.Cell(nil, s)
		}
		var out bytes.Buffer
		if _, err := pdf.WriteTo(&out); err != nil {
			b.Fatal(err)
		}
		size = out.Len()
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}

// BenchmarkFontDeflate compresses the largest font subset of the
// food-business face (sample 0) as the renderer does (the font's code,
// glyphCode), by Huffman coding alone with a code built per subset (as
// round 5 did) and at level 1 (as before): time and bytes of each.
func BenchmarkFontDeflate(b *testing.B) {
	ttf, code := largestSubset(b)
	hw, _ := zlib.NewWriterLevel(nil, zlib.HuffmanOnly)
	huffmanOnly := func(dst *bytes.Buffer, data []byte) {
		hw.Reset(dst)
		hw.Write(data)
		hw.Close()
	}
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	level1 := func(dst *bytes.Buffer, data []byte) { // one writer reset per stream, as the renderer pooled them
		zw.Reset(dst)
		zw.Write(data)
		zw.Close()
	}
	for _, c := range []struct {
		name string
		z    func(*bytes.Buffer, []byte)
	}{{"font-code", code.deflate}, {"huffman-only", huffmanOnly}, {"level-1", level1}} {
		b.Run(c.name, func(b *testing.B) {
			var out bytes.Buffer
			for b.Loop() {
				out.Reset()
				c.z(&out, ttf)
			}
			b.ReportMetric(float64(len(ttf)), "raw-bytes")
			b.ReportMetric(float64(out.Len()), "bytes")
		})
	}
}

// largestSubset is the largest font subset of the food-business face
// (sample 0) and its font's code.
func largestSubset(b *testing.B) ([]byte, *glyphCode) {
	tpl := loadTemplate(b, "food-business")
	r, err := NewRenderer(tpl, Options{})
	if err != nil {
		b.Fatal(err)
	}
	p := &page{r: r, byFont: map[*font.Font]*docFont{}, images: make([]bool, len(r.images))}
	for i, el := range r.elems {
		if el.Kind != catalogue.KindSeal {
			if err := p.element(i, el, Doc{Values: tpl.Samples[0], QR: testQR()}); err != nil {
				b.Fatal(err)
			}
		}
	}
	var ttf []byte
	var code *glyphCode
	for _, f := range p.fonts {
		if sub, _, err := f.f.Subset(f.gids); err == nil && len(sub) > len(ttf) {
			ttf, code = sub, r.glyphCode(f.f)
		}
	}
	return ttf, code
}
