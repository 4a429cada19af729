package cli

// The script testdata/script/json_fields.txtar checks docs/json.md against
// real output with the command this file adds:
//
//	jsonfields 'ezz status' FILE
//
// fails unless the top-level fields of the JSON document in FILE (of each
// element, for a list) are the ones docs/json.md lists for that command:
// each field without "?" is there, and none is there that is not listed.
//
//	jsonfields -all 'ezz a' 'ezz b'
//
// fails unless every command docs/json.md lists was checked in the script,
// but for those named (which the script cannot run: say why in it).

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
)

// jsonDoc is docs/json.md's "### `ezz …`" sections with their "Fields:" lines.
type jsonDoc map[string]map[string]bool // command → field → required

var (
	docHeading = regexp.MustCompile("^### `(ezz [^`]+)`$")
	docField   = regexp.MustCompile("`([a-z_0-9]+)(\\??)`")
)

func readJSONDoc(path string) (jsonDoc, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc := jsonDoc{}
	cmd := ""
	for _, line := range strings.Split(string(b), "\n") {
		if m := docHeading.FindStringSubmatch(line); m != nil {
			cmd = m[1]
			continue
		}
		rest, ok := strings.CutPrefix(line, "Fields: ")
		if !ok || cmd == "" {
			continue
		}
		fields := map[string]bool{}
		for _, f := range strings.Split(rest, ", ") {
			m := docField.FindStringSubmatch(strings.Fields(f)[0])
			if m == nil {
				continue
			}
			fields[m[1]] = m[2] == ""
		}
		doc[cmd] = fields
		cmd = ""
	}
	return doc, nil
}

// checkedJSON are the commands a script checked, by script work directory.
var (
	checkedMu   sync.Mutex
	checkedJSON = map[string]map[string]bool{}
)

func cmdJSONFields(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: jsonfields 'ezz CMD' FILE | jsonfields -all ['ezz CMD'...]")
	}
	doc, err := readJSONDoc(ts.Getenv("REPO") + "/docs/json.md")
	ts.Check(err)
	work := ts.Getenv("WORK")
	checkedMu.Lock()
	defer checkedMu.Unlock()
	if checkedJSON[work] == nil {
		checkedJSON[work] = map[string]bool{}
	}
	if args[0] == "-all" {
		var missing []string
		for cmd := range doc {
			if !checkedJSON[work][cmd] && !slices.Contains(args[1:], cmd) {
				missing = append(missing, cmd)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			ts.Fatalf("docs/json.md lists commands this script did not check: %s", strings.Join(missing, "; "))
		}
		return
	}
	if len(args) != 2 {
		ts.Fatalf("usage: jsonfields 'ezz CMD' FILE")
	}
	want, ok := doc[args[0]]
	if !ok {
		ts.Fatalf("docs/json.md has no Fields line for %q", args[0])
	}
	checkedJSON[work][args[0]] = true
	var v any
	ts.Check(json.Unmarshal([]byte(ts.ReadFile(args[1])), &v))
	objects, ok := v.([]any)
	if !ok {
		objects = []any{v}
	}
	for _, o := range objects {
		got, ok := o.(map[string]any)
		if !ok {
			ts.Fatalf("%s: not a JSON object: %s", args[1], ts.ReadFile(args[1]))
		}
		for f, required := range want {
			if _, ok := got[f]; required && !ok {
				ts.Fatalf("%s: docs/json.md lists %q for %s, the output has no such field", args[1], f, args[0])
			}
		}
		for f := range got {
			if _, ok := want[f]; !ok {
				ts.Fatalf("%s: the output of %s has %q, docs/json.md does not list it", args[1], args[0], f)
			}
		}
	}
}
