"""Built ahead: when a run sees a data version for the first time in this server process, a
background thread prepares what visitors open next, so that no page pays for it on its first
visit after an import (between its reads the file is left free for the CLI, see ``GAP_SECONDS``):

- the quarterly review for the quarter the Review page opens on, every cohort (the slowest
  page to build: the whole report);
- every KPI table at the sidebar's untouched filters — which also keeps them in the database
  (``dashboard.kpi.persist``) for the CLI and any other process;
- the pages' other reads at those filters (participation, trends, ROI inputs, modules,
  comments, rubric views), per role where what a role sees differs;
- the Overview's reads with the one-click "Trained or not" filter set to program or to
  comparison cohorts.

Everything goes through the same caches as the pages (``shared.read_at``), with the same keys,
so a page finds it there; a read the thread has not reached yet is computed by the page as
before (Streamlit computes one key once at a time). The thread never writes what a person
asked for, holds no connection between reads, and stops at the first database problem (a busy
file during an import): the pages then compute on demand, as without it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

import duckdb
import pandas as pd

from dashboard import config
from dashboard.app_pages import shared
from dashboard.config import build_ahead, resolve_db_path
from dashboard.kpi import Filters, persist, settings
from dashboard.kpi.benchmark import benchmark
from dashboard.kpi.catalog import FilterOptions, filter_options, module_timeline
from dashboard.kpi.effects import effect_months, module_note
from dashboard.kpi.participation import participation_summary
from dashboard.kpi.pulse import comments, hidden_comment_groups
from dashboard.kpi.registry import TABLES
from dashboard.kpi.roi import measured_inputs
from dashboard.kpi.rubric import rubric_agreement, rubric_leader_levels
from dashboard.kpi.trends import arm_trend
from dashboard.plan.calendar import calendar
from dashboard.present import access, audience
from dashboard.present.filter_params import ARMS, build_filters
from dashboard.present.modules import module_design
from dashboard.report import assemble, render_html
from dashboard.report.data import ReportData, data_months
from dashboard.report.quarter import Quarter, review_quarter
from dashboard.store import db

LOG = logging.getLogger("dashboard.ahead")
# Between two reads that opened the database the file is left closed this long: another program
# (the CLI importing a month) waits for it in steps of at most 0.5 s (``db.connect``), so it gets
# in; the next read then waits for it or stops the build. A read faster than CACHED_SECONDS was a
# cache hit and did not open the file.
GAP_SECONDS = 0.6
CACHED_SECONDS = 0.01
_started: set[tuple[str, int]] = set()
_lock = threading.Lock()
_threads: list[threading.Thread] = []


def review_data(con: duckdb.DuckDBPyConnection, code: str, cohorts: tuple[str, ...]) -> ReportData:
    """The review's tables, as the Review page shows them (one definition for the page and for
    building it ahead, so both fill the same cache entry)."""
    return assemble(con, Quarter.parse(code), cohorts, database=resolve_db_path(None).name)


def review_html(con: duckdb.DuckDBPyConnection, path: str, version: int, code: str,
                cohorts: tuple[str, ...]) -> str:
    """The review's HTML, drawn from its tables (read through the same cache as the page's).
    A text, so it is kept in the database per data version (``shared.read``): a fresh process
    shows the report without drawing it again (the slowest part of the page, seconds at a
    million responses)."""
    return render_html(shared.read_at(path, version, None, "review_data", review_data, code, cohorts))


def review_tables(con: duckdb.DuckDBPyConnection, path: str, version: int, code: str,
                  cohorts: tuple[str, ...]) -> pd.DataFrame:
    """The review's KPI tables, one row each: its name and the command that prints it — what the
    Review page lists without the tables themselves (kept like the HTML, so a fresh process lists
    them without assembling the review; a table's bytes are made when it is downloaded)."""
    data = shared.read_at(path, version, None, "review_data", review_data, code, cohorts)
    return pd.DataFrame({"table": list(data.blocks),
                         "command": [block.command() for block in data.blocks.values()]})


def schedule(path: str, version: int) -> None:
    """Start building ahead for ``version`` of the database at ``path``, once per server process;
    returns at once."""
    key = (path, version)
    if not build_ahead():
        return
    with _lock:
        if key in _started:
            return
        _started.add(key)
        _threads[:] = [t for t in _threads if t.is_alive()]  # only the running ones are waited for
        thread = threading.Thread(target=_run, args=key, name="empathy-build-ahead", daemon=True)
        _threads.append(thread)
    thread.start()


def wait(timeout: float | None = None) -> None:
    """Wait for the threads started so far (tests, and a clean shutdown)."""
    for thread in list(_threads):
        thread.join(timeout)


def _run(path: str, version: int) -> None:
    _yield_to_visitors()
    try:
        build(path, version)
    except Exception as problem:  # a busy or changed database: the pages compute on demand
        LOG.info("building ahead for data version %d stopped: %s", version, type(problem).__name__)


def _yield_to_visitors() -> None:
    """Run this thread at the lowest CPU priority (Linux sets it per thread), so a visitor's own
    page run goes first when both want a core; elsewhere it runs at the process's priority."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


def _roles() -> tuple[str | None, ...]:
    """The roles whose views differ (``audience``): every role with sign-in, else admin only
    (local mode gives every visitor every role)."""
    return access.ROLES if shared.auth_configured() else ("admin",)


def build(path: str, version: int) -> None:
    """Fill the caches for ``version``: the KPI tables and the pages' reads at the untouched
    filters first (a second each at most), then the review (the slowest, one or two seconds)."""
    def read(name: str, fn: Callable[..., Any], *args: Any, role: str | None = "admin") -> Any:
        start = time.monotonic()
        result = shared.read_at(path, version, role, name, fn, *args)
        if time.monotonic() - start > CACHED_SECONDS:  # it opened the file: leave it free a moment
            time.sleep(GAP_SECONDS)
        return result

    if _built_before(path, version):
        return
    stored = read("settings", settings.load)
    options = read("filter_options", filter_options)
    if not options.empty:
        _pages(read, build_filters(options).with_(min_group=stored.min_group), stored, options)
        for arm in ARMS:  # the first page's one-click filters: program or comparison cohorts only
            _overview(read, build_filters(options, arm=arm).with_(min_group=stored.min_group), options)
    span = read("data_months", data_months)
    if span is not None:
        code = review_quarter(*span).code
        read("review_html", review_html, path, version, code, ())
        read("review_tables", review_tables, path, version, code, ())
    with db.session(path) as con:
        persist.store(con, (*_BUILT, _roles()), pd.DataFrame({"version": [version]}))


# Kept in the database (``kpi.persist``, emptied by every write) when a build for these roles
# finished: a later server process then leaves the pages to read what is kept as they need it,
# instead of loading all of it again at its first visitor (a build holds the interpreter while it
# loads, and visitors wait for it).
_BUILT = ("built-ahead",)


def _built_before(path: str, version: int) -> bool:
    with db.session(path) as con:
        return db.data_version(con) == version and persist.load(con, (*_BUILT, _roles())) is not None


def _pages(read: Callable[..., Any], filters: Filters, stored: settings.Settings,
           options: FilterOptions) -> None:
    """The pages' reads at the sidebar's untouched filters (``filters``), as each page makes them."""
    for name in TABLES:  # tables every role sees alike once, the others per role
        for role in _roles() if audience.depends_on_role(f"kpi:{name}") else ("admin",):
            read(f"kpi:{name}", shared.compute_table, name, filters, (), role=role)
    for role in _roles():
        for name, fn, args in (
                ("comments", comments, (filters, stored.comment_min_group)),
                ("hidden_comment_groups", hidden_comment_groups, (filters, stored.comment_min_group)),
                ("rubric_leader_levels", rubric_leader_levels, (filters,)),
                ("rubric_agreement", rubric_agreement, (filters,))):
            read(name, fn, *args, role=role)
    for group in ("others", "self"):  # the Pulse page's index; self ratings for HR only
        read("pulse_index", shared.pulse_index_of, filters, group)
    _overview(read, filters, options)
    read("module_timeline", module_timeline, filters)
    read("module_design", module_design, filters)
    read("roi_inputs", measured_inputs, filters, stored.roi)
    read("plan:calendar", calendar, config.today(), stored.min_group)


def _overview(read: Callable[..., Any], filters: Filters, options: FilterOptions) -> None:
    """The first page's reads at ``filters`` (``overview.py`` and the effect notes it shows)."""
    impact = read("kpi:impact", shared.compute_table, "impact", filters, ())
    for name in ("roi", "targets"):
        read(f"kpi:{name}", shared.compute_table, name, filters, ())
    read("effect_months", effect_months, filters, impact)
    read("participation_summary", participation_summary, filters)
    read("arm_trend", arm_trend, filters)
    read("benchmark", benchmark, filters)
    read("module_note", module_note, filters, tuple(options.modules))
