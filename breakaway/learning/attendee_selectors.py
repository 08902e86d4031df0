"""What the attendee's own page shows of their learning: the pre-course lessons with where
they are in each, and their refreshers (one waiting, their streak, what they are strong and
weak on, whether refreshers are on). Also the lookups the lesson and refresher pages need,
each limited to the person whose link it is (404 otherwise)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Final

from django.http import Http404
from django.utils import timezone

from breakaway.catalogue.models import ModuleVersion
from breakaway.delivery.models import Certificate, StaffMember
from breakaway.learning import spacing
from breakaway.learning.bank.base import BankItem
from breakaway.learning.lessons import LESSONS, Lesson
from breakaway.learning.models import (
    ItemProgress,
    LessonProgress,
    LessonVideo,
    Refresher,
    RefresherAnswer,
    RefresherPreference,
)
from breakaway.learning.refresher_services import BY_ID
from breakaway.learning.retention import answer_streak

LESSONS_BY_ID: Final = {lesson.id: lesson for lesson in LESSONS}
STRONG_STREAK: Final = 2  # right at least twice in a row, so the last answer was right too

NOT_STARTED, STARTED, DONE = "not_started", "started", "done"


@dataclass(frozen=True)
class LessonRow:
    lesson: Lesson
    state: str  # NOT_STARTED, STARTED or DONE
    correct: int = 0

    @property
    def questions(self) -> int:
        return len(self.lesson.questions)


@dataclass(frozen=True)
class Standing:
    """How a person stands with a module's items, from their schedules."""

    code: str
    title: str
    strong: int
    weak: int


@dataclass
class RefresherSummary:
    waiting: Refresher | None  # the refresher to answer now
    streak: int  # refreshers answered in a row
    answered: int
    strong: list[Standing] = field(default_factory=list)
    weak: list[Standing] = field(default_factory=list)
    stopped_at: dt.datetime | None = None
    first_on: dt.date | None = None  # no refresher yet: about when the first comes

    @property
    def on(self) -> bool:
        return self.stopped_at is None


@dataclass
class LearningSummary:
    lessons: list[LessonRow]  # empty unless the person has a course place
    refreshers: RefresherSummary | None  # None before their first certificate


def provider_id_for(staff_member: StaffMember) -> int:
    """The provider whose videos the person sees: their employer's provider."""
    organisation = staff_member.organisation
    return organisation.provider_id or organisation.pk


def module_title(code: str, titles: dict[str, str]) -> str:
    """The catalogue's title for a module, or its code in words."""
    return titles.get(code) or code.replace("-", " ").capitalize()


def standings(rows: list[tuple[str, int, int]], titles: dict[str, str]) -> list[Standing]:
    """(item id, right in a row, reviews) rows → a standing per module, by title. An item is
    strong when answered right at least twice in a row, weak when its last answer was wrong."""
    strong: dict[str, int] = defaultdict(int)
    weak: dict[str, int] = defaultdict(int)
    for item_id, streak, reviews in rows:
        item = BY_ID.get(item_id)
        if item is None:
            continue
        if streak >= STRONG_STREAK:
            strong[item.module] += 1
        elif reviews and streak == 0:
            weak[item.module] += 1
    codes = set(strong) | set(weak)
    return sorted(
        (Standing(c, module_title(c, titles), strong[c], weak[c]) for c in codes),
        key=lambda s: (s.title, s.code),
    )


def lesson_rows(*, staff_member: StaffMember) -> list[LessonRow]:
    """Each lesson with the person's place in it: not started, started, or done (and score)."""
    progress = {p.lesson_id: p for p in LessonProgress.objects.filter(staff_member=staff_member)}
    rows = []
    for lesson in LESSONS:
        row = progress.get(lesson.id)
        if row is None:
            rows.append(LessonRow(lesson, NOT_STARTED))
        elif row.completed_at is None:
            rows.append(LessonRow(lesson, STARTED))
        else:
            rows.append(LessonRow(lesson, DONE, row.correct))
    return rows


