"""People and organisations: who may see and do what."""

from __future__ import annotations

import hashlib
import secrets
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in. Attendees are not users: they get token links."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split(" ")[0] if self.full_name else self.email) or self.email


class Sector(models.TextChoices):
    NHS_ACUTE = "nhs-acute", _("NHS acute")
    NHS_MENTAL_HEALTH = "nhs-mental-health", _("NHS mental health")
    NHS_COMMUNITY = "nhs-community", _("NHS community")
    AMBULANCE = "ambulance", _("Ambulance service")
    PRIMARY_CARE = "primary-care", _("Primary care")
    SOCIAL_CARE = "social-care", _("Social care")
    EDUCATION = "education", _("Education")
    HOUSING = "housing", _("Housing")
    LOCAL_AUTHORITY = "local-authority", _("Local authority")
    SECURITY = "security", _("Security")
    CHARITY = "charity", _("Charity")
    OTHER = "other", _("Other")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def providers(self) -> OrganisationQuerySet:
        return self.filter(kind=Organisation.Kind.PROVIDER)

    def clients(self) -> OrganisationQuerySet:
        """Organisations that receive training, including in-house teams training themselves."""
        return self.filter(
            Q(kind=Organisation.Kind.CLIENT)
            | Q(kind=Organisation.Kind.PROVIDER, trains_own_staff=True)
        )


class Organisation(models.Model):
    """The provider, or a client it trains (an NHS trust, a care group, a school…)."""

    class Kind(models.TextChoices):
        PROVIDER = "provider", _("Training provider")
        CLIENT = "client", _("Client")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CLIENT)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, blank=True)
    headcount = models.PositiveIntegerField(_("staff headcount"), null=True, blank=True)
    provider = models.ForeignKey(
        "self",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clients",
        limit_choices_to={"kind": "provider"},
        help_text=_("The training provider this client belongs to."),
    )
    # An NHS trust's own violence-reduction team is a provider that is also its own client.
    trains_own_staff = models.BooleanField(_("trains its own staff"), default=False)
    # The client's shifts, for incident profiles: [{"name": "Early", "start": "07:00",
    # "end": "15:00"}, …]; empty means early 07–15, late 15–23, night 23–07.
    shift_pattern = models.JSONField(_("shift pattern"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="client") | Q(provider__isnull=True),
                name="organisation_provider_has_no_provider",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_provider(self) -> bool:
        return self.kind == self.Kind.PROVIDER


class Site(models.Model):
    """A place where a client's staff work (a hospital, a care home, a campus)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sites", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    headcount = models.PositiveIntegerField(_("staff headcount"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="site_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Accreditation(models.Model):
    """A quality mark the provider holds, shown on the public site and on its documents."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="accreditations",
        verbose_name=_("organisation"),
    )
    scheme = models.CharField(_("scheme"), max_length=200)
    number = models.CharField(_("number"), max_length=80, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["scheme"]

    def __str__(self) -> str:
        return self.scheme

    def is_current(self, on: object | None = None) -> bool:
        today = on or timezone.localdate()
        return self.valid_until is None or self.valid_until >= today  # type: ignore[operator]


class Role(models.TextChoices):
    PROVIDER_ADMIN = "provider_admin", _("Provider administrator")
    ADVISOR = "advisor", _("Training advisor")
    DESIGNER = "designer", _("Course designer")
    TRAINER = "trainer", _("Trainer")
    CLIENT_ADMIN = "client_admin", _("Client administrator")
    CLIENT_MANAGER = "client_manager", _("Client manager")


PROVIDER_ROLES = frozenset({Role.PROVIDER_ADMIN, Role.ADVISOR, Role.DESIGNER, Role.TRAINER})
CLIENT_ROLES = frozenset({Role.CLIENT_ADMIN, Role.CLIENT_MANAGER})


class Membership(models.Model):
    """A user's role in one organisation."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_safeguarding_lead = models.BooleanField(
        _("safeguarding lead"),
        default=False,
        help_text=_("May read health-screening answers for any course."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.organisation_id is None:
            return
        is_provider = self.organisation.kind == Organisation.Kind.PROVIDER
        if is_provider and self.role not in PROVIDER_ROLES:
            raise ValidationError({"role": _("Choose a provider role for provider staff.")})
        if not is_provider and self.role not in CLIENT_ROLES:
            raise ValidationError({"role": _("Choose a client role for client staff.")})
        if self.is_safeguarding_lead and not is_provider:
            raise ValidationError(
                {"is_safeguarding_lead": _("Only provider staff can be the safeguarding lead.")}
            )


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Invitation(models.Model):
    """An invitation for a client contact (or new staff) to set a password and join."""

    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ApiToken(models.Model):
    """A personal API token; only its hash is kept, so it is shown once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
