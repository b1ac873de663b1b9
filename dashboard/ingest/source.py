"""Open an uploaded export and describe it: container, encoding, delimiter, first records.

DuckDB does the bulk reading (fast, parallel); this module only looks at the first bytes to
decide how to read the rest, and turns what DuckDB cannot read directly (UTF-16,
Windows-1252, Excel workbooks) into a temporary UTF-8 CSV first.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.store.files import sha256_file

SAMPLE_BYTES = 1 << 20
HEADER_RECORDS = 5
_DELIMITERS = [",", ";", "\t", "|"]
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

csv.field_size_limit(1 << 30)


class SourceError(Exception):
    """The file cannot be read as a table at all (empty, binary, unreadable)."""


@dataclass
class Source:
    """An export ready for DuckDB's reader, with what was learnt while opening it."""

    path: Path
    name: str
    sha256: str
    size: int
    container: str  # "csv" or "xlsx"
    encoding: str
    delimiter: str
    csv_path: Path  # the UTF-8 CSV DuckDB reads: the file itself or a temporary copy
    header_rows: list[list[str]]
    n_columns: int
    sheet: str | None = None
    row_offset: int = 0  # empty sheet rows skipped above the header
    skipped_lines: int = 0  # lines of the text copy above the header (title rows), dropped
    header_line: int = 1  # the line (sheet row) of the header used, counted from 1
    title_rows: int = 0  # filled rows above it that were skipped (title, notes)
    header_given: bool = False  # the analyst said where the header is (--header-row)
    # a reshaped copy (a long extract unfolded): each record's line in the file, and an answer's own
    record_lines: list[int] | None = None
    answer_lines: dict[tuple[int, str], int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    temporary: list[Path] = field(default_factory=list)

    @property
    def position_word(self) -> str:
        """What a position in a problem message counts: text lines, or spreadsheet rows."""
        return "row" if self.container == "xlsx" else "line"

    def reread_as(self, encoding: str) -> None:
        """Switch to another encoding (a UTF-8 start, then Windows-1252 bytes further on)."""
        copy = _transcode(self.path, encoding)
        self.temporary.append(copy)
        if self.skipped_lines:  # the title rows above the header stay out
            copy = _drop_lines(copy, self.skipped_lines)
            self.temporary.append(copy)
        self.csv_path, self.encoding = copy, encoding
        self.notes.append(f"read as {_ENCODING_NAMES.get(encoding, encoding)}")

    def close(self) -> None:
        """Remove temporary copies."""
        for path in self.temporary:
            path.unlink(missing_ok=True)
        self.temporary.clear()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_source(path: str | os.PathLike[str], name: str | None = None,
                sheet: str | None = None, header_row: int | None = None) -> Source:
    """Inspect ``path`` and prepare it for reading; raise :class:`SourceError` if unusable."""
    path = Path(path)
    display = name or path.name
    if not path.is_file():
        raise SourceError(f"{display}: no such file")
    size = path.stat().st_size
    digest = sha256_file(path)
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    if size == 0 or not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise SourceError(f"{display}: the file is empty")
    if head.startswith(_OLE_MAGIC):
        raise SourceError(
            f"{display}: this is a legacy Excel .xls workbook; save it as .xlsx or CSV and upload again"
        )
    if head.startswith(_XLSX_MAGIC):
        src = _open_xlsx(path, display, digest, size, sheet)
    else:
        encoding = _detect_encoding(head, display, cut=size > len(head))
        src = _open_text(path, display, digest, size, encoding, head)
    try:
        _find_header(src, header_row)
    except BaseException:
        src.close()
        raise
    return src


def _find_header(src: Source, header_row: int | None) -> None:
    """Start the file at its header: the analyst's ``header_row`` (a line of the text, a row of
    the sheet), else past the title and note rows an Excel report puts above it (records with
    at most one filled cell, when a later record has more). Says which row was used.
    (In a workbook a sheet row is one line of its CSV copy unless a cell above the header
    holds a line break.)"""
    word = src.position_word
    if header_row is not None:
        if header_row - 1 <= src.row_offset:
            if header_row - 1 < src.row_offset:
                raise SourceError(f"{src.name}: {word} {header_row} is empty; the sheet's first "
                                  f"filled row is {src.row_offset + 1}")
            src.notes.append(f"header on {word} {header_row} (as given)")
            src.header_line, src.header_given = header_row, True
            return
        skipped = _start_at(src, lines=header_row - 1 - src.row_offset)
        src.notes.append(f"header on {word} {header_row} (as given); {skipped} row(s) above it skipped")
        src.header_line, src.title_rows, src.header_given = header_row, skipped, True
        return
    src.header_line = src.row_offset + 1
    titles = 0  # filled records above the header (blank ones between them do not count)
    for record in src.header_rows:
        filled = sum(1 for cell in record if cell.strip())
        if filled > 1:
            break
        titles += 1 if filled else 0
    else:
        return  # no record with two cells: a one-column file, nothing to skip
    if titles == 0:
        return
    above = src.row_offset
    _start_at(src, records=titles)
    src.notes.append(f"header on {word} {src.row_offset + 1}: the {src.row_offset - above} row(s) "
                     "above it (title, notes) skipped (give another with --header-row N)")
    src.header_line, src.title_rows = src.row_offset + 1, src.row_offset - above


def _drop_lines(path: Path, lines: int) -> Path:
    """A temporary copy of the UTF-8 CSV ``path`` without its first ``lines`` lines."""
    descriptor, name = tempfile.mkstemp(prefix="empathy-", suffix=".csv")
    os.close(descriptor)
    target = Path(name)
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as source, \
            target.open("w", encoding="utf-8", newline="") as out:
        for number, line in enumerate(source):
            if number >= lines:
                out.write(line)
    return target


def _records_in(src: Source, lines: int) -> int:
    """How many records (sheet rows) the first ``lines`` lines of the sheet's CSV hold."""
    with src.csv_path.open("r", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=src.delimiter)
        count = 0
        for _record in reader:
            if reader.line_num > lines:
                break
            count += 1
    return count


def _start_at(src: Source, *, lines: int | None = None, records: int | None = None) -> int:
    """Copy the file without what precedes its header (``lines`` physical lines, or ``records``
    records); the skipped lines count in :attr:`Source.row_offset` so messages keep the file's
    own line numbers. Returns the records skipped."""
    with src.csv_path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=src.delimiter)
        skipped = 0  # records with a filled cell (blank ones between them are skipped too)
        consumed = 0  # physical lines
        try:
            while lines is None or consumed < lines:
                record = next(reader)
                blank = not any(cell.strip() for cell in record)
                if records is not None and not blank and skipped >= records:
                    break  # the header
                consumed = reader.line_num
                skipped += 0 if blank else 1
        except StopIteration:
            raise SourceError(f"{src.name}: the file ends before {src.position_word} "
                              f"{src.row_offset + (lines or records or 0) + 1}") from None
        except csv.Error:
            raise SourceError(f"{src.name}: cannot read the rows above the header") from None
    rows_above = consumed if src.container == "csv" else _records_in(src, consumed)
    target = _drop_lines(src.csv_path, consumed)
    src.temporary.append(target)
    src.csv_path = target
    src.skipped_lines += consumed
    src.row_offset += rows_above
    with target.open("r", encoding="utf-8", newline="") as handle:
        sample = handle.read(SAMPLE_BYTES)
    src.header_rows = _first_records(sample, src.delimiter)
    if not src.header_rows:
        raise SourceError(f"{src.name}: nothing below {src.position_word} {src.row_offset}")
    src.n_columns = max(len(rec) for rec in src.header_rows[:1])
    if src.container == "xlsx":
        src.header_rows = [rec + [""] * (src.n_columns - len(rec)) for rec in src.header_rows]
    return skipped


