"""Certificate verification codes, expiry dates and initialled names: plain Python, no Django.

A code is 12 characters of Crockford's base32 (digits and capitals without I, L, O and U,
which are easily misread): 60 random bits from `secrets`. People read codes off paper and type
them, so `code_normalise` accepts lower case, spaces and hyphens and fixes the usual confusions
(O → 0, I and L → 1) before looking one up. Codes are shown in groups of four ("7KQ2-9XMD-4HTB").
"""

from __future__ import annotations

import calendar
import datetime
import re
import secrets
from typing import Final

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH: Final = 12
CODE_BITS: Final = CODE_LENGTH * 5  # each character carries 5 bits
_CONFUSIONS: Final = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS: Final = re.compile(r"[\s\-_.]+")
_VALID: Final = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")


def code_new() -> str:
    """A fresh random code (the database's unique constraint catches the unlikely repeat)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_normalise(text: str) -> str:
    """The code as stored: upper case, separators removed, O read as 0 and I or L as 1."""
    return _SEPARATORS.sub("", text or "")[:64].upper().translate(_CONFUSIONS)


def code_is_valid(code: str) -> bool:
    """True when `code` (already normalised) could be a code we issued."""
    return bool(_VALID.fullmatch(code))


def code_display(code: str) -> str:
    """The code in groups of four, the way certificates print it."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; a day the month lacks becomes its last (31 Jan → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def initialled_name(first_name: str, last_name: str) -> str:
    """The holder's name as the public verify page shows it: "J. Smith" (or "J." alone)."""
    initials = " ".join(f"{part[0].upper()}." for part in first_name.split() if part)
    return " ".join(part for part in (initials, last_name.strip()) if part)
