"""The register's sign-in codes: stateless, short, and valid for one minute.

A code is an HMAC of the engagement day and a 30-second window, so nothing is stored: the
trainer's phone shows the code of the current window, and the server recomputes the codes of
the windows that may still be used. A code is issued at the start of its window and accepted
for 60 seconds from then (its own window and the next one), never after. No Django import:
the key is passed in (see `day_services.register_key`, which derives it from SECRET_KEY).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

WINDOW_SECONDS = 30
MAX_AGE_SECONDS = 60
# 10 characters of base32: 50 bits, short enough for a small QR code, far too many to guess
# in the minute a code lives.
CODE_LENGTH = 10
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


def derive_key(secret: str) -> bytes:
    """A key for register codes only, so the site's secret itself never signs them."""
    return hmac.new(secret.encode(), b"breakaway.register-code.v1", hashlib.sha256).digest()


def window_of(now: float) -> int:
    """The number of the 30-second window that the Unix time `now` falls in."""
    return int(now // WINDOW_SECONDS)


def seconds_left(now: float) -> float:
    """Seconds until the next window starts (when the trainer's code changes)."""
    return WINDOW_SECONDS - (now % WINDOW_SECONDS)


def code_for(*, key: bytes, day_id: int, window: int) -> str:
    """The code for one engagement day in one window."""
    digest = hmac.new(key, f"{day_id}:{window}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower()[:CODE_LENGTH]


def current_code(*, key: bytes, day_id: int, now: float) -> str:
    """The code the trainer shows at `now`."""
    return code_for(key=key, day_id=day_id, window=window_of(now))


def is_valid(*, key: bytes, day_id: int, code: str, now: float) -> bool:
    """True when `code` was issued for this day less than 60 seconds before `now`."""
    code = code.lower()
    if len(code) != CODE_LENGTH or any(c not in _ALPHABET for c in code):
        return False
    # The windows that started less than 60 seconds ago, up to now: (now - 60, now]. One that
    # started exactly 60 seconds ago is already too old.
    newest = window_of(now)
    oldest = window_of(now - MAX_AGE_SECONDS) + 1
    return any(
        hmac.compare_digest(code, code_for(key=key, day_id=day_id, window=window))
        for window in range(oldest, newest + 1)
    )
