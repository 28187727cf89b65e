#!/usr/bin/env bash
# The reference for the `stability` block's cost (BENCHMARKS.md, issue 22): ten seeds of the validation
# study the way a user without the block gets them — one render per front-matter seed, sharing a cache.
# base.md is templates/validation.md without its "How much the numbers depend on chance" section and the
# conclusions that read it. Prints the cold time of base.md and the time of the ten seeded renders.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
litmus="$root/.build/release/litmus"
work="$(mktemp -d)"
mkdir -p "$work/templates"
python3 - "$root/templates/validation.md" "$work/templates/base.md" <<'PY'
import sys
text = open(sys.argv[1]).read()
a, b = text.index("## How much the numbers depend on chance"), text.index("## Subclusters")
text = text[:a] + text[b:]
a, b = text.index("## Conclusions"), text.index("These demo images come from")
open(sys.argv[2], "w").write(text[:a] + "## Conclusions\n\n" + text[b:])
PY
cd "$work"
start=$(date +%s.%N)
"$litmus" render templates/base.md --quiet
middle=$(date +%s.%N)
for s in $(seq 1 10); do
  sed "s/^seed: 2026/seed: $s/" templates/base.md > "templates/seed$s.md"
  "$litmus" render "templates/seed$s.md" --quiet
done
end=$(date +%s.%N)
echo "base.md cold: $(echo "$middle - $start" | bc) s; ten seeded renders: $(echo "$end - $middle" | bc) s"
