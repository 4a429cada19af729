package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// registerExts are the register formats the console accepts.
var registerExts = map[string]bool{".xlsx": true, ".xls": true, ".csv": true, ".ods": true}

// indexView is what console.html shows.
type indexView struct {
	Templates []TemplateChoice
	Jobs      []jobRow
	Outbox    bool
	Lifecycle bool
	Error     string
}

type jobRow struct {
	ID, Name, Phase string
	Started         string
}

func (c *Console) index(w http.ResponseWriter, r *http.Request, p page, _ *session) {
	v := indexView{Outbox: c.o.Outbox != nil, Lifecycle: c.o.Certificates != nil}
	var err error
	if v.Templates, err = c.o.Backend.Templates(); err != nil {
		v.Error = p.In(errText(err))
	}
	for _, j := range c.jobs.all() {
		st, _ := j.state()
		v.Jobs = append(v.Jobs, jobRow{j.ID, j.Name, p.T("phase." + st.Phase), p.Time(j.Started)})
	}
	p.Data = v
	writePage(w, http.StatusOK, "console.html", p)
}

// upload keeps the register under the job's directory and starts its check.
func (c *Console) upload(w http.ResponseWriter, r *http.Request, p page, _ *session) {
	tmpl, ok := c.template(r.PostFormValue("template"))
	if !ok {
		fail(w, http.StatusBadRequest, p, errors.New(p.T("console.pick-template")))
		return
	}
	file, hdr, err := r.FormFile("register")
	if err != nil {
		fail(w, http.StatusBadRequest, p, errors.New(p.T("console.pick-register")))
		return
	}
	defer file.Close()
	name := safeName(hdr.Filename)
	if !registerExts[strings.ToLower(filepath.Ext(name))] {
		fail(w, http.StatusBadRequest, p, errors.New(p.T("console.bad-ext")))
		return
	}
	j, err := c.keep(file, name, tmpl)
	if err != nil {
		fail(w, http.StatusInternalServerError, p, err)
		return
	}
	c.jobs.add(j)
	c.jobs.wg.Add(1)
	go c.jobs.run(c.ctx, c.o.Backend, j, false)
	http.Redirect(w, r, "/jobs/"+j.ID, http.StatusSeeOther)
}

// template returns the offered template with this path, and only such a one.
func (c *Console) template(path string) (string, bool) {
	ts, err := c.o.Backend.Templates()
	if err != nil {
		return "", false
	}
	for _, t := range ts {
		if t.Path == path {
			return path, true
		}
	}
	return "", false
}

// keep writes the upload to a new job directory.
func (c *Console) keep(src io.Reader, name, tmpl string) (*job, error) {
	id := time.Now().UTC().Format("20060102T150405") + "-" + randomToken()[:8]
	dir := filepath.Join(c.o.Uploads, id)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("keep the upload: %w", err)
	}
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("keep the upload: %w", err)
	}
	_, err = io.Copy(f, io.LimitReader(src, c.o.MaxUpload+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if st, serr := os.Stat(path); err == nil && serr == nil && st.Size() > c.o.MaxUpload {
		err = fmt.Errorf("the register is larger than %d MiB", c.o.MaxUpload>>20)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("keep the upload: %w", err)
	}
	return newJob(id, path, name, tmpl, dir, c.o.Now()), nil
}

// safeName is the base of an uploaded file's name, without path or control
// characters, at most 100 characters; "register" when nothing is left.
func safeName(s string) string {
	s = s[strings.LastIndexAny(s, `/\`)+1:]
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`:*?"<>|`, r) {
			return '_'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 100 {
		s = string(r[len(r)-100:])
	}
	if strings.Trim(s, ". ") == "" || strings.HasPrefix(s, ".") {
		s = "register" + filepath.Ext(s)
	}
	return s
}

// start begins the conversion of a checked job.
func (c *Console) start(w http.ResponseWriter, r *http.Request, p page, _ *session) {
	j := c.jobs.get(r.PathValue("id"))
	if j == nil {
		http.NotFound(w, r)
		return
	}
	if st, _ := j.state(); st.Phase != phaseChecked || st.Check == nil {
		http.Redirect(w, r, "/jobs/"+j.ID, http.StatusSeeOther)
		return
	}
	if err := c.jobs.claim(); err != nil {
		fail(w, http.StatusConflict, p, errors.New(p.T("console.busy")))
		return
	}
	j.update(func(j *job) { j.phase = phaseConverting; j.progress.Rows, j.progress.Done = 0, false })
	c.jobs.wg.Add(1)
	go func() {
		defer c.jobs.release()
		c.jobs.run(c.ctx, c.o.Backend, j, true)
	}()
	http.Redirect(w, r, "/jobs/"+j.ID, http.StatusSeeOther)
}

// download sends one file of a finished conversion.
func (c *Console) download(w http.ResponseWriter, r *http.Request, pick func(jobState) string, mime string) {
	j := c.jobs.get(r.PathValue("id"))
	if j == nil {
		http.NotFound(w, r)
		return
	}
	st, _ := j.state()
	path := pick(st)
	if path == "" {
		http.NotFound(w, r)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", mime)
	w.Header().Set("Content-Disposition", attachment(filepath.Base(path)))
	http.ServeContent(w, r, "", fi.ModTime(), f)
}

func (c *Console) rejects(w http.ResponseWriter, r *http.Request, _ page, _ *session) {
	c.download(w, r, func(st jobState) string {
		if st.Sum != nil {
			return st.Sum.Rejects
		}
		if st.Check != nil {
			return st.Check.Rejects
		}
		return ""
	}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
}

func (c *Console) manifest(w http.ResponseWriter, r *http.Request, _ page, _ *session) {
	c.download(w, r, func(st jobState) string {
		if st.Sum != nil {
			return st.Sum.Manifest
		}
		return ""
	}, "application/json")
}

// attachment is a Content-Disposition header for a file name (RFC 6266, with
// the UTF-8 form for Chinese names).
func attachment(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, pathEscape(name))
}
