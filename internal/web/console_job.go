package web

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"time"

	"ezz/internal/conversion"
	"ezz/internal/register"
)

// jobView is what job.html shows.
type jobView struct {
	ID, Name, Template string
	Phase              string
	PhaseName          string
	Live               bool // still running: the page follows it
	Progress           progressView
	Sheets             []*register.Sheet
	Problems           []problemView
	Check              *conversion.Summary
	Sum                *conversion.Summary
	Error              string
}

type problemView struct {
	Severity, Where, Message string
}

// progressView is one progress report, as the page and its events show it.
type progressView struct {
	Phase    string  `json:"phase"`
	Rows     int     `json:"rows"`
	Total    int     `json:"total"`
	Issued   int     `json:"issued"`
	Rejected int     `json:"rejected"`
	Already  int     `json:"already"`
	Rate     float64 `json:"rate"`        // rows a second
	ETA      int     `json:"eta_seconds"` // -1 when unknown
	Percent  int     `json:"percent"`
	Done     bool    `json:"done"`
}

func newProgressView(phase string, p conversion.Progress) progressView {
	v := progressView{Phase: phase, Rows: p.Rows, Total: p.Total, Issued: p.Issued, Rejected: p.Rejected,
		Already: p.Already, ETA: -1, Done: phase == phaseChecked || phase == phaseDone || phase == phaseFailed}
	if s := p.Elapsed.Seconds(); s > 0 {
		v.Rate = float64(p.Rows) / s
	}
	if p.Total > 0 {
		v.Percent = min(100, p.Rows*100/p.Total)
		if v.Rate > 0 && p.Rows < p.Total {
			v.ETA = int(float64(p.Total-p.Rows)/v.Rate + 0.5)
		}
	}
	return v
}

func (c *Console) jobPage(w http.ResponseWriter, r *http.Request, p page, _ *session) {
	j := c.jobs.get(r.PathValue("id"))
	if j == nil {
		http.NotFound(w, r)
		return
	}
	st, _ := j.state()
	v := jobView{ID: j.ID, Name: j.Name, Template: filepath.Base(filepath.Dir(j.Template)), Phase: st.Phase,
		PhaseName: p.T("phase." + st.Phase), Live: st.Phase == phaseChecking || st.Phase == phaseConverting,
		Progress: newProgressView(st.Phase, st.Progress), Check: st.Check, Sum: st.Sum}
	if st.Err != nil {
		v.Error = p.In(errText(st.Err))
	}
	if st.Check != nil {
		v.Sheets = st.Check.Mapping
		for _, m := range st.Check.Warnings {
			v.Problems = append(v.Problems, problemOf(p, m))
		}
	}
	p.Data = v
	writePage(w, http.StatusOK, "job.html", p)
}

func problemOf(p page, m register.MapProblem) problemView {
	where := m.Sheet
	if m.Column != "" {
		where += " " + m.Column
	}
	return problemView{m.Severity, where, m.Message.In(p.Lang)}
}

// events streams the job's progress as server-sent events: one "progress"
// event per change (at most four a second), then "done".
func (c *Console) events(w http.ResponseWriter, r *http.Request, _ page, _ *session) {
	j := c.jobs.get(r.PathValue("id"))
	fl, ok := w.(http.Flusher)
	if j == nil || !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	for {
		st, changed := j.state()
		v := newProgressView(st.Phase, st.Progress)
		data, _ := json.Marshal(v)
		fmt.Fprintf(w, "event: progress\ndata: %s\n\n", data)
		if v.Done {
			fmt.Fprint(w, "event: done\ndata: {}\n\n")
			fl.Flush()
			return
		}
		fl.Flush()
		select {
		case <-r.Context().Done():
			return
		case <-c.ctx.Done():
			return
		case <-changed:
		}
		select {
		case <-time.After(250 * time.Millisecond):
		case <-r.Context().Done():
			return
		}
	}
}

// pdfZip streams a zip of the batch's PDFs, stored as they are (a signed
// PDF does not compress much).
func (c *Console) pdfZip(w http.ResponseWriter, r *http.Request, _ page, _ *session) {
	j := c.jobs.get(r.PathValue("id"))
	if j == nil {
		http.NotFound(w, r)
		return
	}
	st, _ := j.state()
	if st.Sum == nil || st.Sum.OutDir == "" {
		http.NotFound(w, r)
		return
	}
	names, err := filepath.Glob(filepath.Join(st.Sum.OutDir, "*.pdf"))
	if err != nil || len(names) == 0 {
		http.NotFound(w, r)
		return
	}
	sort.Strings(names)
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", attachment(st.Sum.Batch+".zip"))
	zw := zip.NewWriter(w)
	for _, n := range names {
		if err := addFile(zw, n); err != nil {
			return // the download breaks off: the client sees a truncated zip
		}
	}
	_ = zw.Close()
}

func addFile(zw *zip.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", path)
	}
	h := &zip.FileHeader{Name: filepath.Base(path), Method: zip.Store, Modified: fi.ModTime()}
	out, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, f)
	return err
}

func pathEscape(s string) string { return url.PathEscape(s) }
