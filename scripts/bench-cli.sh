#!/bin/bash
# Whole-process figures for issue 16, as docs/BENCHMARKS.md reports them:
#   scripts/bench-cli.sh [BIN] [RUNS] [OTHER-BIN]
# For each of: 3,000 rows with PDFs (and the disk's floor for as many PDFs,
# scripts/iofloor), 20,000 rows --no-pdf, and ezz --json
# verify of 1,000 of the PDFs made, it runs BIN (default bin/ezz) RUNS times
# (default 2) under /usr/bin/time and prints wall, user, sys, CPU/wall, peak
# RSS and the rate. Every conversion gets a fresh copy of one pilot workspace.
# With OTHER-BIN (an older build, say), each run of BIN is followed by one of
# OTHER-BIN on the same input, so both see the same machine.
#
# Nothing is deleted while it measures: on ext4, creating a file soon after
# many were deleted costs the kernel a scan of the recently freed inodes
# (ext4's recently_deleted, for up to 5 minutes), which had added up to 1 ms of
# system time per PDF when each run removed the previous run's output first.
# The work directory (default /var/tmp/ezz-bench) is removed at the end.
set -euo pipefail
bins=("$(realpath "${1:-bin/ezz}")")
runs=${2:-2}
if [ -n "${3:-}" ]; then bins+=("$(realpath "$3")"); fi
bin=${bins[0]}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${EZZ_BENCH_DIR:-/var/tmp/ezz-bench}
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
export EZZ_KEY_PASSPHRASE=bench-pilot-passphrase
tmpl=$root/templates/food-business/template.yaml

# The host's speed moves from day to day (±30 % and more for the same build
# on the same VM), so every report starts with the machine and one fixed
# yardstick: the median of three runs of BenchmarkSignSM2 (one SM2 signature
# of a record, internal/sign). Compare runs of different days through it.
# The host can also slow down within minutes, so the yardstick is taken again
# after the runs: figures between two yardsticks that differ much are suspect.
yardstick() {
	(cd "$root" && go test -run '^$' -bench 'SignSM2$' -benchtime 2000x -count 3 ./internal/sign) |
		awk '/^BenchmarkSignSM2/ { print $3 }' | sort -n |
		awk -v when="$1" '{ v[NR] = $1 } END { printf "yardstick %s: BenchmarkSignSM2 %.1f µs a signature (median of %d)\n", when, v[int((NR+1)/2)] / 1000, NR }'
}
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
yardstick before

(cd "$root" && go run ./internal/register/gen -synthetic 3000 -out "$work/reg3k.xlsx" >/dev/null)
(cd "$root" && go run ./internal/register/gen -synthetic 20000 -out "$work/reg20k.xlsx" >/dev/null)
"$bin" --home "$work/W0" init --pilot >/dev/null
"$bin" --home "$work/W0" keys init --pilot >/dev/null
# A workspace's first run fills its cache of the template's asset sums
# (docs/workspace.md); a dry run does that here, so that every measured run is
# what a clerk's second and later runs cost.
"$bin" --home "$work/W0" convert "$work/reg3k.xlsx" -t "$tmpl" --dry-run -o "$work/dry" >/dev/null 2>&1 || true
sleep 1

# busy: the machine's busy jiffies so far (/proc/stat: all but idle and
# iowait), counting the kernel's own threads (writeback, the journal) too.
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# measure NAME COUNT CMD...: one run of CMD under /usr/bin/time; the rate is
# COUNT / wall. cpu/wall is the process's own user + sys over its wall; busy
# is the whole machine's busy core-seconds over the same wall, which also
# counts the kernel threads that write the process's files out (nothing else
# runs here), so that both cores' use shows even when the kernel does part of it.
measure() {
	local name=$1 count=$2 b0 b1
	shift 2
	b0=$(busy)
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
		echo "$name: exit $?: $(tail -3 "$work/err")" >&2
		return 1
	}
	b1=$(busy)
	read -r e u s m <"$work/time"
	awk -v n="$name" -v e="$e" -v u="$u" -v s="$s" -v m="$m" -v c="$count" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
		-v b=$((b1 - b0)) -v hz="$(getconf CLK_TCK)" \
		'BEGIN { printf "%-34s wall %6.2f s  user %6.2f  sys %5.2f  cpu/wall %4.2f  busy %4.2f  rss %4d MB  %7.0f /s  load %s\n", n, e, u, s, (u+s)/e, b/hz/e, m/1024, c/e, l }'
}

# After each round of runs with PDFs, the disk's floor for them: the same
# number of files of the same size put in place as a conversion puts its PDFs,
# through the same calls, and nothing else (scripts/iofloor): what the file
# protocol alone reaches on this disk; its sys time is kernel CPU a conversion
# spends too.
(cd "$root" && go build -o "$work/iofloor" ./scripts/iofloor)
for i in $(seq "$runs"); do
	for b in "${!bins[@]}"; do
		cp -a "$work/W0" "$work/P$b.$i"
		measure "$(basename "${bins[$b]}"): 3k with PDFs" 3000 "${bins[$b]}" --home "$work/P$b.$i" --json convert "$work/reg3k.xlsx" -t "$tmpl"
		grep -o '"per_second": [0-9.]*' "$work/out" | sed 's/^/  (ezz says) /'
	done
	size=$(find "$work/P0.$i/out" -name '*.pdf' -printf '%s\n' | sort -n | tail -1)
	"$work/iofloor" "$work/F.$i" 3000 "$size" | sed 's/^/  (disk floor) /'
done
for i in $(seq "$runs"); do
	for b in "${!bins[@]}"; do
		cp -a "$work/W0" "$work/N$b.$i"
		measure "$(basename "${bins[$b]}"): 20k --no-pdf" 20000 "${bins[$b]}" --home "$work/N$b.$i" --json convert "$work/reg20k.xlsx" -t "$tmpl" --no-pdf
		grep -o '"per_second": [0-9.]*' "$work/out" | sed 's/^/  (ezz says) /'
	done
done
for i in $(seq "$runs"); do
	for b in "${!bins[@]}"; do
		mapfile -t files < <(find "$work/P$b.1/out" -name '*.pdf' | sort | head -1000)
		measure "$(basename "${bins[$b]}"): verify ${#files[@]}" "${#files[@]}" "${bins[$b]}" --home "$work/P$b.1" --json verify "${files[@]}"
	done
done
yardstick after
