"""A page that fails with survey data in its error message, run inside the dashboard's own
failure boundary: what the browser shows and what the server log keeps."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.app_pages import shared  # noqa: E402

RESPONDENT, ANSWER = "R_3kx9Qa", "my leader never listens"


def read_answer(respondent: str) -> str:
    answers: dict[str, str] = {}
    return answers[respondent]


with shared.failure_boundary("Failing page (viewer)"):
    st.title("Failing page")
    try:
        read_answer(RESPONDENT)
    except KeyError as missing:
        raise RuntimeError(f"answer {ANSWER!r} of {RESPONDENT} could not be scored") from missing
st.caption("The page went on after the boundary.")
