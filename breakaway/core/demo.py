"""The demo installation: a provider, three clients, a login for every role, enquiries.

Every function here is idempotent: running `seed_demo` again changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from breakaway.accounts.models import Accreditation, Organisation, Role, Sector, Site, User
from breakaway.accounts.services import membership_grant, organisation_create

DEMO_PASSWORD = "breakaway-demo"  # noqa: S105 - printed for the demo on purpose


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    role: str
    organisation: str
    safeguarding_lead: bool = False


@dataclass(frozen=True)
class DemoClient:
    slug: str
    name: str
    sector: str
    headcount: int
    sites: tuple[tuple[str, str, int], ...]


PROVIDER: dict[str, Any] = {
    "slug": "northway-safety-training",
    "name": "Northway Safety Training",
    "email": "hello@northway.example",
    "phone": "0161 496 0000",
    "website": "https://northway.example",
}

CLIENTS = [
    DemoClient(
        "riverside-mental-health",
        "Riverside Mental Health NHS Foundation Trust",
        Sector.NHS_MENTAL_HEALTH,
        3200,
        (("Riverside Hospital", "M15 4ZZ", 1400), ("Oakfield Unit", "M20 9ZZ", 380)),
    ),
    DemoClient(
        "meadowbank-care",
        "Meadowbank Care Group",
        Sector.SOCIAL_CARE,
        450,
        (("Meadowbank House", "LS6 2ZZ", 120), ("Willow Court", "LS8 1ZZ", 95)),
    ),
    DemoClient(
        "hillcrest-academy",
        "Hillcrest Academy",
        Sector.EDUCATION,
        140,
        (("Hillcrest Academy", "S10 3ZZ", 140),),
    ),
]

LOGINS = [
    DemoLogin("admin@northway.example", "Priya Shah", Role.PROVIDER_ADMIN, PROVIDER["slug"], True),
    DemoLogin("advisor@northway.example", "Tom Reilly", Role.ADVISOR, PROVIDER["slug"]),
    DemoLogin("designer@northway.example", "Grace Okafor", Role.DESIGNER, PROVIDER["slug"]),
    DemoLogin("trainer@northway.example", "Dan Hughes", Role.TRAINER, PROVIDER["slug"]),
    DemoLogin(
        "lead@riverside.example", "Helen Clarke", Role.CLIENT_ADMIN, "riverside-mental-health"
    ),
    DemoLogin(
        "ward.manager@riverside.example",
        "Sam Patel",
        Role.CLIENT_MANAGER,
        "riverside-mental-health",
    ),
    DemoLogin("manager@meadowbank.example", "Joy Adeyemi", Role.CLIENT_ADMIN, "meadowbank-care"),
    DemoLogin("business@hillcrest.example", "Mark Evans", Role.CLIENT_ADMIN, "hillcrest-academy"),
]


def _provider() -> Organisation:
    provider = Organisation.objects.filter(slug=PROVIDER["slug"]).first()
    if provider is None:
        provider = organisation_create(kind=Organisation.Kind.PROVIDER, **PROVIDER)
    Accreditation.objects.get_or_create(
        organisation=provider,
        scheme="Example accreditation scheme (demo record)",
        defaults={"number": "DEMO-0001", "valid_until": datetime.date(2028, 3, 31)},
    )
    return provider


def _clients(provider: Organisation) -> None:
    for spec in CLIENTS:
        organisation = Organisation.objects.filter(slug=spec.slug).first()
        if organisation is None:
            organisation = organisation_create(
                name=spec.name,
                slug=spec.slug,
                sector=spec.sector,
                headcount=spec.headcount,
                provider=provider,
            )
        for name, postcode, headcount in spec.sites:
            Site.objects.get_or_create(
                organisation=organisation,
                name=name,
                defaults={"postcode": postcode, "headcount": headcount},
            )


def _logins() -> None:
    for login in LOGINS:
        user = User.objects.filter(email=login.email).first()
        if user is None:
            user = User.objects.create_user(
                email=login.email, password=DEMO_PASSWORD, full_name=login.name
            )
        organisation = Organisation.objects.get(slug=login.organisation)
        has_it = user.memberships.filter(
            organisation=organisation, role=login.role, is_safeguarding_lead=login.safeguarding_lead
        ).exists()
        if not has_it:
            membership_grant(
                user=user,
                organisation=organisation,
                role=login.role,
                is_safeguarding_lead=login.safeguarding_lead,
            )


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    """Load the demo data where missing; returns the logins to print."""
    from breakaway.assessments.demo import seed_assessments
    from breakaway.courses.demo import seed_courses
    from breakaway.delivery.demo import seed_staff
    from breakaway.delivery.demo_certificates import seed_certificates
    from breakaway.delivery.demo_day import seed_day
    from breakaway.enquiries.demo import seed_enquiries
    from breakaway.quotes.demo import seed_quotes, seed_rate_card
    from breakaway.scheduling.demo import seed_engagements
    from breakaway.trainers.demo import seed_trainers

    provider = _provider()
    _clients(provider)
    _logins()
    seed_enquiries(provider=provider)
    seed_assessments(provider=provider)
    seed_courses()
    seed_rate_card(provider)
    seed_trainers(provider)
    seed_engagements(provider)
    seed_quotes(provider)  # after the engagements: it books one of its own
    seed_staff(provider)
    seed_certificates(provider)  # after the staff lists and engagements
    seed_day(provider)  # after the engagements and staff: a delivered course's day
    from breakaway.delivery.demo_roster import seed_rosters

    seed_rosters(provider)  # after the staff lists: the next courses' rosters
    from breakaway.evaluation.demo import seed_responses

    seed_responses(provider)  # after the delivered courses and their people
    from breakaway.learning.demo import seed_learning

    seed_learning(provider)  # after the certificates and rosters: refreshers and lessons
    return LOGINS
