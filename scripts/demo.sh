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

status=0
for t in templates/*/; do
  name=$(basename "$t")
  step "convert samples/$name-register.xlsx (the planted defects go to the rejects workbook)"
  "$ezz" convert "samples/$name-register.xlsx" --template "$t/template.yaml" || status=$?
  [ "$status" -le 1 ] || exit "$status"
done

step "convert samples/food-business-batch-register.xlsx (no 日常监督管理机构 column: the map file's values: give it)"
"$ezz" convert samples/food-business-batch-register.xlsx --template templates/food-business/template.yaml \
  --map samples/food-business-batch.map.yaml || status=$?
[ "$status" -le 1 ] || exit "$status"

step "convert the food register again: nothing new is issued"
"$ezz" convert samples/food-business-register.xlsx --template templates/food-business/template.yaml || true

if "$ezz" help verify >/dev/null 2>&1; then
  first=$(find "$EZZ_HOME/out" -name '*.pdf' | sort | head -1)
  step "verify $first"
  "$ezz" verify --templates templates "$first"
fi

printf '\ndemo output is in %s/ (certificates under %s/out/)\n' "$out" "$EZZ_HOME"
