#!/usr/bin/env python3
"""Write the seed inputs of the `shapefile` fuzz target (standard library only).

Each seed is one shapefile packed as the target reads it: a flag byte (bit 0 .shx, 1 .dbf,
2 .prj, 3 .cpg present), then the .shp and every present part, each as a little-endian u32
length and the bytes. The files are written here from the ESRI shapefile and dBASE III
format descriptions: polygons with a hole, points, a multipoint and a null shape, attributes
in Windows-1252 or UTF-8, with and without index, projection and code page.

Usage: python3 fuzz/make_shapefile_seeds.py fuzz/corpus/shapefile
"""

import os
import struct
import sys

PRJ_UTM32 = (
    'PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",'
    'SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
    'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],'
    'PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],'
    'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
)
PRJ_WGS84 = (
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
)


def bbox(points):
    xs = [p[0] for p in points] or [0.0]
    ys = [p[1] for p in points] or [0.0]
    return min(xs), min(ys), max(xs), max(ys)


def polygon(rings):
    """Content of a Polygon record (type 5); outer rings clockwise, holes counter-clockwise."""
    points = [p for ring in rings for p in ring]
    parts, start = [], 0
    for ring in rings:
        parts.append(start)
        start += len(ring)
    out = struct.pack("<i4d2i", 5, *bbox(points), len(rings), len(points))
    out += struct.pack(f"<{len(parts)}i", *parts)
    for x, y in points:
        out += struct.pack("<2d", x, y)
    return 5, out


def point(x, y):
    return 1, struct.pack("<i2d", 1, x, y)


def multipoint(points):
    out = struct.pack("<i4di", 8, *bbox(points), len(points))
    for x, y in points:
        out += struct.pack("<2d", x, y)
    return 8, out


def null_shape():
    return 0, struct.pack("<i", 0)


def header(shape_type, length_bytes, points):
    out = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length_bytes // 2)
    out += struct.pack("<2i", 1000, shape_type)
    out += struct.pack("<4d", *bbox(points)) + struct.pack("<4d", 0, 0, 0, 0)
    return out


def shp_and_shx(shapes, shape_type, points):
    body, index, offset = b"", b"", 100
    for number, (_, content) in enumerate(shapes, start=1):
        body += struct.pack(">2i", number, len(content) // 2) + content
        index += struct.pack(">2i", offset // 2, len(content) // 2)
        offset += 8 + len(content)
    shp = header(shape_type, 100 + len(body), points) + body
    shx = header(shape_type, 100 + len(index), points) + index
    return shp, shx


def dbf(fields, records, encoding):
    """dBASE III table; fields are (name, type, length, decimals)."""
    size = 1 + sum(f[2] for f in fields)
    out = struct.pack("<B3BIHH20x", 3, 126, 11, 21, len(records), 32 + 32 * len(fields) + 1, size)
    for name, kind, length, decimals in fields:
        out += struct.pack("<11sc4xBB14x", name.encode("ascii"), kind.encode("ascii"), length, decimals)
    out += b"\r"
    for record in records:
        row = b" "
        for (name, kind, length, _), value in zip(fields, record):
            text = str(value).encode(encoding)[:length]
            row += text.rjust(length) if kind == "N" else text.ljust(length)
        out += row
    return out + b"\x1a"


def square(x, y, d, clockwise=True):
    ring = [(x, y), (x, y + d), (x + d, y + d), (x + d, y), (x, y)]
    return ring if clockwise else ring[::-1]


def pack(shp, shx=None, dbf_bytes=None, prj=None, cpg=None):
    flags, out = 0, b""
    for bit, part in enumerate([shx, dbf_bytes, prj, cpg]):
        if part is not None:
            flags |= 1 << bit
    for part in [shp, shx, dbf_bytes, prj, cpg]:
        if part is not None:
            out += struct.pack("<I", len(part)) + part
    return bytes([flags]) + out


def main(directory):
    os.makedirs(directory, exist_ok=True)
    fields = [("NAME", "C", 20, 0), ("EW", "N", 8, 0)]
    areas = [
        polygon([square(476000, 5550000, 1000), square(476250, 5550250, 500, clockwise=False)]),
        polygon([square(478000, 5550000, 1000)]),
    ]
    area_points = square(476000, 5550000, 1000) + square(478000, 5550000, 1000)
    shp, shx = shp_and_shx(areas, 5, area_points)
    rows = [("Höchst-Süd", 4321), ("Gärtnerweg", 299)]
    seeds = {
        "flaechen_alles": pack(shp, shx, dbf(fields, rows, "cp1252"), PRJ_UTM32.encode()),
        "flaechen_utf8_ohne_shx": pack(shp, None, dbf(fields, rows, "utf-8"), PRJ_UTM32.encode(), b"UTF-8"),
        "flaechen_nackt": pack(shp),
        "flaechen_weniger_dbf": pack(shp, shx, dbf(fields, rows[:1], "cp1252")),
    }
    pts = [(8.6821, 50.1109), (8.5477, 50.1003), (8.7, 50.12)]
    shapes = [point(x, y) for x, y in pts]
    shp, shx = shp_and_shx(shapes, 1, pts)
    rows = [("Büro 1", 1), ("Büro 2", 2), ("Büro 3", 3)]
    seeds["punkte_wgs84"] = pack(shp, shx, dbf(fields, rows, "cp1252"), PRJ_WGS84.encode())
    shapes = [multipoint(pts), null_shape(), point(8.69, 50.09)]
    shp, shx = shp_and_shx(shapes, 8, pts)
    seeds["multipunkte_null"] = pack(shp, shx, dbf(fields, rows, "cp1252"), None, b"1252")
    for name, data in seeds.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus/shapefile")
