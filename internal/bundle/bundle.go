// Package bundle writes and reads offline bundles: what a station with no
// link to the repository carries over on a disk. A bundle is a zip file of a
// signed push manifest (manifest.json, manifest.sig), one JSON file per item
// (items/NNNNNN.json) and the items' PDFs named by their SM3 digests
// (files/<sm3>.pdf). The manifest's item digests cover the PDFs, so its one
// signature covers everything.
package bundle

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/push"
	"ezz/internal/sign"
)

// Names inside a bundle.
const (
	ManifestName  = "manifest.json"
	SignatureName = "manifest.sig"
)

// Export writes the outbox entries waiting to be pushed (those enqueued at or
// after since, when it is not zero) to a bundle at path, and returns how many.
func Export(ctx context.Context, l *ledger.Ledger, key *sign.Issuer, station, path string, since, now time.Time) (int, error) {
	all, err := l.Pushable(ctx, 1<<30)
	if err != nil {
		return 0, err
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp)
	n, err := write(f, all, key, station, since, now)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("write bundle %s: %w", path, err)
	}
	return n, os.Rename(tmp, path)
}

func write(w io.Writer, all []ledger.PushItem, key *sign.Issuer, station string, since, now time.Time) (int, error) {
	z := zip.NewWriter(w)
	var items []push.Item
	files := map[string]bool{}
	for _, p := range all {
		if !since.IsZero() && p.EnqueuedAt.Before(since) {
			continue
		}
		it, err := push.ItemOf(p)
		if err != nil {
			return 0, err
		}
		if len(it.PDF) > 0 && !files[it.PDFSM3] {
			if err := put(z, "files/"+it.PDFSM3+".pdf", it.PDF); err != nil {
				return 0, err
			}
			files[it.PDFSM3] = true
		}
		items = append(items, it)
	}
	b, err := push.NewBatch(items, key.Key, station, nil, now)
	if err != nil {
		return 0, err
	}
	for i, it := range b.Items {
		it.PDF = nil
		data, _ := json.Marshal(it)
		if err := put(z, fmt.Sprintf("items/%06d.json", i+1), data); err != nil {
			return 0, err
		}
	}
	if err := put(z, ManifestName, b.Manifest); err != nil {
		return 0, err
	}
	if err := put(z, SignatureName, []byte(b.Signature)); err != nil {
		return 0, err
	}
	return len(items), z.Close()
}

func put(z *zip.Writer, name string, data []byte) error {
	w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// Receipts is what a repository gives back for a bundle: one result per item.
type Receipts struct {
	Format    string        `json:"format"`
	BundleSM3 string        `json:"bundle_sm3"`
	Results   []push.Result `json:"results"`
}

// ReceiptsV1 is the format of a receipts file.
const ReceiptsV1 = "ezz/bundle-receipts/v1"
