#!/usr/bin/env bash
# A peer to measure against, in one session on one machine: the resvg command-line tool
# rasterising our own 66 SVGs (1600x1100) to PNG, two at a time (one per core), against
# `frontline render` writing the same SVGs and PNGs. Runs are interleaved so that both see the
# same load; prints the medians and the ratio. Needs `resvg` on PATH (cargo install resvg
# --locked); it is a peer, not a dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
command -v resvg >/dev/null || { echo "peer_bench: resvg not found (cargo install resvg --locked)" >&2; exit 2; }
cargo build --release --locked -q
bin=target/release/frontline
base=$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}" )
out=$(mktemp -d "$base/frontline-peer.XXXXXX")
trap 'rm -rf "$out"' EXIT
$bin render --format svg --out "$out/svg" -q
jobs=$(nproc)
now() { date +%s.%N; }
: >"$out/ours"; : >"$out/peer"
for _ in $(seq "$RUNS"); do
  t=$(now); $bin render --out "$out/ours-png" -q; echo "$(now) - $t" | bc >>"$out/ours"
  t=$(now)
  ls "$out"/svg/*.svg | xargs -P "$jobs" -I{} sh -c 'resvg "$1" "${1%.svg}.png"' _ {}
  echo "$(now) - $t" | bc >>"$out/peer"
done
med() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ours=$(med "$out/ours"); peer=$(med "$out/peer")
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); $jobs cores; medians of $RUNS interleaved runs"
echo "frontline render, 66 days, svg+png: $ours s"
echo "resvg CLI, our 66 svgs to png ($jobs in parallel): $peer s"
echo "ratio (resvg / frontline): $(echo "scale=2; $peer / $ours" | bc)"
