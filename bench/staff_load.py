"""A client with many staff for the dashboard scale checks (the test and `bench_load`): staff
across teams and sites-by-name, two training requirements, half the staff trained on an
engagement with certificates expiring on a spread of dates. Run where Django is set up."""

from __future__ import annotations

import datetime as dt
from typing import Any

COMPLETED_ON = dt.date(2026, 1, 5)


def staff_add(organisation: Any, count: int, start: int = 0) -> None:
    """`count` more staff for the organisation, numbered from `start`."""
    from breakaway.courses.models import CourseDesign
    from breakaway.delivery.certificate_codes import code_new
    from breakaway.delivery.models import Certificate, Enrolment, StaffMember, TrainingRequirement
    from breakaway.scheduling.models import Engagement, EngagementDay

    design = CourseDesign.objects.filter(organisation=organisation).first()
    if design is None:
        design = CourseDesign.objects.create(
            organisation=organisation, length="1-day", headcount=12
        )
        TrainingRequirement.objects.create(
            organisation=organisation,
            role="Staff Nurse",
            course_name="Breakaway",
            course_design=design,
        )
        TrainingRequirement.objects.create(
            organisation=organisation, course_name="Conflict resolution"
        )
    people = StaffMember.objects.bulk_create(
        StaffMember(
            organisation=organisation,
            employee_number=f"E{start + n:06d}",
            first_name=f"P{start + n}",
            last_name="Load",
            role="Staff Nurse" if n % 3 else "Porter",
            role_key="staff nurse" if n % 3 else "porter",
            team=f"Team {n % 7}",
            site_name=f"Site {n % 3}",
        )
        for n in range(count)
    )
    engagement = Engagement.objects.create(
        organisation=organisation,
        design=design,
        design_version=1,
        status=Engagement.Status.DELIVERED,
    )
    EngagementDay.objects.create(engagement=engagement, date=COMPLETED_ON)
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(engagement=engagement, staff_member=p, outcome="completed") for p in people[::2]
    )
    Certificate.objects.bulk_create(
        Certificate(
            code=code_new(),
            enrolment=e,
            staff_member=e.staff_member,
            organisation=organisation,
            holder_name=e.staff_member.full_name,
            course_name="Breakaway",
            course_design=design,
            completed_on=COMPLETED_ON,
            expires_on=COMPLETED_ON + dt.timedelta(days=n * 3 % 500),
        )
        for n, e in enumerate(enrolments)
    )


def seed_dashboard(count: int) -> dict[str, Any]:
    """A client with `count` staff and its administrator, signed in: the session cookie and the
    addresses of the pages a client administrator starts from."""
    from django.db import transaction
    from django.test import Client

    from breakaway.accounts.models import Membership, Organisation, Role, User

    with transaction.atomic():
        provider = Organisation.objects.create(
            name="Dashboard Training", slug="dashboard-training", kind="provider"
        )
        client_org = Organisation.objects.create(
            name="Dashboard Trust", slug="dashboard-trust", kind="client", provider=provider
        )
        user = User.objects.create_user(
            email="admin@dashboard.example", password=None, full_name="Dashboard Admin"
        )
        Membership.objects.create(user=user, organisation=client_org, role=Role.CLIENT_ADMIN)
        staff_add(client_org, count)
    browser = Client()
    browser.force_login(user)
    return {"session": browser.cookies["sessionid"].value, "pages": dashboard_pages(client_org)}


def dashboard_pages(organisation: Any) -> dict[str, str]:
    """The client administrator's dashboard pages, by name."""
    slug = organisation.slug
    return {
        "start page": "/app/",
        "compliance": f"/delivery/organisations/{slug}/compliance/",
        "staff list": f"/delivery/organisations/{slug}/staff/",
        "training matrix": f"/delivery/organisations/{slug}/training-matrix/",
    }
