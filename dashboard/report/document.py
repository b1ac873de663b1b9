"""The whole report as one self-contained HTML file.

Nothing is fetched when the file is opened: the CSS is inline, fonts are the reader's own
system fonts, and plotly.js comes from the installed plotly package, inlined once. A
Content-Security-Policy in the page forbids the browser any request at all (only inline
script and style run), so even a future library change could not make the file phone home.
Text and tables need no JavaScript; charts do, and say so when it is off.
"""

from __future__ import annotations

import re
from functools import cache

import plotly.offline

from dashboard.ingest.kinds import KIND_ORDER
from dashboard.present.formatting import month_label
from dashboard.present.verdicts import TONE_COLOURS
from dashboard.report.data import ReportData
from dashboard.report.html import Markup, join, tag
from dashboard.report.sections import BUILDERS, SECTIONS, methods_section, section

CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")

# The one script besides plotly's: marks the page as scripted, which hides the "needs JavaScript"
# notes, and as embedded when it is shown inside another page (the app's Quarterly review), where
# it takes the full width it is given instead of a printed page's.
JS_FLAG = ("document.documentElement.classList.add('js');"
           "if (window.self !== window.top) document.documentElement.classList.add('embedded');")

# Good, bad and neutral are the charts' verdict colours, so a table's "improved" matches its dot.
TONE_CSS = ":root { " + " ".join(f"--{tone}: {colour};" for tone, colour in TONE_COLOURS.items()) + " }"

CSS = TONE_CSS + """
:root { --ink: #1f2328; --muted: #5c646d; --line: #d5dbe1; --accent: #0072B2; --shade: #f2f5f8; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
       "Noto Sans", "Liberation Sans", sans-serif; font-size: 10pt; line-height: 1.45;
       color: var(--ink); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 182mm; padding: 10mm 0 16mm; background: white; }
code { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono",
       monospace; font-size: 0.9em; }
header.cover { border-bottom: 3px solid var(--accent); padding-bottom: 6pt; margin-bottom: 8pt; }
header.cover h1 { font-size: 20pt; line-height: 1.15; margin: 0 0 3pt; }
header.cover p { margin: 2pt 0; color: var(--muted); }
.demo { border: 1px solid #E69F00; background: #fff6e5; padding: 4pt 8pt; margin: 6pt 0;
        font-weight: 600; }
nav.toc ol { columns: 2; column-gap: 8mm; margin: 4pt 0 0; padding-left: 16pt; font-size: 9pt; }
nav.toc a { color: var(--accent); text-decoration: none; }
h2 { font-size: 14pt; margin: 16pt 0 6pt; padding-bottom: 2pt; border-bottom: 1.5px solid var(--accent);
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 11pt 0 3pt; break-after: avoid; page-break-after: avoid; }
p { margin: 3pt 0 5pt; }
p.intro { color: var(--muted); }
p.empty { color: var(--muted); font-style: italic; }
ul { margin: 2pt 0 6pt; padding-left: 15pt; }
li { margin: 1.5pt 0; break-inside: avoid; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1pt 10pt; margin: 4pt 0 6pt;
           font-size: 9pt; }
dl.facts dt, dl.definitions dt, dl.questions dt { font-weight: 600; }
dl.facts dd { margin: 0; }
dl.definitions dd { margin: 0 0 4pt 12pt; }
dl.questions { display: grid; grid-template-columns: max-content 1fr; gap: 0 8pt; font-size: 8pt;
               color: var(--muted); margin: 2pt 0 8pt; }
dl.questions dd { margin: 0; }
.table-wrap { margin: 4pt 0 6pt; }
table.data { border-collapse: collapse; width: 100%; font-size: 8.5pt;
             font-variant-numeric: tabular-nums; }
table.data th, table.data td { border-bottom: 0.75pt solid var(--line); padding: 2pt 4pt;
                               text-align: left; vertical-align: top; }
table.data th { background: var(--shade); font-weight: 600; font-size: 8pt; }
table.data .num { text-align: right; }
table.data small { color: var(--muted); font-size: 7.5pt; }
table.grid { font-size: 7.5pt; table-layout: fixed; }
table.grid th:first-child { width: 25%; }
table.grid th, table.grid td { padding: 1.5pt 3pt; }
table.grid td.num { white-space: nowrap; }
table.grid .q { font-weight: 700; color: var(--accent); }
table.grid small.module { white-space: normal; }
table.small { font-size: 7.5pt; }
table.impact th:first-child { width: 21%; }
table.impact th:nth-child(5) { width: 11%; }
table.impact th:last-child { width: 15%; }
table.impact small { white-space: nowrap; }
.indent { padding-left: 9pt; }
table.commands code { font-size: 7pt; word-break: break-all; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.suppressed { color: var(--muted); font-style: italic; font-size: 7pt; white-space: normal; }
.good, .delta.good { color: var(--good); }
.answer-box { border: 1px solid #c9ced4; border-radius: 6px; padding: 4px 14px; margin: 10px 0; }
.answer-box li.answer { color: inherit; margin: 4px 0; }
.answer-box li.answer.good strong { color: var(--good); }
.answer-box li.answer.bad strong { color: var(--bad); }
.bad, .delta.bad { color: var(--bad); }
.verdict { font-weight: 600; }
.verdict.neutral { color: var(--neutral); }
p.source { font-size: 7pt; color: var(--muted); margin: 1pt 0 6pt; }
figure.chart { margin: 6pt 0 4pt; width: 650px; max-width: 100%; break-inside: avoid;
               page-break-inside: avoid; }
figure.chart figcaption { font-size: 8pt; color: var(--muted); }
footer { margin-top: 14pt; font-size: 8pt; color: var(--muted); }
html.js .needs-js { display: none; }
html.embedded body { max-width: none; padding: 0 2px 8px; }
@media screen { .table-wrap, figure.chart { max-width: 100%; overflow-x: auto; } }
@media screen and (max-width: 600px) {
  nav.toc ol { columns: 1; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: 3pt; }
}
@media print {
  body { max-width: none; padding: 0; }
  section#methods { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
}
"""


