"""Every page through Streamlit's AppTest on real database files: empty and demo databases,
filters from the sidebar and from a link, uploads good and bad, undo, ROI assumptions."""

from __future__ import annotations

import pytest

from dashboard.config import SAMPLE_DIR
from dashboard.ingest import ingest_files
from dashboard.kpi import Filters, compute
from dashboard.kpi.assumptions import load_assumptions
from dashboard.kpi.participation import participation_summary
from dashboard.kpi.roi import measured_inputs, scenarios
from dashboard.present.cards import by_layer, impact_cards, participation_cards
from dashboard.present.formatting import money, month_label
from dashboard.store import db
from tests.apptest import app, open_page, plain, texts
from tests.conftest import table_counts

PAGES = ["overview", "pulse", "rubric", "business", "impact", "data"]
BAD_PULSE = (b"response_id,submitted_at,respondent_id,rater_type,leader_id,understood\n"
             b"X1,2026-11-03,Z9999,boss,L001,3\n"
             b"X2,2026-11-03,M0003,peer,L001,9\n"
             b"X1,2026-11-04,M0004,peer,L001,3\n")
NOVEMBER = ("period,leader_id,metric,value\n" + "".join(
    f"2026-11,L00{i},{metric},{value}\n" for i in range(1, 4)
    for metric, value in (("headcount", 8), ("escalations", 3), ("interactions", 120)))).encode()


# --- every page ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES[1:5])
def test_every_page_on_an_empty_database_says_what_to_upload(on_empty, page):
    at = open_page(page)
    assert "Nothing is loaded yet" in texts(at.info)
    assert [link.value for link in at.page_link] == ["Upload exports on the Data page"]
    assert "Filters appear once data is loaded." in texts(at.sidebar.caption)


def test_the_data_page_on_an_empty_database_offers_the_uploader(on_empty):
    at = open_page("data")
    assert len(at.file_uploader) == 1
    assert "load the demo program on the Overview page" in texts(at.caption)


