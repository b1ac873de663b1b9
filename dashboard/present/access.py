"""Who may do what: roles from configuration, checked on the server for every page and action.

Roles, each including the one before:

- ``viewer``: the KPI pages and the quarterly report, at cohort level — what the report
  itself shows stakeholders;
- ``analyst``: + the Data page (upload, undo, mapping profiles), the pilot plan, and what HR
  alone sees: leaders' own ratings, leader-level views and comments;
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

_VIEWER = frozenset({"view_kpis", "view_report"})
_ANALYST = _VIEWER | {"upload", "undo", "profiles", "plan", "view_data", "view_leaders",
                      "view_comments"}
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": _VIEWER,
    "analyst": _ANALYST,
    "admin": _ANALYST | {"settings", "audit"},
}
LOCAL_USER = "local user"

# What each page of the app needs, by its file name in ``app_pages/``. The router checks it
# before running a page; a page missing here needs ``settings`` (admin) until it is added.
PAGE_ACTIONS: dict[str, str] = {
    "overview": "view_kpis",
    "pulse": "view_kpis",
    "rubric": "view_kpis",
    "business": "view_kpis",
    "impact": "view_kpis",
    "review": "view_report",
    "data": "view_data",
    "plan": "plan",
    "admin": "settings",
}


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


def page_action(page: str) -> str:
    """The permission a page needs (``page`` is its file name without ``.py``)."""
    return PAGE_ACTIONS.get(page, "settings")


def identity(claims: Mapping[str, Any]) -> str | None:
    """The e-mail address to look up in ``[roles]``, from the provider's claims.

    ``email`` unless the provider says it is not verified (some let anyone type any
    address); else Entra ID's ``preferred_username`` when it is an address.
    """
    email = claims.get("email")
    if email and claims.get("email_verified") is not False:
        return str(email).strip().lower()
    username = claims.get("preferred_username")
    if username and "@" in str(username):
        return str(username).strip().lower()
    return None


def providers(auth: Mapping[str, Any]) -> list[str]:
    """The named providers of an ``[auth]`` section (``[auth.okta]``...), or [] when the
    section itself is the one provider (``st.login()`` without a name)."""
    if auth.get("client_id"):
        return []
    return sorted(name for name, value in auth.items()
                  if isinstance(value, Mapping) and value.get("client_id"))


def is_loopback(address: str | None) -> bool:
    """Whether a server bound to ``address`` is reachable from this computer only (an empty
    address means every network interface)."""
    return (address or "").strip().strip("[]").lower() in {"127.0.0.1", "localhost", "::1"}


def can(role: str | None, action: str) -> bool:
    """Whether ``role`` may do ``action`` (see PERMISSIONS)."""
    return role is not None and action in PERMISSIONS.get(role, frozenset())


def needed_role(action: str) -> str:
    """The lowest role that may do ``action``."""
    return next((r for r in ROLES if action in PERMISSIONS[r]), "admin")


def require(role: str | None, action: str) -> None:
    """Raise AccessDenied unless ``role`` may do ``action``: the server-side check."""
    if not can(role, action):
        raise AccessDenied(f"this needs the {needed_role(action)} role"
                           + (f" (you are {role})" if role else ""))
