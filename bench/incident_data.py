"""Realistic incident exports for the benchmarks: a Datix-like CSV of any size."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HEADERS = [
    "Incident Ref",
    "Date of incident",
    "Time",
    "Site",
    "Location (exact)",
    "Incident Category",
    "Sub-category",
    "Result / harm",
    "Assault type",
    "Perpetrator",
    "Days lost",
    "RIDDOR",
    "Description",
]
SITES = ["Riverside Hospital", "Oakfield Unit", "Beech House", "Community Team North"]
LOCATIONS = [
    "Ward corridor",
    "Bedroom",
    "Day room",
    "Reception",
    "Car park",
    "Home visit",
    "Nursing station",
]
CATEGORIES = [
    "Physical assault",
    "Verbal abuse",
    "Threatening behaviour",
    "Sexual assault",
    "Damage to property",
]
HARMS = ["No harm", "Low", "Moderate", "Severe", ""]
FORMS = ["Grab", "Punch", "Kick", "Spat at", "Bite", "Hair pulled", "Push", ""]
PERPETRATORS = ["Patient", "Relative", "Visitor", "Member of the public"]


def write_incident_csv(path: Path, rows: int, *, seed: int = 7) -> Path:
    """`rows` incidents over two years, with a report title above the header and a total below."""
    rng = random.Random(seed)
    start = dt.date(2024, 11, 1)
    dates = [(start + dt.timedelta(days=d)).strftime("%d/%m/%Y") for d in range(730)]
    times = [f"{h:02d}:{m:02d}" for h in range(24) for m in range(0, 60, 5)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Violence and aggression incidents — all sites"])
        writer.writerow([])
        writer.writerow(HEADERS)
        choice = rng.choice
        for n in range(rows):
            writer.writerow(
                [
                    f"W{n + 100000}",
                    choice(dates),
                    choice(times),
                    choice(SITES),
                    choice(LOCATIONS),
                    choice(CATEGORIES),
                    "",
                    choice(HARMS),
                    choice(FORMS),
                    choice(PERPETRATORS),
                    choice(("", "", "", "0", "2", "9")),
                    choice(("No", "No", "No", "Yes")),
                    "Staff member approached; see notes",
                ]
            )
        writer.writerow([f"Total: {rows}"])
    return path


def write_incident_xlsx(path: Path, rows: int, *, seed: int = 11) -> Path:
    """The same export as an Excel workbook with real date and time cells (openpyxl, dev only)."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    start = dt.datetime(2024, 11, 1)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Incidents")
    sheet.append(["Violence and aggression incidents — all sites"])
    sheet.append(["Incident Ref", "Date/Time of Incident", *HEADERS[3:]])
    choice = rng.choice
    for n in range(rows):
        when = start + dt.timedelta(minutes=5 * rng.randrange(0, 730 * 288))
        sheet.append(
            [
                f"X{n + 100000}",
                when,
                choice(SITES),
                choice(LOCATIONS),
                choice(CATEGORIES),
                "",
                choice(HARMS),
                choice(FORMS),
                choice(PERPETRATORS),
                choice((None, None, 0, 2, 9)),
                choice(("No", "No", "Yes")),
                "",
            ]
        )
    book.save(path)
    return path
