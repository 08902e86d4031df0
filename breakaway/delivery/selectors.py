"""Reads of staff lists, staff imports and training matrices, always through the user asking
(tenancy): another client's people, imports and matrix lines answer 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django.db.models import Q, QuerySet
from django.http import Http404

from breakaway.accounts.models import Organisation, Site
from breakaway.accounts.roles import CLIENT_STAFF, SALES
from breakaway.accounts.selectors import client_list_for_user
from breakaway.delivery.models import StaffImport, StaffMember, TrainingRequirement

# Who keeps a staff list and its matrix: the client's administrators and managers, and the
# provider's sales staff (administrators and advisors) for their clients.
STAFF_KEEPERS: Final = (*SALES, *CLIENT_STAFF)


def staff_organisation_get_for_user(*, user: Any, slug: str) -> Organisation:
    """An organisation that receives training and that the user may see; any other is 404."""
    try:
        return client_list_for_user(user=user).get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation.") from None


def staff_member_get_for_user(*, user: Any, pk: int) -> StaffMember:
    """One person on a staff list the user may see; any other answers 404."""
    member = (
        StaffMember.objects.select_related("organisation", "site")
        .filter(pk=pk, organisation__in=client_list_for_user(user=user))
        .first()
    )
    if member is None:
        raise Http404("No such person.")
    return member


@dataclass(frozen=True)
class StaffFilters:
    search: str = ""
    site: str = ""  # a site's id, or "name:<site as written>" for a site not recorded
    team: str = ""
    role: str = ""
    archived: bool = False


def staff_member_list(
    *, organisation: Organisation, filters: StaffFilters | None = None
) -> QuerySet[StaffMember]:
    """The organisation's staff list, current or archived, searched and filtered; by name."""
    filters = filters or StaffFilters()
    people = StaffMember.objects.filter(organisation=organisation).select_related("site")
    people = people.archived() if filters.archived else people.current()
    for word in filters.search.split()[:5]:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(employee_number__icontains=word)
        )
    if filters.site.startswith("name:"):
        people = people.filter(site__isnull=True, site_name__iexact=filters.site[5:])
    elif filters.site.isdigit():
        people = people.filter(site_id=int(filters.site))
    if filters.team:
        people = people.filter(team__iexact=filters.team)
    if filters.role:
        people = people.filter(role__iexact=filters.role)
    return people.order_by("last_name", "first_name", "pk")


@dataclass(frozen=True)
class StaffFilterChoices:
    sites: list[tuple[str, str]]
    teams: list[str]
    roles: list[str]


def staff_filter_choices(*, organisation: Organisation) -> StaffFilterChoices:
    """The sites, teams and roles on the staff list, for its filters (three queries)."""
    people = StaffMember.objects.filter(organisation=organisation)
    sites = [
        (str(pk), name)
        for pk, name in Site.objects.filter(organisation=organisation).values_list("pk", "name")
    ]
    unrecorded = (
        people.filter(site__isnull=True)
        .exclude(site_name="")
        .values_list("site_name", flat=True)
        .distinct()
        .order_by("site_name")
    )
    sites += [(f"name:{name}", name) for name in unrecorded]
    teams = list(people.exclude(team="").values_list("team", flat=True).distinct().order_by("team"))
    roles = list(people.exclude(role="").values_list("role", flat=True).distinct().order_by("role"))
    return StaffFilterChoices(sites=sites, teams=teams, roles=roles)


def staff_import_get_for_user(*, user: Any, pk: int) -> StaffImport:
    """One staff import of an organisation the user may see; any other answers 404."""
    record = (
        StaffImport.objects.select_related("organisation", "created_by")
        .filter(pk=pk, organisation__in=client_list_for_user(user=user))
        .first()
    )
    if record is None:
        raise Http404("No such import.")
    return record


def staff_import_list(*, organisation: Organisation) -> QuerySet[StaffImport]:
    """The organisation's staff imports, newest first (those imported, not the previews)."""
    return (
        StaffImport.objects.filter(organisation=organisation, status=StaffImport.Status.DONE)
        .select_related("created_by")
        .defer("rejected")
    )


def training_requirement_list(*, organisation: Organisation) -> QuerySet[TrainingRequirement]:
    """The organisation's training matrix, by role then course."""
    return TrainingRequirement.objects.filter(organisation=organisation).select_related(
        "course_design"
    )


def training_requirement_get_for_user(*, user: Any, pk: int) -> TrainingRequirement:
    """One line of a matrix the user may see; any other answers 404."""
    requirement = (
        TrainingRequirement.objects.select_related("organisation", "course_design")
        .filter(pk=pk, organisation__in=client_list_for_user(user=user))
        .first()
    )
    if requirement is None:
        raise Http404("No such requirement.")
    return requirement


def staff_requirement_pairs(
    *, organisation: Organisation
) -> list[tuple[StaffMember, TrainingRequirement]]:
    """One pair per current person and course their role needs (the compliance view's rows),
    by person then course; a requirement without a role applies to everyone. Two queries."""
    requirements = list(training_requirement_list(organisation=organisation))
    by_role: dict[str, list[TrainingRequirement]] = {}
    for requirement in requirements:
        by_role.setdefault(requirement.role_key, []).append(requirement)
    everyone = by_role.get("", [])
    pairs: list[tuple[StaffMember, TrainingRequirement]] = []
    people = staff_member_list(organisation=organisation)
    for person in people.iterator(chunk_size=2000):
        needed = {r.pk: r for r in (*by_role.get(person.role_key, []), *everyone)}
        for requirement in sorted(needed.values(), key=lambda r: r.course_name.casefold()):
            pairs.append((person, requirement))
    return pairs
