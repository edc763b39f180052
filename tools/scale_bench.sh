#!/usr/bin/env bash
# Scale benchmark: validate and one SVG day on synthetic datasets of 10,000 and 100,000 places
# and 1,000,000 events (tools/scale_dataset.py). Usage: tools/scale_bench.sh [BINARY] [TIMEOUT_S]
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/frontline}
limit=${2:-120}
work=${SCALE_DIR:-/tmp/frontline-scale}
mkdir -p "$work"
[ -d "$work/p10k" ] || python3 tools/scale_dataset.py --places 10000 "$work/p10k"
[ -d "$work/p100k" ] || python3 tools/scale_dataset.py --places 100000 "$work/p100k"
[ -d "$work/e1m" ] || python3 tools/scale_dataset.py --places 10000 --events 1000000 "$work/e1m"
for data in p10k p100k e1m; do
  for cmd in validate render; do
    args=(validate --data "$work/$data")
    [ "$cmd" = render ] && args=(render --data "$work/$data" --date 2020-01-03 --format svg --out "$work/out" -q)
    start=$(date +%s.%N)
    timeout "$limit" "$bin" "${args[@]}" >/dev/null 2>"$work/err"
    rc=$?
    end=$(date +%s.%N)
    printf '%-6s %-9s rc=%-3s %6.1f s\n' "$data" "$cmd" "$rc" "$(echo "$end - $start" | bc)"
  done
done
