"""API routes for a client's staff list: read it page by page, import an HR export into it."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from breakaway.accounts.roles import has_role
from breakaway.assessments.import_selectors import local_copy
from breakaway.assessments.incident_import import UnusableFile
from breakaway.delivery.import_services import InvalidStaffMapping, staff_import
from breakaway.delivery.selectors import (
    STAFF_KEEPERS,
    StaffFilters,
    staff_member_list,
    staff_organisation_get_for_user,
)

router = Router(tags=["delivery"])

MAX_PAGE_SIZE = 200


class StaffMemberOut(Schema):
    id: int
    employee_number: str
    first_name: str
    last_name: str
    email: str
    role: str
    site: str
    site_id: int | None
    team: str
    start_date: date | None
    leaving_date: date | None
    archived: bool


class StaffPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[StaffMemberOut]


class StaffQuery(Schema):
    page: int = 1
    page_size: int = 50
    search: str = ""
    archived: bool = False


class RowErrorOut(Schema):
    row: int
    column: str
    value: str
    error: str


class StaffImportOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int
    archived: int
    rejected: list[RowErrorOut]
    repeated: int
    rejected_rows: int
    mapping: dict[str, str]
    dry_run: bool
    written: bool


class DetailOut(Schema):
    """A 422 without a report: a mapping that does not fit, or Django Ninja's own answer to a
    form field of the wrong type."""

    detail: str | list[dict[str, Any]]


def _organisation(request: HttpRequest, slug: str) -> Any:
    organisation = staff_organisation_get_for_user(user=request.user, slug=slug)
    if not has_role(request.user, *STAFF_KEEPERS):
        raise HttpError(403, "Your role cannot see staff lists.")
    return organisation


def _member_out(person: Any) -> dict[str, Any]:
    return {
        "id": person.pk,
        "employee_number": person.employee_number,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "role": person.role,
        "site": person.site_label,
        "site_id": person.site_id,
        "team": person.team,
        "start_date": person.start_date,
        "leaving_date": person.leaving_date,
        "archived": person.is_archived,
    }


@router.get("/organisations/{slug}/staff", response=StaffPageOut)
def staff_list(request: HttpRequest, slug: str, query: Query[StaffQuery]) -> dict[str, Any]:
    """The organisation's staff list by last name, a page at a time (`page_size` up to 200).

    `search` matches names, e-mail addresses and employee numbers; `archived=true` lists the
    archived people instead of the current ones.
    """
    organisation = _organisation(request, slug)
    filters = StaffFilters(search=query.search, archived=query.archived)
    people = staff_member_list(organisation=organisation, filters=filters)
    paginator = Paginator(people, max(1, min(query.page_size, MAX_PAGE_SIZE)))
    page = paginator.get_page(query.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [_member_out(person) for person in page.object_list],
    }


@router.post(
    "/organisations/{slug}/staff/import",
    response={200: StaffImportOut, 422: StaffImportOut | DetailOut},
)
def staff_list_import(
    request: HttpRequest,
    slug: str,
    file: File[UploadedFile],
    mapping: Form[str] = "",
    skip_invalid: Form[bool] = False,
    dry_run: Form[bool] = False,
) -> Status[dict[str, Any]]:
    """Import a staff list (CSV or XLSX, such as an ESR extract), as `manage.py import_staff`.

    Answers 200 with what the import did (or, with `dry_run`, would do), and 422 with the same
    report when rows have errors and `skip_invalid` is not set (nothing written). A file that is
    not a staff list answers 400. `mapping` is an optional JSON object from our field name to
    the file's header. Staff lists import in seconds, so this answers at once (no job to poll).
    """
    organisation = _organisation(request, slug)
    chosen = None
    if mapping:
        try:
            chosen = json.loads(mapping)
        except ValueError as error:
            raise HttpError(422, f"mapping is not JSON: {error}") from error
        if not isinstance(chosen, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in chosen.items()
        ):
            raise HttpError(422, 'mapping must be a JSON object, like {"email": "Work Email"}.')
    try:
        with local_copy(file, file.name or "staff.csv") as path:
            result = staff_import(
                organisation=organisation,
                path=path,
                mapping=chosen,
                skip_invalid=skip_invalid,
                dry_run=dry_run,
                imported_by=request.user,
                filename=file.name,
            )
    except UnusableFile as error:
        raise HttpError(400, error.message) from error
    except InvalidStaffMapping as error:
        raise HttpError(422, " ".join(error.problems)) from error
    return Status(422 if result.is_invalid else 200, result.to_dict())
