"""Data: upload exports (preview, validation report, explicit import), what is loaded, the
import log with undo, data-quality checks and KPI downloads."""

from __future__ import annotations

import streamlit as st

from dashboard.app_pages import data_admin, data_help, data_upload, shared

st.title("Data")
st.caption("Upload the monthly exports, see exactly what will be stored before it is, and keep "
           "the data tidy. The command line does the same: `python -m dashboard ingest FILE…`.")
data_upload.upload_section()
data_help.help_section(expanded=shared.is_empty())
if shared.is_empty():
    st.caption("Nothing is loaded yet. To look around first, load the demo program on the "
               "Overview page.")
else:
    data_admin.loaded_section()
    data_admin.log_section()
    data_admin.checks_section()
    data_admin.downloads_section()
