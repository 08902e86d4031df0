"""A demo course design for the trust, proposed from its needs assessment. Idempotent."""

from __future__ import annotations

from breakaway.accounts.models import Organisation
from breakaway.courses.models import CourseDesign
from breakaway.courses.services import course_design_create


def seed_courses() -> None:
    riverside = Organisation.objects.filter(slug="riverside-mental-health").first()
    if riverside is not None and not CourseDesign.objects.filter(organisation=riverside).exists():
        course_design_create(organisation=riverside, created_by=None, length="1-day", headcount=24)
