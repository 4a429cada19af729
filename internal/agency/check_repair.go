package agency

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/record"
	"ezz/internal/register"
	"ezz/internal/text"
)

// RepairedFile is a missing PDF that ezz check --repair put back.
type RepairedFile struct {
	Identifier string `json:"identifier"`
	Path       string `json:"path"`
	SM3        string `json:"sm3"`
	Identical  bool   `json:"identical"` // the recorded bytes (a staged copy left by a stopped run), else re-rendered and re-signed
}

// repair puts back each missing PDF, as a recorded event: a staged copy with
// the recorded SM3 (a run stopped between its commit and the rename) is
// renamed into place; otherwise the PDF is rendered again from the ledger's
// signed record with --template and signed anew, and its new SM3 recorded.
func (a *Agency) repair(ctx context.Context, r *CheckReport, o CheckOptions) error {
	var is *issuing
	var still []FileIssue
	locks := map[string]*os.File{} // each batch directory's lock, held until the repair ends
	defer func() {
		for _, l := range locks {
			l.Close()
		}
	}()
	for _, f := range r.Missing {
		if err := a.elsewhere(f.Path); err != nil {
			return err
		}
		if err := lockFor(ctx, locks, filepath.Dir(f.Path)); err != nil {
			return err
		}
		if r.inPlace(f) {
			continue
		}
		done, err := a.adoptStaged(ctx, f)
		if err == nil && done == nil {
			if is == nil && o.Template != "" {
				if is, err = a.openIssuing(o.IssueOptions); err != nil {
					return err
				}
			}
			done, err = a.rerender(ctx, is, f)
		}
		if err != nil {
			return err
		}
		if done == nil {
			still = append(still, f)
			continue
		}
		r.Repaired = append(r.Repaired, *done)
	}
	if still == nil {
		still = []FileIssue{}
	}
	r.Missing = still
	return nil
}

// clearStaged removes, with --repair, the staged files that stopped runs
// left among r.Extra, in the folders the ledger's PDFs are in (not below
// them: a folder given to --out may hold anything): once it holds a folder's
// lock (no conversion or issue is writing there) and has read what the ledger
// records then, a staged PDF (issuance.ClearStaged: named as ezz names them,
// with ezz's staged header) is put in place when the ledger records its very
// bytes under its free final name, and removed otherwise — it is signed for a
// serial the ledger never issued, or a second copy; in a batch's folder a
// half-written rejects workbook is removed too. That is what a conversion
// resumed with the same register does, for a batch that cannot be resumed
// (its register was changed after a stop, or is gone).
func (a *Agency) clearStaged(ctx context.Context, r *CheckReport, m *backupManifest, checked map[string]bool) error {
	held := map[string]bool{} // folders holding recorded PDFs, as the check found them
	for p := range checked {
		held[filepath.Dir(p)] = true
	}
	var candidates []string
	for _, p := range r.Extra {
		if staged(p) && held[filepath.Dir(p)] {
			candidates = append(candidates, p)
		}
	}
	if len(candidates) == 0 {
		return nil
	}
	locks := map[string]*os.File{}
	defer func() {
		for _, l := range locks {
			l.Close()
		}
	}()
	for _, p := range candidates {
		if err := lockFor(ctx, locks, filepath.Dir(p)); err != nil {
			return err
		}
	}
	// What the ledger records now that nobody writes into these folders (a
	// process that held one may have committed since the check looked).
	known, err := a.recordedFiles(ctx, m)
	if err != nil {
		return err
	}
	cleared := map[string]bool{}
	for _, p := range candidates {
		var done bool
		var err error
		if register.IsStagedRejects(filepath.Base(p)) {
			if done = isBatchDir(filepath.Dir(p)); done {
				err = os.Remove(p)
			}
		} else {
			done, err = issuance.ClearStaged(p, func(final string) (string, bool, error) {
				sm3, ok := known[absPath(final)]
				return sm3, ok, nil
			})
		}
		if err != nil && !os.IsNotExist(err) {
			return text.Wrap(err, "清除暂存文件 %s 失败", "clear the staged file %s", p)
		}
		cleared[p] = done
	}
	r.Extra = slices.DeleteFunc(r.Extra, func(p string) bool {
		if cleared[p] {
			r.Cleared = append(r.Cleared, p)
		}
		return cleared[p]
	})
	return nil
}

