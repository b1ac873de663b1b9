"""Pre-aggregated pulse tables, kept exact and up to date inside the transaction of every
change, so KPI queries read thousands of rows instead of millions of answers.

- ``agg_pulse_leader_scale`` (leader × month × scale kind × rater) depends only on the
  answers: a pulse import or undo refreshes just the periods it touched (a new month costs
  one month).
- ``agg_pulse_cohort`` holds exact distinct respondents per cohort (a peer who rates two
  leaders of a cohort counts once), so it also follows the roster: a roster change rebuilds it.

Answers are scored by the scoring macros (``queries/scoring``: ``flip``, ``favourable``,
``promoter``, ``detractor``, each by the question's scale from ``scale_rule``), the one
definition of those rules; :func:`create_scoring_macros` puts them on a connection.

Who counts towards k is defined once too (``queries/privacy``: ``visible_at`` and
``eligible_answers`` — where the roster lists members, only people on it count);
:func:`create_privacy_macros` puts them on a connection for the KPI staging and for the
import's checks (:func:`privacy_notes`): respondents the roster does not know, and an import
that adds respondents to a past cell that was hidden, are said in the import's summary.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from dashboard.config import QUERIES_DIR
from dashboard.store import sql

_SCORING = tuple(sorted(p.stem for p in (QUERIES_DIR / "scoring").glob("*.sql")))
_PRIVACY = tuple(sorted(p.stem for p in (QUERIES_DIR / "privacy").glob("[0-9]*.sql")))
# the admin's k as the KPI settings store it (``kpi.settings``): default and floor as in
# ``kpi.privacy`` (a test keeps them equal); the store may not import the KPI layer
DEFAULT_MIN_GROUP, LOWEST_MIN_GROUP = 5, 3
_STEPS = tuple(sorted(p.stem for p in (QUERIES_DIR / "aggregates").glob("*.sql")))
_COHORT_STEPS = ("01_response_facts", "02b_respondent_facts", "04_delete_cohort", "05_leader_cohort",
                 "06_insert_cohort_scale", "07_insert_cohort_question", "08_drop_facts",
                 "08b_drop_respondent_facts", "09_drop_leader_cohort")


def create_scoring_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create the scoring macros on this connection (temporary, idempotent, cheap).

    Called where answers are scored (:func:`refresh`, the KPI staging) rather than on
    connect, so any connection that scores has them and the rules live in no database
    file: a rule changed in ``queries/scoring`` applies to old files and backups alike.
    Inside a transaction they follow it (a rollback restores what was there before).
    """
    for name in _SCORING:
        sql.execute(con, f"scoring/{name}")


def create_privacy_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``visible_at`` and ``eligible_answers`` on this connection (temporary, cheap),
    where cells are judged: the KPI staging and the import's checks."""
    for name in _PRIVACY:
        sql.execute(con, f"privacy/{name}")


def stored_min_group(con: duckdb.DuckDBPyConnection) -> int:
    """The k an admin stored, else the default (never below the floor)."""
    value = sql.scalar(con, "privacy/stored_min_group")
    try:
        return max(int(str(value)), LOWEST_MIN_GROUP) if value is not None else DEFAULT_MIN_GROUP
    except ValueError:
        return DEFAULT_MIN_GROUP


def keep_cells(con: duckdb.DuckDBPyConnection, periods: Sequence[str] | None = None) -> None:
    """Before an import (inside its transaction): note each pulse cell's eligible respondents in
    ``periods`` (all when None), for :func:`privacy_notes` to compare with afterwards."""
    create_privacy_macros(con)
    sql.execute(con, "privacy/cells_before", {"periods": sorted(periods) if periods else []})


def privacy_notes(con: duckdb.DuckDBPyConnection, kind: str, import_id: int) -> list[str]:
    """What an import changed about who counts, for its summary and the audit log: this file's
    respondents left out because the roster does not list them (or anonymous, which cannot be
    matched), its anonymous responses counted one each, and past cells hidden before it that
    now have more respondents (padding a small group is how its answers would be revealed)."""
    notes: list[str] = []
    k = stored_min_group(con)
    scope = {"import_id": import_id if kind == "pulse" else None}
    unlisted, anonymous, _listed = sql.rows(con, "privacy/left_out_respondents", scope)[0]
    whose = "of this file's respondents are" if kind == "pulse" else "respondents in stored answers are"
    if unlisted:
        notes.append(f"{unlisted} {whose} not on the roster: left out of every figure (only people "
                     "on the roster count where it lists members)")
    if anonymous:
        notes.append(f"{anonymous} anonymous responses (no respondent id) cannot be matched to the "
                     "roster, which lists members: left out of every figure")
    if kind == "pulse":
        counted = int(sql.scalar(con, "privacy/anonymous_responses", scope) or 0)
        if counted and not anonymous:
            notes.append(f"{counted} responses have no respondent id: each counts as one respondent "
                         "(counted as responses)")
    grown = sql.rows(con, "privacy/grown_hidden_cells", {"min_group": k})
    sql.execute(con, "privacy/drop_cells_before")
    if grown:
        months = sorted({period for _leader, period, _visible in grown})
        shown = sum(1 for *_rest, now_visible in grown if now_visible)
        notes.append(f"this import adds respondents to {len(grown)} earlier leader-month(s) that had "
                     f"fewer than {k} respondents ({', '.join(months)}); {shown} now reach {k} and "
                     f"are shown. If those answers are not genuine, undo it: python -m dashboard undo "
                     f"{import_id}")
    return notes


def refresh(con: duckdb.DuckDBPyConnection, periods: Sequence[str] | None = None,
            cohorts_only: bool = False) -> None:
    """Recompute the aggregates of ``periods`` (all when None); call inside the transaction."""
    if periods is not None and not periods:
        return
    params = {"periods": sorted(periods) if periods else []}
    create_scoring_macros(con)
    for step in _COHORT_STEPS if cohorts_only else _STEPS:
        sql.execute(con, f"aggregates/{step}", params)


def import_periods(con: duckdb.DuckDBPyConnection, import_id: int) -> list[str]:
    """The pulse periods an import stored or replaced rows in."""
    return [period for (period,) in sql.rows(con, "ops/import_periods", {"import_id": import_id})]


def after_change(con: duckdb.DuckDBPyConnection, kind: str, periods: Sequence[str] = ()) -> None:
    """Bring the aggregates in line after a change to ``kind`` (inside its transaction)."""
    if kind == "pulse":
        refresh(con, periods)
    elif kind == "roster":
        refresh(con, None, cohorts_only=True)
    elif kind == "questions":
        refresh(con, None)
