package cli

import (
	"bytes"
	"encoding/json"
	"io"

	"ezz/internal/agency"
)

// jsonWriter is a --json report that writes itself, byte for byte what
// writeJSON would write for it.
type jsonWriter interface {
	writeJSON(w io.Writer) error
}

// encodedReports are the --json forms of the files' reports, each encoded as
// it is known on the goroutine that verified it (agency.VerifyOptions.Each),
// so that a run over many files does not end in one serial encoding.
type encodedReports struct {
	parts [][]byte // one per report, indented as an element of "files"
	err   error
}

// add encodes r as the next element of the report's "files" array.
func (e *encodedReports) add(r *agency.Report) {
	if e.err != nil {
		return
	}
	b, err := marshal(r)
	if err != nil {
		e.err = err
		return
	}
	var out bytes.Buffer
	out.Grow(len(b) + len(b)/2)
	out.WriteString("    ")
	if e.err = json.Indent(&out, b, "    ", "  "); e.err == nil {
		e.parts = append(e.parts, out.Bytes())
	}
}

// writeJSON writes the report of several files from the encoded parts, as
// writeJSON(w, v) would; a report it cannot write so falls back to that.
func (v *verified) writeJSON(w io.Writer) error {
	e := v.encoded
	if len(v.reports) < 2 || e == nil || e.err != nil || len(e.parts) != len(v.reports) {
		return writeJSON(w, v)
	}
	worst := v.worst()
	verdict, err := marshal(worst)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	size := 64
	for _, p := range e.parts {
		size += len(p) + 2
	}
	out.Grow(size)
	out.WriteString("{\n  \"valid\": ")
	if worst == agency.Valid {
		out.WriteString("true")
	} else {
		out.WriteString("false")
	}
	out.WriteString(",\n  \"verdict\": ")
	out.Write(verdict)
	out.WriteString(",\n  \"files\": [\n")
	for i, p := range e.parts {
		if i > 0 {
			out.WriteString(",\n")
		}
		out.Write(p)
	}
	out.WriteString("\n  ]\n}\n")
	_, err = w.Write(out.Bytes())
	return err
}
