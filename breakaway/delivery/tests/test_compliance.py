import datetime
import io
import json
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from breakaway.accounts.models import Site
from breakaway.accounts.services import api_token_create
from breakaway.delivery.certificate_codes import code_new
from breakaway.delivery.compliance import DUE, EXPIRED, IN_DATE, NEVER, compliance_status
from breakaway.delivery.compliance_exports import compliance_csv, compliance_xlsx
from breakaway.delivery.compliance_selectors import (
    ROW_FIELDS,
    ComplianceFilters,
    compliance_report,
)
from breakaway.delivery.models import Certificate, StaffMember, TrainingRequirement
from breakaway.delivery.tests.certificate_fixtures import (
    make_certificate,
    make_design,
    make_engagement,
)
from breakaway.delivery.tests.factories import StaffMemberFactory

TODAY = datetime.date(2026, 6, 15)


def test_status_boundaries():
    assert compliance_status(None, TODAY) == NEVER
    assert compliance_status(TODAY - datetime.timedelta(days=1), TODAY) == EXPIRED
    assert compliance_status(TODAY, TODAY) == DUE
    assert compliance_status(TODAY + datetime.timedelta(days=90), TODAY) == DUE
    assert compliance_status(TODAY + datetime.timedelta(days=91), TODAY) == IN_DATE


@pytest.fixture
def matrix(client_org):
    """A nurse in date (by design), one expired, one revoked only, a porter never trained for
    the course everyone needs, and a leaver who no longer counts."""
    design = make_design(client_org)
    ward = Site.objects.create(organisation=client_org, name="Ward block")
    TrainingRequirement.objects.create(
        organisation=client_org, role="Staff Nurse", course_name="Breakaway", course_design=design
    )
    TrainingRequirement.objects.create(
        organisation=client_org, role="", course_name="Conflict resolution", refresher_months=36
    )

    def person(first, last, role="Staff Nurse", **extra):
        return StaffMemberFactory(
            organisation=client_org, first_name=first, last_name=last, role=role, **extra
        )

    people = {
        "ada": person("Ada", "Adams", site=ward, site_name="Ward block", team="North"),
        "bob": person("Bob", "Brown", team="South"),
        "cat": person("Cat", "Cole", team="South"),
        "dan": person("Dan", "Dean", role="Porter", team="North"),
        "eve": person("Eve", "Evans", archived_at=timezone.now()),
    }
    # Ada: an old expired certificate and a newer one from the design, in date.
    make_certificate(people["ada"], completed_on=datetime.date(2024, 1, 10), design=design)
    make_certificate(people["ada"], completed_on=datetime.date(2026, 1, 10), design=design)
    # Bob: expired; his newer certificate was revoked, so the expired one counts.
    make_certificate(people["bob"], completed_on=datetime.date(2025, 5, 1), design=design)
    make_certificate(
        people["bob"], completed_on=datetime.date(2026, 5, 1), design=design, revoked=True
    )
    # Cat: revoked only. A certificate of another design does not count for Breakaway.
    make_certificate(people["cat"], completed_on=datetime.date(2026, 5, 1), revoked=True)
    make_certificate(people["cat"], completed_on=datetime.date(2026, 5, 1), design=None)
    # Dan: conflict resolution by name (no design named), due in 60 days.
    make_certificate(
        people["dan"],
        completed_on=datetime.date(2023, 8, 14),
        course_name="conflict RESOLUTION",
        expires_on=TODAY + datetime.timedelta(days=60),
    )
    return {"design": design, "ward": ward, **people}


def _statuses(report):
    return {(row["person"], row["course"]): row["status"] for row in report.rows}


@pytest.mark.django_db
def test_one_row_per_current_person_and_required_course(client_org, matrix):
    report = compliance_report(organisation=client_org, as_of=TODAY)
    assert _statuses(report) == {
        ("Ada Adams", "Breakaway"): IN_DATE,
        ("Ada Adams", "Conflict resolution"): NEVER,
        ("Bob Brown", "Breakaway"): EXPIRED,
        ("Bob Brown", "Conflict resolution"): NEVER,
        ("Cat Cole", "Breakaway"): NEVER,
        ("Cat Cole", "Conflict resolution"): NEVER,
        ("Dan Dean", "Conflict resolution"): DUE,
    }
    assert [row["person"] for row in report.rows][:2] == ["Ada Adams", "Ada Adams"]
    assert report.counts == {IN_DATE: 1, DUE: 1, EXPIRED: 1, NEVER: 4}
    ada = report.rows[0]
    assert ada["site"] == "Ward block"
    assert ada["expires_on"] == datetime.date(2027, 1, 10)
    assert (
        ada["certificate"]
        == Certificate.objects.get(
            staff_member=matrix["ada"], completed_on=datetime.date(2026, 1, 10)
        ).code
    )


