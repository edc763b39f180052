#!/usr/bin/env python3
"""Build geodata/areas.geojson: the named, sourced areas that area events set as a whole.

Contract: geodata/README.md, "Areas". The file holds, in this order (a rule names only what is
above it):

  district-*            rayon polygons from Natural Earth 1:10m admin-1 lines (the polygons of
                        tools/build_districts.py, named from places.csv; public domain)
  nkao-outline          the authored outline of the former oblast (src/nkao_outline.csv)
  nkao                  rule: the rayons Azerbaijan formed from the oblast in 1991 (Khojaly,
                        Khojavend, Shusha, Khankendi) plus the authored outline's part in Tartar
                        and Kalbajar, where the oblast's Martakert district was shared out
  lachin-corridor       rule: a band 5 km wide along the Goris-Lachin-Stepanakert road (layer
                        roads.geojson), outside the former oblast (statement of 10 Nov, point 6)
  handover-*            rule: Aghdam, Kalbajar and Lachin districts minus the former oblast (and
                        minus the corridor for Lachin) (statement, points 2, 6 and 7)
  ceasefire-line        the authored line where the fighting stopped (src/ceasefire_2020.csv)
  ceasefire-am          the ground behind that line held by Armenian forces: the line closed
                        around the north, outside the theatre (the theatre clips it)
  pocket-*              the strips near the Goris-Kapan road held into December
                        (src/pockets_2020.csv), when present
  ceasefire-az-far/near rules: the rest of the theatre, farther than / within 5 km of the line

Every vertex of an authored line or outline names its source in its CSV row
(geodata/src/LINES.md explains each). Coordinates are rounded to 5 decimals.

Rerun: python3 tools/build_areas.py   (after build_districts.py, build_frontline.py and
build_context.py; shapely 2.x)
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from shapely.geometry import LineString, Polygon, mapping
from shapely.geometry import shape as geojson_shape
from shapely.ops import unary_union

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_districts import SOURCE as DISTRICT_SOURCE  # noqa: E402
from build_districts import named_polygons  # noqa: E402
from build_layers import rnd, write_collection  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "geodata" / "src"
OUT = ROOT / "geodata" / "areas.geojson"

# The districts an area rule may need: the handovers and the rayons of the former oblast.
DISTRICTS = ["Aghdam", "Kalbajar", "Lachin", "Tartar", "Khojaly", "Khojavend", "Shusha", "Khankendi"]
ROAD = "Goris-Lachin-Shusha-Stepanakert road (Lachin corridor)"
STATEMENT = "statement of 10 Nov 2020 (Government of Armenia, 2020-11-10, https://www.primeminister.am/en/press-release/item/2020/11/10/Announcement/%20%20%20%20%20%20%20%20%20statement)"
CORRIDOR_VILLAGES_SOURCE = ("Caucasian Knot, 2020-12-01, https://www.eng.kavkaz-uzel.eu/articles/52944 | "
                            "JAMnews, 2020-11-27, https://jam-news.net/berdzor-city-in-karabakh-will-remain-armenian-evacuation-of-residents-stopped/")
# The pockets by the Goris-Kapan road that Armenian troops held after the ceasefire, drawn as
# the ground within POCKET_KM of their village (no source gives an outline); geodata/src/EVENTS.md.
POCKET_KM = 2.0
POCKETS = {
    "khalaj": "page:https://perceptiopt.com/%D0%A5%D0%B0%D0%BB%D0%B0%D0%B4%D0%B6_(%D0%93%D1%83%D0%B1%D0%B0%D0%B4%D0%BB%D0%B8%D0%BD%D1%81%D0%BA%D0%B8%D0%B9_%D1%80%D0%B0%D0%B9%D0%BE%D0%BD) "
              "(small parts of Gubadly and Zangilan districts stayed under Armenian control after the ceasefire) | "
              "news.am (Zhoghovurd), 2020-12-18, https://news.am/eng/news/619591.html | Asbarez, 2020-12-18, http://asbarez.com/199273/syunik-outposts-near-kapan-are-surrendered-to-azerbaijan/ "
              "(positions by the Goris-Kapan road left on 18 Dec). No source names Khalaj itself: the pocket is placed at the located village nearest that road",
    "aghkand": "Oxu24 citing Sputnik Armenia, 2020-12-18, https://oxu24.com/az/qarabag/44580/akend-azerbaycanin-nezaretine-kecdi-video "
               "(Aghkand passed to Azerbaijan only in the border demarcation of 18 Dec) | page:https://obastan.com/wiki/A%C4%9Fk%C9%99nd_%28Z%C9%99ngilan%29 (coordinate)",
}
# Widest gap between a rayon and the country border that a district absorbs (degrees, ~2 km).
GAP_DEG = 0.02
# The line (east to west) is closed around the north through these bounds, far outside the
# theatre, so that the polygon it makes, clipped to the theatre, is the ground behind the line.
CLOSURE_WEST, CLOSURE_EAST, CLOSURE_NORTH = 44.5, 48.5, 41.5


def slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def geometry(shape) -> dict:
    """GeoJSON geometry with coordinates rounded to 5 decimals."""
    value = mapping(shape)

    def walk(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            return [round(c[0], 5), round(c[1], 5)]
        return [walk(x) for x in c]

    return {"type": value["type"], "coordinates": walk(value["coordinates"])}


def feature(props: dict, shape=None) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry(shape) if shape is not None else None}


def rule(id_: str, name: str, source: str, rule_: dict, note: str = "") -> dict:
    props = {"id": id_, "name": name, "source": source, "rule": rule_}
    if note:
        props["note"] = note
    return feature(props)


def read_vertices(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if not row.get("source", "").strip():
            sys.exit(f"error: {path}: vertex {row.get('seq')} has no source")
    return rows


def place_points() -> dict[str, tuple[float, float]]:
    with (SRC / "places.csv").open(encoding="utf-8", newline="") as f:
        return {r["id"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f) if r["lat"] and r["lon"]}


def line_vertices(rows: list[dict]) -> list[tuple[float, float]]:
    """The vertices of an authored line whose rows say how each vertex is made: `pair` (the
    midpoint of an Armenian-held and an Azerbaijani-held place of places.csv), `on_place` (a
    place the line ran through), `on_line` or `overshoot` (lon/lat given, with their source)."""
    points = place_points()
    vertices = []
    for row in rows:
        method = row["method"]
        if method == "pair":
            (x1, y1), (x2, y2) = points[row["am_place"]], points[row["az_place"]]
            vertices.append(((x1 + x2) / 2, (y1 + y2) / 2))
        elif method == "on_place":
            vertices.append(points[row["am_place"] or row["az_place"]])
        elif method in ("on_line", "overshoot"):
            vertices.append((float(row["lon"]), float(row["lat"])))
        else:
            sys.exit(f"error: vertex {row['seq']}: unknown method {method!r}")
    return vertices


def main() -> None:
    polygons, names, districts, _ = named_polygons()
    # Natural Earth's rayon lines and world-atlas's borders are generalised differently, so a
    # thin gap (up to about 2 km) can open between the outer rayons and the border. Each district
    # takes the part of that gap next to it, so that a handover leaves no sliver behind.
    assigned = unary_union(list(districts.values()))
    grown = {}
    for name in DISTRICTS:
        gap = districts[name].buffer(GAP_DEG).difference(assigned)
        grown[name] = districts[name].union(gap)
        assigned = assigned.union(gap)
    # Any ground of the theatre still in no rayon (the 1994 line and the rayon lines are authored
    # and generalised apart) goes to the district it shares the longest edge with.
    theatre = geojson_shape(json.loads((ROOT / "geodata" / "theatre.geojson").read_text(encoding="utf-8"))["features"][0]["geometry"])
    leftover = theatre.difference(unary_union(list(districts.values()) + list(grown.values())))
    for piece in getattr(leftover, "geoms", [leftover]):
        if piece.is_empty or piece.area < 1e-8:
            continue
        touching = {name: piece.boundary.intersection(d.buffer(1e-6)).length for name, d in districts.items()}
        best = max(touching, key=touching.get)
        if best in grown and touching[best] > 0:
            grown[best] = grown[best].union(piece.buffer(1e-7))
    # The Murovdag's southern slopes, Armenian-held before the war and handed over with Kalbajar,
    # fall in Natural Earth's Goranboy rayon or in unnamed slivers along the ridge: they go to
    # Kalbajar (only their part inside the theatre matters).
    for polygon, name in zip(polygons, names):
        if name in (None, "Goranboy") and polygon.intersects(theatre) and polygon.distance(districts["Kalbajar"]) < 0.01:
            grown["Kalbajar"] = grown["Kalbajar"].union(polygon.intersection(theatre).buffer(1e-7))
    districts = grown
    features = []
    for name in DISTRICTS:
        shape = districts[name]
        features.append(feature({"id": f"district-{slug(name)}", "name": f"{name} district", "source": DISTRICT_SOURCE,
                                 "note": "rayon polygon closed from the admin-1 lines and named by the places.csv villages inside it (tools/build_districts.py)"},
                                shape))

    ring = [(float(r["lon"]), float(r["lat"])) for r in read_vertices(SRC / "nkao_outline.csv")]
    features.append(feature({"id": "nkao-outline", "name": "Former NKAO (authored outline)",
                             "source": "authored from researched facts, one source per vertex: geodata/src/nkao_outline.csv (LINES.md)"},
                            Polygon(ring).buffer(0)))
    features.append(rule("outline-rayons", "Tartar, Kalbajar, Shusha and Lachin districts", "derived",
                         {"op": "union", "of": ["district-tartar", "district-kalbajar", "district-shusha", "district-lachin"]}))
    features.append(rule("nkao-west", "Former NKAO in Tartar, Kalbajar, Shusha and Lachin districts", "derived",
                         {"op": "intersection", "of": ["nkao-outline", "outline-rayons"]},
                         "the oblast's Martakert district was shared out between the Tartar and Kalbajar rayons in 1991, so no rayon line marks the oblast's edge there; and Natural Earth's Shusha rayon reaches past Lachin town (1.7 km inside it): the authored outline marks the edge on that side"))
    features.append(rule("nkao", "Former Nagorno-Karabakh Autonomous Oblast", "derived from the rayons Azerbaijan formed from the oblast in 1991 (Khojaly, Khojavend, Khankendi) and the authored outline",
                         {"op": "union", "of": ["district-khojaly", "district-khojavend", "district-khankendi", "nkao-west"]}))
    features.append(rule("lachin-corridor-band", "Band 5 km wide along the Lachin road", f"{STATEMENT}, point 6: a corridor 5 km wide",
                         {"op": "buffer", "line": ROAD, "width_km": 5.0}))
    features.append(rule("corridor-villages", "Villages the sources put in the corridor", CORRIDOR_VILLAGES_SOURCE,
                         {"op": "around", "places": ["lachin", "aghavno", "sus"], "radius_km": 1.0},
                         "a disc of 1 km around each village: Sus lies 2.8 km from the schematic road, outside a 5 km band"))
    features.append(rule("corridor-ground", "The band and the villages", "derived", {"op": "union", "of": ["lachin-corridor-band", "corridor-villages"]}))
    features.append(rule("lachin-corridor", "Lachin corridor", f"{STATEMENT}, point 6",
                         {"op": "difference", "of": ["corridor-ground", "nkao"]},
                         "the band outside the former oblast; the road is schematic (roads.csv), so the band is too"))
    features.append(rule("handover-aghdam", "Aghdam district outside the former oblast", f"{STATEMENT}, point 2",
                         {"op": "difference", "of": ["district-aghdam", "nkao"]}))
    features.append(rule("handover-kalbajar", "Kalbajar district outside the former oblast", f"{STATEMENT}, point 7 (date moved to 25 Nov)",
                         {"op": "difference", "of": ["district-kalbajar", "nkao"]}))
    features.append(rule("lachin-shusha", "Lachin and Shusha districts", "derived", {"op": "union", "of": ["district-lachin", "district-shusha"]}))
    features.append(rule("handover-lachin", "Lachin district outside the former oblast and the corridor", f"{STATEMENT}, point 7",
                         {"op": "difference", "of": ["lachin-shusha", "nkao", "lachin-corridor"]},
                         "Shusha district is added because Natural Earth's Shusha rayon reaches into Lachin district; the former oblast (which holds all of the real Shusha district) is taken out again"))

    ceasefire = SRC / "ceasefire_2020.csv"
    if ceasefire.exists():
        line = line_vertices(read_vertices(ceasefire))
        line_source = "authored from researched facts, one source per vertex: geodata/src/ceasefire_2020.csv (LINES.md)"
        features.append(feature({"id": "ceasefire-line", "name": "Ceasefire line, 10 November 2020", "source": line_source},
                                LineString(line)))
        # From its western end (in Armenia) due west, round the north, and back due east of its
        # eastern end (beyond the 1994 line): all outside the theatre.
        (_, west_lat), (_, east_lat) = line[-1], line[0]
        behind = Polygon(line + [(CLOSURE_WEST, west_lat), (CLOSURE_WEST, CLOSURE_NORTH),
                                 (CLOSURE_EAST, CLOSURE_NORTH), (CLOSURE_EAST, east_lat)])
        if not behind.is_valid:
            sys.exit("error: the ceasefire line crosses itself or its closure")
        features.append(feature({"id": "behind-ceasefire-line", "name": "North of the ceasefire line", "source": line_source,
                                 "note": "the line closed around the north outside the theatre; clipped to the theatre on load"},
                                behind))
        features.append(rule("held-az-ceasefire", "Cells of the places Azerbaijan held at the ceasefire", "events.csv (place events up to 10 Nov)",
                             {"op": "held", "side": "az", "date": "2020-11-10"}))
        features.append(rule("tartar-kalbajar", "Tartar and Kalbajar districts", "derived", {"op": "union", "of": ["district-tartar", "district-kalbajar"]}))
        features.append(rule("north-front-az", "Azerbaijan's gains on the northern front", "derived: the cells of the places Azerbaijan held at the ceasefire in Tartar and Kalbajar districts (Sugovushan, Talish, the Murovdag heights)",
                             {"op": "intersection", "of": ["held-az-ceasefire", "tartar-kalbajar"]},
                             "no source gives the northern front's line at the ceasefire, so its ground comes from the cells of the places taken there"))
        features.append(rule("ceasefire-am", "Held by Armenian forces at the ceasefire", line_source,
                             {"op": "difference", "of": ["behind-ceasefire-line", "north-front-az"]},
                             "the ground north of the ceasefire line, less Azerbaijan's gains on the northern front"))
        features.append(rule("kalbajar-margin", "Kalbajar district beyond Natural Earth's rayon outline", "derived",
                             {"op": "difference", "of": ["ceasefire-am", "nkao", "lachin-shusha", "district-aghdam", "lachin-corridor",
                                                             "district-tartar", "district-khojaly", "district-khojavend", "district-khankendi"]},
                             "Armenian-held ground at the ceasefire outside the former oblast and every other rayon outline "
                             "(Lachin, Shusha, Aghdam, Tartar, Khojaly, Khojavend, Khankendi): a strip of about 1 km2 on the theatre's north-west edge, against Armenia, that the "
                             "rayon outline does not reach; it is Kalbajar district's, handed over with it"))
        features.append(rule("handover-kalbajar-whole", "Kalbajar district outside the former oblast, to the theatre's edge",
                             f"{STATEMENT}, point 7 (date moved to 25 Nov)",
                             {"op": "union", "of": ["handover-kalbajar", "kalbajar-margin"]}))
        pocket_ids = []
        for place, source in POCKETS.items():
            pocket_ids.append(f"pocket-{place}")
            features.append(rule(f"pocket-{place}", f"{place.title()} pocket", source,
                                 {"op": "around", "places": [place], "radius_km": POCKET_KM},
                                 "a small strip by the Armenian border held by Armenian troops after the ceasefire until the border demarcation of mid-December 2020; "
                                 f"no source gives its outline, so it is drawn as the ground within {POCKET_KM:g} km of the village, clipped to the theatre"))
        features.append(rule("theatre", "The theatre", "theatre.geojson", {"op": "theatre"}))
        features.append(rule("ceasefire-band", "Within 5 km of the ceasefire line", "derived", {"op": "buffer", "line": "ceasefire-line", "width_km": 10.0}))
        features.append(rule("ceasefire-az", "Held by Azerbaijan at the ceasefire", f"{STATEMENT}, point 1",
                             {"op": "difference", "of": ["theatre", "ceasefire-am", *pocket_ids]}))
        features.append(rule("ceasefire-az-far", "Held by Azerbaijan at the ceasefire, over 5 km from the line", "derived",
                             {"op": "difference", "of": ["ceasefire-az", "ceasefire-band"]}))
        features.append(rule("ceasefire-az-near", "Held by Azerbaijan at the ceasefire, within 5 km of the line", "derived",
                             {"op": "intersection", "of": ["ceasefire-az", "ceasefire-band"]}))

    write_collection(OUT, features)


if __name__ == "__main__":
    main()
