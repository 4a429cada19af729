package agency

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/text"
	"ezz/internal/workspace"
)

// BackupReport is what ezz backup made.
type BackupReport struct {
	Dest    string   `json:"dest"`
	Ledger  string   `json:"ledger"`
	Files   int      `json:"files"`   // recorded PDFs copied
	Skipped []string `json:"skipped"` // recorded PDFs outside the workspace or missing: not copied
	At      string   `json:"at"`
}

// Backup makes a consistent copy of the workspace in dest while other ezz
// processes go on working: the ledger as one snapshot (VACUUM INTO), then
// config.yaml, keys/, calendar/ and the PDFs that snapshot records under
// out/, and a manifest. ezz check --home DEST checks the copy.
func (a *Agency) Backup(ctx context.Context, dest string) (*BackupReport, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	if err := emptyDest(dest); err != nil {
		return nil, err
	}
	r := &BackupReport{Dest: dest, Ledger: filepath.Join(dest, workspace.LedgerFile), Skipped: []string{}, At: a.Now().UTC().Format(time.RFC3339)}
	if err := a.Ledger.Backup(ctx, r.Ledger); err != nil {
		return nil, err
	}
	for _, name := range []string{workspace.ConfigFile, workspace.KeysDir, CalendarDir} {
		if err := copyTree(filepath.Join(a.Workspace.Dir, name), filepath.Join(dest, name)); err != nil {
			return nil, text.Wrap(err, "复制 %s 失败", "copy %s", name)
		}
	}
	if err := a.copyRecorded(ctx, r); err != nil {
		return nil, err
	}
	m := backupManifest{SourceOut: absPath(a.Workspace.OutDir()), At: r.At, Files: r.Files}
	data, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(dest, BackupManifest), append(data, '\n'), 0o640); err != nil {
		return nil, text.Wrap(err, "写入 %s 失败", "write %s", BackupManifest)
	}
	return r, nil
}

func emptyDest(dest string) error {
	entries, err := os.ReadDir(dest)
	switch {
	case os.IsNotExist(err):
		return os.MkdirAll(dest, 0o700)
	case err != nil:
		return text.Wrap(err, "无法使用 %s", "cannot use %s", dest)
	case len(entries) > 0:
		return text.Errorf("%s 不是空目录", "%s is not empty", dest).WithHint("请指定一个新目录", "give a new directory")
	}
	return nil
}

// copyRecorded copies the PDFs the backup's ledger records in the workspace (out/, or an --out in it).
func (a *Agency) copyRecorded(ctx context.Context, r *BackupReport) error {
	copyLedger, err := ledger.Open(r.Ledger)
	if err != nil {
		return err
	}
	defer copyLedger.Close()
	dest, home := absPath(r.Dest), absPath(a.Workspace.Dir)
	return copyLedger.EachFile(ctx, func(f ledger.RecordedFile) error {
		// The copy's ledger names a file in the workspace where the copy is
		// (docs/ledger.md): the file to copy is in the source.
		src := absPath(f.Path)
		if rel, err := filepath.Rel(dest, src); err == nil && filepath.IsLocal(rel) {
			src = filepath.Join(home, rel)
		}
		rel, err := filepath.Rel(home, src) // out/ or an --out folder in the workspace
		if err != nil || !filepath.IsLocal(rel) {
			r.Skipped = append(r.Skipped, src)
			return nil
		}
		err = copyFile(src, filepath.Join(r.Dest, rel), 0o640)
		if os.IsNotExist(err) {
			r.Skipped = append(r.Skipped, src)
			return nil
		}
		if err != nil {
			return text.Wrap(err, "复制 %s 失败", "copy %s", src)
		}
		r.Files++
		return nil
	})
}

// copyTree copies a file or a directory (regular files only, keeping modes);
// a missing source is nothing to copy.
func copyTree(src, dst string) error {
	st, err := os.Lstat(src)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if st.Mode().IsRegular() {
		return copyFile(src, dst, st.Mode().Perm())
	}
	if !st.IsDir() {
		return nil
	}
	return filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		info, err := e.Info()
		if err != nil {
			return err
		}
		switch {
		case e.IsDir():
			return os.MkdirAll(filepath.Join(dst, rel), info.Mode().Perm())
		case info.Mode().IsRegular():
			return copyFile(p, filepath.Join(dst, rel), info.Mode().Perm())
		}
		return nil
	})
}

// copyFile copies a regular file and fsyncs the copy.
func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
