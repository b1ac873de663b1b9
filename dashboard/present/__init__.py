"""What people see, shared by the pages and the report: charts and their themes, the
Overview's cards, tables dressed for reading, number and month formatting, spreadsheet-safe
exports, text escaped for Streamlit's Markdown, filters written as links and command lines,
who may see what (roles and the HR-only parts of a read) and failure messages without data
in them.

Plain Python (no Streamlit): values come from the KPI layer and are only laid out here.

May import: dashboard.config, dashboard.store, dashboard.ingest, dashboard.kpi
"""