EXPECTED_ON_DEMO = {  # page: (charts, metrics); the Overview's ten small trends are pictures
    "overview": (0, 13),
    "pulse": (4, 0),
    "rubric": (4, 0),
    "business": (1, 0),
    "impact": (4, 3),
    "data": (0, 0),
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_the_demo_database(on_demo, page):
    at = open_page(page)
    assert "Demo data" in at.info[0].value
    charts, metrics = EXPECTED_ON_DEMO[page]
    assert len(at.get("plotly_chart")) == charts
    assert len(at.metric) == metrics
    if page == "overview":  # a small trend (an SVG picture) on each of the ten impact cards
        assert len(at.get("image")) == 10
    assert not at.warning


def test_a_page_without_its_kind_of_data_says_so(on_empty):
    with db.session(on_empty) as con:
        names = ["roster.csv", "schedule.csv", "questions.csv", "pulse.csv"]
        assert all(r.ok for r in ingest_files(con, [SAMPLE_DIR / n for n in names]))
    business = open_page("business")
    assert "This page needs business outcomes" in texts(business.info)
    rubric = open_page("rubric")
    assert "This page needs rubric assessments" in texts(rubric.info)
    pulse = open_page("pulse")
    assert len(pulse.get("plotly_chart")) == 4
    overview = open_page("overview")
    # plain names on the Overview (issue 17): the registry's labels stay in tables and the CLI
    assert [plain(m.label) for m in overview.metric][:3] == ["Team-rated empathy",
                                                      "Team members who agree", "Team eNPS"]


# --- filters -------------------------------------------------------------------------------


def expected_cards(path, filters: Filters) -> list[str]:
    with db.session(path) as con:
        cards = (participation_cards(participation_summary(con, filters))
                 + impact_cards(compute(con, "impact", filters)))
    return [card.headline for _, _, layer in by_layer(cards) for card in layer]  # cards lead with the effect


def test_a_filter_change_updates_every_card_with_the_kpi_layers_numbers(on_demo):
    at = open_page("overview")
    everything = [plain(m.value) for m in at.metric]
    assert everything == expected_cards(on_demo, Filters())
    at.multiselect(key="cohort").set_value(["Pilot", "Comparison"]).run()
    at.select_slider(key="period").set_range("2026-02", "2026-09").run()
    chosen = Filters(cohorts=("Comparison", "Pilot"), period_from="2026-02", period_to="2026-09")
    filtered = [plain(m.value) for m in at.metric]
    assert filtered == expected_cards(on_demo, chosen)
    assert filtered != everything
    assert "Showing: Comparison, Pilot · program and comparison · all modules · Feb 2026 – Sep 2026" in \
        texts(at.caption).replace("**", "")
    at.switch_page("app_pages/data.py").run()  # the filters follow to the next page
    assert at.multiselect(key="cohort").value == ["Pilot", "Comparison"]
    with db.session(on_demo) as con:
        rows = len(compute(con, "pulse_trend", chosen))
    assert plain(at.get("download_button")[-1].proto.label) == f"Download pulse_trend.csv ({rows} rows)"


def test_a_link_sets_the_filters_and_the_command_line_says_the_same(on_demo):
    at = open_page("pulse", cohort=["Pilot"], arm="Program", period=["Feb 2026", "Jun 2026"],
                   **{"rater-group": "Team"})
    assert at.multiselect(key="cohort").value == ["Pilot"]
    assert at.select_slider(key="period").value == ("2026-02", "2026-06")
    assert "Showing: Pilot · program cohorts · all modules · Feb 2026 – Jun 2026 · team ratings" in \
        texts(at.caption).replace("**", "")
    commands = texts(at.code)
    assert ("python -m dashboard kpi pulse_trend --cohort Pilot --arm program --from 2026-02 "
            "--to 2026-06 --rater-group others") in commands


def test_a_link_in_older_or_cli_spellings_opens_with_its_choices(on_demo):
    """"Others" was the rater group's label before "Team"; the CLI writes program and 2026-02."""
    at = open_page("pulse", cohort=["pilot"], arm="program", period=["2026-02", "2026-06"],
                   **{"rater-group": "Others"})
    assert at.multiselect(key="cohort").value == ["Pilot"]
    assert at.select_slider(key="period").value == ("2026-02", "2026-06")
    assert "Showing: Pilot · program cohorts · all modules · Feb 2026 – Jun 2026 · team ratings" in \
        texts(at.caption).replace("**", "")
    assert at.query_params == {"cohort": "Pilot", "arm": "Program",
                               "period": ["Feb 2026", "Jun 2026"], "rater-group": "Team"}


def test_hidden_cells_are_said_in_words_on_the_pulse_page(on_demo):
    at = open_page("pulse")
    assert "leaders' team scores are hidden — fewer than 5 responses" in texts(at.caption)


def test_the_gap_table_shows_the_month_of_the_chart(on_demo):
    at = open_page("pulse")
    with db.session(on_demo, read_only=True) as con:
        gap = compute(con, "self_gap", Filters())
    latest = gap.loc[gap["self_score"].notna(), "period"].max()
    table = next(e for e in at.expander if e.label.startswith("Table: self–team gap per leader"))
    assert table.label.endswith(month_label(latest))
    shown = table.dataframe[0].value
    assert len(shown) == (gap["period"] == latest).sum() and set(shown["Month"]) == {month_label(latest)}


# --- the Data page ----------------------------------------------------------------------


def test_a_bad_upload_shows_every_problem_and_changes_nothing(on_own_demo):
    with db.session(on_own_demo) as con:
        before = table_counts(con)
    at = open_page("data")
    at.file_uploader[0].set_value(("pulse-nov.csv", BAD_PULSE, "text/csv")).run()
    assert not at.exception
    assert "pulse-nov.csv — pulse survey responses: 3 problem(s)" in plain(at.expander[0].label)
    report = at.dataframe[1].value
    assert list(report["Line"]) == [2, 3, 4]
    assert "unknown rater type 'boss'" in report.loc[0, "Problem"]
    assert "Nothing to import" in texts(at.warning)
    assert not [b for b in at.button if b.label.startswith("Import")]
    with db.session(on_own_demo) as con:
        assert table_counts(con) == before


def test_a_good_upload_is_previewed_then_imported_on_the_button(on_own_demo):
    with db.session(on_own_demo) as con:
        before = table_counts(con)
    at = open_page("data")
    at.file_uploader[0].set_value(("outcomes-nov.csv", NOVEMBER, "text/csv")).run()
    assert "outcomes-nov.csv — business outcomes: 9 rows ready to import" in plain(at.expander[0].label)
    with db.session(on_own_demo) as con:
        assert table_counts(con) == before  # nothing stored before the button
    at.button(key="data_import").click().run()
    assert not at.exception
    assert "outcomes-nov.csv — business outcomes: 9 rows stored" in plain(at.success[0].value)
    log = at.dataframe[1].value  # what is loaded, then the log
    assert log.loc[0, "File"] == "outcomes-nov.csv" and log.loc[0, "Source"] == "upload"
    loaded = at.dataframe[0].value.set_index("Kind")
    assert loaded.loc["outcomes", "Rows"] == 2520 + 9
    assert at.file_uploader[0].value in (None, [])  # emptied for the next files


def test_a_batch_imports_the_question_catalogue_before_the_pulse_file(on_own_demo):
    questions = b"question_id,text,scale\nclarity,My leader writes clearly,likert5\n"
    pulse = (b"response_id,submitted_at,respondent_id,rater_type,leader_id,clarity,Email\n"
             b"N1,2026-11-03,M0002,peer,L001,4,ann@example.com\n")
    at = open_page("data")
    at.file_uploader[0].set_value([("pulse-clarity.csv", pulse, "text/csv"),
                                   ("questions-v2.csv", questions, "text/csv")]).run()
    labels = [plain(e.label) for e in at.expander]
    assert any(label.startswith("questions-v2.csv — question catalogue: 1 rows ready") for label in labels)
    assert "imported first" in texts(at.caption)
    at.button(key="data_import").click().run()
    assert "questions-v2.csv" in plain(at.success[0].value) and "pulse-clarity.csv" in plain(at.success[0].value)


def test_the_same_file_twice_is_harmless_and_says_so(on_own_demo):
    at = open_page("data")
    data = (SAMPLE_DIR / "schedule.csv").read_bytes()
    at.file_uploader[0].set_value(("schedule.csv", data, "text/csv")).run()
    assert "identical to import 2; importing it again changes nothing" in plain(at.expander[0].label)
    assert "Nothing to import" in texts(at.warning)


def test_undo_from_the_import_log(on_own_demo):
    at = open_page("data")
    at.selectbox(key="undo_choice").set_value(7).run()
    assert at.button(key="undo_button").disabled
    at.checkbox(key="undo_sure").check().run()
    at.button(key="undo_button").click().run()
    assert not at.exception
    log = at.dataframe[1].value.set_index("Import")
    assert log.loc[7, "Status"] == "undone"
    at.switch_page("app_pages/business.py").run()
    assert "This page needs business outcomes" in texts(at.info)


# --- Impact & ROI ------------------------------------------------------------------------


def test_roi_assumptions_are_editable_and_the_numbers_follow(on_demo):
    at = open_page("impact")
    # method 2 names the scenarios for what they are (method 1: Conservative, Expected, Optimistic)
    assert [m.label for m in at.metric] == ["Low ROI", "Central ROI", "Best case ROI"]
    # no monetised effect passes on the demo, so the ROI is the costs alone: edit a cost
    assert any("ROI not yet demonstrable" in i.value for i in at.info)

    def costs_shown() -> list[str]:
        return [m.value for m in at.markdown if m.value.startswith("Benefits **")]

    before = costs_shown()
    at.number_input(key="roi_platform_cost").set_value(15000.0)
    at.button[0].click().run()  # Recalculate
    assert not at.exception
    mine = load_assumptions().with_(platform_cost=15000.0)
    with db.session(on_demo) as con:
        expected = scenarios(measured_inputs(con, Filters(), mine), mine)
    assert at.metric[1].value == f"{expected.loc[1, 'roi_pct']:.1f}%"
    assert costs_shown() != before and all(f"costs **{money(expected.loc[1, 'costs'])}**" in c
                                           for c in costs_shown())
    at.switch_page("app_pages/overview.py").run()
    at.switch_page("app_pages/impact.py").run()
    assert all(f"costs **{money(expected.loc[1, 'costs'])}**" in c for c in costs_shown())  # kept for the session


def test_a_database_that_cannot_be_opened_is_said_in_words(tmp_path, monkeypatch):
    broken = tmp_path / "notes.duckdb"
    broken.write_text("this is not a database", encoding="utf-8")
    monkeypatch.setenv("EMPATHY_DB", str(broken))
    at = app().run()
    assert not at.exception
    assert "cannot open the database" in at.error[0].value


def test_filters_the_data_no_longer_offers_are_dropped_after_an_undo(on_own_demo):
    at = open_page("overview")
    at.multiselect(key="cohort").set_value(["Wave 2"]).run()
    at.switch_page("app_pages/data.py").run()
    at.selectbox(key="undo_choice").set_value(1).run()  # the roster: no cohorts any more
    at.checkbox(key="undo_sure").check().run()
    at.button(key="undo_button").click().run()
    assert not at.exception
    assert at.multiselect(key="cohort").value == []
    at.switch_page("app_pages/pulse.py").run()
    assert not at.exception
    assert "No roster loaded" in texts(at.caption)
