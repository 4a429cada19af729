package agency

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/input"
	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/register"
	"ezz/internal/text"
)

// CheckReport is what ezz check found (docs/lifecycle.md).
type CheckReport struct {
	Home     string         `json:"home"`
	Backup   bool           `json:"backup"` // the workspace is a copy made by ezz backup
	OK       bool           `json:"ok"`
	Ledger   []LedgerIssue  `json:"ledger"`
	Files    int            `json:"files"` // recorded files checked
	Missing  []FileIssue    `json:"missing"`
	Altered  []FileIssue    `json:"altered"`
	Extra    []string       `json:"extra"`
	Repaired []RepairedFile `json:"repaired,omitempty"`
	// Cleared are the staged files of stopped runs that --repair removed:
	// PDFs the ledger does not record (signed for a serial never issued) and
	// half-written rejects workbooks.
	Cleared []string `json:"cleared,omitempty"`
	// Busy are the output directories another process was writing into (a
	// conversion, an issue, a repair holds their lock): their staged files
	// and the files committed but not yet in place are that process's to
	// finish, and are not counted as extra or missing.
	Busy []string `json:"busy,omitempty"`
}

// LedgerIssue is a broken rule of the ledger.
type LedgerIssue struct {
	Rule    string `json:"rule"`
	Subject string `json:"subject"`
}

// FileIssue is a recorded file that is missing or not as recorded.
type FileIssue struct {
	Identifier string `json:"identifier"`
	Path       string `json:"path"`
	Want       string `json:"want_sm3"`
	Got        string `json:"got_sm3,omitempty"`
}

// Err is the outcome: exit 1 when anything is wrong.
func (r *CheckReport) Err() error {
	if r.OK {
		return nil
	}
	err := text.Badf("工作区检查未通过：台账问题 %d 项，缺失文件 %d 个，被改动 %d 个，多余 %d 个",
		"the workspace check failed: %d ledger problem(s), %d missing, %d altered, %d extra file(s)",
		len(r.Ledger), len(r.Missing), len(r.Altered), len(r.Extra))
	var zh, en []string
	if slices.ContainsFunc(r.Extra, func(p string) bool { return issuance.IsStagedName(filepath.Base(p)) }) {
		zh = append(zh, "形如 编号.pdf.数字.tmp 的是被中断的转换留下的暂存文件：再运行同一条 ezz convert 命令，它会补完或清除这些文件；登记表已改动或已不在时，ezz check --repair 会清除它们")
		en = append(en, "the files named SERIAL.pdf.DIGITS.tmp are staged files of a conversion that was stopped: run the same ezz convert command again; it finishes or removes them (if its register has changed or is gone, ezz check --repair removes them)")
	}
	if slices.ContainsFunc(r.Extra, func(p string) bool { return register.IsStagedRejects(filepath.Base(p)) }) {
		zh = append(zh, "名为 .rejects-….xlsx 的是被中断的转换未写完的退回行工作簿，含个人信息：再运行同一条 ezz convert 命令或 ezz check --repair 会删除它们")
		en = append(en, "the files named .rejects-….xlsx are rejects workbooks a stopped conversion left half written, with personal data in them: the same ezz convert command again or ezz check --repair removes them")
	}
	if len(r.Missing) > 0 {
		zh = append(zh, "仍缺失的 PDF 可用 ezz check --repair --template T 按台账重新生成")
		en = append(en, "PDFs still missing then are made again from the ledger by ezz check --repair --template T")
	}
	if len(zh) > 0 {
		err = err.WithHint(strings.Join(zh, "；"), strings.Join(en, "; "))
	}
	return err
}

