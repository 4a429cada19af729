package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

// agencyCmd is the body of every command that runs a use case: it opens the
// agency with o (see with: the passphrase and trust flags), runs use, and
// renders the result — the --json report, or the human text print writes —
// and decides the exit status:
//
//   - an error with no result is returned as it is;
//   - a result returned with an error (a push or a bulk change stopped part
//     way) is rendered first, and the error decides the exit status;
//   - a nil pointer result means use wrote its output itself as it went
//     (audit export to standard output): nothing more is printed;
//   - a result with an Err method (a report that says the thing checked is
//     bad) gives the exit status.
//
// A use case that streams writes to cmd.OutOrStdout() as it goes, and shows
// progress with progress.
func agencyCmd[R any](cmd *cobra.Command, g *globals, o agency.Options,
	use func(*agency.Agency) (R, error), print func(R) error) error {
	a, err := open(cmd, g, o)
	if err != nil {
		return err
	}
	defer a.Close()
	return reportCmd(cmd, g, func() (R, error) { return use(a) }, print)
}

// reportCmd is agencyCmd for a use case that needs no workspace (archive
// verify, audit check-proof): run, render, exit status.
func reportCmd[R any](cmd *cobra.Command, g *globals, run func() (R, error), print func(R) error) error {
	r, err := run()
	if written(r) || err != nil && zero(r) {
		return err
	}
	if rerr := render(cmd, g, r, err, print); err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	if e, ok := any(r).(interface{ Err() error }); ok {
		return e.Err()
	}
	return nil
}

// render prints r: as the --json report (carrying err, when the use case
// stopped part way, as its "error" member), or with print.
func render[R any](cmd *cobra.Command, g *globals, r R, err error, print func(R) error) error {
	if !g.json {
		return print(r)
	}
	if err == nil {
		return g.report(cmd.OutOrStdout(), r)
	}
	b, merr := marshal(r)
	e, _ := marshal(newErrorJSON(err).Error)
	if merr != nil || len(b) < 2 || b[0] != '{' {
		return g.report(cmd.OutOrStdout(), r)
	}
	sep := ","
	if string(b) == "{}" {
		sep = ""
	}
	body := append(append(append(b[:len(b)-1:len(b)-1], sep+`"error":`...), e...), '}')
	var out bytes.Buffer
	if err := json.Indent(&out, body, "", "  "); err != nil {
		return err
	}
	g.wroteJSON = true
	_, werr := cmd.OutOrStdout().Write(append(out.Bytes(), '\n'))
	return werr
}

// marshal is v in JSON as writeJSON writes it, on one line.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}

// written reports whether r is a nil pointer: the use case wrote its output.
func written(r any) bool {
	v := reflect.ValueOf(r)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// zero reports whether r is no result at all.
func zero(r any) bool { return r == nil || reflect.ValueOf(r).IsZero() }

// progress is the line a long use case updates as it goes, on a terminal
// and without --json only (else nil, and done does nothing).
func progress(cmd *cobra.Command, g *globals) (step func(done int), done func()) {
	w := cmd.ErrOrStderr()
	if g.json || !writerIsTerminal(w) {
		return nil, func() {}
	}
	return func(n int) { fmt.Fprintf(w, "\rezz: %d …", n) }, func() { fmt.Fprintln(w) }
}
