"""Reads for answering questionnaires: what is open for a person, one instrument to answer
(its pages and the answers so far), and the engagements whose responses staff may see."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from dataclasses import dataclass, field
from typing import Any, Final

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from breakaway.accounts.models import Organisation, Role
from breakaway.accounts.roles import standing
from breakaway.courses.models import CourseDesign
from breakaway.delivery.attendee_services import course_title
from breakaway.delivery.models import AttendeeLink, Enrolment, StaffMember
from breakaway.delivery.roster_selectors import is_assigned_trainer, provider_id_of
from breakaway.evaluation.instruments import Instrument, Item, parse_instrument
from breakaway.evaluation.models import InstrumentVersion, Phase, Questionnaire, Response
from breakaway.evaluation.questionnaire_services import questionnaires_ensure
from breakaway.scheduling.models import Engagement

ITEMS_PER_PAGE: Final = 4
NOT_STARTED: Final = "not_started"
IN_PROGRESS: Final = "in_progress"
DONE: Final = "done"
# Provider staff who import paper forms: the provider's administrators and advisors, and the
# engagement's own trainers.
PAPER_IMPORTERS: Final = (Role.PROVIDER_ADMIN, Role.ADVISOR, Role.TRAINER)


def instrument_pages(instrument: Instrument) -> list[tuple[Item, ...]]:
    """The instrument's items split into pages of at most four, as even as possible and in
    order (ten items: four, three, three)."""
    items = instrument.items
    count = math.ceil(len(items) / ITEMS_PER_PAGE)
    pages = []
    start = 0
    for number in range(count):
        size = math.ceil((len(items) - start) / (count - number))
        pages.append(items[start : start + size])
        start += size
    return pages


@dataclass
class InstrumentEntry:
    version: InstrumentVersion
    name: str
    state: str
    submitted_at: dt.datetime | None = None


@dataclass
class QuestionnaireEntry:
    questionnaire: Questionnaire
    course: str
    instruments: list[InstrumentEntry] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return all(entry.state == DONE for entry in self.instruments)


def _state(response: Response | None) -> str:
    if response is None:
        return NOT_STARTED
    return DONE if response.submitted_at else IN_PROGRESS


def questionnaire_list_for_attendee(
    *, staff_member: StaffMember, now: dt.datetime | None = None
) -> list[QuestionnaireEntry]:
    """The person's open questionnaires, soonest closing first, each instrument with its state
    (not started, in progress, done). Questionnaires missing are made here, lazily."""
    now = now or timezone.now()
    enrolments = list(
        Enrolment.objects.filter(staff_member=staff_member, status=Enrolment.Status.ENROLLED)
        .exclude(engagement__status=Engagement.Status.CANCELLED)
        .select_related("engagement__design")
        .annotate(made=Count("engagement__questionnaires", distinct=True))
    )
    for enrolment in enrolments:
        if enrolment.made < len(Phase.choices):  # type: ignore[attr-defined]
            questionnaires_ensure(engagement=enrolment.engagement)
    by_engagement = {e.engagement_id: e for e in enrolments}
    questionnaires = (
        Questionnaire.objects.filter(
            engagement_id__in=by_engagement, opens_at__lte=now, closes_at__gt=now
        )
        .prefetch_related("instruments__instrument")
        .order_by("closes_at", "pk")
    )
    responses = {
        (r.questionnaire_id, r.instrument_version_id): r
        for r in Response.objects.filter(
            enrolment__in=enrolments, source=Response.Source.ONLINE
        ).only("questionnaire_id", "instrument_version_id", "submitted_at")
    }
    entries = []
    for questionnaire in questionnaires:
        enrolment = by_engagement[questionnaire.engagement_id]
        entry = QuestionnaireEntry(questionnaire, course_title(enrolment.engagement))
        for version in sorted(questionnaire.instruments.all(), key=lambda v: v.pk):
            response = responses.get((questionnaire.pk, version.pk))
            entry.instruments.append(
                InstrumentEntry(
                    version,
                    version.instrument.name,
                    _state(response),
                    response.submitted_at if response else None,
                )
            )
        entries.append(entry)
    return entries


@dataclass
class Answering:
    """One person answering one instrument of one questionnaire."""

    questionnaire: Questionnaire
    enrolment: Enrolment
    version: InstrumentVersion
    instrument: Instrument
    response: Response | None
    is_open: bool
    following: InstrumentVersion | None = None  # the next instrument still to answer

    @property
    def pages(self) -> list[tuple[Item, ...]]:
        return instrument_pages(self.instrument)

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.response.answers) if self.response else {}

    @property
    def submitted(self) -> bool:
        return bool(self.response and self.response.submitted_at)

    def first_unanswered_page(self) -> int | None:
        """The first page with a question never shown an answer (1-based), if any."""
        answers = self.answers
        for number, page in enumerate(self.pages, start=1):
            if any(item.id not in answers for item in page):
                return number
        return None


def answering_get(
    *, staff_member: StaffMember, pk: int, version_pk: int, now: dt.datetime | None = None
) -> Answering:
    """The person's questionnaire and instrument, if they are enrolled on its engagement and
    the instrument is part of it; 404 otherwise (the caller checks whether it is open)."""
    now = now or timezone.now()
    # (Explicit orderings by primary key: cheaper to build than the models' default orderings,
    # and this runs on every page an attendee answers.)
    questionnaire = (
        Questionnaire.objects.filter(pk=pk)
        .exclude(engagement__status=Engagement.Status.CANCELLED)
        .select_related("engagement__organisation__provider", "engagement__design__organisation")
        .order_by("pk")
        .first()
    )
    if questionnaire is None:
        raise Http404("No such questionnaire.")
    # The person's responses bring their enrolment with them (one query); only before their
    # first answer is the enrolment looked up on its own. (One place per person per course.)
    responses = list(
        Response.objects.filter(
            questionnaire=questionnaire,
            enrolment__engagement=questionnaire.engagement,
            enrolment__staff_member=staff_member,
            enrolment__status=Enrolment.Status.ENROLLED,
        )
        .select_related("enrolment")
        .order_by("pk")
    )
    if responses:
        enrolment: Enrolment | None = responses[0].enrolment
    else:
        enrolment = (
            Enrolment.objects.filter(
                engagement=questionnaire.engagement,
                staff_member=staff_member,
                status=Enrolment.Status.ENROLLED,
            )
            .order_by("pk")
            .first()
        )
    versions = list(questionnaire.instruments.select_related("instrument").order_by("pk"))
    version = next((v for v in versions if v.pk == version_pk), None)
    if enrolment is None or version is None:
        raise Http404("No such questionnaire.")
    # What is already loaded, so that sending (and its audit line) asks nothing more of the
    # database: attendees send in a rush at the end of a course.
    enrolment.staff_member = staff_member
    enrolment.engagement = questionnaire.engagement
    sent = {r.instrument_version_id for r in responses if r.submitted_at is not None}
    response = next(
        (
            r
            for r in responses
            if r.instrument_version_id == version.pk and r.source == Response.Source.ONLINE
        ),
        None,
    )
    if response is not None:
        response.questionnaire, response.enrolment = questionnaire, enrolment
        response.instrument_version = version
    following = next((v for v in versions if v.pk != version.pk and v.pk not in sent), None)
    return Answering(
        questionnaire=questionnaire,
        enrolment=enrolment,
        version=version,
        instrument=parse_instrument(version.definition),
        response=response,
        is_open=questionnaire.opens_at <= now < questionnaire.closes_at,
        following=following,
    )


# Staff -----------------------------------------------------------------------------------------


def _provider_roles(user: Any, engagement: Engagement) -> set[str]:
    who = standing(user)
    provider_id = provider_id_of(engagement.organisation)
    roles = {m.role for m in who.memberships if m.organisation_id == provider_id}
    if getattr(user, "is_superuser", False):
        roles.add(Role.PROVIDER_ADMIN)
    return roles


def evaluation_engagement_get_for_user(*, user: Any, pk: int) -> Engagement:
    """An engagement whose questionnaires and paper forms the user may handle: their
    provider's administrators and advisors, and its own trainers; 404 for anyone else."""
    engagement = (
        Engagement.objects.filter(pk=pk)
        .select_related("organisation__provider", "design")
        .prefetch_related("days")
        .first()
    )
    if engagement is None:
        raise Http404("No such engagement.")
    roles = _provider_roles(user, engagement)
    allowed = bool(roles & {Role.PROVIDER_ADMIN, Role.ADVISOR}) or (
        Role.TRAINER in roles and is_assigned_trainer(user=user, engagement=engagement)
    )
    if not allowed:
        raise Http404("No such engagement.")
    return engagement


