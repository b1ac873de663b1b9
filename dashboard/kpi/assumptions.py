"""The ROI's assumptions: what they are, how a file, a form or the stored defaults become
them (one validation for all three), and how they are written back as TOML."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from dashboard.config import DATA_DIR

DEFAULT_ASSUMPTIONS = DATA_DIR / "roi_assumptions.toml"


class AssumptionsError(ValueError):
    """An assumptions file that cannot be used."""


@dataclass(frozen=True)
class Assumptions:
    """Everything the ROI depends on besides the measured effects (see roi_assumptions.toml)."""

    currency: str = "EUR"
    cost_per_escalation: float = 250.0
    average_salary: float = 62000.0
    replacement_cost_multiplier: float = 0.5
    annual_interactions: float = 0.0
    team_headcount: float = 0.0
    attribution_pct: float = 50.0
    confidence_pct: float = 70.0
    # leavers avoided are capped at this share of the measured teams' leavers a year at the
    # baseline rate: a small team's attrition is noisy, and no program keeps everyone
    attrition_cap_pct: float = 50.0
    participants: float = 0.0
    participant_hours: float = 10.0
    participant_hourly_cost: float = 75.0
    facilitator_hours: float = 60.0
    facilitator_hourly_rate: float = 120.0
    platform_cost: float = 5000.0
    development_cost: float = 8000.0
    evaluation_cost: float = 3000.0
    other_costs: float = 0.0

    def with_(self, **changes: Any) -> Assumptions:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_assumptions(path: str | os.PathLike[str] | None = None) -> Assumptions:
    """Read an assumptions TOML file (sections are only for readability)."""
    source = Path(path) if path else DEFAULT_ASSUMPTIONS
    try:
        raw = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AssumptionsError(f"{source}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise AssumptionsError(f"{source}: not valid TOML ({exc})") from None
    flat: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, dict):
            flat.update(value)
        else:
            flat[key] = value
    return assumptions_from(flat, str(source))


def assumptions_from(values: Mapping[str, Any], source: str = "assumptions") -> Assumptions:
    """Check flat ``name = value`` pairs and make them Assumptions; the one validation for a
    file, a form and the defaults stored in the database, so none can hold what another
    would refuse. Missing names keep their defaults."""
    known = {f.name for f in fields(Assumptions)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise AssumptionsError(f"{source}: unknown assumption(s) {', '.join(unknown)}")
    checked: dict[str, Any] = {}
    for key, value in values.items():
        if key == "currency":
            text = str(value).strip()
            if not text:
                raise AssumptionsError(f"{source}: currency must not be empty")
            checked[key] = text
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0 \
                or value == float("inf"):
            raise AssumptionsError(f"{source}: {key} must be a number of zero or more, got {value!r}")
        checked[key] = float(value)
    for key in ("attribution_pct", "confidence_pct", "attrition_cap_pct"):
        if checked.get(key, 0) > 100:
            raise AssumptionsError(f"{source}: {key} must be at most 100")
    return Assumptions(**checked)


_SECTIONS = {
    "benefits": ("cost_per_escalation", "average_salary", "replacement_cost_multiplier",
                 "annual_interactions", "team_headcount"),
    "adjustments": ("attribution_pct", "confidence_pct", "attrition_cap_pct"),
    "costs": ("participants", "participant_hours", "participant_hourly_cost", "facilitator_hours",
              "facilitator_hourly_rate", "platform_cost", "development_cost", "evaluation_cost",
              "other_costs"),
}


def dump_assumptions(assumptions: Assumptions) -> str:
    """The assumptions as a TOML file that ``load_assumptions`` (``kpi roi --assumptions``)
    reads back unchanged: what the Impact & ROI page offers for download."""
    values = assumptions.as_dict()
    lines = ["# ROI assumptions (python -m dashboard kpi roi --assumptions FILE).",
             "# 0 for a volume means: take it from the data.", "",
             f"currency = {_toml_string(str(values['currency']))}"]
    for section, names in _SECTIONS.items():
        lines += ["", f"[{section}]"]
        lines += [f"{name} = {float(values[name])!r}" for name in names]
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
