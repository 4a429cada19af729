package render

import (
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"strconv"

	"ezz/internal/asset"
)

// pdfImage is an image XObject encoded once and written into every document.
type pdfImage struct {
	w, h  int
	dict  string // entries other than /Length and /SMask
	data  []byte
	smask *pdfImage // alpha channel, if any
}

// loadImage reads an image file and encodes it for PDF: JPEG as is (DCTDecode),
// opaque non-interlaced PNG as is (its zlib data with the PNG predictor), any
// other image decoded and deflated once, its alpha as a soft mask.
// The limits are asset's, checked from the header: the same as lint's.
func loadImage(path string) (*pdfImage, error) {
	a, err := asset.ReadImage(path)
	if err != nil {
		return nil, err
	}
	switch a.Format {
	case "jpeg":
		return jpegImage(a.Data, a.Config)
	case "png":
		if im, ok := pngPassThrough(a.Data); ok {
			return im, nil
		}
	}
	img, err := a.Decode()
	if err != nil {
		return nil, err
	}
	return decodedImage(img), nil
}

func jpegImage(data []byte, cfg image.Config) (*pdfImage, error) {
	cs := "/DeviceRGB"
	switch cfg.ColorModel {
	case color.GrayModel:
		cs = "/DeviceGray"
	case color.CMYKModel:
		cs = "/DeviceCMYK /Decode [1 0 1 0 1 0 1 0]" // Adobe JPEGs store CMYK inverted
	}
	return &pdfImage{w: cfg.Width, h: cfg.Height, data: data,
		dict: fmt.Sprintf("/Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode", cfg.Width, cfg.Height, cs)}, nil
}

// pngPassThrough embeds an opaque, non-interlaced PNG without decoding it.
func pngPassThrough(data []byte) (*pdfImage, bool) {
	chunks, ok := pngChunks(data)
	if !ok || len(chunks["IHDR"]) != 13 || chunks["tRNS"] != nil {
		return nil, false
	}
	ihdr := chunks["IHDR"]
	w, h := int(be32(ihdr)), int(be32(ihdr[4:]))
	depth, ctype, interlace := int(ihdr[8]), ihdr[9], ihdr[12]
	if interlace != 0 {
		return nil, false
	}
	var cs string
	colors := 1
	switch {
	case ctype == 0:
		cs = "/DeviceGray"
	case ctype == 2 && depth >= 8:
		cs, colors = "/DeviceRGB", 3
	case ctype == 3 && len(chunks["PLTE"])%3 == 0 && len(chunks["PLTE"]) > 0:
		plte := chunks["PLTE"]
		cs = fmt.Sprintf("[/Indexed /DeviceRGB %d <%x>]", len(plte)/3-1, plte)
	default:
		return nil, false
	}
	return &pdfImage{w: w, h: h, data: chunks["IDAT"], dict: fmt.Sprintf(
		"/Width %d /Height %d /ColorSpace %s /BitsPerComponent %d /Filter /FlateDecode "+
			"/DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent %d /Columns %d >>",
		w, h, cs, depth, colors, depth, w)}, true
}

// pngChunks returns a PNG's chunks by type, IDAT concatenated; false if malformed.
func pngChunks(data []byte) (map[string][]byte, bool) {
	if len(data) < 8 || string(data[:8]) != "\x89PNG\r\n\x1a\n" {
		return nil, false
	}
	chunks := map[string][]byte{}
	for p := 8; p+12 <= len(data); {
		n := int(be32(data[p:]))
		if n < 0 || p+12+n > len(data) {
			return nil, false
		}
		typ, body := string(data[p+4:p+8]), data[p+8:p+8+n]
		if crc32.ChecksumIEEE(data[p+4:p+8+n]) != be32(data[p+8+n:]) {
			return nil, false
		}
		if typ == "IDAT" {
			chunks[typ] = append(chunks[typ], body...)
		} else if chunks[typ] == nil {
			chunks[typ] = body
		}
		if typ == "IEND" {
			return chunks, chunks["IDAT"] != nil
		}
		p += 12 + n
	}
	return nil, false
}

func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// decodedImage deflates an image's colour, and its alpha as a soft mask when
// any pixel is not opaque (compressed once per Renderer). An image of at most
// 256 colours, like a seal, is stored losslessly as indexed colour.
// Fully transparent pixels take the most common visible colour: it is never
// seen and makes the colour plane compress far better.
func decodedImage(img image.Image) *pdfImage {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	nrgba := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(nrgba, nrgba.Bounds(), img, b.Min, draw.Src)
	rgb, alpha := make([]byte, 3*w*h), make([]byte, w*h)
	fill := dominant(nrgba.Pix)
	opaque := true
	for i := 0; i < w*h; i++ {
		a := nrgba.Pix[4*i+3]
		if a == 0 {
			copy(rgb[3*i:], fill[:])
		} else {
			copy(rgb[3*i:], nrgba.Pix[4*i:4*i+3])
		}
		alpha[i] = a
		opaque = opaque && a == 0xFF
	}
	dims := fmt.Sprintf("/Width %d /Height %d /BitsPerComponent 8 /Filter /FlateDecode", w, h)
	im := &pdfImage{w: w, h: h}
	if palette, index, ok := indexed(rgb); ok {
		im.data = deflateOnce(index)
		im.dict = fmt.Sprintf("%s /ColorSpace [/Indexed /DeviceRGB %d <%x>]", dims, len(palette)/3-1, palette)
	} else {
		im.data = deflateOnce(rgb)
		im.dict = dims + " /ColorSpace /DeviceRGB"
	}
	if !opaque {
		im.smask = &pdfImage{w: w, h: h, data: deflateOnce(alpha), dict: dims + " /ColorSpace /DeviceGray"}
	}
	return im
}

// dominant returns the most common colour of the visible pixels of NRGBA samples.
func dominant(pix []byte) [3]byte {
	count := map[[3]byte]int{}
	var best [3]byte
	for i := 0; i+3 < len(pix); i += 4 {
		if pix[i+3] == 0 {
			continue
		}
		c := [3]byte{pix[i], pix[i+1], pix[i+2]}
		count[c]++
		if count[c] > count[best] {
			best = c
		}
	}
	return best
}

// indexed returns the palette and the indexes of rgb samples, if there are at most 256 colours.
func indexed(rgb []byte) (palette, index []byte, ok bool) {
	seen := map[[3]byte]byte{}
	index = make([]byte, len(rgb)/3)
	for i := range index {
		c := [3]byte{rgb[3*i], rgb[3*i+1], rgb[3*i+2]}
		n, found := seen[c]
		if !found {
			if len(seen) == 256 {
				return nil, nil, false
			}
			n = byte(len(seen))
			seen[c] = n
			palette = append(palette, c[:]...)
		}
		index[i] = n
	}
	return palette, index, true
}

// imageObject serialises im (and its soft mask) as objects num and num+1.
func (im *pdfImage) objects(num int) (objs [][]byte) {
	dict := "<< /Type /XObject /Subtype /Image " + im.dict
	if im.smask != nil {
		dict += " /SMask " + strconv.Itoa(num+1) + " 0 R"
	}
	objs = append(objs, streamObject(num, dict, im.data))
	if im.smask != nil {
		objs = append(objs, im.smask.objects(num+1)...)
	}
	return objs
}
