"""Retention policies, one per kind of personal data, and the `tick` jobs that enforce them.

Each job is `fn(now) -> counts` and idempotent: what it deletes or pseudonymises is gone from
what it looks for next time. Health-screening answers are deleted by delivery's own job
(`screening_retention`, BREAKAWAY_SCREENING_RETENTION_DAYS); the registry here describes it and
counts what is due so the Data retention page shows every kind in one place.

Audit entries name counts and dates, never a person.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from dataclasses import dataclass
from typing import Any, Final

from django.conf import settings
from django.db import transaction
from django.db.models import Count, DateTimeField, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Organisation
from breakaway.assessments.models import Incident
from breakaway.core.audit import audit_log
from breakaway.core.models import AuditEntry
from breakaway.delivery.certificate_codes import add_months
from breakaway.delivery.models import Certificate, Enrolment, HealthScreening, StaffMember
from breakaway.evaluation.models import Response
from breakaway.learning.models import ItemProgress, LessonProgress, Refresher
from breakaway.privacy.models import Pseudonym, RetentionAgreement
from breakaway.scheduling.models import Engagement

PSEUDONYM_LABEL: Final = "Pseudonymised respondent"
PSEUDONYMISED_RESPONSE: Final = "Pseudonymised response"
# Letters and digits that cannot be mistaken for each other, for references people read out.
ALPHABET: Final = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def short_reference(length: int = 6) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


# Settings ------------------------------------------------------------------------------------


def screening_days() -> int:
    return int(settings.BREAKAWAY_SCREENING_RETENTION_DAYS)


def incident_months_default() -> int:
    return int(settings.BREAKAWAY_INCIDENT_RETENTION_MONTHS)


def response_months() -> int:
    return int(settings.BREAKAWAY_RESPONSE_PSEUDONYMISE_MONTHS)


def learning_months() -> int:
    return int(settings.BREAKAWAY_LEARNING_RETENTION_MONTHS)


def certificate_years() -> int:
    return int(settings.BREAKAWAY_CERTIFICATE_RETENTION_YEARS)


def _today(now: dt.datetime) -> dt.date:
    return timezone.localtime(now).date()


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# What is due: one query each ------------------------------------------------------------------


def incidents_due(today: dt.date) -> Q:
    """Incidents older than their client's agreed months, or the default for the rest."""
    agreements = list(RetentionAgreement.objects.values_list("organisation_id", "incident_months"))
    due = ~Q(organisation_id__in=[org for org, _months in agreements]) & Q(
        occurred_on__lt=add_months(today, -incident_months_default())
    )
    for org, months in agreements:
        due |= Q(organisation_id=org, occurred_on__lt=add_months(today, -months))
    return due


def _last_answer() -> Any:
    return Max(
        Coalesce("responses__submitted_at", "responses__updated_at", output_field=DateTimeField())
    )


def enrolments_to_pseudonymise(today: dt.date) -> Any:
    """Real people's enrolments whose last questionnaire answer is older than the period."""
    cutoff = _midnight(add_months(today, -response_months()))
    return (
        Enrolment.objects.filter(responses__isnull=False, staff_member__pseudonym__isnull=True)
        .annotate(last_answer=_last_answer())
        .filter(last_answer__lt=cutoff)
    )


def learning_cutoff(today: dt.date) -> dt.date:
    return add_months(today, -learning_months())


def certificates_due(today: dt.date) -> Any:
    return Certificate.objects.filter(expires_on__lt=add_months(today, -12 * certificate_years()))


# The jobs -------------------------------------------------------------------------------------


def incidents_retention_run(now: dt.datetime) -> dict[str, int]:
    """Delete incident rows older than the client's agreed period (or the default)."""
    today = _today(now)
    due = incidents_due(today)
    by_org = dict(
        Incident.objects.filter(due).values_list("organisation").annotate(n=Count("pk")).order_by()
    )
    if not by_org:
        return {"deleted": 0}
    with transaction.atomic():
        deleted, _detail = Incident.objects.filter(due).delete()
        for organisation in Organisation.objects.filter(pk__in=by_org):
            audit_log(
                actor=None,
                action="privacy.incidents_delete",
                obj=organisation,
                organisation=organisation,
                after={"deleted": by_org[organisation.pk], "on": today.isoformat()},
            )
    return {"deleted": deleted}


def _pseudonymise(enrolment: Enrolment, now: dt.datetime) -> int:
    """Move one person's responses on one course to a stand-in; returns how many moved."""
    stand_in = StaffMember.objects.create(
        organisation_id=enrolment.staff_member.organisation_id,
        last_name=f"{PSEUDONYM_LABEL} {short_reference()}",
        archived_at=now,
        archive_reason=StaffMember.ArchiveReason.BY_HAND,
        created_at=now,
        updated_at=now,
    )
    Pseudonym.objects.create(staff_member=stand_in, created_at=now)
    # Withdrawn, so attendance figures count the real enrolment only, and no reminder goes.
    stand_in_enrolment = Enrolment.objects.create(
        engagement_id=enrolment.engagement_id,
        staff_member=stand_in,
        status=Enrolment.Status.WITHDRAWN,
        joined_at=now,
        withdrawn_at=now,
    )
    ids = list(Response.objects.filter(enrolment=enrolment).values_list("pk", flat=True))
    Response.objects.filter(pk__in=ids).update(enrolment=stand_in_enrolment)
    # The submission entries named the person: they now name nobody.
    AuditEntry.objects.filter(
        object_type="evaluation.response", object_id__in=[str(pk) for pk in ids]
    ).update(object_repr=PSEUDONYMISED_RESPONSE)
    return len(ids)


