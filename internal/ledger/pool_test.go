package ledger

import (
	"context"
	"database/sql"
	"runtime"
	"sync"
	"testing"
)

// TestPoolKeepsConnections: while a write transaction is open (the
// conversion's committer), a look-up on every CPU (its checkers) needs
// connections of their own; released, they stay open for the next group
// instead of being closed and opened again (schema, statements and page
// cache made anew each time).
func TestPoolKeepsConnections(t *testing.T) {
	keepsConnections(t, openTest(t))
}

// TestPoolKeepsConnectionsWidened: a conversion with PDFs adds processors
// after its ledger is open (agency's widenProcs), and runs a checker on
// each; FitProcessors keeps as many connections idle.
func TestPoolKeepsConnectionsWidened(t *testing.T) {
	l := openTest(t)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(runtime.GOMAXPROCS(0) + 2))
	l.FitProcessors()
	keepsConnections(t, l)
}

// keepsConnections checks that look-ups on every processor while a write
// transaction is open close no connection of l.
func keepsConnections(t *testing.T, l *Ledger) {
	ctx := context.Background()
	readers := runtime.GOMAXPROCS(0)
	for round := range 5 {
		err := l.tx(ctx, func(*sql.Tx) error {
			var started, done sync.WaitGroup
			started.Add(readers)
			done.Add(readers)
			for range readers {
				go func() {
					defer done.Done()
					rows, err := l.db.QueryContext(ctx, "SELECT seq FROM events")
					started.Done()
					if err != nil {
						t.Error(err)
						return
					}
					started.Wait() // every reader holds a connection at once
					rows.Close()
				}()
			}
			done.Wait()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if st := l.db.Stats(); st.MaxIdleClosed > 0 {
			t.Fatalf("round %d: %d connections closed and reopened (%d open)", round, st.MaxIdleClosed, st.OpenConnections)
		}
	}
}
