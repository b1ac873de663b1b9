"""Setting a pilot up in a real browser, as an HR analyst would on a new installation: import
only a roster (cohorts left blank), create the program and the comparison cohort, assign
leaders, pick two modules with the default sequence, save — then the measurement calendar
and the Overview say what is due; and a Qualtrics export mapped once on the Data page.

Screenshots land in ``test-artifacts/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from dashboard.ingest import list_profiles
from dashboard.plan.edits import cohorts, default_sequence, schedule_of
from dashboard.plan.templates import template_csv
from dashboard.store import db
from tests.conftest import REAL_DIR, as_real_responses
from tests.e2e.browser import (
    PageWatch,
    goto_page,
    open_app,
    pick_option,
    screenshot,
    upload,
    wait_idle,
)
from tests.e2e.server import AppServer, StartApp

D = "plan_draft:"
ROSTER = ("person_id,role,leader_id,cohort,team\n"
          + "".join(f"L{i:02d},leader,,,Team {i}\n" for i in range(1, 7))
          + "".join(f"M{i:03d},member,L{1 + i % 6:02d},,\n" for i in range(30)))


def _css(key: str) -> str:
    return re.sub(r"[^a-zA-Z0-9_-]", "-", key)


def keyed(page: Page, key: str) -> Locator:
    """The element Streamlit drew for the widget with ``key`` (its ``st-key-…`` class); a
    draft widget (``plan_draft:<revision>:name``) is found by its name in any revision, and
    a key starting with ``-`` by its end (the mapping form's keys start with a file hash)."""
    if key.startswith("-"):
        return page.locator(f'[class*="st-key-map-"][class*="{_css(key)}"]')
    if key.startswith(D):
        name = _css(key.removeprefix(D))
        return page.locator(f'[class*="st-key-plan_draft-"][class*="-{name}"]')
    return page.locator(f".st-key-{_css(key)}")


def choose(page: Page, key: str, option: str) -> None:
    """Pick ``option`` in the selectbox (or one more in the multiselect) with ``key``."""
    pick_option(page, keyed(page, key).locator("input").first, option)


def add_leader(page: Page, key: str, option: str, *, picked: int, attempts: int = 3) -> None:
    """Pick one more leader in the multiselect and wait until its chip shows: a pick made
    while the previous rerun was still drawing can be lost, and a person would pick again."""
    chips = keyed(page, key).locator('[data-testid="stMultiSelectTagsContainer"] [data-tag]')
    for _attempt in range(attempts):
        choose(page, key, option)
        wait_idle(page)
        try:
            expect(chips).to_have_count(picked, timeout=5_000)
            return
        except AssertionError:
            page.keyboard.press("Escape")
    expect(chips).to_have_count(picked)


def fill(page: Page, key: str, text: str, *, commit: str = "Tab") -> None:
    """Type into a text or date input; Tab commits it (Enter would submit a whole form)."""
    field = keyed(page, key).locator("input").first
    field.fill(text)
    field.press(commit)
    wait_idle(page)


def saved(page: Page, text: str) -> None:
    expect(page.get_by_test_id("stAlert").filter(has_text="Saved:")).to_contain_text(text)
    wait_idle(page)


def test_a_two_module_pilot_from_an_empty_database_and_a_roster(
        page: Page, start_app: StartApp, tmp_path: Path, page_watch: PageWatch) -> None:
    server = start_app()
    open_app(page, server.url)
    goto_page(page, "Data")
    with page.expect_download() as template:  # the templates are open on an empty database
        page.get_by_role("button", name="roster.csv").click()
    assert Path(template.value.path()).read_bytes() == template_csv("roster")
    page.mouse.move(0, 0)  # no tooltip in the screenshot
    screenshot(page, "plan-0-data-page-templates")

    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    upload(page, roster)
    expect(page.get_by_test_id("stExpander").first).to_contain_text("36 rows ready to import")
    page.get_by_role("button", name="Import 1 file(s)").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="rows stored")).to_contain_text(
        "roster.csv — roster: 36 rows stored")
    wait_idle(page)

    goto_page(page, "Pilot plan")
    expect(page.get_by_text("Nothing planned yet.")).to_be_visible()
    screenshot(page, "plan-1-empty")
    fill(page, f"{D}cohort_name:None", "Pilot")
    fill(page, f"{D}cohort_start:None", "2026-12-07")
    page.get_by_role("button", name="Save cohort").click()
    saved(page, "pilot plan: cohort Pilot (program)")
    fill(page, f"{D}cohort_name:None", "Comparison")
    keyed(page, f"{D}cohort_arm:None").get_by_text("Comparison").click()
    page.get_by_role("button", name="Save cohort").click()
    saved(page, "pilot plan: cohort Comparison (comparison)")

    for cohort, leaders in (("Pilot", ("L01", "L02", "L03")), ("Comparison", ("L04", "L05"))):
        choose(page, "plan_leaders_cohort", cohort)
        for leader in leaders:
            fill(page, f"{D}leaders_search", leader, commit="Enter")  # search, then pick from what it found
            add_leader(page, f"{D}leaders_add:{cohort}", f"{leader} · Team {int(leader[1:])} · "
                                                          "team of 5 · not in a cohort",
                       picked=leaders.index(leader) + 1)
        page.keyboard.press("Escape")
        page.get_by_role("button", name=f"Add to {cohort}").click()
        saved(page, f"pilot plan: {len(leaders)} leader(s) into {cohort}")
    screenshot(page, "plan-2-cohorts-and-leaders")

    page.get_by_role("tab", name="Modules and dates").click()
    wait_idle(page)
    choose(page, "plan_dates_cohort", "Pilot")
    choose(page, f"{D}modules:Pilot", "Awareness of digital cues")
    choose(page, f"{D}modules:Pilot", "Empathetic written replies")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Use the default sequence").click()
    wait_idle(page)
    expect(keyed(page, f"{D}to:Pilot:written_replies").locator("input")).to_have_value("2027-02-19")
    screenshot(page, "plan-3-modules-and-dates")
    page.get_by_role("button", name="Save module dates for Pilot").click()
    saved(page, "pilot plan: module dates for Pilot")

    page.get_by_role("tab", name="Measurement calendar").click()
    warning = page.get_by_test_id("stAlert").filter(has_text="Overdue")
    expect(warning).to_contain_text("Pilot: pulse for Sep 2026 and Oct 2026")
    expect(warning).to_contain_text("Comparison: outcomes for Sep 2026 and Oct 2026")
    wait_idle(page)
    screenshot(page, "plan-4-measurement-calendar")
    for tab in ("Cadence", "Targets"):
        page.get_by_role("tab", name=tab).click()
        expect(page.get_by_role("button", name=f"Save {tab.lower()}")).to_be_visible()
        wait_idle(page)
        screenshot(page, f"plan-4-{tab.lower()}")

    goto_page(page, "Overview")
    guidance = page.get_by_test_id("stAlert").filter(has_text="Data overdue as of 26 Nov 2026")
    expect(guidance).to_contain_text("Pilot: pulse for Sep 2026 and Oct 2026")
    screenshot(page, "plan-5-overview-overdue")
    page.get_by_role("link", name="See the measurement calendar on the Pilot plan page").click()
    expect(page.get_by_role("tab", name="Measurement calendar")).to_have_attribute(
        "aria-selected", "true")
    wait_idle(page)

    with db.session(server.db_path) as con:
        table = cohorts(con).set_index("cohort")
        stored = schedule_of(con, "Pilot")
    assert table.loc["Pilot", ["arm", "leaders", "members"]].tolist() == ["program", 3, 15]
    assert table.loc["Comparison", ["arm", "leaders", "members"]].tolist() == ["comparison", 2, 10]
    assert stored == default_sequence(["digital_cues", "written_replies"],
                                      stored[0].start_date, 12,
                                      {m.module_id: m.module_name for m in stored})
    page_watch.assert_clean()


