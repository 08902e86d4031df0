"""The roster pages: who sees and changes them, constant queries, invitations and letters."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from breakaway.delivery.models import AttendeeLink, Enrolment
from breakaway.delivery.roster_services import roster_add
from breakaway.delivery.tests.roster_fixtures import make_engagement, people
from breakaway.scheduling.models import Assignment
from breakaway.trainers.services import trainer_ensure_for_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(client_org):
    return make_engagement(client_org, groups=2, capacity=3)


def _assign(engagement, user):
    trainer = trainer_ensure_for_user(user=user)
    Assignment.objects.create(
        engagement=engagement, trainer=trainer, status=Assignment.Status.PUBLISHED
    )


def roster_url(engagement):
    return reverse("delivery:roster", args=[engagement.pk])


def test_the_roster_page_takes_the_same_queries_however_many_people(
    client, client_manager, engagement, client_org, django_assert_num_queries
):
    client.force_login(client_manager)
    roster_add(engagement=engagement, people=people(client_org, 2), added_by=None)
    client.get(roster_url(engagement))
    with CaptureQueriesContext(connection) as few:
        client.get(roster_url(engagement))
    roster_add(engagement=engagement, people=people(client_org, 30), added_by=None)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(roster_url(engagement))
    assert response.status_code == 200
    assert b"6 of 6 places taken; 26 waiting." in response.content


def test_an_assigned_trainer_sees_the_roster_but_cannot_change_it(client, trainer, engagement):
    client.force_login(trainer)
    assert client.get(roster_url(engagement)).status_code == 404
    _assign(engagement, trainer)
    response = client.get(roster_url(engagement))
    assert response.status_code == 200
    assert b"Add people from the staff list" not in response.content
    assert b"Health screening" in response.content
    pick = reverse("delivery:roster_pick", args=[engagement.pk])
    assert client.get(pick).status_code == 403


def test_another_client_cannot_see_the_roster(client, other_client_admin, engagement):
    client.force_login(other_client_admin)
    assert client.get(roster_url(engagement)).status_code == 404


def test_picking_people_from_the_staff_list_adds_them(client, advisor, engagement, client_org):
    client.force_login(advisor)
    chosen = people(client_org, 2, team="Ward 3")
    people(client_org, 1, team="Estates")
    url = reverse("delivery:roster_pick", args=[engagement.pk])
    page = client.get(url, {"team": "Ward 3"})
    assert len(page.context["people"]) == 2
    response = client.post(url, {"people": [p.pk for p in chosen], "group": "2"})
    assert response.status_code == 302
    assert set(Enrolment.objects.values_list("group__number", flat=True)) == {2}


def test_a_pasted_list_with_problems_shows_them_by_row(client, client_admin, engagement):
    client.force_login(client_admin)
    url = reverse("delivery:roster_paste", args=[engagement.pk])
    response = client.post(url, {"text": "12345\nbad@"})
    assert response.status_code == 400
    assert [e.row for e in response.context["row_errors"]] == [1, 2]
    assert b"no one was added" in response.content
    assert not Enrolment.objects.exists()


def test_invitations_e_mail_each_person_a_working_link(
    client, client_manager, engagement, client_org, django_capture_on_commit_callbacks
):
    client.force_login(client_manager)
    roster_add(engagement=engagement, people=people(client_org, 2), added_by=None)
    roster_add(engagement=engagement, people=people(client_org, 1, email=""), added_by=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("delivery:roster_invite", args=[engagement.pk]))
    assert len(mail.outbox) == 2
    link = next(line for line in mail.outbox[0].body.splitlines() if "/a/" in line)
    path = link[link.index("/a/") :]
    client.logout()
    assert client.get(path).status_code == 200
    assert Enrolment.objects.filter(invited_at__isnull=False).count() == 2


def test_printing_letters_makes_new_links_with_qr_codes(
    client, client_manager, engagement, client_org
):
    client.force_login(client_manager)
    roster_add(engagement=engagement, people=people(client_org, 2, email=""), added_by=None)
    url = reverse("delivery:roster_letters", args=[engagement.pk])
    response = client.post(url)
    assert response.status_code == 200
    assert response.content.count(b"<svg") == 2
    assert AttendeeLink.objects.filter(revoked_at__isnull=True).count() == 2
    client.post(url)
    assert AttendeeLink.objects.filter(revoked_at__isnull=True).count() == 2
    assert AttendeeLink.objects.filter(revoked_at__isnull=False).count() == 2
    pdf = client.post(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_withdrawing_on_the_web_fills_the_place(client, client_manager, engagement, client_org):
    client.force_login(client_manager)
    roster_add(engagement=engagement, people=people(client_org, 7), added_by=None)
    enrolled = Enrolment.objects.filter(status=Enrolment.Status.ENROLLED).first()
    url = reverse("delivery:roster_withdraw", args=[enrolled.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Moved to nights"}, follow=True)
    assert b"from the waiting list has their place" in response.content
    assert not Enrolment.objects.filter(status=Enrolment.Status.WAITING).exists()


def test_the_organisation_lists_its_rosters(client, client_admin, engagement, client_org):
    client.force_login(client_admin)
    roster_add(engagement=engagement, people=people(client_org, 1), added_by=None)
    response = client.get(reverse("delivery:roster_list", args=[client_org.slug]))
    assert response.status_code == 200
    assert response.context["rows"][0][1] == {"enrolled": 1, "waiting": 0}
