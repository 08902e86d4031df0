"""Secrets in addresses never reach the logs."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breakaway.core.redaction import REDACTED, RedactTokensFilter, redact

TOKEN = "q1Zr8kP0-xYvT3_aBcDeFgHiJkLmNoPqRsTuVwXyZ01"
tokens = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
    min_size=6,
    max_size=60,
)


@pytest.mark.parametrize(
    "path",
    [
        f"/a/{TOKEN}/",
        f"/a/{TOKEN}/screening/3/check/",
        f"/a/{TOKEN}/refresher/",
        f"/accounts/invitation/{TOKEN}/",
        f"/delivery/certificates/download/{TOKEN}/",
        f"/rota/feed/{TOKEN}.ics",
        f"/verify/{TOKEN}",
        f"/r/12/{TOKEN}/",
        f"/somewhere/?token={TOKEN}&page=2",
    ],
)
def test_each_secret_in_an_address_is_redacted(path):
    line = f'"GET {path} HTTP/1.1" 200 5120'
    cleaned = redact(line)
    assert TOKEN not in cleaned
    assert REDACTED in cleaned
    assert cleaned.endswith('HTTP/1.1" 200 5120')


def test_addresses_without_secrets_are_left_alone():
    for line in ['"GET /a/new-link/ HTTP/1.1" 200', "GET /app/ 200", "GET /rota/ 302"]:
        assert redact(line) == line


@given(tokens)
def test_no_attendee_or_feed_token_survives(token):
    text = f"GET /a/{token}/lessons/the-law/ then /rota/feed/{token}.ics"
    assert redact(text) == f"GET /a/{REDACTED}/lessons/the-law/ then /rota/feed/{REDACTED}.ics"


def test_the_filter_rewrites_records_from_any_logger(caplog):
    logger = logging.getLogger("django.server")
    record = logger.makeRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /a/{TOKEN}/ HTTP/1.1", 200, 10),
        None,
    )
    assert RedactTokensFilter().filter(record) is True
    assert TOKEN not in record.getMessage()
    assert f"/a/{REDACTED}/" in record.getMessage()


def test_the_configured_handlers_carry_the_filter():
    from django.conf import settings

    handlers = settings.LOGGING["handlers"]
    assert all("redact_tokens" in handler.get("filters", []) for handler in handlers.values())
    for name in ("django.server", "gunicorn.access"):
        assert settings.LOGGING["loggers"][name]["handlers"] == ["console"]
