import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from breakaway.evaluation.models import Response
from breakaway.evaluation.response_import import (
    PaperImportError,
    paper_import_check,
    paper_responses_import,
)
from breakaway.evaluation.tests.questionnaire_fixtures import course_on, phase, today, version

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(client_org, trainer):
    course = course_on(client_org, today(), people=2, trainer_user=trainer)
    for number, enrolment in enumerate(course.enrolments):
        person = enrolment.staff_member
        person.employee_number = f"100{number}"
        person.email = f"p{number}@example.org"
        person.save()
    return course


def _confidence(course):
    return version(phase(course, "pre"), "breakaway-confidence")


GOOD = "person,phase,spot-signs,calm-words\n1000,pre,4,5\nP1@example.org,post,8,\n1000,pre,5,5\n"


def test_a_good_file_imports_as_paper_responses(course, provider_admin):
    part = _confidence(course)
    check = paper_responses_import(
        engagement=course.engagement, version=part, text=GOOD, imported_by=provider_admin
    )
    assert len(check.rows) == 3
    assert check.duplicates == 1
    saved = Response.objects.filter(source="paper").order_by("pk")
    assert [r.answers for r in saved] == [
        {"spot-signs": 4, "calm-words": 5},
        {"spot-signs": 8, "calm-words": None},
        {"spot-signs": 5, "calm-words": 5},
    ]
    assert all(r.submitted_at for r in saved)
    assert saved[1].questionnaire.phase == "post"


def test_the_same_file_again_imports_nothing(course, provider_admin):
    part = _confidence(course)
    for _ in range(2):
        paper_responses_import(
            engagement=course.engagement, version=part, text=GOOD, imported_by=provider_admin
        )
    assert Response.objects.count() == 3


def test_errors_are_reported_by_row_and_column_and_nothing_is_written(course, provider_admin):
    part = _confidence(course)
    text = "person,phase,spot-signs,nonsense\n1000,pre,11,\n9999,pre,3,\n1001,later,3,\n"
    check = paper_import_check(engagement=course.engagement, version=part, text=text)
    where = {(p["row"], p["column"]) for p in check.problems}
    assert where == {(1, "nonsense"), (2, "spot-signs"), (3, "person"), (4, "phase")}
    with pytest.raises(PaperImportError):
        paper_responses_import(
            engagement=course.engagement, version=part, text=text, imported_by=provider_admin
        )
    assert not Response.objects.exists()


def test_a_phase_that_does_not_ask_the_instrument_is_an_error(course):
    reaction = version(phase(course, "post"), "breakaway-reaction")
    text = "person,phase,relevant\n1000,pre,4\n"
    check = paper_import_check(engagement=course.engagement, version=reaction, text=text)
    assert [(p["row"], p["column"]) for p in check.problems] == [(2, "phase")]


def test_a_file_without_person_and_phase_columns_is_refused(course):
    check = paper_import_check(
        engagement=course.engagement, version=_confidence(course), text="a,b\n1,2\n"
    )
    assert check.problems[0]["row"] == 1


def test_upload_preview_confirm_as_the_course_trainer(client, course, trainer):
    client.force_login(trainer)
    part = _confidence(course)
    pk = course.engagement.pk
    upload = client.post(
        reverse("evaluation:paper_upload", args=[pk]),
        {
            "instrument_version": part.pk,
            "file": SimpleUploadedFile("forms.csv", GOOD.encode(), "text/csv"),
        },
    )
    assert upload.status_code == 302
    preview = client.get(reverse("evaluation:paper_preview", args=[pk]))
    assert preview.status_code == 200
    assert "Import 3 paper forms" in preview.content.decode()
    confirm = reverse("evaluation:paper_confirm", args=[pk])
    assert client.post(confirm).status_code == 302
    assert client.post(confirm).status_code == 302  # a second click
    assert Response.objects.filter(source="paper").count() == 3


def test_the_preview_lists_problems_with_a_400(client, course, trainer):
    client.force_login(trainer)
    pk = course.engagement.pk
    client.post(
        reverse("evaluation:paper_upload", args=[pk]),
        {
            "instrument_version": _confidence(course).pk,
            "file": SimpleUploadedFile("forms.csv", b"person,phase,spot-signs\n1000,pre,x\n"),
        },
    )
    preview = client.get(reverse("evaluation:paper_preview", args=[pk]))
    assert preview.status_code == 400
    assert "must be a number from 0 to 10" in preview.content.decode()


def test_a_trainer_not_on_the_course_cannot_import(client, client_org, trainer):
    course = course_on(client_org, today())
    client.force_login(trainer)
    response = client.get(reverse("evaluation:paper_upload", args=[course.engagement.pk]))
    assert response.status_code == 404


def test_a_bad_answer_in_an_earlier_repeat_of_a_row_is_reported_not_a_crash(course, provider_admin):
    """The analysis reads only the last row per person and phase; a repeat before it must be
    checked too (the fuzzer found ':' in one raising ValueError)."""
    part = _confidence(course)
    text = "person,phase,spot-signs,calm-words\n1000,pre,4,:\n1000,pre,5,5\n"
    check = paper_import_check(engagement=course.engagement, version=part, text=text)
    assert [(p["row"], p["column"], p["value"]) for p in check.problems] == [(2, "calm-words", ":")]
    assert check.rows == []
    with pytest.raises(PaperImportError):
        paper_responses_import(
            engagement=course.engagement, version=part, text=text, imported_by=provider_admin
        )
    assert not Response.objects.exists()
