package lifecycle

import (
	"errors"
	"os"
	"strings"
	"testing"

	"ezz/internal/text"
)

func TestNext(t *testing.T) {
	valid, pledged := State{Code: Valid}, State{Code: Valid, Pledged: true}
	suspended := State{Code: Suspended}
	tests := []struct {
		name    string
		from    State
		action  Action
		want    State
		refused string // part of the English reason; "" when allowed
	}{
		{"suspend", valid, Suspend, suspended, ""},
		{"resume", suspended, Resume, valid, ""},
		{"resume what is not suspended", valid, Resume, valid, "not suspended"},
		{"suspend twice", suspended, Suspend, suspended, "already suspended"},
		{"alter a suspended one", suspended, Alter, suspended, "resume it before"},
		{"alter", valid, Alter, valid, ""},
		{"alter a pledged one keeps the pledge", pledged, Alter, pledged, ""},
		{"alter a cancelled one", State{Code: Cancelled}, Alter, State{Code: Cancelled}, "only an annulment"},
		{"annul a cancelled one", State{Code: Cancelled}, Annul, State{Code: Annulled}, ""},
		{"anything after annulment", State{Code: Annulled}, Annul, State{Code: Annulled}, "nothing can follow"},
		{"resume after annulment", State{Code: Annulled}, Resume, State{Code: Annulled}, "nothing can follow"},
		{"revoke ends a pledge", pledged, Revoke, State{Code: Revoked}, ""},
		{"revoke twice", State{Code: Revoked}, Revoke, State{Code: Revoked}, "only an annulment"},
		{"pledge", valid, Pledge, pledged, ""},
		{"pledge twice", pledged, Pledge, pledged, "already pledged"},
		{"release", pledged, Release, valid, ""},
		{"release what is not pledged", valid, Release, valid, "not pledged"},
		{"cancel a pledged one", pledged, Cancel, pledged, "release the pledge"},
		{"pledge a suspended one", suspended, Pledge, suspended, "cannot be pledged"},
		{"failed inspection suspends", valid, InspectFail, suspended, ""},
		{"passed inspection changes nothing", pledged, InspectPass, pledged, ""},
		{"extend a lapsed one", State{Code: Lapsed}, Extend, valid, ""},
		{"suspend a lapsed one", State{Code: Lapsed}, Suspend, State{Code: Lapsed}, "lapsed"},
		{"other only annul", State{Code: Other}, Extend, State{Code: Other}, "only an annulment"},
		{"unknown action", valid, Action("burn"), valid, "unknown action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Next(tt.from, tt.action)
			if tt.refused == "" {
				if err != nil || got != tt.want {
					t.Fatalf("Next(%v, %s) = %v, %v; want %v, nil", tt.from, tt.action, got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.refused) {
				t.Fatalf("Next(%v, %s) = %v, %v; want a refusal containing %q", tt.from, tt.action, got, err, tt.refused)
			}
			if !errors.Is(err, ErrRefused) || text.ClassOf(err) != text.Bad || text.Of(err).Zh == text.Of(err).En {
				t.Errorf("refusal %v: want ErrRefused, class Bad and a Chinese text", err)
			}
			if got != tt.from {
				t.Errorf("a refusal moved the state: got %v, want %v", got, tt.from)
			}
		})
	}
}

// TestEveryRefusalIsBilingual walks the whole table.
func TestEveryRefusalIsBilingual(t *testing.T) {
	for _, s := range TableStates {
		for _, a := range Actions {
			next, err := Next(s, a)
			if err != nil {
				m := text.Of(err)
				if m.Zh == "" || m.En == "" || m.Zh == m.En {
					t.Errorf("%v × %s: refusal %q lacks one language", s, a, m)
				}
				continue
			}
			if !Known(next.Code) || (next.Pledged && next.Code != Valid && next.Code != Suspended) {
				t.Errorf("%v × %s = %v: not a state of the table", s, a, next)
			}
		}
	}
}

func TestDocsTable(t *testing.T) {
	doc, err := os.ReadFile("../../docs/lifecycle.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), Table()) {
		t.Errorf("docs/lifecycle.md does not hold the current table; paste this:\n%s", Table())
	}
}

func TestParseAction(t *testing.T) {
	for in, want := range map[string]Action{"revoke": Revoke, "吊销": Revoke, "废止": Annul, "挂起": Suspend, "inspect-fail": InspectFail} {
		if got, err := ParseAction(in); err != nil || got != want {
			t.Errorf("ParseAction(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseAction("REVOKE!"); err == nil || text.HintOf(err).IsZero() {
		t.Errorf("ParseAction of nonsense: got %v, want an error with a hint", err)
	}
}

func TestNames(t *testing.T) {
	if Name(Revoked).Zh != "吊销" || Name("42").En != "unknown status 42" {
		t.Errorf("names: got %v, %v", Name(Revoked), Name("42"))
	}
	if (State{Code: Valid, Pledged: true}).Name().Zh != "有效（质押中）" {
		t.Errorf("pledged name: got %v", State{Code: Valid, Pledged: true}.Name())
	}
}
