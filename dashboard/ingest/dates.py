"""Decide, per date column, whether its values are ISO, month-first or day-first.

Spreadsheets write 03/04/2026 for the 4th of March in one locale and the 3rd of April in
another. The whole column is read one way, chosen from the values that can only be read
one way; when every value could be either, the analyst is asked instead of guessed for.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from dashboard.store import sql

_TIMES = ["", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", " %H:%M:%S.%f"]
# Two-digit years are tried before four-digit ones ('%Y' would read 1/19/26 as the year 26;
# '%y' cannot read 1/19/2026). Dates with the month's name read the same in every locale: first in both lists (before a
# four-digit-year format can read 'Jan-26' as year 26), so they never vote
_NAMED = [f"%B %d, %Y{t}" for t in _TIMES] + [f"%b %d, %Y{t}" for t in _TIMES] + [
    f"%d-%b-%y{t}" for t in _TIMES] + ["%b-%y", "%B-%y", "%B %Y", "%b %Y"]
MONTH_FIRST = _NAMED + [f"%m/%d/%y{t}" for t in _TIMES] + [f"%m/%d/%Y{t}" for t in _TIMES] + [
    f"%m-%d-%Y{t}" for t in _TIMES] + [f"%Y/%m/%d{t}" for t in _TIMES] + [
    f"%m.%d.%Y{t}" for t in _TIMES] + [f"%Y-%m-%d{t}" for t in _TIMES]
DAY_FIRST = _NAMED + [f"%d/%m/%y{t}" for t in _TIMES] + [f"%d/%m/%Y{t}" for t in _TIMES] + [
    f"%d-%m-%Y{t}" for t in _TIMES] + [f"%Y/%m/%d{t}" for t in _TIMES] + [
    f"%d.%m.%Y{t}" for t in _TIMES] + [f"%d %b %Y{t}" for t in _TIMES] + [
    f"%d %B %Y{t}" for t in _TIMES] + [f"%d-%b-%Y{t}" for t in _TIMES] + [
    f"%Y-%m-%d{t}" for t in _TIMES]
ORDERS = {"day-first": "day_first", "month-first": "month_first"}


@dataclass(frozen=True)
class DateReading:
    """How one column's dates are read, or why they cannot be."""

    order: str  # iso, month_first, day_first, ambiguous
    formats: list[str]
    example: str | None = None

    @property
    def problem(self) -> str | None:
        if self.order != "ambiguous":
            return None
        return (
            "cannot tell day-first from month-first: every value could be either "
            f"(e.g. {self.example!r}); choose with --dates day-first or --dates month-first, "
            "or re-export with ISO dates (YYYY-MM-DD) or with a day after the 12th"
        )


@dataclass(frozen=True)
class Votes:
    """How many distinct values of a column each reading accepts."""

    month_first: int
    day_first: int
    only_month_first: int
    only_day_first: int
    differ: int
    example: str | None

    @property
    def needs_order(self) -> bool:
        return bool(self.month_first or self.day_first)


def column_votes(con: duckdb.DuckDBPyConnection) -> Votes | None:
    """Votes for the values in view ``date_values(v)``; None when every value is ISO."""
    if sql.scalar(con, "ingest/date_iso_check"):
        return None
    row = sql.rows(con, "ingest/date_votes", {"month_first": MONTH_FIRST, "day_first": DAY_FIRST})[0]
    _n, _iso, month_first, day_first, only_mf, only_df, differ, example = row
    return Votes(month_first, day_first, only_mf, only_df, differ, example)


def decide(votes: list[Votes], order: str | None = None) -> DateReading:
    """One reading for all the date columns of a file: they come from one locale.

    The analyst's ``order`` (``day-first`` / ``month-first``) is final: a value it cannot
    read is a row problem. Otherwise values that only one reading accepts decide; when both
    kinds occur, the majority wins and the rest become row problems; when every value could
    be either, nobody guesses.
    """
    needed = [v for v in votes if v.needs_order]
    if not needed:
        return DateReading("iso", MONTH_FIRST)
    if order is not None:
        chosen = ORDERS[order]
        return DateReading(chosen, DAY_FIRST if chosen == "day_first" else MONTH_FIRST)
    only_mf = sum(v.only_month_first for v in needed)
    only_df = sum(v.only_day_first for v in needed)
    if only_df > only_mf:
        return DateReading("day_first", DAY_FIRST)
    if only_mf > only_df:
        return DateReading("month_first", MONTH_FIRST)
    differing = [v for v in needed if v.differ]
    if differing:
        return DateReading("ambiguous", MONTH_FIRST, differing[0].example)
    # nothing disagrees (every day equals its month, or only one reading parses anything)
    month_first = sum(v.month_first for v in needed)
    day_first = sum(v.day_first for v in needed)
    return (DateReading("month_first", MONTH_FIRST) if month_first >= day_first
            else DateReading("day_first", DAY_FIRST))