def may_attach_instruments(*, user: Any, engagement: Engagement) -> bool:
    """Only the provider's administrators attach a client's own instrument."""
    return Role.PROVIDER_ADMIN in _provider_roles(user, engagement)


@dataclass
class QuestionnaireRow:
    questionnaire: Questionnaire
    versions: list[InstrumentVersion]
    online: int
    paper: int


def questionnaire_rows(*, engagement: Engagement) -> list[QuestionnaireRow]:
    """The engagement's questionnaires with how many sent answers online and on paper."""
    questionnaires = (
        Questionnaire.objects.filter(engagement=engagement)
        .prefetch_related("instruments__instrument")
        .annotate(
            online=Count(
                "responses",
                filter=Q(responses__source="online", responses__submitted_at__isnull=False),
            ),
            paper=Count("responses", filter=Q(responses__source="paper")),
        )
        .order_by("opens_at")
    )
    return [
        QuestionnaireRow(q, sorted(q.instruments.all(), key=lambda v: v.pk), q.online, q.paper)  # type: ignore[attr-defined]
        for q in questionnaires
    ]


def engagement_versions(*, engagement: Engagement) -> QuerySet[InstrumentVersion]:
    """Every instrument version any of the engagement's questionnaires asks."""
    return (
        InstrumentVersion.objects.filter(questionnaires__engagement=engagement)
        .select_related("instrument")
        .distinct()
        .order_by("instrument__name", "-number")
    )


