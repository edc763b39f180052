#!/usr/bin/env python3
"""Build geodata/places.geojson from geodata/src/places.csv.

Standard library only (Python 3.11). Validates every row first and stops with a
non-zero exit and one line per problem (file, line, what was expected) when a
row is wrong; nothing is written then.

    python3 tools/build_places.py [--src geodata/src/places.csv] [--out geodata/places.geojson] [--check]

--check validates and prints the counts without writing.

Names in more languages come from geodata/src/names/LANG.csv (columns id,name,source; LANG a
language code): each row names a place of places.csv that has no name in LANG there, with the
page or publication the name was read from. A name_xx column of places.csv wins; a row that
repeats one, names an unknown place, or has an empty name or source is an error.

Output: a GeoJSON FeatureCollection of Point features, one feature per line,
sorted by id, so that a change of one place is a one-line diff. Places without
coordinates keep a feature with "geometry": null, so that the tools can report
them.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from slug import slug  # noqa: E402  (the shared id rule)

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ["id", "name_en", "name_az", "name_hy", "name_ru", "name_en_alt", "kind", "district",
           "population", "side", "lat", "lon", "coord_source", "note"]
KINDS = {"capital", "city", "town", "village", "height", "bridge", "pass"}
SIDES = {"am", "az"}
LANGS = ["en", "az", "hy", "ru"]
# The whole dataset (Karabakh, the districts around it, the Azerbaijani rear, Syunik).
LAT_RANGE = (38.0, 41.5)
LON_RANGE = (44.5, 48.5)
# The theatre proper; places outside it only draw a warning.
THEATRE_LAT = (38.8, 40.8)
THEATRE_LON = (45.4, 47.6)
SOURCE_RE = re.compile(r"^(geonames:[1-9][0-9]*|page:https?://\S+)$")
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
COORD_RE = re.compile(r"^-?[0-9]{1,3}\.[0-9]{5}$")


def read_rows(src: Path) -> tuple[list[dict], list[str]]:
    errors: list[str] = []
    with src.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            return [], [f"{src}:1: header must be exactly {','.join(COLUMNS)}; found {reader.fieldnames}"]
        rows = []
        for row in reader:
            row["_line"] = reader.line_num
            rows.append(row)
    return rows, errors


def validate(rows: list[dict], src: Path) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    warnings: list[str] = []
    seen: dict[str, int] = {}
    for row in rows:
        where = f"{src}:{row['_line']}"
        pid = row["id"]
        if None in row or any(row[c] is None for c in COLUMNS):
            errors.append(f"{where}: expected {len(COLUMNS)} columns")
            continue
        if not ID_RE.match(pid):
            errors.append(f"{where}: id {pid!r} is not a lowercase ASCII slug")
        if pid in seen:
            errors.append(f"{where}: id {pid!r} already used on line {seen[pid]}")
        seen.setdefault(pid, row["_line"])
        if not row["name_en"].strip():
            errors.append(f"{where}: name_en is empty")
        else:
            base = slug(row["name_en"])
            # Rule: the id is the slug of the English name; a suffix may disambiguate
            # ('-village', '-gubadly', ...) when two places share a name.
            if pid != base and not pid.startswith(base + "-"):
                errors.append(f"{where}: id {pid!r} does not follow the slug of name_en "
                              f"{row['name_en']!r} (expected {base!r} or {base!r}-<suffix>)")
        if row["kind"] not in KINDS:
            errors.append(f"{where}: kind {row['kind']!r} is not one of {sorted(KINDS)}")
        if row["side"] not in SIDES:
            errors.append(f"{where}: side {row['side']!r} is not one of {sorted(SIDES)}")
        if not row["district"].strip():
            errors.append(f"{where}: district is empty")
        pop = row["population"]
        if pop and not pop.isdigit():
            errors.append(f"{where}: population {pop!r} is not a whole number")
        lat, lon, src_ = row["lat"], row["lon"], row["coord_source"]
        if bool(lat) != bool(lon):
            errors.append(f"{where}: lat and lon must both be given or both be empty")
        if lat and lon:
            if not (COORD_RE.match(lat) and COORD_RE.match(lon)):
                errors.append(f"{where}: lat/lon {lat},{lon} must be decimal degrees with 5 decimals")
            else:
                la, lo = float(lat), float(lon)
                if not (LAT_RANGE[0] <= la <= LAT_RANGE[1] and LON_RANGE[0] <= lo <= LON_RANGE[1]):
                    errors.append(f"{where}: {pid} at {la},{lo} is outside the dataset area "
                                  f"lat {LAT_RANGE} lon {LON_RANGE}")
                elif not (THEATRE_LAT[0] <= la <= THEATRE_LAT[1] and THEATRE_LON[0] <= lo <= THEATRE_LON[1]):
                    warnings.append(f"{where}: {pid} at {la},{lo} is outside lat {THEATRE_LAT} lon {THEATRE_LON}")
            if not SOURCE_RE.match(src_):
                errors.append(f"{where}: coord_source {src_!r} must be geonames:<id> or page:<URL>")
        elif src_:
            errors.append(f"{where}: coord_source given but no coordinates")
        for col in COLUMNS:
            if row[col] != row[col].strip():
                errors.append(f"{where}: {col} has leading or trailing spaces")
    return errors, warnings


def read_names(folder: Path, rows: list[dict]) -> list[str]:
    """Merge geodata/src/names/LANG.csv into the rows (row["names"]); returns errors."""
    errors: list[str] = []
    by_id = {row["id"]: row for row in rows}
    for row in rows:
        row["names"] = {lang: row[f"name_{lang}"] for lang in LANGS if row[f"name_{lang}"]}
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        lang = path.stem
        if not re.fullmatch(r"[a-z]{2,8}(-[A-Za-z0-9]{1,8})*", lang):
            errors.append(f"{path}: the file name must be a language code, e.g. uk.csv")
            continue
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames != ["id", "name", "source"]:
                errors.append(f"{path}:1: header must be exactly id,name,source")
                continue
            for item in reader:
                where = f"{path}:{reader.line_num}"
                row = by_id.get(item["id"])
                if row is None:
                    errors.append(f"{where}: unknown place id {item['id']!r}")
                elif not item["name"].strip() or not item["source"].strip():
                    errors.append(f"{where}: name and source must not be empty")
                elif lang in row["names"]:
                    errors.append(f"{where}: {item['id']} already has a {lang} name in places.csv")
                else:
                    row["names"][lang] = item["name"].strip()
    return errors


def feature(row: dict) -> dict:
    props: dict = {"id": row["id"]}
    props["name"] = dict(sorted(row["names"].items(), key=lambda kv: (kv[0] != "en", kv[0])))
    # The English form of the other side's name, where it differs (Stepanakert / Khankendi).
    if row["name_en_alt"]:
        props["name"]["en_alt"] = row["name_en_alt"]
    props["kind"] = row["kind"]
    props["district"] = row["district"]
    if row["population"]:
        props["population"] = int(row["population"])
    props["side"] = row["side"]
    if row["coord_source"]:
        props["source"] = row["coord_source"]
    if row["note"]:
        props["note"] = row["note"]
    geometry = None
    if row["lat"]:
        geometry = {"type": "Point", "coordinates": [round(float(row["lon"]), 5), round(float(row["lat"]), 5)]}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def render(rows: list[dict]) -> str:
    lines = ['{"type": "FeatureCollection", "features": [']
    feats = [json.dumps(feature(r), ensure_ascii=False, separators=(", ", ": ")) for r in
             sorted(rows, key=lambda r: r["id"])]
    lines.append(",\n".join(feats))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=ROOT / "geodata/src/places.csv")
    ap.add_argument("--out", type=Path, default=ROOT / "geodata/places.geojson")
    ap.add_argument("--check", action="store_true", help="validate only, write nothing")
    ap.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    args = ap.parse_args(argv)

    rows, errors = read_rows(args.src)
    if not errors:
        more, warnings = validate(rows, args.src)
        errors += more
        errors += read_names(args.src.parent / "names", rows)
    else:
        warnings = []
    if not args.quiet:
        for w in warnings:
            print(f"warning: {w}", file=sys.stderr)
    if errors:
        for e in errors:
            print(f"error: {e}", file=sys.stderr)
        print(f"{len(errors)} error(s); {args.out} not written", file=sys.stderr)
        return 1
    with_xy = sum(1 for r in rows if r["lat"])
    without = [r["id"] for r in rows if not r["lat"]]
    by_kind: dict[str, int] = {}
    for r in rows:
        by_kind[r["kind"]] = by_kind.get(r["kind"], 0) + 1
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items()))
    print(f"{len(rows)} places: {with_xy} with coordinates, {len(without)} without ({kinds})")
    if not args.check:
        write_atomic(args.out, render(rows))
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
