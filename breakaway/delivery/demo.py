"""Demo staff lists and training matrices for the demo clients. Idempotent: people are found by
employee number, matrix lines by role and course."""

from __future__ import annotations

import datetime
from typing import Final

from breakaway.accounts.models import Organisation, Site
from breakaway.courses.models import CourseDesign
from breakaway.delivery.models import StaffMember, TrainingRequirement

# (first name, last name, role, team) for each client; sites are the client's, in turn.
STAFF: Final[dict[str, list[tuple[str, str, str, str]]]] = {
    "riverside-mental-health": [
        ("Aisha", "Khan", "Staff Nurse", "Ward 3 (Acute Admissions)"),
        ("Ben", "Taylor", "Healthcare Assistant", "Ward 3 (Acute Admissions)"),
        ("Chloe", "Evans", "Charge Nurse", "Ward 3 (Acute Admissions)"),
        ("David", "Okafor", "Healthcare Assistant", "Ward 5 (PICU)"),
        ("Emma", "Walsh", "Staff Nurse", "Ward 5 (PICU)"),
        ("Farhan", "Ali", "Occupational Therapist", "Therapies"),
        ("Grace", "Murphy", "Receptionist", "Outpatients"),
        ("Harry", "Wilson", "Security Officer", "Estates and Facilities"),
        ("Isla", "Roberts", "Consultant Psychiatrist", "Medical Staffing"),
        ("Jamal", "Edwards", "Healthcare Assistant", "Ward 5 (PICU)"),
        ("Katie", "Hughes", "Staff Nurse", "Oakfield Rehabilitation"),
        ("Liam", "Clarke", "Support Worker", "Oakfield Rehabilitation"),
        ("Maya", "Patel", "Support Worker", "Oakfield Rehabilitation"),
        ("Noah", "Green", "Charge Nurse", "Oakfield Rehabilitation"),
        ("Olivia", "Baker", "Receptionist", "Oakfield Rehabilitation"),
        ("Priya", "Nair", "Staff Nurse", "Ward 3 (Acute Admissions)"),
        ("Rhys", "Morgan", "Security Officer", "Estates and Facilities"),
        ("Sophie", "Turner", "Healthcare Assistant", "Ward 3 (Acute Admissions)"),
    ],
    "meadowbank-care": [
        ("Tariq", "Hussain", "Care Assistant", "Day team"),
        ("Uma", "Shah", "Senior Carer", "Day team"),
        ("Victoria", "Lewis", "Care Assistant", "Night team"),
        ("William", "Price", "Registered Manager", "Management"),
        ("Yasmin", "Begum", "Care Assistant", "Day team"),
        ("Zoe", "Harris", "Activities Coordinator", "Activities"),
        ("Adam", "Fletcher", "Care Assistant", "Night team"),
        ("Bella", "Ward", "Senior Carer", "Night team"),
        ("Callum", "Reid", "Cook", "Kitchen"),
        ("Dana", "Kowalski", "Care Assistant", "Day team"),
        ("Ellis", "Grant", "Senior Carer", "Day team"),
    ],
    "hillcrest-academy": [
        ("Fiona", "Marsh", "Teacher", "Year 7"),
        ("Gareth", "Lloyd", "Teaching Assistant", "Learning Support"),
        ("Hannah", "Cole", "Teacher", "Year 9"),
        ("Ian", "Doyle", "Head of Year", "Year 10"),
        ("Jess", "Owen", "Teaching Assistant", "Learning Support"),
        ("Kwame", "Mensah", "Site Manager", "Premises"),
        ("Laura", "Bell", "Receptionist", "Office"),
        ("Mohammed", "Rahman", "Teacher", "Year 8"),
        ("Nina", "Frost", "Special Educational Needs Coordinator", "Learning Support"),
        ("Owen", "Price", "Lunchtime Supervisor", "Premises"),
        ("Paula", "Stone", "Teaching Assistant", "Year 7"),
    ],
}

# (role, course, refresher months) for each client; a blank role means everyone.
MATRIX: Final[dict[str, list[tuple[str, str, int]]]] = {
    "riverside-mental-health": [
        ("", "Conflict resolution and de-escalation", 36),
        ("Staff Nurse", "Breakaway and de-escalation (1 day)", 12),
        ("Charge Nurse", "Breakaway and de-escalation (1 day)", 12),
        ("Healthcare Assistant", "Breakaway and de-escalation (1 day)", 12),
        ("Support Worker", "Breakaway and de-escalation (1 day)", 12),
        ("Security Officer", "Breakaway and de-escalation (1 day)", 12),
        ("Receptionist", "De-escalation for front-desk staff (3 hours)", 24),
    ],
    "meadowbank-care": [
        ("Care Assistant", "Breakaway for care staff (half day)", 12),
        ("Senior Carer", "Breakaway for care staff (half day)", 12),
        ("Registered Manager", "Breakaway for care staff (half day)", 12),
        ("", "Conflict resolution and de-escalation", 24),
    ],
    "hillcrest-academy": [
        ("", "De-escalation in schools (3 hours)", 24),
        ("Teaching Assistant", "Breakaway for school staff (half day)", 12),
        ("Special Educational Needs Coordinator", "Breakaway for school staff (half day)", 12),
    ],
}

# People whose employment has ended or is about to: the list shows both.
_LEAVING: Final = {"Rhys": datetime.date(2026, 12, 31), "Callum": datetime.date(2026, 9, 30)}
_ARCHIVED: Final = frozenset({"Owen"})


def seed_staff(provider: Organisation) -> None:
    """About 40 people across the demo clients' sites, and each client's training matrix."""
    number = 20_000_000
    for slug, people in STAFF.items():
        organisation = Organisation.objects.filter(slug=slug, provider=provider).first()
        if organisation is None:
            continue
        sites = list(Site.objects.filter(organisation=organisation).order_by("pk"))
        domain = slug.split("-")[0] + ".example"
        for position, (first, last, role, team) in enumerate(people):
            number += 1
            site = sites[position % len(sites)] if sites else None
            StaffMember.objects.get_or_create(
                organisation=organisation,
                employee_number=str(number),
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{first}.{last}@{domain}".lower(),
                    "role": role,
                    "site": site,
                    "site_name": site.name if site else "",
                    "team": team,
                    "start_date": datetime.date(2018 + position % 7, 1 + position % 12, 1),
                    "leaving_date": _LEAVING.get(first),
                    "archived_at": (
                        datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)
                        if first in _ARCHIVED
                        else None
                    ),
                    "archive_reason": (
                        StaffMember.ArchiveReason.BY_HAND if first in _ARCHIVED else ""
                    ),
                },
            )
        design = CourseDesign.objects.filter(organisation=organisation).order_by("pk").first()
        for role, course, months in MATRIX.get(slug, []):
            TrainingRequirement.objects.get_or_create(
                organisation=organisation,
                role_key=" ".join(role.casefold().split()),
                course_name=course,
                defaults={
                    "role": role,
                    "refresher_months": months,
                    "course_design": design if "Breakaway" in course else None,
                },
            )
