"""Building a roster: groups with places, people put into groups up to each group's capacity,
a waiting list beyond that (first joined, first served), and withdrawals that give the place
to the next person waiting, who is told by e-mail.

Adding people is all-or-nothing, like an incident import: every problem (a person listed
twice, already on the roster, not on the staff list, a bad e-mail address, a group that would
be over capacity) is reported by row, and nothing is written until there are none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.core.audit import audit_log
from breakaway.delivery.attendee_services import attendee_invite
from breakaway.delivery.models import Enrolment, StaffMember, TrainingGroup
from breakaway.delivery.roster_import import RosterLine
from breakaway.delivery.roster_selectors import design_version_for
from breakaway.delivery.services import staff_member_save
from breakaway.scheduling.models import Engagement

DEFAULT_CAPACITY = 12


@dataclass(frozen=True)
class RosterRowError:
    row: int
    column: str
    value: str
    error: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "error": self.error}


class RosterErrors(Exception):  # noqa: N818 - read as "raise RosterErrors(...)"
    """The rows that stop people being added; nothing was written."""

    def __init__(self, errors: list[RosterRowError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} rows have problems")


@dataclass
class RosterAddResult:
    enrolled: list[Enrolment] = field(default_factory=list)
    waiting: list[Enrolment] = field(default_factory=list)


@dataclass(frozen=True)
class _Entry:
    row: int
    member: StaffMember
    group: int | None  # a group number the list asked for


def group_default_capacity(engagement: Engagement) -> int:
    """Places in each group: the design's headcount shared between its groups, rounded up."""
    version = design_version_for(engagement)
    design_groups = len((version.course or {}).get("groups") or []) if version else 0
    groups = design_groups or engagement.groups or 1
    headcount = engagement.design.headcount if engagement.design_id else 0
    return max(1, math.ceil(headcount / groups)) if headcount else DEFAULT_CAPACITY


def roster_groups_ensure(*, engagement: Engagement) -> list[TrainingGroup]:
    """The engagement's groups, made where missing (one per group booked)."""
    groups = list(TrainingGroup.objects.filter(engagement=engagement).order_by("number"))
    have = {g.number for g in groups}
    wanted = range(1, max(1, engagement.groups) + 1)
    if any(number not in have for number in wanted):
        capacity = group_default_capacity(engagement)
        for number in wanted:
            if number not in have:
                TrainingGroup.objects.get_or_create(
                    engagement=engagement, number=number, defaults={"capacity": capacity}
                )
        groups = list(TrainingGroup.objects.filter(engagement=engagement).order_by("number"))
    return groups


def _lock(engagement: Engagement) -> None:
    # One writer at a time per roster, so two managers cannot both take the last place.
    Engagement.objects.select_for_update(of=("self",)).filter(pk=engagement.pk).first()


def _counts(engagement: Engagement) -> dict[int, int]:
    counts: dict[int, int] = {}
    for group_id in Enrolment.objects.filter(
        engagement=engagement, status=Enrolment.Status.ENROLLED, group__isnull=False
    ).values_list("group_id", flat=True):
        counts[group_id] = counts.get(group_id, 0) + 1
    return counts


def _check(
    engagement: Engagement, groups: list[TrainingGroup], entries: Sequence[_Entry]
) -> list[RosterRowError]:
    """Every problem with the entries, by row: repeats, people already on, full groups."""
    errors: list[RosterRowError] = []
    on_roster = set(
        Enrolment.objects.filter(engagement=engagement)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .values_list("staff_member_id", flat=True)
    )
    by_number = {g.number: g for g in groups}
    taken = _counts(engagement)
    first_row: dict[int, int] = {}
    for entry in entries:
        name = entry.member.full_name
        if entry.member.pk in first_row:
            errors.append(
                RosterRowError(
                    entry.row,
                    "person",
                    name,
                    _("%(name)s is already on row %(row)s of this list")
                    % {"name": name, "row": first_row[entry.member.pk]},
                )
            )
            continue
        first_row[entry.member.pk] = entry.row
        if entry.member.pk in on_roster:
            errors.append(
                RosterRowError(
                    entry.row,
                    "person",
                    name,
                    _("%(name)s is already on this roster") % {"name": name},
                )
            )
            continue
        if entry.group is not None:
            group = by_number.get(entry.group)
            if group is None:
                errors.append(
                    RosterRowError(
                        entry.row,
                        "group",
                        str(entry.group),
                        _("There is no group %(number)s: choose a group from 1 to %(last)s")
                        % {"number": entry.group, "last": len(groups)},
                    )
                )
                continue
            taken[group.pk] = taken.get(group.pk, 0) + 1
            if taken[group.pk] > group.capacity:
                errors.append(
                    RosterRowError(
                        entry.row,
                        "group",
                        str(entry.group),
                        _(
                            "Group %(number)s has %(capacity)s places and would be over "
                            "capacity: choose another group, or leave the group out to use "
                            "the waiting list"
                        )
                        % {"number": entry.group, "capacity": group.capacity},
                    )
                )
    return errors


