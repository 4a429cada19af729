#!/usr/bin/env bash
# Runs every fuzz target of the project for a while each (default 20s):
#   scripts/fuzz.sh [DURATION]
# Crashers are written by go test under the package's testdata/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
time=${1:-20s}
grep -rl --include='*_test.go' '^func Fuzz' internal | sort | while read -r file; do
  pkg=./$(dirname "$file")
  for target in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //'); do
    echo "== $pkg $target ($time)"
    go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$time" -fuzzminimizetime 5s
  done
done
