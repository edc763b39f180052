#!/usr/bin/env python3
"""Build geodata/theatre.geojson: the area that could change hands in 2020.

The theatre is the part of mainland Azerbaijan (not Nakhchivan) held by Armenian forces on
27 September 2020: bounded by the Armenia-Azerbaijan border on the west, the Iran border (Aras)
on the south and the 1994 line of contact on the north and east.

Inputs
  geodata/src/line_of_contact_1994.csv  columns seq,lon,lat,source,note; vertices ordered from
                                        the Armenian border in the north (Kalbajar/Murovdag)
                                        round to the Aras in the south-east (near Horadiz)
  geodata/layers/countries.geojson      built by tools/build_layers.py (Natural Earth)

Method
  The line's two ends are extended along their end segments until they lie outside mainland
  Azerbaijan. The line is closed into a polygon through points far to the west (due west of
  the northern end, due south of the southern end), so that the polygon covers the western
  side of the line; that polygon is intersected with mainland Azerbaijan.

Rerun: python3 tools/build_theatre.py [--loc CSV]   (after tools/build_layers.py)
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

from shapely.geometry import LineString, MultiPolygon, Point, Polygon, shape
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parent.parent
LOC_CSV = ROOT / "geodata" / "src" / "line_of_contact_1994.csv"
COUNTRIES = ROOT / "geodata" / "layers" / "countries.geojson"
OUT = ROOT / "geodata" / "theatre.geojson"
DIGITS = 5

FAR_WEST = 42.0   # degrees east; west of the region box, inside Turkey/Armenia
FAR_SOUTH = 37.0  # degrees north; south of the Aras, inside Iran
STEP_KM = 0.5     # end extension step
MAX_EXTEND_KM = 40.0
MARGIN_KM = 3.0   # extra length once an end has left mainland Azerbaijan

# WGS 84
A = 6378137.0
F = 1 / 298.257223563
E2 = F * (2 - F)
E = math.sqrt(E2)


def rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------- geodesic area

def _q(phi: float) -> float:
    s = math.sin(phi)
    return (1 - E2) * (s / (1 - E2 * s * s) - (1 / (2 * E)) * math.log((1 - E * s) / (1 + E * s)))


_QP = _q(math.pi / 2)
_RQ2 = A * A * _QP / 2  # authalic radius squared


def ring_area_m2(coords) -> float:
    """Area on the WGS 84 ellipsoid: shoelace in the Lambert cylindrical equal-area projection
    (x = lon, y = sin of the authalic latitude, scaled by the authalic radius). Exact for edges
    straight in that projection; with vertices a few km apart it matches geodesic edges to far
    better than the data's own accuracy."""
    pts = [(math.radians(x), _q(math.radians(y)) / _QP) for x, y in coords]
    s = 0.0
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]):
        s += x1 * y2 - x2 * y1
    return abs(s) / 2 * _RQ2


def polygon_area_km2(p: Polygon) -> float:
    return (ring_area_m2(p.exterior.coords) - sum(ring_area_m2(h.coords) for h in p.interiors)) / 1e6


# ---------------------------------------------------------------- inputs

def read_line(path: Path) -> tuple[list[tuple[float, float]], list[str]]:
    if not path.exists():
        sys.exit(f"error: {rel(path)} not found (the 1994 line of contact; see tools/README.md)")
    rows = []
    sources: list[str] = []
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = {"seq", "lon", "lat", "source"} - set(reader.fieldnames or [])
        if missing:
            sys.exit(f"error: {rel(path)}: missing columns {sorted(missing)}")
        for n, row in enumerate(reader, start=2):
            try:
                seq, lon, lat = int(row["seq"]), float(row["lon"]), float(row["lat"])
            except (TypeError, ValueError):
                sys.exit(f"error: {rel(path)} line {n}: seq must be an integer, lon/lat numbers")
            if not (43.0 <= lon <= 50.5 and 37.5 <= lat <= 42.5):
                sys.exit(f"error: {rel(path)} line {n}: ({lon}, {lat}) is outside the region box")
            rows.append((seq, lon, lat))
            for s in (row.get("source") or "").split(" | "):
                s = s.strip()
                if s and s not in sources:
                    sources.append(s)
    rows.sort()
    seqs = [r[0] for r in rows]
    if len(set(seqs)) != len(seqs):
        sys.exit(f"error: {rel(path)}: duplicate seq values")
    if len(rows) < 2:
        sys.exit(f"error: {rel(path)}: need at least two vertices")
    return [(lon, lat) for _, lon, lat in rows], sources


