"""A client administrator uploads an ugly export, checks the columns and the preview, skips the
row with an error and sees what the import did."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.assessments.import_job_services import import_job_upload
from breakaway.assessments.incident_services import import_job_run
from breakaway.assessments.models import Incident, IncidentImport
from breakaway.assessments.tests.test_incident_views import INVALID_ROW, MAPPING, ugly_export

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _sign_in(page, email):
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login"))))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()


@pytest.fixture
def admin(client_org):
    return UserFactory(
        email="priya.shah@riverside.example",
        full_name="Priya Shah",
        membership__organisation=client_org,
        membership__role=Role.CLIENT_ADMIN,
    )


def test_a_client_admin_imports_an_ugly_export_and_skips_the_row_with_an_error(
    live_server, desktop, assert_accessible, client_org, admin
):
    page = desktop
    page.goto(live_server.url + reverse("portal:organisation_detail", args=[client_org.slug]))
    _sign_in(page, admin.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text(client_org.name)
    assert_accessible(page)

    # Step 1: the upload.
    page.get_by_role("link", name="Upload incident data").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Upload your incident records")
    expect(page.get_by_label("Keep the free-text descriptions")).not_to_be_checked()
    assert_accessible(page)
    page.get_by_label("Upload your incident records").set_input_files(
        files=[{"name": "february.csv", "mimeType": "text/csv", "buffer": ugly_export()}]
    )
    page.get_by_role("button", name="Upload and check the columns").click()

    # Step 2: the columns, proposed from the headers below the report's title.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check which column holds what")
    expect(page.get_by_role("combobox", name=re.compile("^Date of the incident"))).to_have_value(
        "Date of incident"
    )
    expect(page.get_by_role("combobox", name=re.compile("^Time of the incident"))).to_have_value(
        "Time"
    )
    expect(page.get_by_role("cell", name="RMH-1001")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue to the preview").click()

    # Step 3: the preview, with the error's row, column and value.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the rows before")
    errors = page.get_by_role("region", name="Rows with errors")
    expect(
        errors.get_by_role("row", name=re.compile(rf"^{INVALID_ROW} Date of incident"))
    ).to_contain_text("31/02/2026 is not a date")
    rows = page.get_by_role("region", name="The rows as we read them")
    invalid = rows.get_by_role("row", name=re.compile(rf"^{INVALID_ROW} Has errors"))
    expect(invalid).to_contain_text("Error 31/02/2026 22:00")
    assert_accessible(page)
    page.get_by_label("Import the valid rows and skip the rows with errors").check()
    page.get_by_role("button", name="Import about 8 incidents").click()

    # Step 4: the import ran at once (tests run tasks immediately): what happened, what next.
    expect(page.get_by_role("heading", level=1)).to_have_text("Import complete")
    expect(page.get_by_text("7 incidents imported")).to_be_visible()
    summary = page.locator(".summary-list").first
    expect(summary.get_by_role("definition").nth(1)).to_have_text("7")
    expect(summary.get_by_role("definition").nth(3)).to_have_text("1")
    expect(
        page.get_by_role("link", name="Download the errors as a spreadsheet (CSV)")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Tell us what the values mean")).to_be_visible()
    expect(page.get_by_role("link", name="Go back to the needs assessment")).to_be_visible()
    assert_accessible(page)

    job = IncidentImport.objects.get()
    assert job.status == IncidentImport.Status.DONE
    assert Incident.objects.filter(organisation=client_org).count() == 7


def test_the_upload_page_works_on_a_phone(live_server, phone, assert_accessible, client_org, admin):
    phone.goto(live_server.url + reverse("assessments:incident_upload", args=[client_org.slug]))
    _sign_in(phone, admin.email)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Upload your incident records")
    expect(phone.get_by_label("Upload your incident records")).to_be_visible()
    assert_accessible(phone)
    # An empty form is explained in the error summary, which links to the field.
    phone.get_by_role("button", name="Upload and check the columns").click()
    summary = phone.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name="Choose the file with your incident records")
    ).to_have_attribute("href", "#id_file")
    assert_accessible(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_the_progress_page_updates_itself_until_the_import_is_done(
    live_server, desktop, assert_accessible, client_org, admin
):
    job = import_job_upload(
        organisation=client_org,
        upload=SimpleUploadedFile("february.csv", ugly_export()),
        keep_descriptions=False,
        created_by=admin,
    )
    IncidentImport.objects.filter(pk=job.pk).update(
        mapping=MAPPING, skip_invalid=True, status=IncidentImport.Status.RUNNING, rows_total=9
    )
    desktop.goto(live_server.url + reverse("assessments:incident_import_detail", args=[job.pk]))
    _sign_in(desktop, admin.email)
    label = desktop.locator(".progress__label")
    expect(label).to_have_text("0 of about 9 rows checked")
    assert_accessible(desktop)

    # The worker reports progress; the page shows it without being reloaded by hand.
    IncidentImport.objects.filter(pk=job.pk).update(rows_done=4)
    expect(label).to_have_text("4 of about 9 rows checked")

    # When the import finishes, the page becomes the confirmation.
    import_job_run(job=IncidentImport.objects.get(pk=job.pk))
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Import complete")
    expect(desktop.get_by_text("7 incidents imported")).to_be_visible()
    assert_accessible(desktop)
