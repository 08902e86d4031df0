"""The rules for receiving, moving and converting enquiries."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from breakaway.accounts.models import Invitation, Organisation, Role, Sector
from breakaway.core.models import AuditEntry
from breakaway.enquiries.demo import ENQUIRIES, seed_enquiries
from breakaway.enquiries.models import Enquiry
from breakaway.enquiries.services import enquiry_convert, enquiry_create, enquiry_move
from breakaway.enquiries.tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db

BASE_URL = "https://breakaway.example"


def _create(**changes):
    fields = {
        "organisation_name": "  Hillside Care  ",
        "sector": Sector.SOCIAL_CARE,
        "contact_name": "Sam Jones",
        "email": "sam@hillside.example",
        "headcount": 12,
    }
    return enquiry_create(**{**fields, **changes})


def _audit(enquiry, action):
    return AuditEntry.objects.filter(
        object_type="enquiries.enquiry", object_id=str(enquiry.pk), action=action
    )


def test_create_stores_a_tidy_enquiry_and_audits_it(provider):
    enquiry = _create(provider=provider)

    assert enquiry.organisation_name == "Hillside Care"
    assert enquiry.stage == Enquiry.Stage.ENQUIRY
    assert enquiry.provider == provider
    assert _audit(enquiry, "enquiry.create").get().actor is None


def test_create_refuses_an_unknown_sector():
    with pytest.raises(ValidationError):
        _create(sector="pirates")

    assert not Enquiry.objects.exists()


def test_create_sends_its_emails_only_once_committed(
    advisor, provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _create(provider=provider)

    assert len(callbacks) == 2
    assert mail.outbox == []


def test_create_without_a_provider_confirms_to_the_contact_only(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _create()

    assert [m.to for m in mail.outbox] == [["sam@hillside.example"]]


def test_move_changes_the_stage_records_when_and_audits_it(advisor):
    enquiry = EnquiryFactory()
    before = enquiry.stage_changed_at

    enquiry_move(enquiry=enquiry, stage=Enquiry.Stage.ASSESSMENT, moved_by=advisor)

    enquiry.refresh_from_db()
    assert enquiry.stage == Enquiry.Stage.ASSESSMENT
    assert enquiry.stage_changed_at > before
    entry = _audit(enquiry, "enquiry.move").get()
    assert entry.actor == advisor
    assert entry.before["stage"] == "enquiry"
    assert entry.after["stage"] == "assessment"


def test_move_to_the_same_stage_changes_nothing(advisor):
    enquiry = EnquiryFactory(stage=Enquiry.Stage.PROPOSAL)
    before = enquiry.stage_changed_at

    enquiry_move(enquiry=enquiry, stage=Enquiry.Stage.PROPOSAL, moved_by=advisor)

    enquiry.refresh_from_db()
    assert enquiry.stage_changed_at == before
    assert not _audit(enquiry, "enquiry.move").exists()


def test_move_to_lost_requires_a_reason(advisor):
    enquiry = EnquiryFactory()

    with pytest.raises(ValidationError) as error:
        enquiry_move(enquiry=enquiry, stage=Enquiry.Stage.LOST, moved_by=advisor, lost_reason=" ")

    assert "lost_reason" in error.value.message_dict
    enquiry.refresh_from_db()
    assert enquiry.stage == Enquiry.Stage.ENQUIRY


def test_move_to_lost_keeps_the_reason(advisor):
    enquiry = EnquiryFactory()

    enquiry_move(
        enquiry=enquiry, stage=Enquiry.Stage.LOST, moved_by=advisor, lost_reason="No budget"
    )

    enquiry.refresh_from_db()
    assert (enquiry.stage, enquiry.lost_reason) == ("lost", "No budget")


def test_leaving_lost_clears_the_reason(advisor):
    enquiry = EnquiryFactory(stage=Enquiry.Stage.LOST)

    enquiry_move(enquiry=enquiry, stage=Enquiry.Stage.ENQUIRY, moved_by=advisor)

    enquiry.refresh_from_db()
    assert (enquiry.stage, enquiry.lost_reason) == ("enquiry", "")


def test_reason_is_ignored_when_not_moving_to_lost(advisor):
    enquiry = EnquiryFactory()

    enquiry_move(
        enquiry=enquiry, stage=Enquiry.Stage.PROPOSAL, moved_by=advisor, lost_reason="Typo"
    )

    enquiry.refresh_from_db()
    assert enquiry.lost_reason == ""


def test_move_refuses_an_unknown_stage(advisor):
    enquiry = EnquiryFactory()

    with pytest.raises(ValidationError):
        enquiry_move(enquiry=enquiry, stage="won", moved_by=advisor)

    assert enquiry.stage == Enquiry.Stage.ENQUIRY


def test_convert_makes_a_client_invites_the_contact_and_links_the_enquiry(
    advisor, provider, django_capture_on_commit_callbacks
):
    enquiry = EnquiryFactory(
        organisation_name="Hillside Care",
        contact_name="Sam Jones",
        email="Sam@Hillside.example",
        sector=Sector.SOCIAL_CARE,
        headcount=40,
        provider=provider,
    )

    with django_capture_on_commit_callbacks(execute=True):
        client = enquiry_convert(enquiry=enquiry, converted_by=advisor, base_url=BASE_URL)

    assert client.kind == Organisation.Kind.CLIENT
    assert (client.name, client.sector, client.headcount) == ("Hillside Care", "social-care", 40)
    assert client.provider == provider
    enquiry.refresh_from_db()
    assert enquiry.client == client
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("sam@hillside.example", Role.CLIENT_ADMIN)
    assert invitation.full_name == "Sam Jones"
    assert invitation.invited_by == advisor
    assert mail.outbox[0].to == ["sam@hillside.example"]
    assert BASE_URL in mail.outbox[0].body
    assert _audit(enquiry, "enquiry.convert").get().actor == advisor


def test_converting_twice_makes_one_client_and_one_invitation(advisor, provider):
    enquiry = EnquiryFactory(provider=provider)
    first = enquiry_convert(enquiry=enquiry, converted_by=advisor, base_url=BASE_URL)

    stale = Enquiry.objects.get(pk=enquiry.pk)
    stale.client = None  # another advisor's page, loaded before the first conversion
    second = enquiry_convert(enquiry=stale, converted_by=advisor, base_url=BASE_URL)

    assert first == second
    assert Organisation.objects.filter(kind=Organisation.Kind.CLIENT).count() == 1
    assert Invitation.objects.count() == 1


def test_a_failed_invitation_leaves_no_client_behind(advisor, provider, monkeypatch):
    enquiry = EnquiryFactory(provider=provider)

    def fail(**kwargs):
        raise ValidationError("mail server on fire")

    monkeypatch.setattr("breakaway.enquiries.services.invitation_create", fail)
    with pytest.raises(ValidationError):
        enquiry_convert(enquiry=enquiry, converted_by=advisor, base_url=BASE_URL)

    assert not Organisation.objects.filter(kind=Organisation.Kind.CLIENT).exists()
    enquiry.refresh_from_db()
    assert enquiry.client is None


def test_next_stage_follows_the_pipeline():
    assert Enquiry(stage="enquiry").next_stage == "assessment"
    assert Enquiry(stage="delivered").next_stage == "evaluated"
    assert Enquiry(stage="evaluated").next_stage == "evaluated"
    assert Enquiry(stage="lost").next_stage == "enquiry"


def test_demo_enquiries_cover_every_stage_and_load_only_once(provider):
    seed_enquiries(provider=provider)
    seed_enquiries(provider=provider)

    assert Enquiry.objects.count() == len(ENQUIRIES)
    assert set(Enquiry.objects.values_list("stage", flat=True)) == set(Enquiry.Stage.values)
    lost = Enquiry.objects.get(stage=Enquiry.Stage.LOST)
    assert lost.lost_reason
    assert set(Enquiry.objects.values_list("provider", flat=True)) == {provider.pk}
