"""What reaches the server log when a page fails: where it failed, never the data."""

from __future__ import annotations

import logging

import pytest

from dashboard.present import errors

SECRET_ID = "R_3kx9Qa"
ANSWER = "my leader ignores me"
MEMBER, EMAIL, MONTH = "M0003", "ana@example.com", "2026-05"


def _fails_with_data() -> None:
    try:
        {}[SECRET_ID]
    except KeyError as inner:
        raise ValueError(f"could not read answer '{ANSWER}' of {SECRET_ID} ({MEMBER}, "
                         f"{EMAIL}) for {MONTH}") from inner


@pytest.mark.parametrize(("message", "expected"), [
    ("unknown respondent 'R_3kx9Qa'", "unknown respondent '…'"),
    ('comment "he was rude" too long', "comment '…' too long"),
    ("leader M0003 in row 17", "leader … in row …"),
    ("mail ana@example.com failed", "mail … failed"),
    ("Conversion Error: could not convert string to INT32", "Conversion Error: could not convert "
                                                            "string to …"),
])
def test_redact_takes_out_values_and_keeps_the_words(message, expected):
    assert errors.redact(message) == expected


def test_the_logged_detail_has_the_place_and_no_answers_or_ids(caplog):
    log = errors.logger()
    log.addHandler(caplog.handler)
    try:
        try:
            _fails_with_data()
        except ValueError as exc:
            errors.log_failure(exc, "abcd1234", "Pulse survey (viewer)")
    finally:
        log.removeHandler(caplog.handler)
    record = caplog.records[-1]
    assert record.levelno == logging.ERROR and record.name == "dashboard"
    text = record.getMessage()
    assert "[ref abcd1234] on Pulse survey (viewer)" in text
    assert "_fails_with_data" in text and "test_errors.py" in text  # where it happened
    assert "builtins.KeyError" in text and "builtins.ValueError: could not read answer" in text
    for secret in (SECRET_ID, ANSWER, MEMBER, EMAIL, MONTH):  # code lines name variables only
        assert secret not in text


def test_references_are_short_and_different():
    refs = {errors.new_reference() for _ in range(50)}
    assert len(refs) == 50 and all(len(r) == 8 for r in refs)
