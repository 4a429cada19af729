package verify

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

// oneByOne hides a source's Statuses: Finish asks it one identifier at a time.
type oneByOne struct{ src StatusSource }

func (o oneByOne) Status(ctx context.Context, id string) (StatusResult, error) {
	return o.src.Status(ctx, id)
}

// failing is a status source that cannot answer, or panics.
type failing struct{ panics bool }

func (f failing) Status(context.Context, string) (StatusResult, error) {
	if f.panics {
		panic("source broke")
	}
	return StatusResult{}, errors.New("repository unreachable")
}

func (f failing) Statuses(ctx context.Context, ids []string) ([]StatusResult, error) {
	_, err := f.Status(ctx, ids[0])
	return nil, err
}

// TestFinishMany checks that the files of the tamper suite verified together,
// with one status look-up for all, get the reports File gives each alone
// with a source asked one identifier at a time — and the same when the
// source fails or panics.
func TestFinishMany(t *testing.T) {
	f := shared(t)
	ctx := context.Background()
	ledgerOpts := f.options(checkAt)
	var cases []tamperCase
	for _, tc := range tamperCases(t, f) {
		if tc.data != nil && tc.opts.Status == ledgerOpts.Status {
			cases = append(cases, tc)
		}
	}
	if len(cases) < 10 {
		t.Fatalf("%d files of the tamper suite against the ledger, want at least 10", len(cases))
	}
	sources := []struct {
		name        string
		many, alone StatusSource
	}{
		{"ledger", ledgerOpts.Status, oneByOne{ledgerOpts.Status}},
		{"unreachable", failing{}, oneByOne{failing{}}},
		{"panics", failing{panics: true}, oneByOne{failing{panics: true}}},
		{"none", nil, nil},
	}
	for _, s := range sources {
		t.Run(s.name, func(t *testing.T) {
			many, alone := ledgerOpts, ledgerOpts
			many.Status, alone.Status = s.many, s.alone
			var ps []*Pending
			for _, tc := range cases {
				ps = append(ps, Start(tc.data, tc.name, many))
			}
			got := Finish(ctx, ps)
			for i, tc := range cases {
				want := File(ctx, tc.data, tc.name, alone)
				if !reflect.DeepEqual(got[i], want) {
					t.Errorf("%s:\ngot  %+v\nwant %+v", tc.name, got[i], want)
				}
				c := want.Check(CheckStatus)
				if s.name == "panics" && c.Result != NotChecked && (c.Result != Fail || c.Reason.En != "internal error while checking: source broke") {
					t.Errorf("%s: a panicking source: got %s %q, want the internal error", tc.name, c.Result, c.Reason.En)
				}
			}
		})
	}
}
