"""A page whose button callback fails with survey data in its message: callbacks run before
the page, outside the failure boundary, so the dashboard's ``guarded`` wrapper must catch it."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.app_pages import shared  # noqa: E402

RESPONDENT, ANSWER = "R_7pq2Zb", "my leader interrupts on calls"


def recalculate() -> None:
    raise RuntimeError(f"answer {ANSWER!r} of {RESPONDENT} could not be recalculated")


with shared.failure_boundary("Failing callback (viewer)"):
    st.title("Failing callback")
    st.button("Recalculate", on_click=shared.guarded(recalculate))
st.caption("The page went on after the boundary.")
