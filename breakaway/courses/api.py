"""API routes for course designs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from breakaway.accounts.roles import has_role
from breakaway.accounts.selectors import organisation_get_for_user
from breakaway.courses.composer import CourseDoesNotFit
from breakaway.courses.services import course_design_create

router = Router(tags=["course design"])

# Who designs courses: the course designers, the provider's administrators and its advisors.
DESIGNERS = ("provider_admin", "designer", "advisor")


class CourseDesignIn(Schema):
    organisation: str
    length: str
    headcount: int
    max_intensity: int | None = None
    max_group_size: int | None = None
    include: list[str] = []
    exclude: list[str] = []
    start: str = "09:00"


@router.post("/course-designs", response={201: dict[str, Any]})
def course_design(request: HttpRequest, payload: CourseDesignIn) -> Status[dict[str, Any]]:
    """Compose a course for a client from the catalogue and its risk profile, and store it.

    The answer is the course as `manage.py design_course --json` prints it, with the stored
    design's `id` and `version`. 422 when the mandatory modules do not fit the length.
    """
    organisation = organisation_get_for_user(user=request.user, slug=payload.organisation)
    if not has_role(request.user, *DESIGNERS):
        raise HttpError(403, "Your role cannot design courses.")
    try:
        design = course_design_create(
            organisation=organisation,
            created_by=request.user,
            length=payload.length,
            headcount=payload.headcount,
            max_intensity=payload.max_intensity,
            max_group_size=payload.max_group_size,
            include=tuple(payload.include),
            exclude=tuple(payload.exclude),
            start=payload.start,
        )
    except CourseDoesNotFit as error:
        raise HttpError(422, error.message) from error
    except ValueError as error:
        raise HttpError(422, str(error)) from error
    version = design.versions.get(number=1)
    return Status(201, {"id": design.pk, "version": version.number, **version.course})
