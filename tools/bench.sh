#!/usr/bin/env bash
# Benchmarks of the release binary on the embedded dataset: wall time and peak memory for the
# whole war (SVG + PNG), one day, SVG only, the animations, stats and a range export. Uses
# hyperfine when installed (Debian package hyperfine), GNU time otherwise. Prints numbers;
# asserts nothing. Run it on an idle machine: the figures are only as good as the quiet.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=target/release/frontline
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

measure() {
  local name=$1; shift
  if command -v /usr/bin/time >/dev/null; then
    /usr/bin/time -f "$name: %e s wall, %M KiB peak, %P CPU" "$@" >/dev/null
  else
    local start=$(date +%s.%N); "$@" >/dev/null; echo "$name: $(echo "$(date +%s.%N) - $start" | bc) s"
  fi
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
for run in 1 2 3; do
  measure "whole war, svg+png (run $run)" $bin render --out "$out/all" -q
done
measure "whole war, svg only" $bin render --out "$out/svg" --format svg -q
measure "one day, svg+png" $bin render --date 2020-11-08 --out "$out/one" -q
for run in 1 2; do
  measure "animate whole war, gif 800 px (run $run)" $bin animate --out "$out/war.gif" -q
  measure "animate whole war, apng 800 px (run $run)" $bin animate --format apng --out "$out/war.apng" -q
done
measure "stats, whole war, csv" $bin stats
measure "export, whole war range" $bin export --from 2020-09-27 --to 2020-12-01 --out "$out/range.geojson"
measure "validate" $bin validate
measure "export one day" $bin export --date 2020-11-09 --out "$out/day.geojson"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 5 "$bin render --date 2020-11-08 --out $out/h -q" "$bin render --out $out/h -q"
fi
du -sh "$out/all" | sed 's/^/output size, whole war: /'
ls -l "$out/war.gif" "$out/war.apng" | awk '{print "animation size: " $5 " bytes " $NF}'
