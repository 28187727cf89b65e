#!/usr/bin/env bash
# The validation study rendered cold locally and through `--executor slurm` on the one-node cluster
# (BENCHMARKS.md, issue 23; started here unless SLURM_CONF is set; needs root). Prints both times and
# whether the two reports are the same bytes (all files but run.json).
#
#   bash Benchmarks/run_slurm_study.sh                       # the demo study, --shards 4
#   bash Benchmarks/run_slurm_study.sh --param per_group=2000 --param demo_count=5000   # the seed's scale,
#                                                            # the Slurm render with its one flag alone
# Arguments are given to both renders; with any, the Slurm render adds only `--executor slurm`.
# LITMUS names the binary (default .build/release/litmus): a copy keeps a long run apart from rebuilds,
# since the tasks start the binary anew.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
litmus="${LITMUS:-$root/.build/release/litmus}"
work="$(mktemp -d)"
if [ -z "${SLURM_CONF:-}" ]; then
  "$root/scripts/slurm-one-node" start "$work/slurm" >/dev/null
  trap '"$root/scripts/slurm-one-node" stop "$work/slurm"' EXIT
  export SLURM_CONF="$work/slurm/slurm.conf"
fi
slurm_arguments=(--executor slurm)
[ $# -eq 0 ] && slurm_arguments+=(--shards 4)
cd "$work"
time_render() {  # cache, out, arguments…
  local cache="$1" out="$2"; shift 2
  local start end
  start=$(date +%s.%N)
  "$litmus" render "$root/templates/validation.md" --cache "$cache" --out "$out" --quiet "$@"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; arguments: ${*:-none}"
local_s=$(time_render local/cache local/out "$@")
slurm_s=$(time_render slurm/cache slurm/out "$@" "${slurm_arguments[@]}")
same=yes
diff -rq --exclude=run.json local/out slurm/out >/dev/null || same=no
printf 'local cold: %.1f s; %s cold: %.1f s (%.2f× local); same bytes: %s\n' \
  "$local_s" "${slurm_arguments[*]}" "$slurm_s" "$(echo "$slurm_s / $local_s" | bc -l)" "$same"
echo "the longest steps (steps overlap):"
for run in local slurm; do
  printf '%s: ' "$run"
  python3 -c 'import json, sys; steps = json.load(open(sys.argv[1]))["steps"]
print(", ".join("%s %.0f s" % (s["id"], s["seconds"]) for s in sorted(steps, key=lambda s: -s["seconds"])[:8]))' "$run/out/run.json"
done
echo "work folder: $work"
