"""The module catalogue: learning outcomes, techniques, and modules whose content is versioned.

A `Module` is only a stable code. Its content lives in `ModuleVersion` rows: editing saves a
new version and leaves the old ones as they were, so a course designed last year can still
show what it taught. Each version carries its own legal review; a new version awaits review
until a named reviewer signs it off.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.assessments.taxonomy import RISK_AREAS
from breakaway.catalogue import content


class Phase(models.IntegerChoices):
    """Where a module sits in a course, in the order a course runs."""

    LAW_AND_AWARENESS = content.LAW_AND_AWARENESS, _("Law and awareness")
    DE_ESCALATION = content.DE_ESCALATION, _("De-escalation")
    BREAKAWAY_PRACTICE = content.BREAKAWAY_PRACTICE, _("Breakaway practice")
    SCENARIOS = content.SCENARIOS, _("Scenarios")
    REVIEW = content.REVIEW, _("Review")


class Intensity(models.IntegerChoices):
    NONE = content.NONE, _("None")
    LIGHT = content.LIGHT, _("Light")
    MODERATE = content.MODERATE, _("Moderate")
    HIGH = content.HIGH, _("High")


class Method(models.TextChoices):
    LECTURE = content.LECTURE, _("Lecture")
    QA = content.QA, _("Questions and answers")
    PHYSICAL_PRACTICE = content.PHYSICAL, _("Physical practice")
    SCENARIO_REHEARSAL = content.SCENARIO, _("Scenario rehearsal")


def _unknown(values: Any, known: Any) -> list[str]:
    if not isinstance(values, list):
        return ["(not a list)"]
    return [str(v) for v in values if v not in known]


class LearningOutcome(models.Model):
    """What an attendee can do by the end, and the risk areas (with why) it addresses."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    statement = models.TextField(_("statement"))
    # Risk area id (taxonomy.RISK_AREAS) → why this outcome helps with it.
    addresses = models.JSONField(_("risk areas addressed"), default=dict, blank=True)
    basis = models.CharField(_("where the content comes from"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("learning outcome")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not isinstance(self.addresses, dict) or _unknown(list(self.addresses), RISK_AREAS):
            raise ValidationError({"addresses": _("Use only the risk areas of the taxonomy.")})

    @property
    def risk_areas(self) -> list[str]:
        return list(self.addresses)


class Technique(models.Model):
    """A breakaway or self-protection technique, and the screening questions that matter for it."""

    class Group(models.TextChoices):
        FOUNDATIONS = "foundations", _("Stance and moving away")
        GRABS = "grabs", _("Wrist and arm grabs")
        CLOTHING_HAIR = "clothing_hair", _("Clothing and hair grabs")
        STRANGLES = "strangles", _("Strangles and headlocks")
        BEAR_HUGS = "bear_hugs", _("Bear hugs")
        BITES = "bites", _("Bites and scratches")
        STRIKES = "strikes", _("Strikes, kicks and head-butts")
        FLOOR = "floor", _("On the floor")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    description = models.TextField(_("description"))
    intensity = models.PositiveSmallIntegerField(
        _("physical intensity"), choices=Intensity.choices, default=Intensity.MODERATE
    )
    # Screening question codes (content.SCREENING) a "yes" to which changes participation.
    screening = models.JSONField(_("screening questions that matter"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("technique")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if unknown := _unknown(self.screening, content.SCREENING):
            raise ValidationError(
                {
                    "screening": _("These are not screening questions: %(codes)s.")
                    % {"codes": ", ".join(unknown)}
                }
            )

    @property
    def screening_labels(self) -> list[str]:
        return [content.SCREENING[code] for code in self.screening if code in content.SCREENING]


class Module(models.Model):
    """A module's stable identity; what it contains is in its versions."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    # The order of modules within a phase of the catalogue.
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("module")

    def __str__(self) -> str:
        return self.code


class ModuleVersionQuerySet(models.QuerySet["ModuleVersion"]):
    def current(self) -> ModuleVersionQuerySet:
        return self.filter(is_current=True)

    def with_review_flags(self, today: datetime.date) -> ModuleVersionQuerySet:
        """Annotate `is_review_overdue`: signed off, but the next review was due before today."""
        return self.annotate(
            is_review_overdue=Case(
                When(next_review_due__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )


class ModuleVersion(models.Model):
    """One version of a module's content, with its own legal review."""

    # The fields an edit may change, in the order a person reads them.
    CONTENT_FIELDS = (
        "title",
        "summary",
        "phase",
        "typical_minutes",
        "intensity",
        "is_mandatory",
        "methods",
        "trainer_qualifications",
        "equipment",
        "venue",
        "risk_controls",
        "risk_areas",
        "standards",
    )
    RELATED_FIELDS = ("outcomes", "techniques")
    REVIEW_FIELDS = (
        "reviewed_by_name",
        "reviewed_on",
        "next_review_due",
        "signed_off_by",
        "signed_off_at",
    )

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(_("current version"), default=False)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("what it covers"))
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    typical_minutes = models.PositiveSmallIntegerField(
        _("typical minutes"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    intensity = models.PositiveSmallIntegerField(_("physical intensity"), choices=Intensity.choices)
    is_mandatory = models.BooleanField(_("mandatory"), default=False)
    methods = models.JSONField(_("methods"), default=list)
    trainer_qualifications = models.JSONField(_("trainer qualifications"), default=list)
    equipment = models.TextField(_("equipment"), blank=True)
    venue = models.TextField(_("venue needs"), blank=True)
    risk_controls = models.TextField(_("risk controls for practice"), blank=True)
    risk_areas = models.JSONField(_("risk areas"), default=list)
    standards = models.JSONField(_("standards"), default=list, blank=True)
    outcomes = models.ManyToManyField(
        LearningOutcome, verbose_name=_("learning outcomes"), related_name="module_versions"
    )
    techniques = models.ManyToManyField(
        Technique, verbose_name=_("techniques"), related_name="module_versions", blank=True
    )
    change_note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    # The legal review: empty until a named reviewer signs this version off.
    reviewed_by_name = models.CharField(_("legal reviewer"), max_length=200, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sign-off recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("sign-off recorded"), null=True, blank=True)

    objects = ModuleVersionQuerySet.as_manager()

    class Meta:
        ordering = ["module", "-number"]
        verbose_name = _("module version")
        constraints = [
            models.UniqueConstraint(fields=["module", "number"], name="module_version_number"),
            models.UniqueConstraint(
                fields=["module"], condition=Q(is_current=True), name="one_current_module_version"
            ),
            models.CheckConstraint(
                condition=Q(intensity__lte=content.HIGH), name="module_version_intensity"
            ),
            models.CheckConstraint(
                condition=(
                    Q(reviewed_on__isnull=True, next_review_due__isnull=True, reviewed_by_name="")
                    | (
                        Q(
                            reviewed_on__isnull=False,
                            next_review_due__isnull=False,
                            next_review_due__gt=F("reviewed_on"),
                        )
                        & ~Q(reviewed_by_name="")
                    )
                ),
                name="module_version_review_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module.code} v{self.number}: {self.title}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.methods:
            errors["methods"] = _("Choose at least one teaching method")
        elif unknown := _unknown(self.methods, Method.values):
            errors["methods"] = _("These are not teaching methods: %(v)s") % {
                "v": ", ".join(unknown)
            }
        if not self.risk_areas:
            errors["risk_areas"] = _("Choose at least one risk area the module addresses")
        elif unknown := _unknown(self.risk_areas, RISK_AREAS):
            errors["risk_areas"] = _("These are not risk areas: %(v)s") % {"v": ", ".join(unknown)}
        if unknown := _unknown(self.standards, content.STANDARDS):
            errors["standards"] = _("These are not standards tags: %(v)s") % {
                "v": ", ".join(unknown)
            }
        qualifications = self.trainer_qualifications
        if (
            not isinstance(qualifications, list)
            or not qualifications
            or not all(isinstance(q, str) and q.strip() for q in qualifications)
        ):
            errors["trainer_qualifications"] = _("Choose the qualifications a trainer needs")
        physical = self.intensity is not None and self.intensity >= Intensity.MODERATE
        if physical and not self.risk_controls.strip():
            errors["risk_controls"] = _(
                "Enter the risk controls for practice: the module is moderately or highly physical"
            )
        always = self.module_id is not None and self.module.code in content.ALWAYS_MANDATORY
        if always and not self.is_mandatory:
            errors["is_mandatory"] = _(
                "This module is always mandatory: every course covers the law and duty of care"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_signed_off(self) -> bool:
        return self.reviewed_on is not None

    def is_review_overdue_on(self, day: datetime.date) -> bool:
        return self.next_review_due is not None and self.next_review_due < day

    @property
    def method_labels(self) -> list[str]:
        labels = dict(Method.choices)
        return [str(labels.get(m, m)) for m in self.methods]

    @property
    def risk_area_labels(self) -> list[str]:
        return [RISK_AREAS.get(a, a) for a in self.risk_areas]

    @property
    def standard_labels(self) -> list[str]:
        return [content.STANDARDS.get(s, s) for s in self.standards]
