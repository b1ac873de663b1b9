"""The database's errors, worth a clear sentence rather than a traceback (the CLI prints
them as ``error: …``; pages show them). Re-exported by :mod:`dashboard.store.db`."""

from __future__ import annotations


class DatabaseError(Exception):
    """A database problem worth a clear sentence rather than a traceback."""


class DatabaseBusy(DatabaseError):
    """Another process holds the database file for longer than we were willing to wait."""


class DatabaseUnreadable(DatabaseError):
    """The file is not a DuckDB database we can open (corrupt, wrong format, no access)."""
