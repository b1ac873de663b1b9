"""Per-table statements as templates: names come from the table specs, checked and quoted;
values stay bound; a name the specs do not hold is refused."""

from __future__ import annotations

import pytest
from duckdb import ConstantExpression, StarExpression

from dashboard.config import QUERIES_DIR
from dashboard.ingest import ingest_file
from dashboard.ingest.kinds import KINDS
from dashboard.store import imports, specs, sql

TEMPLATES = sorted(path.stem for path in (QUERIES_DIR / sql.TEMPLATES).glob("*.sql"))
NAMES = [*specs.TABLES, *specs.TEMPORARY_TABLES, *specs.TEMPORARY_VIEWS]
STAGED = [name for name, spec in specs.TABLES.items() if spec.staged]
PEOPLE = ["roster", "pulse_response", "rubric", "activity", "outcomes"]
EXTRA = ["roster", "schedule", "questions", "pulse_response", "rubric", "activity", "outcomes"]


def _accepted(template: str) -> list[str]:
    accepted = []
    for name in NAMES:
        try:
            sql.template_text(template, name)
        except sql.TemplateError:
            continue
        accepted.append(name)
    return accepted


def test_each_template_accepts_exactly_the_names_its_specs_allow():
    assert {template: _accepted(template) for template in TEMPLATES} == {
        "conflicts": STAGED,
        "delete_import": list(specs.TABLES),
        "drop_temp_table": list(specs.TEMPORARY_TABLES),
        "drop_temp_view": list(specs.TEMPORARY_VIEWS),
        "dupes": STAGED,
        "restore_superseded": list(specs.TABLES),
        "supersede": STAGED,
        "supersede_all": ["targets", "plan_setting"],
        # personal data: the tables holding people's ids, free text, kept columns
        "count_ids_to_hash": PEOPLE,
        "hash_ids": PEOPLE,
        "erase_person": PEOPLE,
        "count_person_rows": PEOPLE,
        "erase_person_refs": ["roster"],
        "count_person_refs": ["roster"],
        "mask_free_text": ["pulse_response", "rubric"],
        "personal_extra_keys": EXTRA,
        "drop_extra_key": EXTRA,
    }
    # answers are kept with their responses (the compact store): no table of their own here
    assert STAGED == ["roster", "schedule", "questions", "pulse_response", "rubric", "activity", "outcomes"]


@pytest.mark.parametrize(("template", "name"), [
    ("delete_import", "import_log"),             # a table, but not one the specs describe
    ("delete_import", 'roster" where true --'),  # not even a name
    ("delete_import", "Roster"),
    ("supersede", "targets"),                    # no staged table to compare with
    ("dupes", "cohort_plan"),
    ("supersede_all", "roster"),                 # would retire every roster row
    ("drop_temp_table", "roster"),               # stored, not temporary
    ("drop_temp_table", "raw_numbered"),         # a view
    ("drop_temp_view", "raw"),
    ("../ops/meta_get", "roster"),               # templates are named, not paths
    ("no_such_template", "roster"),
])
def test_a_name_the_specs_do_not_hold_is_refused(template, name):
    with pytest.raises(sql.TemplateError):
        sql.template_text(template, name)


def test_a_template_is_not_run_as_a_plain_query(con):
    with pytest.raises(KeyError, match="is a template"):
        sql.execute(con, "templates/delete_import", {"import_id": 1})


def test_a_template_with_an_unknown_placeholder_is_refused(tmp_path, monkeypatch):
    (tmp_path / sql.TEMPLATES).mkdir()
    (tmp_path / sql.TEMPLATES / "leaky.sql").write_text(
        "-- puts a value into SQL text\ndelete from {table} where cohort = {cohort}\n")
    monkeypatch.setattr(sql, "QUERIES_DIR", tmp_path)
    with pytest.raises(sql.TemplateError, match=r"unknown placeholder \{cohort\}"):
        sql.template_text("leaky", "roster")


def test_identifiers_are_quoted_and_values_stay_bound():
    text = sql.template_text("conflicts", "activity")
    assert 'join "activity" as t' in text and 'from "staged" as s' in text
    assert 'coalesce(t."completed_at", timestamp \'1900-01-01\')' in text  # blanks are one key
    assert "$limit" in text and "{" not in text
    assert sql.quote("pulse_answer") == '"pulse_answer"'
    with pytest.raises(sql.TemplateError):
        sql.quote('x"; drop table roster; --')


def test_specs_match_the_schema(con):
    """Every key, lineage and superseded_by column named by a spec exists in its table, and
    every table that can be superseded has a spec (undo visits them all)."""
    columns: dict[str, set[str]] = {}
    for name, cols in sql.rows(con, "ops/user_tables"):
        columns[name] = set(cols)
    missing = [f"{spec.name}.{column}" for spec in specs.TABLES.values()
               for column in (*spec.key_names, spec.lineage, spec.superseded_by)
               if column not in columns.get(spec.name, set())]
    assert missing == []
    assert sorted(n for n, cols in columns.items() if "superseded_by" in cols) == sorted(specs.TABLES)
    assert tuple(specs.TABLES) == imports.DATA_TABLES
    assert all(spec.staged in specs.TEMPORARY_TABLES for spec in specs.TABLES.values() if spec.staged)


