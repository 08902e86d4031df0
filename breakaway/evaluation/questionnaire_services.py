"""Questionnaires for an engagement (before, at the end, and at follow-up), answers saved page
by page and submitted once, and the follow-up reminders the tick sends.

Windows (Europe/London days):
- pre: opens when the roster's first invitation went, or 14 days before the first day if
  that is earlier; closes at the end of the first day;
- post: opens at the start of the last day; closes at the end of the seventh day after it;
- follow-up: opens `BREAKAWAY_FOLLOW_UP_WEEKS` (12) weeks after the last day; closes four
  weeks later.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Final

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from breakaway.core.audit import audit_log, audit_values
from breakaway.core.emails import email_send
from breakaway.core.models import AuditEntry
from breakaway.delivery.attendee_services import attendee_link_expiry, attendee_url, course_title
from breakaway.delivery.links import attendee_link_create
from breakaway.delivery.models import Enrolment
from breakaway.evaluation.models import (
    InstrumentVersion,
    Phase,
    Questionnaire,
    QuestionnaireReminder,
    Response,
)
from breakaway.evaluation.shipped import shipped_instruments_load
from breakaway.scheduling.models import Engagement

logger = logging.getLogger(__name__)

PRE_OPENS_BEFORE: Final = dt.timedelta(days=14)
POST_OPEN_DAYS: Final = 7
CLOSING_REMINDER: Final = dt.timedelta(days=7)
SUBMIT_ACTION: Final = "response.submit"
# Our own instruments each phase asks, by key.
PHASE_INSTRUMENTS: Final = {
    Phase.PRE: ("breakaway-confidence", "breakaway-knowledge"),
    Phase.POST: ("breakaway-confidence", "breakaway-knowledge", "breakaway-reaction"),
    Phase.FOLLOW_UP: ("breakaway-confidence", "breakaway-knowledge", "breakaway-follow-up"),
}


def follow_up_weeks() -> int:
    return int(settings.BREAKAWAY_FOLLOW_UP_WEEKS)


def follow_up_open() -> dt.timedelta:
    return dt.timedelta(weeks=settings.BREAKAWAY_FOLLOW_UP_OPEN_WEEKS)


def _midnight(day: dt.date) -> dt.datetime:
    """The start of a day in Europe/London, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def questionnaire_windows(*, engagement: Engagement) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """When each phase opens and closes; empty while the engagement has no days."""
    dates = sorted(day.date for day in engagement.days.all())
    if not dates:
        return {}
    first, last = dates[0], dates[-1]
    pre_opens = _midnight(first) - PRE_OPENS_BEFORE
    invited = Enrolment.objects.filter(engagement=engagement).aggregate(first=Min("invited_at"))
    if invited["first"] is not None and invited["first"] < pre_opens:
        pre_opens = invited["first"]
    follow_up_day = last + dt.timedelta(weeks=follow_up_weeks())
    return {
        Phase.PRE: (pre_opens, _midnight(first + dt.timedelta(days=1))),
        Phase.POST: (_midnight(last), _midnight(last + dt.timedelta(days=POST_OPEN_DAYS + 1))),
        Phase.FOLLOW_UP: (_midnight(follow_up_day), _midnight(follow_up_day + follow_up_open())),
    }


def shipped_versions() -> dict[str, InstrumentVersion]:
    """The current version of each of our own instruments, by key (loaded if missing)."""
    keys = {key for keys in PHASE_INSTRUMENTS.values() for key in keys}
    found: dict[str, InstrumentVersion] = {}
    for version in (
        InstrumentVersion.objects.filter(instrument__owner__isnull=True, instrument__key__in=keys)
        .select_related("instrument")
        .order_by("instrument_id", "-number")
    ):
        found.setdefault(version.instrument.key, version)
    if set(found) != keys:
        shipped_instruments_load()
        return shipped_versions()
    return found


