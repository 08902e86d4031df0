import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.core.models import AuditEntry
from breakaway.delivery.certificate_codes import code_display
from breakaway.delivery.certificate_services import download_token
from breakaway.delivery.models import Certificate, TrainingRequirement
from breakaway.delivery.tests.certificate_fixtures import (
    enrol,
    make_certificate,
    make_design,
    make_engagement,
)
from breakaway.delivery.tests.factories import StaffMemberFactory
from breakaway.enquiries.models import Enquiry

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client_org):
    return StaffMemberFactory(
        organisation=client_org,
        first_name="Jane",
        last_name="Smith",
        email="jane.smith@example.org",
        employee_number="99887766",
    )


@pytest.fixture
def certificate(person):
    today = timezone.localdate()
    return make_certificate(person, completed_on=today - datetime.timedelta(days=30))


def _verify(client, code):
    return client.get(reverse("verify:certificate", kwargs={"code": code}))


def test_verify_shows_a_valid_certificate_with_the_name_initialled(client, certificate, provider):
    response = _verify(client, certificate.code)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This certificate is valid" in page
    assert "J. Smith" in page
    assert "Jane" not in page
    assert "jane.smith@example.org" not in page
    assert "99887766" not in page
    assert certificate.course_name in page
    assert provider.name in page


def test_verify_takes_codes_as_people_type_them(client, certificate):
    typed = code_display(certificate.code).lower().replace("0", "o").replace("1", "l")
    assert _verify(client, typed).status_code == 200


def test_verify_says_expired_and_revoked(client, person):
    expired = make_certificate(
        person,
        completed_on=datetime.date(2020, 1, 1),
        expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    revoked = make_certificate(person, completed_on=timezone.localdate(), revoked=True)
    assert "has expired" in _verify(client, expired.code).content.decode()
    assert "has been revoked" in _verify(client, revoked.code).content.decode()


def test_an_unknown_code_is_404(client, certificate):
    assert _verify(client, "ZZZZZZZZZZZZ").status_code == 404
    assert _verify(client, "not-a-code").status_code == 404


@override_settings(BREAKAWAY_VERIFY_RATE_LIMIT=3)
def test_verification_is_rate_limited_per_address(client, certificate):
    for _ in range(3):
        assert _verify(client, certificate.code).status_code == 200
    response = _verify(client, certificate.code)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    api = client.get(f"/api/v1/certificates/{certificate.code}")
    assert api.status_code == 429
    assert int(api["Retry-After"]) > 0
    other = client.get(
        reverse("verify:certificate", kwargs={"code": certificate.code}),
        REMOTE_ADDR="192.0.2.7",
    )
    assert other.status_code == 200


@override_settings(BREAKAWAY_VERIFY_RATE_LIMIT=2, BREAKAWAY_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_limit_counts_each_visitor_not_the_proxy(client, certificate):
    """Every request reaches us from the proxy's address; the visitor's is the one it adds."""
    url = reverse("verify:certificate", kwargs={"code": certificate.code})

    def visit(visitor):
        return client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=visitor)

    assert [visit("203.0.113.5").status_code for _ in range(3)] == [200, 200, 429]
    assert visit("198.51.100.7").status_code == 200


def test_the_api_twin_gives_the_same_without_personal_details(client, certificate):
    response = client.get(f"/api/v1/certificates/{certificate.code.lower()}")
    assert response.status_code == 200
    body = response.json()
    assert body["holder"] == "J. Smith"
    assert body["status"] == "valid"
    assert body["valid"] is True
    assert body["expires_on"] == certificate.expires_on.isoformat()
    text = response.content.decode()
    assert "jane.smith@example.org" not in text
    assert "99887766" not in text
    assert "email" not in body
    assert "employee_number" not in body
    assert client.get("/api/v1/certificates/ZZZZZZZZZZZZ").status_code == 404


def test_the_form_sends_a_typed_code_to_its_page(client, certificate):
    response = client.get(reverse("verify:form"), {"code": code_display(certificate.code)})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.code}"
    assert client.get(reverse("verify:form"), {"code": "abc"}).status_code == 400


