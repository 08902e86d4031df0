"""Writes for course designs: compose a course for a client and keep it as a version."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from breakaway.accounts.models import Organisation
from breakaway.core.audit import audit_log
from breakaway.courses.composer import ComposedCourse, compose_course
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