def peek_header(path: str | os.PathLike[str]) -> list[str] | None:
    """The first record of a text export, read cheaply (no hashing), or None."""
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    if not head.strip() or head.startswith((_XLSX_MAGIC, _OLE_MAGIC)):
        return None
    encoding = _detect_encoding(head, path.name)
    sample = head.decode(encoding, errors="replace").lstrip("\ufeff")
    records = _first_records(sample, sniff_delimiter(sample), limit=1)
    return records[0] if records else None




def _detect_encoding(head: bytes, display: str, cut: bool = True) -> str:
    """Pick the text encoding from a BOM, NUL-byte pattern or a trial decode."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        even_nuls = head[0::2].count(0)
        odd_nuls = head[1::2].count(0)
        half = len(head) / 2
        if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
            return "utf-16-le"
        if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
            return "utf-16-be"
        raise SourceError(f"{display}: this is not a text file (binary content); expected CSV or XLSX")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    if controls > max(8, len(head) // 100):
        raise SourceError(f"{display}: this is not a text file (binary content); expected CSV or XLSX")
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if cut and exc.start >= len(head) - 4:  # a character cut by the sample boundary
            return "utf-8"
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _open_text(path: Path, display: str, digest: str, size: int, encoding: str,
               head: bytes) -> Source:
    notes: list[str] = []
    temporary: list[Path] = []
    csv_path = path
    if encoding not in ("utf-8", "utf-8-sig"):
        try:
            csv_path = _transcode(path, encoding)
        except UnicodeError:
            raise SourceError(
                f"{display}: this looks like {_ENCODING_NAMES.get(encoding, encoding)} text but "
                "is damaged (cut off or not text); export it again as CSV or XLSX") from None
        temporary.append(csv_path)
        notes.append(f"read as {_ENCODING_NAMES.get(encoding, encoding)}")
    sample = _decode_sample(head, encoding)
    delimiter = sniff_delimiter(sample)
    records = _first_records(sample, delimiter)
    if not records:
        raise SourceError(f"{display}: the file has no header row")
    return Source(
        path=path, name=display, sha256=digest, size=size, container="csv", encoding=encoding,
        delimiter=delimiter, csv_path=csv_path, header_rows=records,
        n_columns=len(records[0]), notes=notes, temporary=temporary,
    )


_ENCODING_NAMES = {"cp1252": "Windows-1252", "latin-1": "Latin-1", "utf-16": "UTF-16",
                   "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE"}


def _decode_sample(head: bytes, encoding: str) -> str:
    text = head.decode(encoding, errors="replace")
    if len(head) == SAMPLE_BYTES:  # drop the last, probably cut, line
        cut = text.rfind("\n")
        if cut > 0:
            text = text[:cut + 1]
    return text.lstrip("\ufeff")


def _transcode(path: Path, encoding: str) -> Path:
    """Copy a non-UTF-8 text file to a temporary UTF-8 file, streaming."""
    handle, name = tempfile.mkstemp(prefix="empathy-", suffix=".csv")
    os.close(handle)
    target = Path(name)
    errors = "strict" if encoding.startswith("utf-16") else "replace"
    try:
        with path.open("r", encoding=encoding, errors=errors, newline="") as src, \
                target.open("w", encoding="utf-8", newline="") as dst:
            first = True
            while chunk := src.read(1 << 20):
                dst.write(chunk.lstrip("\ufeff") if first else chunk)
                first = False
    except UnicodeError:
        target.unlink(missing_ok=True)
        raise
    return target


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the first records into the most, most consistent fields."""
    best, best_score = ",", (-1.0, 0)
    for delimiter in _DELIMITERS:
        counts = [len(rec) for rec in _first_records(sample, delimiter, limit=200) if rec]
        if not counts:
            continue
        modal, hits = Counter(counts).most_common(1)[0]
        if modal < 2:
            continue
        consistency = hits / len(counts)
        score = (consistency, modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def first_records(sample: str, delimiter: str) -> list[list[str]]:
    """The first records of a CSV text (for a reshaped copy's header rows)."""
    return _first_records(sample, delimiter)


def _first_records(sample: str, delimiter: str, limit: int = HEADER_RECORDS) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            if not record:
                continue
            records.append(record)
            if len(records) >= limit:
                break
    except csv.Error:
        pass
    return records


def record_start_lines(source: Source) -> Iterator[tuple[int, bool]]:
    """Yield (first line, is_blank) for every record in file order, the way DuckDB counts them.

    Only used when a file has problems, to turn record positions into the line numbers a
    person sees in a text editor (a quoted multi-line comment spans several lines).
    """
    if source.record_lines is not None:  # a reshaped copy: its records' lines in the file
        yield from ((line, False) for line in source.record_lines)
        return
    if source.container == "xlsx":
        row = source.row_offset
        with source.csv_path.open("r", encoding="utf-8", newline="") as handle:
            for record in csv.reader(handle, delimiter=source.delimiter):
                row += 1
                yield row, not record
        return
    with source.csv_path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=source.delimiter)
        previous_end = source.row_offset  # lines above the header that were skipped
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error:
                yield previous_end + 1, False
                return
            yield previous_end + 1, not record
            previous_end = source.row_offset + reader.line_num


