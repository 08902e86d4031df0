"""Reads for course design: the catalogue as the composer sees it, and the client's risks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.http import Http404

from breakaway.accounts.models import Organisation
from breakaway.assessments import risk
from breakaway.assessments.incident_selectors import incident_profile_for
from breakaway.assessments.models import Incident, NeedsAssessment
from breakaway.assessments.risk_selectors import risk_profile_for, risk_rules
from breakaway.catalogue.selectors import module_list_current
from breakaway.courses.composer import LENGTHS, ModuleSpec
from breakaway.courses.models import CourseDesign, CourseDesignVersion


def module_specs() -> list[ModuleSpec]:
    """The current version of every catalogue module, in the composer's terms."""
    return [
        ModuleSpec(
            code=version.module.code,
            title=version.title,
            minutes=version.typical_minutes,
            intensity=version.intensity,
            mandatory=version.is_mandatory,
            risk_areas=frozenset(version.risk_areas),
            phase=version.phase,
        )
        for version in module_list_current()
    ]


def assessment_latest_for(*, organisation: Organisation) -> NeedsAssessment | None:
    """The client's latest sent assessment, else the one under way."""
    assessments = NeedsAssessment.objects.filter(organisation=organisation)
    sent = assessments.exclude(status=NeedsAssessment.Status.IN_PROGRESS)
    return sent.order_by("-submitted_at", "-id").first() or assessments.first()


def risk_scores_for(*, organisation: Organisation) -> tuple[dict[str, int], NeedsAssessment | None]:
    """Each risk area's score from the latest needs assessment, or from the incidents alone."""
    assessment = assessment_latest_for(organisation=organisation)
    if assessment is not None:
        profile = risk_profile_for(assessment=assessment)
    else:
        incidents = None
        if Incident.objects.filter(organisation=organisation).exists():
            incidents = incident_profile_for(organisation=organisation)
        context = risk.RiskContext(sector=organisation.sector, headcount=organisation.headcount)
        profile = risk.score_risks(context, incidents, rules=risk_rules())
    scores = {area["id"]: int(area["score"]) for area in profile.to_dict()["areas"]}
    return scores, assessment


def course_design_get_for_user(*, user: Any, pk: int) -> CourseDesign:
    """A design the user may see: provider staff see every client's; others none."""
    from breakaway.accounts.selectors import organisation_list_for_user

    design = (
        CourseDesign.objects.select_related("organisation")
        .filter(pk=pk, organisation__in=organisation_list_for_user(user=user))
        .first()
    )
    if design is None:
        raise Http404("No such course design.")
    return design


def course_design_list_for_user(*, user: Any) -> QuerySet[CourseDesign]:
    """Every design the user may see, newest first, with its number of versions and when the
    latest was saved (one query however many designs)."""
    from breakaway.accounts.selectors import organisation_list_for_user

    return (
        CourseDesign.objects.filter(organisation__in=organisation_list_for_user(user=user))
        .select_related("organisation", "created_by")
        .annotate(version_count=Count("versions"), saved_at=Max("versions__created_at"))
        .order_by("-created_at", "-id")
    )


def course_design_version_list(*, design: CourseDesign) -> QuerySet[CourseDesignVersion]:
    """The design's versions, newest first, with who saved each."""
    return design.versions.select_related("created_by").order_by("-number")


def course_design_version_get(
    *, design: CourseDesign, number: int | None = None
) -> CourseDesignVersion:
    """One version of the design (the latest by default); 404 when there is no such number."""
    versions = course_design_version_list(design=design)
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        raise Http404("No such version.")
    return version


@dataclass(frozen=True)
class DesignChange:
    """One readable change between two versions; `kind` names it for a tag."""

    kind: str  # added | removed | moved | minutes | length | headcount | groups | teaching
    text: str


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _kept_in_order(old: list[str], new: list[str]) -> set[str]:
    """The longest run of codes that keep their order from `old` to `new` (the rest moved)."""
    lengths = [[0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            lengths[i][j] = (
                lengths[i + 1][j + 1] + 1
                if old[i] == new[j]
                else max(lengths[i + 1][j], lengths[i][j + 1])
            )
    kept: set[str] = set()
    i = j = 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            kept.add(old[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


def _groups_words(course: dict[str, Any]) -> str:
    groups = course.get("groups", [])
    sizes = [str(g["attendees"]) for g in groups]
    trainers = sum(g["trainers"] for g in groups)
    listed = sizes[0] if len(sizes) == 1 else f"{', '.join(sizes[:-1])} and {sizes[-1]}"
    return (
        f"{len(groups)} group{'s' if len(groups) != 1 else ''} ({listed} attendees), "
        f"{trainers} trainer{'s' if trainers != 1 else ''}, at most "
        f"{course.get('attendees_per_trainer')} per trainer"
    )


def version_diff(*, old: CourseDesignVersion, new: CourseDesignVersion) -> list[DesignChange]:
    """What changed from `old` to `new`, in course order: modules added, removed, moved or
    given other minutes, then the length, the headcount, the groups and the teaching time."""
    before, after = old.course, new.course
    old_modules = {m["code"]: (i, m) for i, m in enumerate(before["modules"], start=1)}
    new_modules = {m["code"]: (i, m) for i, m in enumerate(after["modules"], start=1)}
    common_old = [m["code"] for m in before["modules"] if m["code"] in new_modules]
    common_new = [m["code"] for m in after["modules"] if m["code"] in old_modules]
    kept = _kept_in_order(common_old, common_new)
    changes: list[DesignChange] = []
    for code, (position, module) in new_modules.items():
        name = f"{code} {module['title']}"
        if code not in old_modules:
            changes.append(
                DesignChange(
                    "added",
                    f"Added {name} ({module['minutes']} minutes), {_ordinal(position)} "
                    "in the course.",
                )
            )
            continue
        was, old_module = old_modules[code]
        if code not in kept:
            changes.append(
                DesignChange("moved", f"Moved {name} from {_ordinal(was)} to {_ordinal(position)}.")
            )
        if old_module["minutes"] != module["minutes"]:
            changes.append(
                DesignChange(
                    "minutes",
                    f"{name}: from {old_module['minutes']} to {module['minutes']} minutes.",
                )
            )
    for code, (_position, module) in old_modules.items():
        if code not in new_modules:
            changes.append(
                DesignChange(
                    "removed", f"Removed {code} {module['title']} ({module['minutes']} minutes)."
                )
            )
    if before.get("length") != after.get("length"):
        labels = {key: rule.label for key, rule in LENGTHS.items()}
        changes.append(
            DesignChange(
                "length",
                f"Length: from a {labels.get(before.get('length'), before.get('length'))} to a "
                f"{labels.get(after.get('length'), after.get('length'))}.",
            )
        )
    old_headcount = sum(g["attendees"] for g in before.get("groups", []))
    new_headcount = sum(g["attendees"] for g in after.get("groups", []))
    if old_headcount != new_headcount:
        changes.append(
            DesignChange("headcount", f"Staff to train: from {old_headcount} to {new_headcount}.")
        )
    if _groups_words(before) != _groups_words(after):
        changes.append(
            DesignChange(
                "groups", f"Groups: from {_groups_words(before)} to {_groups_words(after)}."
            )
        )
    if before.get("contact_minutes") != after.get("contact_minutes"):
        changes.append(
            DesignChange(
                "teaching",
                f"Teaching time: from {before.get('contact_minutes')} to "
                f"{after.get('contact_minutes')} minutes.",
            )
        )
    return changes
