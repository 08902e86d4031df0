"""The needs assessment's sections, how far through them a client is, and what they mean.

`NeedsAssessment.answers` holds one object per section id below, merged from the section's
question pages (the forms in `assessments/forms/`). A section is complete when every page
that applies passes its form's full validation, so changing a question never needs a
migration: old answers that no longer pass simply make the section "In progress" again.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.assessments import forms as q
from breakaway.assessments import taxonomy
from breakaway.assessments.models import NeedsAssessment
from breakaway.assessments.risk import RiskContext

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise as Promise

# Time on a page counts up to this much: a page left open over lunch adds 15 minutes, not 60.
PAGE_TIME_CAP_SECONDS = 15 * 60
_PAGE_SHOWN_SALT = "breakaway.assessments.page-shown"

Answers = Mapping[str, Any]


class SectionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


STATUS_COLOURS = {
    SectionStatus.NOT_STARTED: "grey",
    SectionStatus.IN_PROGRESS: "blue",
    SectionStatus.COMPLETED: "green",
}


@dataclass(frozen=True)
class Page:
    """One question page: its form, the template for its body, and when it applies."""

    id: str
    title: Promise
    form_class: type[q.QuestionForm]
    template: str = "assessments/questionnaire/pages/_fields.html"
    # Given the section's answers so far, whether the page is asked at all.
    applies: Callable[[Answers], bool] | None = None

    def applies_to(self, answers: Answers) -> bool:
        return self.applies is None or self.applies(answers)


@dataclass(frozen=True)
class Section:
    id: str
    number: int
    title: Promise
    hint: Promise
    pages: tuple[Page, ...]
    required: bool = True

    def pages_for(self, answers: Answers) -> list[Page]:
        """The pages that apply, given the section's answers so far."""
        return [page for page in self.pages if page.applies_to(answers)]

    def page(self, page_id: str) -> Page | None:
        return next((page for page in self.pages if page.id == page_id), None)

    def status(self, answers: Answers) -> SectionStatus:
        if not answers:
            return SectionStatus.NOT_STARTED
        if all(page.form_class.is_complete(answers) for page in self.pages_for(answers)):
            return SectionStatus.COMPLETED
        return SectionStatus.IN_PROGRESS

    def next_page(self, page: Page, answers: Answers) -> Page | None:
        """The next page that applies after `page`, or None at the end of the section."""
        later = self.pages[self.pages.index(page) + 1 :]
        return next((p for p in later if p.applies_to(answers)), None)

    def previous_page(self, page: Page, answers: Answers) -> Page | None:
        earlier = self.pages[: self.pages.index(page)]
        return next((p for p in reversed(earlier) if p.applies_to(answers)), None)


