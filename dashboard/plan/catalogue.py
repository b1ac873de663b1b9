"""The program's module catalogue: the five core modules, plus custom ones."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from dashboard.store import sql


@dataclass(frozen=True)
class Module:
    module_id: str
    name: str
    description: str
    microlearning_minutes: int = 20
    practice_minutes: int = 45


CORE_MODULES = (
    Module("digital_cues", "Awareness of digital cues",
           "Reading tone, silence and emoji in chat, e-mail and video; noticing when someone "
           "goes quiet.", 20),
    Module("active_listening", "Active listening in video",
           "Listening without interrupting on calls, checking understanding, making room for "
           "camera-off voices.", 25),
    Module("written_replies", "Empathetic written replies",
           "Writing replies that acknowledge feelings, stay clear and invite follow-up.", 20),
    Module("bias_recognition", "Bias recognition",
           "Spotting proximity, time-zone and communication-style bias in remote teams.", 30),
    Module("boundary_feedback", "Boundary-respecting feedback",
           "Giving and asking for feedback that respects working hours and personal limits.", 15),
)


def all_modules(con: duckdb.DuckDBPyConnection) -> list[Module]:
    """Core modules first, then custom ones added on the plan page."""
    custom = [Module(mid, name, description or "", micro or 20, practice or 45)
              for mid, name, description, micro, practice in sql.rows(con, "plan/custom_modules")]
    core_ids = {m.module_id for m in CORE_MODULES}
    return list(CORE_MODULES) + [m for m in custom if m.module_id not in core_ids]


def module_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return {m.module_id: m.name for m in all_modules(con)}
