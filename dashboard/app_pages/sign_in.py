"""Sign in: the only page a visitor who is not signed in can reach. It reads no data."""

from __future__ import annotations

import streamlit as st

from dashboard.app_pages import shared
from dashboard.present import markup

st.title("Empathy pilot dashboard")
st.markdown("The pilot's measurements are HR data about named leaders and their teams. "
            "Sign in with your organisation account to continue.")
providers = shared.auth_providers()
if not providers and st.button("Sign in", type="primary", icon=":material/login:",
                              key="sign_in"):
    st.login()
for name in providers:
    if st.button(f"Sign in with {markup.escape(name.replace('_', ' ').title())}", type="primary",
                 icon=":material/login:", key=f"sign_in_{name}"):
        st.login(name)
st.caption("What you may see depends on your role (viewer, analyst or admin), given by an "
           "admin of this dashboard.")
