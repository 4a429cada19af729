#!/usr/bin/env bash
# The main job on the bundled samples: lint and compile every template.
# Later steps (conversion of the sample registers) are appended as they land.
set -euo pipefail
ezz=${1:-bin/ezz}
out=${2:-demo-out}
rm -rf "$out" && mkdir -p "$out"
export EZZ_HOME="$out/ezz-home"

echo "== lint the templates"
"$ezz" catalogue lint templates/
echo "== compile the catalogue entries"
for t in templates/*/template.yaml; do
  "$ezz" catalogue compile "$t" -o "$out/catalogue"
done
echo "demo output is in $out/"
