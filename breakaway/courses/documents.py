"""The course's documents: the outline for the client, the lesson plan and the risk assessment
for trainers, and the pre-course screening form.

Each document's context is built from one version of a design (its `course` JSON, the
composer's `to_dict()`) and the catalogue's current version of each module, fetched with its
outcomes and techniques in a fixed number of queries however many modules the course has.
The page and the PDF render the same include (`courses/documents/_<kind>.html`), so the PDF
is the page's print version.

Our own words, in plain English. Items the domain notes could not verify (FACTS §1) are not
stated as fact: re-screening at each refresher is written as what we do, not as a rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from breakaway.accounts.models import Organisation, Role
from breakaway.accounts.selectors import provider_get_public
from breakaway.assessments import taxonomy
from breakaway.assessments.models import NeedsAssessment
from breakaway.catalogue import content
from breakaway.catalogue.models import Intensity, LearningOutcome, ModuleVersion, Technique
from breakaway.courses.models import CourseDesign, CourseDesignVersion

PROVIDER_ROLES = (Role.PROVIDER_ADMIN, Role.ADVISOR, Role.DESIGNER, Role.TRAINER)
CLIENT_ROLES = (Role.CLIENT_ADMIN, Role.CLIENT_MANAGER)


@dataclass(frozen=True)
class Kind:
    slug: str
    title: str
    audience: str
    roles: tuple[str, ...]

    @property
    def template(self) -> str:
        return f"courses/documents/_{self.slug.replace('-', '_')}.html"


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind("outline", "Course outline", "For the client", PROVIDER_ROLES + CLIENT_ROLES),
        Kind("lesson-plan", "Lesson plan", "For trainers", PROVIDER_ROLES),
        Kind(
            "risk-assessment",
            "Risk assessment of the training",
            "For trainers",
            PROVIDER_ROLES,
        ),
        Kind(
            "screening-form",
            "Pre-course screening form",
            "For each attendee",
            PROVIDER_ROLES + CLIENT_ROLES,
        ),
    )
}

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# What the evidence says (FACTS §3, verified: Price et al. 2015; Heckemann et al. 2015).
EVIDENCE_NOTE = (
    "Training like this reliably improves staff knowledge and confidence, and how well they "
    "handle situations in practice scenarios. The evidence that it reduces assaults or "
    "injuries at work is weak, and practical skills fade within months unless they are "
    "refreshed. The course works best as one part of your wider plan to prevent and reduce "
    "violence, alongside your incident reporting, staffing and environment."
)

# Scenario prompts, one for each flashpoint the needs assessment offers (taxonomy.FLASHPOINTS).
SCENARIO_PROMPTS: dict[str, str] = {
    "waiting_times": (
        "A relative has waited three hours and starts shouting at the reception desk, leaning "
        "over it towards you. What do you say first, and where do you stand?"
    ),
    "refusals": (
        "You have to say no to a request, and the person steps close and raises their voice. "
        "How do you explain the decision, and what would make you leave?"
    ),
    "intoxication": (
        "Someone who has been drinking is confused, loud and unsteady, and grabs your arm to "
        "keep their balance. How do you free yourself without escalating things?"
    ),
    "medication_rounds": (
        "A patient refuses medication and steps into your space at the trolley. What do you "
        "notice first, and where is your exit?"
    ),
    "restraint": (
        "A colleague is holding someone and calls you over. The person is struggling and "
        "reaches for your clothing. What do you do to keep everyone safe, and who do you call?"
    ),
    "leave_decisions": (
        "You tell someone their leave has been cancelled. They stand up quickly, between you "
        "and the door. What do you say, and how do you make your way out?"
    ),
    "bad_news": (
        "You give a family bad news in a small side room. One of them starts pacing and "
        "punches the wall. Where should you have sat, and what do you do now?"
    ),
    "personal_care": (
        "During personal care, the person you are helping grabs your wrist hard and will not "
        "let go. What do you say, and which release do you use?"
    ),
    "admission": (
        "A person arriving against their wishes is frightened and lashes out as you show them "
        "in. How do you give them space while keeping the corridor safe?"
    ),
    "visiting": (
        "A visitor is told visiting time is over and grabs your lanyard as you turn away. How "
        "do you get free, and what do you report afterwards?"
    ),
    "money_and_benefits": (
        "Someone is angry about money they were expecting and bangs the table between you. "
        "What signs of escalation do you notice, and when do you end the meeting?"
    ),
    "exclusions": (
        "A young person told about a sanction swears at you and moves towards you, fists "
        "clenched. How do you keep your distance and calm things down?"
    ),
    "transitions": (
        "A change of staff or routine upsets someone, who pulls your hair from behind as you "
        "walk past. What do you do in the first few seconds?"
    ),
    "smoking_restrictions": (
        "You remind someone they cannot smoke on site. They blow smoke at you and square up. "
        "What do you say, and where do you move?"
    ),
}

GENERAL_PROMPTS = (
    "Someone you support becomes upset and steps into your space in a corridor. What do you "
    "notice first, and where is your exit?",
    "A person grabs your wrist while you are working alone in a room. What do you say, and "
    "how do you get free and away?",
    "An argument between two people starts to turn physical near you. Do you step in, step "
    "back or call for help, and why?",
)

# Hazards of practice for a physical module, by technique group.
GROUP_HAZARDS: dict[str, str] = {
    Technique.Group.GRABS: "Strains and sprains to wrists, elbows and shoulders",
    Technique.Group.CLOTHING_HAIR: "Pulled hair, neck strain and scratches from clothing grabs",
    Technique.Group.STRANGLES: "Pressure on the throat or neck, and neck strain",
    Technique.Group.BEAR_HUGS: "Back strain and pressure on the chest or ribs",
    Technique.Group.BITES: "Scratches and bruising",
    Technique.Group.STRIKES: "Accidental contact with a hand, foot or head",
    Technique.Group.FLOOR: "Falls to the floor, and impact on knees, hips and elbows",
}
STANDARD_HAZARDS = (
    "Slips, trips and falls while moving",
    "Muscle strains from sudden movement without a warm-up",
    "Contact with a partner or a wall or furniture",
)
STANDARD_CONTROLS = (
    "Every attendee completes the screening form before practice; the trainer reads the "
    "answers and agrees adapted participation or watching with anyone who answered yes.",
    "Consent is asked for before practice, and anyone may watch instead of taking part.",
    "A warm-up before physical practice.",
    "A stop word and a tap-out agreed with the group: practice stops at once when used.",
    "Watches, jewellery, lanyards and pocket contents removed; suitable clothes and shoes.",
    "Practice slowly in pairs of similar size, building speed only when the release is clean.",
    "A clear, non-slip floor with furniture moved to the walls.",
)
MATS_CONTROL = "Mats covering the whole practice area for work on or near the floor."
NO_PRESSURE_CONTROL = (
    "No real pressure on the throat or neck: partners place their hands, they do not squeeze."
)
ALL_STANDARD_CONTROLS = "The standard controls for all physical practice (above)."
WHO_MIGHT_BE_HARMED = "Attendees, their practice partners and the trainers."


def long_date(day: dt.date) -> str:
    """27 November 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def minutes_words(minutes: int) -> str:
    """'45 minutes', '1 hour 30 minutes', '2 hours'."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("s" if hours != 1 else ""))
    if rest or not hours:
        parts.append(f"{rest} minute" + ("s" if rest != 1 else ""))
    return " ".join(parts)


def version_for(design: CourseDesign, number: Any = None) -> CourseDesignVersion:
    """The design's version with this number (a query value), else its latest; else 404."""
    versions = CourseDesignVersion.objects.filter(design=design)
    if number in (None, ""):
        version = versions.order_by("-number").first()
    else:
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            raise Http404("No such version of this course design.") from None
        version = versions.filter(number=wanted).first()
    if version is None:
        raise Http404("No such version of this course design.")
    return version


