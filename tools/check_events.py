#!/usr/bin/env python3
"""Check geodata/events.csv: columns, dates, kinds, sides, statuses, sources and place ids.

Standard library only (Python 3.11). Prints one line per problem (file:line: what was
expected) and exits non-zero when there are errors. Also checks the order of statuses of
each place: a `confirmed` control row may not precede the claim it confirms (error), and
a place taken twice by the same side without a loss in between is reported (warning). Place ids that geodata/src/places.csv
does not have are listed as warnings (places.csv is maintained separately).

    python3 tools/check_events.py [--events geodata/events.csv] [--places geodata/src/places.csv]
        [--strict]   (missing place ids count as errors)
"""
from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLS = ["date", "kind", "place", "lon", "lat", "side", "status", "title", "sources", "note", "area"]
KINDS = ["control", "handover", "strike", "ceasefire", "agreement", "other"]
STATUSES = {"claimed", "confirmed", "contested"}
# The sides of geodata/dataset.toml (ru: the Russian peacekeepers of the Lachin corridor).
SIDES = {"az", "am", "ru"}
FIRST, LAST = dt.date(2020, 9, 27), dt.date(2020, 12, 1)
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SOURCE_RE = re.compile(r"^(?P<pub>[^,|][^|]*?), (?P<date>\d{4}-\d{2}-\d{2}), (?P<url>https?://\S+|seed:\d{3}_[0-9a-f]{16})$")
COORD_RE = re.compile(r"^-?\d{1,3}\.\d+$")
SEEDS = Path("/work/shared/seeds")


def check_status(rows: list[dict], events: Path, first_side: dict[str, str]) -> tuple[list[str], list[str]]:
    """Check the sequence of control and handover rows of each place.

    - error: a `confirmed` control row dated before the first claim (claimed or contested
      row) of the same place and side, or a place claimed again by the same side after
      a confirmation, since a confirmation must follow the claim it confirms;
    - warning: a place taken twice by the same side without a loss in between (a
      `claimed` control row or a handover while that side already holds the place,
      counting the side of places.csv on the first day). These are reported, not fixed:
      repeated announcements are kept on purpose and explained in the note.
    """
    errors: list[str] = []
    warnings: list[str] = []
    by_place: dict[str, list[dict]] = collections.defaultdict(list)
    for row in rows:
        if row.get("kind") in ("control", "handover") and row.get("place") and row.get("side") in SIDES:
            by_place[row["place"]].append(row)
    for place, prow in by_place.items():
        prow.sort(key=lambda r: r["date"])  # stable: file order within a day
        for r in prow:
            if r["kind"] != "control" or r["status"] != "confirmed":
                continue
            claims = [c for c in prow if c is not r and c["kind"] == "control" and c["side"] == r["side"]
                      and c["status"] in ("claimed", "contested")]
            before = [c for c in claims if c["date"] <= r["date"]]
            after = [c for c in claims if c["date"] > r["date"] and c["status"] == "claimed"]
            if claims and not before:
                errors.append(f"{events}:{r['_line']}: {place}: confirmed for {r['side']} on {r['date']} "
                              f"before its first claim on {min(c['date'] for c in claims)} (line {claims[0]['_line']})")
            elif after:
                errors.append(f"{events}:{after[0]['_line']}: {place}: claimed for {r['side']} on {after[0]['date']} "
                              f"after the confirmation of {r['date']} (line {r['_line']})")
        holder = first_side.get(place, "")
        taken_on = "the first day (places.csv)" if holder in SIDES else ""
        for r in prow:
            side = r["side"]
            capture = r["kind"] == "handover" or r["status"] == "claimed" or holder != side
            if not capture:
                continue
            if holder == side:
                warnings.append(f"{events}:{r['_line']}: {place} taken by {side} again on {r['date']} "
                                f"({r['kind']}, {r['status']}) without a loss since {taken_on}")
            else:
                holder, taken_on = side, f"{r['date']} (line {r['_line']})"
    return errors, warnings


