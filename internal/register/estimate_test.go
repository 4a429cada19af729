package register

import (
	"path/filepath"
	"testing"

	"ezz/internal/register/regtest"
)

func TestEstimatedRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.xlsx")
	if err := regtest.Synthetic(path, 250); err != nil {
		t.Fatal(err)
	}
	r, err := Open(path, loadTemplate(t, "food-business").Items, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// excelize's stream writer records no dimension: the estimate comes
	// from the size of the sheet and is within a few per cent.
	if got := r.EstimatedRows(); got < 240 || got > 260 {
		t.Errorf("EstimatedRows = %d, want 250 ± 10", got)
	}
}
