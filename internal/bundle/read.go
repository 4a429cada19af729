package bundle

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"ezz/internal/input"
	"ezz/internal/push"
	"ezz/internal/text"
)

// Limits of a bundle that is read.
const (
	MaxEntries = 1 << 20
	MaxBundle  = 64 << 30
)

// Read opens a bundle and returns it as a push batch (the PDFs put back into
// their items), and the SM3 digest of the file. It checks the structure and
// the PDFs' digests; the signatures are the receiver's to check.
func Read(path string) (*push.Batch, string, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, "", err
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, "", fmt.Errorf("bundle %s: not a zip file: %w", path, err)
	}
	if len(z.File) > MaxEntries {
		return nil, "", fmt.Errorf("bundle %s: %d entries, the limit is %d", path, len(z.File), MaxEntries)
	}
	b, err := batchOf(z)
	if err != nil {
		return nil, "", fmt.Errorf("bundle %s: %w", path, err)
	}
	return b, push.BodySM3(data), nil
}

// readFile reads a bundle: a regular file of at most MaxBundle bytes
// (input.Read). Its errors are *text.Error: the bundle could not be read,
// which is not a bad bundle.
func readFile(path string) ([]byte, error) {
	data, err := input.Read(path, MaxBundle)
	if err != nil && !errors.As(err, new(*text.Error)) { // an *fs.PathError
		err = text.Wrap(err, "读取离线包", "read the bundle")
	}
	return data, err
}

func batchOf(z *zip.Reader) (*push.Batch, error) {
	files := map[string]*zip.File{}
	var items []string
	for _, f := range z.File {
		if _, dup := files[f.Name]; dup {
			return nil, fmt.Errorf("entry %q appears twice", f.Name)
		}
		files[f.Name] = f
		if strings.HasPrefix(f.Name, "items/") {
			items = append(items, f.Name)
		}
	}
	manifest, err := entry(files, ManifestName, 64<<20)
	if err != nil {
		return nil, err
	}
	sig, err := entry(files, SignatureName, 4096)
	if err != nil {
		return nil, err
	}
	b := &push.Batch{Manifest: manifest, Signature: strings.TrimSpace(string(sig))}
	for i := range items {
		it, err := item(files, fmt.Sprintf("items/%06d.json", i+1))
		if err != nil {
			return nil, err
		}
		b.Items = append(b.Items, *it)
	}
	return b, nil
}

func item(files map[string]*zip.File, name string) (*push.Item, error) {
	data, err := entry(files, name, 4<<20)
	if err != nil {
		return nil, err
	}
	var it push.Item
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&it); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if it.PDFSM3 == "" {
		return &it, nil
	}
	if it.PDF, err = entry(files, "files/"+it.PDFSM3+".pdf", push.MaxPDF); err != nil {
		return nil, err
	}
	if push.BodySM3(it.PDF) != it.PDFSM3 {
		return nil, fmt.Errorf("files/%s.pdf: its SM3 digest is not its name", it.PDFSM3)
	}
	return &it, nil
}

// entry reads a bundle entry of at most limit bytes, whatever its header claims.
func entry(files map[string]*zip.File, name string, limit int64) ([]byte, error) {
	f := files[name]
	if f == nil {
		return nil, fmt.Errorf("no %s", name)
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, limit)
	}
	r, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, limit)
	}
	return data, nil
}
