import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from breakaway.core.models import AuditEntry
from breakaway.core.tests.pdf_text import pdf_text
from breakaway.delivery.certificate_codes import code_display, code_is_valid
from breakaway.delivery.certificate_services import (
    certificate_from_download_token,
    certificate_revoke,
    certificates_issue,
    download_token,
)
from breakaway.delivery.models import Certificate, Enrolment, TrainingRequirement
from breakaway.delivery.tests.certificate_fixtures import enrol, make_design, make_engagement
from breakaway.delivery.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2026, 1, 31)
TODAY = datetime.date(2026, 2, 2)


@pytest.fixture
def course(client_org):
    """A two-day course that ended on 31 January with three people: two completed it."""
    design = make_design(client_org)
    engagement = make_engagement(
        client_org, days=[datetime.date(2026, 1, 30), LAST_DAY], design=design
    )
    nurse = StaffMemberFactory(
        organisation=client_org, first_name="Jane", last_name="Smith", role="Staff Nurse"
    )
    porter = StaffMemberFactory(
        organisation=client_org, first_name="Raj", last_name="Patel", role="Porter"
    )
    absent = StaffMemberFactory(organisation=client_org, first_name="Ann", last_name="Lee")
    enrol(engagement, nurse)
    enrol(engagement, porter)
    enrol(engagement, absent, outcome=Enrolment.Outcome.DID_NOT_ATTEND)
    return {"engagement": engagement, "design": design, "nurse": nurse, "porter": porter}


def test_issue_certifies_only_those_who_completed(course, provider_admin):
    issued = certificates_issue(
        engagement=course["engagement"], issued_by=provider_admin, today=TODAY
    )
    assert {c.staff_member for c in issued} == {course["nurse"], course["porter"]}
    assert all(code_is_valid(c.code) for c in issued)
    assert all(c.completed_on == LAST_DAY for c in issued)
    assert all(c.pdf for c in issued)


def test_issue_twice_issues_nothing_more(course, provider_admin):
    certificates_issue(engagement=course["engagement"], issued_by=provider_admin, today=TODAY)
    again = certificates_issue(
        engagement=course["engagement"], issued_by=provider_admin, today=TODAY
    )
    assert again == []
    assert Certificate.objects.count() == 2


def test_expiry_uses_the_matrix_refresher_for_the_role_at_month_end(course, client_org):
    TrainingRequirement.objects.create(
        organisation=client_org,
        role="Staff Nurse",
        course_name="Breakaway for nurses",
        course_design=course["design"],
        refresher_months=1,
    )
    certificates_issue(engagement=course["engagement"], issued_by=None, today=TODAY)
    nurse = Certificate.objects.get(staff_member=course["nurse"])
    porter = Certificate.objects.get(staff_member=course["porter"])
    # 31 January + 1 month: the last day of February.
    assert nurse.expires_on == datetime.date(2026, 2, 28)
    assert nurse.course_name == "Breakaway for nurses"
    # No line of the matrix for porters: 12 months, and the design's own name.
    assert porter.expires_on == datetime.date(2027, 1, 31)
    assert porter.course_name == "Personal safety and breakaway (1 day)"


def test_the_shortest_refresher_wins_when_two_lines_apply(course, client_org):
    for role, months in (("Staff Nurse", 24), ("", 6)):
        TrainingRequirement.objects.create(
            organisation=client_org,
            role=role,
            course_name=f"Breakaway {months}",
            course_design=course["design"],
            refresher_months=months,
        )
    certificates_issue(engagement=course["engagement"], issued_by=None, today=TODAY)
    assert Certificate.objects.get(staff_member=course["nurse"]).expires_on == datetime.date(
        2026, 7, 31
    )


def test_issue_refuses_before_the_last_day(course):
    with pytest.raises(ValidationError):
        certificates_issue(
            engagement=course["engagement"], issued_by=None, today=datetime.date(2026, 1, 30)
        )
    assert not Certificate.objects.exists()


def test_issue_emails_each_person_their_link(
    course, provider_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issued = certificates_issue(
            engagement=course["engagement"], issued_by=provider_admin, today=TODAY
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [course["nurse"].email, course["porter"].email]
    )
    nurse = next(c for c in issued if c.staff_member == course["nurse"])
    message = next(m for m in mail.outbox if m.to == [course["nurse"].email])
    assert download_token(nurse) in message.body
    assert f"/verify/{nurse.code}" in message.body


def test_issue_is_audited(course, provider_admin):
    certificates_issue(engagement=course["engagement"], issued_by=provider_admin, today=TODAY)
    assert AuditEntry.objects.filter(action="certificate.issue", actor=provider_admin).count() == 2


def test_the_pdf_carries_name_course_dates_provider_and_code(course, provider):
    certificates_issue(engagement=course["engagement"], issued_by=None, today=TODAY)
    certificate = Certificate.objects.get(staff_member=course["nurse"])
    with certificate.pdf.open("rb") as stored:
        text = " ".join(pdf_text(stored.read()).split())
    assert "Jane Smith" in text
    assert "Personal safety and breakaway (1 day)" in text
    assert "31 January 2026" in text
    assert "31 January 2027" in text
    assert provider.name in text
    assert code_display(certificate.code) in text
    assert f"/verify/{certificate.code}" in text


def test_download_token_opens_only_its_own_certificate(course):
    issued = certificates_issue(engagement=course["engagement"], issued_by=None, today=TODAY)
    token = download_token(issued[0])
    assert certificate_from_download_token(token) == issued[0]
    assert certificate_from_download_token(issued[1].code) is None
    assert certificate_from_download_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None


def test_revoke_needs_a_reason_and_is_audited(course, provider_admin):
    certificate = certificates_issue(engagement=course["engagement"], issued_by=None, today=TODAY)[
        0
    ]
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, reason="  ", revoked_by=provider_admin)
    certificate_revoke(certificate=certificate, reason="Issued in error", revoked_by=provider_admin)
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoked_by == provider_admin
    entry = AuditEntry.objects.get(action="certificate.revoke")
    assert entry.before["revoked_at"] is None
    assert entry.after["revoked_reason"] == "Issued in error"
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, reason="Again", revoked_by=provider_admin)
