"""The privacy pages: the access log (who, filters, constant queries), data retention and a
client's agreement, finding a person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from breakaway.accounts.models import Membership
from breakaway.core.models import AuditEntry
from breakaway.delivery.screening_services import screening_view_record
from breakaway.delivery.tests.factories import StaffMemberFactory
from breakaway.privacy.models import RetentionAgreement
from breakaway.privacy.tests.privacy_fixtures import person_with_everything

pytestmark = pytest.mark.django_db


def _reads(organisation, viewer, n: int, held=None):
    held = held or person_with_everything(organisation, viewer=viewer)
    for _ in range(n):
        screening_view_record(viewer=viewer, obj=held.screening, organisation=organisation)
    return held


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_access_log_lists_reads_of_health_answers_never_the_answers(
    client, client_org, provider_admin, trainer
):
    _reads(client_org, trainer, 2)
    AuditEntry.objects.create(action="staff_member.update", object_type="x", object_id="1")
    client.force_login(provider_admin)
    page = client.get(reverse("privacy:access_log"))
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("screening.view") == 3
    assert "staff_member.update" not in text
    assert "Bad knee" not in text
    assert "Screening for Jane Smith" in text


def test_the_access_log_filters_by_person_organisation_and_date(
    client, client_org, other_client, provider_admin, trainer
):
    _reads(client_org, trainer, 1)
    other = StaffMemberFactory(organisation=other_client, first_name="Omar", last_name="Ali")
    AuditEntry.objects.create(
        action="screening.view", object_type="delivery.healthscreening", object_id="9",
        object_repr=f"Screening for {other} on a course", organisation=other_client,
        created_at=timezone.now() - dt.timedelta(days=40),
    )  # fmt: skip
    client.force_login(provider_admin)
    url = reverse("privacy:access_log")
    assert "Omar Ali" not in client.get(url, {"person": "smith"}).content.decode()
    by_org = client.get(url, {"organisation": other_client.pk}).content.decode()
    assert "Omar Ali" in by_org
    assert "Jane Smith" not in by_org
    since = (timezone.localdate() - dt.timedelta(days=10)).strftime("%d/%m/%Y")
    recent = client.get(url, {"date_from": since}).content.decode()
    assert "Jane Smith" in recent
    assert "Omar Ali" not in recent
    wrong = client.get(url, {"date_from": "01/03/2026", "date_to": "01/02/2026"})
    assert wrong.status_code == 400


def test_the_access_log_costs_the_same_queries_however_long(
    client, client_org, provider_admin, trainer
):
    client.force_login(provider_admin)
    held = _reads(client_org, trainer, 2)
    few = _queries(client, reverse("privacy:access_log"))
    _reads(client_org, trainer, 60, held)
    assert _queries(client, reverse("privacy:access_log")) == few


def test_safeguarding_leads_review_access_and_other_provider_staff_do_not(
    client, client_org, trainer, advisor
):
    _reads(client_org, trainer, 1)
    client.force_login(trainer)
    assert client.get(reverse("privacy:access_log")).status_code == 403
    Membership.objects.filter(user=trainer).update(is_safeguarding_lead=True)
    assert client.get(reverse("privacy:access_log")).status_code == 200
    client.force_login(advisor)
    assert client.get(reverse("privacy:access_log")).status_code == 403


def test_another_providers_clients_entries_are_not_shown(
    client, client_org, provider_admin, trainer
):
    from breakaway.accounts.models import Organisation

    _reads(client_org, trainer, 1)
    elsewhere = Organisation.objects.create(
        name="Elsewhere Training", slug="elsewhere", kind="provider"
    )
    their_client = Organisation.objects.create(name="Far Trust", slug="far", provider=elsewhere)
    AuditEntry.objects.create(
        action="screening.view", object_type="delivery.healthscreening", object_id="9",
        object_repr="Screening for Omar Ali on a course", organisation=their_client,
    )  # fmt: skip
    client.force_login(provider_admin)
    text = client.get(reverse("privacy:access_log")).content.decode()
    assert "Jane Smith" in text
    assert "Omar Ali" not in text


def test_the_retention_page_lists_every_policy_and_each_clients_agreement(
    client, client_org, other_client, provider_admin
):
    RetentionAgreement.objects.create(organisation=client_org, incident_months=36)
    client.force_login(provider_admin)
    page = client.get(reverse("privacy:retention"))
    text = page.content.decode()
    for setting in (
        "BREAKAWAY_SCREENING_RETENTION_DAYS", "BREAKAWAY_INCIDENT_RETENTION_MONTHS",
        "BREAKAWAY_RESPONSE_PSEUDONYMISE_MONTHS", "BREAKAWAY_LEARNING_RETENTION_MONTHS",
        "BREAKAWAY_CERTIFICATE_RETENTION_YEARS",
    ):  # fmt: skip
        assert setting in text
    assert "36 months" in text
    assert "(the default)" in text  # the other client


def test_the_retention_page_costs_the_same_queries_however_many_clients(
    client, provider, provider_admin
):
    from breakaway.accounts.models import Organisation

    client.force_login(provider_admin)
    few = _queries(client, reverse("privacy:retention"))
    for index in range(8):
        org = Organisation.objects.create(
            name=f"Trust {index}", slug=f"trust-{index}", provider=provider
        )
        RetentionAgreement.objects.create(organisation=org, incident_months=12 + index)
    assert _queries(client, reverse("privacy:retention")) == few


def test_saving_an_agreement_is_audited(client, client_org, provider_admin):
    client.force_login(provider_admin)
    url = reverse("privacy:agreement", args=[client_org.slug])
    assert client.post(url, {"incident_months": "0", "agreed_on": "01/03/2026"}).status_code == 400
    response = client.post(
        url, {"incident_months": "36", "agreed_on": "01/03/2026", "notes": "Contract clause 9"}
    )
    assert response.status_code == 302
    agreement = RetentionAgreement.objects.get(organisation=client_org)
    assert (agreement.incident_months, agreement.agreed_on) == (36, dt.date(2026, 3, 1))
    entry = AuditEntry.objects.get(action="privacy.retention_agreement")
    assert entry.after["incident_months"] == 36
    client.post(url, {"incident_months": "48", "agreed_on": "01/04/2026"})
    assert (
        AuditEntry.objects.filter(action="privacy.retention_agreement")
        .latest("pk")
        .before["incident_months"]
        == 36
    )


def test_a_client_administrator_finds_their_own_people_only(
    client, client_org, other_client, client_admin
):
    held = person_with_everything(client_org)
    StaffMemberFactory(organisation=other_client, first_name="Jane", last_name="Smithers")
    client.force_login(client_admin)
    page = client.get(reverse("privacy:people", args=[client_org.slug]), {"q": "smith"})
    text = page.content.decode()
    assert reverse("privacy:person", args=[held.person.pk]) in text
    assert "Smithers" not in text
    assert client.get(reverse("privacy:people", args=[other_client.slug])).status_code == 404
    assert client.get(reverse("privacy:person", args=[held.person.pk])).status_code == 200


def test_the_admin_shows_the_policies_above_the_agreements(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:privacy_retentionagreement_changelist"))
    assert page.status_code == 200
    assert "BREAKAWAY_CERTIFICATE_RETENTION_YEARS" in page.content.decode()
