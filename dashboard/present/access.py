"""Who may do what: roles from configuration, checked on the server for every page and action.

Roles, each including the one before:

- ``viewer``: the KPI pages and the quarterly report, at cohort level — what the report
  itself shows stakeholders;
- ``analyst``: + the Data page (upload, undo, mapping profiles), the pilot plan, and what HR
  alone sees: leaders' own ratings, leader-level views and comments;
- ``admin``: + thresholds (minimum group size), ROI defaults and the audit log.

With sign-in configured (``[auth]`` in ``.streamlit/secrets.toml``), a signed-in person's
role comes from the ``[roles]`` section: lists of e-mail addresses or ``@domain`` entries per
role; the highest matching role wins; nobody else gets in. The address looked up is one the
identity provider vouches for (``identify``): the ``email`` claim only when ``email_verified``
is true, or — for a provider that never sends ``email_verified`` — the claim an admin names
in ``[roles] claim`` (Entra ID: ``upn``). Claims a person can type or change themselves
(``preferred_username``, ``name``…) never give a role. Without ``[auth]`` the app runs in
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


# Claims a person sets or changes at the provider themselves: never a way to a role, even
# when an admin names one in ``[roles] claim``.
UNTRUSTED_CLAIMS = frozenset({"preferred_username", "name", "nickname", "given_name",
                              "family_name", "middle_name", "profile", "website"})


@dataclass(frozen=True)
class RoleConfig:
    """E-mail addresses and ``@domain`` entries per role, and which claim names a person
    (``claim``: empty for a verified ``email``)."""

    viewers: tuple[str, ...] = ()
    analysts: tuple[str, ...] = ()
    admins: tuple[str, ...] = ()
    claim: str = ""

    @classmethod
    def from_mapping(cls, section: Mapping[str, Any] | None) -> RoleConfig:
        """Read the ``[roles]`` section (keys viewers / analysts / admins, lists of strings;
        ``claim``, the name of one claim)."""
        section = section or {}

        def entries(key: str) -> tuple[str, ...]:
            value = section.get(key, ())
            if isinstance(value, str):
                value = [value]
            return tuple(str(v).strip().lower() for v in value if str(v).strip())

        claim = str(section.get("claim") or "").strip()
        return cls(entries("viewers"), entries("analysts"), entries("admins"), claim)


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


@dataclass(frozen=True)
class Identity:
    """Who the provider vouches for: ``address`` is looked up in ``[roles]`` (None: nobody
    the dashboard can give a role); ``shown`` is what to call the person on the page, and
    ``reason`` says in words why there is no address."""

    address: str | None
    shown: str | None = None
    reason: str = ""


def _verified(value: Any) -> bool:
    """``email_verified`` as providers send it: a JSON true (some send the text "true")."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _text(value: Any) -> str | None:
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    return text or None


def identify(claims: Mapping[str, Any], claim: str = "") -> Identity:
    """The address to look up in ``[roles]``, from the provider's claims.

    Without ``claim``: the ``email`` claim, only when ``email_verified`` is true — some
    providers let anyone type any address, and an address nobody proved is no identity.
    With ``claim`` (``[roles] claim``, for a provider that vouches for another claim and
    never sends ``email_verified``, such as Entra ID's ``upn``): that claim's value, unless
    the provider says outright that the e-mail is not verified. ``preferred_username`` and
    the other claims people edit themselves never count.
    """
    email = _text(claims.get("email"))
    shown = email or _text(claims.get("preferred_username"))
    if claim in UNTRUSTED_CLAIMS:
        return Identity(None, shown, f"this dashboard is set to find people by their {claim!r} "
                        "claim ([roles] claim), which people can change themselves, so it gives "
                        "no role: an admin must name a claim the sign-in provider vouches for")
    if claim:
        if claim == "email" and claims.get("email_verified") is False:
            return Identity(None, shown, "your sign-in provider says your e-mail address is not "
                            "verified, so it cannot give you a role")
        value = _text(claims.get(claim))
        if value is None:
            return Identity(None, shown, f"your sign-in provider sent no {claim!r} claim, which "
                            "this dashboard uses to find your role")
        return Identity(value.lower(), value.lower())
    if email is None:
        return Identity(None, shown, "your sign-in provider sent no e-mail address, which this "
                        "dashboard uses to find your role (a user name is not enough: people can "
                        "change their own)")
    verified = claims.get("email_verified")
    if not _verified(verified):
        said = ("did not say that your e-mail address is verified" if verified is None
                else "says your e-mail address is not verified")
        return Identity(None, email.lower(), f"your sign-in provider {said}, and an address "
                        "nobody proved could be anyone's, so it gives no role (for a provider "
                        "that never says so, an admin can name the claim it vouches for: "
                        "[roles] claim)")
    return Identity(email.lower(), email.lower())


def identity(claims: Mapping[str, Any], claim: str = "") -> str | None:
    """The address ``identify`` finds, or None."""
    return identify(claims, claim).address


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
