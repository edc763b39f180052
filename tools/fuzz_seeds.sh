#!/usr/bin/env bash
# Seed corpora for the fuzz targets from tests/fixtures/mini (fuzz/corpus/TARGET/).
set -euo pipefail
cd "$(dirname "$0")/.."
mini=tests/fixtures/mini
files=(dataset.toml places.geojson theatre.geojson frontline.geojson layers/countries.geojson events.csv)
mkdir -p fuzz/corpus/dataset fuzz/corpus/events_csv fuzz/corpus/theme_toml
for i in "${!files[@]}"; do
  # The dataset target's first byte picks the file the rest replaces.
  { printf "\\x$(printf %02x "$i")"; cat "$mini/${files[$i]}"; } > "fuzz/corpus/dataset/seed-$i"
done
cp "$mini/events.csv" fuzz/corpus/events_csv/seed-mini
cp geodata/events.csv fuzz/corpus/events_csv/seed-geodata
printf 'base = "dark"\nfrontline = "#00ff00"\nfrontline_width = 2.5\n[sides]\nblue = "#123456"\n' > fuzz/corpus/theme_toml/seed-dark
printf 'base = "print"\n' > fuzz/corpus/theme_toml/seed-print
