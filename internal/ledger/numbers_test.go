package ledger

import (
	"context"
	"fmt"
	"math/rand/v2"
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

// TestIssuedNumbersSpans checks the look-up of a span of numbers against
// IssuedNumber one number at a time, for chunks whose span holds few
// numbers (read in one go) and many (sought one by one), in any order.
func TestIssuedNumbersSpans(t *testing.T) {
	odd := []string{"\x00", "\xff", "证", "\x00\x00", "\U0001F600"}
	ctx := context.Background()
	l := openTest(t)
	var group []Issuance
	for i := uint64(1); i <= 200; i++ {
		is := issuance("S01", i, "")
		if i%3 == 0 { // every third number of the run is never issued
			is.Number = fmt.Sprintf("ZZ-%d", i)
		}
		if i%10 == 1 { // numbers that sort oddly: NUL, a byte that is no UTF-8, CJK, an emoji
			is.Number = fmt.Sprintf("NO-S01%s%d", odd[int(i/10)%len(odd)], i)
		}
		group = append(group, is)
	}
	for i := uint64(1); i <= 20; i++ { // another type's numbers, the same as this type's and its neighbours'
		is := issuance("S02", i, "")
		is.TypeCode, is.Number = "11100000000013338W099", fmt.Sprintf("NO-S01%08d", 190+i)
		group = append(group, is)
	}
	if err := l.IssueBatch(ctx, group); err != nil {
		t.Fatal(err)
	}
	number := func(i int) string { return fmt.Sprintf("NO-S01%08d", i) }
	r := rand.New(rand.NewPCG(1, 2))
	for k := range 300 {
		var numbers []string
		switch k % 3 {
		case 0: // a run, as a register has them
			first := r.IntN(220)
			for i := range 1 + r.IntN(40) {
				numbers = append(numbers, number(first+i))
			}
		case 1: // scattered over the ledger
			for range 1 + r.IntN(40) {
				numbers = append(numbers, number(r.IntN(220)))
			}
		default: // a run and its neighbours' prefix or suffix
			numbers = append(numbers, number(r.IntN(220)), "NO-S01", "NO-S01000001990", "NO-S02", "", "ZZ-3")
			i := 1 + 10*r.IntN(20)
			numbers = append(numbers, fmt.Sprintf("NO-S01%s%d", odd[i/10%len(odd)], i), "NO-S01\x00", "NO-S01\xff", "NO-S01证")
		}
		got, err := l.IssuedNumbers(ctx, testType, numbers)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{}
		for _, n := range numbers {
			if id, err := l.IssuedNumber(ctx, testType, n); err != nil {
				t.Fatal(err)
			} else if id != "" {
				want[n] = id
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: got %v, want %v", numbers, got, want)
		}
	}
	// both ways of looking up are taken above
	if _, complete, err := l.numbersBetween(ctx, testType, []string{number(1), number(200)}); err != nil || complete {
		t.Errorf("a span of 134 numbers for 2 asked: complete %v, %v; want false, nil", complete, err)
	}
	// 10 to 40 but every third, and but 11 and 31: renumbered with \xff and NUL NUL, they sort after 40 and before 10
	if held, complete, err := l.numbersBetween(ctx, testType, []string{number(10), number(40)}); err != nil || !complete || len(held) != 19 {
		t.Errorf("a span of 19 numbers for 2 asked: %d held, complete %v, %v; want 19, true, nil", len(held), complete, err)
	}
}
