import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from breakaway.accounts.models import Invitation, Role
from breakaway.catalogue.tests.factories import ModuleFactory
from breakaway.core.models import AuditEntry
from breakaway.trainers import services
from breakaway.trainers.models import Trainer
from breakaway.trainers.tests.factories import (
    PDF,
    CpdEntryFactory,
    QualificationFactory,
    TrainerFactory,
    UnavailabilityFactory,
    qualification_type,
)

pytestmark = pytest.mark.django_db


def _actions():
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def test_create_gives_a_trainer_member_a_profile_and_audits_it(provider, trainer, provider_admin):
    module = ModuleFactory()
    made = services.trainer_create(
        provider=provider,
        user=trainer,
        created_by=provider_admin,
        modules=[module],
        base_postcode="ls1 4dy",
        base_lat=53.7997,
        base_lon=-1.5492,
    )
    assert made.base_postcode == "LS1 4DY"
    assert list(made.modules.all()) == [module]
    assert made.cpd_hours_required == Decimal(30)
    entry = AuditEntry.objects.get(action="trainer.create")
    assert entry.actor == provider_admin
    assert entry.after["modules"] == [module.code]


def test_create_refuses_someone_who_is_not_a_trainer_there(provider, advisor, provider_admin):
    with pytest.raises(ValidationError):
        services.trainer_create(provider=provider, user=advisor, created_by=provider_admin)


def test_the_default_cpd_hours_come_from_the_setting(settings, provider, trainer):
    settings.BREAKAWAY_TRAINER_CPD_HOURS = 21
    made = services.trainer_create(provider=provider, user=trainer, created_by=None)
    assert made.cpd_hours_required == Decimal(21)


def test_update_records_before_and_after(provider_admin):
    trainer = TrainerFactory()
    services.trainer_update(
        trainer=trainer, updated_by=provider_admin, working_days=[3, 1], max_days_per_week=2
    )
    trainer.refresh_from_db()
    assert trainer.working_days == [1, 3]
    entry = AuditEntry.objects.get(action="trainer.update")
    assert entry.before["max_days_per_week"] == 4
    assert entry.after["max_days_per_week"] == 2


def test_update_refuses_a_base_outside_the_uk_and_writes_nothing(provider_admin):
    trainer = TrainerFactory()
    with pytest.raises(ValidationError):
        services.trainer_update(trainer=trainer, updated_by=provider_admin, base_lat=40.4)
    trainer.refresh_from_db()
    assert trainer.base_lat == 53.4808
    assert not AuditEntry.objects.filter(action="trainer.update").exists()


