"""Reads for the staff's learning pages: a client's retention by team, the items most
forgotten across a provider's clients, lesson progress (before a course, and overall) and the
provider's lesson videos.

Each is a fixed number of queries however many answers there are: the database groups the
rows, and `retention.py` (pure) does the counting, so every page counts the same way.
Nothing here returns one person's answers: only counts over a group.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any, Final

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from breakaway.accounts.models import Organisation, Role
from breakaway.accounts.roles import standing
from breakaway.accounts.selectors import client_list_for_user
from breakaway.assessments.outcomes import OUTCOMES_BY_ID
from breakaway.catalogue.content import MODULES
from breakaway.delivery.models import Enrolment
from breakaway.learning import retention
from breakaway.learning.bank import ITEMS
from breakaway.learning.bank.base import BankItem
from breakaway.learning.lessons import LESSONS, Lesson
from breakaway.learning.models import LessonProgress, LessonVideo, RefresherAnswer
from breakaway.scheduling.models import Engagement

# Fewer answers than this in a month (or to an item) are too few to read: one person's bad
# week would swing the share.
MIN_ANSWERS: Final = 10
# The roles that may manage a provider's lesson videos.
VIDEO_KEEPERS: Final = (Role.PROVIDER_ADMIN, Role.DESIGNER)

MODULE_TITLES: Final = {module.code: module.title for module in MODULES}
ITEMS_BY_ID: Final = {item.id: item for item in ITEMS}
# Whole months since the course, in the database (integer division of whole numbers).
_PERIOD = ExpressionWrapper(
    F("days_since_course") / retention.MONTH_DAYS, output_field=IntegerField()
)


# Retention by team --------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    """One month since the course: answers, how many were right, and how many people."""

    period: int  # 0: the first 30 days after the course
    answered: int
    correct: int
    people: int

    @property
    def month(self) -> int:
        return self.period + 1

    @property
    def share(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def percent(self) -> int:
        return round(self.share * 100)

    @property
    def too_few(self) -> bool:
        return self.answered < MIN_ANSWERS


@dataclass(frozen=True)
class RetentionCurve:
    """A team's (or everyone's) share right by month since the course."""

    key: str  # the team as recorded; "" for no team recorded, "*" for everyone
    label: str
    months: tuple[MonthRow, ...]
    answered: int
    people: int


@dataclass(frozen=True)
class OrganisationRetention:
    overall: RetentionCurve
    teams: tuple[RetentionCurve, ...]

    @property
    def is_empty(self) -> bool:
        return self.overall.answered == 0

    @property
    def named_teams(self) -> int:
        """Teams with a name (not counting the people whose team is not recorded)."""
        return sum(1 for team in self.teams if team.key)


def _expand(rows: Iterable[tuple[Any, ...]]) -> Iterable[tuple[Any, ...]]:
    """Grouped rows (…, how many) back into one row per answer, for retention.py to count."""
    for *values, count in rows:
        yield from itertools.repeat(tuple(values), count)


def _curve(
    key: str,
    label: str,
    points: list[retention.RetentionPoint],
    people: dict[int, set[int]],
) -> RetentionCurve:
    months = tuple(
        MonthRow(p.period, p.answered, p.correct, len(people.get(p.period, ()))) for p in points
    )
    everyone = set().union(*people.values()) if people else set()
    return RetentionCurve(key, label, months, sum(m.answered for m in months), len(everyone))


def retention_for_organisation(*, organisation: Organisation) -> OrganisationRetention:
    """Share of refresher answers right by month since the course, for the organisation's
    staff and for each team (as recorded on the staff list now). Two queries."""
    answers = RefresherAnswer.objects.filter(staff_member__organisation=organisation).annotate(
        period=_PERIOD
    )
    grouped = (
        answers.values_list("staff_member__team", "period", "correct")
        .annotate(n=Count("pk"))
        .order_by()
    )
    who = answers.values_list("staff_member__team", "period", "staff_member_id").distinct()
    by_team: list[tuple[Hashable, int, bool]] = []
    overall: list[tuple[int, bool]] = []
    for team, period, right in _expand(grouped):
        days = period * retention.MONTH_DAYS  # any day of the month lands in the same period
        by_team.append(((team or "").strip(), days, right))
        overall.append((days, right))
    people: dict[str, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    everyone: dict[int, set[int]] = defaultdict(set)
    for team, period, person in who.order_by():
        people[(team or "").strip()][period].add(person)
        everyone[period].add(person)
    curves = retention.retention_by_group(by_team)
    no_team = _("No team recorded")
    teams = [
        _curve(str(key), str(key) or no_team, points, people[str(key)])
        for key, points in curves.items()
    ]
    # By name, with the people whose team is not recorded last.
    teams.sort(key=lambda c: (c.key == "", c.key.casefold()))
    return OrganisationRetention(
        overall=_curve("*", _("Everyone"), retention.retention_curve(overall), everyone),
        teams=tuple(teams),
    )


# The items most forgotten -------------------------------------------------------------------


@dataclass(frozen=True)
class ItemRow:
    """One refresher item with how often it was answered and missed."""

    item_id: str
    item: BankItem | None  # None for an item no longer in the bank
    answered: int
    missed: int
    share_missed: float

    @property
    def percent_missed(self) -> int:
        return round(self.share_missed * 100)

    @property
    def module(self) -> str:
        return MODULE_TITLES.get(self.item.module, self.item.module) if self.item else ""

    @property
    def outcome(self) -> str:
        if self.item is None:
            return ""
        outcome = OUTCOMES_BY_ID.get(self.item.outcome)
        return outcome.title if outcome else self.item.outcome

    @property
    def right_answer(self) -> str:
        return self.item.options[0] if self.item else ""


@dataclass(frozen=True)
class ItemReport:
    ranked: tuple[ItemRow, ...]  # answered at least MIN_ANSWERS times, most missed first
    few: tuple[ItemRow, ...]  # answered fewer times: too few to rank yet
    answered: int
    people: int

    @property
    def is_empty(self) -> bool:
        return self.answered == 0


def provider_clients_for_user(*, user: Any) -> QuerySet[Organisation]:
    """The client organisations whose answers the provider's staff may read."""
    return client_list_for_user(user=user).order_by("name")


