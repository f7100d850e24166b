#!/usr/bin/env python3
"""Write the seed inputs of the `xlsx` and `dbf` fuzz targets (standard library only).

`xlsx` seeds are whole spreadsheet files: XLSX with inline and with shared strings, one with a
cell at XFD1048576, an ODS, and an XLS (BIFF8 in an OLE compound file), all written here from
the format descriptions. `dbf` seeds are one byte (the length of a `.cpg` text), that `.cpg`
text, then a dBASE file: numbers with a decimal comma, bad dates, unknown field types, a memo
field, CP850 text with its language driver byte, UTF-8 text.

Usage: python3 fuzz/make_table_seeds.py fuzz/corpus
"""

import os
import struct
import sys
import zipfile

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"


def xlsx(path, cells, shared=None):
    """cells: rows of (reference, kind, value); kind 's' inline text, 'n' number, 'ss' shared."""
    types = (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' if shared else "")
        + "</Types>"
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}">'
        '<sheets><sheet name="Daten" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    wb_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        + (f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>' if shared else "")
        + "</Relationships>"
    )
    rows = []
    for row in cells:
        out = []
        for ref, kind, value in row:
            if kind == "s":
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
            elif kind == "ss":
                out.append(f'<c r="{ref}" t="s"><v>{value}</v></c>')
            else:
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
        number = "".join(ch for ch in row[0][0] if ch.isdigit())
        rows.append(f'<row r="{number}">' + "".join(out) + "</row>")
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>' + "".join(rows) + "</sheetData></worksheet>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared:
            items = "".join(f"<si><t>{s}</t></si>" for s in shared)
            z.writestr(
                "xl/sharedStrings.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="{len(shared)}" uniqueCount="{len(shared)}">{items}</sst>',
            )


def table_rows():
    rows = [[("A1", "s", "sr_id"), ("B1", "s", "quote"), ("C1", "s", "anteil")]]
    for i in range(2, 6):
        rows.append([("A%d" % i, "s", "%03d" % (i - 1)), ("B%d" % i, "n", i * 1.5), ("C%d" % i, "s", "%d,5 %%" % i)])
    return rows


def ods(path):
    cell = lambda t: f'<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>'
    num = lambda v: f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
    rows = "<table:table-row>" + cell("sr_id") + cell("quote") + "</table:table-row>"
    rows += "".join("<table:table-row>" + cell("%03d" % i) + num(i * 1.5) + "</table:table-row>" for i in range(1, 5))
    rows += '<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2"/></table:table-row>'
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Daten">'
        + rows
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)


def record(kind, data):
    return struct.pack("<HH", kind, len(data)) + data


def biff_text16(text):
    """XLUnicodeString: u16 length, flags (0: one byte per character), characters."""
    raw = text.encode("latin-1")
    return struct.pack("<HB", len(raw), 0) + raw


def xls(path):
    bof = lambda kind: record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0006))
    eof = record(0x000A, b"")
    sheet = bof(0x0010)
    sheet += record(0x0200, struct.pack("<IIHHH", 0, 5, 0, 2, 0))
    sheet += record(0x0204, struct.pack("<HHH", 0, 0, 0) + biff_text16("sr_id"))
    sheet += record(0x0204, struct.pack("<HHH", 0, 1, 0) + biff_text16("quote"))
    for i in range(1, 5):
        sheet += record(0x0204, struct.pack("<HHH", i, 0, 0) + biff_text16("%03d" % i))
        sheet += record(0x0203, struct.pack("<HHHd", i, 1, 0, i * 1.5))
    sheet += eof
    name = b"Daten"
    globals_without_sheet = bof(0x0005) + record(0x0042, struct.pack("<H", 1200))
    boundsheet_len = 4 + 8 + len(name)
    sheet_pos = len(globals_without_sheet) + boundsheet_len + len(eof)
    stream = globals_without_sheet
    stream += record(0x0085, struct.pack("<IBBBB", sheet_pos, 0, 0, len(name), 0) + name)
    stream += eof + sheet
    stream += b"\0" * (4096 - len(stream))  # at least 4096 bytes: no mini stream needed
    sectors = (len(stream) + 511) // 512
    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    header = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x003E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    fat = [fat_sect, end] + [3 + i if i < sectors - 1 else end for i in range(sectors)]
    fat += [free] * (128 - len(fat))

    def entry(name, kind, child, start, size):
        raw = (name + "\0").encode("utf-16-le") if name else b""
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", free, free, child)
            + b"\0" * 16 + struct.pack("<I", 0) + b"\0" * 16
            + struct.pack("<III", start, size, 0)
        )

    directory = entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, free, 2, len(stream))
    directory += entry("", 0, free, 0, 0) * 2
    data = header + struct.pack("<128I", *fat) + directory + stream.ljust(sectors * 512, b"\0")
    with open(path, "wb") as f:
        f.write(data)


