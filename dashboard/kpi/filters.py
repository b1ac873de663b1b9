"""The filters every KPI table takes — the same on a page, in the CLI and in the report."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field, replace
from typing import Any

from dashboard.kpi.privacy import DEFAULT_MIN_GROUP, check_min_group

_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
ASSESSOR_TYPES = ("facilitator", "peer", "self")


class FilterError(ValueError):
    """A filter value that cannot be used (bad period, level, group size)."""


@dataclass(frozen=True)
class Filters:
    """What to include and how to compute. Frozen and hashable: pages cache on it."""

    cohorts: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    arms: tuple[str, ...] = ()
    period_from: str = ""
    period_to: str = ""
    rater_groups: tuple[str, ...] = ()
    min_group: int = DEFAULT_MIN_GROUP
    assessors: tuple[str, ...] = ("facilitator",)
    level: float = 0.95
    baseline_to: str = ""
    post_from: str = ""
    extra: tuple[tuple[str, Any], ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("period_from", "period_to", "baseline_to", "post_from"):
            value = getattr(self, name)
            if value and not _PERIOD.match(value):
                raise FilterError(f"{name.replace('_', '-')} must be a month as YYYY-MM, got {value!r}")
        if self.period_from and self.period_to and self.period_from > self.period_to:
            raise FilterError(f"--from {self.period_from} is after --to {self.period_to}")
        if not 0.5 <= self.level < 1:
            raise FilterError(f"level must be between 0.5 and 0.999 (e.g. 0.95), got {self.level}")
        try:
            check_min_group(self.min_group)
        except ValueError as exc:
            raise FilterError(str(exc)) from None
        for assessor in self.assessors:
            if assessor not in ASSESSOR_TYPES:
                raise FilterError(f"unknown assessor type {assessor!r} (expected {', '.join(ASSESSOR_TYPES)})")

    def params(self) -> dict[str, Any]:
        """The SQL parameters every mart may bind (``min_group``: the k the gated cells of
        ``queries/staging`` are judged at, so every pooled figure is built from visible cells)."""
        return {
            "cohorts": list(self.cohorts),
            "modules": list(self.modules),
            "arms": list(self.arms),
            "period_from": self.period_from,
            "period_to": self.period_to,
            "rater_groups": list(self.rater_groups),
            "assessors": list(self.assessors),
            "min_group": self.min_group,
        }

    def cli_args(self) -> list[str]:
        """The ``python -m dashboard kpi`` options selecting these filters: the one place
        filters become arguments (pages, report and review print them; ``dashboard.cli.kpi``
        ``filters_from`` reads them back). ``--min-group`` is written only when it is not the
        default, as today: without it the command uses the database's k."""
        args: list[str] = []
        for option, values in (("--cohort", self.cohorts), ("--module", self.modules),
                               ("--arm", self.arms)):
            args += [part for value in values for part in _option(option, value)]
        for option, month in (("--from", self.period_from), ("--to", self.period_to)):
            args += _option(option, month) if month else []
        args += [part for group in self.rater_groups for part in _option("--rater-group", group)]
        for option, month in (("--baseline-to", self.baseline_to), ("--post-from", self.post_from)):
            args += _option(option, month) if month else []
        if self.min_group != DEFAULT_MIN_GROUP:
            args += ["--min-group", str(self.min_group)]
        if self.assessors != ("facilitator",):
            for assessor in self.assessors:
                args += ["--assessor", assessor]
        if self.level != 0.95:
            args += ["--level", repr(float(self.level))]  # repr reads back as the same float
        return args

    def with_(self, **changes: Any) -> Filters:
        """A copy with some filters changed."""
        return replace(self, **changes)


def _option(option: str, value: str) -> list[str]:
    """``--cohort Pilot``; a value starting with ``-`` is glued on (``--cohort=-x``) so that
    argparse does not take it for an option."""
    return [f"{option}={value}"] if value.startswith("-") else [option, value]


def cli_command(table: str, filters: Filters, *extra: str) -> str:
    """The shell command printing KPI table ``table`` for ``filters`` (``extra`` options
    after them), quoted so that it can be pasted as it is: a cohort "Wave 2" stays one word."""
    return shlex.join(["python", "-m", "dashboard", "kpi", table, *filters.cli_args(), *extra])
