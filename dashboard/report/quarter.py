"""Quarters: what ``--quarter 2026-Q2`` means in months, and the quarters around it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.present.formatting import MONTHS

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")
TREND_QUARTERS = 4


class QuarterError(ValueError):
    """A quarter that cannot be read."""


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: Q1 = January–March."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'2026-Q2' (also '2026Q2', '2026-q2')."""
        match = _QUARTER.match(text or "")
        if not match:
            raise QuarterError(f"quarter must look like 2026-Q2, got {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, period: str) -> Quarter:
        """The quarter a 'YYYY-MM' month belongs to."""
        return cls(int(period[:4]), (int(period[5:7]) - 1) // 3 + 1)

    @property
    def months(self) -> tuple[str, str, str]:
        first = (self.number - 1) * 3 + 1
        one, two, three = (f"{self.year:04d}-{m:02d}" for m in range(first, first + 3))
        return one, two, three

    @property
    def first_month(self) -> str:
        return self.months[0]

    @property
    def last_month(self) -> str:
        return self.months[-1]

    @property
    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def back(self, quarters: int) -> Quarter:
        """The quarter ``quarters`` before this one."""
        index = self.year * 4 + self.number - 1 - quarters
        return Quarter(index // 4, index % 4 + 1)

    @property
    def trend_from(self) -> str:
        """First month of the trend window: this quarter and the three before it, so a
        year of context leads up to the quarter under review."""
        return self.back(TREND_QUARTERS - 1).first_month

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.year}"

    @property
    def span_label(self) -> str:
        """'Apr–Jun 2026'."""
        first = (self.number - 1) * 3
        return f"{MONTHS[first]}–{MONTHS[first + 2]} {self.year}"

    def __str__(self) -> str:
        return self.code


def quarters_between(first_period: str, last_period: str) -> list[Quarter]:
    """Every quarter from the one holding ``first_period`` to the one holding ``last_period``."""
    first, last = Quarter.containing(first_period), Quarter.containing(last_period)
    count = (last.year * 4 + last.number) - (first.year * 4 + first.number)
    return [last.back(i) for i in range(count, -1, -1)]


def latest_complete(last_period: str) -> Quarter:
    """The quarter to review by default: the one holding ``last_period`` if that month ends it,
    else the quarter before (a quarter with one month of data is not ready for review)."""
    quarter = Quarter.containing(last_period)
    return quarter if quarter.last_month == last_period else quarter.previous


def review_quarter(first_period: str, last_period: str) -> Quarter:
    """The quarter a review opens on for data from ``first_period`` to ``last_period``: the
    latest complete one, else the last with data."""
    quarters = quarters_between(first_period, last_period)
    default = latest_complete(last_period)
    return default if default in quarters else quarters[-1]
