package ledger

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// TestIssuedNumbers checks that one look-up of many numbers answers for each
// exactly as IssuedNumber does: numbers held, numbers not held, another
// type's, odd and repeated ones, and invalid UTF-8 (which json.Marshal
// would change into U+FFFD).
func TestIssuedNumbers(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	var group []Issuance
	for i := uint64(1); i <= 5; i++ {
		group = append(group, issuance("S01", i, ""))
	}
	group[4].Number = "NO-\ufffd"
	// Numbers held that JSON must escape: the list must bring each back as it
	// was, or the look-up would miss a number the ledger holds.
	odd := []string{`a"b\c<d>&`, "a\x00b", "line\u2028sep\n\t", "NO-\U0001F600"}
	for i, n := range odd {
		g := issuance("S01", uint64(6+i), "")
		g.Number = n
		group = append(group, g)
	}
	if err := l.IssueBatch(ctx, group); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		typeCode string
		numbers  []string
	}{
		{"none", testType, nil},
		{"one", testType, []string{group[2].Number}},
		{"some held", testType, []string{group[0].Number, "NO-S0100000009", group[3].Number}},
		{"another type", "11100000000013338W099", []string{group[0].Number}},
		{"odd and repeated", testType, []string{`a"b\c<d>&`, "", group[1].Number, group[1].Number, strings.ToLower(group[1].Number)}},
		{"invalid UTF-8", testType, []string{"NO-\xff"}},
		{"held and escaped in JSON", testType, odd},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := l.IssuedNumbers(ctx, tt.typeCode, tt.numbers)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{}
			for _, n := range tt.numbers {
				id, err := l.IssuedNumber(ctx, tt.typeCode, n)
				if err != nil {
					t.Fatal(err)
				}
				if id != "" {
					want[n] = id
				}
			}
			if tt.name == "held and escaped in JSON" && len(want) != len(odd) {
				t.Fatalf("IssuedNumber found %d of the %d held numbers", len(want), len(odd))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
	if _, err := l.IssuedNumbers(ctx, testType, make([]string, MaxIdentifiers+1)); err == nil {
		t.Errorf("%d numbers: got nil error, want a refusal", MaxIdentifiers+1)
	}
}
