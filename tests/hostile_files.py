"""A corpus of hostile spreadsheets and documents, each small on disk and enormous once a parser builds it:
merge bombs, dense sheets, declared sizes, far cells, floods of text entries, formats, paragraphs and
elements, and DTDs. Built here, in memory, so the repository holds no such files.

`run()` (the bottom) is also the script the command-line test runs in a fresh process:
`python -m tests.hostile_files <folder>` writes the corpus there, imports each file with `import_workplan`
and prints one JSON line per file (seconds, the refusal), so the process's own peak memory can be measured.
"""

import io
import json
import os
import sys
import time
import zipfile

CHUNK = 200_000  # elements written at a time

WORKBOOK_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="任务" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        "</Relationships>"
    ),
}
SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
DOCUMENT_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
}
DOCUMENT_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
DOCUMENT_CLOSE = "</w:body></w:document>"
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + "]>"
)


def _archive(parts: dict, streamed: dict) -> bytes:
    """A zip of `parts` (name: text) and `streamed` (name: text pieces, written as they come)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        for name, pieces in streamed.items():
            with archive.open(name, "w", force_zip64=True) as entry:
                for piece in pieces:
                    entry.write(piece.encode())
    return buffer.getvalue()


def _repeat(element: str, count: int):
    for start in range(0, count, CHUNK):
        yield element * min(CHUNK, count - start)


def _sheet(*pieces, extra_parts=None) -> bytes:
    def body():
        yield SHEET_OPEN
        for piece in pieces:
            yield from ([piece] if isinstance(piece, str) else piece)
        yield "</worksheet>"

    return _archive({**WORKBOOK_PARTS, **(extra_parts or {})}, {"xl/worksheets/sheet1.xml": body()})


def _cells(rows: int, columns: int):
    letters = [chr(65 + n) for n in range(columns)]
    for start in range(1, rows + 1, 2000):
        yield "".join(
            f'<row r="{row}">'
            + "".join(f'<c r="{letter}{row}"><v>1</v></c>' for letter in letters)
            + "</row>"
            for row in range(start, min(start + 2000, rows + 1))
        )


def _document(*pieces, prolog="") -> bytes:
    def body():
        yield DOCUMENT_OPEN.replace("?>", "?>" + prolog, 1)
        for piece in pieces:
            yield from ([piece] if isinstance(piece, str) else piece)
        yield DOCUMENT_CLOSE

    return _archive(DOCUMENT_PARTS, {"word/document.xml": body()})


def workbooks() -> dict[str, bytes]:
    """Hostile .xlsx files by what they do."""
    one_row = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>任务</t></is></c></row></sheetData>'
    return {
        "merge bomb: one range over the whole sheet": _sheet(
            one_row, '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
        ),
        "merge bomb: whole columns": _sheet(
            one_row, '<mergeCells count="1"><mergeCell ref="A:C"/></mergeCells>'
        ),
        "many small merges": _sheet(
            one_row,
            '<mergeCells count="60000">',
            (f'<mergeCell ref="A{n}:B{n}"/>' for n in range(2, 60_002)),
            "</mergeCells>",
        ),
        "declared over the whole sheet": _sheet('<dimension ref="A1:XFD1048576"/>', one_row),
        "one cell at the far corner": _sheet(
            '<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
        ),
        "a row at the bottom": _sheet('<sheetData><row r="1"/><row r="1048576"/></sheetData>'),
        "dense sheet": _sheet("<sheetData>", _cells(15_000, 25), "</sheetData>"),
        "a million text entries": _archive(
            {**WORKBOOK_PARTS, "xl/worksheets/sheet1.xml": SHEET_OPEN + one_row + "</worksheet>"},
            {
                "xl/sharedStrings.xml": [
                    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
                    *_repeat("<si><t/></si>", 1_000_000),
                    "</sst>",
                ]
            },
        ),
        "a million cell formats": _archive(
            {**WORKBOOK_PARTS, "xl/worksheets/sheet1.xml": SHEET_OPEN + one_row + "</worksheet>"},
            {
                "xl/styles.xml": [
                    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>',
                    *_repeat("<xf/>", 1_000_000),
                    "</cellXfs></styleSheet>",
                ]
            },
        ),
        "two million elements": _sheet(one_row, "<extLst>", _repeat("<x/>", 2_000_000), "</extLst>"),
        "billion laughs in a sheet": _archive(
            {
                **WORKBOOK_PARTS,
                "xl/worksheets/sheet1.xml": SHEET_OPEN.replace("?>", "?>" + LAUGHS, 1)
                + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
                + "</worksheet>",
            },
            {},
        ),
        "external entity in a part nobody reads": _sheet(
            one_row,
            extra_parts={
                "docProps/custom.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file:///etc/passwd">]><x>&s;</x>'
            },
        ),
    }


def documents() -> dict[str, bytes]:
    """Hostile .docx files by what they do."""
    return {
        "three million empty paragraphs": _document(_repeat("<w:p/>", 3_000_000)),
        "a table of a hundred thousand cells": _document(
            "<w:tbl>", _repeat("<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>", 50_000), "</w:tbl>"
        ),
        "two million runs in one paragraph": _document("<w:p>", _repeat("<w:r/>", 2_000_000), "</w:p>"),
        "billion laughs": _document("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", prolog=LAUGHS),
    }


def run(folder: str) -> None:
    from io import StringIO

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fuzhou_lle.settings")
    django.setup()
    from django.core.management import CommandError, call_command

    corpus = {
        **{(k, "xlsx"): v for k, v in workbooks().items()},
        **{(k, "docx"): v for k, v in documents().items()},
    }
    for number, ((what, extension), content) in enumerate(corpus.items()):
        path = os.path.join(folder, f"{number}.{extension}")
        with open(path, "wb") as handle:
            handle.write(content)
        started = time.monotonic()
        try:
            call_command("import_workplan", path, "--dry-run", stdout=StringIO())
            refusal = None
        except CommandError as error:
            refusal = str(error)
        print(
            json.dumps({"what": what, "seconds": time.monotonic() - started, "refusal": refusal}), flush=True
        )


if __name__ == "__main__":
    run(sys.argv[1])
