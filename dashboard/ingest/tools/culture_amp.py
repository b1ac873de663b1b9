"""Culture Amp raw data extract (a file Culture Amp provides on request): one row per
response, ``Response ID``, the person (``Employee ID`` or e-mail, in a full extract), the
demographics, ``Submitted At``, then one column per question with text answers.

Its layout is not published; recognised by ``Response ID`` with ``Submitted At`` (or
``Completed At``) and no other tool's signature. A de-identified extract has no person
column: each response counts as its own respondent, and leader-level figures need the
roster or ``--set``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.ingest.mapping import guess_kinds
from dashboard.ingest.source import Source
from dashboard.ingest.tools.base import LayoutMatch, Tool, ToolRules, keys_of, one_row_columns


def recognise(src: Source) -> LayoutMatch | None:
    keys = set(keys_of(src))
    if any(g.complete for g in guess_kinds(src.header_rows[0])):
        return None  # a canonical pulse file
    if "response_id" in keys and keys & {"submitted_at", "completed_at", "submitted"} \
            and not keys & {"time_started", "status", "start_date", "respondent_id", "rater_type",
                            "leader_id"}:  # other tools, or a canonical pulse file missing a column
        return LayoutMatch("culture_amp", 0.8, 1,
                           "Response ID and Submitted At with demographic columns", "pulse",
                           tool=True)
    return None


def first_record(keys: list[str], cells: list[str]) -> bool:
    return ("response_id" in keys and bool(set(keys) & {"submitted_at", "completed_at"})
            and not set(keys) & {"respondent_id", "rater_type", "leader_id"}
            and not any(g.complete for g in guess_kinds(cells)))


TOOL = Tool(
    layout="culture_amp",
    name="Culture Amp",
    title="Culture Amp raw data extract (Response ID, person, demographics, Submitted At, questions)",
    expected="Response ID, Employee ID (or Email), demographics, Submitted At, then the questions",
    recognise=recognise,
    first_record=first_record,
    rules=ToolRules(
        fields={"response_id": (("response_id",),),
                "submitted_at": (("submitted_at", "completed_at", "submitted"),),
                "respondent_id": (("employee_id", "employee_number"), ("email",))},
        meta=frozenset({"department", "division", "location", "country", "job_title",
                        "tenure", "level", "gender", "region"}),
        personal=frozenset({"email", "name", "first_name", "last_name", "preferred_name",
                            "date_of_birth"}),
    ),
    columns=one_row_columns,
)


# --- the long extract: one row per answer --------------------------------------------------

_QUESTION_KEYS = ("question", "question_text", "question_title")
_ANSWER_KEYS = ("response", "answer", "rating", "score")
_COMMENT_KEYS = ("comment", "comments", "response_comment")
_ABOUT_QUESTION = ("factor", "question_code", "question_id", "section", "question_type")  # describe the question
_LONG_SIGNATURE = ("response_id",)
_WHEN_KEYS = ("submitted_at", "completed_at", "submitted")
COMMENTS_HEADER = "Comments"


@dataclass
class _Response:
    """One response of a long extract: its first line, its cells, its answers and comments."""

    line: int
    cells: list[str]
    answers: dict[str, tuple[str, int]] = field(default_factory=dict)  # question -> (answer, line)
    comments: list[str] = field(default_factory=list)


def is_long_extract(keys: list[str]) -> bool:
    """``Response ID``, ``Submitted At``, a question column and an answer column: Culture Amp's
    long extract (one row per answer), as its raw data extract is also delivered."""
    present = set(keys)
    return (all(k in present for k in _LONG_SIGNATURE) and bool(present & set(_WHEN_KEYS))
            and bool(present & set(_QUESTION_KEYS)) and bool(present & set(_ANSWER_KEYS))
            and not present & {"respondent_id", "rater_type", "leader_id", "time_started", "status"})


def unfold_long(src: Source) -> None:
    """Turn a long extract into the wide one (one row per response, a column per question, the
    answers' comments joined in one column), so it is read like every other export; problems
    still name the line of the long file (the answer's own line for an answer). The rows of a
    response must agree on everything but the question, its answer and comment; the same
    question twice in a response is refused — nothing is guessed."""
    import csv
    import tempfile
    from pathlib import Path

    from dashboard.ingest.source import SourceError, first_records
    from dashboard.ingest.vocab import norm_header

    keys = [norm_header(cell) for cell in src.header_rows[0]] if src.header_rows else []
    if not is_long_extract(keys):
        return
    question = next(keys.index(k) for k in _QUESTION_KEYS if k in keys)
    answer = next(keys.index(k) for k in _ANSWER_KEYS if k in keys)
    comment = next((keys.index(k) for k in _COMMENT_KEYS if k in keys), None)
    rid = keys.index("response_id")
    skipped = {question, answer, comment} | {i for i, k in enumerate(keys) if k in _ABOUT_QUESTION}
    attributes = [i for i in range(len(keys)) if i not in skipped]
    word = src.position_word
    responses: dict[str, _Response] = {}
    questions: list[str] = []
    with src.csv_path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=src.delimiter)
        header = next(reader)
        previous_end = src.row_offset + reader.line_num
        for record in reader:
            line = previous_end + 1
            previous_end = src.row_offset + reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            record += [""] * (len(header) - len(record))
            response_id, text = record[rid].strip(), record[question].strip()
            if not text:
                raise SourceError(f"{src.name}: {word} {line}: {header[question]}: no question named "
                                  "(a row of the long extract answers one question)")
            if text not in questions:
                questions.append(text)
            found = responses.setdefault(response_id or f"(line {line})",
                                         _Response(line, [record[i] for i in attributes]))
            for index, value in zip(attributes, found.cells, strict=True):
                if record[index].strip() != value.strip():
                    raise SourceError(f"{src.name}: {word} {line}: {header[index]}: {record[index]!r} differs from "
                                      f"{value!r} on {word} {found.line}, for the same {header[rid]} "
                                      f"{response_id!r} (the rows of one response must agree)")
            if text in found.answers:
                raise SourceError(f"{src.name}: {word} {line}: {header[question]}: {text!r} answered twice for "
                                  f"{header[rid]} {response_id!r} (also on {word} {found.answers[text][1]})")
            found.answers[text] = (record[answer], line)
            if comment is not None and record[comment].strip():
                found.comments.append(f"{text}: {record[comment].strip()}")
    if not responses:
        return
    names = [header[i] for i in attributes] + questions + ([COMMENTS_HEADER] if comment is not None else [])
    descriptor, name = tempfile.mkstemp(prefix="empathy-long-", suffix=".csv")
    target = Path(name)
    src.temporary.append(target)
    lines: list[int] = [src.row_offset + 1]
    answer_lines: dict[tuple[int, str], int] = {}
    with open(descriptor, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(names)
        for number, response in enumerate(responses.values(), start=1):
            row = [*response.cells, *(response.answers.get(q, ("", 0))[0] for q in questions)]
            if comment is not None:
                row.append("\n".join(response.comments))
            writer.writerow(row)
            lines.append(response.line)
            answer_lines.update({(number, q): at for q, (_v, at) in response.answers.items()})
    src.csv_path, src.delimiter = target, ","
    with target.open("r", encoding="utf-8", newline="") as handle:
        src.header_rows = first_records(handle.read(1 << 20), ",")
    src.n_columns = len(names)
    src.record_lines, src.answer_lines = lines, answer_lines
    src.notes.append(f"long extract (one row per answer) read as {len(responses)} response(s) with "
                     f"{len(questions)} question(s)")