def test_a_qualtrics_export_is_mapped_once_on_the_data_page(
        page: Page, start_app: StartApp, tmp_path: Path, page_watch: PageWatch) -> None:
    server = start_app()
    open_app(page, server.url)
    goto_page(page, "Data")
    export = tmp_path / "qualtrics-july.csv"  # a short name: long ones are cut in the file chip
    # the sample's rows are Qualtrics test responses (left out); a copy as a live survey writes it
    real = as_real_responses(REAL_DIR / "qualtricstools" / "Better_Sample_Survey.csv", tmp_path)
    export.write_bytes(real.read_bytes())
    upload(page, export)
    panel = page.get_by_test_id("stExpander").first
    expect(panel).to_contain_text("confirm the mapping (3 decision(s) open)")
    expect(panel).to_contain_text("Qualtrics 2016-17 'Insights' CSV")
    screenshot(page, "mapping-1-proposed")
    form = page.get_by_test_id("stForm").first
    form.get_by_placeholder("one value for the whole file (e.g. L01)").fill("L01")
    choose(page, "-set-rater_type", "direct report")
    form.get_by_role("textbox", name="Save this mapping as a profile named").fill("qualtrics pulse")
    form.get_by_role("button", name="Preview with these choices").click()
    expect(panel).to_contain_text("10 rows ready to import, 77 answers")
    wait_idle(page)
    screenshot(page, "mapping-2-ready")
    page.get_by_role("button", name="Import 1 file(s)").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="rows stored")).to_contain_text(
        "qualtrics-july.csv — pulse survey responses: 10 rows stored, 77 answers")
    wait_idle(page)
    with db.session(server.db_path) as con:
        assert list(list_profiles(con)["name"]) == ["qualtrics pulse"]
    page_watch.assert_clean()


def test_the_measurement_calendar_of_the_demo(
        page: Page, demo_app_server: AppServer, page_watch: PageWatch) -> None:
    open_app(page, demo_app_server.url)
    goto_page(page, "Pilot plan")
    page.get_by_role("tab", name="Measurement calendar").click()
    expect(page.get_by_text("As of 26 Nov 2026: 54 arrived, 6 due, 0 overdue")).to_be_visible()
    page.get_by_text("Show the whole plan, through the follow-up").click()
    expect(page.get_by_text("Months up to")).to_have_count(0)
    wait_idle(page)
    screenshot(page, "plan-demo-calendar")
    page_watch.assert_clean()
