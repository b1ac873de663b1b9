"""Read what a column's values say it is: answers on a scale, free text, ticks, or other.

The survey tools write answers as numbers (1-5, 0-10, Qualtrics recode values such as
10-13, negative "no basis" codes), as labels ("Strongly agree"), or as both ("5 - Extremely
important"). DuckDB summarises every column in one pass (``queries/ingest/column_stats.sql``);
this module turns the summary into a proposed scale, or another role, in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from dashboard.ingest.layouts import QUALTRICS_FAMILY, FileColumn
from dashboard.ingest.source import Source
from dashboard.ingest.vocab import MISSING_TOKENS, SCALE_LABELS, SCALES, category_map, suggest_category
from dashboard.store import sql


@dataclass(frozen=True)
class ColumnStats:
    """How one column's values look (from ``queries/ingest/column_stats.sql``)."""

    filled: int
    answered: int
    distinct_answers: int
    numbers: int
    plain_numbers: int
    fractions: int
    low: float | None
    high: float | None
    codes: tuple[float, ...] | None
    distinct_labels: int
    labels: tuple[str, ...] | None
    text_length: float
    emails: int
    ips: int
    comma_decimals: int
    dot_decimals: int


def column_stats(con: duckdb.DuckDBPyConnection, header_records: int) -> dict[int, ColumnStats]:
    """How every column's values look, read in one pass by DuckDB."""
    rows = sql.rows(con, "ingest/column_stats",
                    {"header_records": header_records, "missing": sorted(MISSING_TOKENS)})
    stats = {}
    for col, *values in rows:
        (filled, answered, distinct_answers, numbers, plain, fractions, low, high, codes,
         distinct_labels, labels, text_length, emails, ips, comma, dot) = values
        stats[int(col[1:])] = ColumnStats(
            int(filled), int(answered), int(distinct_answers), int(numbers), int(plain),
            int(fractions), low, high, tuple(codes) if codes is not None else None,
            int(distinct_labels), tuple(labels) if labels is not None else None,
            float(text_length or 0), int(emails), int(ips), int(comma), int(dot))
    return stats


def personal_values(con: duckdb.DuckDBPyConnection, header_records: int,
                    indexes: list[int]) -> dict[int, int]:
    """Per column, how many of its data values are personal data (``personal_value`` in
    ``queries/ids``: e-mail addresses in any spelling, IP addresses, coordinates)."""
    from duckdb import ColumnExpression, ConstantExpression, FunctionExpression

    if not indexes:
        return {}
    records = con.table("raw_numbered").filter(ColumnExpression("rec") >= ConstantExpression(header_records))
    counts = records.aggregate([
        FunctionExpression("count_if", FunctionExpression("personal_value", ColumnExpression(f"c{index}")))
        for index in indexes]).fetchall()[0]
    return {index: int(count or 0) for index, count in zip(indexes, counts, strict=True)}


def decimal_comma(src: Source, stats: dict[int, ColumnStats]) -> bool:
    """European Excel writes 0,85; only a file not separated by commas can mean that."""
    if src.delimiter == ",":
        return False
    comma = sum(s.comma_decimals for s in stats.values())
    dot = sum(s.dot_decimals for s in stats.values())
    return comma > 0 and dot == 0


@dataclass(frozen=True)
class Verdict:
    """What a column's values say it is."""

    kind: str  # question, free_text, selection, categorical, rater_type, numbers, personal, empty
    scale: str = ""
    label_map: tuple[tuple[str, int], ...] = ()
    basis: str = ""
    confidence: float = 1.0


