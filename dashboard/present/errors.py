"""Failures the app cannot recover from: a short reference for the person, the detail for
the server log — without survey answers or respondent ids.

The browser never sees a traceback (``client.showErrorDetails = "none"``, and the router
shows our own message). The log gets the exception's type, its place in the code (every
frame: file, line, function, source line) and its message with the values taken out: text
in quotes and any word with a digit in it (ids like ``R_3kx9``, ``M0003``, dates, answers)
become ``…``. A message is the only place data can enter a traceback; code lines are code.
"""

from __future__ import annotations

import logging
import re
import secrets
import traceback
from collections.abc import Iterator

LOGGER_NAME = "dashboard"
_QUOTED = re.compile(r"""'[^']*'|"[^"]*"|`[^`]*`""")
_WITH_DIGIT = re.compile(r"[^\s,;:()\[\]{}<>=]*\d[^\s,;:()\[\]{}<>=]*")
_EMAIL = re.compile(r"[^\s'\"<>()]+@[^\s'\"<>()]+")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def new_reference() -> str:
    """A short id to quote to an administrator; it finds the log entry, and reveals nothing."""
    return secrets.token_hex(4)


def redact(text: str) -> str:
    """``text`` with quoted values, e-mail addresses and words holding digits replaced by …"""
    text = _QUOTED.sub("'…'", text)
    text = _EMAIL.sub("…", text)
    return _WITH_DIGIT.sub("…", text)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and those it was raised from or during, innermost cause first."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return reversed(seen)


def describe(exc: BaseException) -> str:
    """The traceback as Python prints it, except that messages are redacted."""
    parts: list[str] = []
    for number, item in enumerate(_chain(exc)):
        if number:
            parts.append("\nThe above led to:\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_list(traceback.extract_tb(item.__traceback__)))
        kind = type(item)
        parts.append(f"{kind.__module__}.{kind.__qualname__}: {redact(str(item))}\n")
    return "".join(parts)


def logger() -> logging.Logger:
    """The ``dashboard`` logger, writing to standard error (the server log) once set up."""
    log = logging.getLogger(LOGGER_NAME)
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(_FORMAT))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


def log_failure(exc: BaseException, reference: str, where: str) -> None:
    """One log entry for a failed page: the reference, where, and the redacted traceback."""
    logger().error("page failed [ref %s] on %s\n%s", reference, where, describe(exc).rstrip())
