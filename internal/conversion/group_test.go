package conversion_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"ezz/internal/ledger"
	"ezz/internal/register/regtest"
)

// TestGroupSizesAgree: a conversion without PDFs in its default groups (512
// rows a transaction) records what one in groups of 256 does: the same rows
// issued under the same identifiers, the same rejects, and a manifest listing
// the same certificates; each batch is whole (checkBatch).
func TestGroupSizesAgree(t *testing.T) {
	reg := filepath.Join(t.TempDir(), "register.xlsx")
	if err := regtest.Synthetic(reg, 1400); err != nil {
		t.Fatal(err)
	}
	var rows [2]map[string]ledger.Row
	var listed [2][]string
	for i, group := range []int{0, 256} {
		e := newEnv(t, t.TempDir(), false)
		o := e.options(reg)
		o.Group = group
		s := e.run(t, o)
		if s.Issued <= 1024 {
			t.Fatalf("groups of %d: %d issued, want more than two groups of 512", group, s.Issued)
		}
		checkBatch(t, e, s)
		var err error
		if rows[i], err = e.led.BatchRows(context.Background(), s.Batch); err != nil {
			t.Fatal(err)
		}
		for _, c := range openManifest(t, e, s.Manifest).Certificates {
			listed[i] = append(listed[i], c.Identifier)
		}
	}
	if !reflect.DeepEqual(rows[0], rows[1]) {
		t.Errorf("the batch's rows differ between the default groups and groups of 256")
	}
	if !reflect.DeepEqual(listed[0], listed[1]) {
		t.Errorf("the manifests list other certificates: %d and %d", len(listed[0]), len(listed[1]))
	}
}
