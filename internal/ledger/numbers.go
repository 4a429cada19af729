package ledger

import (
	"context"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// IssuedNumbers is IssuedNumber for up to MaxIdentifiers numbers of one
// type in one query: the identifier of each number the ledger holds, keyed
// by number; a number it does not hold has no entry. A conversion's
// checkers ask it once for a chunk of rows instead of once a row. (A number
// that is not valid UTF-8, which the query's JSON list would change, is
// asked alone; validated values never are.)
func (l *Ledger) IssuedNumbers(ctx context.Context, typeCode string, numbers []string) (map[string]string, error) {
	if len(numbers) > MaxIdentifiers {
		return nil, fmt.Errorf("look up %d numbers at once: at most %d", len(numbers), MaxIdentifiers)
	}
	out := make(map[string]string)
	valid := make([]string, 0, len(numbers))
	for _, n := range numbers {
		if utf8.ValidString(n) {
			valid = append(valid, n)
			continue
		}
		// json.Marshal would make it another number (U+FFFD): asked alone
		id, err := l.IssuedNumber(ctx, typeCode, n)
		if err != nil {
			return nil, err
		}
		if id != "" {
			out[n] = id
		}
	}
	if len(valid) == 0 {
		return out, nil
	}
	list, err := json.Marshal(valid)
	if err != nil {
		return nil, err
	}
	st, err := l.prepared(ctx, `SELECT number, identifier FROM certificates
		WHERE type_code = ? AND number IN (SELECT value FROM json_each(?))`)
	if err != nil {
		return nil, err
	}
	rs, err := st.QueryContext(ctx, typeCode, string(list))
	if err != nil {
		return nil, fmt.Errorf("look up %d numbers of type %s: %w", len(numbers), typeCode, err)
	}
	defer rs.Close()
	for rs.Next() {
		var number, id string
		if err := rs.Scan(&number, &id); err != nil {
			return nil, fmt.Errorf("look up %d numbers of type %s: %w", len(numbers), typeCode, err)
		}
		out[number] = id
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("look up %d numbers of type %s: %w", len(numbers), typeCode, err)
	}
	return out, nil
}
