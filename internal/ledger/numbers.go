package ledger

import (
	"context"
	"fmt"
)

// IssuedNumbers is IssuedNumber for up to MaxIdentifiers numbers of one
// type in one query: the identifier of each number the ledger holds, keyed
// by number; a number it does not hold has no entry. A conversion's
// checkers ask it once for a chunk of rows instead of once a row.
func (l *Ledger) IssuedNumbers(ctx context.Context, typeCode string, numbers []string) (map[string]string, error) {
	if len(numbers) > MaxIdentifiers {
		return nil, fmt.Errorf("look up %d numbers at once: at most %d", len(numbers), MaxIdentifiers)
	}
	out := make(map[string]string)
	if len(numbers) == 0 {
		return out, nil
	}
	st, err := l.prepared(ctx, `SELECT number, identifier FROM certificates
		WHERE type_code = ? AND number IN (`+textListQuery+`)`)
	if err != nil {
		return nil, err
	}
	rs, err := st.QueryContext(ctx, typeCode, textList(numbers))
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