// Check verifies the ledger (SQLite integrity, its own consistency rules) and
// every recorded file against its stored SM3, and names files in the output
// directories that the ledger does not record.
func (a *Agency) Check(ctx context.Context, o CheckOptions) (*CheckReport, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	m, err := readBackupManifest(a.Workspace.Dir)
	if err != nil {
		return nil, err
	}
	r := &CheckReport{Home: a.Workspace.Dir, Backup: m != nil, Ledger: []LedgerIssue{}, Missing: []FileIssue{}, Altered: []FileIssue{}, Extra: []string{}}
	problems, err := a.Ledger.Check(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range problems {
		r.Ledger = append(r.Ledger, LedgerIssue{Rule: p.Rule, Subject: p.Subject})
	}
	known, err := a.checkFiles(ctx, r, m)
	if err != nil {
		return nil, err
	}
	if r.Extra, err = extraFiles(a.outDirs(known), known); err != nil {
		return nil, err
	}
	if err := a.lookAgain(ctx, r, m, known); err != nil {
		return nil, err
	}
	r.leaveBusy(o.Repair)
	if o.Repair && len(r.Missing) > 0 {
		if err := a.repair(ctx, r, o); err != nil {
			return r, err
		}
	}
	if o.Repair && slices.ContainsFunc(r.Extra, staged) {
		if err := a.clearStaged(ctx, r, m, known); err != nil {
			return r, err
		}
	}
	r.OK = len(r.Ledger) == 0 && len(r.Missing) == 0 && len(r.Altered) == 0 && len(r.Extra) == 0
	return r, nil
}

// CheckOptions configure ezz check.
type CheckOptions struct {
	Repair       bool
	IssueOptions // --repair: the template and fonts a missing PDF is rendered again with
}

// checkFiles compares every recorded file with its SM3 and returns the set
// of recorded paths (as found on disk).
func (a *Agency) checkFiles(ctx context.Context, r *CheckReport, m *backupManifest) (map[string]bool, error) {
	known := map[string]bool{}
	err := a.Ledger.EachFile(ctx, func(f ledger.RecordedFile) error {
		path := m.resolve(f.Path, a.Workspace.Dir)
		known[absPath(path)] = true
		return r.compare(FileIssue{Identifier: f.Identifier, Path: path, Want: f.SM3})
	})
	if err != nil {
		return nil, err
	}
	return known, nil
}

// compare counts the recorded file f and reports it missing or altered.
func (r *CheckReport) compare(f FileIssue) error {
	r.Files++
	got, err := fileSM3(f.Path)
	switch {
	case err != nil && os.IsNotExist(err):
		r.Missing = append(r.Missing, f)
	case err != nil:
		return text.Wrap(err, "读取 %s 失败", "read %s", f.Path)
	case got != f.Want:
		f.Got = got
		r.Altered = append(r.Altered, f)
	}
	return nil
}

// lookAgain looks again at what the check found extra or missing, as a
// process that was writing while the check ran (a conversion committing
// and placing its files, then ending) may have made it right since: an
// extra file gone, or recorded by the ledger now (and then compared with
// its SM3, as is every file recorded since the first look: not in place
// yet, it is missing); a missing file now in place with its recorded SM3.
func (a *Agency) lookAgain(ctx context.Context, r *CheckReport, m *backupManifest, known map[string]bool) error {
	if len(r.Extra) == 0 && len(r.Missing) == 0 {
		return nil
	}
	var fresh []FileIssue // recorded since the first look
	now := map[string]bool{}
	err := a.Ledger.EachFile(ctx, func(f ledger.RecordedFile) error {
		path := m.resolve(f.Path, a.Workspace.Dir)
		if p := absPath(path); !known[p] {
			now[p] = true
			fresh = append(fresh, FileIssue{Identifier: f.Identifier, Path: path, Want: f.SM3})
		}
		return nil
	})
	if err != nil {
		return err
	}
	r.Extra = slices.DeleteFunc(r.Extra, func(p string) bool {
		_, err := os.Lstat(p)
		return now[p] || os.IsNotExist(err)
	})
	r.Missing = slices.DeleteFunc(r.Missing, func(f FileIssue) bool {
		got, err := fileSM3(f.Path)
		return err == nil && got == f.Want
	})
	for _, f := range fresh {
		if err := r.compare(f); err != nil {
			return err
		}
	}
	return nil
}

// leaveBusy takes the holder's own files in directories another process
// holds out of Extra (its staged files) and, unless a repair is to be tried
// (which then says that it cannot touch them), out of Missing (a committed
// file with its staged copy beside it, not yet renamed), and names those
// directories in Busy. A final name the ledger does not record, or a missing
// file without a staged copy, is no holder's work in progress: a holder
// stages, commits, then renames.
func (r *CheckReport) leaveBusy(repair bool) {
	busy := map[string]bool{}
	held := func(dir string) bool {
		b, ok := busy[dir]
		if !ok {
			b = issuance.DirBusy(dir)
			busy[dir] = b
			if b {
				r.Busy = append(r.Busy, dir)
			}
		}
		return b
	}
	if !repair {
		r.Missing = slices.DeleteFunc(r.Missing, func(f FileIssue) bool {
			staged, _ := filepath.Glob(f.Path + ".*.tmp")
			return len(staged) > 0 && held(filepath.Dir(absPath(f.Path)))
		})
	}
	r.Extra = slices.DeleteFunc(r.Extra, func(p string) bool { return staged(p) && held(filepath.Dir(p)) })
	sort.Strings(r.Busy)
}

// staged reports whether p is a file a conversion writes before it takes
// its name: a staged PDF or a rejects workbook being written.
func staged(p string) bool {
	return issuance.IsStagedName(filepath.Base(p)) || register.IsStagedRejects(filepath.Base(p))
}

// outDirs are where certificate files go: the workspace's out/ and every
// directory holding a recorded file.
func (a *Agency) outDirs(known map[string]bool) []string {
	dirs := map[string]bool{absPath(a.Workspace.OutDir()): true}
	for p := range known {
		dirs[filepath.Dir(p)] = true
	}
	var out []string
	for d := range dirs {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// extraFiles are the PDFs (and left-over temporary files) in dirs and below
// that the ledger does not record.
func extraFiles(dirs []string, known map[string]bool) ([]string, error) {
	seen := map[string]bool{}
	extra := []string{}
	for _, d := range dirs {
		err := filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) {
					return nil
				}
				return err
			}
			name := e.Name()
			if e.IsDir() || seen[p] || known[p] || !(strings.HasSuffix(name, ".pdf") || strings.HasSuffix(name, ".tmp") || register.IsStagedRejects(name)) {
				return nil
			}
			seen[p] = true
			extra = append(extra, p)
			return nil
		})
		if err != nil {
			return nil, text.Wrap(err, "列出 %s 失败", "list %s", d)
		}
	}
	sort.Strings(extra)
	return extra, nil
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// maxHashed bounds a recorded file or workbook that fileSM3 hashes.
const maxHashed = 1 << 30