// recordedFiles is every PDF the ledger records, where it is now, with the
// SM3 it must have.
func (a *Agency) recordedFiles(ctx context.Context, m *backupManifest) (map[string]string, error) {
	known := map[string]string{}
	err := a.Ledger.EachFile(ctx, func(f ledger.RecordedFile) error {
		known[absPath(m.resolve(f.Path, a.Workspace.Dir))] = f.SM3
		return nil
	})
	return known, err
}

// isBatchDir reports whether dir is named as a conversion names a batch's
// folder (STATION-YYYYMMDD-NNN): the only folders a rejects workbook is
// written in.
func isBatchDir(dir string) bool {
	parts := strings.Split(filepath.Base(dir), "-")
	return len(parts) == 3 && parts[0] != "" && len(parts[1]) == 8 && len(parts[2]) == 3 &&
		strings.Trim(parts[1]+parts[2], "0123456789") == ""
}

// elsewhere refuses to repair a PDF whose folder is gone when it is not in
// the workspace: the repair would make that folder again where nothing of
// this workspace is (the workspace was moved or copied and the folder given
// to --out was not, or a relative path an older ezz recorded names a folder
// under the one ezz was started in, docs/ledger.md). In the workspace (a
// batch's folder removed), the folder is made again.
func (a *Agency) elsewhere(path string) error {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if !filepath.IsAbs(path) {
		return text.Errorf("台账按旧版 ezz 启动时所在的文件夹记录了 %s，而当前文件夹中没有 %s",
			"the ledger records %s relative to the folder an older ezz was started in, and there is no %s here", path, dir).
			WithHint("请在当初运行 ezz convert 或 ezz issue 的文件夹中再运行 ezz check --repair",
				"run ezz check --repair again from the folder ezz convert or ezz issue was run in")
	}
	if rel, err := filepath.Rel(absPath(a.Workspace.Dir), dir); err == nil && filepath.IsLocal(rel) {
		return nil
	}
	return text.Errorf("%s 所在的文件夹 %s 已不存在，且不在工作区内：不会在那里重新生成",
		"the folder %[2]s of %[1]s is gone, and it is outside the workspace: the PDF is not made again there", path, dir).
		WithHint("若工作区被移动或复制过，请把当初 --out 指定的文件夹一并放回原处后再修复；要复制工作区请用 ezz backup",
			"if the workspace was moved or copied, put the folder given to --out back where it was, then repair; to copy a workspace use ezz backup")
}

// inPlace reports whether something is at f's path since the check (put
// there by the process that held the lock): the recorded file, missing no
// more, or another, then altered and not overwritten.
func (r *CheckReport) inPlace(f FileIssue) bool {
	got, err := fileSM3(f.Path)
	if err == nil && got == f.Want {
		return true
	}
	if _, err := os.Lstat(f.Path); err != nil {
		return false
	}
	f.Got = got
	r.Altered = append(r.Altered, f)
	return true
}