def _open_xlsx(path: Path, display: str, digest: str, size: int, sheet: str | None) -> Source:
    """Write one sheet of a workbook to a temporary UTF-8 CSV (cells as text)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    handle = path.open("rb")  # a file object: openpyxl would refuse a workbook renamed .csv
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        handle.close()
        raise SourceError(
            f"{display}: a ZIP archive that is not a readable Excel workbook ({exc.__class__.__name__})"
        ) from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise SourceError(
                f"{display}: no sheet named {sheet!r} (sheets: {', '.join(workbook.sheetnames)})"
            )
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        descriptor, name = tempfile.mkstemp(prefix="empathy-", suffix=".csv")
        os.close(descriptor)
        target = Path(name)
        width = 0
        skipped = 0
        records: list[list[str]] = []
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            for row in worksheet.iter_rows(values_only=True):
                cells = [_cell_text(value) for value in row]
                while cells and cells[-1] == "":
                    cells.pop()
                if not records and not cells:
                    skipped += 1  # leading empty rows
                    continue
                width = max(width, len(cells))
                if len(records) < HEADER_RECORDS and cells:
                    records.append(cells)
                writer.writerow(cells)
        title = worksheet.title
    finally:
        workbook.close()
        handle.close()
    if not records:
        target.unlink(missing_ok=True)
        raise SourceError(f"{display}: the workbook's sheet {title!r} is empty")
    _pad_file(target, width)
    records = [rec + [""] * (width - len(rec)) for rec in records]
    return Source(
        path=path, name=display, sha256=digest, size=size, container="xlsx", encoding="xlsx",
        delimiter=",", csv_path=target, header_rows=records, n_columns=width, sheet=title,
        row_offset=skipped, notes=[f"sheet {title!r}"], temporary=[target],
    )


def _pad_file(path: Path, width: int) -> None:
    """Give every row of the sheet's CSV the same number of fields."""
    padded = path.with_suffix(".padded.csv")
    with path.open("r", encoding="utf-8", newline="") as src, \
            padded.open("w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst, lineterminator="\n")
        for record in csv.reader(src):
            writer.writerow(record + [""] * (width - len(record)) if record else [""] * width)
    padded.replace(path)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
