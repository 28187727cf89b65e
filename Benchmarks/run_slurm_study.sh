#!/usr/bin/env bash
# The demo validation study rendered cold locally and through `--executor slurm --shards 4` on the
# one-node cluster (BENCHMARKS.md, issue 23; started here unless SLURM_CONF is set; needs root). Prints
# both times and whether the two reports are the same bytes (all files but run.json).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
litmus="$root/.build/release/litmus"
work="$(mktemp -d)"
if [ -z "${SLURM_CONF:-}" ]; then
  "$root/scripts/slurm-one-node" start "$work/slurm" >/dev/null
  trap '"$root/scripts/slurm-one-node" stop "$work/slurm"' EXIT
  export SLURM_CONF="$work/slurm/slurm.conf"
fi
cd "$work"
time_render() {  # cache, out, arguments…
  local cache="$1" out="$2"; shift 2
  local start end
  start=$(date +%s.%N)
  "$litmus" render "$root/templates/validation.md" --cache "$cache" --out "$out" --quiet "$@"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
local_s=$(time_render local/cache local/out)
slurm_s=$(time_render slurm/cache slurm/out --executor slurm --shards 4)
same=yes
diff -rq --exclude=run.json local/out slurm/out >/dev/null || same=no
printf 'local cold: %.1f s; --executor slurm --shards 4 cold: %.1f s (%.2f× local); same bytes: %s\n' \
  "$local_s" "$slurm_s" "$(echo "$slurm_s / $local_s" | bc -l)" "$same"