// lockFor takes the lock of a batch directory (issuance.LockDir) once: a
// conversion writing there could be about to commit the very staged file a
// repair would adopt, or to rename it over a re-signed one. An issue or a
// new version holds it for milliseconds: the repair waits for it as they
// wait for one another (waitLockDir), and says busy only past lockWait.
func lockFor(ctx context.Context, locks map[string]*os.File, dir string) error {
	if _, ok := locks[dir]; ok {
		return nil
	}
	l, err := waitLockDir(ctx, dir)
	if errors.Is(err, issuance.ErrDirBusy) {
		return text.Errorf("ezz convert（或 ezz issue、新版本）正在写入 %s，等待 %v 后仍未结束，此时不能修复其中的文件", "ezz convert (or ezz issue, or a new version) is writing into %s and did not end within %v: its files cannot be repaired now", dir, lockWait).
			WithHint("请等它结束后再运行 ezz check --repair（转换自己会补完它的文件）", "run ezz check --repair again once it has ended (a conversion finishes its own files)")
	}
	if err != nil {
		return err
	}
	locks[dir] = l
	return nil
}

// adoptStaged renames a staged copy of the file whose SM3 is the recorded one.
func (a *Agency) adoptStaged(ctx context.Context, f FileIssue) (*RepairedFile, error) {
	tmps, _ := filepath.Glob(f.Path + ".*.tmp")
	for _, tmp := range tmps {
		if got, err := issuance.StagedSM3(tmp); err != nil || got != f.Want {
			continue
		}
		if err := (issuance.Staged{Tmp: tmp, Final: f.Path}).Commit(); err != nil {
			return nil, text.Wrap(err, "无法放回 %s", "put back %s", f.Path)
		}
		if err := issuance.SyncDirs(filepath.Dir(f.Path)); err != nil {
			return nil, text.Wrap(err, "无法放回 %s", "put back %s", f.Path)
		}
		if err := a.Ledger.RecordRepair(ctx, f.Identifier, f.Path, f.Want, true, a.Actor, a.Station, a.Now()); err != nil {
			return nil, err
		}
		return &RepairedFile{Identifier: f.Identifier, Path: f.Path, SM3: f.Want, Identical: true}, nil
	}
	return nil, nil
}

// rerender makes the PDF again from the signed record; without a template
// (is nil) nothing can be done.
func (a *Agency) rerender(ctx context.Context, is *issuing, f FileIssue) (*RepairedFile, error) {
	if is == nil {
		return nil, nil
	}
	c, err := a.Ledger.ByIdentifier(ctx, f.Identifier)
	if err != nil {
		return nil, err
	}
	if c.TypeCode != is.tmpl.Catalogue.TypeCode {
		return nil, nil // another template's certificate
	}
	trust, err := a.Trust()
	if err != nil || trust == nil {
		return nil, text.Errorf("工作区没有密钥，无法核验台账中的记录", "the workspace has no keys to check the ledger's record with")
	}
	rec, err := record.Open(c.Asked.Record, trust.Lookup)
	if err != nil {
		return nil, wrap(err, "台账中 %s 的签名记录无法核验", "the ledger's signed record of %s does not verify", f.Identifier)
	}
	made, err := is.maker.Remake(rec, c.Asked.Record, a.Now())
	if err != nil {
		return nil, bad(err)
	}
	// The same staged write as issuance: the new file is no PDF to anyone
	// until the ledger records its SM3, and only then takes the final name.
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, text.Wrap(err, "写入 %s 失败", "write %s", f.Path)
	}
	st, err := stage(dir, made) // its name durable before the ledger records it
	if err != nil {
		return nil, text.Wrap(err, "写入 %s 失败", "write %s", f.Path)
	}
	st.Final = f.Path
	if err := a.Ledger.RecordRepair(ctx, f.Identifier, f.Path, made.PDFSM3, false, a.Actor, a.Station, a.Now()); err != nil {
		st.Discard()
		return nil, err
	}
	if err := st.Commit(); err != nil {
		return nil, text.Wrap(err, "写入 %s 失败", "write %s", f.Path)
	}
	if err := issuance.SyncDirs(dir); err != nil {
		return nil, text.Wrap(err, "写入 %s 失败", "write %s", f.Path)
	}
	return &RepairedFile{Identifier: f.Identifier, Path: f.Path, SM3: made.PDFSM3}, nil
}
