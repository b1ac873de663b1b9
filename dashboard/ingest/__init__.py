"""Importing exports into the canonical tables: see :mod:`dashboard.ingest.pipeline`.

The Data page and the CLI use the same entry points: :func:`propose` (what a file is and how
it would be mapped, nothing stored), :func:`ingest_file` (store it), and the profile
functions that keep an analyst's confirmed mapping for next month's export. Beside the
pipeline: the kinds' descriptions (:mod:`kinds`), survey-tool layouts, uploads from the
browser (:mod:`uploads`), a survey export's mapping laid out for review
(:mod:`mapping_review`) and the demo program (:mod:`demo`).

May import: dashboard.config, dashboard.store
"""

from dashboard.ingest.detection import Detection, ProposalError
from dashboard.ingest.pipeline import ImportResult, ingest_file, ingest_files
from dashboard.ingest.profiles import (
    Profile,
    ProfileError,
    delete_profile,
    get_profile,
    list_profiles,
    save_profile,
)
from dashboard.ingest.propose import propose

__all__ = [
    "Detection", "ImportResult", "Profile", "ProfileError", "ProposalError", "delete_profile",
    "get_profile", "ingest_file", "ingest_files", "list_profiles", "propose", "save_profile",
]