def classify(stats: ColumnStats | None, rows: int) -> Verdict:
    """Read a column's values: answers on a scale, free text, check-box marks, or other."""
    if stats is None or stats.filled == 0:
        return Verdict("empty", basis="no answers in this file: kept as extra")
    if stats.emails * 2 > stats.filled:
        return Verdict("personal", basis="values are e-mail addresses: dropped")
    if stats.ips * 2 > stats.filled:
        return Verdict("personal", basis="values are IP addresses: dropped")
    if stats.answered == 0:
        return Verdict("categorical", basis="only N/A-like answers: kept as extra")
    if stats.numbers == stats.answered:
        return _numeric_verdict(stats, rows)
    if stats.numbers == 0 and stats.labels is not None:
        fitted = fit_labels(stats.labels)
        if fitted:
            return fitted
        relationship = rater_type_verdict(stats.labels)
        if relationship:
            return relationship
    choices = repeated_choices(stats)
    if choices is not None:
        return choices
    if stats.text_length > 25 or stats.distinct_answers > 0.7 * stats.answered:
        return Verdict("free_text")
    return Verdict("categorical", basis="answers are words not on a known scale: kept as extra")


MAX_CHOICES = 12  # a question's options, or a categorical field's values
MAX_CHOICE_LENGTH = 40  # characters of one option (as a token)
HOW_TO_MAP = ("--map question:ID=COLUMN if it is a question on a scale, --map comment=COLUMN if it is "
               "free text, --map drop=COLUMN to leave it out")


def repeated_choices(stats: ColumnStats) -> Verdict | None:
    """A small set of short labels repeated across rows ("Sales", "Support", "Sales") is a
    question's options or a categorical field, never free text: comments are written, not
    ticked, and rarely twice the same. Kept as an extra column, saying how to map it
    otherwise; a column whose answers are all different stays free text."""
    labels = stats.labels
    if labels is None or not labels or stats.distinct_answers > MAX_CHOICES:
        return None
    if stats.distinct_answers >= stats.answered or max(len(label) for label in labels) > MAX_CHOICE_LENGTH:
        return None
    shown = ", ".join(labels[:4]) + (", ..." if len(labels) > 4 else "")
    return Verdict("categorical", basis=f"{stats.distinct_answers} different answers repeated across "
                   f"{stats.answered} rows ({shown}): a choice, not free text, so never a comment; kept as "
                   f"extra ({HOW_TO_MAP})")


def rater_type_verdict(labels: tuple[str, ...]) -> Verdict | None:
    """A relationship question ("Which best describes you?": "I report directly to this
    leader", "A colleague", "Myself"): every answer names a rater type, at least two differ.
    It is the rater type, never a comment; its values are proposed for confirmation."""
    wanted = [label for label in labels if label not in MISSING_TOKENS]
    if not wanted or len(wanted) > 6:
        return None
    known = category_map("rater_type")
    meant = [known.get(label) or suggest_category("rater_type", label) for label in wanted]
    if any(m is None for m in meant) or len(set(meant)) < 2:
        return None
    proposal = ", ".join(f"'{label}' → {m}" for label, m in zip(wanted, meant, strict=True) if label not in known)
    return Verdict("rater_type", basis="answers name the respondent's relationship to the leader"
                   + (f" (proposed: {proposal})" if proposal else ""), confidence=0.6)


def _numeric_verdict(stats: ColumnStats, rows: int) -> Verdict:
    if stats.fractions:
        return Verdict("numbers", basis="numbers with decimals, not answers on a scale: kept as extra")
    codes = [int(c) for c in stats.codes] if stats.codes is not None else None
    if codes in ([0], [1]) and (stats.filled < rows or rows >= 3):
        return Verdict("selection", basis=f"only {codes[0]} or blank (a ticked choice): kept as extra")
    if codes is None:
        return Verdict("numbers", basis="more than 20 different numbers: kept as extra")
    return fit_numbers(codes)


def fit_numbers(codes: list[int]) -> Verdict:
    """The scale answers 1..5, 1..7 or 0..10 fit; other small ranges (Qualtrics recode
    values such as 10-13) are recoded to 1..n, lowest first."""
    low, high = min(codes), max(codes)
    seen = f"answers {low}–{high}" if low != high else f"answers all {low}"
    for scale in ("likert5", "likert7"):
        if low >= 1 and high <= SCALES[scale][1]:
            full = low == 1 and high == SCALES[scale][1]
            return Verdict("question", scale, basis=f"{seen}: {scale}",
                           confidence=0.9 if full else 0.6)
    if low >= 0 and high <= 10 and (low == 0 or high > 7) and high >= 7:
        return Verdict("question", "nps11", basis=f"{seen}: nps11", confidence=0.85)
    span = high - low + 1
    if span <= 7:
        scale = "likert5" if span <= 5 else "likert7"
        recode = tuple((str(code), code - low + 1) for code in range(low, high + 1))
        return Verdict("question", scale, recode,
                       basis=f"recode values {low}–{high} read as 1–{span}: {scale}",
                       confidence=0.6)
    return Verdict("numbers", basis=f"numbers {low}–{high} fit no scale: kept as extra")


