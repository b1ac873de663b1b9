"""No access: a signed-in person whom ``[roles]`` does not list. It reads no data."""

from __future__ import annotations

import streamlit as st

from dashboard.app_pages import shared
from dashboard.present import markup

st.title("No access — ask an admin")
email = shared.visitor().email
who = markup.code(email) if email else "an account without an e-mail address"
st.markdown(f"You are signed in as **{who}**, but "
            "this dashboard has not given that account a role. Ask an admin of the dashboard "
            "to add your e-mail address (or your organisation's domain) to the viewers, "
            "analysts or admins.")
st.caption("Signed in with the wrong account? Sign out and sign in again.")
if st.button("Sign out", icon=":material/logout:", key="sign_out_here"):
    st.logout()
