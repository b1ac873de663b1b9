"""The analyst's word over the proposal: a saved profile's decisions, then ``--map``,
``--set`` and ``--scale``. Each edit first forgets what was decided about a column, then
records the new decision, so the last word wins and nothing is decided twice.
"""

from __future__ import annotations

import re
from typing import Any

from dashboard.ingest.detection import (
    PULSE_FIELDS,
    ROLE_TARGETS,
    Catalogue,
    Detection,
    FieldChoice,
    ProposalError,
    QuestionChoice,
)
from dashboard.ingest.kinds import PULSE
from dashboard.ingest.values import classify
from dashboard.ingest.vocab import SCALE_ALIASES, SCALES, norm_header, norm_token

QUESTION_ID = re.compile(r"[A-Za-z0-9_.-]+")  # what --map accepts as a question id


def release(det: Detection, index: int, keep_fields: bool = False) -> None:
    """Forget the decisions about one column before a new one is made. ``keep_fields``: the
    column goes on feeding other fields (ResponseId can be the response and, for anonymous
    links, the respondent), but it leaves the comment the proposal built."""
    for name, choice in det.fields.items():
        if keep_fields and name != "comment":
            continue
        if index in choice.columns and not choice.derived:
            choice.columns.remove(index)
    det.questions = [q for q in det.questions if q.column != index]
    det.roles.pop(index, None)
    for name in list(det.ambiguous):
        if index in det.ambiguous[name]:
            det.ambiguous[name].remove(index)


def find_by_key(det: Detection, key: str, profile: str) -> int | None:
    for col in det.columns:
        if col.key == key:
            return col.index
    det.problems.append(f"profile {profile!r} expects a column {key!r} that this file does not have")
    return None


def apply_profile(det: Detection, profile: Any, catalogue: Catalogue) -> None:
    """Replay a saved profile's decisions (they win over the proposal)."""
    mapping = profile.mapping
    for name, spec in mapping.get("fields", {}).items():
        indexes = [i for i in (find_by_key(det, k, profile.name) for k in spec.get("columns", []))
                   if i is not None]
        if not spec.get("derived"):
            for i in indexes:
                release(det, i)
        det.fields[name] = FieldChoice(indexes, spec.get("constant"), bool(spec.get("derived")),
                                       bool(spec.get("anonymous")), bool(spec.get("from_roster")),
                                       basis=f"profile {profile.name!r}")
        det.ambiguous.pop(name, None)
    for spec in mapping.get("questions", []):
        index = find_by_key(det, spec["column"], profile.name)
        if index is None:
            continue
        release(det, index)
        labels = tuple((str(label), int(value)) for label, value in spec.get("label_map") or [])
        stored = catalogue.known(spec["question_id"])
        qid = stored or spec["question_id"]
        if stored and spec.get("registered") and (catalogue.scales[stored], catalogue.labels[stored]) \
                != (spec["scale"], labels):
            det.problems.append(
                f"{det.header(index)}: profile {profile.name!r} registers {qid} as {spec['scale']}, "
                f"but the catalogue holds {qid} as {catalogue.scales[stored]}"
                + (" with other answer labels" if catalogue.scales[stored] == spec["scale"] else "")
                + f"; map the column to another id (--map ID=COLUMN) or save the profile again "
                f"(--save-profile {profile.name})")
        det.questions.append(QuestionChoice(
            index, qid, catalogue.texts.get(qid) or spec.get("text") or det.header(index),
            catalogue.scales.get(qid, spec["scale"]), () if stored else labels,
            new=stored is None, confirmed=True, basis=f"profile {profile.name!r}"))
    for role, keys in (("extra", mapping.get("extra", [])), ("dropped", mapping.get("drop", []))):
        for key in keys:
            index = next((c.index for c in det.columns if c.key == key), None)
            if index is not None:
                release(det, index)
                det.roles[index] = role
    det.questions.sort(key=lambda q: q.column)


def resolve_column(det: Detection, reference: str, target: str) -> int:
    """The column an analyst names: export tag, header, question text, or '#N' (1-based)."""
    text = reference.strip()
    if re.fullmatch(r"#\d+", text):
        number = int(text[1:])
        if 1 <= number <= len(det.columns):
            return number - 1
        raise ProposalError(f"--map {target}={reference}: the file has {len(det.columns)} columns")
    wanted = norm_header(text)
    for hits in ([c.index for c in det.columns if c.header == text],
                 [c.index for c in det.columns if c.key == text],
                 [c.index for c in det.columns if norm_header(c.header) == wanted],
                 [c.index for c in det.columns if c.key.split("#")[0] == wanted],
                 [c.index for c in det.columns if norm_header(c.label) == wanted]):
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            positions = ", ".join(f"#{i + 1}" for i in hits)
            raise ProposalError(f"--map {target}={reference}: several columns are called that "
                                f"({positions}); name one by its position, e.g. "
                                f"--map {target}=#{hits[0] + 1}")
    raise ProposalError(f"--map {target}={reference}: the file has no column {reference!r}")


