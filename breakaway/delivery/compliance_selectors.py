"""The client's compliance view: one row per current person and course their role needs, with
where they stand. Three queries however many people (the matrix, the people, the certificates),
and plain rows rather than model instances, so that 10,000 staff take a fraction of a second.

The latest certificate (by completion date) that is not revoked counts: one from the course
design the matrix line names when it names one, else one whose course has the line's name
(ignoring case). A person whose role needs the same course twice (a line for their role and one
for everyone) gets one row, from the line for their role.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Final

from django.utils import timezone

from breakaway.accounts.models import Organisation, Site
from breakaway.delivery.compliance import STATUSES, compliance_status
from breakaway.delivery.models import Certificate, StaffMember, TrainingRequirement

# The fields of a row as the command, the API and the exports give them (in this order).
ROW_FIELDS: Final = (
    "person",
    "person_id",
    "role",
    "site",
    "team",
    "course",
    "status",
    "completed_on",
    "expires_on",
    "certificate",
)


@dataclass(frozen=True)
class ComplianceFilters:
    site: str = ""  # a site's id, or "name:<site as written>" for a site not recorded
    team: str = ""
    course: str = ""
    status: str = ""


@dataclass
class ComplianceReport:
    as_of: datetime.date
    rows: list[dict[str, Any]]
    # Rows per status before the status filter, so each count reads "of those shown, …".
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _people(organisation: Organisation, filters: ComplianceFilters) -> Any:
    people = StaffMember.objects.filter(organisation=organisation).current()
    if filters.site.startswith("name:"):
        people = people.filter(site__isnull=True, site_name__iexact=filters.site[5:])
    elif filters.site.isdigit():
        people = people.filter(site_id=int(filters.site))
    if filters.team:
        people = people.filter(team__iexact=filters.team)
    return people


def _needs(
    organisation: Organisation, course: str
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """The matrix by role key, and the lines for everyone."""
    lines = TrainingRequirement.objects.filter(organisation=organisation)
    if course:
        lines = lines.filter(course_name__iexact=course)
    by_role: dict[str, list[dict[str, Any]]] = {}
    for line in lines.values("role_key", "course_name", "course_design_id").order_by("pk"):
        by_role.setdefault(line["role_key"], []).append(dict(line))
    return by_role, by_role.pop("", [])


def _latest_certificates(organisation: Organisation, people: Any) -> dict[tuple[Any, ...], dict]:
    """The latest unrevoked certificate per person and design, and per person and course name."""
    latest: dict[tuple[Any, ...], dict[str, Any]] = {}
    certificates = (
        Certificate.objects.filter(
            organisation=organisation,
            revoked_at__isnull=True,
            staff_member_id__in=people.values("pk"),
        )
        .values(
            "pk",
            "staff_member_id",
            "course_design_id",
            "course_name",
            "code",
            "completed_on",
            "expires_on",
        )
        .order_by("completed_on", "pk")
    )
    for found in certificates.iterator(chunk_size=5000):
        certificate: dict[str, Any] = dict(found)
        person = certificate["staff_member_id"]
        if certificate["course_design_id"]:
            latest[(person, "design", certificate["course_design_id"])] = certificate
        latest[(person, "name", certificate["course_name"].casefold())] = certificate
    return latest


def compliance_report(
    *,
    organisation: Organisation,
    as_of: datetime.date | None = None,
    filters: ComplianceFilters | None = None,
) -> ComplianceReport:
    """Every current person × required course with its status on `as_of` (today), filtered by
    site, team, course and status; by last name, first name, then course. Three queries."""
    filters = filters or ComplianceFilters()
    today = as_of or timezone.localdate()
    by_role, everyone = _needs(organisation, filters.course)
    people = _people(organisation, filters)
    latest = _latest_certificates(organisation, people)
    counts = dict.fromkeys(STATUSES, 0)
    rows: list[dict[str, Any]] = []
    columns = ("pk", "first_name", "last_name", "role", "role_key", "site__name", "site_name")
    for person in (
        people.values(*columns, "team")
        .order_by("last_name", "first_name", "pk")
        .iterator(chunk_size=5000)
    ):
        needed: dict[str, dict[str, Any]] = {}
        for line in (*by_role.get(person["role_key"], ()), *everyone):
            needed.setdefault(line["course_name"].casefold(), line)
        name = " ".join(p for p in (person["first_name"], person["last_name"]) if p)
        for key in sorted(needed):
            line = needed[key]
            if line["course_design_id"]:
                counting = latest.get((person["pk"], "design", line["course_design_id"]))
            else:
                counting = latest.get((person["pk"], "name", key))
            expires_on = counting["expires_on"] if counting else None
            status = compliance_status(expires_on, today)
            counts[status] += 1
            if filters.status and status != filters.status:
                continue
            rows.append(
                {
                    "person": name,
                    "person_id": person["pk"],
                    "role": person["role"],
                    "site": person["site__name"] or person["site_name"],
                    "team": person["team"],
                    "course": line["course_name"],
                    "status": status,
                    "completed_on": counting["completed_on"] if counting else None,
                    "expires_on": expires_on,
                    "certificate": counting["code"] if counting else None,
                    "certificate_id": counting["pk"] if counting else None,
                }
            )
    return ComplianceReport(as_of=today, rows=rows, counts=counts)


def compliance_row_out(row: dict[str, Any]) -> dict[str, Any]:
    """A row as the command and the API give it (dates as ISO strings)."""
    out = {name: row[name] for name in ROW_FIELDS}
    for name in ("completed_on", "expires_on"):
        out[name] = out[name].isoformat() if out[name] else None
    return out


@dataclass(frozen=True)
class ComplianceChoices:
    sites: list[tuple[str, str]]
    teams: list[str]
    courses: list[str]


def compliance_filter_choices(*, organisation: Organisation) -> ComplianceChoices:
    """The sites, teams and courses to filter by (four queries)."""
    people = StaffMember.objects.filter(organisation=organisation).current()
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
    courses = sorted(
        set(
            TrainingRequirement.objects.filter(organisation=organisation).values_list(
                "course_name", flat=True
            )
        ),
        key=str.casefold,
    )
    return ComplianceChoices(sites=sites, teams=teams, courses=courses)
