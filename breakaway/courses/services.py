"""Writes for course designs: compose a course for a client and keep it as a version."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from breakaway.accounts.models import Organisation
from breakaway.catalogue.models import Phase
from breakaway.core.audit import audit_log
from breakaway.courses.composer import (
    ArrangementDoesNotFit,
    ComposedCourse,
    arrange_course,
    compose_course,
)
from breakaway.courses.models import CourseDesign, CourseDesignVersion
from breakaway.courses.selectors import module_specs, risk_scores_for


def course_compose(
    *,
    organisation: Organisation,
    length: str,
    headcount: int,
    max_intensity: int | None = None,
    max_group_size: int | None = None,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    start: str = "09:00",
) -> tuple[ComposedCourse, dict[str, Any]]:
    """Compose a course from the catalogue and the client's risk scores; stores nothing.

    Raises `composer.CourseDoesNotFit` (the mandatory modules do not fit) or ValueError.
    """
    scores, assessment = risk_scores_for(organisation=organisation)
    course = compose_course(
        module_specs(),
        scores,
        length,
        headcount,
        max_intensity=max_intensity,
        max_group_size=max_group_size,
        include=include,
        exclude=exclude,
        start=start,
    )
    inputs = {
        "organisation": organisation.slug,
        "assessment": assessment.pk if assessment else None,
        "length": length,
        "headcount": headcount,
        "max_intensity": max_intensity,
        "max_group_size": max_group_size,
        "include": list(include),
        "exclude": list(exclude),
        "start": start,
        "risk_scores": scores,
    }
    return course, inputs


@transaction.atomic
def course_design_create(
    *, organisation: Organisation, created_by: Any, **options: Any
) -> CourseDesign:
    """Compose a course for the client and store it as version 1 of a new design."""
    course, inputs = course_compose(organisation=organisation, **options)
    user = created_by if getattr(created_by, "is_authenticated", False) else None
    design = CourseDesign.objects.create(
        organisation=organisation,
        assessment_id=inputs["assessment"],
        length=inputs["length"],
        headcount=inputs["headcount"],
        created_by=user,
    )
    CourseDesignVersion.objects.create(
        design=design, number=1, inputs=inputs, course=course.to_dict(), created_by=user,
        change_note="Proposed by the composer",
    )  # fmt: skip
    audit_log(
        actor=created_by,
        action="course_design.create",
        obj=design,
        after={"length": design.length, "headcount": design.headcount, "version": 1},
        organisation=organisation,
    )
    return design


def course_arrange(*, inputs: dict[str, Any], modules: list[tuple[str, int]]) -> ComposedCourse:
    """The design's course with the designer's modules, order and minutes, checked against the
    rules (the mandatory modules from today's catalogue, the design's cap and risk scores).

    Raises `composer.ArrangementDoesNotFit` listing every rule broken.
    """
    catalogue = module_specs()
    by_code = {m.code: m for m in catalogue}
    unknown = [code for code, _ in modules if code not in by_code]
    if unknown:
        raise ArrangementDoesNotFit(
            [f"No module in the catalogue has the code {code}: remove it." for code in unknown]
        )
    return arrange_course(
        [(by_code[code], minutes) for code, minutes in modules],
        inputs["length"],
        inputs["headcount"],
        risk_scores=inputs.get("risk_scores") or {},
        start=inputs.get("start") or "09:00",
        max_intensity=inputs.get("max_intensity"),
        max_group_size=inputs.get("max_group_size"),
        required=[m.code for m in catalogue if m.mandatory],
        catalogue=catalogue,
        phase_names={int(value): str(label).lower() for value, label in Phase.choices},
    )


@transaction.atomic
def course_design_revise(
    *, design: CourseDesign, modules: list[tuple[str, int]], change_note: str, revised_by: Any
) -> CourseDesignVersion:
    """Save the designer's arrangement as the next version, only when it keeps every rule.

    An unchanged arrangement saves nothing and returns the latest version. Raises
    ValidationError (no change note) or `composer.ArrangementDoesNotFit`.
    """
    design = CourseDesign.objects.select_for_update().get(pk=design.pk)
    latest = design.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("This design has no version to change."))
    note = change_note.strip()
    if not note:
        raise ValidationError(
            {"change_note": _("Say what you changed, like “Longer de-escalation practice”.")}
        )
    course = course_arrange(inputs=latest.inputs, modules=modules)
    before = [(m["code"], m["minutes"]) for m in latest.course["modules"]]
    if before == list(modules):
        return latest
    user = revised_by if getattr(revised_by, "is_authenticated", False) else None
    version = CourseDesignVersion(
        design=design,
        number=latest.number + 1,
        inputs={**latest.inputs, "modules": [[code, minutes] for code, minutes in modules]},
        course=course.to_dict(),
        change_note=note,
        created_by=user,
    )
    version.full_clean()
    version.save()
    audit_log(
        actor=revised_by,
        action="course_design.revise",
        obj=design,
        before={"version": latest.number, "modules": [list(m) for m in before]},
        after={"version": version.number, "modules": [list(m) for m in modules]},
        organisation=design.organisation,
    )
    return version