def test_invite_sends_a_trainer_invitation(
    provider, provider_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.trainer_invite(
            provider=provider,
            email="New.Trainer@Example.org",
            full_name="Ola Nowak",
            invited_by=provider_admin,
        )
    assert (invitation.email, invitation.role) == ("new.trainer@example.org", Role.TRAINER)
    assert mail.outbox[-1].to == ["new.trainer@example.org"]


def test_invite_refuses_someone_already_at_the_provider(provider, provider_admin, advisor):
    with pytest.raises(ValidationError):
        services.trainer_invite(
            provider=provider, email=advisor.email, full_name="", invited_by=provider_admin
        )
    assert not Invitation.objects.exists()


def test_a_trainer_member_gets_a_profile_on_first_use_and_keeps_it(provider, trainer):
    first = services.trainer_ensure_for_user(user=trainer)
    assert first is not None
    assert first.provider == provider
    assert services.trainer_ensure_for_user(user=trainer) == first
    assert Trainer.objects.count() == 1


def test_someone_without_a_trainer_role_gets_no_profile(advisor):
    assert services.trainer_ensure_for_user(user=advisor) is None


def test_a_qualification_is_stored_with_its_evidence(provider_admin):
    trainer = TrainerFactory()
    qualification = services.qualification_create(
        trainer=trainer,
        created_by=trainer.user,
        type=qualification_type("breakaway_instructor"),
        awarding_body="ICM",
        expires_on=timezone.localdate() + datetime.timedelta(days=300),
        evidence=SimpleUploadedFile("cert.pdf", PDF, "application/pdf"),
    )
    assert qualification.evidence.name.startswith("trainers/qualifications/")
    assert qualification.evidence.name.endswith("/cert.pdf")
    assert not qualification.is_verified
    assert AuditEntry.objects.get(action="qualification.create").after["evidence"]


def test_changing_a_verified_qualification_means_verifying_it_again(provider_admin):
    qualification = QualificationFactory(verified_by=provider_admin)
    services.qualification_update(
        qualification=qualification,
        updated_by=qualification.trainer.user,
        expires_on=qualification.expires_on + datetime.timedelta(days=365),
    )
    qualification.refresh_from_db()
    assert qualification.verified_at is None
    assert qualification.verified_by is None


def test_saving_a_qualification_unchanged_keeps_its_verification(provider_admin):
    qualification = QualificationFactory(verified_by=provider_admin)
    services.qualification_update(
        qualification=qualification, updated_by=provider_admin, awarding_body="St John Ambulance"
    )
    qualification.refresh_from_db()
    assert qualification.is_verified
    assert "qualification.update" not in _actions()


def test_an_administrator_verifies_a_qualification(provider_admin):
    qualification = QualificationFactory(verified_at=None)
    services.qualification_verify(qualification=qualification, verified_by=provider_admin)
    qualification.refresh_from_db()
    assert qualification.verified_by == provider_admin
    assert qualification.verified_at
    assert "qualification.verify" in _actions()


def test_a_trainer_cannot_verify_their_own_qualification():
    qualification = QualificationFactory(verified_at=None)
    with pytest.raises(PermissionDenied):
        services.qualification_verify(
            qualification=qualification, verified_by=qualification.trainer.user
        )
    qualification.refresh_from_db()
    assert not qualification.is_verified


def test_cpd_is_logged_with_evidence_and_can_be_removed():
    trainer = TrainerFactory()
    entry = services.cpd_entry_create(
        trainer=trainer,
        created_by=trainer.user,
        done_on=timezone.localdate(),
        hours=Decimal("3.5"),
        activity="  Webinar on de-escalation ",
        evidence=SimpleUploadedFile("notes.pdf", PDF),
    )
    assert entry.activity == "Webinar on de-escalation"
    assert entry.created_by == trainer.user
    services.cpd_entry_delete(entry=entry, deleted_by=trainer.user)
    assert not trainer.cpd_entries.exists()
    assert _actions()[-2:] == ["cpd_entry.create", "cpd_entry.delete"]


def test_cpd_in_the_future_is_refused():
    trainer = TrainerFactory()
    with pytest.raises(ValidationError):
        services.cpd_entry_create(
            trainer=trainer,
            created_by=trainer.user,
            done_on=timezone.localdate() + datetime.timedelta(days=1),
            hours=Decimal(1),
            activity="Not yet",
        )


def test_leave_must_end_on_or_after_it_starts():
    trainer = TrainerFactory()
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.unavailability_create(
            trainer=trainer,
            created_by=trainer.user,
            kind="leave",
            starts_on=today,
            ends_on=today - datetime.timedelta(days=1),
        )


def test_leave_is_recorded_and_cancelled_with_audit():
    trainer = TrainerFactory()
    today = timezone.localdate()
    period = services.unavailability_create(
        trainer=trainer, created_by=trainer.user, kind="leave", starts_on=today, ends_on=today
    )
    services.unavailability_delete(period=period, deleted_by=trainer.user)
    assert not trainer.unavailability.exists()
    assert _actions()[-2:] == ["unavailability.create", "unavailability.delete"]


def test_factories_make_consistent_records():
    entry = CpdEntryFactory()
    period = UnavailabilityFactory(trainer=entry.trainer)
    assert period.trainer.user.memberships.get().role == Role.TRAINER