@pytest.mark.django_db
def test_a_course_needed_twice_gives_one_row(client_org, matrix):
    TrainingRequirement.objects.create(
        organisation=client_org, role="Porter", course_name="Conflict Resolution"
    )
    report = compliance_report(organisation=client_org, as_of=TODAY)
    assert [r["course"] for r in report.rows if r["person"] == "Dan Dean"] == [
        "Conflict Resolution"
    ]


@pytest.mark.django_db
def test_filters_narrow_rows_and_counts_ignore_the_status_filter(client_org, matrix):
    south = compliance_report(
        organisation=client_org, as_of=TODAY, filters=ComplianceFilters(team="south")
    )
    assert {r["person"] for r in south.rows} == {"Bob Brown", "Cat Cole"}
    by_site = compliance_report(
        organisation=client_org,
        as_of=TODAY,
        filters=ComplianceFilters(site=str(matrix["ward"].pk)),
    )
    assert {r["person"] for r in by_site.rows} == {"Ada Adams"}
    course = compliance_report(
        organisation=client_org, as_of=TODAY, filters=ComplianceFilters(course="breakaway")
    )
    assert {r["course"] for r in course.rows} == {"Breakaway"}
    never = compliance_report(
        organisation=client_org, as_of=TODAY, filters=ComplianceFilters(status=NEVER)
    )
    assert {r["status"] for r in never.rows} == {NEVER}
    assert never.counts == {IN_DATE: 1, DUE: 1, EXPIRED: 1, NEVER: 4}


@pytest.mark.django_db
def test_as_of_moves_the_boundaries(client_org, matrix):
    later = compliance_report(organisation=client_org, as_of=TODAY + datetime.timedelta(days=61))
    assert _statuses(later)[("Dan Dean", "Conflict resolution")] == EXPIRED


@pytest.mark.django_db
def test_the_command_and_the_api_give_the_same_rows(client, client_org, matrix, client_admin):
    out = io.StringIO()
    call_command(
        "compliance_report",
        "--organisation",
        client_org.slug,
        "--as-of",
        TODAY.isoformat(),
        "--json",
        stdout=out,
    )
    document = json.loads(out.getvalue())
    assert set(document) >= {"people"}
    assert all(
        set(row) >= {"person", "site", "course", "status", "expires_on", "certificate"}
        for row in document["people"]
    )
    assert all(tuple(row) == ROW_FIELDS for row in document["people"])
    _token, secret = api_token_create(user=client_admin, name="test")
    response = client.get(
        f"/api/v1/organisations/{client_org.slug}/compliance?as_of={TODAY.isoformat()}",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200
    assert response.json()["people"] == document["people"]
    assert response.json()["counts"] == document["counts"]


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_organisation_and_a_bad_date(client_org):
    with pytest.raises(SystemExit) as exit_info:
        call_command("compliance_report", "--organisation", "nope", "--json", stdout=io.StringIO())
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit):
        call_command(
            "compliance_report",
            "--organisation",
            client_org.slug,
            "--as-of",
            "31/12/2026",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


@pytest.mark.django_db
def test_another_client_gets_404_from_the_api(client, client_org, other_client_admin):
    _token, secret = api_token_create(user=other_client_admin, name="test")
    response = client.get(
        f"/api/v1/organisations/{client_org.slug}/compliance",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 404


def _people(organisation, count, design, start=0):
    made = StaffMember.objects.bulk_create(
        [
            StaffMember(
                organisation=organisation,
                employee_number=f"E{start + n:06d}",
                first_name=f"P{n}",
                last_name="Load",
                role="Staff Nurse",
                role_key="staff nurse",
                team=f"Team {n % 7}",
            )
            for n in range(count)
        ]
    )
    engagement = make_engagement(organisation, days=[datetime.date(2026, 1, 5)], design=design)
    from breakaway.delivery.models import Enrolment

    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(engagement=engagement, staff_member=p, outcome="completed") for p in made[::2]]
    )
    Certificate.objects.bulk_create(
        [
            Certificate(
                code=code_new(),
                enrolment=e,
                staff_member=e.staff_member,
                organisation=organisation,
                holder_name="x",
                course_name="Breakaway",
                course_design=design,
                completed_on=datetime.date(2026, 1, 5),
                expires_on=datetime.date(2026, 1, 5) + datetime.timedelta(days=n * 3 % 500),
            )
            for n, e in enumerate(enrolments)
        ]
    )


