"""Demo rosters: for each demo client's next course, its staff in groups, a waiting list, one
person withdrawn (their place given to the first waiting) and some health screening answers,
one of them flagged. Idempotent: a course that already has a roster is left alone. Prints
nothing and sends no e-mail."""

from __future__ import annotations

from django.db.models import Min
from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.delivery.models import Enrolment, StaffMember, TrainingGroup
from breakaway.delivery.roster_services import enrolment_withdraw, roster_add, roster_groups_ensure
from breakaway.delivery.screening_services import QUESTIONS, screening_submit
from breakaway.scheduling.models import Engagement

# How many people each demo roster leaves on the waiting list (before the withdrawal).
WAITING = 3


def seed_rosters(provider: Organisation) -> None:
    """One roster for each demo client's next upcoming course."""
    today = timezone.localdate()
    upcoming = (
        Engagement.objects.filter(organisation__provider=provider)
        .exclude(status=Engagement.Status.CANCELLED)
        .annotate(first_day=Min("days__date"))
        .filter(first_day__gt=today)
        .select_related("organisation", "design")
        .order_by("first_day", "pk")
    )
    seen: set[int] = set()
    for engagement in upcoming:
        if engagement.organisation_id in seen:
            continue
        seen.add(engagement.organisation_id)
        if Enrolment.objects.filter(engagement=engagement).exists():
            continue
        _roster(engagement)


def _roster(engagement: Engagement) -> None:
    staff = list(
        StaffMember.objects.current()
        .filter(organisation=engagement.organisation)
        .order_by("employee_number", "pk")
    )
    if len(staff) < WAITING + 3:
        return
    groups = roster_groups_ensure(engagement=engagement)
    capacity = max(1, (len(staff) - WAITING) // len(groups))
    TrainingGroup.objects.filter(engagement=engagement).update(capacity=capacity)
    roster_add(engagement=engagement, people=staff, added_by=None)
    enrolled = list(
        Enrolment.objects.filter(engagement=engagement, status=Enrolment.Status.ENROLLED)
        .select_related("engagement", "staff_member")
        .order_by("staff_member__employee_number")
    )
    enrolment_withdraw(
        enrolment=enrolled[1], withdrawn_by=None, reason="On annual leave that week", notify=False
    )
    no = dict.fromkeys(QUESTIONS, "no")
    answers = [no, {**no, "bone_joint_back": "yes"}, no]
    for enrolment, given in zip((enrolled[0], enrolled[2], enrolled[3]), answers, strict=True):
        adjustments = "Would rather not practise on the floor" if given is not no else ""
        screening_submit(enrolment=enrolment, answers=given, adjustments=adjustments, consent=True)
