"""Roles from configuration, and what each may do."""

from __future__ import annotations

import pytest

from dashboard.present.access import (
    AccessDenied,
    RoleConfig,
    can,
    identity,
    page_action,
    providers,
    require,
    role_for,
)

CONFIG = RoleConfig.from_mapping({
    "admins": ["Ana@Example.com"],
    "analysts": ["@hr.example.com", "bo@example.com"],
    "viewers": "@example.com",
})


@pytest.mark.parametrize(("email", "role"), [
    ("ana@example.com", "admin"),          # the highest matching role wins
    ("cy@hr.example.com", "analyst"),
    ("bo@example.com", "analyst"),
    ("dee@example.com", "viewer"),
    ("eve@elsewhere.org", None),           # not configured: no access
    ("", None),
    (None, None),
    ("mallory@example.com.evil.org", None),
])
def test_role_for(email, role):
    assert role_for(email, CONFIG) == role


def test_permissions_nest():
    assert can("viewer", "view_kpis") and not can("viewer", "upload")
    assert can("analyst", "upload") and can("analyst", "plan") and not can("analyst", "settings")
    assert can("admin", "audit") and can("admin", "settings")
    assert not can(None, "view_kpis")
    with pytest.raises(AccessDenied, match="needs the analyst role \\(you are viewer\\)"):
        require("viewer", "undo")


def test_hr_only_detail_is_for_analysts_and_admins():
    for action in ("view_leaders", "view_comments"):
        assert not can("viewer", action)
        assert can("analyst", action) and can("admin", action)


@pytest.mark.parametrize(("page", "viewer", "analyst", "admin"), [
    ("overview", True, True, True),
    ("review", True, True, True),
    ("data", False, True, True),
    ("plan", False, True, True),
    ("admin", False, False, True),
    ("a_page_nobody_mapped", False, False, True),  # new pages are admin-only until mapped
])
def test_each_page_needs_a_permission(page, viewer, analyst, admin):
    action = page_action(page)
    assert (can("viewer", action), can("analyst", action), can("admin", action)) == (
        viewer, analyst, admin)
    assert not can(None, action)


@pytest.mark.parametrize(("claims", "expected"), [
    ({"email": "Ana@Example.com", "email_verified": True}, "ana@example.com"),
    ({"email": "ana@example.com", "email_verified": "true"}, "ana@example.com"),  # sent as text
    ({"email": "ceo@example.com", "email_verified": False}, None),  # typed, not proven
    ({"email": "ceo@example.com", "email_verified": "false"}, None),
    # Issue 14: an address the provider did not say it verified is no identity either, and a
    # user name (Entra ID's preferred_username) never was one: people edit their own.
    ({"email": "Ana@Example.com"}, None),
    ({"email": "ceo@example.com", "email_verified": None}, None),
    ({"email": "ceo@example.com", "email_verified": 1}, None),
    ({"preferred_username": "bo@hr.example.com"}, None),
    ({"preferred_username": "bo@hr.example.com", "email_verified": True}, None),
    ({"preferred_username": "bo"}, None),
    ({"sub": "123"}, None),
])
def test_identity_comes_from_a_verified_email(claims, expected):
    assert identity(claims) == expected


def test_providers_named_or_single():
    assert providers({"redirect_uri": "x", "client_id": "abc"}) == []
    assert providers({"redirect_uri": "x", "cookie_secret": "s",
                      "okta": {"client_id": "a"}, "google": {"client_id": "b"},
                      "notes": {"text": "no client"}}) == ["google", "okta"]


def test_the_example_secrets_file_documents_auth_and_roles_and_holds_no_secret():
    import tomllib

    from dashboard.config import PROJECT_ROOT

    example = PROJECT_ROOT / ".streamlit" / "secrets.toml.example"
    parsed = tomllib.loads(example.read_text(encoding="utf-8"))
    auth = parsed["auth"]
    assert {"redirect_uri", "cookie_secret", "client_id", "client_secret",
            "server_metadata_url"} <= set(auth)
    assert auth["redirect_uri"].endswith("/oauth2callback") and providers(auth) == []
    assert auth["cookie_secret"].startswith("replace-") and auth["client_secret"].startswith(
        "replace-")
    text = example.read_text(encoding="utf-8")
    for provider in ("login.microsoftonline.com", "okta.com", "accounts.google.com", "auth0.com"):
        assert provider in text
    config = RoleConfig.from_mapping(parsed["roles"])
    assert role_for("hr-analytics-lead@example.com", config) == "admin"
    assert role_for("someone@hr.example.com", config) == "analyst"
    assert role_for("someone@example.com", config) == "viewer"
    ignored = (PROJECT_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored  # the real file never reaches the repository


def test_the_shipped_streamlit_settings_are_safe_for_a_deployment():
    import tomllib

    from dashboard.config import PROJECT_ROOT

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["address"] == "127.0.0.1"  # local mode: this computer only
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] > 0  # stated on the Data page
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"  # no tracebacks in the browser
    assert config["runner"]["postScriptGC"] is False  # a full collection after each run: bench/load.py


def test_the_upload_limit_the_data_page_states_is_the_servers():
    import tomllib

    from dashboard.app_pages import shared
    from dashboard.config import PROJECT_ROOT

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert shared.upload_limit_mb() == config["server"]["maxUploadSize"]
