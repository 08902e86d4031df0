"""The day's pages: who may reach them, and what the trainer and the attendee see and do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.core.models import AuditEntry
from breakaway.delivery import day_services as services
from breakaway.delivery.models import Attendance, CompetenceRecord, HealthScreening
from breakaway.delivery.tests.day_fixtures import make_course, make_link, remember

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(client_org, trainer):
    return make_course(client_org=client_org, trainer_user=trainer)


def _pages(course):
    day, engagement, person = course.day, course.engagement, course.enrolments[0]
    return [
        reverse("delivery:day_register", args=[day.pk]),
        reverse("delivery:day_register_code", args=[day.pk]),
        reverse("delivery:day_attendance_mark", args=[day.pk, person.pk]),
        reverse("delivery:competence_list", args=[engagement.pk]),
        reverse("delivery:competence_person", args=[engagement.pk, person.pk]),
        reverse("delivery:training_incident_list", args=[engagement.pk]),
        reverse("delivery:training_incident_new", args=[engagement.pk]),
    ]


def test_the_assigned_trainer_and_the_providers_admin_reach_every_page(
    client, course, trainer, provider_admin
):
    for user in (trainer, provider_admin):
        client.force_login(user)
        for url in _pages(course):
            assert client.get(url).status_code == 200, url


def test_a_trainer_not_on_the_course_gets_404(client, course, provider):
    stranger = UserFactory(membership__organisation=provider, membership__role=Role.TRAINER)
    client.force_login(stranger)
    for url in _pages(course):
        assert client.get(url).status_code == 404, url


def test_a_trainer_who_declined_gets_404(client, course, trainer):
    course.assignment.status = "declined"
    course.assignment.save()
    client.force_login(trainer)
    assert client.get(_pages(course)[0]).status_code == 404


def test_client_staff_cannot_reach_trainer_pages(client, course, client_admin, client_manager):
    for user in (client_admin, client_manager):
        client.force_login(user)
        for url in _pages(course):
            assert client.get(url).status_code == 403, url


def test_another_providers_admin_gets_404(client, course):
    from breakaway.accounts.tests.factories import ProviderFactory

    other = ProviderFactory(name="Elsewhere Training")
    admin = UserFactory(membership__organisation=other, membership__role=Role.PROVIDER_ADMIN)
    client.force_login(admin)
    assert client.get(_pages(course)[0]).status_code == 404


def test_the_register_shows_the_code_on_the_day_and_how_people_signed_in(client, course, trainer):
    services.attendance_sign_in(day=course.day, enrolment=course.enrolments[0])
    HealthScreening.objects.create(
        enrolment=course.enrolments[1],
        answers={"heart": True},
        flagged=True,
        delete_after=course.day.date,
    )
    client.force_login(trainer)
    page = client.get(reverse("delivery:day_register", args=[course.day.pk])).content.decode()
    assert "<svg" in page
    assert 'hx-trigger="load delay:' in page
    assert "Scanned the register code" in page
    assert "Not confirmed" in page
    assert "Confirm 1 sign-in" in page
    assert "Talk to before practice" in page
    assert "heart" not in page.lower().replace("heartbeat", "")


def test_the_code_waits_for_the_day(client, client_org, trainer):
    import datetime as dt

    from django.utils import timezone

    later = make_course(
        client_org=client_org, trainer_user=trainer, date=timezone.localdate() + dt.timedelta(7)
    )
    client.force_login(trainer)
    page = client.get(reverse("delivery:day_register", args=[later.day.pk])).content.decode()
    assert '<svg class="segno"' not in page
    assert "appears here on the day" in page


def test_marking_by_hand_and_confirming(client, course, trainer):
    client.force_login(trainer)
    first, second = course.enrolments[:2]
    url = reverse("delivery:day_attendance_mark", args=[course.day.pk, second.pk])
    response = client.post(url, {"status": "late", "note": "Arrived 09:40"})
    assert response.status_code == 302
    assert Attendance.objects.get(enrolment=second).status == "late"
    services.attendance_sign_in(day=course.day, enrolment=first)
    client.post(reverse("delivery:day_register_confirm", args=[course.day.pk]))
    assert Attendance.objects.get(enrolment=first).confirmed_by == trainer


def test_marking_without_a_status_explains_the_problem(client, course, trainer):
    client.force_login(trainer)
    url = reverse("delivery:day_attendance_mark", args=[course.day.pk, course.enrolments[0].pk])
    response = client.post(url, {"note": "?"})
    assert response.status_code == 400
    assert "Choose how the person attended" in response.content.decode()


def test_competence_for_one_person_saves_results_and_outcome_then_moves_on(client, course, trainer):
    client.force_login(trainer)
    first, second = course.enrolments[:2]
    one, two = course.techniques
    url = reverse("delivery:competence_person", args=[course.engagement.pk, first.pk])
    data = {
        f"result_{one.pk}": "demonstrated",
        f"result_{two.pk}": "needs_practice",
        f"adapted_{two.pk}": "on",
        "outcome": "completed",
        "action": "save",
    }
    response = client.post(url, data)
    assert response["Location"] == reverse(
        "delivery:competence_person", args=[course.engagement.pk, second.pk]
    )
    client.post(url, data)  # a retry
    assert CompetenceRecord.objects.filter(enrolment=first).count() == 2
    assert CompetenceRecord.objects.get(enrolment=first, technique=two).adapted
    first.refresh_from_db()
    assert (first.outcome, first.outcome_by) == ("completed", trainer)
    assert AuditEntry.objects.filter(action="enrolment.outcome").count() == 1


def test_all_demonstrated_records_every_technique(client, course, trainer):
    client.force_login(trainer)
    person = course.enrolments[2]
    url = reverse("delivery:competence_person", args=[course.engagement.pk, person.pk])
    response = client.post(url, {"action": "all_demonstrated"})
    assert response["Location"] == reverse("delivery:competence_list", args=[course.engagement.pk])
    results = set(
        CompetenceRecord.objects.filter(enrolment=person).values_list("result", flat=True)
    )
    assert results == {"demonstrated"}
    assert CompetenceRecord.objects.filter(enrolment=person).count() == 2


def test_logging_an_incident_twice_stores_it_once_and_admins_see_it(
    client, course, trainer, provider_admin
):
    client.force_login(trainer)
    url = reverse("delivery:training_incident_new", args=[course.engagement.pk])
    data = {
        "kind": "injury",
        "happened_on": str(course.day.pk),
        "happened_time": "10:15",
        "people": [course.enrolments[0].pk],
        "description": "Wrist sprain practising the release.",
        "action_taken": "Ice pack; sat out the rest.",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    client.force_login(provider_admin)
    page = client.get(reverse("delivery:training_incident_all")).content.decode()
    assert page.count("Wrist sprain practising the release.") == 1
    assert "Person0 Attendee" in page


def test_the_incident_form_explains_what_is_missing(client, course, trainer):
    client.force_login(trainer)
    url = reverse("delivery:training_incident_new", args=[course.engagement.pk])
    response = client.post(url, {"happened_on": str(course.day.pk), "happened_time": "nonsense"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose injury or near miss" in page
    assert "Describe what happened" in page
    assert "Enter the time it happened, like 14:30" in page


def test_the_provider_wide_incident_list_is_for_admins(client, course, trainer):
    client.force_login(trainer)
    assert client.get(reverse("delivery:training_incident_all")).status_code == 403


# The attendee's scan ----------------------------------------------------------------------------


def _scan_url(course, code=None):
    return reverse(
        "register:scan", args=[course.day.pk, code or services.register_code_now(day=course.day)]
    )


def test_scanning_the_current_code_signs_the_remembered_attendee_in_once(client, course):
    person = course.enrolments[0]
    link, _token = make_link(person)
    remember(client, link)
    first = client.get(_scan_url(course))
    again = client.get(_scan_url(course))
    assert first.status_code == again.status_code == 200
    assert "You are signed in" in first.content.decode()
    assert "You are already signed in" in again.content.decode()
    attendance = Attendance.objects.get(enrolment=person)
    assert (attendance.status, attendance.method) == ("present", "qr")


def test_a_code_older_than_a_minute_is_refused(client, course):
    import time

    link, _token = make_link(course.enrolments[0])
    remember(client, link)
    old = services.register_code_now(day=course.day, now=time.time() - 61)
    response = client.get(_scan_url(course, old))
    assert response.status_code == 400
    assert "Ask the trainer to show the code again" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_code_for_another_day_is_refused(client, course, client_org):
    other = make_course(client_org=client_org, people=1)
    link, _token = make_link(course.enrolments[0])
    remember(client, link)
    code = services.register_code_now(day=other.day)
    assert client.get(_scan_url(course, code)).status_code == 400


def test_without_a_remembered_link_the_attendee_is_told_to_open_it_first(client, course):
    response = client.get(_scan_url(course))
    assert response.status_code == 403
    assert "Open your personal link first" in response.content.decode()


def test_someone_not_on_the_course_is_told_so(client, course, client_org):
    other = make_course(client_org=client_org, people=1)
    link, _token = make_link(other.enrolments[0])
    remember(client, link)
    response = client.get(_scan_url(course))
    assert response.status_code == 403
    assert "not on the list for this course" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_register_and_competence_list_take_the_same_queries_for_more_people(
    client, client_org, trainer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(trainer)

    def queries(people: int) -> list[int]:
        course = make_course(client_org=client_org, trainer_user=trainer, people=people)
        for person in course.enrolments:
            services.attendance_sign_in(day=course.day, enrolment=person)
        counts = []
        for url in (
            reverse("delivery:day_register", args=[course.day.pk]),
            reverse("delivery:competence_list", args=[course.engagement.pk]),
        ):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    assert queries(2) == queries(12)