def _enrol(
    engagement: Engagement,
    groups: list[TrainingGroup],
    entries: Sequence[_Entry],
    added_by: Any,
) -> RosterAddResult:
    result = RosterAddResult()
    taken = _counts(engagement)
    by_number = {g.number: g for g in groups}
    withdrawn = {
        e.staff_member_id: e
        for e in Enrolment.objects.filter(engagement=engagement, status=Enrolment.Status.WITHDRAWN)
    }
    now = timezone.now()
    for entry in entries:
        group = by_number.get(entry.group) if entry.group is not None else None
        if group is None:
            group = next((g for g in groups if taken.get(g.pk, 0) < g.capacity), None)
        status = Enrolment.Status.ENROLLED if group else Enrolment.Status.WAITING
        enrolment = withdrawn.get(entry.member.pk) or Enrolment(
            engagement=engagement, staff_member=entry.member
        )
        enrolment.group = group
        enrolment.status = status
        enrolment.joined_at = now
        enrolment.withdrawn_at = None
        enrolment.withdrawn_reason = ""
        enrolment.save()
        if group is not None:
            taken[group.pk] = taken.get(group.pk, 0) + 1
            result.enrolled.append(enrolment)
        else:
            result.waiting.append(enrolment)
        audit_log(
            actor=added_by,
            action="enrolment.add",
            obj=enrolment,
            organisation=engagement.organisation,
            after={"status": status, "group": group.number if group else None},
        )
    return result


@transaction.atomic
def roster_add(
    *,
    engagement: Engagement,
    people: Sequence[StaffMember],
    added_by: Any,
    group: int | None = None,
) -> RosterAddResult:
    """Put people from the staff list on the roster: into `group` (every one must fit) or
    into the first group with a free place, else onto the waiting list."""
    _lock(engagement)
    groups = roster_groups_ensure(engagement=engagement)
    entries = [_Entry(row, member, group) for row, member in enumerate(people, start=1)]
    errors = _check(engagement, groups, entries)
    if errors:
        raise RosterErrors(errors)
    return _enrol(engagement, groups, entries, added_by)


def _resolve(
    engagement: Engagement, lines: Sequence[RosterLine]
) -> tuple[list[_Entry], list[RosterRowError]]:
    """The people the lines name on the client's current staff list (two queries)."""
    people = StaffMember.objects.current().filter(organisation=engagement.organisation)
    numbers = {line.identifier for line in lines if line.kind == "number"}
    emails = {line.email for line in lines if line.kind == "email"}
    by_number = {m.employee_number: m for m in people.filter(employee_number__in=numbers)}
    by_email: dict[str, list[StaffMember]] = {}
    for someone in people.filter(email__in=emails):
        by_email.setdefault(someone.email.lower(), []).append(someone)
    entries: list[_Entry] = []
    errors: list[RosterRowError] = []
    member: StaffMember | None
    for line in lines:
        group: int | None = None
        if line.group:
            if not line.group.isdigit():
                errors.append(
                    RosterRowError(
                        line.row,
                        "group",
                        line.group,
                        _("Write the group as a number, like 2, or leave it out"),
                    )
                )
                continue
            group = int(line.group)
        if line.kind == "bad-email":
            errors.append(
                RosterRowError(
                    line.row,
                    "email",
                    line.identifier,
                    _("This is not an e-mail address: check it, like name@example.nhs.uk"),
                )
            )
            continue
        if line.kind == "email":
            found = by_email.get(line.email, [])
            if len(found) > 1:
                errors.append(
                    RosterRowError(
                        line.row,
                        "email",
                        line.identifier,
                        _(
                            "Several people on your staff list have this e-mail: use their "
                            "employee number"
                        ),
                    )
                )
                continue
            member = found[0] if found else None
            column = "email"
        else:
            member = by_number.get(line.identifier)
            column = "employee_number"
        if member is None:
            errors.append(
                RosterRowError(
                    line.row,
                    column,
                    line.identifier,
                    _("No one on your current staff list has this employee number or e-mail"),
                )
            )
            continue
        entries.append(_Entry(line.row, member, group))
    return entries, errors


@transaction.atomic
def roster_add_lines(
    *, engagement: Engagement, lines: Sequence[RosterLine], added_by: Any
) -> RosterAddResult:
    """Put the people a pasted or uploaded list names on the roster, all or nothing."""
    if not lines:
        raise RosterErrors(
            [RosterRowError(1, "person", "", _("The list is empty: enter one person a line"))]
        )
    _lock(engagement)
    groups = roster_groups_ensure(engagement=engagement)
    entries, errors = _resolve(engagement, lines)
    errors += _check(engagement, groups, entries)
    if errors:
        raise RosterErrors(sorted(errors, key=lambda e: e.row))
    return _enrol(engagement, groups, entries, added_by)


@transaction.atomic
def roster_add_person(
    *, engagement: Engagement, member: StaffMember, added_by: Any, group: int | None = None
) -> Enrolment:
    """Add someone missing from the staff list by hand, and put them on the roster."""
    member.organisation = engagement.organisation
    member = staff_member_save(member=member, changed_by=added_by)
    result = roster_add(engagement=engagement, people=[member], added_by=added_by, group=group)
    return (result.enrolled or result.waiting)[0]


