"""Health screening before physical practice (FACTS.md §5): the questions, the attendee's
answers (stored once however often they are sent), the trainer's "talked to them", who read
them (audited, never the values) and their deletion after the course.

This is special-category data. Audit entries here name the action and the person, never an
answer, a flag or an adjustment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from breakaway.catalogue.content import SCREENING
from breakaway.core.audit import audit_log
from breakaway.delivery.models import Enrolment, HealthScreening
from breakaway.scheduling.models import Engagement

DEFAULT_RETENTION_DAYS: Final = 30

# The catalogue's questions plus two the issue adds, in the order they are asked.
QUESTIONS: Final[dict[str, Any]] = {
    "heart": SCREENING["heart"],
    "chest_pain": SCREENING["chest_pain"],
    "dizziness": SCREENING["dizziness"],
    "bone_joint_back": SCREENING["bone_joint_back"],
    "recent_injury": "An injury in the last 6 months, such as a sprain, a strain or a broken bone",
    "heart_bp_medicine": SCREENING["heart_bp_medicine"],
    "medication": "Other medicine that makes you drowsy or dizzy, or affects your balance",
    "pregnancy": SCREENING["pregnancy"],
    "other": SCREENING["other"],
}


@dataclass(frozen=True)
class QuestionGroup:
    slug: str
    legend: Any
    hint: Any
    codes: tuple[str, ...]


# One group a screen: the questions that belong together.
GROUPS: Final = (
    QuestionGroup(
        "heart",
        gettext_lazy("Your heart and breathing"),
        gettext_lazy("Do you have any of these?"),
        ("heart", "chest_pain", "dizziness"),
    ),
    QuestionGroup(
        "joints",
        gettext_lazy("Your bones, joints and injuries"),
        gettext_lazy("Do you have any of these?"),
        ("bone_joint_back", "recent_injury"),
    ),
    QuestionGroup(
        "medicine",
        gettext_lazy("Medicine you take"),
        gettext_lazy("Do you take any of these?"),
        ("heart_bp_medicine", "medication"),
    ),
    QuestionGroup(
        "other",
        gettext_lazy("Pregnancy and anything else"),
        gettext_lazy("Does either of these apply to you?"),
        ("pregnancy", "other"),
    ),
)


def retention_days() -> int:
    return int(getattr(settings, "BREAKAWAY_SCREENING_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def course_days(engagement: Engagement) -> tuple[dt.date | None, dt.date | None]:
    """The engagement's first and last day (one query)."""
    span = engagement.days.aggregate(first=Min("date"), last=Max("date"))
    return span["first"], span["last"]


def screening_delete_after(*, engagement: Engagement) -> dt.date:
    """Answers are kept until the last day of the course plus the retention period."""
    _first, last = course_days(engagement)
    return (last or timezone.localdate()) + dt.timedelta(days=retention_days())


def screening_is_open(*, engagement: Engagement, today: dt.date | None = None) -> bool:
    """Answers can be given or changed until the first day of the course (that morning too)."""
    first, _last = course_days(engagement)
    today = today or timezone.localdate()
    return engagement.status != Engagement.Status.CANCELLED and (first is None or today <= first)


def clean_answers(answers: Mapping[str, Any]) -> dict[str, bool]:
    """Every question answered yes or no; raises ValidationError naming the first missing."""
    cleaned: dict[str, bool] = {}
    for code in QUESTIONS:
        value = answers.get(code)
        if value in (True, "yes"):
            cleaned[code] = True
        elif value in (False, "no"):
            cleaned[code] = False
        else:
            raise ValidationError(_("Answer every question yes or no"), code="unanswered")
    return cleaned


@transaction.atomic
def screening_submit(
    *, enrolment: Enrolment, answers: Mapping[str, Any], adjustments: str, consent: bool
) -> tuple[HealthScreening, bool]:
    """Store the person's answers; any "yes" flags them for the trainer to talk to before
    practice. Sending the same answers again (a double tap, a retry) stores nothing new.
    Returns the screening and whether it changed."""
    engagement = enrolment.engagement
    if not screening_is_open(engagement=engagement):
        raise ValidationError(_("The course has started: tell your trainer instead"))
    if not consent:
        raise ValidationError(_("Confirm that you agree to take part"), code="consent")
    cleaned = clean_answers(answers)
    adjustments = adjustments.strip()[:2000]
    flagged = any(cleaned.values())
    # Lock the enrolment so two taps at once store once.
    Enrolment.objects.select_for_update(of=("self",)).filter(pk=enrolment.pk).first()
    screening = HealthScreening.objects.filter(enrolment=enrolment).first()
    if screening is not None and (screening.answers, screening.adjustments, screening.consent) == (
        cleaned,
        adjustments,
        True,
    ):
        return screening, False
    changed = screening is not None
    if screening is None:
        screening = HealthScreening(enrolment=enrolment)
    screening.answers = cleaned
    screening.adjustments = adjustments
    screening.consent = True
    screening.flagged = flagged
    screening.submitted_at = timezone.now()
    # New answers need a new conversation.
    screening.discussed_by = None
    screening.discussed_at = None
    screening.delete_after = screening_delete_after(engagement=engagement)
    screening.full_clean()
    screening.save()
    audit_log(
        actor=None,
        action="screening.change" if changed else "screening.submit",
        obj=screening,
        organisation=engagement.organisation,
    )
    return screening, True


@transaction.atomic
def screening_mark_discussed(*, screening: HealthScreening, discussed_by: Any) -> HealthScreening:
    """The trainer has talked to the person about their answers before practice."""
    if screening.discussed_at is None:
        screening.discussed_by = discussed_by
        screening.discussed_at = timezone.now()
        screening.save(update_fields=["discussed_by", "discussed_at"])
        audit_log(
            actor=discussed_by,
            action="screening.discussed",
            obj=screening,
            organisation=screening.enrolment.engagement.organisation,
        )
    return screening


def screening_view_record(*, viewer: Any, obj: Any, organisation: Any, people: int = 1) -> None:
    """Audit that someone read screening answers: who, whose, when; never the answers."""
    action = "screening.view" if isinstance(obj, HealthScreening) else "screening.view_list"
    audit_log(
        actor=viewer, action=action, obj=obj, organisation=organisation, after={"people": people}
    )


def screening_retention_run(now: dt.datetime) -> dict[str, int]:
    """Delete answers whose keeping period has ended (`delete_after` before today). Running it
    again deletes nothing more."""
    today = timezone.localtime(now).date()
    deleted = 0
    expired = HealthScreening.objects.filter(delete_after__lt=today).select_related(
        "enrolment__engagement__organisation"
    )
    for screening in list(expired):
        with transaction.atomic():
            audit_log(
                actor=None,
                action="screening.delete",
                obj=screening,
                organisation=screening.enrolment.engagement.organisation,
                after={"delete_after": screening.delete_after.isoformat()},
            )
            screening.delete()
        deleted += 1
    return {"deleted": deleted}
