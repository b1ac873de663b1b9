"""Which claims of the identity provider give a role (issue 14, item 9).

A role comes from a verified e-mail address (``email_verified`` true) or from the one claim an
admin names in ``[roles] claim`` for a provider that never sends ``email_verified`` (Entra
ID's ``upn``). An unverified or unconfirmed address, or ``preferred_username`` alone, gives
no access — for the admin role too — and the page says why. Through AppTest's simulated user;
the same with a real identity provider is ``tests/e2e/test_sign_in.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.present.access import RoleConfig, identify
from tests.apptest import ADMIN, ROLES, app, sign_in, texts

UPN_ROLES = {**ROLES, "claim": "upn"}


@pytest.fixture
def no_database(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "never-opened.duckdb"
    monkeypatch.setenv("EMPATHY_DB", str(path))
    return path


def no_access_reason(at) -> str:
    assert at.title[0].value == "No access — ask an admin", [t.value for t in at.title]
    return texts(at.info)


@pytest.mark.parametrize(("claims", "why"), [
    ({"email_verified": False}, "says your e-mail address is not verified"),
    ({"email_verified": "false"}, "says your e-mail address is not verified"),
    ({"email_verified": None}, "did not say that your e-mail address is verified"),
])
def test_an_admins_address_the_provider_did_not_verify_gets_no_access(no_database, claims, why):
    at = sign_in(app(), ADMIN, **claims).run()
    reason = no_access_reason(at)
    assert why in reason and "[roles] claim" in reason
    assert ADMIN in texts(at.markdown)
    assert not at.sidebar.button and not no_database.exists()  # nothing else, nothing read


def test_a_user_name_alone_gives_no_role_even_when_it_is_an_admins_address(no_database):
    at = sign_in(app(), None, preferred_username=ADMIN, email_verified=True).run()
    assert "sent no e-mail address" in no_access_reason(at)
    assert not no_database.exists()


def test_a_verified_admin_gets_the_admin_page(on_own_demo):
    at = sign_in(app(), ADMIN).run()
    at.switch_page("app_pages/admin.py").run()
    assert not at.exception and at.title[0].value == "Admin"
    assert "Signed in as **`ana@example.com`** · admin" in texts(at.sidebar.caption)


def test_a_configured_claim_gives_the_role_without_email_verified(on_own_demo):
    at = sign_in(app(), "someone-else@example.com", roles=UPN_ROLES, upn="Ana@Example.com",
                 email_verified=None).run()
    at.switch_page("app_pages/admin.py").run()
    assert not at.exception and at.title[0].value == "Admin"
    assert "Signed in as **`ana@example.com`** · admin" in texts(at.sidebar.caption)


def test_a_configured_claim_that_is_missing_gives_no_access(no_database):
    at = sign_in(app(), ADMIN, roles=UPN_ROLES).run()
    assert "sent no 'upn' claim" in no_access_reason(at)


def test_preferred_username_cannot_be_configured_as_the_claim(no_database):
    at = sign_in(app(), ADMIN, roles={**ROLES, "claim": "preferred_username"}, preferred_username=ADMIN).run()
    assert "people can change themselves" in no_access_reason(at)


def test_a_verified_person_not_listed_is_told_to_ask_an_admin(no_database):
    at = sign_in(app(), "eve@elsewhere.org").run()
    assert "has not given eve@elsewhere.org a role" in no_access_reason(at)


def test_the_rule_as_a_function():
    assert identify({"email": "A@x.org", "email_verified": True}).address == "a@x.org"
    assert identify({"email": "a@x.org", "email_verified": False, "upn": "a@x.org"}, "upn").address == "a@x.org"
    assert identify({"email": "a@x.org", "email_verified": False}, "email").address is None
    assert identify({"email": "a@x.org"}, "email").address == "a@x.org"  # the admin vouches for it
    assert identify({"upn": True}, "upn").address is None  # not a name
    assert RoleConfig.from_mapping({"claim": " upn "}).claim == "upn"
    assert RoleConfig.from_mapping({}).claim == ""