def _promote(
    engagement: Engagement, group: TrainingGroup, by: Any, *, notify: bool = True
) -> Enrolment | None:
    """Give a free place in `group` to the first person on the waiting list, and tell them."""
    waiting = (
        Enrolment.objects.filter(engagement=engagement, status=Enrolment.Status.WAITING)
        .select_related("staff_member")
        .order_by("joined_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = Enrolment.Status.ENROLLED
    waiting.group = group
    waiting.save(update_fields=["status", "group"])
    waiting.engagement = engagement
    audit_log(
        actor=by,
        action="enrolment.place_offered",
        obj=waiting,
        organisation=engagement.organisation,
        before={"status": Enrolment.Status.WAITING},
        after={"status": Enrolment.Status.ENROLLED, "group": group.number},
    )
    if notify:
        attendee_invite(enrolment=waiting, sent_by=by, template="roster_place_offered")
    return waiting


def _fill(engagement: Engagement, by: Any) -> list[Enrolment]:
    """Fill every free place from the waiting list, group by group."""
    promoted: list[Enrolment] = []
    taken = _counts(engagement)
    for group in TrainingGroup.objects.filter(engagement=engagement).order_by("number"):
        for _free in range(group.capacity - taken.get(group.pk, 0)):
            enrolment = _promote(engagement, group, by)
            if enrolment is None:
                return promoted
            promoted.append(enrolment)
    return promoted


@transaction.atomic
def enrolment_withdraw(
    *, enrolment: Enrolment, withdrawn_by: Any, reason: str = "", notify: bool = True
) -> Enrolment | None:
    """Take a person off the roster; their place goes to the first person waiting, who is told.
    Returns that person, if any."""
    engagement = enrolment.engagement
    _lock(engagement)
    enrolment.refresh_from_db()
    if enrolment.status == Enrolment.Status.WITHDRAWN:
        return None
    before = {
        "status": enrolment.status,
        "group": enrolment.group.number if enrolment.group else None,
    }
    group = enrolment.group if enrolment.status == Enrolment.Status.ENROLLED else None
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.group = None
    enrolment.withdrawn_at = timezone.now()
    enrolment.withdrawn_reason = reason.strip()
    enrolment.save(update_fields=["status", "group", "withdrawn_at", "withdrawn_reason"])
    audit_log(
        actor=withdrawn_by,
        action="enrolment.withdraw",
        obj=enrolment,
        organisation=engagement.organisation,
        before=before,
        after={"status": Enrolment.Status.WITHDRAWN, "reason": enrolment.withdrawn_reason},
    )
    if group is None:
        return None
    return _promote(engagement, group, withdrawn_by, notify=notify)


@transaction.atomic
def enrolment_move(*, enrolment: Enrolment, group: TrainingGroup, moved_by: Any) -> Enrolment:
    """Move a person into another group (or from the waiting list into a group) with a free
    place; a place they leave goes to the first person waiting."""
    engagement = enrolment.engagement
    _lock(engagement)
    enrolment.refresh_from_db()
    if group.engagement_id != engagement.pk or enrolment.status == Enrolment.Status.WITHDRAWN:
        raise ValidationError(_("Choose one of this course's groups"))
    if enrolment.group_id == group.pk and enrolment.status == Enrolment.Status.ENROLLED:
        return enrolment
    if _counts(engagement).get(group.pk, 0) >= group.capacity:
        raise ValidationError(
            _("Group %(number)s is full: give it more places, or move someone out first")
            % {"number": group.number}
        )
    left = enrolment.group if enrolment.status == Enrolment.Status.ENROLLED else None
    before = {"status": enrolment.status, "group": left.number if left else None}
    enrolment.status = Enrolment.Status.ENROLLED
    enrolment.group = group
    enrolment.save(update_fields=["status", "group"])
    audit_log(
        actor=moved_by,
        action="enrolment.move",
        obj=enrolment,
        organisation=engagement.organisation,
        before=before,
        after={"status": enrolment.status, "group": group.number},
    )
    if left is not None:
        _promote(engagement, left, moved_by)
    return enrolment


@transaction.atomic
def group_capacity_set(*, group: TrainingGroup, capacity: int, changed_by: Any) -> list[Enrolment]:
    """Change a group's places; new places go to people waiting (returned). A group cannot
    have fewer places than people in it."""
    engagement = group.engagement
    _lock(engagement)
    if capacity < 1:
        raise ValidationError(_("A group needs at least 1 place"))
    people = _counts(engagement).get(group.pk, 0)
    if capacity < people:
        raise ValidationError(
            _(
                "Group %(number)s has %(people)s people: move or withdraw some before giving it "
                "fewer places"
            )
            % {"number": group.number, "people": people}
        )
    before = {"capacity": group.capacity}
    group.capacity = capacity
    group.save(update_fields=["capacity"])
    audit_log(
        actor=changed_by,
        action="training_group.capacity",
        obj=group,
        organisation=engagement.organisation,
        before=before,
        after={"capacity": capacity},
    )
    return _fill(engagement, changed_by)