SECTIONS: tuple[Section, ...] = (
    Section(
        "organisation",
        1,
        _("Your organisation and setting"),
        _("Your sector, the type of setting and how many staff work there."),
        (
            Page("sector", _("Your sector"), q.SectorForm),
            Page("setting", _("Your setting"), q.SettingForm),
            Page("size", _("Sites and staff"), q.SizeForm),
        ),
    ),
    Section(
        "people",
        2,
        _("The people you care for"),
        _("Who your staff work with."),
        (Page("groups", _("The people you care for"), q.ServiceUserGroupsForm),),
    ),
    Section(
        "environments",
        3,
        _("Where staff work"),
        _("The places your staff work, lone working and home visits."),
        (
            Page("places", _("Where your staff work"), q.EnvironmentsForm),
            Page("lone-working", _("Working alone"), q.LoneWorkingForm),
            Page("home-visits", _("Home visits"), q.HomeVisitsForm),
        ),
    ),
    Section(
        "staff",
        4,
        _("Staff groups"),
        _("The groups of staff who need training, and when they work."),
        (
            Page(
                "groups",
                _("Staff groups"),
                q.StaffGroupsForm,
                template="assessments/questionnaire/pages/_staff_groups.html",
            ),
        ),
    ),
    Section(
        "training",
        5,
        _("Existing training"),
        _("What training your staff have had, and how often you would like to refresh it."),
        (
            Page("current", _("Training your staff have had"), q.TrainingForm),
            Page(
                "refreshed",
                _("When the training was last refreshed"),
                q.RefreshedForm,
                template="assessments/questionnaire/pages/_refreshed.html",
                applies=q.had_training,
            ),
            Page("interval", _("How often to refresh"), q.RefresherIntervalForm),
        ),
    ),
    Section(
        "flashpoints",
        6,
        _("Flashpoints"),
        _("The situations that most often lead to aggression or violence."),
        (Page("situations", _("Flashpoints"), q.FlashpointsForm),),
    ),
    Section(
        "incidents",
        7,
        _("Recent serious incidents"),
        _("Serious incidents, RIDDOR reports and restrictive intervention in the last year."),
        (
            Page(
                "serious",
                _("Serious incidents"),
                q.SeriousIncidentsForm,
                template="assessments/questionnaire/pages/_serious_incidents.html",
            ),
            Page("riddor", _("RIDDOR reports"), q.RiddorForm),
            Page(
                "restrictive", _("Holding, restraint and seclusion"), q.RestrictiveInterventionForm
            ),
        ),
    ),
    Section(
        "policies",
        8,
        _("Policies in place"),
        _("Your policies on violence, lone working, support after incidents and restraint."),
        (Page("policies", _("Your policies"), q.PoliciesForm),),
    ),
    Section(
        "standards",
        9,
        _("Standards to align with"),
        _("Any standards your training needs to follow."),
        (Page("standards", _("Standards"), q.StandardsForm),),
    ),
    Section(
        "physical",
        10,
        _("Physical demands and venue"),
        _("How physical the course can be, and the room it happens in."),
        (
            Page(
                "level",
                _("How physical the training can be"),
                q.PhysicalLevelForm,
                template="assessments/questionnaire/pages/_physical_level.html",
            ),
            Page("limitations", _("Health and injuries"), q.LimitationsForm),
            Page("venue", _("The venue"), q.VenueForm),
        ),
    ),
    Section(
        "incident_data",
        11,
        _("Incident data"),
        _("Whether you will share your incident records with us."),
        (
            Page(
                "upload",
                _("Your incident records"),
                q.IncidentDataForm,
                template="assessments/questionnaire/pages/_incident_data.html",
            ),
        ),
        required=False,
    ),
)

SECTIONS_BY_ID = {section.id: section for section in SECTIONS}


def section_answers(assessment: NeedsAssessment, section_id: str) -> dict[str, Any]:
    answers = (assessment.answers or {}).get(section_id)
    return dict(answers) if isinstance(answers, dict) else {}


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    status: SectionStatus

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def first_page(self) -> Page:
        return self.section.pages[0]


@dataclass(frozen=True)
class Progress:
    sections: list[SectionProgress]

    @property
    def completed(self) -> int:
        return sum(1 for s in self.sections if s.status == SectionStatus.COMPLETED)

    @property
    def total(self) -> int:
        return len(self.sections)

    @property
    def missing(self) -> list[Section]:
        """The required sections not yet complete: sending waits for these."""
        return [
            s.section
            for s in self.sections
            if s.section.required and s.status != SectionStatus.COMPLETED
        ]

    @property
    def ready(self) -> bool:
        return not self.missing


def progress(assessment: NeedsAssessment) -> Progress:
    """Each section with its status, worked out from the answers alone (no queries)."""
    return Progress(
        [
            SectionProgress(section, section.status(section_answers(assessment, section.id)))
            for section in SECTIONS
        ]
    )


@dataclass(frozen=True)
class SectionSummary:
    """A section's answers for "Check your answers": each row with the page that asks it."""

    section: Section
    status: SectionStatus
    rows: list[tuple[Page, q.SummaryRow]]

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]


