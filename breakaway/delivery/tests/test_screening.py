"""Health screening: flagging, an idempotent submit, who may read answers (audited, never the
values), "talked to them", and deletion after the course by `tick`."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.core.models import AuditEntry
from breakaway.delivery.attendee_services import attendee_link_expiry
from breakaway.delivery.links import attendee_link_create
from breakaway.delivery.models import Enrolment, HealthScreening
from breakaway.delivery.roster_services import roster_add
from breakaway.delivery.screening_services import (
    GROUPS,
    QUESTIONS,
    screening_retention_run,
    screening_submit,
)
from breakaway.delivery.tests.roster_fixtures import assign, make_engagement, people

pytestmark = pytest.mark.django_db

NO = dict.fromkeys(QUESTIONS, "no")


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def engagement(client_org):
    return make_engagement(client_org, days_ahead=7)


@pytest.fixture
def enrolment(engagement, client_org):
    roster_add(engagement=engagement, people=people(client_org, 1), added_by=None)
    return Enrolment.objects.select_related("engagement", "staff_member").get()


@pytest.fixture
def lead(provider):
    return UserFactory(
        membership__organisation=provider,
        membership__role=Role.ADVISOR,
        membership__is_safeguarding_lead=True,
    )


def test_any_yes_flags_the_person(enrolment):
    screening, changed = screening_submit(
        enrolment=enrolment, answers={**NO, "pregnancy": "yes"}, adjustments="", consent=True
    )
    assert changed
    assert screening.flagged
    last_day = timezone.localdate() + dt.timedelta(days=7)
    assert screening.delete_after == last_day + dt.timedelta(days=30)


def test_all_no_does_not_flag(enrolment):
    screening, _ = screening_submit(enrolment=enrolment, answers=NO, adjustments="", consent=True)
    assert not screening.flagged


def test_sending_the_same_answers_again_stores_once(enrolment):
    screening_submit(enrolment=enrolment, answers=NO, adjustments="Seated", consent=True)
    _screening, changed = screening_submit(
        enrolment=enrolment, answers=NO, adjustments="Seated", consent=True
    )
    assert not changed
    assert HealthScreening.objects.count() == 1
    assert AuditEntry.objects.filter(action__startswith="screening.").count() == 1


def test_changed_answers_need_a_new_talk(enrolment, trainer):
    screening, _ = screening_submit(
        enrolment=enrolment, answers={**NO, "heart": "yes"}, adjustments="", consent=True
    )
    screening.discussed_by, screening.discussed_at = trainer, timezone.now()
    screening.save()
    screening, changed = screening_submit(
        enrolment=enrolment, answers={**NO, "dizziness": "yes"}, adjustments="", consent=True
    )
    assert changed
    assert screening.discussed_at is None


def test_answers_cannot_change_once_the_course_has_started(enrolment):
    import time_machine

    with (
        time_machine.travel(timezone.now() + dt.timedelta(days=8)),
        pytest.raises(ValidationError, match="started"),
    ):
        screening_submit(enrolment=enrolment, answers=NO, adjustments="", consent=True)


def _token(enrolment):
    _link, token = attendee_link_create(
        staff_member=enrolment.staff_member,
        expires_at=attendee_link_expiry(staff_member=enrolment.staff_member),
    )
    return token


def test_the_attendee_answers_one_group_a_page_and_a_double_tap_stores_once(client, enrolment):
    token = _token(enrolment)
    for group in GROUPS:
        url = reverse("attendee:screening_step", args=[token, enrolment.pk, group.slug])
        page = client.get(url)
        assert page.status_code == 200
        assert page.content.count(b"<legend") == len(group.codes)
        answers = {code: "yes" if code == "recent_injury" else "no" for code in group.codes}
        assert client.post(url, answers).status_code == 302
    adjustments = reverse("attendee:screening_step", args=[token, enrolment.pk, "adjustments"])
    client.post(adjustments, {"adjustments": "Sore knee"})
    check = reverse("attendee:screening_check", args=[token, enrolment.pk])
    page = client.get(check)
    assert b"Sore knee" in page.content
    body = {f.name: f.value() for f in page.context["form"].hidden_fields()} | {"consent": "on"}
    first = client.post(check, body)
    second = client.post(check, body)
    assert first.status_code == second.status_code == 302
    screening = HealthScreening.objects.get()
    assert screening.flagged
    assert screening.answers["recent_injury"] is True
    assert AuditEntry.objects.filter(action="screening.submit").count() == 1


def test_consent_is_required(client, enrolment):
    token = _token(enrolment)
    check = reverse("attendee:screening_check", args=[token, enrolment.pk])
    response = client.post(check, NO)
    assert response.status_code == 400
    assert b"Tick the box to agree" in response.content
    assert not HealthScreening.objects.exists()


@pytest.fixture
def answered(enrolment):
    screening, _ = screening_submit(
        enrolment=enrolment, answers={**NO, "heart": "yes"}, adjustments="", consent=True
    )
    return screening


def test_the_client_and_other_provider_staff_cannot_read_answers(
    client, answered, client_admin, trainer, provider_admin, superuser
):
    urls = [
        reverse("delivery:screening_list", args=[answered.enrolment.engagement_id]),
        reverse("delivery:screening_detail", args=[answered.pk]),
    ]
    for user in (client_admin, trainer, provider_admin, superuser):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    assert not AuditEntry.objects.filter(action__startswith="screening.view").exists()


def test_the_assigned_trainer_and_the_safeguarding_lead_read_answers_and_it_is_audited(
    client, answered, trainer, lead
):
    assign(answered.enrolment.engagement, trainer)
    for user in (trainer, lead):
        client.force_login(user)
        listing = client.get(
            reverse("delivery:screening_list", args=[answered.enrolment.engagement_id])
        )
        assert b"Talk to them before practice" in listing.content
        detail = client.get(reverse("delivery:screening_detail", args=[answered.pk]))
        assert detail.status_code == 200
        assert b"Heart condition" in detail.content
    views = AuditEntry.objects.filter(action="screening.view")
    assert {v.actor for v in views} == {trainer, lead}
    for entry in AuditEntry.objects.filter(action__startswith="screening."):
        written = json.dumps([entry.before, entry.after, entry.object_repr])
        assert "heart" not in written.lower()
        assert "true" not in written.lower()


def test_the_trainer_records_talking_to_them(client, answered, trainer):
    assign(answered.enrolment.engagement, trainer)
    client.force_login(trainer)
    client.post(reverse("delivery:screening_discussed", args=[answered.pk]))
    answered.refresh_from_db()
    assert answered.discussed_by == trainer
    assert answered.discussed_at is not None


def test_tick_deletes_answers_after_the_retention_period_once(answered):
    keep_until = answered.delete_after
    out = StringIO()
    day_after = f"{keep_until + dt.timedelta(days=1)}T09:00"
    call_command(
        "tick", "--now", f"{keep_until}T23:00", "--job", "screening_retention", "--json", stdout=out
    )
    assert json.loads(out.getvalue())["jobs"]["screening_retention"] == {"deleted": 0}
    out = StringIO()
    call_command("tick", "--now", day_after, "--job", "screening_retention", "--json", stdout=out)
    assert json.loads(out.getvalue())["jobs"]["screening_retention"] == {"deleted": 1}
    assert not HealthScreening.objects.exists()
    assert screening_retention_run(timezone.now() + dt.timedelta(days=400)) == {"deleted": 0}
    assert Enrolment.objects.exists()
