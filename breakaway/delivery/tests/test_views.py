import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from breakaway.accounts.models import Site
from breakaway.core.models import AuditEntry
from breakaway.delivery.models import StaffImport, StaffMember, TrainingRequirement
from breakaway.delivery.tests import staff_fixtures as fx
from breakaway.delivery.tests.factories import StaffMemberFactory, TrainingRequirementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, client_manager):
    client.force_login(client_manager)
    return client


def staff_url(organisation, **query):
    url = reverse("delivery:staff_list", args=[organisation.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_an_empty_staff_list_points_to_the_import(signed_in, client_org):
    response = signed_in.get(staff_url(client_org))
    assert b"Your staff list is empty" in response.content
    assert reverse("delivery:staff_upload", args=[client_org.slug]).encode() in response.content


def test_the_staff_list_takes_the_same_queries_however_long_it_is(
    signed_in, client_org, django_assert_num_queries
):
    site = Site.objects.create(organisation=client_org, name="Riverside Hospital")
    StaffMemberFactory.create_batch(3, organisation=client_org, site=site)
    with django_assert_num_queries(10) as few:
        signed_in.get(staff_url(client_org))
    StaffMemberFactory.create_batch(60, organisation=client_org, site=site)
    with django_assert_num_queries(len(few.captured_queries)):
        response = signed_in.get(staff_url(client_org))
    assert response.status_code == 200
    assert b"63 people" in response.content


def test_the_staff_list_searches_and_filters(signed_in, client_org):
    StaffMemberFactory(organisation=client_org, first_name="Jane", last_name="Smith", team="Ward A")
    StaffMemberFactory(organisation=client_org, first_name="Bob", last_name="Jones", team="Estates")
    response = signed_in.get(staff_url(client_org, q="smi"))
    assert list(response.context["people"]) == [StaffMember.objects.get(first_name="Jane")]
    response = signed_in.get(staff_url(client_org, team="Estates"))
    assert [p.first_name for p in response.context["people"]] == ["Bob"]


def test_archived_people_are_shown_only_when_asked(signed_in, client_org):
    StaffMemberFactory(organisation=client_org, first_name="Gone", archived_at="2026-01-01T09:00Z")
    StaffMemberFactory(organisation=client_org, first_name="Here")
    current = signed_in.get(staff_url(client_org))
    assert [p.first_name for p in current.context["people"]] == ["Here"]
    archived = signed_in.get(staff_url(client_org, archived="on"))
    assert [p.first_name for p in archived.context["people"]] == ["Gone"]


def test_another_clients_staff_are_not_found(client, other_client_admin, client_org):
    person = StaffMemberFactory(organisation=client_org)
    client.force_login(other_client_admin)
    assert client.get(staff_url(client_org)).status_code == 404
    assert client.get(reverse("delivery:staff_edit", args=[person.pk])).status_code == 404
    assert client.post(reverse("delivery:staff_archive", args=[person.pk])).status_code == 404


def test_a_person_is_added_by_hand_with_uk_dates(signed_in, client_org):
    site = Site.objects.create(organisation=client_org, name="Oakfield Unit")
    response = signed_in.post(
        reverse("delivery:staff_add", args=[client_org.slug]),
        {"first_name": "Jane", "last_name": "Smith", "email": "Jane@Example.org",
         "site": site.pk, "start_date": "27/11/2024", "role": "Staff Nurse"},
    )  # fmt: skip
    assert response.status_code == 302
    jane = StaffMember.objects.get()
    assert jane.email == "jane@example.org"
    assert jane.site_name == "Oakfield Unit"
    assert str(jane.start_date) == "2024-11-27"
    assert jane.role_key == "staff nurse"
    assert AuditEntry.objects.filter(action="staff_member.create").exists()


def test_adding_a_person_without_a_name_shows_the_error(signed_in, client_org):
    response = signed_in.post(reverse("delivery:staff_add", args=[client_org.slug]), {})
    assert response.status_code == 400
    assert b"Enter the person" in response.content
    assert b"error-summary" in response.content


def test_an_employee_number_already_used_is_refused(signed_in, client_org):
    StaffMemberFactory(organisation=client_org, employee_number="123")
    response = signed_in.post(
        reverse("delivery:staff_add", args=[client_org.slug]),
        {"first_name": "Bob", "employee_number": "123"},
    )
    assert response.status_code == 400
    assert b"Someone else on your staff list has this employee number" in response.content


def test_a_person_is_changed_archived_and_restored(signed_in, client_org):
    person = StaffMemberFactory(organisation=client_org, first_name="Jane")
    response = signed_in.post(
        reverse("delivery:staff_edit", args=[person.pk]),
        {"first_name": "Janet", "last_name": person.last_name, "employee_number": "77"},
    )
    assert response.status_code == 302
    signed_in.post(reverse("delivery:staff_archive", args=[person.pk]))
    person.refresh_from_db()
    assert person.first_name == "Janet"
    assert person.archive_reason == "by_hand"
    signed_in.post(reverse("delivery:staff_restore", args=[person.pk]))
    person.refresh_from_db()
    assert person.archived_at is None


def test_upload_preview_and_confirm(signed_in, client_org, tmp_path):
    path = fx.esr_csv(tmp_path)
    upload = SimpleUploadedFile("esr.csv", path.read_bytes(), "text/csv")
    response = signed_in.post(
        reverse("delivery:staff_upload", args=[client_org.slug]), {"file": upload}
    )
    record = StaffImport.objects.get()
    assert response.url == reverse("delivery:staff_import_detail", args=[record.pk])
    preview = signed_in.get(response.url)
    assert b"Check what the import will do" in preview.content
    assert preview.context["preview"].created == 4
    assert not StaffMember.objects.exists()
    signed_in.post(response.url)
    record.refresh_from_db()
    assert record.status == "done"
    assert record.created == 4
    assert not record.file
    assert StaffMember.objects.count() == 4
    done = signed_in.get(response.url)
    assert b"Staff list imported" in done.content


def test_a_preview_lists_rows_with_errors_and_can_skip_them(signed_in, client_org, tmp_path):
    rows = [*fx.ESR_ROWS, ["", "Nobody", "", "bad@", "Porter", "", "", "", ""]]
    upload = SimpleUploadedFile("esr.csv", fx.esr_csv(tmp_path, rows).read_bytes(), "text/csv")
    url = signed_in.post(
        reverse("delivery:staff_upload", args=[client_org.slug]), {"file": upload}
    ).url
    preview = signed_in.get(url)
    assert b"bad@" in preview.content
    assert b"Email Address" in preview.content
    assert signed_in.post(url, {}).status_code == 400  # must choose what to do
    signed_in.post(url, {"on_errors": "skip"})
    assert StaffMember.objects.count() == 4


def test_a_file_that_is_not_a_staff_list_is_refused_at_upload(signed_in, client_org):
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 hello", "application/pdf")
    response = signed_in.post(
        reverse("delivery:staff_upload", args=[client_org.slug]), {"file": upload}
    )
    assert response.status_code == 400
    assert b"PDF" in response.content
    assert not StaffImport.objects.exists()


def test_the_matrix_adds_changes_and_removes_lines(signed_in, client_org):
    url = reverse("delivery:matrix", args=[client_org.slug])
    response = signed_in.post(
        url, {"role": "Staff  Nurse", "course_name": "Breakaway", "refresher_months": 12}
    )
    assert response.status_code == 302
    line = TrainingRequirement.objects.get()
    assert line.role == "Staff Nurse"
    assert line.role_key == "staff nurse"
    again = signed_in.post(
        url, {"role": "staff nurse", "course_name": "Breakaway", "refresher_months": 6}
    )
    assert again.status_code == 400
    assert b"already needs this course" in again.content
    signed_in.post(
        reverse("delivery:matrix_edit", args=[line.pk]),
        {"role": "", "course_name": "Breakaway", "refresher_months": 24},
    )
    line.refresh_from_db()
    assert line.refresher_months == 24
    assert str(line) == "Everyone: Breakaway"
    signed_in.post(reverse("delivery:matrix_delete", args=[line.pk]))
    assert not TrainingRequirement.objects.exists()


def test_another_clients_matrix_is_not_found(client, other_client_admin, client_org):
    line = TrainingRequirementFactory(organisation=client_org)
    client.force_login(other_client_admin)
    assert client.get(reverse("delivery:matrix_edit", args=[line.pk])).status_code == 404


def test_the_organisation_page_links_to_the_staff_list(signed_in, client_org):
    response = signed_in.get(reverse("portal:organisation_detail", args=[client_org.slug]))
    assert reverse("delivery:staff_list", args=[client_org.slug]).encode() in response.content