def test_a_trainer_on_the_course_issues_its_certificates(
    client, client_org, trainer, person, django_capture_on_commit_callbacks
):
    engagement = make_engagement(
        client_org,
        days=[timezone.localdate() - datetime.timedelta(days=1)],
        trainer_user=trainer,
    )
    enrol(engagement, person)
    client.force_login(trainer)
    page = client.get(reverse("delivery:certificate_engagement", kwargs={"pk": engagement.pk}))
    assert page.status_code == 200
    assert "Issue 1 certificate" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("delivery:certificate_issue", kwargs={"pk": engagement.pk}))
    assert response.status_code == 302
    certificate = Certificate.objects.get(staff_member=person)
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert (
        client.get(reverse("delivery:certificate_pdf", kwargs={"pk": certificate.pk})).headers[
            "Content-Type"
        ]
        == "application/pdf"
    )


def test_another_trainer_cannot_see_the_course(client, client_org, person):
    other = UserFactory(membership__organisation=client_org.provider, membership__role=Role.TRAINER)
    engagement = make_engagement(client_org, days=[timezone.localdate()])
    client.force_login(other)
    url = reverse("delivery:certificate_engagement", kwargs={"pk": engagement.pk})
    assert client.get(url).status_code == 404


def test_the_holder_downloads_with_the_signed_link_only(client, certificate):
    url = reverse("delivery:certificate_download", kwargs={"token": download_token(certificate)})
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    forged = reverse("delivery:certificate_download", kwargs={"token": f"{certificate.code}:x"})
    assert client.get(forged).status_code == 404


def test_a_provider_admin_revokes_with_a_reason(client, certificate, provider_admin):
    client.force_login(provider_admin)
    url = reverse("delivery:certificate_revoke", kwargs={"pk": certificate.pk})
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Issued in error"}).status_code == 302
    assert AuditEntry.objects.filter(action="certificate.revoke").exists()
    assert "has been revoked" in _verify(client, certificate.code).content.decode()


def test_the_compliance_page_counts_and_exports(client, client_org, client_manager, certificate):
    TrainingRequirement.objects.create(
        organisation=client_org, role="Staff Nurse", course_name=certificate.course_name
    )
    StaffMemberFactory(organisation=client_org, first_name="Neve", last_name="Trained")
    client.force_login(client_manager)
    page = client.get(reverse("delivery:compliance", kwargs={"slug": client_org.slug}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Jane Smith" in text
    assert "Neve Trained" in text
    csv = client.get(
        reverse("delivery:compliance_export", kwargs={"slug": client_org.slug, "fmt": "csv"}),
        {"status": "never"},
    )
    assert csv["Content-Disposition"].startswith("attachment;")
    body = csv.content.decode()
    assert "Neve Trained" in body
    assert "Jane Smith" not in body
    xlsx = client.get(
        reverse("delivery:compliance_export", kwargs={"slug": client_org.slug, "fmt": "xlsx"})
    )
    assert xlsx.content.startswith(b"PK")
    bad = reverse("delivery:compliance_export", kwargs={"slug": client_org.slug, "fmt": "pdf"})
    assert client.get(bad).status_code == 404


def test_book_a_refresher_starts_an_enquiry_for_the_client(
    client, client_org, client_admin, advisor, certificate, django_capture_on_commit_callbacks
):
    design = make_design(client_org)
    TrainingRequirement.objects.create(
        organisation=client_org, role="Staff Nurse", course_name="Breakaway", course_design=design
    )
    due = StaffMemberFactory(organisation=client_org, first_name="Dee", last_name="Due")
    client.force_login(client_admin)
    url = reverse("delivery:compliance_refresher", kwargs={"slug": client_org.slug})
    form = client.get(url, {"course": "Breakaway"})
    assert form.status_code == 200
    assert "Dee Due" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url + "?course=Breakaway",
            {"course": "Breakaway", "people": [due.pk], "preferred_dates": "March"},
        )
    assert response.status_code == 302
    enquiry = Enquiry.objects.get(client=client_org)
    assert enquiry.headcount == 1
    assert "Dee Due" in enquiry.message
    assert enquiry.email == client_admin.email
    assert any(advisor.email in m.to for m in mail.outbox)
