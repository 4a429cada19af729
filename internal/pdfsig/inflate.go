package pdfsig

import (
	"bytes"
	"github.com/klauspost/compress/zlib"
	"io"
	"sync"
)

// inflaters keeps zlib readers for reuse: a new one allocates its window
// and tables, more than a certificate's streams take to inflate.
var inflaters sync.Pool

// inflate decodes zlib data, at most limit+1 bytes of output (the caller
// refuses more). Like io.ReadAll, it returns what it read before an error.
func inflate(data []byte, limit int) ([]byte, error) {
	src := bytes.NewReader(data)
	zr, _ := inflaters.Get().(io.ReadCloser)
	var err error
	if zr == nil {
		zr, err = zlib.NewReader(src)
	} else {
		err = zr.(zlib.Resetter).Reset(src, nil)
	}
	if err != nil {
		return nil, err
	}
	defer inflaters.Put(zr)
	buf := bytes.NewBuffer(make([]byte, 0, min(4*len(data)+512, limit+1)))
	_, err = buf.ReadFrom(io.LimitReader(zr, int64(limit)+1))
	return buf.Bytes(), err
}