def _ensure(engagement: Engagement) -> tuple[list[Questionnaire], int]:
    if engagement.status == Engagement.Status.CANCELLED:
        return [], 0
    windows = questionnaire_windows(engagement=engagement)
    if not windows:
        return [], 0
    existing = {q.phase: q for q in Questionnaire.objects.filter(engagement=engagement)}
    versions: dict[str, InstrumentVersion] | None = None
    made = 0
    result = []
    for phase, (opens_at, closes_at) in windows.items():
        questionnaire = existing.get(phase)
        if questionnaire is None:
            versions = versions or shipped_versions()
            try:
                with transaction.atomic():
                    questionnaire = Questionnaire.objects.create(
                        engagement=engagement, phase=phase, opens_at=opens_at, closes_at=closes_at
                    )
                    questionnaire.instruments.set(
                        [versions[key] for key in PHASE_INSTRUMENTS[phase]]  # type: ignore[index]
                    )
            except IntegrityError:  # made at the same moment by another request
                questionnaire = Questionnaire.objects.get(engagement=engagement, phase=phase)
            else:
                made += 1
                audit_log(
                    actor=None,
                    action="questionnaire.create",
                    obj=questionnaire,
                    organisation=engagement.organisation,
                    after={
                        "phase": phase,
                        "opens_at": opens_at.isoformat(),
                        "closes_at": closes_at.isoformat(),
                    },
                )
        elif (questionnaire.opens_at, questionnaire.closes_at) != (opens_at, closes_at):
            # The engagement moved, or its invitations went early: follow it.
            before = {"opens_at": questionnaire.opens_at, "closes_at": questionnaire.closes_at}
            questionnaire.opens_at, questionnaire.closes_at = opens_at, closes_at
            questionnaire.save(update_fields=["opens_at", "closes_at"])
            audit_log(
                actor=None,
                action="questionnaire.reschedule",
                obj=questionnaire,
                organisation=engagement.organisation,
                before={k: v.isoformat() for k, v in before.items()},
                after={"opens_at": opens_at.isoformat(), "closes_at": closes_at.isoformat()},
            )
        result.append(questionnaire)
    return result, made


def questionnaires_ensure(*, engagement: Engagement) -> list[Questionnaire]:
    """The engagement's pre, post and follow-up questionnaires, made with our own instruments
    where missing and kept in step with its dates. Idempotent; none for a cancelled one."""
    return _ensure(engagement)[0]


# Answering -----------------------------------------------------------------------------------


class AlreadySubmittedError(Exception):
    """The answers were sent already: they are not changed."""


def _online_response(
    questionnaire: Questionnaire, enrolment: Enrolment, version: InstrumentVersion
) -> Response:
    lookup = {
        "questionnaire": questionnaire,
        "enrolment": enrolment,
        "instrument_version": version,
        "source": Response.Source.ONLINE,
    }
    response = Response.objects.filter(**lookup).first()
    if response is not None:
        return response
    try:
        with transaction.atomic():
            return Response.objects.create(**lookup)
    except IntegrityError:  # another tab or tap made it a moment ago
        return Response.objects.get(**lookup)


@transaction.atomic
def response_answers_save(
    *,
    questionnaire: Questionnaire,
    enrolment: Enrolment,
    version: InstrumentVersion,
    answers: dict[str, Any],
) -> Response:
    """Keep one page's answers (added to the earlier pages'); refused once sent."""
    response = _online_response(questionnaire, enrolment, version)
    response = Response.objects.select_for_update(of=("self",)).get(pk=response.pk)
    if response.submitted_at is not None:
        raise AlreadySubmittedError
    response.answers = {**response.answers, **answers}
    response.updated_at = timezone.now()
    response.save(update_fields=["answers", "updated_at"])
    return response


def response_submit(
    *,
    questionnaire: Questionnaire,
    enrolment: Enrolment,
    version: InstrumentVersion,
    response: Response | None = None,
) -> tuple[Response, bool]:
    """Send the answers: `submitted_at` is set once, whatever the number of taps or retries;
    returns the response and whether this call sent it. `response` is the person's online
    response when the caller has it already (with its relations), saving the look-ups."""
    response = response or _online_response(questionnaire, enrolment, version)
    now = timezone.now()
    organisation = questionnaire.engagement.organisation
    after = {"submitted_at": now.isoformat(), "phase": questionnaire.phase}
    if connection.vendor == "postgresql":
        sent = _send_and_audit_in_one_statement(response, organisation, after, now)
    else:
        with transaction.atomic():
            sent = bool(
                Response.objects.filter(pk=response.pk, submitted_at__isnull=True).update(
                    submitted_at=now, updated_at=now
                )
            )
            if sent:
                audit_log(
                    actor=None,
                    action=SUBMIT_ACTION,
                    obj=response,
                    organisation=organisation,
                    after=after,
                )
    if sent:
        response.submitted_at = response.updated_at = now
    else:  # another tap or retry sent it first: its time is the one stored
        response.refresh_from_db(fields=["submitted_at", "updated_at"])
    return response, sent


def _send_and_audit_in_one_statement(
    response: Response, organisation: Any, after: dict[str, Any], now: dt.datetime
) -> bool:
    """On PostgreSQL, the update and its audit line as one statement (atomic on its own): one
    round trip to the server instead of four (begin, update, insert, commit), which is most of
    what sending costs when a room sends at once. The audit line's values are `audit_log`'s."""
    audit = {f.name: f for f in AuditEntry._meta.concrete_fields}
    values = audit_values(
        actor=None, action=SUBMIT_ACTION, obj=response, after=after, organisation=organisation
    )
    values["organisation"] = organisation.pk if organisation is not None else None
    values["created_at"] = now
    columns = ", ".join(connection.ops.quote_name(audit[name].column) for name in values)
    params = [audit[name].get_db_prep_save(value, connection) for name, value in values.items()]
    placeholders = ", ".join(["%s"] * len(values))
    table = connection.ops.quote_name
    # Only our own table and column names are interpolated; the values are parameters.
    sql = (
        f"WITH sent AS (UPDATE {table(Response._meta.db_table)}"  # noqa: S608
        " SET submitted_at = %s, updated_at = %s WHERE id = %s AND submitted_at IS NULL"
        f" RETURNING id) INSERT INTO {table(AuditEntry._meta.db_table)} ({columns})"
        f" SELECT {placeholders} FROM sent"
    )
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(sql, [at, at, response.pk, *params])
        return cursor.rowcount == 1


