"""The Data page's mapping panel for a survey tool's export: what was detected and how sure we
are, the proposed mapping (field ← column, questions and their scales, kept and dropped
columns), what still needs a decision, and a form to change it — a column per field, one
value for the whole file, what each other column is (a question and its id, kept, dropped),
a new question's scale, a profile name — which previews the file again with those edits
before anything is stored.

The edits are kept per file (by content) for the session; ``with_edits`` puts them on the
uploads the preview and the import receive.
"""

from __future__ import annotations

import streamlit as st

from dashboard.ingest.detection import PULSE_FIELDS, Detection
from dashboard.ingest.edits import QUESTION_ID
from dashboard.ingest.mapping_review import (
    CONSTANT_FIELDS,
    FIELD_LABELS,
    RATER_TYPES,
    SCALE_LABELS,
    MappingEdits,
    column_label,
    confidence_text,
    fields_frame,
    layout_text,
    new_questions,
    page_words,
    questions_frame,
    scale_options,
)
from dashboard.ingest.uploads import Checked, Upload
from dashboard.present import markup

_EDITS = "data_mapping_edits"  # file sha256 -> MappingEdits
WIDGET = "map-"  # prefix of the form's widget keys
PROPOSED = -1  # "as proposed" in a field's column choice
SCALES_PER_ROW = 3
CONSTANT_HINTS = {"leader_id": "e.g. L01", "period": "YYYY-MM"}
USES = {"question": "a question", "extra": "keep (extra column)", "drop": "drop (never stored)"}


def edits_for(sha256: str) -> MappingEdits:
    return st.session_state.get(_EDITS, {}).get(sha256, MappingEdits())


def with_edits(uploads: list[Upload]) -> list[Upload]:
    """The uploads with the mapping edits made on this page (none: unchanged)."""
    return [edits_for(u.sha256).applied_to(u) for u in uploads]


def forget_edits() -> None:
    """After an import: the next file starts from its own proposal (or its saved profile)."""
    st.session_state.pop(_EDITS, None)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(WIDGET)]:
        del st.session_state[key]


def _key(item: Checked, what: str) -> str:
    return f"{WIDGET}{item.upload.sha256[:16]}-{what}"


def proposal(item: Checked) -> None:
    """What was detected and how the columns would be used, with what is still open."""
    det = item.detection
    assert det is not None
    st.markdown(f"**Detected:** {markup.escape(layout_text(det))}")
    profile = (f" Mapped with the saved profile **{markup.escape(det.profile)}** (found for this layout)."
               if det.profile else "")
    st.caption(f"{markup.escape(confidence_text(det))}{profile} {det.rows:,} responses.")
    if item.needs_mapping:
        open_ = [page_words(p.reason) for p in item.result.problems]
        st.warning("**Before importing:**\n" + markup.bullets(open_), icon=":material/rule:")
    st.markdown("**Fields** (field ← column)")
    st.table(markup.frame(fields_frame(det)), hide_index=True)
    if det.questions:
        st.markdown(f"**Questions** ({len(det.questions)})")
        st.dataframe(questions_frame(det), hide_index=True,
                     column_config={"Question": st.column_config.TextColumn(width="large")})
    st.markdown("**Kept** (stored as extra columns): "
                + (", ".join(markup.code(c) for c in det.kept) if det.kept else "none"))
    st.markdown("**Dropped** (personal data, never stored): "
                + (", ".join(markup.code(c) for c in det.dropped) if det.dropped else "none"))


def _field_row(item: Checked, det: Detection, name: str, current: MappingEdits
               ) -> tuple[int, str]:
    """One field's column choice and, where it makes sense, one value for the whole file."""
    label, column, constant = st.columns([2, 4, 3], vertical_alignment="center")
    label.markdown(markup.escape(FIELD_LABELS[name]))
    options = [PROPOSED, *range(len(det.columns))]
    chosen = dict(current.columns).get(name, PROPOSED)
    index = column.selectbox(
        f"{markup.escape(FIELD_LABELS[name])}: column", options, index=options.index(chosen),
        format_func=lambda i: "as proposed" if i == PROPOSED else column_label(det, i),
        key=_key(item, f"col-{name}"), label_visibility="collapsed")
    value = ""
    if name == "rater_type":
        fixed = dict(current.constants).get(name, "")
        value = constant.selectbox(
            "Rater type for the whole file", ["", *RATER_TYPES], index=["", *RATER_TYPES].index(fixed),
            format_func=lambda v: v.replace("_", " ") if v else "— one value for the whole file —",
            key=_key(item, f"set-{name}"), label_visibility="collapsed")
    elif name in CONSTANT_FIELDS:
        value = constant.text_input(
            f"{markup.escape(FIELD_LABELS[name])} for the whole file", value=dict(current.constants).get(name, ""),
            placeholder=f"one value for the whole file ({CONSTANT_HINTS[name]})",
            key=_key(item, f"set-{name}"), label_visibility="collapsed")
    return index, value.strip()


def _scale_choices(item: Checked, det: Detection) -> dict[str, str]:
    chosen = {}
    options = scale_options()
    columns = st.columns(SCALES_PER_ROW)
    for number, (qid, header, scale) in enumerate(new_questions(det)):
        chosen[qid] = columns[number % SCALES_PER_ROW].selectbox(
            f"{markup.code(header)} → {markup.escape(qid)}", options,
            index=options.index(scale) if scale in options else 0,
            format_func=SCALE_LABELS.get, key=_key(item, f"scale-{qid}"))
    return chosen


