"""Who may do what: roles from configuration, checked on the server for every page and action.

Roles, each including the one before:

- ``viewer``: the KPI pages and the quarterly report;
- ``analyst``: + the Data page (upload, undo, mapping profiles) and the pilot plan;
- ``admin``: + thresholds (minimum group size), ROI defaults and the audit log.

With sign-in configured (``[auth]`` in ``.streamlit/secrets.toml``), a signed-in person's
role comes from the ``[roles]`` section: lists of e-mail addresses or ``@domain`` entries per
role; the highest matching role wins; nobody else gets in. Without ``[auth]`` the app runs in
local mode (bound to 127.0.0.1) and the one local user has every role.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ROLES = ("viewer", "analyst", "admin")

PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"view_kpis", "view_report"}),
    "analyst": frozenset({"view_kpis", "view_report", "upload", "undo", "profiles", "plan",
                          "view_data"}),
    "admin": frozenset({"view_kpis", "view_report", "upload", "undo", "profiles", "plan",
                        "view_data", "settings", "audit"}),
}
LOCAL_USER = "local user"


class AccessDenied(PermissionError):
    """The current person may not do this."""


@dataclass(frozen=True)
class RoleConfig:
    """E-mail addresses and ``@domain`` entries per role."""

    viewers: tuple[str, ...] = ()
    analysts: tuple[str, ...] = ()
    admins: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, section: Mapping[str, Any] | None) -> RoleConfig:
        """Read the ``[roles]`` section (keys viewers / analysts / admins, lists of strings)."""
        section = section or {}

        def entries(key: str) -> tuple[str, ...]:
            value = section.get(key, ())
            if isinstance(value, str):
                value = [value]
            return tuple(str(v).strip().lower() for v in value if str(v).strip())

        return cls(entries("viewers"), entries("analysts"), entries("admins"))


def _matches(email: str, entries: Iterable[str]) -> bool:
    email = email.strip().lower()
    domain = "@" + email.rsplit("@", 1)[-1] if "@" in email else None
    return any(entry == email or (entry.startswith("@") and entry == domain) for entry in entries)


def role_for(email: str | None, config: RoleConfig) -> str | None:
    """The highest role the configuration gives this e-mail address, or None (no access)."""
    if not email:
        return None
    for role, entries in (("admin", config.admins), ("analyst", config.analysts),
                          ("viewer", config.viewers)):
        if _matches(email, entries):
            return role
    return None


def can(role: str | None, action: str) -> bool:
    """Whether ``role`` may do ``action`` (see PERMISSIONS)."""
    return role is not None and action in PERMISSIONS.get(role, frozenset())


def require(role: str | None, action: str) -> None:
    """Raise AccessDenied unless ``role`` may do ``action``: the server-side check."""
    if not can(role, action):
        needed = next((r for r in ROLES if action in PERMISSIONS[r]), "admin")
        raise AccessDenied(f"this needs the {needed} role" + (f" (you are {role})" if role else ""))
