package render

import "sync"

// A face is ≈ 150 KB, most of it the prefix every document of a Renderer
// starts with. A conversion writes each PDF to disk and drops it; handing
// its bytes back (Recycle) lets the next face be drawn into them instead
// of allocating and clearing a new buffer and collecting the old one.

// Recycle gives back the bytes of a document the Renderer drew (pdf as
// RenderDoc, Face, FaceLaid or FaceOutlined returned it, signed or not)
// once nothing reads them any more: later documents are drawn into them.
// Its caller must drop every reference to pdf.
func (r *Renderer) Recycle(pdf []byte) {
	if cap(pdf) >= len(r.prefix.data) && cap(pdf) <= maxRecycled {
		b := pdf[:0]
		r.bufs.Put(&b)
	}
}

// maxRecycled bounds the buffers kept: a face with an unusually large
// content (hundreds of fonts' glyphs) is not kept for every later one.
const maxRecycled = 8 << 20

// pooled takes a buffer from bufs, if it has one (a nil bufs has none).
func pooled(bufs *sync.Pool) ([]byte, bool) {
	if bufs == nil {
		return nil, false
	}
	b, ok := bufs.Get().(*[]byte)
	if !ok {
		return nil, false
	}
	return *b, true
}
