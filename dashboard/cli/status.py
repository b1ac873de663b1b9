"""``status``: the measurement calendar; exit 1 when something is overdue (for a scheduled job)."""

from __future__ import annotations

import argparse
import datetime as dt

from dashboard.cli.common import CliError, add_command, format_table, frame_to_json
from dashboard.config import today as default_today
from dashboard.kpi import settings
from dashboard.plan.calendar import KINDS, calendar, overdue
from dashboard.present.formatting import month_label
from dashboard.store import db


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(subparsers, "status", "which data is due per cohort and month; exit 1 if overdue",
                         "python -m dashboard status --db data/empathy.duckdb")
    parser.add_argument("--today", metavar="YYYY-MM-DD",
                        help="judge as of this day (default: $EMPATHY_TODAY, else today)")
    parser.add_argument("--ahead", type=int, default=1, metavar="N",
                        help="months after the current one to show (default 1)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        today = dt.date.fromisoformat(args.today) if args.today else default_today()
    except ValueError as exc:
        if not args.today:
            raise CliError(str(exc)) from None
        raise CliError(f"--today must be a date as YYYY-MM-DD, got {args.today!r}") from None
    with db.session(args.db) as con:
        table = calendar(con, today, min_group=settings.min_group(con))
    horizon = (dt.date(today.year + (today.month + args.ahead - 1) // 12,
                       (today.month + args.ahead - 1) % 12 + 1, 1)).strftime("%Y-%m")
    shown = table[table["period"] <= horizon]
    late = overdue(table)
    if args.format == "json":
        print(frame_to_json(shown))
    elif shown.empty:
        print("nothing planned yet: set up cohorts and module dates on the Pilot plan page "
              "(or import a roster and a schedule)")
    else:
        for cohort, rows in shown.groupby("cohort", sort=True):
            grid = rows.pivot_table(index="period", columns="kind", values="text", aggfunc="first")
            grid = grid.reindex(columns=list(KINDS)).fillna("")
            lines = [[month_label(period), *grid.loc[period].tolist()] for period in grid.index]
            print(f"{cohort} ({rows['arm'].iloc[0]})")
            print(format_table(lines, ["month", *KINDS]))
            print()
        if late.empty:
            print(f"nothing overdue as of {today.isoformat()}")
        else:
            print(f"{len(late)} overdue as of {today.isoformat()}:")
            for cohort, period, kind in late[["cohort", "period", "kind"]].itertuples(index=False, name=None):
                print(f"  {cohort} {month_label(period)}: {kind}")
    return 1 if len(late) else 0
