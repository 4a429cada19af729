package cli

import (
	"os"
	"testing"
	"time"
)

// testNowVar fixes the clock in the end-to-end scripts, so that what they
// check (expiries, deadlines) does not drift with the date they run on. Only a
// test binary reads it: a real ezz always uses the machine's clock, so no one
// can back-date a certificate with it.
const testNowVar = "EZZ_TEST_NOW"

// now is the one clock of the command tree.
func now() time.Time {
	if testing.Testing() {
		if s := os.Getenv(testNowVar); s != "" {
			if t, err := time.Parse(time.RFC3339, s); err == nil {
				return t
			}
		}
	}
	return time.Now()
}