# The Send button -------------------------------------------------------------------------------
#
# Attendees send in a rush at the end of a course, so the usual case of sending is read in one
# plain SQL query, written out once: building the ORM's queries for the same rows took four
# times longer than everything else in the request (docs/benchmarks.md, "Load and crash").
# Anything unusual (no live link, closed, cancelled, already sent, nothing answered yet) finds
# no row here, and the caller takes the general path, with its pages for each case.


@functools.cache
def _sending_sql() -> str:
    """Four tables joined, the rest looked up in subqueries: PostgreSQL plans each statement
    afresh, and finding the best order for eleven joined tables took it 2.3 ms against 0.4
    ms for this shape (both run in under 0.1 ms)."""
    tables: dict[str, Any] = {
        "link": AttendeeLink,
        "enrolment": Enrolment,
        "response": Response,
        "questionnaire": Questionnaire,
        "chosen": Questionnaire.instruments.through,
        "version": InstrumentVersion,
        "person": StaffMember,
        "engagement": Engagement,
        "organisation": Organisation,
        "design": CourseDesign,
    }
    t = {alias: model._meta.db_table for alias, model in tables.items()}
    return f"""
        SELECT r.id, r.answers, e.id, e.staff_member_id, q.phase,
            q.opens_at <= %s AND q.closes_at > %s,
            g.id, g.organisation_id, g.design_id,
            (SELECT v.definition FROM {t["version"]} v
                JOIN {t["chosen"]} qi ON qi.instrumentversion_id = v.id
                WHERE v.id = r.instrument_version_id AND qi.questionnaire_id = q.id),
            (SELECT p.first_name FROM {t["person"]} p WHERE p.id = e.staff_member_id),
            (SELECT p.last_name FROM {t["person"]} p WHERE p.id = e.staff_member_id),
            (SELECT o.name FROM {t["organisation"]} o WHERE o.id = g.organisation_id),
            (SELECT d.length FROM {t["design"]} d WHERE d.id = g.design_id),
            (SELECT d.organisation_id FROM {t["design"]} d WHERE d.id = g.design_id)
        FROM {t["response"]} r
        JOIN {t["enrolment"]} e ON e.id = r.enrolment_id
        JOIN {t["questionnaire"]} q ON q.id = r.questionnaire_id
        JOIN {t["engagement"]} g ON g.id = q.engagement_id AND g.id = e.engagement_id
        WHERE e.staff_member_id = (
                SELECT l.staff_member_id FROM {t["link"]} l
                WHERE l.id = %s AND l.revoked_at IS NULL AND l.expires_at > %s)
            AND r.questionnaire_id = %s AND r.instrument_version_id = %s
            AND r.source = %s AND r.submitted_at IS NULL
            AND e.status = %s AND g.status <> %s
    """  # noqa: S608 - only our models' table names are interpolated


