package issuance

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"github.com/emmansun/gmsm/sm3"
)

// Durability: a PDF the ledger records must survive a power cut, and the
// ledger commits with synchronous=FULL. So each PDF is fsynced when it is
// staged and again when it is committed (staged.go), and the directories of a group's PDFs are fsynced once
// before the group commits (SyncDirs): after the commit, every recorded file
// and its name are on disk. docs/BENCHMARKS.md gives the cost.

// SyncDirs fsyncs each directory once, making the names of files renamed
// into them durable.
func SyncDirs(dirs ...string) error {
	seen := map[string]bool{}
	for _, d := range dirs {
		if d == "" || seen[d] {
			continue
		}
		seen[d] = true
		if err := syncDir(d); err != nil {
			return err
		}
	}
	return nil
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	err = f.Sync()
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, fs.ErrInvalid) {
		return nil // a file system that cannot sync directories
	}
	return err
}

// StagedSM3 is the hex SM3 a staged file will have once committed (its
// header restored): what the ledger recorded for it. A staged file whose
// header is already back (a run stopped inside Commit, between the header
// and the rename) has that SM3 as it is.
func StagedSM3(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if !bytes.HasPrefix(data, stagedHeader) && !bytes.HasPrefix(data, pdfHeader) {
		return "", fmt.Errorf("%s is not a staged PDF", path)
	}
	h := sm3.New()
	h.Write(pdfHeader)
	h.Write(data[len(stagedHeader):])
	return hex.EncodeToString(h.Sum(nil)), nil
}
