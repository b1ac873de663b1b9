"""One description per stored table: what the per-table statements are built from.

A statement that is the same for every table (delete an import's rows, restore what it had
replaced, supersede, find duplicate or already-stored keys) is one template in
``queries/templates/``; :func:`dashboard.store.sql.template` fills its table and column
names from these specs and refuses any name they do not hold. The natural keys live here
only: the importer's kinds (``dashboard.ingest.kinds``) read theirs from :func:`kind_table`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyColumn:
    """One column of a natural key. ``blank_type`` is set when the column may be empty: two
    empty values are then the same key (compared as the type's placeholder value)."""

    name: str
    blank_type: str | None = None  # "varchar" or "timestamp"


@dataclass(frozen=True)
class TableSpec:
    """A table imports and plan changes write to, with lineage and superseding."""

    name: str
    key: tuple[KeyColumn, ...]
    kind: str | None = None  # the canonical kind whose records it holds (its key is the kind's)
    staged: str | None = None  # the import's staged table its rows are compared with
    staged_key: tuple[str, ...] = ()  # the key columns matched against ``staged`` (default: all)
    lineage: str = "import_id"  # the import (or plan change) that stored the row
    superseded_by: str = "superseded_by"  # the import that replaced it (null: current)
    saved_as_list: bool = False  # the plan saves all its rows at once (each save replaces all)
    # personal data: the columns holding a person's id (a row is that person's: erasing them
    # removes it), the columns that only refer to one (erasing them blanks it), other ids that
    # are hashed like a person's when they are e-mail addresses or names (a response id), free
    # text that may carry contact details, and whether unknown columns are kept (JSON ``extra``)
    people: tuple[str, ...] = ()
    people_refs: tuple[str, ...] = ()
    other_ids: tuple[str, ...] = ()
    free_text: tuple[str, ...] = ()
    extra: bool = False

    @property
    def id_columns(self) -> tuple[str, ...]:
        """Every id column stored as given, or as a salted hash when it is an address or a name."""
        return self.people + self.people_refs + self.other_ids

    @property
    def key_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.key)

    @property
    def match_key(self) -> tuple[KeyColumn, ...]:
        """The key columns a staged record is matched on."""
        if not self.staged_key:
            return self.key
        return tuple(column for column in self.key if column.name in self.staged_key)


def _key(*names: str, **blank: str) -> tuple[KeyColumn, ...]:
    return tuple(KeyColumn(name, blank.get(name)) for name in names)


# In the order undo visits them.
TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (
    TableSpec("roster", _key("person_id"), kind="roster", staged="staged", people=("person_id",),
              people_refs=("leader_id",), extra=True),
    TableSpec("schedule", _key("cohort", "module_id"), kind="schedule", staged="staged", extra=True),
    TableSpec("questions", _key("question_id"), kind="questions", staged="staged", extra=True),
    # a response is its respondent's, and it rates its leader: erasing either removes it
    TableSpec("pulse_response", _key("response_id"), kind="pulse", staged="staged_response",
              people=("respondent_id", "leader_id"), other_ids=("response_id",),
              free_text=("comment",), extra=True),
    # its answers (pulse_score, read through the pulse_answer view) are kept with it: replaced,
    # undone, erased and retained with their response (dashboard.store.compact)
    TableSpec("rubric", _key("assessed_at", "leader_id", "module_id", "assessor_type",
                             "assessor_id", "dimension", assessor_id="varchar"),
              kind="rubric", staged="staged", people=("leader_id", "assessor_id"),
              free_text=("note",), extra=True),
    TableSpec("activity", _key("person_id", "module_id", "activity", "completed_at",
                               completed_at="timestamp"),
              kind="activity", staged="staged", people=("person_id",), extra=True),
    # a team's outcomes are filed under its leader
    TableSpec("outcomes", _key("period", "leader_id", "metric"), kind="outcomes", staged="staged",
              people=("leader_id",), extra=True),
    TableSpec("targets", _key("kpi"), saved_as_list=True),
    TableSpec("cohort_plan", _key("cohort")),
    TableSpec("plan_setting", _key("name"), saved_as_list=True),
    TableSpec("module_catalogue", _key("module_id")),
)}

# What an import creates on its connection and drops when it ends (raw can be large).
TEMPORARY_TABLES = ("raw", "ref_answer_label", "ref_question", "staged", "staged_answer", "person_key",
                    "person_given", "person_resolved", "src_people", "staged_hr",
                    "staged_response", "staged_repeat", "left_out_response")
TEMPORARY_VIEWS = ("answer_src", "checked_response", "outcomes_src", "pulse_src", "question_version_src",
                   "raw_numbered", "rubric_src", "src_resolved")


def kind_table(kind: str) -> TableSpec:
    """The table holding a canonical kind's records (pulse: its responses)."""
    for spec in TABLES.values():
        if spec.kind == kind:
            return spec
    raise KeyError(f"no table holds the kind {kind!r}")


# The canonical fields that hold ids (stored hashed when they are e-mail addresses or names).
ID_FIELDS = frozenset(column for spec in TABLES.values() for column in spec.id_columns)
