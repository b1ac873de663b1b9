"""Sign-in for real: the app with ``[auth]`` pointing at a local OpenID Connect provider
(``oidc-provider-mock``), a person signing in through its page in Chromium, seeing what the
role allows, and signing out. The provider sends the claims a test gives it first
(``PUT /users/<sub>``): a role needs a verified e-mail address or the claim named in
``[roles] claim``; an unverified address gets the "no access" page, with the reason.

Nothing leaves 127.0.0.1: the provider runs on loopback, and the secrets file is written for
the test into its temporary folder (``--secrets.files``), never into the repository.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.config import PROJECT_ROOT
from tests.e2e.browser import PageWatch, open_app, screenshot, wait_idle
from tests.e2e.server import _DIRECT, AppServer, StartApp, free_port

for _module, _why in (("oidc_provider_mock", "the sign-in test needs oidc-provider-mock"),
                      ("authlib", "st.login needs Authlib")):
    if importlib.util.find_spec(_module) is None:  # not imported here: it only runs as a server
        pytest.skip(f"{_why} (pip install -r requirements-dev.txt)", allow_module_level=True)

ANALYST, VIEWER, ADMIN = "analyst@example.com", "viewer@example.com", "admin@example.com"
PROVIDER_LOG = PROJECT_ROOT / "test-artifacts" / "server-logs" / "oidc-provider.log"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """The local OpenID Connect provider; its URL (the issuer is built from the Host)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    PROVIDER_LOG.parent.mkdir(parents=True, exist_ok=True)
    with PROVIDER_LOG.open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "-H", "127.0.0.1",
                                    "-p", str(port)], stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            with _DIRECT.open(f"{url}/.well-known/openid-configuration", timeout=1) as answer:
                if answer.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the OIDC provider did not start:\n" + PROVIDER_LOG.read_text())
        time.sleep(0.1)
    yield url
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(autouse=True)
def _provider_pages(page_watch: PageWatch, provider: str) -> None:
    """The test provider's own pages (not the app) link a stylesheet on a CDN, which the
    browser's host rules stop before it leaves the machine, and have no favicon."""
    page_watch.allow_url(r"^https://cdn\.jsdelivr\.net/npm/@picocss/")
    page_watch.allow_error(r"ERR_NAME_NOT_RESOLVED \(https://cdn\.jsdelivr\.net/npm/@picocss/")
    page_watch.allow_error(r"404 \(Not Found\) \(" + re.escape(provider) + r"/favicon\.ico\)")


def secrets_options(provider: str, tmp_path: Path, extra_roles: str = "") -> Any:
    """``--secrets.files`` for a server on ``port``: sign-in through the local provider,
    three roles (and ``extra_roles`` lines in ``[roles]``)."""

    def secrets_for(port: int) -> list[str]:
        path = tmp_path / f"secrets-{port}.toml"
        path.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "test-only-cookie-secret-not-used-anywhere-else"\n'
            'client_id = "empathy-dashboard"\n'
            'client_secret = "test-only"\n'
            f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n\n'
            "[roles]\n"
            f'admins = ["{ADMIN}"]\n'
            f'analysts = ["{ANALYST}"]\n'
            f'viewers = ["{VIEWER}"]\n' + extra_roles, encoding="utf-8")
        return ["--secrets.files", str(path)]

    return secrets_for


@pytest.fixture
def signed_app(start_app: StartApp, provider: str, tmp_path: Path) -> AppServer:
    """The app on the demo data, with sign-in through the local provider and three roles."""
    return start_app(demo=True, options=secrets_options(provider, tmp_path))


def provider_says(provider: str, sub: str, claims: Mapping[str, Any]) -> None:
    """What the provider will say about ``sub`` (its ``PUT /users/<sub>``)."""
    request = urllib.request.Request(f"{provider}/users/{urllib.parse.quote(sub)}", method="PUT",
                                     data=json.dumps(dict(claims)).encode(),
                                     headers={"Content-Type": "application/json"})
    with _DIRECT.open(request, timeout=10) as answer:
        assert answer.status == 204


def authorize(page: Page, app: AppServer, who: str) -> None:
    """Open the app, press Sign in, authorize as ``who`` on the provider's page, come back."""
    open_app(page, app.url)
    expect(page.get_by_role("heading", name="Empathy pilot dashboard")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # nothing else to open
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/oauth2/authorize"))
    page.get_by_placeholder("sub").fill(who)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(app.url)))
    wait_idle(page)


