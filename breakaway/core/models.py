"""Core records: the audit log (who did what, when, before → after), document sequences."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    # The client the object belongs to, so client-facing audit views can filter by tenant.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """Each field that differs between before and after."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class DocumentSequence(models.Model):
    """The last number issued for one prefix, year and provider; see `core.numbering`."""

    prefix = models.CharField(
        _("prefix"),
        max_length=5,
        validators=[RegexValidator(r"\A[A-Z]{1,5}\Z", _("Use one to five capital letters."))],
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Null means installation-wide: a single-provider installation numbers without one.
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    last_number = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        ordering = ["prefix", "year", "provider"]
        verbose_name = _("document sequence")
        verbose_name_plural = _("document sequences")
        # Two partial constraints rather than one with nulls_distinct=False: Django 5.2 does
        # not create nulls_distinct constraints on SQLite, and NULLs are distinct by default,
        # so a single plain constraint would let two installation-wide rows exist.
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year", "provider"],
                condition=models.Q(provider__isnull=False),
                name="core_docseq_unique_per_provider",
            ),
            models.UniqueConstraint(
                fields=["prefix", "year"],
                condition=models.Q(provider__isnull=True),
                name="core_docseq_unique_installation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"
