package agency

import (
	"strings"
	"sync"

	"ezz/internal/catalogue"
	"ezz/internal/font"
	"ezz/internal/render"
	"ezz/internal/text"
)

// Template is a face template that passed the lint gate, with its catalogue
// hash and, when PDFs are made, its renderer.
type Template struct {
	*catalogue.Template
	Hash     string
	Renderer *render.Renderer // nil when no PDF is made
}

// TemplateOptions say how a template is loaded.
type TemplateOptions struct {
	FontDirs []string // --font-dir
	NoPDF    bool     // do not build a renderer
}

// LoadTemplate reads the template at path and lints it: a template with any
// lint error — found while parsing it (unknown or duplicate key, alias bomb)
// or after — issues nothing (exit 2, listing the first five).
func (a *Agency) LoadTemplate(path string, o TemplateOptions) (*Template, error) {
	t, err := catalogue.Load(path)
	if err != nil {
		return nil, asText(err).WithHint("运行 ezz catalogue lint "+path+" 查看模板的问题", "run ezz catalogue lint "+path)
	}
	// The hash sums every asset (tens of MB of fonts) while the lint and the
	// renderer parse them: on two cores, start-up takes the longer of the two.
	// All three take the fonts from one font.Fonts, which reads each file
	// once: the hash is of the bytes the face is drawn from, found in the
	// same directories.
	t.FontDirs = o.FontDirs
	fonts := font.NewFonts()
	defer readFontsAhead(t, fonts)() // never return while they still read
	out := &Template{Template: t}
	var hashErr error
	hashed := make(chan struct{})
	go func() {
		defer close(hashed)
		out.Hash, hashErr = a.hashTemplate(t, fonts)
	}()
	defer func() { <-hashed }() // never return while the hash still writes to out
	var errs []catalogue.Finding
	l := catalogue.NewLinter(nil)
	l.Fonts = fonts
	for _, fd := range l.Template(t) {
		if fd.Severity == catalogue.Error {
			errs = append(errs, fd)
		}
	}
	if len(errs) > 0 {
		return nil, lintErrors(path, errs)
	}
	if !o.NoPDF {
		if out.Renderer, err = render.NewRenderer(t, render.Options{FontDirs: o.FontDirs, Fonts: fonts}); err != nil {
			return nil, wrap(err, "模板 %s", "template %s", path)
		}
	}
	<-hashed
	if hashErr != nil {
		return nil, hashErr
	}
	return out, nil
}

// readFontsAhead reads each font of t's face (its file, SHA-256 and parse) on
// a goroutine of its own, so that the hash, the lint and the renderer, which
// each go through the fonts one after another, find them read: beside the
// key's unlock on two cores, start-up waits for the largest font rather than
// for the sum of them (58 MB in four files for the food-business template).
// What goes wrong is reported by the hash and the lint, from the same
// reading, as without it. It returns a wait for the readers.
func readFontsAhead(t *catalogue.Template, fonts *font.Fonts) (wait func()) {
	dirs := t.FontSearch()
	var wg sync.WaitGroup
	for _, name := range t.FontNames() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if path, index, err := fonts.Find(name, dirs); err == nil {
				fonts.Sum(path, index)
			}
		}()
	}
	return wg.Wait
}

// lintErrors is the error of a template with lint errors, listing the first five.
func lintErrors(template string, errs []catalogue.Finding) error {
	more := text.T{}
	if len(errs) > 5 {
		more = text.F("\n  …… 另有 %d 处", "\n  … and %d more", len(errs)-5)
		errs = errs[:5]
	}
	var zh, en []string
	for _, f := range errs {
		zh, en = append(zh, f.In("zh")), append(en, f.In("en"))
	}
	list := text.New(strings.Join(zh, "\n  "), strings.Join(en, "\n  "))
	return text.Errorf("模板 %s 有错误：\n  %s%s", "template %s has errors:\n  %s%s", template, list, more).WithHint(
		"请修改模板（ezz catalogue lint %s 会列出全部问题）", "fix the template (ezz catalogue lint %s lists every problem)", template)
}

// sumsFile is the workspace's cache of asset SM3s (catalogue.Sums).
const sumsFile = "asset-sums"

// hashTemplate is the template's catalogue hash, taking the SM3 of fonts and
// images already seen from the workspace's cache. A cache that cannot be
// written only costs the next run the SM3 again, so that error is dropped.
func (a *Agency) hashTemplate(t *catalogue.Template, fonts *font.Fonts) (string, error) {
	if a.Workspace == nil {
		return catalogue.HashFonts(t, nil, fonts)
	}
	sums := catalogue.OpenSums(a.Workspace.CachePath(sumsFile))
	h, err := catalogue.HashFonts(t, sums, fonts)
	if err == nil {
		_ = sums.Save()
	}
	return h, err
}
