package lifecycle

import (
	"fmt"
	"strings"

	"ezz/internal/text"
)

// TableStates are the rows of the documented table: every status, and the
// pledged ones.
var TableStates = []State{
	{Code: Valid}, {Code: Valid, Pledged: true}, {Code: Suspended}, {Code: Suspended, Pledged: true},
	{Code: Lapsed}, {Code: Revoked}, {Code: Cancelled}, {Code: Annulled}, {Code: Other},
}

// Table is the state machine as Markdown (docs/lifecycle.md embeds it; a test
// keeps the two equal): one row per state, one column per action, each cell
// the state reached or ✗ and the number of the refusal's reason, listed below.
func Table() string {
	var b, notes strings.Builder
	var reasons []string
	b.WriteString("| state |")
	for _, a := range Actions {
		fmt.Fprintf(&b, " %s |", a)
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(Actions)) + "\n")
	for _, s := range TableStates {
		fmt.Fprintf(&b, "| %s |", stateCell(s))
		for _, a := range Actions {
			fmt.Fprintf(&b, " %s |", outcome(s, a, &reasons))
		}
		b.WriteString("\n")
	}
	for i, r := range reasons {
		fmt.Fprintf(&notes, "%d. %s\n", i+1, r)
	}
	return b.String() + "\nRefusals:\n\n" + notes.String()
}

func stateCell(s State) string {
	if s.Pledged {
		return s.Code + " " + Name(s.Code).Zh + " pledged"
	}
	return s.Code + " " + Name(s.Code).Zh
}

// outcome is one cell; a refusal's reason is numbered in reasons.
func outcome(s State, a Action, reasons *[]string) string {
	next, err := Next(s, a)
	if err != nil {
		t := text.Of(err)
		m := t.En + " (" + t.Zh + ")"
		for i, r := range *reasons {
			if r == m {
				return fmt.Sprintf("✗ %d", i+1)
			}
		}
		*reasons = append(*reasons, m)
		return fmt.Sprintf("✗ %d", len(*reasons))
	}
	switch {
	case a.NewVersion():
		return "→ " + stateCell(next) + ", new version"
	case next == s:
		return "= recorded"
	}
	return "→ " + stateCell(next)
}
