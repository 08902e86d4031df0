"""Reminders before a trainer's qualification expires, and when their CPD falls short.

Run by `manage.py tick` (registered in `TrainersConfig.ready`). Each reminder has a key that
says exactly which reminder it is; a key is recorded in `ReminderSent` in the same
transaction that queues the e-mails, so no reminder ever goes twice, however often the
tick runs or however many run at once.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from breakaway.accounts.models import Membership, Role
from breakaway.core.emails import email_send
from breakaway.trainers.models import Qualification, ReminderSent, Trainer
from breakaway.trainers.selectors import qualification_states, trainer_warnings

logger = logging.getLogger(__name__)

# Days before `expires_on` when a reminder goes; only the nearest one due is sent.
QUALIFICATION_STAGES = (60, 30, 7)
# A qualification that lapsed within this many days gets one "expired" notice; older lapses
# were known before the reminders existed and are not news.
EXPIRED_NOTICE_DAYS = 30


def qualification_stage(days_left: int) -> str | None:
    """Which reminder is due with `days_left` days to go: "60", "30", "7", "expired" or none."""
    if days_left < 0:
        return "expired" if days_left >= -EXPIRED_NOTICE_DAYS else None
    for stage in sorted(QUALIFICATION_STAGES):
        if days_left <= stage:
            return str(stage)
    return None


def _site_link(name: str, **kwargs: Any) -> str:
    return settings.BREAKAWAY_SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs or None)


def _send(
    *,
    key: str,
    kind: str,
    trainer: Trainer,
    template: str,
    context: dict[str, Any],
    admins: list[str],
    qualification: Qualification | None = None,
) -> bool:
    """Record the reminder and queue its e-mails, once; False when it had already gone."""
    others = [a for a in admins if a != trainer.user.email]
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                key=key,
                kind=kind,
                trainer=trainer,
                qualification=qualification,
                recipients=[trainer.user.email, *others],
            )
            email_send(
                template=template,
                to=[trainer.user.email],
                context={
                    **context,
                    "for_trainer": True,
                    "link": _site_link("trainers:my_profile"),
                },
            )
            if others:
                email_send(
                    template=template,
                    to=others,
                    context={
                        **context,
                        "for_trainer": False,
                        "link": _site_link("trainers:detail", pk=trainer.pk),
                    },
                )
    except IntegrityError:  # another tick sent it a moment ago
        return False
    return True


def trainer_reminders_send(now: datetime.datetime) -> dict[str, int]:
    """Send every qualification-expiry and CPD reminder due at `now` that has not gone yet."""
    today = timezone.localdate(now)
    trainers = list(
        Trainer.objects.filter(is_active=True)
        .select_related("user", "provider")
        .with_cpd_hours(today)
        .prefetch_related(
            Prefetch("qualifications", queryset=Qualification.objects.select_related("type"))
        )
    )
    admins: dict[int, list[str]] = defaultdict(list)
    for provider_id, email in Membership.objects.filter(
        organisation_id__in={t.provider_id for t in trainers},
        role=Role.PROVIDER_ADMIN,
        user__is_active=True,
    ).values_list("organisation_id", "user__email"):
        admins[provider_id].append(email)

    due: list[dict[str, Any]] = []
    for trainer in trainers:
        for q in qualification_states(trainer.qualifications.all(), today):
            days = q.days_left(today)
            stage = None if days is None or q.is_superseded else qualification_stage(days)  # type: ignore[attr-defined]
            if stage is None:
                continue
            due.append(
                {
                    "key": f"qualification:{q.pk}:{q.expires_on}:{stage}",
                    "kind": ReminderSent.Kind.QUALIFICATION,
                    "trainer": trainer,
                    "qualification": q,
                    "template": "trainer_qualification_expiry",
                    "context": {
                        "trainer": trainer,
                        "qualification": q,
                        "days_left": days,
                        "expired": stage == "expired",
                    },
                }
            )
        warnings = trainer_warnings(trainer, today)
        if warnings.cpd_short:
            due.append(
                {
                    "key": f"cpd:{trainer.pk}:{today:%Y-%m}",
                    "kind": ReminderSent.Kind.CPD,
                    "trainer": trainer,
                    "qualification": None,
                    "template": "trainer_cpd_short",
                    "context": {"trainer": trainer, "warnings": warnings},
                }
            )

    already = set(
        ReminderSent.objects.filter(key__in=[d["key"] for d in due]).values_list("key", flat=True)
    )
    counts = {"qualification_reminders": 0, "cpd_reminders": 0, "already_sent": len(already)}
    for item in due:
        if item["key"] in already:
            continue
        sent = _send(admins=admins[item["trainer"].provider_id], **item)
        if not sent:
            counts["already_sent"] += 1
        elif item["kind"] == ReminderSent.Kind.QUALIFICATION:
            counts["qualification_reminders"] += 1
        else:
            counts["cpd_reminders"] += 1
    return counts
