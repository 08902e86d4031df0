"""Engagements and assignments: booking, status, tenancy, eligibility and the trainer's answers."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from breakaway.core.models import AuditEntry
from breakaway.scheduling import assignment_services as assigning
from breakaway.scheduling import engagement_services as booking
from breakaway.scheduling.models import Assignment, Engagement
from breakaway.scheduling.selectors import engagement_candidates, is_urgent, requirements_for
from breakaway.scheduling.tests.factories import (
    design_for,
    engagement_for,
    next_weekday,
    ready_trainer,
    venue_for,
)

pytestmark = pytest.mark.django_db


def test_booking_is_tentative_and_audited(client_org):
    engagement = engagement_for(client_org)
    assert engagement.status == Engagement.Status.TENTATIVE
    assert AuditEntry.objects.filter(action="engagement.create").count() == 1


def test_a_venue_must_be_one_of_the_clients_sites(client_org, other_client):
    with pytest.raises(ValidationError, match="sites"):
        engagement_for(client_org, venue=venue_for(other_client, name="Elsewhere"))


def test_status_moves_forward_only(client_org, advisor):
    engagement = engagement_for(client_org, days=[timezone.localdate() - datetime.timedelta(1)])
    with pytest.raises(ValidationError):
        booking.engagement_close(engagement=engagement, closed_by=advisor)
    booking.engagement_confirm(engagement=engagement, confirmed_by=advisor)
    booking.engagement_deliver(engagement=engagement, delivered_by=advisor)
    engagement = booking.engagement_close(engagement=engagement, closed_by=advisor)
    assert engagement.status == Engagement.Status.CLOSED


def test_an_engagement_cannot_be_delivered_before_its_last_day(client_org, advisor):
    engagement = engagement_for(client_org)
    booking.engagement_confirm(engagement=engagement, confirmed_by=advisor)
    with pytest.raises(ValidationError, match="last day"):
        booking.engagement_deliver(engagement=engagement, delivered_by=advisor)


def test_urgent_when_booked_less_than_four_weeks_ahead(client_org):
    soon = engagement_for(client_org, days=[next_weekday(10)])
    later = engagement_for(client_org, days=[next_weekday(40)])
    assert is_urgent(soon, next_weekday(10))
    assert not is_urgent(later, next_weekday(40))


def test_requirements_come_from_the_modules_trainer_qualifications(client_org):
    needs = requirements_for(engagement=engagement_for(client_org))
    assert needs.qualifications == ("first_aid",)
    assert needs.modules == ("breakaway-basics",)


def test_the_list_takes_the_same_queries_however_many_rows(
    client, advisor, client_org, django_assert_max_num_queries
):
    design = design_for(client_org)
    venue = venue_for(client_org)
    for weeks in range(3):
        engagement_for(client_org, design=design, venue=venue, days=[next_weekday(30 + weeks)])
    client.force_login(advisor)
    client.get(reverse("scheduling:engagement_list"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("scheduling:engagement_list"))
    for weeks in range(12):
        engagement_for(client_org, design=design, venue=venue, days=[next_weekday(40 + weeks)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("scheduling:engagement_list"))
    assert response.status_code == 200


def test_the_list_filters_by_status_and_month_and_flags_urgent(client, advisor, client_org):
    engagement_for(client_org, days=[next_weekday(5)])
    client.force_login(advisor)
    response = client.get(reverse("scheduling:engagement_list"))
    assert "Urgent" in response.text
    month = next_weekday(5).strftime("%Y-%m")
    assert (
        client_org.name in client.get(reverse("scheduling:engagement_list"), {"month": month}).text
    )
    empty = client.get(reverse("scheduling:engagement_list"), {"status": "closed"})
    assert "No engagements match" in empty.text


def test_clients_see_their_own_engagements_read_only(client, client_admin, other_client_admin,
                                                     client_org):  # fmt: skip
    engagement = engagement_for(client_org)
    url = reverse("scheduling:engagement_detail", kwargs={"pk": engagement.pk})
    client.force_login(client_admin)
    page = client.get(url)
    assert page.status_code == 200
    assert "Choose a trainer" not in page.text
    assert "openstreetmap.org" in page.text
    client.force_login(other_client_admin)
    assert client.get(url).status_code == 404


def test_manual_assignment_refuses_a_clash_and_names_the_other_engagement(
    client_org, other_client, provider, advisor, mailoutbox, django_capture_on_commit_callbacks
):
    trainer = ready_trainer(provider)
    day = next_weekday(35)
    first = engagement_for(client_org, days=[day])
    with django_capture_on_commit_callbacks(execute=True):
        assigning.assignment_add(engagement=first, trainer=trainer, assigned_by=advisor)
    assert mailoutbox[-1].to == [trainer.user.email]
    second = engagement_for(other_client, days=[day])
    with pytest.raises(ValidationError) as refused:
        assigning.assignment_add(engagement=second, trainer=trainer, assigned_by=advisor)
    assert any("Already working on" in m and client_org.name in m for m in refused.value.messages)
    assert AuditEntry.objects.filter(action="assignment.add").count() == 1


def test_manual_assignment_never_exceeds_trainers_needed(client_org, provider, advisor):
    engagement = engagement_for(client_org, trainers_needed=1)
    assigning.assignment_add(engagement=engagement, trainer=ready_trainer(provider),
                             assigned_by=advisor)  # fmt: skip
    with pytest.raises(ValidationError, match="has them all"):
        assigning.assignment_add(engagement=engagement, trainer=ready_trainer(provider),
                                 assigned_by=advisor)  # fmt: skip


def test_candidates_show_why_a_trainer_cannot_work_it(client_org, provider):
    ready = ready_trainer(provider)
    lapsed = ready_trainer(provider, modules=[])
    candidates = {c.id: c for c in engagement_candidates(engagement=engagement_for(client_org))}
    assert candidates[ready.pk].eligible
    assert [r.kind for r in candidates[lapsed.pk].reasons] == ["module"]


def test_the_htmx_partial_shows_the_chosen_trainers_reasons(client, advisor, client_org, provider):
    trainer = ready_trainer(provider, modules=[])
    engagement = engagement_for(client_org)
    client.force_login(advisor)
    url = reverse("scheduling:engagement_trainers", kwargs={"pk": engagement.pk})
    partial = client.get(url, {"trainer": trainer.pk}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.text
    assert "cannot work this engagement" in partial.text
    assert "Not yet permitted to teach" in partial.text
    whole = client.get(url, {"trainer": trainer.pk})
    assert "<html" in whole.text


def test_the_assign_form_shows_the_refusal(client, advisor, client_org, provider):
    trainer = ready_trainer(provider, modules=[])
    engagement = engagement_for(client_org)
    client.force_login(advisor)
    response = client.post(
        reverse("scheduling:assignment_add", kwargs={"pk": engagement.pk}), {"trainer": trainer.pk}
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert not Assignment.objects.exists()


def test_a_trainer_accepts_and_declines_telling_the_planners(
    client, provider, client_org, advisor, mailoutbox, django_capture_on_commit_callbacks
):
    trainer = ready_trainer(provider)
    engagement = engagement_for(client_org)
    assignment = assigning.assignment_add(engagement=engagement, trainer=trainer,
                                          assigned_by=advisor)  # fmt: skip
    client.force_login(trainer.user)
    rota = client.get(reverse("scheduling:my_rota"))
    assert client_org.name in rota.text
    assert "Waiting for your answer" in rota.text
    client.post(reverse("scheduling:assignment_accept", kwargs={"pk": assignment.pk}))
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ACCEPTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("scheduling:assignment_decline", kwargs={"pk": assignment.pk}),
            {"reason": "My car is off the road."},
        )
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.DECLINED
    assert advisor.email in mailoutbox[-1].to
    assert "My car is off the road." in mailoutbox[-1].body


def test_a_trainer_cannot_answer_someone_elses_work(client, provider, client_org, advisor):
    assignment = assigning.assignment_add(
        engagement=engagement_for(client_org), trainer=ready_trainer(provider), assigned_by=advisor
    )
    other = ready_trainer(provider)
    client.force_login(other.user)
    url = reverse("scheduling:assignment_accept", kwargs={"pk": assignment.pk})
    assert client.post(url).status_code == 404


def test_cancelling_takes_trainers_off_and_tells_them(
    provider, client_org, advisor, mailoutbox, django_capture_on_commit_callbacks
):
    trainer = ready_trainer(provider)
    engagement = engagement_for(client_org)
    assigning.assignment_add(engagement=engagement, trainer=trainer, assigned_by=advisor)
    with django_capture_on_commit_callbacks(execute=True):
        booking.engagement_cancel(engagement=engagement, reason="Ward closed", terms="50% fee",
                                  cancelled_by=advisor)  # fmt: skip
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.CANCELLED
    assert engagement.cancellation_terms == "50% fee"
    assert not Assignment.objects.exists()
    assert "cancelled" in mailoutbox[-1].body


def test_client_admins_edit_room_notes_of_their_own_sites_only(
    client, client_admin, other_client_admin, client_org
):
    venue = venue_for(client_org)
    url = reverse("scheduling:venue_edit", kwargs={"pk": venue.site_id})
    client.force_login(client_admin)
    response = client.post(url, {"room_notes": "Park behind the chapel.", "lat": "0", "lon": "0"})
    assert response.status_code == 302
    venue.refresh_from_db()
    assert (venue.room_notes, venue.lat) == ("Park behind the chapel.", 53.47)
    client.force_login(other_client_admin)
    assert client.get(url).status_code == 404


def test_provider_staff_set_a_sites_position(client, advisor, client_org):
    venue = venue_for(client_org)
    client.force_login(advisor)
    url = reverse("scheduling:venue_edit", kwargs={"pk": venue.site_id})
    client.post(url, {"lat": "53.8", "lon": "-1.55", "room_notes": ""})
    venue.refresh_from_db()
    assert (venue.lat, venue.lon) == (53.8, -1.55)
    assert AuditEntry.objects.filter(action="venue.save").count() == 2
