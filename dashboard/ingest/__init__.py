"""Importing exports into the canonical tables: see :mod:`dashboard.ingest.pipeline`."""

from dashboard.ingest.pipeline import ImportResult, ingest_file, ingest_files

__all__ = ["ImportResult", "ingest_file", "ingest_files"]
