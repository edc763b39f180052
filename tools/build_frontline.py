#!/usr/bin/env python3
"""Build geodata/frontline.geojson from the researched vertex tables.

Inputs (authored by hand, one source per vertex):
  geodata/src/line_of_contact_1994.csv   line of contact on 27 Sep 2020 (north -> south)
  geodata/src/nkao_outline.csv           outline of the former NKAO (closed ring), optional

Columns of both: seq,lon,lat,source,note

Output:
  geodata/frontline.geojson   FeatureCollection with
    - LineString  id "loc-1994",  kind "line_of_contact"
    - Polygon     id "nkao-1988", kind "oblast_outline" (only if the CSV exists)

Checks (the script fails on any of them): every row has a source, seq runs 1..n,
coordinates are inside the region, the line does not cross itself, the ring is
closed (or gets closed) and does not cross itself. It prints the length of the
line and the perimeter/area of the outline.

Python 3.11, standard library only.  Usage:  python3 tools/build_frontline.py [--check]
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "geodata" / "src"
LOC_CSV = SRC / "line_of_contact_1994.csv"
NKAO_CSV = SRC / "nkao_outline.csv"
OUT = ROOT / "geodata" / "frontline.geojson"

# Generous box around the theatre; a vertex outside it is a typo (e.g. lat/lon swapped).
BBOX = (45.0, 38.7, 48.0, 40.8)  # W, S, E, N
EARTH_R_KM = 6371.0088


class DataError(Exception):
    pass


def read_vertices(path: Path) -> list[dict]:
    rows = []
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        expected = ["seq", "lon", "lat", "source", "note"]
        if reader.fieldnames != expected:
            raise DataError(f"{path}: header must be {','.join(expected)}, got {reader.fieldnames}")
        for line_no, row in enumerate(reader, start=2):
            try:
                seq = int(row["seq"])
                lon = float(row["lon"])
                lat = float(row["lat"])
            except (TypeError, ValueError) as e:
                raise DataError(f"{path}:{line_no}: seq/lon/lat must be numbers ({e})") from None
            if not (row["source"] or "").strip():
                raise DataError(f"{path}:{line_no}: vertex {seq} has no source")
            if not (BBOX[0] <= lon <= BBOX[2] and BBOX[1] <= lat <= BBOX[3]):
                raise DataError(f"{path}:{line_no}: vertex {seq} ({lon},{lat}) is outside {BBOX}")
            rows.append({"seq": seq, "lon": lon, "lat": lat, "source": row["source"].strip(),
                         "note": (row["note"] or "").strip(), "line": line_no})
    seqs = [r["seq"] for r in rows]
    if seqs != list(range(1, len(rows) + 1)):
        raise DataError(f"{path}: seq must run 1..{len(rows)} in file order, got {seqs}")
    return rows


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lon1, lat1 = map(math.radians, a)
    lon2, lat2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_R_KM * math.asin(math.sqrt(h))


def length_km(coords: list[tuple[float, float]]) -> float:
    return sum(haversine_km(coords[i], coords[i + 1]) for i in range(len(coords) - 1))


def _orient(p, q, r) -> float:
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])


def _on_segment(p, q, r) -> bool:
    return min(p[0], r[0]) <= q[0] <= max(p[0], r[0]) and min(p[1], r[1]) <= q[1] <= max(p[1], r[1])


def segments_intersect(p1, p2, p3, p4) -> bool:
    d1, d2 = _orient(p3, p4, p1), _orient(p3, p4, p2)
    d3, d4 = _orient(p1, p2, p3), _orient(p1, p2, p4)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return True
    if d1 == 0 and _on_segment(p3, p1, p4):
        return True
    if d2 == 0 and _on_segment(p3, p2, p4):
        return True
    if d3 == 0 and _on_segment(p1, p3, p2):
        return True
    if d4 == 0 and _on_segment(p1, p4, p2):
        return True
    return False


def self_intersections(coords: list[tuple[float, float]], closed: bool) -> list[tuple[int, int]]:
    """O(n^2) test of every pair of non-adjacent segments. Returns pairs of segment indices."""
    n = len(coords) - 1  # number of segments
    bad = []
    for i in range(n):
        for j in range(i + 2, n):
            if closed and i == 0 and j == n - 1:
                continue  # first and last segment share the closing vertex
            if segments_intersect(coords[i], coords[i + 1], coords[j], coords[j + 1]):
                bad.append((i, j))
    return bad


def ring_area_km2(ring: list[tuple[float, float]]) -> float:
    """Area on the sphere (small-polygon approximation, good to <1% at this size)."""
    lat0 = math.radians(sum(p[1] for p in ring) / len(ring))
    k = math.pi / 180 * EARTH_R_KM
    pts = [(p[0] * k * math.cos(lat0), p[1] * k) for p in ring]
    s = 0.0
    for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
        s += x1 * y2 - x2 * y1
    return abs(s) / 2


def rnd(c: tuple[float, float]) -> list[float]:
    return [round(c[0], 5), round(c[1], 5)]


def build(check_only: bool = False) -> dict:
    features = []
    loc = read_vertices(LOC_CSV)
    loc_coords = [(r["lon"], r["lat"]) for r in loc]
    if len(loc_coords) < 2:
        raise DataError(f"{LOC_CSV}: need at least 2 vertices")
    bad = self_intersections(loc_coords, closed=False)
    if bad:
        raise DataError(f"{LOC_CSV}: line crosses itself at segments {bad} (segment k joins seq k+1 and k+2)")
    loc_len = length_km(loc_coords)
    features.append({
        "type": "Feature",
        "id": "loc-1994",
        "properties": {
            "id": "loc-1994",
            "kind": "line_of_contact",
            "name": "Line of contact, 27 September 2020 (1994 ceasefire line with the April 2016 shifts)",
            "date": "2020-09-27",
            "source": ("Authored vertex by vertex from researched facts: midpoints between settlements held by "
                       "each side (GeoNames ids, coordinates printed on Wikipedia pages and their copies), named "
                       "heights and passes described as lying on the line; side of each settlement from "
                       "Azerbaijani MoD ceasefire-violation reports (2017-2018), the 27 Sep 2020 announcements "
                       "and Wikipedia. Approximate: see geodata/src/LINES.md for the error per stretch."),
            "vertex_sources": "geodata/src/line_of_contact_1994.csv",
            "method_doc": "geodata/src/LINES.md",
            "vertices": len(loc_coords),
            "length_km": round(loc_len, 1),
            "direction": "north (Armenia-Azerbaijan border) to south (Aras river)",
        },
        "geometry": {"type": "LineString", "coordinates": [rnd(c) for c in loc_coords]},
    })
    report = {"loc_vertices": len(loc_coords), "loc_length_km": loc_len}

    if NKAO_CSV.exists():
        nk = read_vertices(NKAO_CSV)
        ring = [(r["lon"], r["lat"]) for r in nk]
        if ring[0] != ring[-1]:
            ring.append(ring[0])
        if len(ring) < 4:
            raise DataError(f"{NKAO_CSV}: a ring needs at least 3 distinct vertices")
        bad = self_intersections(ring, closed=True)
        if bad:
            raise DataError(f"{NKAO_CSV}: outline crosses itself at segments {bad}")
        # GeoJSON (RFC 7946): exterior ring counter-clockwise.
        signed = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))
        if signed < 0:
            ring = list(reversed(ring))
        area = ring_area_km2(ring)
        perim = length_km(ring)
        features.append({
            "type": "Feature",
            "id": "nkao-1988",
            "properties": {
                "id": "nkao-1988",
                "kind": "oblast_outline",
                "name": "Former Nagorno-Karabakh Autonomous Oblast (NKAO), boundary of 1988 (approximate)",
                "date": "1988",
                "source": ("Authored from researched facts: midpoints between settlements inside and outside "
                           "the oblast and points described as on its boundary; approximate, a reference line "
                           "only. See geodata/src/LINES.md."),
                "vertex_sources": "geodata/src/nkao_outline.csv",
                "method_doc": "geodata/src/LINES.md",
                "vertices": len(ring) - 1,
                "area_km2": round(area),
                "perimeter_km": round(perim, 1),
            },
            "geometry": {"type": "Polygon", "coordinates": [[rnd(c) for c in ring]]},
        })
        report.update(nkao_vertices=len(ring) - 1, nkao_area_km2=area, nkao_perimeter_km=perim)

    fc = {
        "type": "FeatureCollection",
        "name": "frontline",
        "features": features,
    }
    if not check_only:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".frontline.", suffix=".geojson", dir=OUT.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(fc, f, ensure_ascii=False, indent=1)
            f.write("\n")
        os.replace(tmp, OUT)
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="validate only, do not write the GeoJSON")
    args = ap.parse_args()
    try:
        rep = build(check_only=args.check)
    except DataError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"line of contact: {rep['loc_vertices']} vertices, {rep['loc_length_km']:.1f} km, no self-intersection")
    if "nkao_vertices" in rep:
        print(f"NKAO outline: {rep['nkao_vertices']} vertices, perimeter {rep['nkao_perimeter_km']:.1f} km, "
              f"area {rep['nkao_area_km2']:.0f} km2 (official 4,400 km2), no self-intersection")
    if not args.check:
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
