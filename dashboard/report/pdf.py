"""Printing the HTML report to PDF with a headless Chromium (the same HTML, so the same numbers).

Chromium is optional: without one the report is still written as HTML, and the caller says
how to get a PDF. The browser runs offline (every host name resolves to nothing) with a
throw-away profile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_ENV_VAR = "CHROMIUM_PATH"
# The real binary first: Debian's /usr/bin/chromium is a shell wrapper that prints warnings.
CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome",
              "google-chrome-stable")
TIMEOUT_SECONDS = 120


class PdfError(RuntimeError):
    """Chromium ran but produced no PDF."""


def find_chromium() -> str | None:
    """The Chromium to print with: ``$CHROMIUM_PATH`` if set, else the first one installed."""
    explicit = os.environ.get(CHROMIUM_ENV_VAR)
    if explicit:
        found = shutil.which(explicit)
        return found if found else None
    for candidate in CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def chromium_command(chromium: str, html_path: Path, pdf_path: Path, profile: Path) -> list[str]:
    """Headless print flags that work with Debian's chromium (no header or footer added by the
    browser; the report's own CSS puts the page numbers in)."""
    return [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}",
        "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
        f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri(),
    ]


def html_to_pdf(html: str, pdf_path: str | os.PathLike[str], chromium: str | None = None,
                timeout: float = TIMEOUT_SECONDS) -> Path:
    """Print ``html`` (a whole document) to ``pdf_path``; returns the path written."""
    browser = chromium or find_chromium()
    if browser is None:
        raise PdfError("no Chromium found (install Debian's chromium package or set CHROMIUM_PATH)")
    target = Path(pdf_path).resolve()
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="empathy-report-") as work:
        page = Path(work) / "report.html"
        page.write_text(html, encoding="utf-8")
        profile = Path(work) / "profile"
        try:
            done = subprocess.run(chromium_command(browser, page, target, profile), capture_output=True,
                                  text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium did not finish printing within {timeout:g} s") from None
    if not target.is_file() or target.read_bytes()[:5] != b"%PDF-":
        tail = "\n".join((done.stderr or "").strip().splitlines()[-5:])
        raise PdfError(f"Chromium exited with {done.returncode} and wrote no PDF: {tail}")
    return target
