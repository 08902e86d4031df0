"""The course's documents: the outline, the lesson plan, the risk assessment of the training
and the screening form, as pages and PDFs, for the right people, in constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from breakaway.accounts.models import Accreditation
from breakaway.assessments.tests.factories import NeedsAssessmentFactory, complete_answers
from breakaway.catalogue.content import load_catalogue
from breakaway.catalogue.selectors import module_list_current
from breakaway.core.tests.pdf_text import pdf_outline, pdf_text
from breakaway.courses import documents
from breakaway.courses.models import CourseDesign, CourseDesignVersion
from breakaway.courses.services import course_design_create

pytestmark = pytest.mark.django_db

KINDS = ("outline", "lesson-plan", "risk-assessment", "screening-form")
HEADINGS = {
    "outline": ("Course outline", "What the course covers", "Timetable", "What the venue needs"),
    "lesson-plan": ("Lesson plan", "Before you start", "Scenario prompts"),
    "risk-assessment": ("Risk assessment of the training", "Physical practice", "Sign-off"),
    "screening-form": ("Pre-course screening form", "Your health", "Your consent"),
}


@pytest.fixture
def design(provider, client_org) -> CourseDesign:
    load_catalogue()
    Accreditation.objects.create(organisation=provider, scheme="RRN certified", number="RRN-42")
    answers = complete_answers()
    answers["flashpoints"] = {"flashpoints": ["medication_rounds", "bad_news"]}
    NeedsAssessmentFactory(organisation=client_org, answers=answers)
    return course_design_create(
        organisation=client_org, created_by=None, length="1-day", headcount=20
    )


def _course_with(codes: list[str], base: dict) -> dict:
    """A course of these catalogue modules back to back from 09:00 (one block each)."""
    by_code = {v.module.code: v for v in module_list_current()}
    modules, timetable, clock = [], [], 9 * 60
    for code in codes:
        version = by_code[code]
        modules.append(
            {
                "code": code,
                "title": version.title,
                "minutes": version.typical_minutes,
                "intensity": version.intensity,
                "phase": version.phase,
                "reason": "",
                "covers": list(version.risk_areas),
            }
        )
        end = clock + version.typical_minutes
        timetable.append(
            {
                "day": 1 + clock // (24 * 60),
                "start": f"{(clock // 60) % 24:02d}:{clock % 60:02d}",
                "end": f"{(end // 60) % 24:02d}:{end % 60:02d}",
                "kind": "module",
                "code": code,
                "title": version.title,
            }
        )
        clock = end
    return {**base, "modules": modules, "timetable": timetable}


def _url(design: CourseDesign, kind: str, **query: str) -> str:
    url = reverse("courses:document", args=[design.pk, kind])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("kind", KINDS)
def test_each_document_renders_as_a_pdf_with_its_headings(client, designer, design, kind):
    client.force_login(designer)
    response = client.get(_url(design, kind))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    slug = design.organisation.slug
    assert response["Content-Disposition"] == f'inline; filename="{kind}-{slug}-v1.pdf"'
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    text = " ".join(pdf_text(pdf).split())
    assert "Riverside Mental Health NHS Trust" in text
    assert "Northway Safety Training" in text  # the running header
    assert "RRN certified (RRN-42)" in text
    assert "Page 1 of" in text
    outline = pdf_outline(pdf)
    for heading in HEADINGS[kind]:
        assert heading in outline or heading in text, heading


@pytest.mark.parametrize("kind", KINDS)
def test_the_page_shows_the_same_document(client, trainer, design, kind):
    client.force_login(trainer)
    response = client.get(reverse("courses:document_preview", args=[design.pk, kind]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Riverside Mental Health NHS Trust" in html
    for heading in HEADINGS[kind]:
        assert heading in html
    assert _url(design, kind, version="1") in html


def test_an_unknown_kind_is_not_found(client, designer, design):
    client.force_login(designer)
    assert client.get(_url(design, "invoice")).status_code == 404
    preview = reverse("courses:document_preview", args=[design.pk, "invoice"])
    assert client.get(preview).status_code == 404


def test_the_outline_says_what_the_evidence_shows(client, client_admin, design):
    client.force_login(client_admin)
    text = " ".join(pdf_text(client.get(_url(design, "outline")).content).split())
    assert "To be confirmed" in text
    assert "reliably improves staff knowledge and confidence" in text
    assert "reduces assaults or injuries at work is weak" in text
    assert "A room big enough to move in" in text
    version = design.versions.get()
    for module in version.course["modules"]:
        assert module["title"][:30] in text


def test_the_lesson_plan_uses_the_clients_flashpoints(design):
    version = design.versions.get()
    context = documents.document_context(
        design=design, version=version, kind=documents.KINDS["lesson-plan"]
    )
    assert context["flashpoints"] == ["Medication rounds", "Giving bad news"]
    prompts = [p for block in context["blocks"] for p in block.prompts]
    assert documents.SCENARIO_PROMPTS["medication_rounds"] in prompts
    assert documents.SCENARIO_PROMPTS["bad_news"] in prompts
    assert documents.SCENARIO_PROMPTS["waiting_times"] not in prompts


def test_every_flashpoint_has_a_scenario_prompt():
    from breakaway.assessments.taxonomy import FLASHPOINTS

    assert set(documents.SCENARIO_PROMPTS) == set(FLASHPOINTS)


def test_without_flashpoints_the_prompts_are_general():
    assert documents.prompts_for([]) == list(documents.GENERAL_PROMPTS)
    assert documents.prompts_for(["not-a-code"]) == list(documents.GENERAL_PROMPTS)


def test_the_risk_assessment_covers_each_physical_module(design):
    version = design.versions.get()
    version.course = _course_with(
        ["law-and-force", "body-signals", "breakaway-strangles-and-headlocks", "on-the-floor"],
        version.course,
    )
    version.save()
    context = documents.document_context(
        design=design, version=version, kind=documents.KINDS["risk-assessment"]
    )
    rows = {row.module.code: row for row in context["risk_rows"]}
    assert list(rows) == ["body-signals", "breakaway-strangles-and-headlocks", "on-the-floor"]
    assert rows["body-signals"].residual == "Low"
    assert rows["on-the-floor"].residual == "Medium"
    assert documents.MATS_CONTROL in rows["on-the-floor"].controls
    assert documents.MATS_CONTROL not in rows["body-signals"].controls
    assert documents.NO_PRESSURE_CONTROL in rows["breakaway-strangles-and-headlocks"].controls
    assert any("Warm up" in c or "warm-up" in c for c in rows["on-the-floor"].controls)


def test_the_screening_form_asks_what_the_techniques_need(client, client_manager, design):
    version = design.versions.get()
    version.course = _course_with(["law-and-force", "breakaway-bear-hugs"], version.course)
    version.save()
    client.force_login(client_manager)
    text = " ".join(pdf_text(client.get(_url(design, "screening-form")).content).split())
    assert "pregnan" in text.lower()
    assert "Heart condition" in text
    assert "health data" in text
    assert "deleted on a schedule" in text
    assert "Signature" in text


def test_the_screening_form_leaves_out_questions_no_technique_needs(design):
    version = design.versions.get()
    version.course = _course_with(["law-and-force", "body-signals"], version.course)
    version.save()
    context = documents.document_context(
        design=design, version=version, kind=documents.KINDS["screening-form"]
    )
    codes = [code for code, _question in context["screening_questions"]]
    assert codes == ["bone_joint_back", "other"]


def test_a_version_can_be_chosen(client, designer, design):
    first = design.versions.get()
    CourseDesignVersion.objects.create(
        design=design,
        number=2,
        inputs=first.inputs,
        course=_course_with(["law-and-force", "after-an-incident"], first.course),
        change_note="Shorter",
    )
    client.force_login(designer)
    latest = client.get(_url(design, "outline"))
    assert 'filename="outline-' in latest["Content-Disposition"]
    assert latest["Content-Disposition"].endswith('-v2.pdf"')
    preview = reverse("courses:document_preview", args=[design.pk, "outline"])
    page = client.get(preview, {"version": "1"})
    assert "version 1." in page.content.decode()
    old = client.get(_url(design, "outline", version="1"))
    assert old["Content-Disposition"].endswith('-v1.pdf"')
    assert client.get(_url(design, "outline", version="9")).status_code == 404
    assert client.get(_url(design, "outline", version="x")).status_code == 404


def test_trainers_get_the_lesson_plan_and_the_risk_assessment(client, trainer, design):
    client.force_login(trainer)
    assert client.get(_url(design, "lesson-plan")).status_code == 200
    assert client.get(_url(design, "risk-assessment")).status_code == 200


def test_the_client_gets_the_outline_and_form_but_not_the_trainers_documents(
    client, client_admin, design
):
    client.force_login(client_admin)
    assert client.get(_url(design, "outline")).status_code == 200
    assert client.get(_url(design, "screening-form")).status_code == 200
    assert client.get(_url(design, "lesson-plan")).status_code == 403
    assert client.get(_url(design, "risk-assessment")).status_code == 403


def test_another_organisation_gets_not_found(client, other_client_admin, design):
    client.force_login(other_client_admin)
    assert client.get(_url(design, "outline")).status_code == 404
    preview = reverse("courses:document_preview", args=[design.pk, "screening-form"])
    assert client.get(preview).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, design):
    response = client.get(_url(design, "outline"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_context_costs_the_same_queries_for_3_or_20_modules(design):
    version = design.versions.get()
    codes = list(module_list_current().values_list("module__code", flat=True))
    assert len(codes) >= 20
    counts = []
    for chosen in (codes[:3], codes[:20]):
        version.course = _course_with(chosen, version.course)
        version.save()
        kind = documents.KINDS["lesson-plan"]
        with CaptureQueriesContext(connection) as queries:
            context = documents.document_context(design=design, version=version, kind=kind)
            # Touch everything the templates read.
            for module in context["modules"]:
                [o.statement for o in module.outcomes]
                [t.name for t in module.techniques]
            documents.screening_for(context["modules"])
            documents.risk_rows_for(context["modules"], 8)
        assert len(context["modules"]) == len(chosen)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 8


def test_the_pdf_costs_the_same_queries_for_3_or_20_modules(client, designer, design):
    version = design.versions.get()
    codes = list(module_list_current().values_list("module__code", flat=True))
    client.force_login(designer)
    counts = []
    for chosen in (codes[:3], codes[:20]):
        version.course = _course_with(chosen, version.course)
        version.save()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(design, "lesson-plan")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
