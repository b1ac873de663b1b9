"""Templates and help for the Data page: a CSV per canonical kind, the recommended pulse
question set, and how to export from each survey tool."""

from __future__ import annotations

import csv
import io

from dashboard.ingest.kinds import KIND_ORDER, KINDS

# 3–5 questions, monthly during the program, quarterly after; the recommend item is 0–10.
RECOMMENDED_QUESTIONS = (
    ("understood", "My leader understands my perspective in remote conversations.", "likert5",
     "understood"),
    ("tone", "Messages from my leader are clear and considerate in tone.", "likert5", "tone"),
    ("listening", "In video meetings my leader listens without interrupting and checks "
     "understanding.", "likert5", "listening"),
    ("follow_up", "My leader follows up when something I said seemed to bother me.", "likert5",
     "follow_up"),
    ("enps", "How likely are you to recommend this company as a place to work? (0–10)", "nps11",
     "enps"),
)
LIKERT5_LABELS = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
                  "Strongly agree")

EXPORT_HELP = {
    "Qualtrics": "Data & Analysis → Export & Import → Export data → CSV, with “Use numeric values”. "
                 "Keep the three header rows; add embedded data fields for leader_id and "
                 "rater_type (or map them on upload, or take them from the roster).",
    "Google Forms": "Responses → Link to Sheets, then File → Download → CSV, or Responses → ⋮ → "
                    "Download responses (.csv). Use linear scales 1–5 and 0–10; grids are fine.",
    "Microsoft Forms": "Responses → Open in Excel, and upload the .xlsx as downloaded. Anonymous "
                       "forms have no e-mail: map the respondent id from a question or the roster.",
    "SurveyMonkey": "Analyze results → Save as → Export file → All responses data → CSV or XLSX, "
                    "“Original view”, columns as “Expanded”.",
    "Viva Glint": "Reports → Raw data export (CSV). EMP ID becomes the respondent and Manager ID "
                  "the leader; comments are kept only for groups of 10 or more.",
    "Excel / other": "Save as CSV UTF-8 (or upload the .xlsx). Semicolons, Windows-1252 and "
                     "decimal commas from European Excel are fine.",
}


def template_csv(kind: str) -> bytes:
    """Header plus one example row for a canonical kind (what the importer expects)."""
    spec = KINDS[kind]
    if kind == "pulse":
        header = [f.name for f in spec.required + spec.optional if f.name != "period"]
        header = header[:5] + [q[0] for q in RECOMMENDED_QUESTIONS] + header[5:]
    else:
        header = [f.name for f in spec.required + spec.optional]
        if spec.long_fields:
            header += [f.name for f in spec.long_fields]
    example = dict(spec.example)
    if kind == "pulse":
        example |= {"understood": "4", "tone": "Agree", "listening": "5", "follow_up": "N/A",
                    "enps": "8", "comment": ""}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerow([example.get(column, "") for column in header])
    return buffer.getvalue().encode("utf-8")


def question_set_csv() -> bytes:
    """The recommended pulse questions as a question catalogue (importable as is)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["question_id", "text", "scale", "construct"])
    writer.writerows(RECOMMENDED_QUESTIONS)
    return buffer.getvalue().encode("utf-8")


def question_set_text() -> str:
    """The question set as text to paste into a survey tool, with the answer options."""
    lines = []
    for number, (_qid, text, scale, _construct) in enumerate(RECOMMENDED_QUESTIONS, start=1):
        options = " / ".join(LIKERT5_LABELS) if scale == "likert5" else "0 (not at all likely) … 10 (extremely likely)"
        lines.append(f"{number}. {text}\n   Answers: {options}")
    lines.append("Also ask (or add as embedded data): who is being rated (leader id) and the "
                 "rater's relationship (self, peer, direct report).")
    return "\n".join(lines)


def template_kinds() -> tuple[str, ...]:
    return KIND_ORDER