@pytest.mark.django_db
def test_the_page_takes_the_same_queries_for_any_headcount(
    client, client_org, client_admin, django_assert_max_num_queries
):
    design = make_design(client_org)
    TrainingRequirement.objects.create(
        organisation=client_org, role="Staff Nurse", course_name="Breakaway", course_design=design
    )
    client.force_login(client_admin)
    _people(client_org, 4, design)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert (
            client.get(f"/delivery/organisations/{client_org.slug}/compliance/").status_code == 200
        )
    _people(client_org, 300, design, start=100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/delivery/organisations/{client_org.slug}/compliance/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_report_takes_three_queries(client_org, django_assert_num_queries):
    design = make_design(client_org)
    TrainingRequirement.objects.create(
        organisation=client_org, role="Staff Nurse", course_name="Breakaway", course_design=design
    )
    _people(client_org, 50, design)
    with django_assert_num_queries(3):
        report = compliance_report(organisation=client_org, as_of=TODAY)
    assert len(report.rows) == 50


@pytest.mark.django_db
def test_ten_thousand_staff_report_quickly(client_org):
    design = make_design(client_org)
    TrainingRequirement.objects.create(
        organisation=client_org, role="Staff Nurse", course_name="Breakaway", course_design=design
    )
    TrainingRequirement.objects.create(organisation=client_org, course_name="Conflict resolution")
    _people(client_org, 10_000, design)
    started = time.perf_counter()
    report = compliance_report(organisation=client_org, as_of=TODAY)
    elapsed = time.perf_counter() - started
    assert len(report.rows) == 20_000
    assert report.counts[NEVER] == 15_000
    # Well under a second on a laptop; generous for a shared two-core machine.
    assert elapsed < 4, f"compliance for 10,000 staff took {elapsed:.2f} s"


def test_csv_export_has_a_header_dates_as_uk_dates_and_no_formulas():
    rows = [
        {
            "person": "=HYPERLINK(1)",
            "role": "Nurse",
            "site": "",
            "team": "",
            "course": "Breakaway",
            "status": DUE,
            "completed_on": datetime.date(2025, 7, 1),
            "expires_on": datetime.date(2026, 7, 1),
            "certificate": "ABCDEFGHJK12",
        }
    ]
    text = compliance_csv(rows)
    lines = text.splitlines()
    assert lines[0].startswith("Person,Role,Site,Team,Course,Status")
    assert lines[1] == "'=HYPERLINK(1),Nurse,,,Breakaway,Due,01/07/2025,01/07/2026,ABCDEFGHJK12"


def test_xlsx_export_opens_with_real_dates():
    from openpyxl import load_workbook

    rows = [
        {
            "person": "Ada <Adams> & co",
            "role": "Nurse",
            "site": "Ward",
            "team": "North",
            "course": "Breakaway",
            "status": NEVER,
            "completed_on": None,
            "expires_on": None,
            "certificate": None,
        },
        {
            "person": "Bob",
            "role": "Nurse",
            "site": "Ward",
            "team": "North",
            "course": "Breakaway",
            "status": IN_DATE,
            "completed_on": datetime.date(2026, 1, 31),
            "expires_on": datetime.date(2027, 1, 31),
            "certificate": "ABCDEFGHJK12",
        },
    ]
    sheet = load_workbook(io.BytesIO(compliance_xlsx(rows))).active
    assert sheet.title == "Compliance"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:6] == ("Person", "Role", "Site", "Team", "Course", "Status")
    assert values[1][0] == "Ada <Adams> & co"
    assert values[1][5] == "Never trained"
    assert values[2][7].date() == datetime.date(2027, 1, 31)
    assert sheet["H3"].number_format == "dd/mm/yyyy"