def responses_pseudonymise_run(now: dt.datetime) -> dict[str, int]:
    """Cut questionnaire responses from the person once their last answer on a course is older
    than the period: they move, together (pre/post pairs intact), to a stand-in enrolment, so
    every figure stays the same and nothing leads back to the person."""
    enrolments = list(
        enrolments_to_pseudonymise(_today(now)).select_related("staff_member").order_by("pk")
    )
    people: Counter[int] = Counter()
    answers: Counter[int] = Counter()
    for enrolment in enrolments:
        with transaction.atomic():
            # Another tick may have moved them since the list was read.
            if not Response.objects.filter(enrolment=enrolment).exists():
                continue
            answers[enrolment.engagement_id] += _pseudonymise(enrolment, now)
            people[enrolment.engagement_id] += 1
    for engagement in Engagement.objects.filter(pk__in=people).select_related("organisation"):
        audit_log(
            actor=None,
            action="privacy.responses_pseudonymise",
            obj=engagement,
            organisation=engagement.organisation,
            after={"people": people[engagement.pk], "responses": answers[engagement.pk]},
        )
    return {"people": sum(people.values()), "responses": sum(answers.values())}


def learning_retention_run(now: dt.datetime) -> dict[str, int]:
    """Delete refreshers (with their answers) sent, schedules for certificates that expired,
    and lesson progress started, longer ago than the period."""
    cutoff = learning_cutoff(_today(now))
    with transaction.atomic():
        _n, refreshers = Refresher.objects.filter(sent_on__lt=cutoff).delete()
        schedules, _detail = ItemProgress.objects.filter(
            certificate__expires_on__lt=cutoff
        ).delete()
        lessons, _detail = LessonProgress.objects.filter(started_at__lt=_midnight(cutoff)).delete()
    return {
        "refreshers": refreshers.get("learning.Refresher", 0),
        "answers": refreshers.get("learning.RefresherAnswer", 0),
        "schedules": schedules,
        "lessons": lessons,
    }


def certificates_retention_run(now: dt.datetime) -> dict[str, int]:
    """Delete certificates (and their stored PDFs) that expired more than the period ago."""
    certificates = list(certificates_due(_today(now)).select_related("organisation"))
    by_org: Counter[int] = Counter(c.organisation_id for c in certificates)
    files = [c.pdf.name for c in certificates if c.pdf]
    with transaction.atomic():
        Certificate.objects.filter(pk__in=[c.pk for c in certificates]).delete()
        for organisation in Organisation.objects.filter(pk__in=by_org):
            audit_log(
                actor=None,
                action="privacy.certificates_delete",
                obj=organisation,
                organisation=organisation,
                after={"deleted": by_org[organisation.pk]},
            )
        if files:
            storage = certificates[0].pdf.storage
            transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return {"deleted": len(certificates)}


JOBS: Final = {
    "privacy_incidents": incidents_retention_run,
    "privacy_responses": responses_pseudonymise_run,
    "privacy_learning": learning_retention_run,
    "privacy_certificates": certificates_retention_run,
}


# The registry, for the page ------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    key: str
    name: Any
    period: Any
    action: Any
    setting: str
    job: str
    due: int


def policy_list(*, now: dt.datetime | None = None) -> list[Policy]:
    """Every kind of personal data we delete or pseudonymise on a schedule, with how many rows
    are due now (the next tick deals with them). One query per kind, plus one."""
    today = _today(now or timezone.now())
    cutoff = learning_cutoff(today)
    learning_due = (
        Refresher.objects.filter(sent_on__lt=cutoff).count()
        + ItemProgress.objects.filter(certificate__expires_on__lt=cutoff).count()
        + LessonProgress.objects.filter(started_at__lt=_midnight(cutoff)).count()
    )
    return [
        Policy(
            "screening",
            _("Health-screening answers"),
            _("%(n)s days after the course's last day") % {"n": screening_days()},
            _("Deleted"),
            "BREAKAWAY_SCREENING_RETENTION_DAYS",
            "screening_retention",
            HealthScreening.objects.filter(delete_after__lt=today).count(),
        ),
        Policy(
            "incidents",
            _("Incident rows"),
            _("%(n)s months after the incident, unless the client agreed otherwise")
            % {"n": incident_months_default()},
            _("Deleted"),
            "BREAKAWAY_INCIDENT_RETENTION_MONTHS",
            "privacy_incidents",
            Incident.objects.filter(incidents_due(today)).count(),
        ),
        Policy(
            "responses",
            _("Questionnaire responses"),
            _("%(n)s months after the person's last answer on the course")
            % {"n": response_months()},
            _("Pseudonymised: cut from the person; answers and figures kept"),
            "BREAKAWAY_RESPONSE_PSEUDONYMISE_MONTHS",
            "privacy_responses",
            enrolments_to_pseudonymise(today).count(),
        ),
        Policy(
            "learning",
            _("Refresher answers, refresher schedules and lesson progress"),
            _(
                "%(n)s months after they were sent or started (schedules: that long after the "
                "certificate expired)"
            )
            % {"n": learning_months()},
            _("Deleted"),
            "BREAKAWAY_LEARNING_RETENTION_MONTHS",
            "privacy_learning",
            learning_due,
        ),
        Policy(
            "certificates",
            _("Certificates and their PDFs"),
            _("%(n)s years after the certificate expired") % {"n": certificate_years()},
            _("Deleted"),
            "BREAKAWAY_CERTIFICATE_RETENTION_YEARS",
            "privacy_certificates",
            certificates_due(today).count(),
        ),
    ]
