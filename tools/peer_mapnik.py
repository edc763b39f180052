#!/usr/bin/python3
"""A peer to measure `frontline render` against: Mapnik (Debian's python3-mapnik) drawing a
simpler map of the same days at the same size, from the same data.

    /usr/bin/python3 tools/peer_mapnik.py prepare DATA_DIR WORK_DIR
    /usr/bin/python3 tools/peer_mapnik.py render WORK_DIR OUT_DIR [--jobs N]

`prepare` (not timed) exports each day's areas and frontline with `frontline export` and
writes the places as CSV. `render` draws, for every day, the countries, the lakes, the day's
areas coloured by side (claimed ground lighter), the frontline, and the located places with
their English names, to a 1600x1100 PNG: fewer layers than our map (no hatching, no panel,
no legend, no inset, no label placement against the front). Days are split over N processes
(default: the number of cores), as `frontline render` uses every core.
"""

import csv
import json
import multiprocessing
import os
import subprocess
import sys
import tomllib

WIDTH, HEIGHT = 1600, 1100
SIDE_COLOURS = {"az": "#3c7fb8", "am": "#e08a3c", "ru": "#8e6bbf"}


def prepare(data_dir: str, work: str) -> None:
    os.makedirs(os.path.join(work, "days"), exist_ok=True)
    binary = os.path.join(os.path.dirname(__file__), "..", "target", "release", "frontline")
    with open(os.path.join(data_dir, "dataset.toml"), "rb") as f:
        meta = tomllib.load(f)
    first, last = str(meta["first_day"]), str(meta["last_day"])
    run = [binary, "export", "--from", first, "--to", last, "--data", data_dir]
    features = json.loads(subprocess.run(run, capture_output=True, text=True, check=True).stdout)["features"]
    by_day: dict[str, list] = {}
    for feature in features:
        by_day.setdefault(feature["properties"]["date"], []).append(feature)
    for day, day_features in by_day.items():
        with open(os.path.join(work, "days", f"{day}.geojson"), "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": day_features}, f)
    with open(os.path.join(data_dir, "places.geojson"), encoding="utf-8") as f:
        places = json.load(f)["features"]
    with open(os.path.join(work, "places.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["x", "y", "name", "kind"])
        for place in places:
            geometry, props = place.get("geometry"), place["properties"]
            if geometry and geometry.get("type") == "Point":
                name = props.get("name", {})
                name = name.get("en", props["id"]) if isinstance(name, dict) else str(name)
                x, y = geometry["coordinates"][:2]
                writer.writerow([x, y, name, props.get("kind", "village")])
    with open(os.path.join(work, "data_dir"), "w", encoding="utf-8") as f:
        f.write(os.path.abspath(data_dir))


def stylesheet(work: str) -> str:
    """The map as a Mapnik XML stylesheet; the day's layer reads `DAY_FILE`."""
    data_dir = open(os.path.join(work, "data_dir"), encoding="utf-8").read().strip()
    rules = []
    for side, colour in SIDE_COLOURS.items():
        for status, opacity in [("=", 1.0), ("!=", 0.55)]:
            rules.append(
                f"<Rule><Filter>[side]='{side}' and [status]{status}'confirmed'</Filter>"
                f'<PolygonSymbolizer fill="{colour}" fill-opacity="{opacity}"/></Rule>'
            )
    rules.append(
        "<Rule><Filter>[kind]='frontline'</Filter>"
        '<LineSymbolizer stroke="#b3001b" stroke-width="2.2"/></Rule>'
    )
    return f"""<Map srs="+proj=longlat +datum=WGS84 +no_defs" background-color="#cfe3f3">
  <Style name="countries"><Rule>
    <PolygonSymbolizer fill="#f4f1ea"/><LineSymbolizer stroke="#9a948a" stroke-width="0.6"/>
  </Rule></Style>
  <Style name="lakes"><Rule><PolygonSymbolizer fill="#a9cbe8"/></Rule></Style>
  <Style name="day">{"".join(rules)}</Style>
  <Style name="places"><Rule>
    <MarkersSymbolizer width="4" height="4" fill="#222222" allow-overlap="true"/>
    <TextSymbolizer face-name="DejaVu Sans Book" size="11" fill="#222222" halo-fill="white"
      halo-radius="1.5" dx="6">[name]</TextSymbolizer>
  </Rule></Style>
  <Layer name="countries"><StyleName>countries</StyleName><Datasource>
    <Parameter name="type">geojson</Parameter>
    <Parameter name="file">{data_dir}/layers/countries.geojson</Parameter>
  </Datasource></Layer>
  <Layer name="lakes"><StyleName>lakes</StyleName><Datasource>
    <Parameter name="type">geojson</Parameter>
    <Parameter name="file">{data_dir}/layers/lakes.geojson</Parameter>
  </Datasource></Layer>
  <Layer name="day"><StyleName>day</StyleName><Datasource>
    <Parameter name="type">geojson</Parameter>
    <Parameter name="file">DAY_FILE</Parameter>
  </Datasource></Layer>
  <Layer name="places"><StyleName>places</StyleName><Datasource>
    <Parameter name="type">csv</Parameter>
    <Parameter name="file">{work}/places.csv</Parameter>
  </Datasource></Layer>
</Map>"""


def render_days(args) -> None:
    import mapnik

    work, out_dir, days = args
    xml = stylesheet(work)
    for day in days:
        m = mapnik.Map(WIDTH, HEIGHT)
        mapnik.load_map_from_string(m, xml.replace("DAY_FILE", os.path.join(work, "days", f"{day}.geojson")))
        m.zoom_to_box(mapnik.Box2d(44.55, 38.75, 48.25, 41.05))
        mapnik.render_to_file(m, os.path.join(out_dir, f"mapnik-{day}.png"), "png")


def render(work: str, out_dir: str, jobs: int) -> None:
    os.makedirs(out_dir, exist_ok=True)
    days = sorted(name[:-8] for name in os.listdir(os.path.join(work, "days")) if name.endswith(".geojson"))
    shares = [(work, out_dir, days[k::jobs]) for k in range(jobs)]
    with multiprocessing.Pool(jobs) as pool:
        pool.map(render_days, shares)


def main() -> None:
    if len(sys.argv) >= 4 and sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "render":
        jobs = int(sys.argv[5]) if len(sys.argv) >= 6 and sys.argv[4] == "--jobs" else os.cpu_count() or 1
        render(sys.argv[2], sys.argv[3], jobs)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
