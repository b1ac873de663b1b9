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
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from dashboard.config import QUERIES_DIR
from dashboard.store import sql

_SCORING = tuple(sorted(p.stem for p in (QUERIES_DIR / "scoring").glob("*.sql")))
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
