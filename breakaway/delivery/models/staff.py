"""A client's staff list: the people who may need training, kept from its HR system's exports
(or by hand), and the history of those imports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Organisation, Site
from breakaway.delivery.staff_import import role_key


class StaffMemberQuerySet(models.QuerySet["StaffMember"]):
    def current(self) -> StaffMemberQuerySet:
        """People still on the list (not archived)."""
        return self.filter(archived_at__isnull=True)

    def archived(self) -> StaffMemberQuerySet:
        """People archived from the list; not the stand-ins that hold pseudonymised
        questionnaire responses (privacy app), which are nobody."""
        return self.filter(archived_at__isnull=False, pseudonym__isnull=True)


class StaffMember(models.Model):
    """One person on a client's staff list.

    The site is the client's `Site` when the name in the HR extract matches one of its sites
    (ignoring case); `site_name` keeps the name as written either way, so a site the client
    has not recorded yet is not lost and links up when it is added and the list re-imported.
    """

    class ArchiveReason(models.TextChoices):
        LEFT = "left", _("Left (leaving date in the staff list)")
        BY_HAND = "by_hand", _("Archived by hand")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="staff_members",
        verbose_name=_("organisation"),
    )
    employee_number = models.CharField(_("employee number"), max_length=30, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    # The role folded for matching the training matrix (case and spacing ignored).
    role_key = models.CharField(max_length=200, blank=True, editable=False)
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_members",
        verbose_name=_("site"),
    )
    site_name = models.CharField(_("site as written"), max_length=200, blank=True)
    team = models.CharField(_("team"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    leaving_date = models.DateField(_("leaving date"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archive_reason = models.CharField(
        _("why archived"), max_length=20, choices=ArchiveReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "employee_number"],
                condition=~Q(employee_number=""),
                name="staff_member_unique_employee_number",
            ),
            models.CheckConstraint(
                condition=~Q(first_name="") | ~Q(last_name=""),
                name="staff_member_has_a_name",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "archived_at", "last_name", "first_name"]),
            models.Index(fields=["organisation", "role_key"]),
            models.Index(fields=["organisation", "email"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        # A derived column, kept with its source wherever the row is saved.
        self.role_key = role_key(self.role)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.role_key = role_key(self.role)
        if not (self.first_name.strip() or self.last_name.strip()):
            raise ValidationError({"first_name": _("Enter the person's first name or last name")})
        site = self.site if self.site_id else None
        if site is not None and site.organisation_id != self.organisation_id:
            raise ValidationError({"site": _("Choose one of this organisation's sites")})

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def site_label(self) -> str:
        """The site's name: the client's recorded site, else the name as written."""
        return self.site.name if self.site_id and self.site else self.site_name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class StaffImport(models.Model):
    """One import of a staff list: who, when, which file, what it did and the rows it refused.

    A file uploaded on the web waits here (`PREVIEW`) while a person checks what it would do;
    once imported the file itself is deleted, since it holds personal details.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for you to check it")
        DONE = "done", _("Imported")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="staff_imports",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEW
    )
    file = models.FileField(upload_to="staff-imports/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    mapping = models.JSONField(_("columns"), default=dict, blank=True)
    skip_invalid = models.BooleanField(_("rows with errors skipped"), default=False)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("starters added"), default=0)
    updated = models.PositiveIntegerField(_("people updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    archived = models.PositiveIntegerField(_("leavers archived"), default=0)
    repeated = models.PositiveIntegerField(_("rows repeating a person"), default=0)
    rejected_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    # [{"row", "column", "value", "error"}], at most MAX_REPORTED_ERRORS of them.
    rejected = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("staff import")
        verbose_name_plural = _("staff imports")
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.organisation})"
