// Package testenv decides what a test does when something from outside the
// repository — a Debian tool such as qpdf or openssl, or a font — is missing:
// it skips on a developer's machine, and fails in CI (CI set), where `make test`
// has installed everything through scripts/install-deps.sh. A green CI run can
// then never hide a check that did not run.
package testenv

import (
	"os"
	"testing"
)

// Missing reports that what the test needs is not here: Skipf locally,
// Fatalf when the CI environment variable is set.
func Missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if os.Getenv("CI") != "" {
		tb.Fatalf("CI: "+format, args...)
	}
	tb.Skipf(format, args...)
}
