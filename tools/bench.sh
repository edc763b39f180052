#!/usr/bin/env bash
# Benchmarks of the release build on the embedded dataset. Prints numbers; asserts nothing.
#  1. per-stage medians of one frame (load, control, scene, svg, draw, encode) and the PNG
#     encoder choices (benches/stages.rs);
#  2. whole war (SVG + PNG at 1600x1100), RUNS runs, with the median of wall and CPU time and
#     the peak memory; one day; SVG only; animations at 800 px; report; stats; export.
# Other processes on the machine skew wall times: the load average is printed with them, and
# CPU time (user + sys) is the steadier figure. Output goes to a RAM disk when there is one,
# so that the disk's fsync (every file is written atomically) is not what is measured.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
cargo build --release --locked -q
bin=target/release/frontline
base=$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}" )
out=$(mktemp -d "$base/frontline-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -z "${SKIP_STAGES:-}" ]; then
  echo "== per stage, one frame (draw: a day already drawn once, as in a run; texts are cached)"
  cargo bench --locked -q --bench stages 2>/dev/null | grep -v '^$'
fi

# median NAME RUNS CMD...: RUNS runs, then the median wall and CPU (user + sys) time and the
# largest peak resident memory.
median() {
  local name=$1 n=$2; shift 2
  : >"$out/times"
  for _ in $(seq "$n"); do /usr/bin/time -a -o "$out/times" -f "%e %U %S %M" "$@" >/dev/null; done
  local mid=$(( (n + 1) / 2 ))
  local wall cpu peak
  wall=$(awk '{print $1}' "$out/times" | sort -n | sed -n "${mid}p")
  cpu=$(awk '{print $2 + $3}' "$out/times" | sort -n | sed -n "${mid}p")
  peak=$(awk '{print $4}' "$out/times" | sort -n | tail -1)
  echo "$name: median of $n runs: $wall s wall, $cpu s cpu, peak $((peak / 1024)) MB (load $(cut -d' ' -f1 /proc/loadavg))"
}

echo "== whole runs"
median "whole war, svg+png 1600x1100" "$RUNS" $bin render --out "$out/all" -q
median "whole war, svg only" "$RUNS" $bin render --out "$out/svg" --format svg -q
median "one day, svg+png" "$RUNS" $bin render --date 2020-11-08 --out "$out/one" -q
median "animate whole war, gif 800 px" 3 $bin animate --out "$out/war.gif" -q
median "animate whole war, apng 800 px" 3 $bin animate --format apng --out "$out/war.apng" -q
median "report" 3 $bin report --out "$out/report" -q
median "stats, csv" 3 $bin stats
median "export, whole war range" 3 $bin export --from 2020-09-27 --to 2020-12-01 --out "$out/range.geojson"
median "validate" 3 $bin validate
du -cb "$out"/all/*.png | tail -1 | awk '{printf "png bytes, whole war: %d (mean %d a day)\n", $1, $1/66}'
ls -l "$out/war.gif" "$out/war.apng" | awk '{print "animation size: " $5 " bytes " $NF}'
