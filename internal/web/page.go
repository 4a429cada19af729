package web

import (
	"bytes"
	"embed"
	"html/template"
	"log"
	"net/http"
	"time"

	"ezz/internal/text"
	"ezz/internal/workday"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/style.css
var styleCSS []byte

// pages holds every page template, each with the shared layout.
var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"style": func() template.CSS { return template.CSS(styleCSS) },
}).ParseFS(templateFS, "templates/*.html"))

// page is what every template gets: the language, its messages and the
// page's own data.
type page struct {
	Lang  string
	Title string
	Path  string // the page's path, for the language links
	CSRF  string // the session's CSRF token, for forms
	Data  any
}

// T returns the message called key in the page's language.
func (p page) T(key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	return m.In(p.Lang)
}

// In renders a bilingual text in the page's language.
func (p page) In(t text.T) string { return t.In(p.Lang) }

// Time shows t in China time, to the minute; the zero time as "—".
func (p page) Time(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	s := t.In(workday.Shanghai).Format("2006-01-02 15:04")
	if p.Lang == "zh" {
		return s + "（北京时间）"
	}
	return s + " (China time)"
}

// writePage writes the template name with data, or a bare 500 if it fails: the
// whole page is rendered before anything is sent.
func writePage(w http.ResponseWriter, status int, name string, p page) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, p); err != nil {
		log.Printf("ezz: web: render %s: %v", name, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

//go:embed static/console.js
var consoleJS []byte

// serveScript serves the console's one script.
func serveScript(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(consoleJS)
}
