"""One module per survey tool: how its export is recognised, how its header records name the
columns, where it puts the canonical fields, its bookkeeping and personal-data columns, the
rows that are not responses and its codes for "no answer" (see :class:`base.Tool`).

Adding a tool is one module here (a ``TOOL`` built from :mod:`base`), its name in
:data:`TOOLS`, and one fixture under ``tests/fixtures/exports/<tool>/``.

May import: dashboard.config, dashboard.store
"""

from __future__ import annotations

from dashboard.ingest.tools import (
    alchemer,
    culture_amp,
    google_forms,
    limesurvey,
    microsoft_forms,
    qualtrics,
    surveymonkey,
    typeform,
    viva_glint,
)
from dashboard.ingest.tools.base import FileColumn, LayoutMatch, LeaveOut, Tool, ToolRules

# In the order their signatures are checked: the most specific first.
TOOLS: tuple[Tool, ...] = (qualtrics.TOOL, surveymonkey.TOOL, viva_glint.TOOL, microsoft_forms.TOOL,
                           typeform.TOOL, limesurvey.TOOL, alchemer.TOOL, google_forms.TOOL,
                           culture_amp.TOOL)
BY_LAYOUT: dict[str, Tool] = {layout: tool for tool in TOOLS for layout in tool.layouts}


def tool_names() -> str:
    """Every tool whose exports are recognised, in words ("Qualtrics, ... and Culture Amp"), so
    the Data page and ``ingest --help`` list exactly what :data:`TOOLS` holds."""
    names = sorted((t.name for t in TOOLS), key=str.lower)
    return ", ".join(names[:-1]) + " and " + names[-1]


def tool_for(layout: str | None) -> Tool | None:
    """The tool that writes ``layout`` (None for canonical and Excel-saved files)."""
    return BY_LAYOUT.get(layout or "")


__all__ = ["BY_LAYOUT", "TOOLS", "FileColumn", "LayoutMatch", "LeaveOut", "Tool", "ToolRules",
           "tool_for", "tool_names"]
