"""The quarterly stakeholder review: one self-contained HTML file (and a PDF print of it).

- :mod:`quarter` — what ``2026-Q2`` means in months;
- :mod:`data` — fetches the KPI tables for each section (the only place numbers come from);
- :mod:`narrative` — the sentences; :mod:`sections` and :mod:`tables` — the layout, with the
  charts of ``dashboard.present.charts`` in its print theme;
- :mod:`document` — the HTML file; :mod:`pdf` — printing it with a headless Chromium.

May import: dashboard.config, dashboard.store, dashboard.ingest, dashboard.kpi,
dashboard.present
"""

from __future__ import annotations

import os
from datetime import datetime

import duckdb

from dashboard.report.data import ReportData, assemble
from dashboard.report.document import render_html
from dashboard.report.quarter import Quarter, QuarterError


def build_report(con: duckdb.DuckDBPyConnection, quarter: Quarter | str, cohorts: tuple[str, ...] = (),
                 min_group: int | None = None, assumptions_path: str | os.PathLike[str] | None = None,
                 database: str = "", paper: str | None = None,
                 generated_at: datetime | None = None) -> str:
    """The review for ``quarter`` as HTML text (what the CLI writes and the app shows);
    ``min_group`` and the assumptions default to the database's settings."""
    if isinstance(quarter, str):
        quarter = Quarter.parse(quarter)
    data = assemble(con, quarter, tuple(cohorts), min_group, assumptions_path, database, generated_at)
    return render_html(data, paper=paper)


__all__ = ["Quarter", "QuarterError", "ReportData", "assemble", "build_report", "render_html"]
