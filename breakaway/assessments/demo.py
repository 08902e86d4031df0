"""Demo needs assessments and incident data, so the demo shows the journey. Idempotent."""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from pathlib import Path

from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.assessments.incident_services import incidents_import
from breakaway.assessments.models import Incident, NeedsAssessment

DEMO_INCIDENTS = 1200

RIVERSIDE_ANSWERS = {
    "organisation": {
        "sector": "nhs-mental-health",
        "setting": "Adult acute inpatient wards and a community team",
        "sites": 2,
        "headcount": 380,
    },
    "people": {"service_user_groups": ["mental_health", "substance_use"]},
    "environments": {
        "environments": ["inpatient_ward", "reception", "community"],
        "lone_working": "sometimes",
        "home_visits": "yes",
    },
    "staff": {
        "staff_groups": [
            {
                "name": "Ward nurses and healthcare assistants",
                "headcount": 260,
                "shift_pattern": "shifts",
            },
            {"name": "Community team", "headcount": 90, "shift_pattern": "day"},
            {"name": "Reception and admin", "headcount": 30, "shift_pattern": "day"},
        ]
    },
    "training": {
        "training": ["conflict_resolution"],
        "refreshed_month": 3,
        "refreshed_year": 2024,
        "refresher_interval": "12",
    },
    "flashpoints": {
        "flashpoints": ["medication_rounds", "refusals", "leave_decisions", "intoxication"]
    },
    "incidents": {
        "serious_incidents": "yes",
        "serious_incidents_description": (
            "A nurse was grabbed and pushed during an evening medication round."
        ),
        "riddor_reported": "yes",
        "restrictive_intervention_used": "yes",
    },
    "policies": {
        "violence_policy": "yes",
        "lone_working_policy": "draft",
        "post_incident_support": "yes",
        "restrictive_practice_plan": "yes",
    },
    "standards": {"standards": ["rrn", "use_of_force_act"]},
    "physical": {"physical_level": "moderate", "staff_limitations": "not_sure", "room": "yes"},
    "incident_data": {"incident_data": "yes"},
}

# Weighted like a mental-health ward's log: evenings, corridors and bedrooms, grabs and pushes.
_LOCATIONS = [
    ("Ward corridor", 30),
    ("Bedroom", 20),
    ("Day room", 18),
    ("Nursing station", 10),
    ("Reception", 8),
    ("Garden", 6),
    ("Home visit", 8),
]
_CATEGORIES = [
    ("Physical assault", 45),
    ("Verbal abuse", 35),
    ("Threatening behaviour", 15),
    ("Sexual assault", 5),
]
_FORMS = [
    ("Grab", 30),
    ("Push", 20),
    ("Punch", 15),
    ("Kick", 10),
    ("Spat at", 10),
    ("Hair pulled", 8),
    ("Bite", 4),
    ("Headlock", 3),
]
_HARMS = [("No harm", 50), ("Low", 35), ("Moderate", 12), ("Severe", 3)]
_HOURS = [1] * 7 + [3, 5, 6, 5, 4, 6, 5, 4, 4, 5, 7, 9, 10, 9, 8, 5, 3]  # weights for 00–23


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _write_demo_export(path: Path, *, end: dt.date, rows: int) -> None:
    rng = random.Random(2026)  # noqa: S311 - made-up demo data, not a secret
    start = end - dt.timedelta(days=729)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Violence and aggression incidents: Riverside (demo data)"])
        writer.writerow(
            [
                "Incident ID",
                "Date of incident",
                "Time",
                "Site",
                "Location (exact)",
                "Incident type",
                "Nature of assault",
                "Degree of harm",
                "Perpetrator",
                "Days lost",
                "RIDDOR",
            ]
        )
        for n in range(rows):
            # Slightly more incidents in the second year, as a rising trend would show.
            day = start + dt.timedelta(days=int(729 * rng.random() ** 0.85))
            category = _pick(rng, _CATEGORIES)
            physical = category == "Physical assault"
            harm = _pick(rng, _HARMS) if physical else "No harm"
            days_lost = rng.choice([0, 0, 0, 2, 4, 9]) if harm in {"Moderate", "Severe"} else ""
            writer.writerow([
                f"RMH-{100000 + n}", day.strftime("%d/%m/%Y"),
                f"{rng.choices(range(24), _HOURS)[0]:02d}:{rng.randrange(0, 60, 5):02d}",
                rng.choice(["Riverside Hospital", "Riverside Hospital", "Oakfield Unit"]),
                _pick(rng, _LOCATIONS), category, _pick(rng, _FORMS) if physical else "",
                harm, rng.choice(["Patient"] * 9 + ["Visitor"]), days_lost,
                "Yes" if days_lost == 9 else "No",
            ])  # fmt: skip


def seed_assessments(*, provider: Organisation) -> None:
    """A submitted assessment with two years of incidents for the trust; one under way elsewhere."""
    riverside = Organisation.objects.filter(slug="riverside-mental-health").first()
    if riverside is not None:
        if not Incident.objects.filter(organisation=riverside).exists():
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "riverside-incidents.csv"
                _write_demo_export(path, end=timezone.localdate(), rows=DEMO_INCIDENTS)
                incidents_import(organisation=riverside, path=path)
        if not NeedsAssessment.objects.filter(organisation=riverside).exists():
            now = timezone.now()
            NeedsAssessment.objects.create(
                organisation=riverside,
                status=NeedsAssessment.Status.SUBMITTED,
                answers=RIVERSIDE_ANSWERS,
                started_at=now - dt.timedelta(days=3, minutes=24),
                active_seconds=21 * 60,
                submitted_at=now - dt.timedelta(days=3),
            )
    meadowbank = Organisation.objects.filter(slug="meadowbank-care").first()
    if (
        meadowbank is not None
        and not NeedsAssessment.objects.filter(organisation=meadowbank).exists()
    ):
        NeedsAssessment.objects.create(
            organisation=meadowbank,
            answers={
                "organisation": {
                    "sector": "social-care",
                    "setting": "Residential care homes",
                    "sites": 2,
                    "headcount": 215,
                },
                "people": {"service_user_groups": ["dementia", "older_people"]},
            },
            active_seconds=6 * 60,
        )
