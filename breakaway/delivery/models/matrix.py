"""The training matrix: which roles in a client's organisation need which course, and how often
it must be refreshed. The compliance view reads it as "one row per person and required course":
each current staff member whose role matches a requirement (or every one, for a requirement
without a role) needs that course."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Organisation
from breakaway.delivery.staff_import import role_key

DEFAULT_REFRESHER_MONTHS = 12


class TrainingRequirementQuerySet(models.QuerySet["TrainingRequirement"]):
    def for_role(self, role: str) -> TrainingRequirementQuerySet:
        """The requirements that apply to people with this role (and to everyone)."""
        return self.filter(role_key__in=("", role_key(role)))


class TrainingRequirement(models.Model):
    """One line of the matrix: people in `role` need `course`, refreshed every so many months.

    The course is named (`course_name`, shown everywhere and printed on certificates) and may
    point to the bespoke course design that delivers it, so certificates from that design
    count towards it. A blank role means everyone on the staff list.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="training_requirements",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("As your HR system writes it, like “Staff Nurse”. Leave blank for everyone."),
    )
    role_key = models.CharField(max_length=200, blank=True, editable=False)
    course_name = models.CharField(_("course"), max_length=200)
    course_design = models.ForeignKey(
        "courses.CourseDesign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_requirements",
        verbose_name=_("course design"),
    )
    refresher_months = models.PositiveSmallIntegerField(
        _("refresher every (months)"),
        default=DEFAULT_REFRESHER_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    objects = TrainingRequirementQuerySet.as_manager()

    class Meta:
        ordering = ["role_key", "course_name", "pk"]
        verbose_name = _("training requirement")
        verbose_name_plural = _("training requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "role_key", "course_name"],
                name="training_requirement_unique_role_course",
                violation_error_message=_("This role already needs this course."),
            ),
            models.CheckConstraint(
                condition=models.Q(refresher_months__gte=1),
                name="training_requirement_refresher_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role or _('Everyone')}: {self.course_name}"

    def save(self, *args: object, **kwargs: object) -> None:
        # A derived column, kept with its source wherever the row is saved.
        self.role_key = role_key(self.role)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        # Set before validate_constraints, which full_clean runs after clean.
        self.role_key = role_key(self.role)
        design = self.course_design if self.course_design_id else None
        if design is not None and self.organisation_id:
            from django.core.exceptions import ValidationError

            if design.organisation_id != self.organisation_id:
                raise ValidationError(
                    {"course_design": _("Choose one of this organisation's course designs.")}
                )
