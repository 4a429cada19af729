package bundle

import (
	"crypto/rand"
	"testing"

	"github.com/emmansun/gmsm/sm2"
)

// FuzzOpenReceipts feeds receipts files to the station's parser (seed: a
// real signed file). Nothing may panic; a file that opens is signed by the key.
func FuzzOpenReceipts(f *testing.F) {
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	doc, err := SignReceipts(Receipts{BundleSM3: "f6551bfbca98affdcde700cf29e2caa1912e7cfcc322517155f62aaf717847cd"}, key)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(doc)
	f.Fuzz(func(t *testing.T, data []byte) {
		rc, err := OpenReceipts(data, key.Public())
		if err == nil && rc.Format != ReceiptsV1 {
			t.Fatalf("opened receipts of format %q", rc.Format)
		}
	})
}
