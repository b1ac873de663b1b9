"""The database: opening the DuckDB file, running the named SQL in ``queries/``, the table
specs the per-table statements are built from, every write's transaction, the import log
and undo, the pulse pre-aggregates, the audit log, settings' storage and backups.

Nothing here knows about KPIs, files being imported or pages: it stores and retrieves.

May import: dashboard.config
"""
