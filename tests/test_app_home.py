"""The app's first page, run through Streamlit's AppTest on a real database file: an empty
database explains itself and loads the demo with one click."""

from __future__ import annotations

from tests.apptest import app


def test_empty_database_explains_what_to_upload_and_loads_the_demo(on_empty):
    at = app(timeout=60).run()
    assert not at.exception
    assert [s.value for s in at.main.subheader] == ["Nothing is loaded yet"]
    assert "pulse" in str(at.table[0].value).lower()
    assert [link.value for link in at.page_link] == ["Upload exports on the Data page"]
    assert not at.info  # no demo banner yet
    at.button[0].click().run()
    assert not at.exception
    assert "Demo data" in at.info[0].value
    assert at.metric[0].label == "Microlearning"
    # what is loaded is analyst content: the Data page's (issue 17), not the Overview's
    assert "What is loaded" not in [s.value for s in at.subheader]
    at.switch_page("app_pages/data.py").run()
    assert "What is loaded" in [s.value for s in at.subheader]
    loaded = next(d.value for d in at.dataframe if "Kind" in d.value.columns).set_index("Kind")
    assert loaded.loc["pulse", "Rows"] == 2468 and loaded.loc["roster", "Rows"] == 273