def refresher_summary(
    *, staff_member: StaffMember, today: dt.date | None = None
) -> RefresherSummary | None:
    """The person's refreshers at a glance; None when they have no certificate to refresh."""
    today = today or timezone.localdate()
    refreshers = list(
        Refresher.objects.filter(staff_member=staff_member)
        .select_related("certificate")
        .order_by("sent_on", "pk")
    )
    certificate = (
        Certificate.objects.filter(staff_member=staff_member, revoked_at__isnull=True)
        .order_by("-completed_on", "-pk")
        .only("pk", "completed_on", "expires_on")
        .first()
    )
    if not refreshers and certificate is None:
        return None
    # The one waiting is the one `refresher_open` gives: the latest, while unanswered. It is
    # not missed yet, so it does not break the streak.
    waiting = refreshers[-1] if refreshers and refreshers[-1].completed_at is None else None
    answered = [r.completed_at is not None for r in refreshers if r is not waiting]
    preference = RefresherPreference.objects.filter(staff_member=staff_member).first()
    summary = RefresherSummary(
        waiting=waiting,
        streak=answer_streak(answered),
        answered=sum(answered),
        stopped_at=preference.opted_out_at if preference else None,
    )
    if not refreshers and certificate is not None:
        summary.first_on = max(
            today, certificate.completed_on + dt.timedelta(days=spacing.FIRST_INTERVAL_DAYS)
        )
    # Standing is read from the schedule of the certificate being refreshed now.
    latest = refreshers[-1].certificate_id if refreshers else certificate.pk if certificate else 0
    rows = list(
        ItemProgress.objects.filter(
            staff_member=staff_member, certificate_id=latest, reviews__gt=0
        ).values_list("item_id", "streak", "reviews")
    )
    if rows:
        codes = {BY_ID[i].module for i, _s, _r in rows if i in BY_ID}
        titles = dict(
            ModuleVersion.objects.filter(module__code__in=codes, is_current=True).values_list(
                "module__code", "title"
            )
        )
        modules = standings(rows, titles)
        summary.weak = [s for s in modules if s.weak]
        summary.strong = [s for s in modules if s.strong and not s.weak]
    return summary


def learning_summary_for_attendee(
    *, staff_member: StaffMember, has_course: bool, today: dt.date | None = None
) -> LearningSummary:
    """The learning part of the attendee's page: lessons while they have a course place
    (coming up, or just done), and their refreshers once they hold a certificate."""
    return LearningSummary(
        lessons=lesson_rows(staff_member=staff_member) if has_course else [],
        refreshers=refresher_summary(staff_member=staff_member, today=today),
    )


def lesson_get(*, lesson_id: str) -> Lesson:
    """A lesson by id; any other id answers 404."""
    try:
        return LESSONS_BY_ID[lesson_id]
    except KeyError:
        raise Http404("No such lesson.") from None


def lesson_next(lesson: Lesson) -> Lesson | None:
    """The lesson after this one, in the page's order."""
    index = LESSONS.index(lesson)
    return LESSONS[index + 1] if index + 1 < len(LESSONS) else None


def lesson_video_list(*, staff_member: StaffMember, lesson: Lesson) -> list[LessonVideo]:
    """The videos the person's provider made for the lesson, in the provider's order."""
    return list(
        LessonVideo.objects.filter(
            provider_id=provider_id_for(staff_member), lesson_id=lesson.id
        ).order_by("position", "pk")
    )


def lesson_video_get(*, staff_member: StaffMember, lesson_id: str, pk: int) -> LessonVideo:
    """One of the person's provider's videos for the lesson; any other answers 404."""
    video = LessonVideo.objects.filter(
        pk=pk, lesson_id=lesson_id, provider_id=provider_id_for(staff_member)
    ).first()
    if video is None:
        raise Http404("No such video.")
    return video


@dataclass(frozen=True)
class Answered:
    item: BankItem
    chosen: str
    correct: bool

    @property
    def right_answer(self) -> str:
        return self.item.options[0]


def lesson_results(*, lesson: Lesson, progress: LessonProgress) -> list[Answered]:
    """The person's stored answers to the lesson's questions, each right or wrong."""
    answers = progress.answers or {}
    return [
        Answered(q, answers.get(q.id, ""), answers.get(q.id) == q.options[0])
        for q in lesson.questions
    ]


def refresher_get_for_attendee(*, staff_member: StaffMember, pk: int) -> Refresher:
    """One of the person's own refreshers; any other answers 404."""
    refresher = (
        Refresher.objects.filter(pk=pk, staff_member=staff_member)
        .select_related("certificate")
        .first()
    )
    if refresher is None:
        raise Http404("No such refresher.")
    return refresher


def refresher_unanswered(refresher: Refresher) -> list[BankItem]:
    """The refresher's items not answered yet, in its order."""
    done = set(refresher.answers.values_list("item_id", flat=True))
    return [BY_ID[i] for i in refresher.item_ids if i in BY_ID and i not in done]


def refresher_feedback(refresher: Refresher) -> list[Answered]:
    """The person's answers to a refresher, in its order, each right or wrong."""
    answers = {a.item_id: a for a in RefresherAnswer.objects.filter(refresher=refresher)}
    return [
        Answered(BY_ID[i], answers[i].chosen, answers[i].correct)
        for i in refresher.item_ids
        if i in answers and i in BY_ID
    ]
