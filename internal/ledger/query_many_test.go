package ledger

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestByIdentifiers checks that one look-up of many identifiers answers for
// each exactly as ByIdentifier does: current versions, a superseded one,
// a pledged certificate, identifiers the ledger does not hold, repeats,
// and invalid UTF-8 (which json.Marshal would change into U+FFFD, the
// identifier of another certificate the ledger holds).
func TestByIdentifiers(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	var group []Issuance
	for i := uint64(1); i <= 6; i++ {
		group = append(group, issuance("S01", i, ""))
	}
	group[5].Identifier = strings.Replace(group[5].Identifier, ".001.", "\ufffd.001.", 1)
	invalid := strings.Replace(group[5].Identifier, "\ufffd", "\xff", 1)
	if err := l.IssueBatch(ctx, group); err != nil {
		t.Fatal(err)
	}
	v2 := strings.Replace(group[0].Identifier, ".001.X", ".002.Y", 1)
	if _, err := l.ApplyVersion(ctx, VersionChange{Change: Change{Action: "alter", Reason: "变更地址", Actor: "clerk",
		Station: "S01", At: t0.Add(time.Hour), Decide: setStatus("01", true)}, Previous: group[0].Identifier, New: v2,
		Version: 2, Number: group[0].Number, HolderCode: group[0].HolderCode, Record: []byte(`{"v":2}`),
		PDFPath: "out/v2.pdf", PDFSM3: "cd"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ids  []string
	}{
		{"none", nil},
		{"one", []string{group[2].Identifier}},
		{"every version", []string{group[0].Identifier, v2, group[1].Identifier, group[4].Identifier}},
		{"unknown and odd", []string{"1.2.156.3005.2.X.Y.Z.001.Q", `a"b\c<d>&`, "", group[3].Identifier}},
		{"repeated", []string{group[1].Identifier, group[1].Identifier}},
		{"invalid UTF-8", []string{invalid, group[2].Identifier}},
		{"invalid UTF-8 and what JSON makes of it", []string{invalid, group[5].Identifier}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := l.ByIdentifiers(ctx, tt.ids)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]*Certificate{}
			for _, id := range tt.ids {
				if c, err := l.ByIdentifier(ctx, id); err == nil {
					want[id] = c
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
	if _, err := l.ByIdentifiers(ctx, make([]string, MaxIdentifiers+1)); err == nil {
		t.Errorf("%d identifiers: got nil error, want a refusal", MaxIdentifiers+1)
	}
}
