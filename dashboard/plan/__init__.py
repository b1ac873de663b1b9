"""Setting up a pilot: cohorts, modules and dates, measurement cadence, targets, and the
calendar of which data is due. Every change is stored in the same tables imports fill and
logged like an import, so it shows everywhere and can be undone.

May import: dashboard.config, dashboard.store, dashboard.ingest, dashboard.kpi,
dashboard.present
"""
