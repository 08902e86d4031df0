"""Reads for the privacy pages, always through the user asking (tenancy).

A person's data (export, erasure): the provider's administrators for their clients, and the
administrators of the person's own organisation; anyone else 404 (or 403 by role). The
special-category access log: the provider's administrators and safeguarding leads, for the
organisations they may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from django.db.models import Q, QuerySet
from django.http import Http404

from breakaway.accounts.models import Organisation, Role
from breakaway.accounts.roles import has_role, standing
from breakaway.accounts.selectors import client_list_for_user, organisation_list_for_user
from breakaway.core.models import AuditEntry
from breakaway.delivery.models import (
    Attendance,
    AttendeeLink,
    Certificate,
    CompetenceRecord,
    HealthScreening,
    StaffMember,
)
from breakaway.evaluation.models import Response

PERSON_KEEPERS: Final = (Role.PROVIDER_ADMIN, Role.CLIENT_ADMIN)
SEARCH_LIMIT: Final = 50
# Actions that record reading or changing special-category data (health, injuries), and the
# privacy actions that touch it (exports include screening answers; erasure deletes them).
SPECIAL_CATEGORY_ACTIONS: Final = (
    "screening.",
    "training_incident.",
    "privacy.subject_access_export",
    "privacy.erase",
)


def privacy_organisations_for_user(*, user: Any) -> QuerySet[Organisation]:
    """The clients whose people the user may export or erase: a provider administrator's
    clients, a client administrator's own organisation."""
    who = standing(user)
    clients = client_list_for_user(user=user)
    if has_role(user, Role.PROVIDER_ADMIN) and who.provider_ids:
        return clients
    admin_of = [m.organisation_id for m in who.memberships if m.role == Role.CLIENT_ADMIN]
    return clients.filter(pk__in=admin_of)


def privacy_organisation_get_for_user(*, user: Any, slug: str) -> Organisation:
    organisation = privacy_organisations_for_user(user=user).filter(slug=slug).first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def privacy_person_get_for_user(*, user: Any, pk: int) -> StaffMember:
    """A real person (not a pseudonym's stand-in) the user may export or erase; else 404."""
    person = (
        StaffMember.objects.select_related("organisation", "site", "erasure")
        .filter(pk=pk, organisation__in=privacy_organisations_for_user(user=user))
        .filter(pseudonym__isnull=True)
        .first()
    )
    if person is None:
        raise Http404("No such person.")
    return person


def privacy_people_search(*, organisation: Organisation, search: str) -> list[StaffMember]:
    """People on the staff list (current or archived) matching every word, by name."""
    people = StaffMember.objects.filter(organisation=organisation, pseudonym__isnull=True)
    for word in search.split()[:5]:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(employee_number__icontains=word)
        )
    return list(
        people.select_related("site", "erasure").order_by("last_name", "first_name", "pk")[
            :SEARCH_LIMIT
        ]
    )


def may_review_access(user: Any) -> bool:
    """The provider's administrators and safeguarding leads review special-category access."""
    who = standing(user)
    return bool(who.provider_ids) and (
        has_role(user, Role.PROVIDER_ADMIN)
        or any(
            m.is_safeguarding_lead and m.organisation_id in who.provider_ids
            for m in who.memberships
        )
    )


@dataclass(frozen=True)
class AccessFilters:
    person: str = ""
    organisation: Organisation | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def special_category_entries(*, user: Any, filters: AccessFilters) -> QuerySet[AuditEntry]:
    """Audit entries recording access to special-category data in organisations the user may
    see, newest first; two queries a page however many."""
    actions = Q()
    for action in SPECIAL_CATEGORY_ACTIONS:
        actions |= Q(action__startswith=action)
    entries = AuditEntry.objects.filter(actions).filter(
        organisation__in=organisation_list_for_user(user=user)
    )
    for word in filters.person.split()[:5]:
        entries = entries.filter(object_repr__icontains=word)
    if filters.organisation is not None:
        entries = entries.filter(organisation=filters.organisation)
    if filters.date_from:
        entries = entries.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(created_at__date__lte=filters.date_to)
    return entries.select_related("actor", "organisation").order_by("-created_at", "-pk")


def audit_about(*, person: StaffMember, enrolment_ids: list[int]) -> Q:
    """The audit entries about the person's records (the records that show their name)."""
    mine = Q(staff_member=person)
    theirs = Q(enrolment_id__in=enrolment_ids)
    records: list[tuple[type[Any], Q]] = [
        (Certificate, mine),
        (AttendeeLink, mine),
        (HealthScreening, theirs),
        (Attendance, theirs),
        (CompetenceRecord, theirs),
        (Response, theirs),
    ]
    about = (
        Q(object_type="delivery.staffmember", object_id=str(person.pk))
        | Q(object_type="delivery.enrolment", object_id__in=[str(pk) for pk in enrolment_ids])
        # Answers already deleted by the retention job leave entries naming the person.
        | Q(
            object_type="delivery.healthscreening",
            organisation_id=person.organisation_id,
            object_repr__startswith=f"Screening for {person.full_name} on ",
        )
    )
    for model, whose in records:
        ids = model.objects.filter(whose).values_list("pk", flat=True)
        about |= Q(object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in ids])
    return about