def items_most_forgotten_for_user(
    *, user: Any, organisation: Organisation | None = None
) -> ItemReport:
    """Each refresher item's answers and misses over the clients the user may see (or one of
    them), the most often missed first. Two queries."""
    answers = RefresherAnswer.objects.filter(
        staff_member__organisation__in=client_list_for_user(user=user)
    )
    if organisation is not None:
        answers = answers.filter(staff_member__organisation=organisation)
    grouped = answers.values_list("item_id", "correct").annotate(n=Count("pk")).order_by()
    fades = retention.items_most_forgotten(_expand(grouped))
    people = answers.aggregate(n=Count("staff_member", distinct=True))["n"]
    rows = [
        ItemRow(f.item_id, ITEMS_BY_ID.get(f.item_id), f.answered, f.missed, f.share_missed)
        for f in fades
    ]
    return ItemReport(
        ranked=tuple(r for r in rows if r.answered >= MIN_ANSWERS),
        few=tuple(r for r in rows if r.answered < MIN_ANSWERS),
        answered=sum(r.answered for r in rows),
        people=people,
    )


# Lesson progress ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonRow:
    """How far a group of people got with one lesson: never any one person's answers."""

    lesson: Lesson
    people: int
    started: int
    finished: int
    right: int  # right answers over everyone who finished

    @property
    def opened_only(self) -> int:
        return self.started - self.finished

    @property
    def average_share(self) -> float | None:
        questions = len(self.lesson.questions) * self.finished
        return self.right / questions if questions else None

    @property
    def average_percent(self) -> int | None:
        share = self.average_share
        return None if share is None else round(share * 100)


def _lesson_rows(progress: QuerySet[LessonProgress], people: int) -> list[LessonRow]:
    finished = Q(completed_at__isnull=False)
    counts = {
        row["lesson_id"]: row
        for row in progress.values("lesson_id")
        .annotate(
            started=Count("pk"),
            finished=Count("pk", filter=finished),
            right=Sum("correct", filter=finished),
        )
        .order_by()
    }
    rows = []
    for lesson in LESSONS:
        row = counts.get(lesson.id, {})
        rows.append(
            LessonRow(
                lesson=lesson,
                people=people,
                started=row.get("started", 0),
                finished=row.get("finished", 0),
                right=row.get("right") or 0,
            )
        )
    return rows


def lesson_progress_for_engagement(*, engagement: Engagement) -> list[LessonRow]:
    """Per lesson, how many of the people enrolled (in a group, not waiting or withdrawn)
    opened it and finished it, and the share of its questions they got right. Two queries."""
    enrolled = Enrolment.objects.filter(
        engagement=engagement, status=Enrolment.Status.ENROLLED
    ).values("staff_member_id")
    people = enrolled.count()
    progress = LessonProgress.objects.filter(staff_member_id__in=enrolled)
    return _lesson_rows(progress, people)


def lesson_progress_for_user(
    *, user: Any, organisation: Organisation | None = None
) -> list[LessonRow]:
    """Per lesson, how many of the staff of the clients the user may see (or of one client)
    opened and finished it. `people` is everyone who opened any lesson. Two queries."""
    progress = LessonProgress.objects.filter(
        staff_member__organisation__in=client_list_for_user(user=user)
    )
    if organisation is not None:
        progress = progress.filter(staff_member__organisation=organisation)
    people = progress.aggregate(n=Count("staff_member", distinct=True))["n"]
    return _lesson_rows(progress, people)


# Lesson videos ------------------------------------------------------------------------------


def video_provider_for_user(*, user: Any) -> Organisation:
    """The provider whose videos the user manages: the provider they administer or design
    for (a superuser: the first provider). 404 for anyone else."""
    for membership in standing(user).memberships:
        if membership.role in VIDEO_KEEPERS and membership.organisation.is_provider:
            return membership.organisation
    if getattr(user, "is_superuser", False):
        provider = Organisation.objects.providers().order_by("pk").first()
        if provider is not None:
            return provider
    raise Http404("No provider.")


@dataclass(frozen=True)
class LessonVideos:
    lesson: Lesson
    videos: tuple[LessonVideo, ...]


def lesson_video_list(*, provider: Organisation) -> list[LessonVideos]:
    """The provider's videos under each lesson, in their order. One query."""
    by_lesson: dict[str, list[LessonVideo]] = defaultdict(list)
    videos = (
        LessonVideo.objects.filter(provider=provider)
        .select_related("uploaded_by")
        .order_by("lesson_id", "position", "pk")
    )
    for video in videos:
        by_lesson[video.lesson_id].append(video)
    return [LessonVideos(lesson, tuple(by_lesson.get(lesson.id, ()))) for lesson in LESSONS]


def lesson_video_get_for_user(*, user: Any, pk: int) -> LessonVideo:
    """One of the user's provider's videos; any other answers 404."""
    provider = video_provider_for_user(user=user)
    video = LessonVideo.objects.filter(pk=pk, provider=provider).first()
    if video is None:
        raise Http404("No such video.")
    return video
