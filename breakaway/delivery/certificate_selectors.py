"""Reads of certificates: the engagements a user may certify, a certificate a user may see, and
the public verification of a code (which shows no more than the holder's initialled name)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Final

from django.db.models import Max, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from breakaway.accounts.models import Role
from breakaway.accounts.roles import has_role, standing
from breakaway.accounts.selectors import client_list_for_user
from breakaway.delivery.certificate_codes import code_is_valid, code_normalise, initialled_name
from breakaway.delivery.models import Certificate, Enrolment
from breakaway.delivery.selectors import STAFF_KEEPERS
from breakaway.scheduling.models import Assignment, Engagement

# Who issues certificates: the provider's administrators, and the engagement's own trainers.
CERTIFIERS: Final = (Role.PROVIDER_ADMIN, Role.TRAINER)
# Who revokes them: the provider's administrators.
REVOKERS: Final = (Role.PROVIDER_ADMIN,)
# Trainers on an engagement: those told of it (published) or who accepted it.
ON_THE_ENGAGEMENT: Final = (Assignment.Status.PUBLISHED, Assignment.Status.ACCEPTED)


def _certifiable(user: Any) -> Q:
    """Engagements the user may certify: their provider's (administrators) or their own."""
    who = standing(user)
    visible = Q(pk__in=[])
    if has_role(user, Role.PROVIDER_ADMIN):
        visible |= Q(organisation__provider_id__in=who.provider_ids) | Q(
            organisation_id__in=who.provider_ids
        )
    if has_role(user, Role.TRAINER):
        visible |= Q(
            pk__in=Assignment.objects.filter(
                trainer__user=user, status__in=ON_THE_ENGAGEMENT
            ).values("engagement_id")
        )
    return visible


def engagement_list_for_certifier(*, user: Any) -> QuerySet[Engagement]:
    """Engagements the user may issue certificates for whose last day has come, latest first."""
    return (
        Engagement.objects.filter(_certifiable(user))
        .exclude(status=Engagement.Status.CANCELLED)
        .select_related("organisation", "design")
        .annotate(first_day=Min("days__date"), last_day=Max("days__date"))
        .filter(last_day__lte=timezone.localdate())
        .order_by("-last_day", "-pk")
    )


def engagement_get_for_certifier(*, user: Any, pk: int) -> Engagement:
    """One engagement the user may certify (any date); 404 for any other."""
    engagement = (
        Engagement.objects.filter(_certifiable(user), pk=pk)
        .select_related("organisation__provider", "design")
        .annotate(first_day=Min("days__date"), last_day=Max("days__date"))
        .first()
    )
    if engagement is None:
        raise Http404("No such engagement.")
    return engagement


def enrolment_list_for_certificates(*, engagement: Engagement) -> QuerySet[Enrolment]:
    """The engagement's roster (not the waiting list) with outcomes and certificates; 1 query."""
    return (
        Enrolment.objects.filter(engagement=engagement)
        .exclude(status=Enrolment.Status.WAITING)
        .select_related("staff_member", "certificate")
        .order_by("staff_member__last_name", "staff_member__first_name", "pk")
    )


def certificate_get_for_user(*, user: Any, pk: int) -> Certificate:
    """A certificate the user may see: the client's staff and the provider's sales staff, and
    the trainers of its engagement; any other answers 404."""
    visible = Q(pk__in=[])
    if has_role(user, *STAFF_KEEPERS):
        visible |= Q(organisation__in=client_list_for_user(user=user))
    if has_role(user, Role.TRAINER):
        visible |= Q(
            enrolment__engagement__assignments__trainer__user=user,
            enrolment__engagement__assignments__status__in=ON_THE_ENGAGEMENT,
        )
    certificate = (
        Certificate.objects.filter(visible, pk=pk)
        .select_related("organisation__provider", "staff_member", "enrolment__engagement")
        .first()
    )
    if certificate is None:
        raise Http404("No such certificate.")
    return certificate


def certificate_get_by_code(code: str) -> Certificate | None:
    """The certificate with this code as a person typed it (any case, O for 0, I or L for 1)."""
    normal = code_normalise(code)
    if not code_is_valid(normal):
        return None
    return (
        Certificate.objects.select_related("organisation__provider", "staff_member")
        .filter(code=normal)
        .first()
    )


class VerifiedStatus:
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Verification:
    """What anyone holding a code may learn: never an e-mail address or employee number."""

    code: str
    holder: str
    course: str
    completed_on: datetime.date
    expires_on: datetime.date
    status: str
    provider: str
    revoked_on: datetime.date | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "holder": self.holder,
            "course": self.course,
            "completed_on": self.completed_on,
            "expires_on": self.expires_on,
            "status": self.status,
            "valid": self.status == VerifiedStatus.VALID,
            "provider": self.provider,
            "revoked_on": self.revoked_on,
        }


def holder_initialled(certificate: Certificate) -> str:
    """ "J. Smith": from the person's names when they still read as on the certificate."""
    person = certificate.staff_member
    if person.full_name == certificate.holder_name:
        return initialled_name(person.first_name, person.last_name)
    *first, last = certificate.holder_name.split() or [""]
    return initialled_name(" ".join(first), last)


def certificate_verification(
    certificate: Certificate, today: datetime.date | None = None
) -> Verification:
    """Whether the certificate is valid today: revoked, expired (after its expiry date), or valid
    (to the end of its expiry date)."""
    today = today or timezone.localdate()
    if certificate.revoked_at is not None:
        status = VerifiedStatus.REVOKED
    elif certificate.expires_on < today:
        status = VerifiedStatus.EXPIRED
    else:
        status = VerifiedStatus.VALID
    organisation = certificate.organisation
    provider = organisation if organisation.is_provider else organisation.provider
    return Verification(
        code=certificate.code,
        holder=holder_initialled(certificate),
        course=certificate.course_name,
        completed_on=certificate.completed_on,
        expires_on=certificate.expires_on,
        status=status,
        provider=provider.name if provider else "",
        revoked_on=(timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None),
    )
