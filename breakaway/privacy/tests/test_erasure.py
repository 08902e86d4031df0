"""Erasure: the person's details go, every figure stays, the certificate says "erased", the
audit log forgets the name, and only the right people can do it (with the name typed)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from breakaway.core.audit import audit_log
from breakaway.core.models import AuditEntry
from breakaway.delivery.certificate_selectors import certificate_verification
from breakaway.delivery.models import (
    Attendance,
    AttendeeLink,
    Certificate,
    Enrolment,
    HealthScreening,
    StaffMember,
)
from breakaway.evaluation.report_selectors import impact_report_data
from breakaway.evaluation.tests.report_fixtures import engagement_with_answers, incidents_monthly
from breakaway.learning.models import RefresherAnswer, RefresherPreference
from breakaway.learning.retention import retention_curve
from breakaway.privacy.erasure import ERASED_LABEL, ERASED_VALUE, person_erase
from breakaway.privacy.models import Erasure
from breakaway.privacy.tests.privacy_fixtures import person_with_everything

pytestmark = pytest.mark.django_db


def _answered_course(organisation):
    """An engagement with six people's answers; the first person also has everything else."""
    engagement = engagement_with_answers(organisation)
    incidents_monthly(organisation, {"2025-12": 9, "2026-01": 8, "2026-05": 4, "2026-06": 3})
    enrolment = Enrolment.objects.filter(engagement=engagement).order_by("pk").first()
    return engagement, person_with_everything(organisation, enrolment=enrolment)


def _curve():
    answers = list(RefresherAnswer.objects.values_list("days_since_course", "correct"))
    return retention_curve(answers, period_days=14)


def test_erasure_keeps_the_report_and_retention_figures_identical(client_org, provider_admin):
    engagement, held = _answered_course(client_org)
    before = impact_report_data(engagements=[engagement])
    curve = _curve()
    person_erase(staff_member=held.person, erased_by=provider_admin)
    assert impact_report_data(engagements=[engagement]) == before
    assert _curve() == curve


def test_erasure_removes_what_identifies_the_person(client_org, provider_admin):
    _engagement, held = _answered_course(client_org)
    erasure = person_erase(staff_member=held.person, erased_by=provider_admin)
    person = StaffMember.objects.get(pk=held.person.pk)
    label = f"{ERASED_LABEL} {erasure.reference}"
    assert (person.full_name, person.email, person.employee_number) == (label, "", "")
    assert person.is_archived
    # Kept for group figures.
    assert (person.role, person.team) == ("Staff Nurse", "Ward 7")
    assert not HealthScreening.objects.filter(enrolment__staff_member=person).exists()
    assert AttendeeLink.objects.get(pk=held.link.pk).revoked_at is not None
    assert RefresherPreference.objects.get(staff_member=person).opted_out_at is not None
    assert Attendance.objects.get(enrolment=held.enrolment).note == ""
    certificate = Certificate.objects.get(pk=held.certificate.pk)
    assert certificate.holder_name == label
    assert not certificate.pdf
    assert certificate_verification(certificate).holder == label


def test_the_verify_page_shows_the_certificate_as_erased(client, client_org, provider_admin):
    _engagement, held = _answered_course(client_org)
    erasure = person_erase(staff_member=held.person, erased_by=provider_admin)
    page = client.get(reverse("verify:certificate", args=[held.certificate.code]))
    text = page.content.decode()
    assert f"{ERASED_LABEL} {erasure.reference}" in text
    assert "Smith" not in text


def test_the_audit_log_no_longer_names_the_person(client_org, provider_admin):
    _engagement, held = _answered_course(client_org)
    audit_log(actor=None, action="enrolment.outcome", obj=held.enrolment, organisation=client_org)
    erasure = person_erase(staff_member=held.person, erased_by=provider_admin)
    assert not AuditEntry.objects.filter(object_repr__contains="Smith").exists()
    update = AuditEntry.objects.get(action="staff_member.update")
    assert update.before == {"first_name": ERASED_VALUE, "team": "Ward 6"}
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.actor == provider_admin
    assert entry.after["reference"] == erasure.reference
    assert "Jane" not in str(entry.after)
    assert "Smith" not in entry.object_repr


def test_a_person_is_erased_once(client_org, provider_admin):
    _engagement, held = _answered_course(client_org)
    person_erase(staff_member=held.person, erased_by=provider_admin)
    with pytest.raises(ValidationError):
        person_erase(staff_member=held.person, erased_by=provider_admin)
    assert Erasure.objects.count() == 1


def test_compliance_counts_are_unchanged_but_the_person_leaves_the_list(client_org, provider_admin):
    _engagement, held = _answered_course(client_org)
    before = Certificate.objects.filter(organisation=client_org).count()
    person_erase(staff_member=held.person, erased_by=provider_admin)
    assert Certificate.objects.filter(organisation=client_org).count() == before
    assert not StaffMember.objects.current().filter(pk=held.person.pk).exists()


def test_the_page_asks_for_the_name_typed_in_full(client, client_org, client_admin):
    held = person_with_everything(client_org)
    client.force_login(client_admin)
    url = reverse("privacy:erase", args=[held.person.pk])
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"confirm_name": "Jane Smyth"})
    assert wrong.status_code == 400
    assert "Type the name exactly" in wrong.content.decode()
    assert not Erasure.objects.exists()
    right = client.post(url, {"confirm_name": "  jane   SMITH "})
    assert right.status_code == 302
    assert Erasure.objects.get().erased_by == client_admin
    # Erased: the erase page sends people back to the person's page.
    assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_client_admin", 404), ("client_manager", 403), ("advisor", 403), ("trainer", 403)],
)
def test_nobody_else_may_erase(client, client_org, request, persona, status):
    held = person_with_everything(client_org)
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("privacy:erase", args=[held.person.pk]), {"confirm_name": "Jane Smith"}
    )
    assert response.status_code == status
    assert not Erasure.objects.exists()


def test_the_command_checks_the_name(client_org):
    held = person_with_everything(client_org)
    with pytest.raises(SystemExit):
        call_command(
            "erase_person", "--staff-member", str(held.person.pk), "--confirm-name", "Jane",
            stderr=io.StringIO(),
        )  # fmt: skip
    assert not Erasure.objects.exists()
    out = io.StringIO()
    call_command(
        "erase_person", "--staff-member", str(held.person.pk), "--confirm-name", "Jane Smith",
        stdout=out,
    )  # fmt: skip
    assert Erasure.objects.get().reference in out.getvalue()
