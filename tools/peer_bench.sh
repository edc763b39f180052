#!/usr/bin/env bash
# Peers to measure against, in one session on one machine, runs interleaved so that all see the
# same load; prints the medians and the ratios:
# - Mapnik (Debian's python3-mapnik, tools/peer_mapnik.py) drawing a simpler map of the same 66
#   days at 1600x1100 from our exported areas (countries, lakes, areas, front, places and
#   labels), one process per core;
# - the resvg command-line tool rasterising our own 66 SVGs to PNG, one per core.
# Each peer is skipped with a message when missing (apt-get install python3-mapnik; cargo install
# resvg --locked); they are peers, not dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
have_resvg=$(command -v resvg >/dev/null && echo 1 || echo 0)
have_mapnik=$(/usr/bin/python3 -c 'import mapnik' 2>/dev/null && echo 1 || echo 0)
[ "$have_resvg" = 1 ] || echo "peer_bench: resvg not found (cargo install resvg --locked): skipped" >&2
[ "$have_mapnik" = 1 ] || echo "peer_bench: python3-mapnik not found (apt-get install python3-mapnik): skipped" >&2
cargo build --release --locked -q
bin=target/release/frontline
base=$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}" )
out=$(mktemp -d "$base/frontline-peer.XXXXXX")
trap 'rm -rf "$out"' EXIT
$bin render --format svg --out "$out/svg" -q
[ "$have_mapnik" = 1 ] && /usr/bin/python3 tools/peer_mapnik.py prepare geodata "$out/mapnik"
jobs=$(nproc)
now() { date +%s.%N; }
: >"$out/ours"; : >"$out/resvg"; : >"$out/mapnik-time"
for _ in $(seq "$RUNS"); do
  t=$(now); $bin render --out "$out/ours-png" -q; echo "$(now) - $t" | bc >>"$out/ours"
  if [ "$have_resvg" = 1 ]; then
    t=$(now)
    ls "$out"/svg/*.svg | xargs -P "$jobs" -I{} sh -c 'resvg "$1" "${1%.svg}.png"' _ {}
    echo "$(now) - $t" | bc >>"$out/resvg"
  fi
  if [ "$have_mapnik" = 1 ]; then
    t=$(now)
    /usr/bin/python3 tools/peer_mapnik.py render "$out/mapnik" "$out/mapnik-png" --jobs "$jobs"
    echo "$(now) - $t" | bc >>"$out/mapnik-time"
  fi
done
med() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ours=$(med "$out/ours")
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); $jobs cores; medians of $RUNS interleaved runs"
echo "frontline render, 66 days, svg+png: $ours s"
if [ "$have_mapnik" = 1 ]; then
  peer=$(med "$out/mapnik-time")
  echo "Mapnik, a simpler map of the 66 days, png ($jobs processes): $peer s"
  echo "ratio (Mapnik / frontline): $(echo "scale=2; $peer / $ours" | bc)"
fi
if [ "$have_resvg" = 1 ]; then
  peer=$(med "$out/resvg")
  echo "resvg CLI, our 66 svgs to png ($jobs in parallel): $peer s"
  echo "ratio (resvg / frontline): $(echo "scale=2; $peer / $ours" | bc)"
fi
