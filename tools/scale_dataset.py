#!/usr/bin/env python3
"""Make a large synthetic dataset from tests/fixtures/mini, for measuring scale.

    python3 tools/scale_dataset.py --places 100000 --events 1000000 OUT_DIR

Places are spread at random (fixed seed) over the mini theatre; events are control events on
random places, each with its own source, so that one day has many distinct sources.
"""
import argparse
import json
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=10000)
    parser.add_argument("--events", type=int, default=0)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    rng = random.Random(7)
    if args.out.exists():
        shutil.rmtree(args.out)
    shutil.copytree(MINI, args.out)
    sides = ["blue", "red"]
    with open(args.out / "places.geojson", "w") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        for i in range(args.places):
            lon = round(rng.uniform(45.201, 45.799), 6)
            lat = round(rng.uniform(40.201, 40.799), 6)
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": f"p{i}",
                    "name": {"en": f"Place {i}"},
                    "kind": "village",
                    "side": sides[i % 2],
                    "source": "page:https://example.org/synthetic",
                },
            }
            f.write(json.dumps(feature, separators=(",", ":")))
            f.write(",\n" if i + 1 < args.places else "\n")
        f.write("]}\n")
    # Keep the fixture's always_label valid: p0 stands in for alpha.
    toml = (args.out / "dataset.toml").read_text().replace('always_label = ["alpha"]', 'always_label = ["p0"]')
    (args.out / "dataset.toml").write_text(toml)
    with open(args.out / "events.csv", "w") as f:
        f.write("date,kind,place,lon,lat,side,status,title,sources,note\n")
        for i in range(args.events):
            day = 2 + i * 4 // max(args.events, 1)
            place = rng.randrange(args.places)
            side = rng.choice(sides)
            status = rng.choice(["claimed", "confirmed", "contested"])
            f.write(
                f'2020-01-0{day},control,p{place},,,{side},{status},Event {i},'
                f'"Wire {i}, 2020-01-0{day}, https://example.org/{i}",synthetic\n'
            )


if __name__ == "__main__":
    main()
