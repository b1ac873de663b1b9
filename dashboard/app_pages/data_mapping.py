"""The Data page's mapping panel for a survey tool's export: what was detected and how sure we
are, the proposed mapping (field ← column, questions and their scales, kept and dropped
columns), what still needs a decision, and a form to change it — a column per field, one
value for the whole file, a new question's scale, a profile name — which previews the file
again with those edits before anything is stored.

The edits are kept per file (by content) for the session; ``with_edits`` puts them on the
uploads the preview and the import receive.
"""

from __future__ import annotations

import streamlit as st

from dashboard.ingest.detection import PULSE_FIELDS, Detection
from dashboard.mapping_review import (
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
from dashboard.uploads import Checked, Upload

_EDITS = "data_mapping_edits"  # file sha256 -> MappingEdits
WIDGET = "map-"  # prefix of the form's widget keys
PROPOSED = -1  # "as proposed" in a field's column choice
SCALES_PER_ROW = 3
CONSTANT_HINTS = {"leader_id": "e.g. L01", "period": "YYYY-MM"}


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
    st.markdown(f"**Detected:** {layout_text(det)}")
    profile = (f" Mapped with the saved profile **{det.profile}** (found for this layout)."
               if det.profile else "")
    st.caption(f"{confidence_text(det)}{profile} {det.rows:,} responses.")
    if item.needs_mapping:
        open_ = [page_words(p.reason) for p in item.result.problems]
        st.warning("**Before importing:**\n" + "\n".join(f"- {line}" for line in open_),
                   icon=":material/rule:")
    st.markdown("**Fields** (field ← column)")
    st.table(fields_frame(det), hide_index=True)
    if det.questions:
        st.markdown(f"**Questions** ({len(det.questions)})")
        st.dataframe(questions_frame(det), hide_index=True,
                     column_config={"Question": st.column_config.TextColumn(width="large")})
    st.markdown("**Kept** (stored as extra columns): "
                + (", ".join(f"`{c}`" for c in det.kept) if det.kept else "none"))
    st.markdown("**Dropped** (personal data, never stored): "
                + (", ".join(f"`{c}`" for c in det.dropped) if det.dropped else "none"))


def _field_row(item: Checked, det: Detection, name: str, current: MappingEdits
               ) -> tuple[int, str]:
    """One field's column choice and, where it makes sense, one value for the whole file."""
    label, column, constant = st.columns([2, 4, 3], vertical_alignment="center")
    label.markdown(FIELD_LABELS[name])
    options = [PROPOSED, *range(len(det.columns))]
    chosen = dict(current.columns).get(name, PROPOSED)
    index = column.selectbox(
        f"{FIELD_LABELS[name]}: column", options, index=options.index(chosen),
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
            f"{FIELD_LABELS[name]} for the whole file", value=dict(current.constants).get(name, ""),
            placeholder=f"one value for the whole file ({CONSTANT_HINTS[name]})",
            key=_key(item, f"set-{name}"), label_visibility="collapsed")
    return index, value.strip()


def _scale_choices(item: Checked, det: Detection) -> dict[str, str]:
    chosen = {}
    options = scale_options()
    columns = st.columns(SCALES_PER_ROW)
    for number, (qid, header, scale) in enumerate(new_questions(det)):
        chosen[qid] = columns[number % SCALES_PER_ROW].selectbox(
            f"`{header}` → {qid}", options, index=options.index(scale) if scale in options else 0,
            format_func=SCALE_LABELS.get, key=_key(item, f"scale-{qid}"))
    return chosen


def edit_form(item: Checked) -> None:
    """Change the mapping and preview again; nothing is stored until Import."""
    det = item.detection
    assert det is not None
    current = edits_for(item.upload.sha256)
    with st.form(_key(item, "form"), border=True):
        st.markdown("**Change the mapping** — choose a field's column, or give one value for the "
                    "whole file (it wins over a column).")
        fields = {name: _field_row(item, det, name, current) for name in PULSE_FIELDS}
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
        proposed = {q.question_id: q.scale for q in det.questions}
        earlier = dict(current.scales)
        st.session_state.setdefault(_EDITS, {})[item.upload.sha256] = MappingEdits(
            columns=tuple((n, i) for n, (i, _v) in fields.items() if i != PROPOSED),
            constants=tuple((n, v) for n, (_i, v) in fields.items() if v),
            scales=tuple((q, s) for q, s in scales.items() if q in earlier or s != proposed.get(q)),
            profile=profile.strip())
        st.rerun()


def mapping_panel(item: Checked) -> None:
    proposal(item)
    edit_form(item)
