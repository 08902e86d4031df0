"""Secrets in addresses kept out of logs: an attendee's personal link, an invitation, a
certificate download, a trainer's calendar feed, a certificate code and a register code all
travel in the path, and a request log would otherwise keep them for as long as logs are kept.

`RedactTokensFilter` is on every log handler (settings.LOGGING): it rewrites each record's
message with the secret parts replaced by `[redacted]`, whichever logger wrote it (Django's
request log, runserver's, gunicorn's access log, an error's traceback header).
"""

from __future__ import annotations

import logging
import re
from typing import Final

REDACTED: Final = "[redacted]"

# (prefix kept, secret) — the path segment after each prefix is the secret.
_PATTERNS: Final = [
    re.compile(r"(/a/)(?!new-link/)([^/\s?#\"']+)"),
    re.compile(r"(/accounts/invitation/)([^/\s?#\"']+)"),
    re.compile(r"(/certificates/download/)([^/\s?#\"']+)"),
    re.compile(r"(/rota/feed/)([^/\s?#\"']+?)(?=\.ics|[/\s?#\"']|$)"),
    re.compile(r"(/verify/)([^/\s?#\"']+)"),
    re.compile(r"(/r/\d+/)([^/\s?#\"']+)"),
    re.compile(r"([?&](?:token|code|key)=)([^&\s#\"']+)"),
]


def redact(text: str) -> str:
    """The text with every secret path segment (and token-like query value) replaced."""
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    return text


class RedactTokensFilter(logging.Filter):
    """Rewrite each record's message without the secrets (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: leave it to the formatter
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
