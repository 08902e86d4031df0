"""Fuzzing the importers that write: whatever the input, they write everything or nothing.

A refused input raises the importer's own error (with a message, or problems naming row and
column) and leaves the database as it was; an accepted one writes what it reports.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breakaway.assessments.incident_import import UnusableFile
from breakaway.core.tests.fuzz.strategies import EXAMPLES, attempt, csv_text, file_bytes, near, text
from breakaway.core.tests.fuzz.test_fuzz_json_inputs import INSTRUMENT
from breakaway.delivery.import_services import InvalidStaffMapping, staff_import
from breakaway.delivery.models import StaffMember
from breakaway.evaluation.instrument_services import instrument_create
from breakaway.evaluation.instruments import InstrumentError
from breakaway.evaluation.models import Instrument, InstrumentVersion, Response
from breakaway.evaluation.response_import import PaperImportError, paper_responses_import
from breakaway.evaluation.tests.questionnaire_fixtures import course_on, phase, today, version

pytestmark = pytest.mark.django_db

# The database is shared by the examples of one test (one transaction), which is the point:
# each example starts from what the ones before it left.
DB_FUZZ = settings(
    max_examples=EXAMPLES or 60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _people(organisation):
    return list(StaffMember.objects.filter(organisation=organisation).order_by("pk").values())


@DB_FUZZ
@given(
    data=file_bytes(["Employee Number", "First Name", "Last Name", "Email Address", "Site"]),
    skip_invalid=st.booleans(),
)
def test_a_staff_import_writes_everything_it_reports_or_nothing(
    client_org, client_admin, data, skip_invalid
):
    before = _people(client_org)
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        path = Path(folder) / "staff.csv"
        path.write_bytes(data)
        result, refused = attempt(
            lambda: staff_import(
                organisation=client_org,
                path=path,
                skip_invalid=skip_invalid,
                imported_by=client_admin,
            ),
            UnusableFile,
            InvalidStaffMapping,
        )
    after = _people(client_org)
    if refused is not None:
        assert str(refused).strip()
        assert after == before
        return
    if not result.written:
        assert result.rejected_rows
        assert not skip_invalid
        assert after == before
    else:
        assert len(after) == len(before) + result.created
    for error in result.rejected:
        assert error["row"] >= 1
        assert error["column"]
        assert error["error"]


@pytest.fixture
def course(client_org, trainer):
    """One course with two people, shared by every example of a test (as is the database)."""
    course = course_on(client_org, today(), people=2, trainer_user=trainer)
    for number, enrolment in enumerate(course.enrolments):
        person = enrolment.staff_member
        person.employee_number = f"100{number}"
        person.email = f"p{number}@example.org"
        person.save()
    return course


ANSWERS = st.one_of(text, st.sampled_from(["1", "4", "10", "11", "2.5", "-1", "nan", "inf", ""]))
PEOPLE = ["1000", "1001", "p0@example.org", "P1@EXAMPLE.ORG", "nobody", ""]
PHASES = ["pre", "post", "follow-up", "follow_up", "PRE", "later", ""]


def _paper_rows(people, phases, answers):
    return st.lists(
        st.tuples(st.sampled_from(people), st.sampled_from(phases), answers, answers),
        max_size=6,
    )


@DB_FUZZ
@given(
    content=st.one_of(
        _paper_rows(PEOPLE, PHASES, ANSWERS).map(
            lambda rows: (
                "person,phase,spot-signs,calm-words\n"
                + "".join(f"{p},{ph},{a},{b}\n" for p, ph, a, b in rows)
            )
        ),
        csv_text(["person", "phase", "spot-signs", "calm-words", "nope"], ANSWERS),
        text,
    )
)
def test_a_paper_import_writes_every_row_or_nothing(course, provider_admin, content):
    part = version(phase(course, "pre"), "breakaway-confidence")
    before = Response.objects.count()
    check, invalid = attempt(
        lambda: paper_responses_import(
            engagement=course.engagement, version=part, text=content, imported_by=provider_admin
        ),
        PaperImportError,
    )
    if invalid is not None:
        assert invalid.problems
        for problem in invalid.problems:
            assert problem["row"] >= 1
            assert problem["error"]
        assert Response.objects.count() == before
        return
    assert Response.objects.count() == before + len(check.rows)


@DB_FUZZ
@given(definition=near(INSTRUMENT), licence=text)
def test_an_instrument_is_stored_whole_or_not_at_all(client_org, client_admin, definition, licence):
    before = (Instrument.objects.count(), InstrumentVersion.objects.count())
    instrument, invalid = attempt(
        lambda: instrument_create(
            owner=client_org,
            definition=definition,
            licence_reference=licence[:100],
            created_by=client_admin,
        ),
        InstrumentError,
        ValidationError,  # the client has an instrument with that id already
    )
    if invalid is not None:
        assert str(invalid).strip()
        assert (Instrument.objects.count(), InstrumentVersion.objects.count()) == before
        return
    assert instrument.versions.get().definition == definition
