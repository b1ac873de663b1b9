"""No access: a signed-in person whom ``[roles]`` does not list, or whom the identity provider
does not vouch for (an unverified e-mail address). It reads no data."""

from __future__ import annotations

import streamlit as st

from dashboard.app_pages import shared
from dashboard.present import markup

st.title("No access — ask an admin")
visitor = shared.visitor()
who = markup.code(visitor.email) if visitor.email else "an account without an e-mail address"
st.markdown(f"You are signed in as **{who}**, but this dashboard cannot give that account a role.")
st.info(f"**Why:** {markup.escape(visitor.reason)}.", icon=":material/info:")
st.caption("Signed in with the wrong account? Sign out and sign in again.")
if st.button("Sign out", icon=":material/logout:", key="sign_out_here"):
    st.logout()
