"""Compliance statuses: where a person stands for a required course on a given day. No Django.

* `in_date`: the counting certificate expires more than 90 days after the day;
* `due`: it expires from the day itself to 90 days ahead, inclusive (a refresher is due);
* `expired`: it expired before the day;
* `never`: the person has no certificate for the course (or only revoked ones).

A certificate is valid to the end of its expiry date, so one expiring today is `due`.
"""

from __future__ import annotations

import datetime
from typing import Final

IN_DATE: Final = "in_date"
DUE: Final = "due"
EXPIRED: Final = "expired"
NEVER: Final = "never"
STATUSES: Final = (IN_DATE, DUE, EXPIRED, NEVER)
DUE_WITHIN_DAYS: Final = 90

# How the pages write each status, and the colour of its tag (the word is always shown).
LABELS: Final = {IN_DATE: "In date", DUE: "Due", EXPIRED: "Expired", NEVER: "Never trained"}
COLOURS: Final = {IN_DATE: "green", DUE: "yellow", EXPIRED: "red", NEVER: "grey"}


def compliance_status(expires_on: datetime.date | None, today: datetime.date) -> str:
    """The status of a requirement whose counting certificate expires on `expires_on`."""
    if expires_on is None:
        return NEVER
    if expires_on < today:
        return EXPIRED
    if expires_on <= today + datetime.timedelta(days=DUE_WITHIN_DAYS):
        return DUE
    return IN_DATE
