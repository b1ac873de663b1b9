"""Empathy pilot dashboard: measure whether digital-empathy training for remote leaders works.

The package is plain Python (ingest, KPI engine, report, CLI); only ``dashboard/app.py`` and
``dashboard/app_pages/`` import Streamlit.
"""

__version__ = "0.1.0"