def dbf(fields, records, ldid=0, version=3):
    size = 1 + sum(f[2] for f in fields)
    out = struct.pack("<B3BIHH17xB2x", version, 126, 11, 21, len(records), 32 + 32 * len(fields) + 1, size, ldid)
    for name, kind, length in fields:
        out += struct.pack("<11sc4xBB14x", name.encode("ascii"), kind.encode("ascii"), length, 0)
    out += b"\r"
    for rec in records:
        row = b" "
        for (name, kind, length), value in zip(fields, rec):
            value = value[:length]
            row += value.rjust(length) if kind == "N" else value.ljust(length)
        out += row
    return out + b"\x1a"


def dbf_seed(cpg, data):
    cpg = cpg.encode("ascii")
    return bytes([len(cpg)]) + cpg + data


def main(corpus):
    x = os.path.join(corpus, "xlsx")
    d = os.path.join(corpus, "dbf")
    os.makedirs(x, exist_ok=True)
    os.makedirs(d, exist_ok=True)
    xlsx(os.path.join(x, "inline.xlsx"), table_rows())
    shared = ["sr_id", "quote", "001", "002"]
    xlsx(
        os.path.join(x, "shared.xlsx"),
        [[("A1", "ss", 0), ("B1", "ss", 1)], [("A2", "ss", 2), ("B2", "n", 1.5)], [("A3", "ss", 3), ("B3", "n", 2.5)]],
        shared,
    )
    xlsx(os.path.join(x, "far.xlsx"), table_rows() + [[("XFD1048576", "s", "x")]])
    ods(os.path.join(x, "small.ods"))
    xls(os.path.join(x, "small.xls"))

    fields = [("NAME", "C", 14), ("EW", "N", 8), ("STAND", "D", 8), ("AKTIV", "L", 1)]
    rows = [
        [b"Nordend", b"1.5", b"20240131", b"T"],
        [b"Bockenheim", b"1,5", b"20240131", b"F"],
        [b"Gallus", b"1.2.3", b"2024XX31", b"?"],
        [b"Nied", b"****", b"        ", b"x"],
    ]
    seeds = {
        "werte": dbf_seed("", dbf(fields, rows, ldid=0x57)),
        "typen": dbf_seed("", dbf(
            [("NAME", "C", 8), ("TS", "@", 8), ("AUTO", "+", 4), ("VAR", "V", 6), ("NULLS", "0", 1), ("I", "I", 4), ("Y", "Y", 8), ("T", "T", 8)],
            [[b"Gebiet", b"\x80\0\0\0\0\0\0\x01", b"\x80\0\0\x01", b"abc", b"\0", struct.pack("<i", -7), struct.pack("<q", 123450000), struct.pack("<ii", 2460311, 0)]],
        )),
        "memo": dbf_seed("", dbf([("NAME", "C", 8), ("NOTIZ", "M", 10)], [[b"Gebiet", b"         1"]], version=0x83)),
        "cp850": dbf_seed("", dbf([("NAME", "C", 14)], [["Höchst".encode("cp850")], ["Rödelheim".encode("cp850")]], ldid=0x02)),
        "utf8_cpg": dbf_seed("UTF-8", dbf([("NAME", "C", 14)], [["Höchst".encode("utf-8")]])),
        "unbekannt_cpg": dbf_seed("KOI9-X", dbf([("NAME", "C", 14)], [["Höchst".encode("utf-8")]])),
    }
    for name, data in seeds.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus"))
