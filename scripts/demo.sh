#!/usr/bin/env bash
# The main job on the bundled samples, as an agency would run it:
#   lint and compile the templates, make a pilot workspace with pilot keys,
#   convert each sample register into signed certificates, and verify one.
set -euo pipefail
ezz=${1:-bin/ezz}
out=${2:-demo-out}
rm -rf "$out" && mkdir -p "$out"
export EZZ_HOME="$out/ezz-home"
export EZZ_KEY_PASSPHRASE="${EZZ_KEY_PASSPHRASE:-demo-pilot-passphrase}"

step() { printf '\n== %s\n' "$*"; }

step "lint the face templates"
"$ezz" catalogue lint templates/

step "compile the catalogue entries (目录信息) and their sample PDFs"
for t in templates/*/template.yaml; do
  "$ezz" catalogue compile "$t" -o "$out/catalogue"
done

step "a pilot workspace and pilot SM2 keys (placeholders, for trials only)"
"$ezz" init
"$ezz" keys init --pilot

# The rows each sample register gets wrong on purpose (internal/register/gen
# plants them): a run that rejects more has failed good rows, which exit 1
# alone would not show.
declare -A planted=([eia-approval]=7 [food-business]=7 [special-operation]=7 [food-business-batch]=1)
rejected() { # NAME SUMMARY-FILE: the run must have rejected the planted rows only
  local got
  got=$(sed -n 's/^batch [^:]*: .*, \([0-9]*\) rejected, .*/\1/p' "$2")
  if [ "$got" != "${planted[$1]}" ]; then
    echo "demo: samples/$1-register.xlsx: ${got:-no} rows rejected, want its ${planted[$1]} planted defects; the rejects workbook says why" >&2
    exit 1
  fi
}

status=0
for t in templates/*/; do
  name=$(basename "$t")
  step "convert samples/$name-register.xlsx (the planted defects go to the rejects workbook)"
  "$ezz" convert "samples/$name-register.xlsx" --template "$t/template.yaml" | tee "$out/$name.summary" || status=$?
  [ "$status" -le 1 ] || exit "$status"
  rejected "$name" "$out/$name.summary"
done

step "convert samples/food-business-batch-register.xlsx (no 日常监督管理机构 column: the map file's values: give it)"
"$ezz" convert samples/food-business-batch-register.xlsx --template templates/food-business/template.yaml \
  --map samples/food-business-batch.map.yaml | tee "$out/food-business-batch.summary" || status=$?
[ "$status" -le 1 ] || exit "$status"
rejected food-business-batch "$out/food-business-batch.summary"

step "convert the food register again: nothing new is issued"
"$ezz" convert samples/food-business-register.xlsx --template templates/food-business/template.yaml || true

if "$ezz" help verify >/dev/null 2>&1; then
  first=$(find "$EZZ_HOME/out" -name '*.pdf' | sort | head -1)
  step "verify $first"
  "$ezz" verify --templates templates "$first"
fi

printf '\ndemo output is in %s/ (certificates under %s/out/)\n' "$out" "$EZZ_HOME"
