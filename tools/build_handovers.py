#!/usr/bin/env python3
"""Rewrite the handover rows of geodata/events.csv from geodata/src/handovers.csv
and geodata/src/places.csv.

Standard library only (Python 3.11). Idempotent: every existing row with
kind=handover is dropped and the handover rows are generated again, so the
script can be rerun whenever places.csv grows.

    python3 tools/build_handovers.py [--events geodata/events.csv]
        [--handovers geodata/src/handovers.csv] [--places geodata/src/places.csv] [--check]

handovers.csv has one row per action:
  district  a district handed over on `date` (place empty): every place of
            places.csv in that district (text of `district` before any " (")
            that was Armenian-held on the first day gets a handover row,
  include   a place handed over with that district even if places.csv puts it
            elsewhere (or does not have it yet); its sources and note are added,
  exclude   a place of that district that was NOT handed over (the Lachin corridor).
A place gets no handover row when events.csv already has a control row that
gives it to Azerbaijan (claimed, contested or confirmed) before the handover day.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLS = ["date", "kind", "place", "lon", "lat", "side", "status", "title", "sources", "note", "area"]
HCOLS = ["date", "district", "place", "action", "sources", "note"]
KIND_ORDER = {k: i for i, k in enumerate(["control", "handover", "strike", "ceasefire", "agreement", "other"])}


def district_key(text: str) -> str:
    return text.split(" (")[0].split(" /")[0].strip().lower()


def read_csv(path: Path, cols: list[str]) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != cols and not (cols is COLS and reader.fieldnames == cols[:-1]):
            sys.exit(f"error: {path}:1: header must be {','.join(cols)}; found {reader.fieldnames}")
        return list(reader)


def write_atomic(path: Path, rows: list[dict]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=COLS, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def join_sources(*parts: str) -> str:
    seen: list[str] = []
    for part in parts:
        for s in (x.strip() for x in part.split(" | ")):
            if s and s not in seen:
                seen.append(s)
    return " | ".join(seen)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=Path, default=ROOT / "geodata/events.csv")
    ap.add_argument("--handovers", type=Path, default=ROOT / "geodata/src/handovers.csv")
    ap.add_argument("--places", type=Path, default=ROOT / "geodata/src/places.csv")
    ap.add_argument("--check", action="store_true", help="print what would be written, change nothing")
    args = ap.parse_args(argv)

    events = read_csv(args.events, COLS)
    actions = read_csv(args.handovers, HCOLS)
    places = read_csv(args.places, [
        "id", "name_en", "name_az", "name_hy", "name_ru", "name_en_alt", "kind", "district",
        "population", "side", "lat", "lon", "coord_source", "note"]) if args.places.exists() else []
    by_id = {p["id"]: p for p in places}

    for e in events:
        e.setdefault("area", "")
        if e["area"] is None:
            e["area"] = ""
    kept = [e for e in events if e["kind"] != "handover"]
    # first day on which each place is given to Azerbaijan by a control row
    taken: dict[str, str] = {}
    for e in kept:
        if e["kind"] == "control" and e["side"] == "az" and e["place"]:
            taken[e["place"]] = min(e["date"], taken.get(e["place"], "9999"))

    districts = [a for a in actions if a["action"] == "district"]
    new_rows: list[dict] = []
    skipped: list[str] = []
    for d in districts:
        key = district_key(d["district"])
        same = [a for a in actions if a["action"] != "district" and district_key(a["district"]) == key]
        excl = {a["place"]: a for a in same if a["action"] == "exclude"}
        incl = {a["place"]: a for a in same if a["action"] == "include"}
        ids = [p["id"] for p in places if district_key(p["district"]) == key and p["side"] == "am"]
        ids += [i for i in incl if i not in ids]
        # The district as a whole (outside the former oblast and the corridor): the area event
        # that sets its ground, drawn from areas.geojson (tools/build_areas.py).
        new_rows.append({
            "date": d["date"], "kind": "handover", "place": "", "lon": "", "lat": "",
            "side": "az", "status": "confirmed",
            "title": f"{d['district']} district handed over to Azerbaijan",
            "sources": d["sources"],
            "note": (d["note"] + " Area: the district outside the former oblast"
                     + (" and the Lachin corridor." if key == "lachin" else ".")).strip(),
            "area": f"handover-{key}",
        })
        for pid in sorted(ids):
            if pid in excl:
                skipped.append(f"{pid}: excluded ({excl[pid]['note']})")
                continue
            place = by_id.get(pid)
            if place and place["side"] != "am":
                skipped.append(f"{pid}: Azerbaijani-held before the war")
                continue
            if taken.get(pid, "9999") < d["date"]:
                skipped.append(f"{pid}: already given to Azerbaijan on {taken[pid]}")
                continue
            extra = incl.get(pid, {})
            name = place["name_en"] if place else pid.replace("-", " ").title()
            note = " ".join(x for x in (extra.get("note", ""), d["note"]) if x)
            if d["district"] == "Kalbajar":
                note += " Postponed from 15 Nov."
            if not place:
                note += " (place not yet in places.csv)"
            new_rows.append({
                "date": d["date"], "kind": "handover", "place": pid, "lon": "", "lat": "",
                "side": "az", "status": "confirmed",
                "title": f"{name} handed over to Azerbaijan ({d['district']} district)",
                "sources": join_sources(d["sources"], extra.get("sources", "")),
                "note": note.strip(),
                "area": "",
            })

    rows = kept + new_rows
    # Stable within a kind; a district's area row first, so its villages' rows come after it.
    rows.sort(key=lambda r: (r["date"], KIND_ORDER.get(r["kind"], 99), not r.get("area")))
    for line in skipped:
        print(f"no handover row: {line}", file=sys.stderr)
    print(f"{len(new_rows)} handover rows ({', '.join(d['district'] for d in districts)}); "
          f"{len(rows)} rows in {args.events}")
    if not args.check:
        write_atomic(args.events, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