def answers_summary(assessment: NeedsAssessment) -> list[SectionSummary]:
    summaries = []
    for section in SECTIONS:
        answers = section_answers(assessment, section.id)
        rows = [
            (page, row)
            for page in section.pages_for(answers)
            for row in page.form_class.summary(answers)
        ]
        summaries.append(SectionSummary(section, section.status(answers), rows))
    return summaries


# Time spent -------------------------------------------------------------------------------------


def page_token(
    assessment_id: int, section_id: str, page_id: str, now: datetime.datetime | None = None
) -> str:
    """A signed note of when a page was shown, carried in the form so it cannot be forged."""
    shown = (now or timezone.now()).timestamp()
    return signing.dumps(
        {"a": assessment_id, "p": f"{section_id}/{page_id}", "t": round(shown, 3)},
        salt=_PAGE_SHOWN_SALT,
    )


def seconds_on_page(
    token: str | None,
    assessment_id: int,
    section_id: str,
    page_id: str,
    now: datetime.datetime | None = None,
) -> int:
    """Seconds from the page being shown to now, at most the cap; 0 for a missing, forged
    or mismatched token."""
    if not token:
        return 0
    try:
        shown = signing.loads(token, salt=_PAGE_SHOWN_SALT)
    except signing.BadSignature:
        return 0
    if not isinstance(shown, dict) or shown.get("a") != assessment_id:
        return 0
    if shown.get("p") != f"{section_id}/{page_id}":
        return 0
    try:
        elapsed = (now or timezone.now()).timestamp() - float(shown["t"])
    except (KeyError, TypeError, ValueError):
        return 0
    if elapsed <= 0:
        return 0
    # A part of a second counts as a second: nobody answers a page in no time at all.
    return min(math.ceil(elapsed), PAGE_TIME_CAP_SECONDS)


def minutes_spent(seconds: int) -> int:
    """Whole minutes for "took about N minutes": at least 1 once any time was spent."""
    if seconds <= 0:
        return 0
    return max(1, round(seconds / 60))


# What the answers mean ---------------------------------------------------------------------------


def _codes(values: Any, known: Mapping[str, str]) -> frozenset[str]:
    return frozenset(v for v in values or () if v in known)


def risk_context(assessment: NeedsAssessment) -> RiskContext:
    """The questionnaire's answers in the terms the risk rules read."""
    organisation = section_answers(assessment, "organisation")
    environments = section_answers(assessment, "environments")
    incidents = section_answers(assessment, "incidents")
    places = set(_codes(environments.get("environments"), taxonomy.ENVIRONMENTS))
    if environments.get("home_visits") == "yes":
        places.add("home_visits")
    lone_working = environments.get("lone_working")
    return RiskContext(
        sector=organisation.get("sector") or assessment.organisation.sector or "",
        service_user_groups=_codes(
            section_answers(assessment, "people").get("service_user_groups"),
            taxonomy.SERVICE_USER_GROUPS,
        ),
        environments=frozenset(places),
        lone_working=lone_working if lone_working in {"never", "sometimes", "often"} else "never",
        flashpoints=_codes(
            section_answers(assessment, "flashpoints").get("flashpoints"), taxonomy.FLASHPOINTS
        ),
        restrictive_intervention_used=incidents.get("restrictive_intervention_used") == "yes",
        recent_serious_incidents=incidents.get("serious_incidents") == "yes",
        headcount=_headcount(assessment, organisation),
    )


def _headcount(assessment: NeedsAssessment, organisation: Answers) -> int | None:
    """The headcount they gave; else the staff groups added up; else the organisation's."""
    if isinstance(organisation.get("headcount"), int):
        return int(organisation["headcount"])
    groups = section_answers(assessment, "staff").get("staff_groups") or []
    counted = sum(g["headcount"] for g in groups if isinstance(g.get("headcount"), int))
    return counted or assessment.organisation.headcount