def other_columns(det: Detection, chosen_before: frozenset[int] = frozenset()
                  ) -> list[tuple[int, str, str]]:
    """The questions and kept columns, with their use now (a question and its id, kept as
    an extra column, or dropped after an earlier choice), so the analyst can change any of
    them. Columns dropped as personal data stay dropped here (only the CLI can keep one)."""
    read = {i for choice in det.fields.values() for i in choice.columns}
    questions = {q.column: q.question_id for q in det.questions}
    uses = []
    for index in range(len(det.columns)):
        if index in read:
            continue
        if index in questions:
            uses.append((index, "question", questions[index]))
        elif det.roles.get(index) == "extra":
            uses.append((index, "extra", ""))
        elif index in chosen_before:
            uses.append((index, "drop", ""))
    return uses


def edited_columns(current: MappingEdits) -> frozenset[int]:
    """Columns the analyst gave a use before (not a field): they stay listed."""
    return frozenset(index for name, index in current.columns if name not in PULSE_FIELDS)


def _column_uses(item: Checked, det: Detection, before: frozenset[int]) -> dict[int, tuple[str, str]]:
    """A row per question or kept column: what to use it as, and the question id."""
    chosen = {}
    listed = other_columns(det, before)
    box = st.expander(f"Questions and kept columns ({len(listed)})", expanded=len(listed) <= 12)
    for index, use, qid in listed:
        header, how, ident = box.columns([4, 3, 3], vertical_alignment="center")
        header.markdown(markup.code(column_label(det, index)))
        picked = how.selectbox(f"{markup.escape(column_label(det, index))}: use as", list(USES),
                               index=list(USES).index(use), format_func=USES.get,
                               key=_key(item, f"use-{index}"), label_visibility="collapsed")
        name = ident.text_input(f"{markup.escape(column_label(det, index))}: question id", value=qid,
                                placeholder="question id (for a question)",
                                key=_key(item, f"qid-{index}"), label_visibility="collapsed")
        chosen[index] = (picked, name.strip())
    return chosen


def column_entries(det: Detection, before: frozenset[int], chosen: dict[int, tuple[str, str]]
                   ) -> tuple[list[tuple[str, int]], list[tuple[str, str]]]:
    """The ``--map`` entries for the columns' uses — those changed now, and those changed
    ``before`` (the detection shown already carries them) — and any question id that cannot
    be used, as (column, what is wrong)."""
    entries, problems = [], []
    for index, use, qid in other_columns(det, before):
        picked, name = chosen.get(index, (use, qid))
        if picked == "question" and not name:
            problems.append((column_label(det, index), "give the question an id"))
            continue
        if picked == "question" and not QUESTION_ID.fullmatch(name):
            problems.append((column_label(det, index), "a question needs an id of letters, "
                             f"digits, _ . - (not {name!r})"))
            continue
        changed = picked != use or (picked == "question" and name != qid)
        if changed or index in before:
            entries.append((name if picked == "question" else picked, index))
    return entries, problems


def edit_form(item: Checked) -> None:
    """Change the mapping and preview again; nothing is stored until Import."""
    det = item.detection
    assert det is not None
    current = edits_for(item.upload.sha256)
    with st.form(_key(item, "form"), border=True):
        st.markdown("**Change the mapping** — choose a field's column, or give one value for the "
                    "whole file (it wins over a column).")
        fields = {name: _field_row(item, det, name, current) for name in PULSE_FIELDS}
        uses: dict[int, tuple[str, str]] = {}
        before = edited_columns(current)
        if other_columns(det, before):
            st.markdown("**What the other columns are** — each a question (rename its id to "
                        "match your catalogue), kept as an extra column, or dropped (never "
                        "stored).")
            uses = _column_uses(item, det, before)
        scales: dict[str, str] = {}
        if new_questions(det):
            st.markdown("**Scales of the new questions** — guessed from the answers.")
            scales = _scale_choices(item, det)
        profile = st.text_input(
            "Save this mapping as a profile named", value=current.profile,
            key=_key(item, "profile"), placeholder=f"e.g. {det.layout} pulse",
            help="Confirms the new questions and saves the mapping with the import; a later "
                 "export with the same columns is mapped the same way without asking.")
        submitted = st.form_submit_button("Preview with these choices", type="primary",
                                          icon=":material/preview:")
    if submitted:
        entries, problems = column_entries(det, before, uses)
        if problems:
            st.error("**Not changed:**\n" + "\n".join(f"- {markup.code(column)}: {markup.escape(why)}"
                                                      for column, why in problems), icon=":material/block:")
            return
        proposed = {q.question_id: q.scale for q in det.questions}
        earlier = dict(current.scales)
        st.session_state.setdefault(_EDITS, {})[item.upload.sha256] = MappingEdits(
            columns=tuple((n, i) for n, (i, _v) in fields.items() if i != PROPOSED) + tuple(entries),
            constants=tuple((n, v) for n, (_i, v) in fields.items() if v),
            scales=tuple((q, s) for q, s in scales.items() if q in earlier or s != proposed.get(q)),
            profile=profile.strip())
        st.rerun()


def mapping_panel(item: Checked) -> None:
    proposal(item)
    edit_form(item)
