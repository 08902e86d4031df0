"""The incident import pages: upload → columns → preview → import → what happened, the list of
imports and the value review."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from breakaway.assessments import taxonomy
from breakaway.assessments.import_job_services import import_job_start
from breakaway.assessments.incident_services import import_job_run
from breakaway.assessments.models import Incident, IncidentImport, ValueMapping
from breakaway.assessments.tests.incident_factories import IncidentFactory
from breakaway.assessments.tests.incident_fixtures import csv_text, xlsx_real_datetimes

pytestmark = pytest.mark.django_db

HEADERS = ["Incident ID", "Date of incident", "Time", "Ward", "Category", "Harm", "Perpetrator"]
INCIDENTS = [
    ["RMH-1001", "03/02/2026", "14:30", "Ward 3 corridor", "Physical assault", "Low", "Patient"],
    ["RMH-1002", "04/02/2026", "09:15", "Day room", "Verbal abuse", "No harm", "Patient"],
    ["RMH-1003", "31/02/2026", "22:00", "Bedroom 4", "Physical assault", "Moderate", "Patient"],
    ["RMH-1004", "06/02/2026", "", "Reception", "Threatening behaviour", "None", "Visitor"],
    ["RMH-1005", "07/02/2026", "03:40", "Seclusion room", "Fisticuffs", "Low", "Patient"],
    ["RMH-1006", "10/02/2026", "18:05", "Car park", "Verbal abuse", "No harm", "Relative"],
    ["RMH-1007", "12/02/2026", "11:00", "Ward 3 corridor", "Physical assault", "Severe", "Patient"],
    ["RMH-1008", "15/02/2026", "16:20", "Garden", "Verbal abuse", "Low", "Patient"],
]
# A report title above the header and a total below the data, as real exports have.
EXPORT_ROWS = [
    ["Riverside Mental Health NHS Trust: incidents reported in February 2026"],
    [],
    HEADERS,
    *INCIDENTS,
    [],
    ["Total incidents: 8"],
]
INVALID_ROW = 6  # RMH-1003, as the spreadsheet numbers it
MAPPING = {
    "reference": "Incident ID",
    "occurred_on": "Date of incident",
    "occurred_time": "Time",
    "location": "Ward",
    "category": "Category",
    "harm": "Harm",
    "perpetrator_type": "Perpetrator",
}


def ugly_export(rows=EXPORT_ROWS) -> bytes:
    """A CSV as an incident system exports it: a title row, 8 incidents (one with 31 February),
    a blank line and a total."""
    return csv_text(rows).encode("utf-8")


def _url(name, **kwargs):
    return reverse(f"assessments:{name}", kwargs=kwargs)


def _upload(client, organisation, name="february.csv", data=None, **extra):
    file = SimpleUploadedFile(name, ugly_export() if data is None else data)
    return client.post(_url("incident_upload", slug=organisation.slug), {"file": file, **extra})


@pytest.fixture
def uploaded(client, client_admin, client_org) -> IncidentImport:
    client.force_login(client_admin)
    _upload(client, client_org)
    return IncidentImport.objects.get()


@pytest.fixture
def mapped(client, uploaded) -> IncidentImport:
    client.post(_url("incident_mapping", pk=uploaded.pk), MAPPING)
    uploaded.refresh_from_db()
    return uploaded


def _confirm(client, job, on_errors, capture):
    with capture(execute=True):
        response = client.post(_url("incident_preview", pk=job.pk), {"on_errors": on_errors})
    job.refresh_from_db()
    return response


# Upload


def test_the_upload_page_explains_which_files_work_and_what_descriptions_risk(
    client, client_admin, client_org
):
    client.force_login(client_admin)
    response = client.get(_url("incident_upload", slug=client_org.slug))
    assert response.status_code == 200
    page = response.content.decode()
    assert "CSV" in page
    assert "Two years of incidents" in page
    assert "Keep the free-text descriptions" in page
    assert "can name patients" in page
    assert 'enctype="multipart/form-data"' in page
    [checkbox] = re.findall(r"<input[^>]*name=\"keep_descriptions\"[^>]*>", page)
    assert "checked" not in checkbox


def test_an_upload_is_kept_unstarted_and_goes_on_to_the_columns(client, client_admin, client_org):
    client.force_login(client_admin)
    response = _upload(client, client_org, keep_descriptions="on")
    job = IncidentImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("incident_mapping", pk=job.pk)
    assert job.status == IncidentImport.Status.UPLOADED
    assert job.organisation == client_org
    assert job.created_by == client_admin
    assert job.keep_descriptions is True
    assert job.rows_total >= 8  # the reader's estimate of the rows, for the progress bar
    assert Incident.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_upload_page_and_nothing_is_kept(
    client, client_admin, client_org
):
    client.force_login(client_admin)
    response = _upload(client, client_org, name="minutes-refused.pdf", data=b"%PDF-1.7\n%\xe2\xe3")
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "“minutes-refused.pdf” is a PDF document, not a spreadsheet" in page
    assert 'href="#id_file"' in page
    assert IncidentImport.objects.count() == 0
    folder = f"incident-imports/{timezone.now():%Y/%m}"
    assert not default_storage.exists(f"{folder}/minutes-refused.pdf")


def test_the_upload_asks_for_a_file(client, client_admin, client_org):
    client.force_login(client_admin)
    response = client.post(_url("incident_upload", slug=client_org.slug), {})
    assert response.status_code == 400
    assert "Choose the file with your incident records" in response.content.decode()


def test_a_file_over_200_mb_is_refused(client, client_admin, client_org, monkeypatch):
    monkeypatch.setattr("breakaway.assessments.forms_incidents.MAX_UPLOAD_BYTES", 100)
    client.force_login(client_admin)
    response = _upload(client, client_org)
    assert response.status_code == 400
    assert "the largest we can take is 200 MB" in response.content.decode()
    assert IncidentImport.objects.count() == 0


# Columns


def test_the_column_step_shows_the_headers_the_first_rows_and_the_proposed_columns(
    client, uploaded
):
    response = client.get(_url("incident_mapping", pk=uploaded.pk))
    assert response.status_code == 200
    page = response.content.decode()
    for header in HEADERS:
        assert f'<th scope="col">{header}</th>' in page
    assert "RMH-1001" in page
    assert "RMH-1005" in page
    assert "RMH-1006" not in page  # only the first 5 rows
    assert '<th scope="row" class="numeric">4</th>' in page  # rows as the spreadsheet numbers them
    form = response.context["form"]
    assert form["occurred_on"].initial == "Date of incident"
    assert form["occurred_time"].initial == "Time"
    assert form["reference"].initial == "Incident ID"
    assert "Not in this file" in page


def test_the_column_step_asks_for_the_date(client, uploaded):
    response = client.post(_url("incident_mapping", pk=uploaded.pk), {**MAPPING, "occurred_on": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_occurred_on"' in page
    assert "Choose the column that holds the date of the incident" in page
    uploaded.refresh_from_db()
    assert uploaded.mapping == {}


def test_the_column_step_refuses_one_column_for_two_fields(client, uploaded):
    response = client.post(_url("incident_mapping", pk=uploaded.pk), {**MAPPING, "site": "Ward"})
    assert response.status_code == 400
    assert "You chose “Ward” for site too" in response.content.decode()


def test_the_column_step_refuses_a_column_the_file_does_not_have(client, uploaded):
    response = client.post(
        _url("incident_mapping", pk=uploaded.pk), {**MAPPING, "site": "Hospital"}
    )
    assert response.status_code == 400
    assert "Choose one of the file" in response.content.decode()


def test_chosen_columns_are_kept_and_lead_to_the_preview(client, uploaded):
    response = client.post(_url("incident_mapping", pk=uploaded.pk), MAPPING)
    assert response.status_code == 302
    assert response["Location"] == _url("incident_preview", pk=uploaded.pk)
    uploaded.refresh_from_db()
    assert uploaded.mapping == MAPPING


# Preview


def test_the_preview_lists_every_error_with_its_row_column_and_value(client, mapped):
    response = client.get(_url("incident_preview", pk=mapped.pk))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview.valid, preview.rejected, preview.duplicates) == (7, 1, 0)
    assert preview.complete
    [error] = preview.errors
    assert (error.row, error.column, error.value) == (INVALID_ROW, "Date of incident", "31/02/2026")
    page = response.content.decode()
    assert "31/02/2026 is not a date" in page
    assert f'<th scope="row" class="numeric">{INVALID_ROW}</th>' in page
    assert "Has errors" in page
    # The cell in error says so in words, not only in colour.
    assert '<strong class="tag tag--red">Error</strong>' in page
    assert "Import about 8 incidents" in page


def test_the_preview_marks_repeated_references_and_values_we_do_not_recognise(
    client, client_admin, client_org
):
    rows = [HEADERS, *INCIDENTS[:2], ["RMH-1001", "05/02/2026", "10:00", "Day room"]]
    client.force_login(client_admin)
    _upload(client, client_org, data=csv_text(rows).encode())
    job = IncidentImport.objects.get()
    client.post(_url("incident_mapping", pk=job.pk), MAPPING)
    response = client.get(_url("incident_preview", pk=job.pk))
    page = response.content.decode()
    assert "Repeated" in page
    assert "Same reference as row 2: skipped" in page
    categories = next(v for v in response.context["preview"].values if v.field == "category")
    assert [(v.raw, v.code) for v in categories.values] == [
        ("Physical assault", "physical_assault"),
        ("Verbal abuse", "verbal_abuse"),
    ]


def test_the_preview_says_which_values_are_not_recognised(client, mapped):
    response = client.get(_url("incident_preview", pk=mapped.pk))
    categories = next(v for v in response.context["preview"].values if v.field == "category")
    assert categories.values[0].raw == "Fisticuffs"
    assert categories.values[0].code == ""
    assert "Not recognised" in response.content.decode()


def test_the_preview_uses_the_organisations_own_decisions(client, mapped, client_org):
    ValueMapping.objects.create(
        organisation=client_org, field="category", raw_value="fisticuffs", code="physical_assault"
    )
    response = client.get(_url("incident_preview", pk=mapped.pk))
    categories = next(v for v in response.context["preview"].values if v.field == "category")
    fisticuffs = next(v for v in categories.values if v.raw == "Fisticuffs")
    assert fisticuffs.code == "physical_assault"


def test_the_preview_reads_only_the_first_rows_of_a_long_file(client, client_admin, client_org):
    day = dt.date(2025, 1, 1)
    rows = [HEADERS] + [
        [f"L{n}", f"{day + dt.timedelta(days=n % 700):%d/%m/%Y}", "10:00", "Ward", "Verbal", "Low"]
        for n in range(3000)
    ]
    client.force_login(client_admin)
    _upload(client, client_org, data=csv_text(rows).encode())
    job = IncidentImport.objects.get()
    client.post(_url("incident_mapping", pk=job.pk), MAPPING)
    response = client.get(_url("incident_preview", pk=job.pk))
    preview = response.context["preview"]
    assert preview.checked == 200
    assert not preview.complete
    assert "We read the first 200 rows of about" in response.content.decode()


def test_the_preview_asks_for_the_columns_first(client, uploaded):
    response = client.get(_url("incident_preview", pk=uploaded.pk))
    assert response.status_code == 302
    assert response["Location"] == _url("incident_mapping", pk=uploaded.pk)


# Importing


def test_confirming_with_skip_queues_the_import_and_the_page_shows_what_happened(
    client, mapped, django_capture_on_commit_callbacks
):
    response = _confirm(client, mapped, "skip", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == _url("incident_import_detail", pk=mapped.pk)
    assert mapped.status == IncidentImport.Status.DONE
    assert mapped.skip_invalid is True
    assert Incident.objects.filter(organisation=mapped.organisation).count() == 7
    assert not Incident.objects.filter(reference="RMH-1003").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Import complete" in page
    assert "7 incidents imported" in page
    assert "31/02/2026 is not a date" in page
    assert _url("incident_import_rejects", pk=mapped.pk) in page
    assert "Values we did not recognise" in page
    assert "Fisticuffs" in page
    assert _url("incident_values", slug=mapped.organisation.slug) in page
    assert _url("assessment_start", slug=mapped.organisation.slug) in page


def test_stopping_on_errors_imports_nothing_and_then_the_valid_rows_can_be_imported(
    client, mapped, django_capture_on_commit_callbacks
):
    _confirm(client, mapped, "stop", django_capture_on_commit_callbacks)
    assert mapped.status == IncidentImport.Status.INVALID
    assert Incident.objects.count() == 0
    page = client.get(_url("incident_import_detail", pk=mapped.pk)).content.decode()
    assert "Nothing was imported" in page
    assert "1 row has errors, so no incidents were imported." in page
    assert "Fix the file and upload it again" in page
    assert "Import the 7 valid incidents and skip these rows" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("incident_import_skip_invalid", pk=mapped.pk))
    assert response["Location"] == _url("incident_import_detail", pk=mapped.pk)
    mapped.refresh_from_db()
    assert mapped.status == IncidentImport.Status.DONE
    assert mapped.skip_invalid is True
    assert mapped.result["imported"] == 7
    assert Incident.objects.count() == 7


def test_an_import_without_errors_to_skip_is_not_started_again(
    client, mapped, django_capture_on_commit_callbacks
):
    _confirm(client, mapped, "skip", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(_url("incident_import_skip_invalid", pk=mapped.pk))
        client.post(_url("incident_preview", pk=mapped.pk), {"on_errors": "skip"})
    assert callbacks == []
    assert Incident.objects.count() == 7
    response = client.get(_url("incident_mapping", pk=mapped.pk))
    assert response["Location"] == _url("incident_import_detail", pk=mapped.pk)


def test_the_progress_page_polls_while_the_import_runs_and_stops_when_it_is_done(client, mapped):
    import_job_start(job=mapped, skip_invalid=True, started_by=None)  # queued, not yet run
    url = _url("incident_import_detail", pk=mapped.pk)
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'aria-live="polite"' in page
    assert f"0 of about {mapped.rows_total} rows checked" in page
    assert f'href="{url}"' in page  # works without JavaScript

    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    assert "rows checked" in partial.content.decode()

    import_job_run(job=IncidentImport.objects.get(pk=mapped.pk))
    finished = client.get(url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    page = client.get(url).content.decode()
    assert "hx-trigger" not in page
    assert "Import complete" in page


def test_a_file_that_fails_during_the_import_says_why(client, mapped):
    IncidentImport.objects.filter(pk=mapped.pk).update(
        status=IncidentImport.Status.FAILED, result={"error": "The file ends half way."}
    )
    page = client.get(_url("incident_import_detail", pk=mapped.pk)).content.decode()
    assert "We could not import this file" in page
    assert "The file ends half way." in page


def test_columns_that_no_longer_fit_are_reported_with_a_way_back(client, mapped):
    IncidentImport.objects.filter(pk=mapped.pk).update(
        status=IncidentImport.Status.INVALID, result={"mapping_problems": ["No column “Date”."]}
    )
    page = client.get(_url("incident_import_detail", pk=mapped.pk)).content.decode()
    assert "No column “Date”." in page
    assert _url("incident_mapping", pk=mapped.pk) in page


def test_the_errors_download_as_a_spreadsheet_that_cannot_run_formulas(
    client, client_admin, client_org, django_capture_on_commit_callbacks
):
    rows = [HEADERS, INCIDENTS[0], ["RMH-2", "=1+2", "10:00", "Ward"], INCIDENTS[2]]
    client.force_login(client_admin)
    _upload(client, client_org, data=csv_text(rows).encode())
    job = IncidentImport.objects.get()
    client.post(_url("incident_mapping", pk=job.pk), MAPPING)
    _confirm(client, job, "skip", django_capture_on_commit_callbacks)
    response = client.get(_url("incident_import_rejects", pk=job.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Row", "Column", "Value", "What to fix"]
    assert [r[:3] for r in rows[1:]] == [
        ["3", "Date of incident", "'=1+2"],
        ["4", "Date of incident", "31/02/2026"],
    ]


# The list of imports


def _job(organisation, user, n):
    return IncidentImport.objects.create(
        organisation=organisation,
        file=f"incident-imports/{n}.csv",
        filename=f"export-{n}.csv",
        status=IncidentImport.Status.DONE,
        created_by=user,
        result={"rows": 10 + n, "imported": 8, "duplicates": 1, "rejected_rows": 1},
    )


def test_the_imports_are_listed_newest_first_with_their_counts(client, client_admin, client_org):
    _job(client_org, client_admin, 1)
    _job(client_org, client_admin, 2)
    client.force_login(client_admin)
    response = client.get(_url("incident_import_list", slug=client_org.slug))
    page = response.content.decode()
    assert page.index("export-2.csv") < page.index("export-1.csv")
    assert '<td class="numeric">12</td>' in page
    assert "Done" in page


def test_the_imports_list_takes_the_same_queries_for_3_or_30_imports(
    client, client_admin, client_org, django_assert_num_queries
):
    client.force_login(client_admin)
    url = _url("incident_import_list", slug=client_org.slug)
    for n in range(3):
        _job(client_org, client_admin, n)
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    for n in range(3, 30):
        _job(client_org, client_admin, n)
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("export-") == 30


# The value review


def test_the_value_review_lists_each_fields_values_with_counts_and_codes(
    client, client_admin, client_org
):
    IncidentFactory.create_batch(
        3, organisation=client_org, category_raw="Fisticuffs", category=taxonomy.UNRECOGNISED
    )
    IncidentFactory.create_batch(2, organisation=client_org)
    client.force_login(client_admin)
    response = client.get(_url("incident_values", slug=client_org.slug))
    assert response.status_code == 200
    [category] = [s for s in response.context["sections"] if s["field"] == "category"]
    assert [(r.raw, r.count, r.code) for r in category["values"].rows] == [
        ("Fisticuffs", 3, ""),
        ("Physical assault", 2, "physical_assault"),
    ]
    page = response.content.decode()
    assert "What “Fisticuffs” means" in page
    assert "Save the category values" in page


def test_saving_the_value_review_recodes_the_incidents(client, client_admin, client_org):
    IncidentFactory.create_batch(
        2, organisation=client_org, category_raw="Fisticuffs", category=taxonomy.UNRECOGNISED
    )
    IncidentFactory(organisation=client_org)
    client.force_login(client_admin)
    data = {
        "field": "category",
        "category-TOTAL_FORMS": "2",
        "category-INITIAL_FORMS": "2",
        "category-0-raw_value": "Fisticuffs",
        "category-0-was": "",
        "category-0-code": "physical_assault",
        "category-1-raw_value": "Physical assault",
        "category-1-was": "physical_assault",
        "category-1-code": "physical_assault",
    }
    response = client.post(_url("incident_values", slug=client_org.slug), data, follow=True)
    assert "Your choice for 1 category value is saved." in response.content.decode()
    assert "2 incidents now have the new codes." in response.content.decode()
    assert Incident.objects.filter(category="physical_assault").count() == 3
    assert ValueMapping.objects.get(organisation=client_org).raw_value == "fisticuffs"


def test_the_value_review_refuses_a_code_that_is_not_ours(client, client_admin, client_org):
    IncidentFactory(organisation=client_org, category_raw="Fisticuffs", category="unrecognised")
    client.force_login(client_admin)
    data = {
        "field": "category",
        "category-TOTAL_FORMS": "1",
        "category-INITIAL_FORMS": "1",
        "category-0-raw_value": "Fisticuffs",
        "category-0-was": "",
        "category-0-code": "boxing",
    }
    response = client.post(_url("incident_values", slug=client_org.slug), data, follow=True)
    assert "The values could not be saved" in response.content.decode()
    assert ValueMapping.objects.count() == 0


# Links and permissions


def test_the_organisation_page_links_to_the_import_for_those_who_may_use_it(
    client, client_admin, designer, client_org
):
    url = reverse("portal:organisation_detail", kwargs={"slug": client_org.slug})
    client.force_login(client_admin)
    page = client.get(url).content.decode()
    assert _url("incident_upload", slug=client_org.slug) in page
    assert _url("incident_values", slug=client_org.slug) in page
    assert _url("assessment_start", slug=client_org.slug) in page
    client.force_login(designer)
    page = client.get(url).content.decode()
    assert _url("incident_upload", slug=client_org.slug) not in page
    assert _url("assessment_start", slug=client_org.slug) not in page


ORGANISATION_PAGES = ["incident_upload", "incident_import_list", "incident_values"]
JOB_PAGES = [
    ("incident_mapping", "get"),
    ("incident_preview", "get"),
    ("incident_import_detail", "get"),
    ("incident_import_rejects", "get"),
    ("incident_import_skip_invalid", "post"),
]


def _every_page(organisation, job):
    for name in ORGANISATION_PAGES:
        yield "get", _url(name, slug=organisation.slug)
    for name, method in JOB_PAGES:
        yield method, _url(name, pk=job.pk)


@pytest.mark.parametrize("importer", ["client_manager", "advisor", "provider_admin"])
def test_every_importer_may_use_the_import(client, request, mapped, importer):
    client.force_login(request.getfixturevalue(importer))
    for method, url in _every_page(mapped.organisation, mapped):
        response = getattr(client, method)(url)
        assert response.status_code in (200, 302), url


def test_anonymous_visitors_are_sent_to_sign_in(client, mapped):
    client.logout()
    for method, url in _every_page(mapped.organisation, mapped):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_designers_and_trainers_may_not_import(client, mapped, designer, trainer):
    for user in (designer, trainer):
        client.force_login(user)
        for method, url in _every_page(mapped.organisation, mapped):
            assert getattr(client, method)(url).status_code == 403, url


def test_another_organisations_staff_get_not_found(client, mapped, other_client_admin):
    client.force_login(other_client_admin)
    for method, url in _every_page(mapped.organisation, mapped):
        assert getattr(client, method)(url).status_code == 404, url


def test_an_excel_workbook_goes_through_every_step(
    client, client_admin, client_org, tmp_path, django_capture_on_commit_callbacks
):
    path = xlsx_real_datetimes(tmp_path)
    client.force_login(client_admin)
    _upload(client, client_org, name="datetimes.xlsx", data=path.read_bytes())
    job = IncidentImport.objects.get()
    mapping_page = client.get(_url("incident_mapping", pk=job.pk))
    assert "27/11/2026 14:05" in mapping_page.content.decode()
    initial = mapping_page.context["form"].initial
    client.post(_url("incident_mapping", pk=job.pk), initial)
    preview = client.get(_url("incident_preview", pk=job.pk)).context["preview"]
    assert (preview.valid, preview.rejected) == (3, 0)
    _confirm(client, job, "stop", django_capture_on_commit_callbacks)
    assert job.status == IncidentImport.Status.DONE
    assert Incident.objects.count() == 3
