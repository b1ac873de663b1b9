"""Roles from configuration, and what each may do."""

from __future__ import annotations

import pytest

from dashboard.access import AccessDenied, RoleConfig, can, require, role_for

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
