"""Engagements and trainers ready to plan: a client site with a venue, a course whose one
module needs first aid, and trainers who hold it, may teach the module and have current CPD."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from breakaway.accounts.models import Organisation, Site
from breakaway.catalogue.tests.factories import ModuleVersionFactory
from breakaway.courses.models import CourseDesign, CourseDesignVersion
from breakaway.scheduling.engagement_services import engagement_create, venue_save
from breakaway.scheduling.models import Engagement, Venue
from breakaway.trainers.tests.factories import (
    CpdEntryFactory,
    QualificationFactory,
    TrainerFactory,
    qualification_type,
)


def next_weekday(days_ahead: int) -> datetime.date:
    """A Monday-to-Friday date about `days_ahead` days from today."""
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def venue_for(organisation: Organisation, name: str = "Riverside Hospital", lat: float = 53.47,
              lon: float = -2.25) -> Venue:  # fmt: skip
    site, _made = Site.objects.get_or_create(
        organisation=organisation, name=name, defaults={"postcode": "M15 4ZZ"}
    )
    return venue_save(site=site, lat=lat, lon=lon, room_notes="Hall B, ground floor.",
                      changed_by=None)  # fmt: skip


def module_for(code: str = "breakaway-basics") -> Any:
    """The current version of a catalogue module that needs a first-aid certificate."""
    from breakaway.catalogue.models import ModuleVersion

    version = ModuleVersion.objects.filter(module__code=code, is_current=True).first()
    if version is None:
        version = ModuleVersionFactory(module__code=code, trainer_qualifications=["First aid"])
    return version


def design_for(organisation: Organisation, module_code: str = "breakaway-basics") -> CourseDesign:
    """A one-day design teaching one module that needs a first-aid certificate."""
    version = module_for(module_code)
    qualification_type("first_aid")
    design = CourseDesign.objects.create(organisation=organisation, length="1-day", headcount=12)
    CourseDesignVersion.objects.create(
        design=design,
        number=1,
        inputs={},
        course={
            "modules": [{"code": version.module.code, "title": version.title}],
            "timetable": [
                {"day": 1, "start": "09:30", "end": "12:30", "kind": "module"},
                {"day": 1, "start": "13:15", "end": "16:30", "kind": "module"},
            ],
        },
    )
    return design


def engagement_for(
    organisation: Organisation,
    *,
    days: list[datetime.date] | None = None,
    trainers_needed: int = 1,
    design: CourseDesign | None = None,
    venue: Venue | None = None,
) -> Engagement:
    design = design or design_for(organisation)
    return engagement_create(
        design=design,
        design_version=1,
        venue=venue or venue_for(organisation),
        days=days or [next_weekday(42)],
        trainers_needed=trainers_needed,
        created_by=None,
    )


def ready_trainer(provider: Organisation, *, modules: list[str] | None = None,
                  lat: float = 53.48, lon: float = -2.24, **extra: Any) -> Any:  # fmt: skip
    """An active trainer with first aid in date, CPD current, allowed to teach `modules`."""
    from breakaway.catalogue.models import Module

    trainer = TrainerFactory(provider=provider, base_lat=lat, base_lon=lon, **extra)
    QualificationFactory(
        trainer=trainer,
        type=qualification_type("first_aid"),
        expires_on=timezone.localdate() + datetime.timedelta(days=800),
    )
    CpdEntryFactory(trainer=trainer, hours=Decimal(40))
    codes = ["breakaway-basics"] if modules is None else modules
    for code in codes:
        module_for(code)
    trainer.modules.set(Module.objects.filter(code__in=codes))
    return trainer
