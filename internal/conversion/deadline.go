package conversion

import (
	"time"

	"ezz/internal/workday"
)

// The push deadline of a batch is the end of the 5th working day after the
// day it closes, known only at the close. Each entry is written with the
// deadline it would have if the batch closed on the day of its row's clock
// reading, which is nearly always the close's day; the close
// (Ledger.CloseBatchDue) then rewrites only the entries whose day was not (a
// run past midnight, a run resumed after a kill), and reads the others
// without writing them. Entries an earlier close of the batch gave a
// deadline keep it.

// calendar is the working-day calendar of the batch's deadline.
func (c *conv) calendar() *workday.Calendar {
	if c.o.Calendar != nil {
		return c.o.Calendar
	}
	return workday.Official()
}

// expected is the deadline of the batch if it closes on the day of at. The
// committer alone calls it, so its one-day cache needs no lock.
func (c *conv) expected(at time.Time) time.Time {
	day := at.In(workday.Shanghai).Format(time.DateOnly)
	if day != c.expectedDay {
		c.expectedDay, c.expectedAt = day, c.calendar().After(at, workday.BulkDays).At
	}
	return c.expectedAt
}
