"""The pilot's targets against the program arm's baseline and latest value.

A target is a change per KPI: relative (``-10`` relative_pct = 10% lower than baseline) or
in points (``+10`` points of favourable answers). Targets stored in the database (set on
the pilot plan) win over the defaults in ``data/targets.csv``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from dashboard.config import DATA_DIR
from dashboard.kpi.cache import cached
from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters
from dashboard.kpi.impact import design, impact
from dashboard.kpi.registry import IMPACT_METRICS, METRICS
from dashboard.kpi.rounding import round_half_away
from dashboard.store import sql

DEFAULT_TARGETS = DATA_DIR / "targets.csv"
UNITS = ("relative_pct", "points")


class TargetsError(ValueError):
    """A targets file that cannot be used."""


@dataclass(frozen=True)
class Target:
    kpi: str
    change: float
    unit: str
    note: str = ""

    def describe(self) -> str:
        sign = "+" if self.change > 0 else "−" if self.change < 0 else ""
        amount = f"{abs(self.change):g}"
        return f"{sign}{amount}% relative" if self.unit == "relative_pct" else f"{sign}{amount} points"


def read_targets_file(path: str | Path) -> list[Target]:
    """Targets from a CSV with columns kpi, change, unit (relative_pct or points), note."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TargetsError(f"{source}: no such file") from None
    targets = []
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        kpi = (row.get("kpi") or "").strip()
        unit = (row.get("unit") or "").strip()
        if kpi not in IMPACT_METRICS:
            raise TargetsError(f"{source.name}:{line}: kpi: unknown KPI {kpi!r} "
                               f"(expected one of {', '.join(IMPACT_METRICS)})")
        if unit not in UNITS:
            raise TargetsError(f"{source.name}:{line}: unit: expected relative_pct or points, got {unit!r}")
        try:
            change = float((row.get("change") or "").strip())
        except ValueError:
            raise TargetsError(f"{source.name}:{line}: change: not a number") from None
        targets.append(Target(kpi, change, unit, (row.get("note") or "").strip()))
    return targets


def current_targets(con: duckdb.DuckDBPyConnection, path: str | Path | None = None) -> list[Target]:
    """The targets in force: an explicit file, else those stored, else the shipped defaults."""
    if path:
        return read_targets_file(path)
    stored = sql.rows(con, "ops/current_targets")
    if stored:
        return [Target(kpi, float(change), unit, note or "") for kpi, change, unit, note in stored]
    return read_targets_file(DEFAULT_TARGETS)


def _latest_values(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, tuple[str, float, bool]]:
    """Per metric: the most recent month with visible data, the program arm's value over the
    last three months up to it (mean over program leaders, each pooled over those months, as
    the baseline is; only cells visible at k, so ``--to`` one month later differs by visible
    cells alone) and whether a hidden cell was left out. DuckDB does the work."""
    _windows, program, _comparison = design(con, filters)
    frame = mart(con, "latest_values", filters, program_cohorts=sorted(program))
    rows = frame[["metric", "latest_period", "value", "some_excluded"]].itertuples(index=False, name=None)
    return {metric: (period, float(value), bool(excluded))
            for metric, period, value, excluded in rows if pd.notna(value)}


def targets_table(con: duckdb.DuckDBPyConnection, filters: Filters,
                  path: str | Path | None = None) -> pd.DataFrame:
    """Target, baseline, latest, change and progress per KPI with a target."""
    targets = current_targets(con, path)
    # the same cache entry kpi.compute("impact") uses: the table is computed once per version
    effects = cached(con, ("table", "impact", filters, ()), lambda: impact(con, filters))
    baselines: dict[str, float] = dict(zip(effects["metric"], effects["program_baseline"], strict=True))
    # the unit the baseline and latest value are in (the pulse score's may be % of scale range)
    units: dict[str, str] = dict(zip(effects["metric"], effects["unit"], strict=True))
    baseline_excluded: dict[str, bool] = dict(zip(effects["metric"], effects["some_excluded"], strict=True))
    latest = _latest_values(con, filters)
    rows = []
    for target in targets:
        info = METRICS[target.kpi]
        baseline = baselines.get(target.kpi, np.nan)
        period, value, excluded = latest.get(target.kpi, (None, np.nan, False))
        row = {"kpi": target.kpi, "target": target.describe(), "baseline": baseline,
               "latest": value, "latest_period": period, "change": np.nan,
               "target_value": np.nan, "progress_pct": np.nan, "status": "no data",
               "label": info.label, "unit": units.get(target.kpi, info.unit_label), "note": target.note,
               "some_excluded": excluded or bool(baseline_excluded.get(target.kpi, False))}
        if pd.notna(baseline) and pd.notna(value):
            wanted = baseline * target.change / 100 if target.unit == "relative_pct" else target.change
            change = value - baseline
            progress = change / wanted * 100 if wanted else np.nan
            row.update(change=change, target_value=baseline + wanted, progress_pct=progress,
                       status=_status(progress))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["kpi", "target", "baseline", "latest", "change",
                                        "progress_pct", "status", "latest_period",
                                        "target_value", "label", "unit", "note", "some_excluded"])
    for column in ("baseline", "latest", "change", "target_value"):
        frame[column] = [round_half_away(v, METRICS[k].decimals) if pd.notna(v) else np.nan
                         for v, k in zip(frame[column].astype("float64"), frame["kpi"], strict=True)]
        frame[column] = frame[column].astype("float64")
    frame["progress_pct"] = round_half_away(frame["progress_pct"].astype("float64"), 1)
    return frame


def _status(progress: float) -> str:
    if pd.isna(progress):
        return "no data"
    if progress >= 100:
        return "met"
    if progress >= 50:
        return "on track"
    if progress > 0:
        return "some progress"
    return "not yet"