def kind_get(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404("No such document.") from None


def filename_for(kind: Kind, design: CourseDesign, version: CourseDesignVersion) -> str:
    return f"{kind.slug}-{design.organisation.slug}-v{version.number}.pdf"


# The pieces ---------------------------------------------------------------------------------


@dataclass
class ModuleDoc:
    """One module of the course with its catalogue content (None when the code is unknown)."""

    code: str
    title: str
    minutes: int
    intensity: int
    reason: str
    covers: list[str]
    version: ModuleVersion | None

    @property
    def intensity_label(self) -> str:
        return str(dict(Intensity.choices).get(self.intensity, self.intensity))

    @property
    def is_physical(self) -> bool:
        return self.intensity >= Intensity.LIGHT

    @property
    def summary(self) -> str:
        return self.version.summary if self.version else ""

    @property
    def outcomes(self) -> list[LearningOutcome]:
        return list(self.version.outcomes.all()) if self.version else []

    @property
    def techniques(self) -> list[Technique]:
        return list(self.version.techniques.all()) if self.version else []

    @property
    def methods(self) -> list[str]:
        return self.version.method_labels if self.version else []

    @property
    def uses_scenarios(self) -> bool:
        return self.version is not None and content.SCENARIO in self.version.methods

    @property
    def equipment(self) -> str:
        return self.version.equipment if self.version else ""

    @property
    def venue(self) -> str:
        return self.version.venue if self.version else ""

    @property
    def risk_controls(self) -> list[str]:
        text = self.version.risk_controls if self.version else ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def covers_labels(self) -> list[str]:
        return [taxonomy.RISK_AREAS.get(area, area) for area in self.covers]


@dataclass
class Block:
    """One block of the timetable; a module's details hang off its first block."""

    day: int
    start: str
    end: str
    kind: str
    title: str
    minutes: int
    module: ModuleDoc | None = None
    continued: bool = False
    prompts: list[str] = field(default_factory=list)


@dataclass
class RiskRow:
    module: ModuleDoc
    hazards: list[str]
    controls: list[str]
    residual: str

    @property
    def residual_colour(self) -> str:
        return "green" if self.residual == "Low" else "yellow"


def _clock_minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def modules_for(course: dict[str, Any]) -> list[ModuleDoc]:
    """The course's modules in order, each with its current catalogue version: 3 queries."""
    entries = [m for m in course.get("modules") or [] if isinstance(m, dict) and m.get("code")]
    codes = [m["code"] for m in entries]
    versions = {
        v.module.code: v
        for v in ModuleVersion.objects.current()
        .filter(module__code__in=codes)
        .select_related("module")
        .prefetch_related(
            Prefetch("outcomes", queryset=LearningOutcome.objects.order_by("position", "code")),
            Prefetch("techniques", queryset=Technique.objects.order_by("position", "code")),
        )
    }
    return [
        ModuleDoc(
            code=m["code"],
            title=m.get("title") or m["code"],
            minutes=int(m.get("minutes") or 0),
            intensity=int(m.get("intensity") or 0),
            reason=m.get("reason") or "",
            covers=list(m.get("covers") or []),
            version=versions.get(m["code"]),
        )
        for m in entries
    ]


def flashpoints_for(assessment: NeedsAssessment | None) -> list[str]:
    """The flashpoint codes the client chose in the needs assessment, in the taxonomy's order."""
    if assessment is None:
        return []
    section = (assessment.answers or {}).get("flashpoints")
    chosen = section.get("flashpoints") if isinstance(section, dict) else None
    if not isinstance(chosen, list):
        return []
    return [code for code in taxonomy.FLASHPOINTS if code in chosen]


def venue_needs_for(modules: list[ModuleDoc]) -> list[str]:
    """What the venue needs, the most physical module's needs first, leaving out a need that
    another one already includes (the mats' room includes the room big enough to move in)."""
    ordered = sorted(modules, key=lambda m: -m.intensity)
    needs = _unique(m.venue.strip() for m in ordered)
    return [
        need
        for need in needs
        if not any(other != need and need.rstrip(".") in other for other in needs)
    ]


def prompts_for(flashpoints: Iterable[str]) -> list[str]:
    prompts = [SCENARIO_PROMPTS[code] for code in flashpoints if code in SCENARIO_PROMPTS]
    return prompts or list(GENERAL_PROMPTS)


def blocks_for(course: dict[str, Any], modules: list[ModuleDoc], prompts: list[str]) -> list[Block]:
    by_code = {m.code: m for m in modules}
    seen: set[str] = set()
    blocks = []
    for entry in course.get("timetable") or []:
        start, end = str(entry.get("start", "")), str(entry.get("end", ""))
        try:
            minutes = _clock_minutes(end) - _clock_minutes(start)
        except ValueError:
            minutes = 0
        code = entry.get("code")
        module = by_code.get(code) if code else None
        continued = bool(code) and code in seen
        if code:
            seen.add(code)
        blocks.append(
            Block(
                day=int(entry.get("day") or 1),
                start=start,
                end=end,
                kind=str(entry.get("kind") or "module"),
                title=str(entry.get("title") or ""),
                minutes=minutes,
                module=module,
                continued=continued,
                prompts=prompts if module and module.uses_scenarios and not continued else [],
            )
        )
    return blocks


def risk_rows_for(modules: list[ModuleDoc], ratio: int) -> list[RiskRow]:
    """Each physical module's hazards and its own controls; the standard controls, which
    apply to every one, are listed once beside the table (`standard_controls_for`)."""
    rows = []
    for module in modules:
        if not module.is_physical:
            continue
        groups = {t.group for t in module.techniques}
        hazards = list(STANDARD_HAZARDS)
        hazards += [text for group, text in GROUP_HAZARDS.items() if group in groups]
        controls = list(module.risk_controls)
        if Technique.Group.FLOOR in groups or module.intensity >= Intensity.HIGH:
            controls.append(MATS_CONTROL)
        if Technique.Group.STRANGLES in groups:
            controls.append(NO_PRESSURE_CONTROL)
        controls.append(ALL_STANDARD_CONTROLS)
        residual = "Low" if module.intensity <= Intensity.LIGHT else "Medium"
        rows.append(RiskRow(module=module, hazards=hazards, controls=controls, residual=residual))
    return rows


def standard_controls_for(ratio: int) -> list[str]:
    controls = list(STANDARD_CONTROLS)
    if ratio:
        controls.append(f"At most {ratio} attendees for each trainer, who watches every pair.")
    return controls


def screening_for(modules: list[ModuleDoc]) -> list[tuple[str, str]]:
    """The screening questions the course's techniques need, in the catalogue's order."""
    needed = {code for m in modules for t in m.techniques for code in t.screening}
    return [(code, text) for code, text in content.SCREENING.items() if code in needed]


def _unique(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return out


def _provider_of(organisation: Organisation) -> Organisation | None:
    if organisation.is_provider:
        return organisation
    if organisation.provider_id:
        return (
            Organisation.objects.prefetch_related("accreditations")
            .filter(pk=organisation.provider_id)
            .first()
        )
    return provider_get_public()


# The context --------------------------------------------------------------------------------


def document_context(
    *, design: CourseDesign, version: CourseDesignVersion, kind: Kind, pdf: bool = False
) -> dict[str, Any]:
    """Everything a document's template needs, in a fixed number of queries."""
    organisation = design.organisation
    course = version.course if isinstance(version.course, dict) else {}
    modules = modules_for(course)
    assessment_id = (version.inputs or {}).get("assessment") or design.assessment_id
    assessment = (
        NeedsAssessment.objects.filter(pk=assessment_id, organisation=organisation).first()
        if assessment_id
        else None
    )
    flashpoints = flashpoints_for(assessment)
    prompts = prompts_for(flashpoints)
    provider = _provider_of(organisation)
    today = timezone.localdate()
    accreditations = (
        [a for a in provider.accreditations.all() if a.is_current(today)] if provider else []
    )
    groups = [g for g in course.get("groups") or [] if isinstance(g, dict)]
    ratio = int(course.get("attendees_per_trainer") or 0)
    physical = [m for m in modules if m.is_physical]
    titles = {m.code: m.title for m in modules}
    risk_areas = [
        {
            "label": taxonomy.RISK_AREAS.get(str(a.get("id")), str(a.get("id"))),
            "score": a.get("score"),
            "covered_by": [titles.get(code, code) for code in a.get("covered_by") or []],
            "reason": a.get("reason") or "",
        }
        for a in sorted(
            (a for a in course.get("risk_areas") or [] if isinstance(a, dict)),
            key=lambda a: -int(a.get("score") or 0),
        )
        if int(a.get("score") or 0) > 0
    ]
    blocks = blocks_for(course, modules, prompts)
    days = sorted({b.day for b in blocks}) or [1]
    return {
        "kind": kind,
        "design": design,
        "version": version,
        "organisation": organisation,
        "provider": provider,
        "accreditations": accreditations,
        "produced_on": long_date(today),
        "pdf": pdf,
        "length_label": design.get_length_display(),
        "headcount": design.headcount,
        "contact_minutes": minutes_words(int(course.get("contact_minutes") or 0)),
        "days": days,
        "groups": groups,
        "group_count": len(groups),
        "trainers": course.get("trainers") or sum(int(g.get("trainers") or 0) for g in groups),
        "ratio": ratio,
        "modules": modules,
        "physical_modules": physical,
        "blocks": blocks,
        "risk_areas_covered": [a for a in risk_areas if a["covered_by"]],
        "risk_areas_not_covered": [a for a in risk_areas if not a["covered_by"] and a["reason"]],
        "venue_needs": venue_needs_for(modules),
        "equipment": _unique(m.equipment for m in modules),
        "evidence_note": EVIDENCE_NOTE,
        "flashpoints": [taxonomy.FLASHPOINTS[code] for code in flashpoints],
        "general_prompts": not flashpoints,
        "risk_rows": risk_rows_for(modules, ratio),
        "standard_controls": standard_controls_for(ratio),
        "who_might_be_harmed": WHO_MIGHT_BE_HARMED,
        "screening_questions": screening_for(modules),
    }