// fileSM3 is the SM3 of the regular file at path (input.Open: a FIFO left
// in its place is refused, not waited on).
func fileSM3(path string) (string, error) {
	f, _, err := input.Open(path, maxHashed)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sm3.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// BackupManifest is the file ezz backup leaves in the copy.
const BackupManifest = "backup.json"

type backupManifest struct {
	SourceOut string `json:"source_out"` // the absolute out/ directory of the workspace copied
	At        string `json:"at"`
	Files     int    `json:"files"`
}

func readBackupManifest(dir string) (*backupManifest, error) {
	data, err := input.Read(filepath.Join(dir, BackupManifest), 1<<20)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, text.Wrap(err, "读取 %s 失败", "read %s", BackupManifest)
	}
	var m backupManifest
	if err := json.Unmarshal(data, &m); err != nil || m.SourceOut == "" {
		return nil, text.Errorf("%s 有误", "%s is damaged", filepath.Join(dir, BackupManifest))
	}
	return &m, nil
}

// resolve is where a recorded path is found: in a backup, a file of the
// source's out/ is under the copy's out/.
func (m *backupManifest) resolve(recorded, home string) string {
	if m == nil {
		return recorded
	}
	if rel, err := filepath.Rel(absPath(home), absPath(recorded)); err == nil && filepath.IsLocal(rel) {
		return recorded // already in the copy (the ledger names files in its workspace from where it is)
	}
	if rel, err := filepath.Rel(m.SourceOut, absPath(recorded)); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.Join(home, "out", rel)
	}
	return recorded
}
