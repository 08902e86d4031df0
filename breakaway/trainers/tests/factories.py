import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import ProviderFactory, UserFactory
from breakaway.trainers.models import (
    CpdEntry,
    Qualification,
    QualificationType,
    Trainer,
    Unavailability,
)

PDF = b"%PDF-1.4\n% a tiny test certificate\n"


def qualification_type(code: str = "first_aid") -> QualificationType:
    """One of the five types migration 0002 installs (made again if a test flushed them)."""
    names = {
        "conflict_management_l3": "Level 3 Award in Delivery of Conflict Management Training",
        "breakaway_instructor": "Breakaway / physical-intervention instructor",
        "teaching_l3": "Teaching qualification (Level 3 or above)",
        "first_aid": "First aid",
        "high_risk_physical": "High-risk physical skills instructor",
    }
    found, _created = QualificationType.objects.get_or_create(
        code=code, defaults={"name": names[code], "expires": code != "teaching_l3"}
    )
    return found


class TrainerFactory(factory.django.DjangoModelFactory):
    """An active trainer member of a provider, based in Manchester, working Monday to Friday."""

    class Meta:
        model = Trainer
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    user = factory.LazyAttribute(
        lambda o: UserFactory(membership__organisation=o.provider, membership__role=Role.TRAINER)
    )
    base_postcode = "M1 1AE"
    base_lat = 53.4808
    base_lon = -2.2426
    working_days = factory.LazyFunction(lambda: [0, 1, 2, 3, 4])
    max_days_per_week = 4
    cpd_hours_required = Decimal(30)


class QualificationFactory(factory.django.DjangoModelFactory):
    """A verified first-aid certificate, in date for another year."""

    class Meta:
        model = Qualification

    trainer = factory.SubFactory(TrainerFactory)
    type = factory.LazyFunction(qualification_type)
    awarding_body = "St John Ambulance"
    certificate_number = factory.Sequence(lambda n: f"FA-{n:05d}")
    achieved_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=700))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))
    verified_at = factory.LazyFunction(timezone.now)


class CpdEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CpdEntry

    trainer = factory.SubFactory(TrainerFactory)
    done_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    hours = Decimal(6)
    activity = "Refresher in breakaway techniques"


class UnavailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unavailability

    trainer = factory.SubFactory(TrainerFactory)
    kind = Unavailability.Kind.LEAVE
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=9))


def trainer_with_records(*, user, provider) -> dict:
    """The user's profile with a qualification and a CPD entry (both with evidence) and leave."""
    trainer = TrainerFactory(user=user, provider=provider)
    qualification = QualificationFactory(trainer=trainer, verified_at=None)
    qualification.evidence.save("certificate.pdf", ContentFile(PDF))
    entry = CpdEntryFactory(trainer=trainer)
    entry.evidence.save("cpd.pdf", ContentFile(PDF))
    return {
        "trainer": trainer,
        "qualification": qualification,
        "cpd_entry": entry,
        "unavailability": UnavailabilityFactory(trainer=trainer),
    }