@functools.lru_cache(maxsize=64)
def _instrument_from_text(definition: str) -> Instrument:
    """Parsed once per process for each definition's exact text (its versions never change)."""
    return parse_instrument(json.loads(definition))


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def sending_get(
    *, link_id: int | None, pk: int, version_pk: int, now: dt.datetime | None = None
) -> Answering | None:
    """The attendee's unsent online response to the instrument, when their link (by id, as
    remembered in the session) is live and they are enrolled on the questionnaire's course, not
    cancelled; None otherwise. One query. The models come partly loaded: enough for sending,
    its audit line and `first_unanswered_page`; `following` is not looked up."""
    if link_id is None:
        return None
    now = now or timezone.now()
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            _sending_sql(),
            [
                *(at, at),
                *(link_id, at),
                *(pk, version_pk),
                Response.Source.ONLINE.value,
                Enrolment.Status.ENROLLED.value,
                Engagement.Status.CANCELLED.value,
            ],
        )
        row = cursor.fetchone()
    if row is None or row[9] is None:  # none, or an instrument not (or no longer) asked
        return None
    response_id, answers, enrolment_id, person_id, phase, is_open = row[:6]
    engagement_id, client_id, design_id, definition = row[6:10]
    first_name, last_name, client_name, length, design_org_id = row[10:]
    if not isinstance(definition, str):  # a driver that decodes JSON itself
        definition = json.dumps(definition)
    db = connection.alias
    client = Organisation.from_db(db, ["id", "name"], [client_id, client_name])
    design = CourseDesign.from_db(
        db, ["id", "organisation_id", "length"], [design_id, design_org_id, length]
    )
    if design_org_id == client_id:  # as it always is; otherwise str(design) reads its own
        design.organisation = client
    engagement = Engagement.from_db(db, ["id"], [engagement_id])
    engagement.organisation, engagement.design = client, design
    questionnaire = Questionnaire.from_db(db, ["id", "phase"], [pk, phase])
    questionnaire.engagement = engagement
    person = StaffMember.from_db(
        db, ["id", "first_name", "last_name"], [person_id, first_name, last_name]
    )
    enrolment = Enrolment.from_db(db, ["id"], [enrolment_id])
    enrolment.staff_member, enrolment.engagement = person, engagement
    version = InstrumentVersion.from_db(db, ["id"], [version_pk])
    response = Response.from_db(
        db,
        ["id", "answers", "source", "submitted_at"],
        [response_id, _json(answers), Response.Source.ONLINE.value, None],
    )
    response.questionnaire, response.enrolment = questionnaire, enrolment
    response.instrument_version = version
    return Answering(
        questionnaire=questionnaire,
        enrolment=enrolment,
        version=version,
        instrument=_instrument_from_text(definition),
        response=response,
        is_open=bool(is_open),
    )
