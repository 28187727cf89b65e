#!/usr/bin/env bash
# What handing a step to Slurm costs (BENCHMARKS.md, issue 23), on the one-node cluster of
# scripts/slurm-one-node (started here unless SLURM_CONF is set; needs root). One features step over
# 64 phantom images at 64 × 64 px, rendered cold (a fresh cache each time) locally and through
# `--executor slurm` with 1, 4 and 16 shards, three times each; prints the median seconds per setting, the
# difference to the local render, the cost per array (1 shard: two submissions, the probe and the rest,
# minus local) and per further shard (the slope from 1 to 16 shards).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
litmus="$root/.build/release/litmus"
[ -x "$litmus" ] || (cd "$root" && swift build -c release --product litmus >/dev/null)
work="$(mktemp -d)"
if [ -z "${SLURM_CONF:-}" ]; then
  "$root/scripts/slurm-one-node" start "$work/slurm" >/dev/null
  trap '"$root/scripts/slurm-one-node" stop "$work/slurm"' EXIT
  export SLURM_CONF="$work/slurm/slurm.conf"
fi
"$litmus" phantoms --style most --count 64 --out "$work/images" >/dev/null
cat >"$work/t.md" <<'MD'
```{dataset #images}
path: images
```

```{features #f}
input: images
size: 64
```

{{ f.count }} images.
MD
cd "$work"
run() {  # label, render arguments…: prints the median of three cold renders
  local label="$1"; shift
  local times=()
  for i in 1 2 3; do
    rm -rf cache
    local start end
    start=$(date +%s.%N)
    "$litmus" render t.md --cache cache --out out --quiet "$@"
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 2p
}
local_s=$(run local)
one=$(run slurm --executor slurm --shards 1)
four=$(run slurm --executor slurm --shards 4)
sixteen=$(run slurm --executor slurm --shards 16)
echo "| setting | seconds (median of 3) | minus local |"
echo "|---|---:|---:|"
printf '| local | %.2f | |\n' "$local_s"
for pair in "1:$one" "4:$four" "16:$sixteen"; do
  printf '| slurm, %s shard(s) | %.2f | %.2f |\n' "${pair%%:*}" "${pair#*:}" "$(echo "${pair#*:} - $local_s" | bc)"
done
printf 'per array (1 shard minus local): %.2f s; per further shard ((16 shards - 1 shard) / 15): %.3f s\n' \
  "$(echo "$one - $local_s" | bc)" "$(echo "($sixteen - $one) / 15" | bc -l)"
