"""Read an export's records into DuckDB as text, and clean up afterwards.

Shared by the import and by ``detect``: both read every record of the file into the temp
table ``raw`` (header records included, one text column per field) before deciding anything,
so values can inform the proposed mapping and no type guess can fail later.
"""

from __future__ import annotations

import contextlib

import duckdb

from dashboard.config import QUERIES_DIR
from dashboard.ingest.problems import Problem, reject_reason
from dashboard.ingest.source import Source
from dashboard.store import ids, sql
from dashboard.store.specs import TEMPORARY_TABLES, TEMPORARY_VIEWS

# Names an import or a proposal registers on the connection (pandas frames and relations).
REGISTERED = ("src", "date_values", "person_values", "person_found", "scale_label", "ref_wide_column",
              "file_question", "leave_out_cells", "left_out_rec")


_MACROS = tuple(f"ingest/macros/{path.stem}"
                for path in sorted((QUERIES_DIR / "ingest" / "macros").glob("*.sql")))


class RawReadError(Exception):
    """DuckDB cannot read the file as CSV at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.reason)
        self.problem = problem


def create_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The temp macros the ingest SQL uses (``clean``, ``token`` ..., and the id and
    personal-data macros of ``queries/ids``: ``pseudonym``, ``mask_contact`` ...)."""
    ids.create_macros(con)
    sql.create_macro_set(con, "ingest", _MACROS)


def read_raw(con: duckdb.DuckDBPyConnection, src: Source, limit: int) -> tuple[list[Problem], int]:
    """Read every record as text into temp table ``raw`` and number it (view ``raw_numbered``).

    Returns the records the reader could not split into the header's columns (at most
    ``limit`` of them, and how many in all); the rest of the file is still read so the
    analyst sees every problem at once. A UTF-8 guess that meets Windows-1252 bytes further
    on is retried as Windows-1252.
    """
    columns = {f"c{i}": "VARCHAR" for i in range(src.n_columns)}
    for attempt in (1, 2):
        params = {"path": str(src.csv_path), "delim": src.delimiter, "columns": columns}
        try:
            sql.execute(con, "ingest/load_raw", params)
        except duckdb.Error as exc:
            text = str(exc)
            if attempt == 1 and "unicode" in text.lower() and src.encoding == "utf-8":
                src.reread_as("cp1252")
                continue
            raise RawReadError(Problem("(file)", "cannot read the file as CSV: "
                                       + text.strip().splitlines()[0])) from None
        rejects = sql.rows(con, "ingest/load_rejects", {"limit": limit})
        if attempt == 1 and src.encoding == "utf-8" and any(
                kind.upper() == "INVALID UNICODE" for _l, kind, _m, _t in rejects):
            src.reread_as("cp1252")  # not UTF-8 after all (past the sampled start)
            continue
        break
    problems = [Problem("(row)", reject_reason(kind, message), record_no=int(line))
                for line, kind, message, _total in rejects]
    sql.execute(con, "ingest/raw_numbered")
    return problems, (int(rejects[0][3]) if rejects else 0)


def drop_temporaries(con: duckdb.DuckDBPyConnection) -> None:
    """Free what an import or a proposal created on this connection (raw can be large)."""
    for name in REGISTERED:
        with contextlib.suppress(duckdb.Error, KeyError):
            con.unregister(name)
    for table in TEMPORARY_TABLES:
        sql.template(con, "drop_temp_table", table)
    for view in TEMPORARY_VIEWS:
        sql.template(con, "drop_temp_view", view)
