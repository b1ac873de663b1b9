"""The options of one import, as one object: what the CLI's flags, the Data page's choices and
a test set, passed from the entry point down to the step that needs them.

``ingest_file``, ``ingest_files`` and ``propose`` take an :class:`ImportOptions`; keyword
arguments are accepted too and change a copy of it (``ingest_file(con, path, replace=True)``),
so a caller names only what differs from the defaults. Adding an option is one field here
and its use where it matters — no function in between grows a parameter.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_PROBLEMS = 200
DATE_ORDERS = ("day-first", "month-first")

# How an import reports progress to a caller (the Data page shows a bar): (fraction, step).
Progress = Callable[[float, str], None]

Pairs = Mapping[str, str] | Iterable[tuple[str, str]]


def _pairs(value: Pairs | None) -> tuple[tuple[str, str], ...]:
    """``--map`` choices as (target, column) pairs, in the order given; a target may repeat
    (a fallback chain of id columns, several comment columns)."""
    if not value:
        return ()
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((str(target), str(column)) for target, column in items)


def _mapping(value: Pairs | None) -> dict[str, str]:
    return dict(_pairs(value))


class OptionError(ValueError):
    """An option value that cannot be used (an unknown date order, a header row below 1)."""


@dataclass(frozen=True)
class ImportOptions:
    """Everything an import may be told besides the file itself.

    Mapping edits (``overrides`` = ``--map``, ``constants`` = ``--set``, ``scales`` =
    ``--scale``) apply to the proposed mapping; ``profile`` names a saved mapping (else one
    saved for the same layout is used); ``save_profile`` stores the mapping used in the same
    transaction as the data. ``dry_run`` checks everything and rolls back (the Data page's
    preview). ``keep_partials`` keeps unfinished responses (test and preview rows are left out
    always; None: as the saved profile says, False: left out whatever it says);
    ``header_row`` is the 1-based line (sheet row) of the header when title rows sit
    above it; ``dates`` settles day-first or month-first when the file cannot tell.
    ``recodes`` say what a categorical field's or a module's values mean
    (``{"rater_type": {"A colleague": "peer"}}``); ``duplicates`` which of a respondent's repeat
    submissions is kept.
    """

    kind: str | None = None
    replace: bool = False
    name: str | None = None
    user: str | None = None
    source: str = "cli"
    sheet: str | None = None
    overrides: tuple[tuple[str, str], ...] = ()
    constants: Mapping[str, str] = field(default_factory=dict)
    scales: Mapping[str, str] = field(default_factory=dict)
    profile: str | None = None
    save_profile: str | None = None
    max_problems: int = MAX_PROBLEMS
    progress: Progress | None = field(default=None, compare=False)
    dry_run: bool = False
    keep_partials: bool | None = None  # None: as the profile in use says (else left out)
    header_row: int | None = None
    dates: str | None = None
    # --recode: field -> {value in the file: canonical value}; a profile's recodes are added
    recodes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # --duplicates: which of a respondent's repeat submissions is kept (latest, first, refuse)
    duplicates: str | None = None

    def __post_init__(self) -> None:
        # accept dicts and lists from callers; keep immutable, ordered forms
        object.__setattr__(self, "overrides", _pairs(self.overrides))
        object.__setattr__(self, "constants", _mapping(self.constants))
        object.__setattr__(self, "scales", _mapping(self.scales))
        object.__setattr__(self, "recodes", {str(name): dict(values) for name, values in (self.recodes or {}).items()})
        if self.dates is not None:
            order = self.dates.strip().lower().replace("_", "-")
            if order not in DATE_ORDERS:
                raise OptionError(f"dates {self.dates!r}: use day-first or month-first")
            object.__setattr__(self, "dates", order)
        if self.header_row is not None and self.header_row < 1:
            raise OptionError(f"header row {self.header_row}: count lines from 1")

    def but(self, **changes: Any) -> ImportOptions:
        """A copy with some options changed (unknown names raise TypeError)."""
        if not changes:
            return self
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise TypeError(f"unknown import option(s): {', '.join(unknown)}")
        values = {name: ((() if name == "overrides" else {}) if value is None and name in _EMPTY_AS_NONE
                         else value) for name, value in changes.items()}
        return dataclasses.replace(self, **values)

    def report(self, fraction: float, step: str) -> None:
        """Tell the caller how far the import is (nothing when nobody listens)."""
        if self.progress is not None:
            self.progress(fraction, step)

    @property
    def confirms(self) -> bool:
        """Saving a profile confirms the new questions the mapping adds."""
        return bool(self.save_profile)


# options a caller may pass as None to mean "none"
_EMPTY_AS_NONE = frozenset({"overrides", "constants", "scales", "recodes"})


def options_from(options: ImportOptions | None, changes: Mapping[str, Any]) -> ImportOptions:
    """``options`` (or the defaults) with keyword ``changes`` applied."""
    return (options or ImportOptions()).but(**changes)
