package catalogue

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"ezz/internal/font"

	"ezz/internal/text"
)

// Linter checks templates. It caches resolved font chains and decoded images,
// so linting many templates that share assets costs little more than one.
// A Linter is safe for concurrent use.
type Linter struct {
	// FontDirs are searched for fonts after the template's directory and
	// before font.SystemDirs() (the --font-dir flag).
	FontDirs []string
	// Workspace is the workspace the templates are issued from, for the
	// checks that depend on it; nil lints the templates alone (no URL
	// prefix, no office table).
	Workspace *LintWorkspace
	// Fonts reads the font files (NewLinter: its own); a task that also
	// hashes and draws the template passes the same Fonts to all three.
	Fonts *font.Fonts

	mu     sync.Mutex
	fonts  map[string]fontResult  // names + dirs → chain
	images map[string]imageResult // absolute path → decode result
}

type fontResult struct {
	chain *font.Chain
	err   error
}

// NewLinter returns a Linter that also looks for fonts in fontDirs.
func NewLinter(fontDirs []string) *Linter {
	return &Linter{FontDirs: fontDirs, Fonts: font.NewFonts(), fonts: map[string]fontResult{}, images: map[string]imageResult{}}
}

// Paths lints the template files named, and every *.yaml and *.yml file under
// the directories named (hidden directories skipped). The error is for a
// path that does not exist; problems in templates are findings. It returns
// the files linted, in order, and the findings.
func (l *Linter) Paths(paths []string) ([]string, []Finding, error) {
	var files []string
	for _, path := range paths {
		st, err := os.Stat(path)
		if err != nil {
			return nil, nil, l.pathError(path, err)
		}
		if !st.IsDir() {
			files = append(files, path)
			continue
		}
		found, err := templateFiles(path)
		if err != nil {
			return nil, nil, l.pathError(path, err)
		}
		if len(found) == 0 {
			return nil, nil, text.Errorf("检查 %s：目录中没有模板文件（*.yaml、*.yml）",
				"lint %s: no template files (*.yaml, *.yml) in the directory", path)
		}
		files = append(files, found...)
	}
	var out []Finding
	for _, f := range files {
		out = append(out, l.File(f)...)
	}
	return files, out, nil
}

// pathError frames the error of a path that cannot be linted.
func (l *Linter) pathError(path string, err error) error {
	return text.Wrap(err, "检查 %s", "lint %s", path)
}

func templateFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		ext := strings.ToLower(filepath.Ext(path))
		if !d.IsDir() && (ext == ".yaml" || ext == ".yml") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	return files, nil
}

// File lints the template at path.
func (l *Linter) File(path string) []Finding {
	data, err := readLimited(path, MaxTemplateSize)
	if err != nil {
		d := &doc{file: path}
		var tl *tooLargeError
		if errors.As(err, &tl) {
			d.at(nil, RuleFileTooLarge, tl.text())
		} else {
			d.at(nil, RuleFileUnreadable, text.F("无法读取模板文件：%v；请检查路径和读取权限", "%v", err))
		}
		return d.out
	}
	t, out := parse(path, data)
	if t.root == nil {
		return out
	}
	return l.Template(t)
}

// Template lints a template that is already loaded. Findings carry the
// template's line and column when it was read from a file.
func (l *Linter) Template(t *Template) []Finding {
	out := append(append([]Finding(nil), t.parsed...), l.template(t)...)
	SortFindings(out)
	return out
}

func (l *Linter) template(t *Template) (out []Finding) {
	d := &doc{file: t.Path, root: t.root}
	defer func() {
		if r := recover(); r != nil { // a bug in a check must not hide the others' findings
			d.out = nil
			d.at(nil, RuleInternal, text.F("检查模板时 ezz 内部出错（请报告此问题）：%v",
				"internal error while linting (please report it): %v", r))
			out = append(out, d.out...)
		}
	}()
	d.checkCatalogue(t)
	d.checkStandard(t)
	chains := l.checkFace(d, t)
	l.checkSamples(d, t, chains)
	d.checkBaselines(t, chains)
	d.checkQRSize(t, l.Workspace.urlPrefix())
	l.Workspace.checkSeals(d, t)
	return d.out
}

// fontDirs lists where t's fonts are looked up, in order.
func (l *Linter) fontDirs(t *Template) []string {
	dirs := append([]string{t.Dir}, t.FontDirs...)
	dirs = append(dirs, l.FontDirs...)
	return append(dirs, font.SystemDirs()...)
}

// chain resolves names in dirs once per Linter.
func (l *Linter) chain(names, dirs []string) (*font.Chain, error) {
	key := strings.Join(names, "\x00") + "\x01" + strings.Join(dirs, "\x00")
	l.mu.Lock()
	r, ok := l.fonts[key]
	l.mu.Unlock()
	if ok {
		return r.chain, r.err
	}
	c, err := l.Fonts.Resolve(names, dirs)
	l.mu.Lock()
	if l.fonts == nil {
		l.fonts = map[string]fontResult{}
	}
	l.fonts[key] = fontResult{c, err}
	l.mu.Unlock()
	return c, err
}
