"""Spaced refreshers after the course: the periodic job that sends each person a two-minute
refresher on their link when items are due, and the answering of one.

The rules (issue 9): at most one message a week; nothing to people who have left the client,
who stopped refreshers, whose certificate was revoked or has run out; idempotent like every
part of `tick` (a person is locked while their refresher is made, and a refresher per person
per day is unique). Each message carries a fresh personal link (links are stored hashed, so
an old one cannot be sent again), which revokes the earlier one, as every new link does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from breakaway.core.emails import email_send
from breakaway.delivery.attendee_services import attendee_link_expiry, attendee_url
from breakaway.delivery.links import attendee_link_create
from breakaway.delivery.models import Certificate, StaffMember
from breakaway.learning import spacing
from breakaway.learning.bank import ITEMS
from breakaway.learning.bank.base import BankItem
from breakaway.learning.models import ItemProgress, Refresher, RefresherAnswer, RefresherPreference

REFRESHER_SIZE: Final = 4  # about two minutes: half a minute a question
MIN_DAYS_BETWEEN: Final = 7  # at most one message a week
ITEMS_PER_PERSON: Final = 24  # enough to cover the course; few enough to revisit each often
LINK_DAYS: Final = 28  # a refresher's link lasts four weeks (the next one brings a new link)
BY_ID: Final[Mapping[str, BankItem]] = {item.id: item for item in ITEMS}


def course_modules(certificate: Certificate) -> set[str]:
    """The module codes of the course the certificate is for (its design's latest version)."""
    design = certificate.course_design
    if design is None:
        return set()
    latest = max(design.versions.all(), key=lambda v: v.number, default=None)
    if latest is None:
        return set()
    return {m["code"] for m in latest.course.get("modules", [])}


def items_for(modules: set[str], *, rotate: int = 0) -> list[BankItem]:
    """The person's items: those of the course's modules (all items when none match), taken in
    turn from each module so every refresher mixes topics, at most `ITEMS_PER_PERSON`. `rotate`
    (the person's id) varies the start, so a room does not all get the same questions."""
    chosen = [item for item in ITEMS if item.module in modules] or list(ITEMS)
    by_module: dict[str, list[BankItem]] = defaultdict(list)
    for item in chosen:
        by_module[item.module].append(item)
    queues = [by_module[m] for m in sorted(by_module)]
    if queues:
        shift = rotate % len(queues)
        queues = queues[shift:] + queues[:shift]
    order: list[BankItem] = []
    while any(queues):
        for queue in queues:
            if queue:
                order.append(queue.pop(0))
    return order[:ITEMS_PER_PERSON]


def progress_start(certificate: Certificate, items: Iterable[BankItem]) -> int:
    """Schedule the person's items after the course (idempotent). The first reviews are
    staggered a week per refresher's worth, so the first weeks do not all fall due at once."""
    rows = []
    for index, item in enumerate(items):
        start = certificate.completed_on + dt.timedelta(weeks=index // REFRESHER_SIZE)
        state = spacing.first_state(start, certificate.expires_on)
        row = ItemProgress(
            staff_member_id=certificate.staff_member_id,
            certificate=certificate,
            item_id=item.id,
        )
        row.set_state(state)
        rows.append(row)
    ItemProgress.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _current_certificates(today: dt.date) -> list[Certificate]:
    """Each person's latest live certificate, for people still at the client who have not
    stopped refreshers."""
    live = (
        Certificate.objects.filter(
            revoked_at__isnull=True, expires_on__gt=today, completed_on__lte=today
        )
        .filter(staff_member__archived_at__isnull=True)
        .filter(
            Q(staff_member__leaving_date__isnull=True) | Q(staff_member__leaving_date__gt=today)
        )
        .exclude(staff_member__refresher_preference__opted_out_at__isnull=False)
        .select_related("staff_member", "course_design", "organisation__provider")
        .prefetch_related("course_design__versions")
        .order_by("staff_member_id", "-completed_on", "-pk")
    )
    latest: dict[int, Certificate] = {}
    for certificate in live:
        latest.setdefault(certificate.staff_member_id, certificate)
    return list(latest.values())


def refreshers_send(now: dt.datetime) -> dict[str, int]:
    """The periodic job: start schedules for new certificates, then send a refresher to each
    person with items due and none in the last week."""
    today = timezone.localdate(now)
    certificates = _current_certificates(today)
    started = set(
        ItemProgress.objects.filter(certificate__in=[c.pk for c in certificates])
        .values_list("certificate_id", flat=True)
        .distinct()
    )
    counts = {"started": 0, "sent": 0, "no_email": 0}
    for certificate in certificates:
        if certificate.pk not in started:
            items = items_for(course_modules(certificate), rotate=certificate.staff_member_id)
            progress_start(certificate, items)
            counts["started"] += 1
    recent = set(
        Refresher.objects.filter(
            sent_on__gt=today - dt.timedelta(days=MIN_DAYS_BETWEEN)
        ).values_list("staff_member_id", flat=True)
    )
    due: dict[int, list[tuple[str, spacing.ItemState]]] = defaultdict(list)
    for row in ItemProgress.objects.filter(
        certificate__in=[c.pk for c in certificates if c.staff_member_id not in recent],
        due_on__lte=today,
    ):
        due[row.certificate_id].append((row.item_id, row.state()))
    for certificate in certificates:
        if today > spacing.last_review_day(certificate.expires_on):
            # Items left unanswered stay due; past the last useful day they rest until the
            # refresher course rather than being sent in its final fortnight.
            continue
        item_ids = spacing.due_items(due.get(certificate.pk, []), today, REFRESHER_SIZE)
        if not item_ids:
            continue
        if not certificate.staff_member.email:
            counts["no_email"] += 1
            continue
        counts["sent"] += refresher_send(certificate=certificate, item_ids=item_ids, now=now)
    return counts


def refresher_send(
    *, certificate: Certificate, item_ids: list[str], now: dt.datetime, notify: bool = True
) -> bool:
    """Make and e-mail one refresher, unless the person had one in the last week (checked
    with the person locked, so two ticks at once send one). False when nothing was sent."""
    today = timezone.localdate(now)
    person = certificate.staff_member
    try:
        with transaction.atomic():
            StaffMember.objects.select_for_update(of=("self",)).filter(pk=person.pk).first()
            since = today - dt.timedelta(days=MIN_DAYS_BETWEEN)
            if Refresher.objects.filter(staff_member=person, sent_on__gt=since).exists():
                return False
            Refresher.objects.create(
                staff_member=person,
                certificate=certificate,
                item_ids=item_ids,
                sent_on=today,
                sent_at=now,
                emailed=notify,
            )
            if notify:
                expires_at = max(
                    attendee_link_expiry(staff_member=person), now + dt.timedelta(days=LINK_DAYS)
                )
                _link, token = attendee_link_create(staff_member=person, expires_at=expires_at)
                provider = certificate.organisation.provider or certificate.organisation
                email_send(
                    template="learning_refresher",
                    to=[person.email],
                    context={
                        "name": person.first_name or person.full_name,
                        "questions": len(item_ids),
                        "course": certificate.course_name,
                        "provider": provider.name,
                        "link": attendee_url(token),
                    },
                )
    except IntegrityError:  # another tick made today's refresher first
        return False
    return True


def refresher_open(*, staff_member: StaffMember) -> Refresher | None:
    """The person's latest refresher while some of its items are unanswered. Only the latest
    counts: a newer one (a week on) takes over the items still due."""
    latest = (
        Refresher.objects.filter(staff_member=staff_member)
        .select_related("certificate")
        .order_by("-sent_on", "-pk")
        .first()
    )
    return latest if latest is not None and latest.completed_at is None else None


def refresher_link_expiry(*, staff_member: StaffMember, now: dt.datetime) -> dt.datetime | None:
    """Until when a new link asked for by someone with a refresher waiting lasts, as the
    refresher's own link did; None when no refresher waits."""
    if refresher_open(staff_member=staff_member) is None:
        return None
    return now + dt.timedelta(days=LINK_DAYS)


def refresher_answer(
    *, refresher: Refresher, answers: Mapping[str, str], now: dt.datetime | None = None
) -> list[RefresherAnswer]:
    """Record the person's answers (item id → option text) to a refresher and move each
    answered item's schedule. Only the refresher's own items count, and only the first
    answer to each: sending the form again, or twice at once, changes nothing."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    certificate = refresher.certificate
    made = []
    with transaction.atomic():
        locked = Refresher.objects.select_for_update(of=("self",)).get(pk=refresher.pk)
        done = set(locked.answers.values_list("item_id", flat=True))
        progress = {
            row.item_id: row
            for row in ItemProgress.objects.select_for_update(of=("self",)).filter(
                certificate=certificate, item_id__in=locked.item_ids
            )
        }
        for item_id in locked.item_ids:
            chosen = answers.get(item_id)
            item = BY_ID.get(item_id)
            if chosen is None or item is None or item_id in done or chosen not in item.options:
                continue
            correct = chosen == item.options[0]
            made.append(
                RefresherAnswer.objects.create(
                    refresher=locked,
                    staff_member_id=locked.staff_member_id,
                    item_id=item_id,
                    chosen=chosen,
                    correct=correct,
                    answered_on=today,
                    answered_at=now,
                    days_since_course=max(0, (today - certificate.completed_on).days),
                )
            )
            done.add(item_id)
            row = progress.get(item_id)
            if row is not None:
                row.set_state(
                    spacing.after_answer(
                        row.state(),
                        answered_on=today,
                        correct=correct,
                        expires_on=certificate.expires_on,
                    )
                )
                row.last_answered_on = today
                row.save()
        if done >= set(locked.item_ids) and locked.completed_at is None:
            locked.completed_at = now
            locked.save(update_fields=["completed_at"])
    refresher.completed_at = locked.completed_at
    return made


def refreshers_stop(*, staff_member: StaffMember, now: dt.datetime | None = None) -> None:
    """The person stops refreshers (from their page or the e-mail's link)."""
    now = now or timezone.now()
    preference, _made = RefresherPreference.objects.get_or_create(staff_member=staff_member)
    if preference.opted_out_at is None:
        preference.opted_out_at = now
        preference.changed_at = now
        preference.save(update_fields=["opted_out_at", "changed_at"])


def refreshers_restart(*, staff_member: StaffMember, now: dt.datetime | None = None) -> None:
    """The person turns refreshers back on."""
    now = now or timezone.now()
    RefresherPreference.objects.filter(staff_member=staff_member).update(
        opted_out_at=None, changed_at=now
    )


def refreshers_on(staff_member: StaffMember) -> bool:
    preference: Any = RefresherPreference.objects.filter(staff_member=staff_member).first()
    return preference is None or preference.opted_out_at is None