# Follow-up reminders -------------------------------------------------------------------------


def _reminder_kind(questionnaire: Questionnaire, now: dt.datetime) -> str:
    if now >= questionnaire.closes_at - CLOSING_REMINDER:
        return QuestionnaireReminder.Kind.CLOSING
    return QuestionnaireReminder.Kind.OPENED


def _finished(questionnaire: Questionnaire) -> set[int]:
    """Enrolments that have sent every instrument of the questionnaire."""
    wanted = set(questionnaire.instruments.values_list("pk", flat=True))
    sent: dict[int, set[int]] = {}
    for enrolment_id, version_id in Response.objects.filter(
        questionnaire=questionnaire, submitted_at__isnull=False
    ).values_list("enrolment_id", "instrument_version_id"):
        sent.setdefault(enrolment_id, set()).add(version_id)
    return {enrolment_id for enrolment_id, versions in sent.items() if versions >= wanted}


def _remind(questionnaire: Questionnaire, enrolment: Enrolment, kind: str) -> bool:
    person = enrolment.staff_member
    try:
        with transaction.atomic():
            reminder = QuestionnaireReminder.objects.create(
                questionnaire=questionnaire, enrolment=enrolment, kind=kind
            )
            # A fresh link that lasts until the questionnaire closes (the invitation's may not).
            expires_at = max(
                attendee_link_expiry(staff_member=person),
                questionnaire.closes_at + dt.timedelta(days=1),
            )
            _link, token = attendee_link_create(staff_member=person, expires_at=expires_at)
            engagement = questionnaire.engagement
            provider = engagement.organisation.provider or engagement.organisation
            email_send(
                template="questionnaire_follow_up",
                to=[person.email],
                context={
                    "name": person.first_name or person.full_name,
                    "course": course_title(engagement),
                    "provider": provider.name,
                    "closes_on": timezone.localtime(
                        questionnaire.closes_at - dt.timedelta(days=1)
                    ).date(),
                    "closing": kind == QuestionnaireReminder.Kind.CLOSING,
                    "link": attendee_url(token),
                },
            )
            audit_log(
                actor=None,
                action=f"questionnaire.remind.{kind}",
                obj=reminder,
                organisation=engagement.organisation,
                after={"enrolment": enrolment.pk, "kind": kind},
            )
    except IntegrityError:  # another tick sent it
        return False
    return True


def follow_up_reminders_send(*, now: dt.datetime) -> int:
    """E-mail everyone whose follow-up questionnaire is open and not yet sent: once when it
    opens and once in its last week. Each reminder is recorded, so it goes once."""
    sent = 0
    open_now = (
        Questionnaire.objects.filter(phase=Phase.FOLLOW_UP, opens_at__lte=now, closes_at__gt=now)
        .exclude(engagement__status=Engagement.Status.CANCELLED)
        .select_related("engagement__organisation__provider", "engagement__design")
    )
    for questionnaire in open_now:
        kind = _reminder_kind(questionnaire, now)
        done = _finished(questionnaire) | set(
            QuestionnaireReminder.objects.filter(
                questionnaire=questionnaire, kind=kind
            ).values_list("enrolment_id", flat=True)
        )
        people = (
            Enrolment.objects.filter(
                engagement=questionnaire.engagement, status=Enrolment.Status.ENROLLED
            )
            .exclude(outcome=Enrolment.Outcome.DID_NOT_ATTEND)
            .exclude(staff_member__email="")
            .exclude(pk__in=done)
            .select_related("staff_member")
        )
        for enrolment in people:
            sent += _remind(questionnaire, enrolment, kind)
    return sent


def evaluation_tick(now: dt.datetime) -> dict[str, int]:
    """The periodic job: questionnaires for engagements still in their evaluation period, and
    the follow-up reminders."""
    since = timezone.localtime(now).date() - dt.timedelta(weeks=follow_up_weeks() + 6)
    engagements = (
        Engagement.objects.exclude(status=Engagement.Status.CANCELLED)
        .annotate(last_day=Max("days__date"))
        .filter(last_day__gte=since)
        .prefetch_related("days")
    )
    made = 0
    for engagement in engagements:
        made += _ensure(engagement)[1]
    return {
        "questionnaires_made": made,
        "follow_up_reminders": follow_up_reminders_send(now=now),
    }
