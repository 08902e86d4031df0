"""Building a roster: capacity, the waiting list's order, refilling a withdrawn place, and
all-or-nothing errors by row."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from breakaway.core.models import AuditEntry
from breakaway.delivery import roster_import
from breakaway.delivery.models import Enrolment, StaffMember, TrainingGroup
from breakaway.delivery.roster_selectors import roster_for
from breakaway.delivery.roster_services import (
    RosterErrors,
    enrolment_move,
    enrolment_withdraw,
    group_capacity_set,
    group_default_capacity,
    roster_add,
    roster_add_lines,
    roster_add_person,
)
from breakaway.delivery.tests.roster_fixtures import make_engagement, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(client_org):
    return make_engagement(client_org, groups=2, capacity=2)


def test_people_fill_the_groups_in_turn_then_the_waiting_list(engagement, client_org):
    result = roster_add(engagement=engagement, people=people(client_org, 6), added_by=None)
    assert len(result.enrolled) == 4
    assert len(result.waiting) == 2
    roster = roster_for(engagement=engagement)
    assert [len(row.people) for row in roster.groups] == [2, 2]
    assert roster.enrolled == 4
    assert roster.places == 4
    assert {e.status for e in roster.waiting} == {Enrolment.Status.WAITING}


def test_a_withdrawn_place_goes_to_the_first_person_waiting_who_is_told(
    engagement, client_org, django_capture_on_commit_callbacks
):
    first_group = people(client_org, 4)
    roster_add(engagement=engagement, people=first_group, added_by=None)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=1)):
        early = people(client_org, 1, first_name="Early")
        roster_add(engagement=engagement, people=early, added_by=None)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        roster_add(engagement=engagement, people=people(client_org, 1), added_by=None)
    leaving = Enrolment.objects.get(staff_member=first_group[0])
    place = leaving.group
    with django_capture_on_commit_callbacks(execute=True):
        promoted = enrolment_withdraw(enrolment=leaving, withdrawn_by=None, reason="Leave")
    assert promoted.staff_member == early[0]
    promoted.refresh_from_db()
    assert (promoted.status, promoted.group) == (Enrolment.Status.ENROLLED, place)
    assert promoted.invited_at is not None
    assert [m.to for m in mail.outbox] == [[early[0].email]]
    assert "/a/" in mail.outbox[0].body
    leaving.refresh_from_db()
    assert (leaving.status, leaving.group) == (Enrolment.Status.WITHDRAWN, None)
    assert AuditEntry.objects.filter(action="enrolment.place_offered").count() == 1


def test_withdrawing_someone_waiting_gives_no_place_away(engagement, client_org):
    roster_add(engagement=engagement, people=people(client_org, 6), added_by=None)
    waiting = Enrolment.objects.filter(status=Enrolment.Status.WAITING).first()
    assert enrolment_withdraw(enrolment=waiting, withdrawn_by=None) is None
    assert Enrolment.objects.filter(status=Enrolment.Status.WAITING).count() == 1


def test_withdrawing_twice_changes_nothing_more(engagement, client_org):
    roster_add(engagement=engagement, people=people(client_org, 1), added_by=None)
    enrolment = Enrolment.objects.get()
    enrolment_withdraw(enrolment=enrolment, withdrawn_by=None)
    assert enrolment_withdraw(enrolment=enrolment, withdrawn_by=None) is None
    assert AuditEntry.objects.filter(action="enrolment.withdraw").count() == 1


def test_someone_withdrawn_can_be_added_again_at_the_back(engagement, client_org):
    person = people(client_org, 1)
    roster_add(engagement=engagement, people=person, added_by=None)
    enrolment_withdraw(enrolment=Enrolment.objects.get(), withdrawn_by=None)
    roster_add(engagement=engagement, people=person, added_by=None)
    assert Enrolment.objects.get().status == Enrolment.Status.ENROLLED


def test_a_full_group_asked_for_is_an_error_by_row_and_nothing_is_added(engagement, client_org):
    with pytest.raises(RosterErrors) as caught:
        roster_add(engagement=engagement, people=people(client_org, 3), added_by=None, group=1)
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "group")]
    assert "over capacity" in caught.value.errors[0].error
    assert not Enrolment.objects.exists()


def test_a_pasted_list_reports_every_problem_by_row_and_adds_no_one(engagement, client_org):
    jane, bob = people(client_org, 2)
    roster_add(engagement=engagement, people=[bob], added_by=None)
    text = "\n".join(
        [
            "Employee number",
            jane.employee_number,
            "not-an-email@",
            jane.email.upper(),
            bob.employee_number,
            "99999999",
            f"{people(client_org, 1)[0].employee_number}, 7",
        ]
    )
    with pytest.raises(RosterErrors) as caught:
        roster_add_lines(
            engagement=engagement, lines=roster_import.read_roster_text(text), added_by=None
        )
    errors = [(e.row, e.column) for e in caught.value.errors]
    assert errors == [
        (3, "email"),
        (4, "person"),
        (5, "person"),
        (6, "employee_number"),
        (7, "group"),
    ]
    assert "already on row 2" in caught.value.errors[1].error
    assert "already on this roster" in caught.value.errors[2].error
    assert Enrolment.objects.count() == 1


def test_a_pasted_list_with_groups_puts_people_where_asked(engagement, client_org):
    a, b, c = people(client_org, 3)
    text = f"{a.employee_number}, 2\n\n{b.email}\t2\n{c.employee_number}"
    result = roster_add_lines(
        engagement=engagement, lines=roster_import.read_roster_text(text), added_by=None
    )
    groups = {e.staff_member_id: e.group.number for e in result.enrolled}
    assert groups == {a.pk: 2, b.pk: 2, c.pk: 1}


def test_an_uploaded_workbook_is_read_like_a_pasted_list(engagement, client_org, tmp_path):
    from openpyxl import Workbook

    person = people(client_org, 1)[0]
    book = Workbook()
    book.active.append(["Employee Number", "Group"])
    book.active.append([int(person.employee_number), 2])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    lines = roster_import.read_roster_file("roster.xlsx", path.read_bytes())
    result = roster_add_lines(engagement=engagement, lines=lines, added_by=None)
    assert result.enrolled[0].group.number == 2


def test_adding_a_person_by_hand_puts_them_on_the_staff_list_and_the_roster(engagement):
    member = StaffMember(first_name="New", last_name="Starter", email="New.Starter@Example.org")
    enrolment = roster_add_person(engagement=engagement, member=member, added_by=None)
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert StaffMember.objects.get(last_name="Starter").email == "new.starter@example.org"


def test_moving_into_a_full_group_is_refused(engagement, client_org):
    roster_add(engagement=engagement, people=people(client_org, 4), added_by=None)
    group_one, group_two = TrainingGroup.objects.order_by("number")
    someone = Enrolment.objects.filter(group=group_one).first()
    with pytest.raises(ValidationError):
        enrolment_move(enrolment=someone, group=group_two, moved_by=None)


def test_moving_someone_out_of_a_group_gives_their_place_to_the_waiting_list(
    engagement, client_org
):
    roster_add(engagement=engagement, people=people(client_org, 3), added_by=None, group=None)
    group_one, group_two = TrainingGroup.objects.order_by("number")
    group_capacity_set(group=group_two, capacity=3, changed_by=None)
    moving = Enrolment.objects.filter(group=group_one).first()
    enrolment_move(enrolment=moving, group=group_two, moved_by=None)
    assert Enrolment.objects.filter(group=group_two).count() == 2


def test_more_places_fill_from_the_waiting_list_and_fewer_than_people_are_refused(
    engagement, client_org
):
    roster_add(engagement=engagement, people=people(client_org, 6), added_by=None)
    group = TrainingGroup.objects.get(number=1)
    group.engagement = engagement
    promoted = group_capacity_set(group=group, capacity=3, changed_by=None)
    assert len(promoted) == 1
    with pytest.raises(ValidationError):
        group_capacity_set(group=group, capacity=1, changed_by=None)


def test_group_places_default_to_the_designs_headcount_shared_between_its_groups(client_org):
    engagement = make_engagement(client_org, groups=1, capacity=None)
    groups = len(engagement.design.versions.get().course["groups"])
    expected = -(-engagement.design.headcount // groups)
    assert group_default_capacity(engagement) == expected
    assert TrainingGroup.objects.get(engagement=engagement).capacity == expected