def read_mainland_azerbaijan(path: Path) -> tuple[Polygon, str]:
    if not path.exists():
        sys.exit(f"error: {rel(path)} not found: run tools/build_layers.py first")
    data = json.loads(path.read_text(encoding="utf-8"))
    for feat in data["features"]:
        if feat["properties"].get("iso_a3") == "AZE":
            geom = shape(feat["geometry"])
            parts = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
            # mainland is the largest part; Nakhchivan and the small exclaves are left out
            return max(parts, key=lambda p: p.area), feat["properties"]["source"]
    sys.exit(f"error: {rel(path)}: no feature with iso_a3 AZE")


# ---------------------------------------------------------------- construction

def extend_end(end, towards_inside, land: Polygon) -> tuple[float, float]:
    """Move `end` away from `towards_inside` (its neighbour on the line) until it is outside
    `land`, then a little further."""
    x0, y0 = end
    kx = 111.32 * math.cos(math.radians(y0))  # km per degree of longitude here
    ky = 110.57
    dx, dy = (x0 - towards_inside[0]) * kx, (y0 - towards_inside[1]) * ky
    norm = math.hypot(dx, dy)
    if norm == 0:
        sys.exit("error: two consecutive line vertices are identical at an end of the line")
    dx, dy = dx / norm, dy / norm
    d = 0.0
    while land.contains(Point(x0 + dx * d / kx, y0 + dy * d / ky)):
        d += STEP_KM
        if d > MAX_EXTEND_KM:
            sys.exit(f"error: the line end at ({x0}, {y0}) does not reach the border of mainland "
                     f"Azerbaijan within {MAX_EXTEND_KM} km along its end segment")
    d += MARGIN_KM
    return (x0 + dx * d / kx, y0 + dy * d / ky)


def build(line, land: Polygon) -> tuple[Polygon, list[Polygon]]:
    north = extend_end(line[0], line[1], land)
    south = extend_end(line[-1], line[-2], land)
    ring = [(FAR_WEST, north[1]), north, *line, south, (south[0], FAR_SOUTH), (FAR_WEST, FAR_SOUTH)]
    cover = Polygon(ring)
    if not cover.is_valid:
        sys.exit("error: the line of contact closed to the west is not a simple polygon "
                 "(does the line cross itself, or run south-east to north-west?)")
    inter = land.intersection(cover)
    parts = sorted((g for g in getattr(inter, "geoms", [inter]) if isinstance(g, Polygon) and g.area > 0),
                   key=lambda p: -p.area)
    if not parts:
        sys.exit("error: the theatre is empty")
    return parts[0], parts[1:]


def rnd(coords) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in coords:
        p = [round(x, DIGITS), round(y, DIGITS)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loc", type=Path, default=LOC_CSV, help="line of contact CSV (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=OUT, help="output GeoJSON (default: %(default)s)")
    args = ap.parse_args()

    line, loc_sources = read_line(args.loc)
    land, countries_source = read_mainland_azerbaijan(COUNTRIES)
    theatre, dropped = build(line, land)
    for p in dropped:
        print(f"warning: dropped a separate piece of {polygon_area_km2(p):.1f} km2 near "
              f"({p.representative_point().x:.3f}, {p.representative_point().y:.3f})", file=sys.stderr)

    theatre = orient(theatre, sign=1.0)  # RFC 7946 winding
    area = polygon_area_km2(theatre)
    feature = {
        "type": "Feature",
        "properties": {
            "id": "theatre",
            "name": "Area held by Armenian forces on 27 September 2020",
            "method": ("Mainland Azerbaijan (Natural Earth, without Nakhchivan) on the western side "
                       "of the 1994 line of contact: the line is extended past the borders at both "
                       "ends, closed through points far to the west and south, and intersected "
                       "with mainland Azerbaijan by tools/build_theatre.py."),
            "source": (f"line of contact: {rel(args.loc)} ({' | '.join(loc_sources)}); "
                       f"borders: {countries_source}"),
            "area_km2": round(area, 1),
        },
        "geometry": {
            "type": "Polygon",
            "coordinates": [rnd(theatre.exterior.coords)] + [rnd(h.coords) for h in theatre.interiors],
        },
    }
    text = ('{"type":"FeatureCollection","features":[\n'
            + json.dumps(feature, ensure_ascii=False, separators=(",", ":")) + "\n]}\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(args.out.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.out)
    minx, miny, maxx, maxy = theatre.bounds
    print(f"wrote {rel(args.out)}: 1 polygon, {len(theatre.exterior.coords)} vertices, "
          f"{args.out.stat().st_size} bytes, bbox {minx:.3f},{miny:.3f},{maxx:.3f},{maxy:.3f}")
    print(f"theatre area: {area:.0f} km2 (geodesic, WGS 84)")


if __name__ == "__main__":
    main()
