package ledger

import (
	"context"
	"fmt"
	"slices"
)

// IssuedNumbers is IssuedNumber for up to MaxIdentifiers numbers of one
// type in one query: the identifier of each number the ledger holds, keyed
// by number; a number it does not hold has no entry. A conversion's
// checkers ask it once for a chunk of rows instead of once a row.
//
// A register's numbers mostly run in order, so a chunk's numbers mostly lie
// close together: the ledger is asked first for every number of the type
// between the least and the greatest of them, one seek of its index
// (numbersBetween), which for a new register's chunk finds nothing at all.
// Only when that span holds many more numbers than were asked is each
// number sought on its own (numbersIn).
func (l *Ledger) IssuedNumbers(ctx context.Context, typeCode string, numbers []string) (map[string]string, error) {
	if len(numbers) > MaxIdentifiers {
		return nil, fmt.Errorf("look up %d numbers at once: at most %d", len(numbers), MaxIdentifiers)
	}
	out := make(map[string]string)
	if len(numbers) == 0 {
		return out, nil
	}
	held, complete, err := l.numbersBetween(ctx, typeCode, numbers)
	if err != nil {
		return nil, fmt.Errorf("look up %d numbers of type %s: %w", len(numbers), typeCode, err)
	}
	if !complete {
		return l.numbersIn(ctx, typeCode, numbers)
	}
	for _, n := range numbers {
		if id, ok := held[n]; ok {
			out[n] = id
		}
	}
	return out, nil
}

// spanRows is how many numbers more than it was asked numbersBetween reads
// before it gives up on the span.
const spanRows = 32

// numbersBetween returns the numbers of the type the ledger holds from the
// least of numbers to the greatest (both in SQLite's BINARY order, which is
// Go's order of strings), with their identifiers; complete is false, and
// held partial, when there are more than len(numbers)+spanRows of them.
func (l *Ledger) numbersBetween(ctx context.Context, typeCode string, numbers []string) (held map[string]string, complete bool, err error) {
	st, err := l.prepared(ctx, `SELECT number, identifier FROM certificates
		WHERE type_code = ? AND number BETWEEN ? AND ? LIMIT ?`)
	if err != nil {
		return nil, false, err
	}
	limit := len(numbers) + spanRows
	rs, err := st.QueryContext(ctx, typeCode, slices.Min(numbers), slices.Max(numbers), limit+1)
	if err != nil {
		return nil, false, err
	}
	defer rs.Close()
	n := 0
	for ; rs.Next(); n++ {
		var number, id string
		if err := rs.Scan(&number, &id); err != nil {
			return nil, false, err
		}
		if held == nil {
			held = make(map[string]string)
		}
		held[number] = id
	}
	if err := rs.Err(); err != nil {
		return nil, false, err
	}
	return held, n <= limit, nil
}

// numbersIn seeks each number in the index, from one list argument.
func (l *Ledger) numbersIn(ctx context.Context, typeCode string, numbers []string) (map[string]string, error) {
	out := make(map[string]string)
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