@cache
def plotly_js() -> str:
    """plotly.js from the installed package (about 4.8 MB), read once per process."""
    return str(plotly.offline.get_plotlyjs())  # plotly is untyped: the script, as text


def _page_css(data: ReportData, paper: str | None) -> str:
    """Page margins, size and running footer. The footer text is built from the quarter only
    (never from upload names), and checked to hold nothing a CSS string could break on."""
    title = f"Quarterly review {data.quarter.label}"
    if not re.fullmatch(r"[A-Za-z0-9 ]+", title):
        title = "Quarterly review"
    size = {"a4": "A4", "letter": "letter"}.get((paper or "").lower(), "auto")
    return (f"@page {{ size: {size}; margin: 14mm 13mm 16mm 13mm;"
            f" @bottom-left {{ content: \"{title}\"; font-size: 7.5pt; color: #5c646d; }}"
            " @bottom-right { content: \"page \" counter(page) \" of \" counter(pages);"
            " font-size: 7.5pt; color: #5c646d; } }")


def _header(data: ReportData) -> Markup:
    q = data.quarter
    cohorts = ", ".join(data.cohorts) if data.cohorts else "all cohorts"
    lines = [
        tag("h1", f"Quarterly review — {q.label}"),
        tag("p", f"Digital-empathy training for remote leaders · {q.span_label} · {cohorts}"),
        tag("p", f"Built {data.generated_at:%Y-%m-%d %H:%M} UTC from ", tag("code", data.database or "the database"),
            f" · data up to the end of {month_label(q.last_month)}"),
    ]
    if data.demo:
        lines.append(tag("p", "Demo data — everything in this report comes from the generated demo "
                              "program, not from real people.", class_="demo"))
    return tag("header", lines, class_="cover")


def _toc() -> Markup:
    return tag("nav", tag("strong", "Contents"),
               tag("ol", [tag("li", tag("a", title, href=f"#{key}")) for key, title in SECTIONS]),
               class_="toc")


def _empty_body(data: ReportData) -> Markup:
    kinds = ", ".join(KIND_ORDER)
    return join(section("summary", tag("p", "Nothing is imported yet, so there is nothing to review. "
                                            f"Import the exports ({kinds}) with python -m dashboard "
                                            "ingest or on the Data page, or try python -m dashboard demo.")),
                methods_section(data))


def render_html(data: ReportData, paper: str | None = None) -> str:
    """The report as one HTML document (UTF-8 text)."""
    # the answer first: the executive summary, then the contents list, then the rest
    body = _empty_body(data) if data.empty else join(BUILDERS[0](data), _toc(),
                                                     *[build(data) for build in BUILDERS[1:]])
    head = join(
        Markup('<meta charset="utf-8">'),
        tag("meta", http_equiv="Content-Security-Policy", content=CSP),
        tag("meta", name="referrer", content="no-referrer"),
        tag("meta", name="viewport", content="width=device-width, initial-scale=1"),
        tag("meta", name="generator", content="empathy-dashboard report"),
        tag("title", f"Quarterly review {data.quarter.label}"),
        tag("style", Markup(CSS + _page_css(data, paper))),
        tag("script", Markup(JS_FLAG)) if not data.empty else None,
        tag("script", Markup(plotly_js())) if not data.empty else None,
    )
    footer = tag("footer", "Self-contained report: it makes no network request. Numbers come from the "
                           "KPI layer (Appendix B reproduces each table). Charts need JavaScript; every "
                           "chart's numbers are also in a table.")
    document = join(Markup("<!DOCTYPE html>\n"),
                    tag("html", tag("head", head), tag("body", _header(data), body, footer), lang="en"))
    return str(document)
