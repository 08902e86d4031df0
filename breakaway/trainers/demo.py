"""The demo provider's trainers: six people across the north and Midlands of England.

Dates are relative to the day the demo is loaded, so there is always one qualification
expiring within the month and one expired. Idempotent: a trainer who already has records
is left as they are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from breakaway.accounts.models import Organisation, Role, User
from breakaway.accounts.services import membership_grant, user_create
from breakaway.catalogue.models import Module, ModuleVersion
from breakaway.trainers.models import (
    CpdEntry,
    Qualification,
    QualificationType,
    Trainer,
    Unavailability,
)


@dataclass(frozen=True)
class DemoTrainer:
    email: str
    name: str
    postcode: str
    lat: float
    lon: float
    working_days: tuple[int, ...]
    max_days: int
    # (type code, awarding body, days since achieved, days until expiry or None)
    qualifications: tuple[tuple[str, str, int, int | None], ...]
    # (days ago, hours, activity)
    cpd: tuple[tuple[int, str, str], ...]
    # (days from today, length in days, kind, note)
    away: tuple[tuple[int, int, str, str], ...] = ()


_WEEKDAYS = (0, 1, 2, 3, 4)
_CPD_FULL = (
    (40, "6", "ICM annual conference: restrictive practice and the law"),
    (95, "7", "Refresher: breakaway techniques, observed and assessed"),
    (150, "3.5", "Webinar: trauma-informed de-escalation"),
    (210, "7", "Co-delivered a course with a senior trainer (observed)"),
    (300, "6.5", "First-aid at work requalification day"),
)

TRAINERS = (
    DemoTrainer(
        "trainer@northway.example",  # the demo login (core/demo.py)
        "Dan Hughes",
        "M1 1AE",
        53.4808,
        -2.2426,
        _WEEKDAYS,
        4,
        (
            ("conflict_management_l3", "Highfield Qualifications", 900, 560),
            ("breakaway_instructor", "Institute of Conflict Management", 700, 21),
            ("teaching_l3", "City & Guilds", 2400, None),
            ("first_aid", "St John Ambulance", 800, 300),
        ),
        _CPD_FULL,
        ((24, 5, "leave", "Family holiday"),),
    ),
    DemoTrainer(
        "aisha.khan@northway.example",
        "Aisha Khan",
        "LS1 4DY",
        53.7997,
        -1.5492,
        _WEEKDAYS,
        5,
        (
            ("conflict_management_l3", "SFJ Awards", 500, 900),
            ("breakaway_instructor", "Institute of Conflict Management", 400, 330),
            ("teaching_l3", "Highfield Qualifications", 1500, None),
            ("first_aid", "British Red Cross", 700, 400),
            ("high_risk_physical", "Institute of Conflict Management", 300, 430),
        ),
        _CPD_FULL,
    ),
    DemoTrainer(
        "gareth.price@northway.example",
        "Gareth Price",
        "S1 2HE",
        53.3811,
        -1.4701,
        (0, 1, 2, 3),
        3,
        (
            ("conflict_management_l3", "City & Guilds", 1200, 250),
            ("breakaway_instructor", "Institute of Conflict Management", 1100, -12),
            ("teaching_l3", "City & Guilds", 2000, None),
            ("first_aid", "St John Ambulance", 900, 200),
        ),
        _CPD_FULL[:2],
        ((10, 1, "blocked", "Examining for the awarding body"),),
    ),
    DemoTrainer(
        "nia.roberts@northway.example",
        "Nia Roberts",
        "B1 1BB",
        52.4862,
        -1.8904,
        _WEEKDAYS,
        4,
        (
            ("conflict_management_l3", "Highfield Qualifications", 600, 800),
            ("teaching_l3", "Pearson", 1800, None),
            ("first_aid", "St John Ambulance", 200, 900),
        ),
        _CPD_FULL,
    ),
    DemoTrainer(
        "liam.walsh@northway.example",
        "Liam Walsh",
        "NE1 7RU",
        54.9783,
        -1.6178,
        (1, 2, 3, 4, 5),
        4,
        (
            ("conflict_management_l3", "SFJ Awards", 300, 1000),
            ("breakaway_instructor", "Institute of Conflict Management", 250, 480),
            ("teaching_l3", "City & Guilds", 900, None),
            ("first_aid", "British Red Cross", 400, 700),
        ),
        _CPD_FULL,
        ((45, 10, "leave", "Annual leave"),),
    ),
    DemoTrainer(
        "rachel.osei@northway.example",
        "Rachel Osei",
        "BS1 4DJ",
        51.4545,
        -2.5879,
        (0, 2, 4),
        3,
        (
            ("conflict_management_l3", "Highfield Qualifications", 450, 650),
            ("breakaway_instructor", "Institute of Conflict Management", 420, 700),
            ("teaching_l3", "Highfield Qualifications", 1000, None),
            ("first_aid", "St John Ambulance", 500, 600),
        ),
        _CPD_FULL,
    ),
)


def _user(provider: Organisation, spec: DemoTrainer) -> User:
    user = User.objects.filter(email=spec.email).first()
    if user is None:
        return user_create(
            email=spec.email, role=Role.TRAINER, organisation=provider, full_name=spec.name
        )
    if not user.memberships.filter(organisation=provider, role=Role.TRAINER).exists():
        membership_grant(user=user, organisation=provider, role=Role.TRAINER)
    return user


def _modules_for(held: set[str]) -> list[Module]:
    """Every module whose current version needs only qualifications the trainer holds."""
    return [
        v.module
        for v in ModuleVersion.objects.current().select_related("module")
        if set(v.trainer_qualifications) <= held
    ]


def _seed_one(provider: Organisation, spec: DemoTrainer, today: datetime.date) -> Trainer:
    user = _user(provider, spec)
    trainer = Trainer.objects.filter(user=user).first()
    if trainer is not None:
        return trainer
    trainer = Trainer(
        user=user,
        provider=provider,
        base_postcode=spec.postcode,
        base_lat=spec.lat,
        base_lon=spec.lon,
        working_days=list(spec.working_days),
        max_days_per_week=spec.max_days,
    )
    trainer.full_clean()
    trainer.save()
    verifier = (
        User.objects.filter(
            memberships__organisation=provider, memberships__role=Role.PROVIDER_ADMIN
        )
        .order_by("pk")
        .first()
    )
    types = {t.code: t for t in QualificationType.objects.all()}
    for number, (code, body, achieved_ago, expires_in) in enumerate(spec.qualifications, 1):
        Qualification.objects.create(
            trainer=trainer,
            type=types[code],
            awarding_body=body,
            certificate_number=f"DEMO-{trainer.pk:03d}-{number:02d}",
            achieved_on=today - datetime.timedelta(days=achieved_ago),
            expires_on=None if expires_in is None else today + datetime.timedelta(days=expires_in),
            verified_by=verifier,
            verified_at=timezone.now(),
        )
    CpdEntry.objects.bulk_create(
        CpdEntry(
            trainer=trainer,
            done_on=today - datetime.timedelta(days=ago),
            hours=Decimal(hours),
            activity=activity,
        )
        for ago, hours, activity in spec.cpd
    )
    for starts_in, length, kind, note in spec.away:
        starts = today + datetime.timedelta(days=starts_in)
        Unavailability.objects.create(
            trainer=trainer,
            kind=kind,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=length - 1),
            note=note,
        )
    held = {types[code].name for code, *_rest in spec.qualifications if types[code]}
    trainer.modules.set(_modules_for(held))
    return trainer


@transaction.atomic
def seed_trainers(provider: Organisation) -> list[Trainer]:
    """The demo trainers, each with a base, qualifications, CPD and some leave, where missing."""
    today = timezone.localdate()
    return [_seed_one(provider, spec, today) for spec in TRAINERS]
