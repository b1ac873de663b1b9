"""Quarterly review: the stakeholder report exactly as it is sent, with its downloads.

The page shows the same HTML file the ``report`` command writes (built by
``dashboard.report``), so what an HR leader reviews here is what stakeholders receive: the
executive summary (the answer first) at the top, the report at full width and full height
(the page scrolls, not a frame inside it). The sidebar's filters do not apply here (the
router does not draw them): the quarter and the cohorts are chosen on the page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from dashboard.app_pages import ahead, shared
from dashboard.kpi.registry import TABLES
from dashboard.present import markup
from dashboard.present.exports import to_csv_bytes, to_xlsx_bytes
from dashboard.report import render_html
from dashboard.report.data import ReportData, cohort_arms, data_months
from dashboard.report.pdf import find_chromium, html_to_pdf
from dashboard.report.quarter import quarters_between, review_quarter

st.title("Quarterly review")
span = shared.read("data_months", data_months)
if span is None:
    st.info("Nothing to review yet: the report needs pulse or outcome data. Import exports on the "
            "Data page (or load the demo data on Home), then come back.", icon="📄")
    st.stop()

quarters = quarters_between(*span)
# side by side at any width (columns would stack on a phone): the summary's first screen
choices = st.container(horizontal=True, key="review_choices")
quarter = choices.selectbox("Quarter", quarters, index=quarters.index(review_quarter(*span)),
                            format_func=lambda q: f"{q.label} ({q.span_label})", key="review_quarter",
                            width=210)
arms = shared.read("cohort_arms", cohort_arms)
cohorts = choices.multiselect(
    "Cohorts", list(arms["cohort"]), default=[], key="review_cohorts", placeholder="All cohorts",
    help="Leave empty for every cohort. Effects keep the comparison cohort even when you pick "
         "program cohorts only (pick a comparison cohort to compare with that one).")

path, version = shared.db_path(), shared.data_version()
with st.spinner(f"Building the review for {markup.escape(quarter.label)}…"):
    html = shared.read("review_html", ahead.review_html, path, version, quarter.code, tuple(cohorts))
    tables = shared.read("review_tables", ahead.review_tables, path, version, quarter.code,
                         tuple(cohorts))


def _data() -> ReportData:
    """The review's tables (kept in this process's cache): what the PDF and a table's download
    are made from, when asked for — a fresh process shows the kept report without them."""
    return shared.read_at(path, version, None, "review_data", ahead.review_data, quarter.code,
                          tuple(cohorts))


name = f"quarterly-review-{quarter.code}"
# one compact row (it stays one row on a phone), so the report's executive summary starts on
# the first screen at 390 px as at 1400 px
downloads = st.container(horizontal=True, vertical_alignment="center", key="review_downloads")
downloads.download_button("Download the report (HTML)", html.encode("utf-8"), file_name=f"{name}.html",
                          mime="text/html", type="primary", icon=":material/download:")
chromium = find_chromium()
if chromium:
    def _pdf() -> bytes:
        """Printed on demand (a few seconds), with the same headless Chromium as the CLI."""
        with tempfile.TemporaryDirectory() as folder:
            return html_to_pdf(render_html(_data(), paper="a4"), Path(folder) / "review.pdf",
                               chromium).read_bytes()

    downloads.download_button("PDF (A4)", _pdf, file_name=f"{name}.pdf", mime="application/pdf",
                              icon=":material/picture_as_pdf:", help="The same report, printed on A4.")
else:
    downloads.caption("PDF: no Chromium on this machine — download the HTML and print it from a browser.")

# the report at its own height: no scroll bar inside the page's
st.iframe(html, height="content", alt=f"Quarterly review {quarter.label}")

with st.expander("Tables in this report (CSV or Excel)"):
    st.caption("The KPI tables behind the report, for the same filters. Text that a spreadsheet could "
               "run as a formula is written as plain text.")
    commands = dict(zip(tables["table"], tables["command"], strict=True))
    chosen = st.selectbox("Table", list(commands), key="review_table",
                          format_func=lambda n: f"{TABLES[n].label} ({n})")
    st.code(commands[chosen], language="bash")
    downloads = st.columns(2)
    # made when clicked: an Excel file of a table took longer than the rest of a warm page
    downloads[0].download_button("CSV", lambda: to_csv_bytes(_data().blocks[chosen].frame),
                                 file_name=f"{name}-{chosen}.csv", mime="text/csv", key="review_csv")
    downloads[1].download_button("Excel (XLSX)",
                                 lambda: to_xlsx_bytes(_data().blocks[chosen].frame, sheet=chosen),
                                 file_name=f"{name}-{chosen}.xlsx", key="review_xlsx",
                                 mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