def check(events: Path, places: Path, strict: bool) -> int:
    errors: list[str] = []
    warnings: list[str] = []
    with events.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLS:
            print(f"error: {events}:1: header must be exactly {','.join(COLS)}; found {reader.fieldnames}")
            return 1
        rows = []
        for row in reader:
            row["_line"] = reader.line_num
            rows.append(row)

    known: set[str] | None = None
    first_side: dict[str, str] = {}
    if places.exists():
        with places.open(newline="", encoding="utf-8") as f:
            prows = list(csv.DictReader(f))
        known = {r["id"] for r in prows}
        first_side = {r["id"]: r.get("side", "") for r in prows}

    prev: tuple | None = None
    missing: dict[str, list[int]] = collections.defaultdict(list)
    for row in rows:
        at = f"{events}:{row['_line']}"
        if None in row or any(row[c] is None for c in COLS):
            errors.append(f"{at}: expected {len(COLS)} columns")
            continue
        for c in COLS:
            if row[c] != row[c].strip():
                errors.append(f"{at}: {c} has leading or trailing spaces")
        try:
            day = dt.date.fromisoformat(row["date"])
            if not FIRST <= day <= LAST:
                errors.append(f"{at}: date {row['date']} outside {FIRST}..{LAST}")
        except ValueError:
            errors.append(f"{at}: date {row['date']!r} is not YYYY-MM-DD")
            day = None
        kind, place, side, status = row["kind"], row["place"], row["side"], row["status"]
        if kind not in KINDS:
            errors.append(f"{at}: kind {kind!r} is not one of {KINDS}")
        area = row["area"]
        if status not in STATUSES and not (area and status == "keep"):
            errors.append(f"{at}: status {status!r} is not one of {sorted(STATUSES)} (or keep, for an area)")
        if area and place:
            errors.append(f"{at}: give either a place id or an area, not both")
        if place and not ID_RE.match(place):
            errors.append(f"{at}: place {place!r} is not a lowercase slug")
        has_xy = bool(row["lon"] or row["lat"])
        if has_xy:
            if place:
                errors.append(f"{at}: give either a place id or lon/lat, not both")
            if not (COORD_RE.match(row["lon"]) and COORD_RE.match(row["lat"])):
                errors.append(f"{at}: lon/lat {row['lon']},{row['lat']} must both be decimal degrees")
            elif not (44.5 <= float(row["lon"]) <= 48.5 and 38.0 <= float(row["lat"]) <= 41.5):
                errors.append(f"{at}: lon/lat {row['lon']},{row['lat']} outside the dataset area")
            if "geonames:" not in row["note"] and "page:" not in row["note"]:
                errors.append(f"{at}: lon/lat given without a coordinate source (geonames: or page:) in note")
        if area:
            if kind not in ("control", "handover", "ceasefire"):
                errors.append(f"{at}: an area event is control, handover or ceasefire")
            if side not in SIDES:
                errors.append(f"{at}: an area event needs the side holding the area after it")
        elif kind in ("control", "handover"):
            if not place and not has_xy:
                errors.append(f"{at}: {kind} needs a place id (or lon/lat)")
            if side not in SIDES:
                errors.append(f"{at}: {kind} needs side az or am (who holds the place after it)")
        elif kind == "strike":
            if side and side not in SIDES:
                errors.append(f"{at}: strike side must be az, am or empty")
            if not place and not has_xy:
                errors.append(f"{at}: a strike needs a place id or lon/lat")
        elif side:
            errors.append(f"{at}: side must be empty for kind {kind}")
        if kind == "handover" and status != "confirmed":
            errors.append(f"{at}: handover rows are confirmed")
        if not row["title"]:
            errors.append(f"{at}: title is empty")
        elif len(row["title"]) > 90:
            warnings.append(f"{at}: title longer than 90 characters")
        if not row["sources"]:
            errors.append(f"{at}: every event needs at least one source")
        for s in row["sources"].split(" | ") if row["sources"] else []:
            m = SOURCE_RE.match(s)
            if not m:
                errors.append(f"{at}: source {s[:80]!r} is not 'publisher, YYYY-MM-DD, URL' (or seed:<stem>)")
                continue
            try:
                dt.date.fromisoformat(m["date"])
            except ValueError:
                errors.append(f"{at}: source date {m['date']} is not a real date")
            if m["url"].startswith("seed:") and SEEDS.exists() and not (SEEDS / (m["url"][5:] + ".txt")).exists():
                errors.append(f"{at}: {m['url']} names no file in {SEEDS}")
        if day is not None and kind in KINDS:
            key = (row["date"], KINDS.index(kind))
            if prev is not None and key < prev:
                errors.append(f"{at}: rows must be oldest first, and within a day in the order {', '.join(KINDS)}")
            prev = key
        if place and known is not None and place not in known:
            missing[place].append(row["_line"])

    status_errors, status_warnings = check_status(rows, events, first_side)
    errors.extend(status_errors)
    warnings.extend(status_warnings)

    dupes = collections.Counter((r["date"], r["kind"], r["place"], r["side"], r["status"], r["title"]) for r in rows)
    for k, n in dupes.items():
        if n > 1:
            warnings.append(f"{events}: {n} identical rows for {k[:3]}")

    for w in warnings:
        print(f"warning: {w}")
    if known is None:
        print(f"note: {places} not found; place ids not cross-checked")
    elif missing:
        print(f"{len(missing)} place id(s) used in {events.name} but missing from {places}:")
        for pid, lines in sorted(missing.items()):
            print(f"  {pid} (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})")
        if strict:
            errors.append(f"{len(missing)} place ids missing from {places}")
    for e in errors:
        print(f"error: {e}")

    by_kind = collections.Counter(r["kind"] for r in rows)
    by_status = collections.Counter((r["kind"], r["status"]) for r in rows)
    print(f"{len(rows)} events: " + ", ".join(f"{k} {by_kind[k]}" for k in KINDS if by_kind[k]))
    for k in KINDS:
        if by_kind[k]:
            print(f"  {k}: " + ", ".join(f"{s} {by_status[(k, s)]}" for s in sorted(STATUSES) if by_status[(k, s)]))
    if errors:
        print(f"{len(errors)} error(s)")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=Path, default=ROOT / "geodata/events.csv")
    ap.add_argument("--places", type=Path, default=ROOT / "geodata/src/places.csv")
    ap.add_argument("--strict", action="store_true", help="missing place ids are errors")
    args = ap.parse_args(argv)
    return check(args.events, args.places, args.strict)


if __name__ == "__main__":
    sys.exit(main())