def _field_name(target: str) -> str | None:
    """A pulse field from its name or an alias (``leader`` is leader_id)."""
    if target in PULSE_FIELDS:
        return target
    alias = PULSE.header_index().get(norm_header(target))
    return alias if alias in PULSE_FIELDS else None


def apply_overrides(det: Detection, overrides: list[tuple[str, str]], constants: dict[str, str],
                     scales: dict[str, str], catalogue: Catalogue) -> None:
    """``--map``, ``--set`` and ``--scale``: the analyst's word is final."""
    by_field: dict[str, list[int]] = {}
    for target, reference in overrides:
        index = resolve_column(det, reference, target)
        question = target.partition(":")[2] if target.lower().startswith("question:") else None
        if question is not None:  # --map question:ID=COLUMN: a question even if ID is a field's name
            release(det, index, keep_fields=False)
            _map_question(det, index, question, catalogue)
            continue
        name = _field_name(target)
        release(det, index, keep_fields=name is not None and name != "comment")
        if target in ROLE_TARGETS:
            det.roles[index] = "extra" if target == "extra" else "dropped"
        elif name is not None:
            by_field.setdefault(name, []).append(index)
        else:
            _map_question(det, index, target, catalogue)
    for name, indexes in by_field.items():
        previous = det.fields.get(name)
        anonymous = bool(previous and previous.anonymous and name == "respondent_id")
        det.fields[name] = FieldChoice(indexes, anonymous=anonymous, basis="--map")
        det.ambiguous.pop(name, None)
    for name, value in constants.items():
        field_name = _field_name(name)
        if field_name is None:
            raise ProposalError(f"--set {name}=...: pulse has no field {name!r} "
                                f"(fields: {', '.join(PULSE_FIELDS)})")
        det.fields[field_name] = FieldChoice(constant=value, basis="--set")
        det.ambiguous.pop(field_name, None)
    for target, scale_text in scales.items():
        _set_scale(det, target, scale_text)
    det.questions.sort(key=lambda q: q.column)


def _map_question(det: Detection, index: int, target: str, catalogue: Catalogue) -> None:
    qid = target.strip()
    if not QUESTION_ID.fullmatch(qid):
        raise ProposalError(f"--map {target}=...: not a field ({', '.join(PULSE_FIELDS)}), "
                            "extra, drop, nor a usable question id (letters, digits, _ . -)")
    stored = catalogue.known(qid)
    if stored:
        det.questions.append(QuestionChoice(index, stored, catalogue.texts[stored],
                                            catalogue.scales[stored], new=False, confirmed=True,
                                            basis="--map"))
        return
    verdict = classify(det.stats.get(index), det.rows)
    scale = verdict.scale if verdict.kind == "question" else ""
    det.questions.append(QuestionChoice(
        index, qid, det.columns[index].label or det.header(index), scale, verdict.label_map,
        new=True, confirmed=True, basis="--map; " + (verdict.basis or verdict.kind),
        confidence=verdict.confidence if scale else 0.5))


def _set_scale(det: Detection, target: str, scale_text: str) -> None:
    scale = SCALE_ALIASES.get(norm_token(scale_text))
    if scale is None:
        raise ProposalError(f"--scale {target}={scale_text}: unknown scale "
                            f"(expected {', '.join(SCALES)})")
    wanted = norm_header(target)
    hits = [q for q in det.questions if q.question_id == target or norm_header(q.question_id) ==
            wanted or det.columns[q.column].key == wanted or norm_header(det.header(q.column)) == wanted]
    if not hits:
        raise ProposalError(f"--scale {target}=...: no question column or question id {target!r}")
    for q in hits:
        if not q.new:
            raise ProposalError(f"--scale {target}=...: {q.question_id} is already in the catalogue "
                                f"as {q.scale}; change it there (import the question catalogue)")
        low, high = SCALES[scale]
        if any(not low <= value <= high for _label, value in q.label_map):
            q.label_map = ()
        q.scale, q.confidence, q.basis = scale, 1.0, f"--scale {scale}"