def fit_labels(labels: tuple[str, ...]) -> Verdict | None:
    """The first scale whose vocabulary knows every label, each as a different score
    (so 'Somewhat agree' next to 'Agree' means a 7-point scale)."""
    wanted = [label for label in labels if label not in MISSING_TOKENS]
    if not wanted:
        return None
    four = SCALE_LABELS["likert4"]
    if all(label in four for label in wanted) and len({four[label] for label in wanted}) == len(wanted) \
            and {four[label] for label in wanted} >= {1, 4}:
        # both ends of a 4-point vocabulary and no middle answer: never squeezed onto 1, 2, 4, 5
        return Verdict("question", "likert4", basis="answer labels of a 4-point scale (no middle "
                       "answer); if it has one, give --scale ID=likert5", confidence=0.7)
    for scale in SCALES:
        vocabulary = SCALE_LABELS[scale]
        if all(label in vocabulary for label in wanted):
            values = {vocabulary[label] for label in wanted}
            if len(values) == len(wanted):
                return Verdict("question", scale, basis=f"answer labels of the {scale} scale",
                               confidence=0.85)
    return None


def question_group(layout: str, col: FileColumn) -> str:
    """The question a column belongs to: the rows of one matrix share a scale and a recode.

    Qualtrics: the QID of the ImportId (QID4-2 -> QID4), else the label before its last
    '-' (legacy 'Question text-Statement 2'); SurveyMonkey: the question over its
    sub-labels; Google Forms: the grid title before '[Row]'.
    """
    if layout in QUALTRICS_FAMILY:
        found = re.match(r"(QID\d+(?:#\d+)?)", col.import_id or "", re.I)
        if found:
            return found.group(1).upper()
        return col.label.rsplit("-", 1)[0].strip() if "-" in col.label else col.header
    if layout == "surveymonkey":
        return col.key.split("/")[0]
    if layout == "google_forms" and col.header.endswith("]") and " [" in col.header:
        return col.header.rsplit(" [", 1)[0]
    return col.header


def question_verdicts(layout: str, rows: int, stats: dict[int, ColumnStats],
                      candidates: list[FileColumn]) -> dict[int, Verdict]:
    """Each column's verdict, with one scale (and recode) per question read from the
    answers of all its columns."""
    own = {col.index: classify(stats.get(col.index), rows) for col in candidates}
    groups: dict[str, list[FileColumn]] = {}
    for col in candidates:
        groups.setdefault(question_group(layout, col), []).append(col)
    verdicts = dict(own)
    for members in groups.values():
        scored = [c.index for c in members if own[c.index].kind == "question"]
        if len(scored) < 2:
            continue
        shared = _shared_verdict([stats[i] for i in scored])
        if shared is not None:
            for index in scored:
                verdicts[index] = shared
    return verdicts


def _shared_verdict(stats: list[ColumnStats]) -> Verdict | None:
    """The verdict for the union of several columns' answers (None when they differ in kind)."""
    if all(s.numbers == s.answered for s in stats):
        if any(s.codes is None for s in stats):
            return None
        codes = sorted({int(code) for s in stats for code in s.codes or ()})
        verdict = fit_numbers(codes)
        return Verdict(verdict.kind, verdict.scale, verdict.label_map,
                       verdict.basis + " (all rows of the question)", verdict.confidence)
    if all(s.numbers == 0 and s.labels is not None for s in stats):
        return fit_labels(tuple(sorted({label for s in stats for label in s.labels or ()})))
    return None