def sign_in(page: Page, app: AppServer, who: str, provider: str) -> None:
    """Sign in as ``who``, an address the provider says it verified."""
    provider_says(provider, who, {"email": who, "email_verified": True})
    authorize(page, app, who)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Signed in as {who}")
    wait_idle(page)


def sign_out(page: Page, app: AppServer) -> None:
    """Sign out in the sidebar, confirm on the provider's end-session page, land signed out."""
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"end_session|logout|end-session"))
    page.get_by_role("button").first.click()
    page.goto(app.url)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    wait_idle(page)


def nav_links(page: Page) -> list[str]:
    """The page titles in the sidebar menu (each link's text ends with its title)."""
    links = page.get_by_test_id("stSidebarNav").get_by_role("link").all_inner_texts()
    return [text.strip().splitlines()[-1].strip() for text in links]


def test_an_analyst_signs_in_uses_the_data_page_and_signs_out(page: Page, signed_app: AppServer,
                                                              provider: str) -> None:
    sign_in(page, signed_app, ANALYST, provider)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("· analyst")
    assert "Data" in nav_links(page) and "Admin" not in nav_links(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Data", exact=True).click()
    expect(page.get_by_test_id("stFileUploader")).to_be_visible()
    wait_idle(page)
    screenshot(page, "signed-in-analyst-data")
    assert page.context.cookies() and any(c["name"].startswith("_streamlit_user")
                                          for c in page.context.cookies())
    sign_out(page, signed_app)
    screenshot(page, "signed-out")


def test_a_viewer_has_no_data_page_even_by_its_address(page: Page, signed_app: AppServer,
                                                       page_watch: PageWatch, provider: str) -> None:
    # Opened by its address, Streamlit's frontend first asks whether /data is the app's base
    # path (two 404s), then loads the app from the root: how any deep link opens.
    page_watch.allow_error(r"404 \(Not Found\) \(" + re.escape(signed_app.url)
                           + r"/data/_stcore/(host-config|health)\)")
    sign_in(page, signed_app, VIEWER, provider)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("· viewer")
    links = nav_links(page)
    assert "Overview" in links and "Quarterly review" in links
    assert "Data" not in links and "Admin" not in links
    page.goto(f"{signed_app.url}/data")
    expect(page.get_by_test_id("stAlert")).to_contain_text("needs the analyst role")
    wait_idle(page)
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
    screenshot(page, "signed-in-viewer-data-refused")
    sign_out(page, signed_app)


# --- which claims give a role (issue 14) -----------------------------------------------------


def no_access(page: Page, why: str) -> None:
    """The "no access" page, with ``why``, and nothing else to open."""
    expect(page.get_by_role("heading", name="No access — ask an admin")).to_be_visible()
    expect(page.get_by_test_id("stAlert")).to_contain_text(why)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    wait_idle(page)


@pytest.mark.parametrize(("case", "claims", "why"), [
    ("unverified", {"email": ADMIN, "email_verified": False}, "says your e-mail address is not verified"),
    ("unconfirmed", {"email": ADMIN}, "did not say that your e-mail address is verified"),
    ("user-name-only", {"preferred_username": ADMIN}, "sent no e-mail address"),
])
def test_an_admins_address_not_verified_by_the_provider_gets_no_access(
        page: Page, signed_app: AppServer, provider: str, case: str, claims: dict[str, Any], why: str) -> None:
    provider_says(provider, ADMIN, claims)
    authorize(page, signed_app, ADMIN)
    no_access(page, why)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    screenshot(page, f"sign-in-no-access-{case}")


def test_a_verified_admin_opens_the_admin_page(page: Page, signed_app: AppServer, provider: str) -> None:
    sign_in(page, signed_app, ADMIN, provider)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("· admin")
    assert "Admin" in nav_links(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Admin", exact=True).click()
    expect(page.get_by_role("heading", name="Admin")).to_be_visible()
    wait_idle(page)
    screenshot(page, "signed-in-admin")


def test_a_configured_claim_signs_in_a_provider_that_never_verifies_email(
        page: Page, start_app: StartApp, provider: str, tmp_path: Path) -> None:
    app = start_app(demo=True, options=secrets_options(provider, tmp_path, 'claim = "upn"\n'))
    provider_says(provider, "entra-user-1", {"upn": ADMIN, "email": "typed-anything@example.org"})
    authorize(page, app, "entra-user-1")
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Signed in as {ADMIN}")
    expect(page.get_by_test_id("stSidebar")).to_contain_text("· admin")
    wait_idle(page)
