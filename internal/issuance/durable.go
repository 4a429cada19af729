package issuance

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/input"
)

// maxStaged bounds a staged file read back: a certificate's PDF is ≈150 KB,
// and no PDF verify accepts is over 64 MiB.
const maxStaged = 64 << 20

// hasStagedHeader reports whether the file at path is a regular file that
// begins with the staged header or holds only the start of it (a run killed
// between creating it and its one write); unlike isStaged, not a PDF.
func hasStagedHeader(path string) bool {
	n, head := readHead(path)
	return n >= 0 && bytes.Equal(head[:n], stagedHeader[:n])
}

// readHead reads the first bytes of the regular file at path, as many as
// the staged header has; n is -1 when it cannot.
func readHead(path string) (n int, head []byte) {
	f, _, err := input.Open(path, maxStaged)
	if err != nil {
		return -1, nil
	}
	defer f.Close()
	head = make([]byte, len(stagedHeader))
	n, err = io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return -1, nil
	}
	return n, head
}

// isStaged reports whether the file at path is a staged file of ezz's: a
// regular file that begins with the staged header (or the PDF header, put
// back by a run stopped inside Commit), or holds only the start of the
// staged header (a run killed between creating it and its one write). A stopped
// run's leftovers are only ever those; a file that merely has such a name (in
// a folder given to --out that holds other files too) is left alone.
func isStaged(path string) bool {
	n, head := readHead(path)
	return n >= 0 && (bytes.Equal(head[:n], stagedHeader[:n]) || bytes.Equal(head, pdfHeader))
}

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
	data, err := input.Read(path, maxStaged) // a FIFO or a device in its place is refused, not waited on
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