def test_each_kind_reads_its_natural_key_from_the_specs():
    assert {name: kind.key for name, kind in KINDS.items()} == {
        "roster": ("person_id",),
        "schedule": ("cohort", "module_id"),
        "questions": ("question_id",),
        "pulse": ("response_id",),
        "rubric": ("assessed_at", "leader_id", "module_id", "assessor_type", "assessor_id",
                   "dimension"),
        "activity": ("person_id", "module_id", "activity", "completed_at"),
        "outcomes": ("period", "leader_id", "metric"),
    }


def test_every_accepted_template_runs_on_a_real_database(con):
    """Rendered for every name it accepts, each template binds against the real schema (the
    staged tables stood in for by empty selections of the stored ones)."""
    from dashboard.store import ids

    ids.create_macros(con)  # the personal-data templates call them
    ran = 0
    for template in TEMPLATES:
        for name in _accepted(template):
            spec = specs.TABLES.get(name)
            if spec is not None and spec.staged:
                con.table(spec.name).limit(0).select(
                    ConstantExpression(0).alias("rec"), StarExpression()).create_view(
                        spec.staged, replace=True)
            params = {"import_id": -5, "limit": 10, "salt": "s", "person": "nobody", "column_key": "k"}
            assert sql.template(con, template, name, params).fetchall() in ([], [(0,)])
            ran += 1
    # temporary tables 13 and views 8 (issue 16 added the people lookup's, src_people, staged_hr, src_resolved;
    # issue 18 the repeat submissions, the question versions, the left-out repeats and the responses checked)
    assert ran == 2 * 11 + 3 * 7 + 2 + 13 + 8 + 4 * 5 + 2 * 1 + 2 + 2 * 7


def test_the_write_helper_counts_rows_a_template_changed(con):
    from dashboard.store.writes import affected

    assert affected(sql.template(con, "delete_import", "roster", {"import_id": 1})) == 0
    assert affected(sql.template(con, "drop_temp_table", "raw")) == 0


# --- each kind through the templates: dupes, conflicts, supersede, restore --------------

_QUESTIONS = "question_id,text,scale\nunderstood,My leader understands me,likert5\n"
# kind -> (header, a row, the same key with another value); blank keys count as one value
KIND_ROWS = {
    "roster": ("person_id,role,cohort", "L1,leader,Pilot", "L1,leader,Wave"),
    "schedule": ("cohort,module_id,start_date,end_date",
                 "Pilot,digital_cues,2026-04-06,2026-05-15",
                 "Pilot,digital_cues,2026-04-06,2026-05-22"),
    "questions": ("question_id,text,scale", "tone,Tone is kind,likert5",
                  "tone,The tone is kind,likert5"),
    "pulse": ("response_id,submitted_at,respondent_id,rater_type,leader_id,understood",
              "R1,2026-01-19,M1,peer,L1,4", "R1,2026-01-19,M1,peer,L1,5"),
    "rubric": ("assessed_at,leader_id,module_id,assessor_type,assessor_id,dimension,level",
               "2026-03-30,L1,digital_cues,facilitator,,tone_recognition,2",
               "2026-03-30,L1,digital_cues,facilitator,,tone_recognition,3"),
    "activity": ("person_id,module_id,activity,completed_at,status",
                 "L1,digital_cues,coaching,,no_show", "L1,digital_cues,coaching,,not_started"),
    "outcomes": ("period,leader_id,metric,value", "2026-01,L1,escalations,3",
                 "2026-01,L1,escalations,4"),
}


@pytest.mark.parametrize("kind", list(KIND_ROWS))
def test_each_kind_finds_duplicates_and_stored_keys_replaces_and_undoes(con, write, kind):
    header, row, changed = KIND_ROWS[kind]
    if kind == "pulse":
        assert ingest_file(con, write("questions.csv", _QUESTIONS)).ok
    twice = ingest_file(con, write("twice.csv", f"{header}\n{row}\n{changed}\n"), kind=kind)
    assert not twice.ok
    assert [p.reason.format(other="line 2") for p in twice.problems] == [
        "duplicate key: the same as line 2"]
    assert [p.line for p in twice.problems] == [3]

    first = ingest_file(con, write("first.csv", f"{header}\n{row}\n"), kind=kind)
    assert first.ok and first.rows == 1
    again = ingest_file(con, write("again.csv", f"{header}\n{changed}\n"), kind=kind)
    assert not again.ok
    assert [p.reason.split(";")[0] for p in again.problems] == [
        f"already stored by import {first.import_id} (first.csv)"]

    replaced = ingest_file(con, write("again.csv", f"{header}\n{changed}\n"), kind=kind,
                           replace=True)
    assert replaced.ok and replaced.replaced == 1
    stored = 2 if kind == "pulse" else 1  # a response and its answer
    undone = imports.undo_import(con, replaced.import_id)
    assert (undone.rows_removed, undone.rows_restored) == (stored, stored)
    assert imports.undo_import(con, first.import_id).rows_restored == 0


def test_an_import_leaves_no_temporaries_behind(con, write):
    assert ingest_file(con, write("roster.csv", KIND_ROWS["roster"][0] + "\nL1,leader,P\n")).ok
    left = {row[0] for row in con.execute(
        "select table_name from duckdb_tables() where temporary "
        "union all select view_name from duckdb_views() where temporary").fetchall()}
    assert left & {*specs.TEMPORARY_TABLES, *specs.TEMPORARY_VIEWS} == set()
