import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from breakaway.accounts.models import Invitation, Role
from breakaway.accounts.tests.factories import ProviderFactory, UserFactory
from breakaway.trainers.models import CpdEntry, Trainer, Unavailability
from breakaway.trainers.tests.factories import (
    PDF,
    CpdEntryFactory,
    QualificationFactory,
    TrainerFactory,
    trainer_with_records,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_provider_trainer():
    return trainer_with_records(
        user=UserFactory(
            membership__organisation=ProviderFactory(name="Elsewhere Training"),
            membership__role=Role.TRAINER,
        ),
        provider=ProviderFactory(name="Elsewhere Training"),
    )


# The administrator's pages ---------------------------------------------------------------


def test_the_list_shows_what_needs_attention(client, provider, provider_admin):
    trainer = TrainerFactory(provider=provider, cpd_hours_required=Decimal(30))
    QualificationFactory(
        trainer=trainer, expires_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    client.force_login(provider_admin)
    page = client.get(reverse("trainers:list")).content.decode()
    assert trainer.user.full_name in page
    assert "1 expired" in page
    assert "CPD short" in page


def test_the_list_has_an_empty_state(client, provider_admin):
    client.force_login(provider_admin)
    assert "No trainers yet" in client.get(reverse("trainers:list")).content.decode()


def test_the_list_takes_the_same_queries_for_three_trainers_or_twelve(
    client, provider, provider_admin, django_assert_num_queries
):
    def add(n):
        for _n in range(n):
            trainer = TrainerFactory(provider=provider)
            QualificationFactory(trainer=trainer)
            CpdEntryFactory(trainer=trainer)

    client.force_login(provider_admin)
    add(3)
    client.get(reverse("trainers:list"))  # warm the session
    with django_assert_num_queries(9) as three:
        client.get(reverse("trainers:list"))
    add(9)
    with django_assert_num_queries(len(three.captured_queries)):
        assert client.get(reverse("trainers:list")).status_code == 200


def test_the_list_is_paginated(client, provider, provider_admin):
    for _n in range(26):
        TrainerFactory(provider=provider)
    client.force_login(provider_admin)
    response = client.get(reverse("trainers:list"))
    assert len(response.context["rows"]) == 25
    assert "Page 1 of 2" in response.content.decode()


def test_another_providers_trainer_and_records_are_not_found(
    client, provider_admin, other_provider_trainer
):
    client.force_login(provider_admin)
    records = other_provider_trainer
    pk = records["trainer"].pk
    for url in [
        reverse("trainers:detail", kwargs={"pk": pk}),
        reverse("trainers:edit", kwargs={"pk": pk}),
        reverse("trainers:qualification_edit", kwargs={"pk": records["qualification"].pk}),
        reverse("trainers:qualification_evidence", kwargs={"pk": records["qualification"].pk}),
        reverse("trainers:cpd_evidence", kwargs={"pk": records["cpd_entry"].pk}),
    ]:
        assert client.get(url).status_code == 404, url
    verify = reverse("trainers:qualification_verify", kwargs={"pk": records["qualification"].pk})
    assert client.post(verify).status_code == 404


def test_an_administrator_sets_up_an_existing_trainer_member(
    client, provider, provider_admin, trainer
):
    client.force_login(provider_admin)
    page = client.get(reverse("trainers:create"))
    assert trainer.email in page.content.decode()
    response = client.post(reverse("trainers:create"), {"action": "pick", "pick-user": trainer.pk})
    made = Trainer.objects.get(user=trainer)
    assert response["Location"] == reverse("trainers:edit", kwargs={"pk": made.pk})


def test_an_administrator_invites_a_new_trainer(client, provider, provider_admin):
    client.force_login(provider_admin)
    response = client.post(
        reverse("trainers:create"),
        {"action": "invite", "invite-full_name": "Ola Nowak", "invite-email": "ola@example.org"},
    )
    assert response.status_code == 302
    assert Invitation.objects.get().role == Role.TRAINER
    assert "ola@example.org" in client.get(reverse("trainers:list")).content.decode()


def test_an_invitation_with_errors_shows_the_error_summary(client, provider_admin):
    client.force_login(provider_admin)
    response = client.post(reverse("trainers:create"), {"action": "invite", "invite-email": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter an e-mail address" in page


def test_an_administrator_edits_the_profile_and_modules(client, provider, provider_admin):
    from breakaway.catalogue.tests.factories import ModuleVersionFactory

    trainer = TrainerFactory(provider=provider)
    version = ModuleVersionFactory()
    client.force_login(provider_admin)
    response = client.post(
        reverse("trainers:edit", kwargs={"pk": trainer.pk}),
        {
            "base_postcode": "ls1 4dy",
            "base_lat": "53.7997",
            "base_lon": "-1.5492",
            "working_days": ["0", "2"],
            "max_days_per_week": "2",
            "cpd_hours_required": "24",
            "modules": [version.module.code],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    trainer.refresh_from_db()
    assert (trainer.base_postcode, trainer.working_days, trainer.cpd_hours_required) == (
        "LS1 4DY",
        [0, 2],
        Decimal(24),
    )
    assert list(trainer.modules.all()) == [version.module]


def test_a_home_base_outside_the_uk_is_explained(client, provider, provider_admin):
    trainer = TrainerFactory(provider=provider)
    client.force_login(provider_admin)
    response = client.post(
        reverse("trainers:edit", kwargs={"pk": trainer.pk}),
        {
            "base_lat": "40.4",
            "working_days": ["0"],
            "max_days_per_week": "4",
            "cpd_hours_required": "30",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a latitude in the UK" in page
    response = client.post(
        reverse("trainers:edit", kwargs={"pk": trainer.pk}),
        {
            "base_lat": "53.1",
            "working_days": ["0"],
            "max_days_per_week": "4",
            "cpd_hours_required": "30",
        },
    )
    assert "Enter both the latitude and the longitude" in response.content.decode()


def test_an_administrator_verifies_a_qualification(client, provider, provider_admin):
    qualification = QualificationFactory(
        trainer=TrainerFactory(provider=provider), verified_at=None
    )
    client.force_login(provider_admin)
    response = client.post(
        reverse("trainers:qualification_verify", kwargs={"pk": qualification.pk})
    )
    assert response.status_code == 302
    qualification.refresh_from_db()
    assert qualification.verified_by == provider_admin


def test_a_trainer_cannot_verify_even_their_own_qualification(client, provider, trainer):
    records = trainer_with_records(user=trainer, provider=provider)
    client.force_login(trainer)
    url = reverse("trainers:qualification_verify", kwargs={"pk": records["qualification"].pk})
    assert client.post(url).status_code == 403
    records["qualification"].refresh_from_db()
    assert not records["qualification"].is_verified


# The trainer's own pages -----------------------------------------------------------------


def test_my_profile_is_made_on_first_visit(client, trainer):
    client.force_login(trainer)
    page = client.get(reverse("trainers:my_profile")).content.decode()
    assert "My training profile" in page
    assert Trainer.objects.filter(user=trainer).exists()


def test_a_trainer_adds_cpd_with_evidence(client, trainer):
    client.force_login(trainer)
    response = client.post(
        reverse("trainers:my_cpd_add"),
        {
            "done_on": timezone.localdate().isoformat(),
            "hours": "3.5",
            "activity": "De-escalation webinar",
            "evidence": SimpleUploadedFile("notes.pdf", PDF, "application/pdf"),
        },
    )
    assert response["Location"] == reverse("trainers:my_profile")
    entry = CpdEntry.objects.get()
    assert entry.hours == Decimal("3.5")
    assert entry.evidence
    evidence = client.get(reverse("trainers:cpd_evidence", kwargs={"pk": entry.pk}))
    assert evidence["Content-Type"] == "application/pdf"
    assert evidence.content == PDF
    assert "no-store" in evidence["Cache-Control"]


def test_evidence_of_the_wrong_kind_is_refused(client, trainer):
    client.force_login(trainer)
    response = client.post(
        reverse("trainers:my_cpd_add"),
        {
            "done_on": timezone.localdate().isoformat(),
            "hours": "1",
            "activity": "Reading",
            "evidence": SimpleUploadedFile("notes.html", b"<script>", "text/html"),
        },
    )
    assert response.status_code == 400
    assert "Choose a PDF, JPG or PNG file" in response.content.decode()


def test_a_trainer_adds_a_qualification_that_waits_for_verification(client, trainer):
    from breakaway.trainers.tests.factories import qualification_type

    client.force_login(trainer)
    kind = qualification_type("first_aid")
    response = client.post(
        reverse("trainers:my_qualification_add"),
        {"type": kind.pk, "expires_on": "2029-01-31", "awarding_body": "St John Ambulance"},
    )
    assert response.status_code == 302
    page = client.get(reverse("trainers:my_profile")).content.decode()
    assert "Not verified" in page


def test_a_qualification_that_lapses_without_an_expiry_date_is_explained(client, trainer):
    from breakaway.trainers.tests.factories import qualification_type

    client.force_login(trainer)
    response = client.post(
        reverse("trainers:my_qualification_add"), {"type": qualification_type("first_aid").pk}
    )
    assert response.status_code == 400
    assert "Enter the date it expires" in response.content.decode()


def test_a_trainer_books_leave_and_cancels_it(client, trainer):
    client.force_login(trainer)
    start = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("trainers:my_availability_add"),
        {
            "kind": "leave",
            "starts_on": start.isoformat(),
            "ends_on": start.isoformat(),
            "note": "Wedding",
        },
    )
    assert response.status_code == 302
    period = Unavailability.objects.get()
    assert "Wedding" in client.get(reverse("trainers:my_profile")).content.decode()
    client.post(reverse("trainers:unavailability_delete", kwargs={"pk": period.pk}))
    assert not Unavailability.objects.exists()


def test_a_trainer_edits_their_home_base(client, trainer):
    client.force_login(trainer)
    response = client.post(
        reverse("trainers:my_edit"),
        {
            "base_postcode": "s1 2he",
            "base_lat": "53.3811",
            "base_lon": "-1.4701",
            "working_days": ["1"],
        },
    )
    assert response.status_code == 302
    mine = Trainer.objects.get(user=trainer)
    assert (mine.base_postcode, mine.working_days) == ("S1 2HE", [1])


def test_a_trainer_cannot_reach_another_trainers_records(client, provider, trainer):
    other = trainer_with_records(
        user=UserFactory(membership__organisation=provider, membership__role=Role.TRAINER),
        provider=provider,
    )
    client.force_login(trainer)
    assert (
        client.get(
            reverse("trainers:qualification_evidence", kwargs={"pk": other["qualification"].pk})
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("trainers:cpd_delete", kwargs={"pk": other["cpd_entry"].pk})
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("trainers:detail", kwargs={"pk": other["trainer"].pk})).status_code
        == 403
    )
