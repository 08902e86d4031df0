"""Planning in the app: the input built from the database, the job, the proposal, publishing,
re-planning after a change, and the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from breakaway.accounts.services import api_token_create
from breakaway.scheduling import assignment_services as assigning
from breakaway.scheduling import engagement_services as booking
from breakaway.scheduling.models import Assignment, RotaPlan
from breakaway.scheduling.planning import build_plan_input
from breakaway.scheduling.planning_services import (
    rota_plan_publish,
    rota_plan_start,
    trainer_mark_unavailable,
)
from breakaway.scheduling.tests.factories import (
    design_for,
    engagement_for,
    next_weekday,
    ready_trainer,
    venue_for,
)

pytestmark = pytest.mark.django_db

LEEDS = (53.80, -1.55)


def _plan(provider, user, capture, keep=True):
    with capture(execute=True):
        plan = rota_plan_start(
            provider=provider,
            start=next_weekday(1),
            end=next_weekday(90),
            keep_confirmed=keep,
            started_by=user,
            time_limit=20,
        )
    plan.refresh_from_db()
    return plan


def test_the_input_encodes_modules_and_leaves_out_lapsed_cpd(provider, client_org):
    engagement_for(client_org)
    ready = ready_trainer(provider)
    lapsed = ready_trainer(provider)
    lapsed.cpd_hours_required = 999
    lapsed.save()
    built = build_plan_input(provider=provider, start=next_weekday(1), end=next_weekday(90))
    ids = [t["id"] for t in built.data["trainers"]]
    assert ids == [str(ready.pk)]
    assert any("CPD is not current" in note for note in built.notes)
    (entry,) = built.data["engagements"]
    assert entry["required_qualifications"] == ["first_aid", "module:breakaway-basics"]
    types = {q["type"] for q in built.data["trainers"][0]["qualifications"]}
    assert "module:breakaway-basics" in types


def test_a_plan_runs_proposes_the_nearest_trainer_and_publishes(
    provider, client_org, advisor, mailoutbox, django_capture_on_commit_callbacks
):
    near = ready_trainer(provider, lat=53.48, lon=-2.24)
    far = ready_trainer(provider, lat=51.45, lon=-2.59)
    engagement = engagement_for(client_org)
    plan = _plan(provider, advisor, django_capture_on_commit_callbacks)
    assert plan.status == RotaPlan.Status.DONE, plan.problems
    assert plan.output["status"] == "optimal"
    assert plan.output["assignments"] == [
        {"engagement": str(engagement.pk), "trainers": [str(near.pk)]}
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = rota_plan_publish(plan=plan, published_by=advisor)
    assert (result.added, result.removed, result.trainers_told) == (1, 0, 1)
    assignment = Assignment.objects.get()
    assert (assignment.trainer, assignment.status) == (near, Assignment.Status.PUBLISHED)
    assert mailoutbox[-1].to == [near.user.email]
    assert far.user.email not in [m.to[0] for m in mailoutbox]
    with pytest.raises(ValidationError, match="already"):
        rota_plan_publish(plan=plan, published_by=advisor)


def test_published_assignments_are_kept_unless_told(
    provider, client_org, advisor, django_capture_on_commit_callbacks
):
    ready_trainer(provider, lat=53.48, lon=-2.24)
    far = ready_trainer(provider, lat=51.45, lon=-2.59)
    engagement = engagement_for(client_org)
    assigning.assignment_add(engagement=engagement, trainer=far, assigned_by=advisor)
    kept = _plan(provider, advisor, django_capture_on_commit_callbacks)
    assert kept.input["engagements"][0]["fixed_trainers"] == [str(far.pk)]
    assert kept.output["assignments"][0]["trainers"] == [str(far.pk)]
    free = _plan(provider, advisor, django_capture_on_commit_callbacks, keep=False)
    assert free.output["assignments"][0]["trainers"] != [str(far.pk)]


def test_a_trainer_who_declined_is_not_planned_onto_it_again(
    provider, client_org, advisor, django_capture_on_commit_callbacks
):
    near = ready_trainer(provider, lat=53.48, lon=-2.24)
    other = ready_trainer(provider, lat=51.45, lon=-2.59)
    engagement = engagement_for(client_org)
    assignment = assigning.assignment_add(engagement=engagement, trainer=near, assigned_by=advisor)
    assigning.assignment_decline(assignment=assignment, reason="Ill", declined_by=near.user)
    plan = _plan(provider, advisor, django_capture_on_commit_callbacks)
    assert plan.output["assignments"][0]["trainers"] == [str(other.pk)]


def test_publishing_is_refused_when_the_rota_changed_since(
    provider, client_org, advisor, django_capture_on_commit_callbacks
):
    trainer = ready_trainer(provider)
    engagement = engagement_for(client_org)
    plan = _plan(provider, advisor, django_capture_on_commit_callbacks)
    assigning.assignment_add(engagement=engagement, trainer=trainer, assigned_by=advisor)
    with pytest.raises(ValidationError, match="changed since"):
        rota_plan_publish(plan=plan, published_by=advisor)


def test_an_uncovered_engagement_says_why(provider, client_org, advisor,
                                          django_capture_on_commit_callbacks):  # fmt: skip
    engagement = engagement_for(client_org, trainers_needed=2)
    ready_trainer(provider)
    plan = _plan(provider, advisor, django_capture_on_commit_callbacks)
    (uncovered,) = plan.output["unassigned"]
    assert uncovered["engagement"] == str(engagement.pk)
    assert uncovered["reason"]


def test_a_trainer_falling_ill_replans_only_their_work_and_tells_everyone(
    provider, client_org, other_client, advisor, mailoutbox, django_capture_on_commit_callbacks
):
    ill = ready_trainer(provider, lat=53.48, lon=-2.24)
    cover = ready_trainer(provider, lat=53.50, lon=-2.20)
    design = design_for(client_org)
    hit = engagement_for(client_org, days=[next_weekday(30)], design=design)
    later_day = next_weekday(60)
    untouched = engagement_for(other_client, days=[later_day])
    assigning.assignment_add(engagement=hit, trainer=ill, assigned_by=advisor)
    assigning.assignment_add(engagement=untouched, trainer=ill, assigned_by=advisor)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        plan = trainer_mark_unavailable(
            trainer=ill,
            starts_on=next_weekday(30),
            ends_on=next_weekday(30) + datetime.timedelta(days=2),
            note="Ill",
            marked_by=advisor,
        )
    plan.refresh_from_db()
    assert plan.kind == RotaPlan.Kind.REPLAN
    assert plan.published_at is not None, plan.problems
    assert plan.scope == [hit.pk]
    assert set(Assignment.objects.values_list("engagement_id", "trainer_id")) == {
        (hit.pk, cover.pk),
        (untouched.pk, ill.pk),
    }
    told = sorted(m.to[0] for m in mailoutbox)
    assert told == sorted([ill.user.email, cover.user.email])


def test_moving_an_engagement_keeps_trainers_who_can_still_work_it(
    provider, client_org, advisor, mailoutbox, django_capture_on_commit_callbacks
):
    trainer = ready_trainer(provider)
    engagement = engagement_for(client_org)
    assigning.assignment_add(engagement=engagement, trainer=trainer, assigned_by=advisor)
    with django_capture_on_commit_callbacks(execute=True):
        booking.engagement_move(engagement=engagement, days=[next_weekday(50)], moved_by=advisor)
    assert Assignment.objects.get().trainer == trainer
    assert "new dates" in mailoutbox[-1].body
    assert RotaPlan.objects.get().kind == RotaPlan.Kind.REPLAN


def test_the_plan_page_shows_progress_then_the_proposal(
    client, provider, client_org, advisor, django_capture_on_commit_callbacks
):
    ready_trainer(provider)
    engagement_for(client_org)
    client.force_login(advisor)
    queued = RotaPlan.objects.create(provider=provider)
    url = reverse("scheduling:plan_detail", kwargs={"pk": queued.pk})
    assert "Planning the rota" in client.get(url).text
    assert "progress__bar" in client.get(url, HTTP_HX_REQUEST="true").text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("scheduling:plan_new"),
            {"start": next_weekday(1).strftime("%d/%m/%Y"),
             "end": next_weekday(90).strftime("%d/%m/%Y"), "keep_confirmed": "on"},
        )  # fmt: skip
    page = client.get(response["Location"])
    assert "Proposed rota" in page.text
    assert "Publish the rota" in page.text
    done = RotaPlan.objects.exclude(pk=queued.pk).get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("scheduling:plan_publish", kwargs={"pk": done.pk}))
    assert Assignment.objects.count() == 1


def test_the_api_answers_202_and_the_job_reports_the_output(
    client, advisor, django_capture_on_commit_callbacks
):
    from breakaway.core.tests.permission_policy import SMALL_ROTA

    _token, secret = api_token_create(user=advisor, name="test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/rota/plan", SMALL_ROTA, content_type="application/json",
                               **headers)  # fmt: skip
    assert response.status_code == 202
    job = response.json()
    polled = client.get(job["url"], **headers).json()
    assert polled["status"] == "done"
    assert polled["result"]["assignments"] == [{"engagement": "E1", "trainers": ["T1"]}]


def test_the_api_lists_every_problem_in_bad_input(client, advisor):
    _token, secret = api_token_create(user=advisor, name="test")
    bad = {"horizon": {"start": "2027-03-01", "end": "nope"}, "trainers": [], "engagements": [{}]}
    response = client.post("/api/v1/rota/plan", bad, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {secret}")  # fmt: skip
    assert response.status_code == 422
    assert len(response.json()["problems"]) >= 2
    assert not RotaPlan.objects.exists()


def test_another_providers_plan_is_not_found(client, advisor):
    from breakaway.accounts.tests.factories import ProviderFactory

    plan = RotaPlan.objects.create(provider=ProviderFactory(name="Elsewhere Training"))
    _token, secret = api_token_create(user=advisor, name="test")
    response = client.get(f"/api/v1/rota/plan/{plan.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 404


def test_venues_far_apart_still_plan(provider, client_org, advisor,
                                     django_capture_on_commit_callbacks):  # fmt: skip
    ready_trainer(provider)
    engagement_for(client_org, venue=venue_for(client_org, name="Leeds site", lat=LEEDS[0],
                                               lon=LEEDS[1]))  # fmt: skip
    plan = _plan(provider, advisor, django_capture_on_commit_callbacks)
    assert plan.output["cost"] > 0
