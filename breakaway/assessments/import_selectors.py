"""Reads for the incident import pages: jobs as the user may see them, a job's file (its first
rows and a preview of how they read), and the distinct values the value review shows."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path
from typing import Any, Final

from django.db.models import Count, IntegerField, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from breakaway.accounts.models import Organisation
from breakaway.accounts.selectors import client_list_for_user
from breakaway.assessments import incident_import as reader
from breakaway.assessments import taxonomy
from breakaway.assessments.models import Incident, IncidentImport, ValueMapping

# Rows read for the preview page: enough to show what the file holds, quick for any file.
PREVIEW_ROWS: Final = 200
SAMPLE_ROWS: Final = 5
# The value review lists the commonest values of each field.
VALUES_SHOWN: Final = 100

# The column holding each taxonomy field's raw value. Location type has no raw column of its
# own: the importer reads it from the location when the file has no location type column.
RAW_COLUMNS: Final = {
    "category": "category_raw",
    "harm": "harm_raw",
    "location_type": "location",
    "assault_form": "assault_form_raw",
    "perpetrator_type": "perpetrator_type_raw",
}


# --------------------------------------------------------------------------------------------
# Organisations and jobs


def import_organisation_get_for_user(*, user: Any, slug: str) -> Organisation:
    """An organisation that receives training and that the user may see; any other is 404."""
    try:
        return client_list_for_user(user=user).get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation.") from None


def import_job_get_for_user(*, user: Any, pk: int) -> IncidentImport:
    """One import of an organisation the user may see; any other answers 404."""
    job = (
        IncidentImport.objects.select_related("organisation", "created_by")
        .filter(pk=pk, organisation__in=client_list_for_user(user=user))
        .first()
    )
    if job is None:
        raise Http404("No such import.")
    return job


def import_job_list_for_organisation(*, organisation: Organisation) -> QuerySet[IncidentImport]:
    """The organisation's imports, newest first, with their counts read out of the result in
    SQL (a result holds up to 1,000 errors: the list never loads it)."""

    def number(key: str) -> Cast:
        return Cast(KT(f"result__{key}"), IntegerField())

    return (
        IncidentImport.objects.filter(organisation=organisation)
        .select_related("created_by")
        .defer("result", "mapping")
        .annotate(
            rows_read=number("rows"),
            imported=number("imported"),
            duplicates=number("duplicates"),
            rejected_rows=number("rejected_rows"),
        )
        .order_by("-created_at", "-id")
    )


# --------------------------------------------------------------------------------------------
# Files


@contextmanager
def local_copy(source: Any, filename: str) -> Iterator[Path]:
    """A real file named as the person named it (the reader's messages quote the name), for an
    upload or a stored job file, whatever storage holds it."""
    name = Path(filename.replace("\0", "")).name.strip()
    if not name.strip("."):
        name = "upload"
    stem, suffix = Path(name).stem[:100] or "upload", Path(name).suffix[:20]
    with tempfile.TemporaryDirectory(prefix="breakaway-import-") as folder:
        path = Path(folder) / f"{stem}{suffix}"
        existing = _path_on_disk(source)
        if existing is not None:
            os.symlink(existing, path)
        elif hasattr(source, "storage"):  # a stored FieldFile
            with source.storage.open(source.name, "rb") as handle, path.open("wb") as out:
                shutil.copyfileobj(handle, out)
        else:  # an upload held in memory
            with path.open("wb") as out:
                for chunk in source.chunks():
                    out.write(chunk)
        yield path


def _path_on_disk(source: Any) -> str | None:
    temporary = getattr(source, "temporary_file_path", None)
    if temporary is not None:
        return str(temporary())
    if hasattr(source, "storage"):
        try:
            path = source.storage.path(source.name)
        except NotImplementedError:
            return None
        return path if os.path.exists(path) else None
    return None


@contextmanager
def import_job_table(
    *, job: IncidentImport, mapping: Mapping[str, Any] | None = None
) -> Iterator[reader.Table]:
    """The job's file as a table (raises `UnusableFile`), closed afterwards."""
    with local_copy(job.file, job.filename) as path:
        table = reader.open_table(path, mapping=mapping)
        try:
            yield table
        finally:
            table.close()


def cell_text(value: Any) -> str:
    """A cell as a person would read it: dates the UK way, no needless ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M" if not value.second else "%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


def table_sample(table: reader.Table, rows: int = SAMPLE_ROWS) -> list[tuple[int, list[str]]]:
    """The first rows below the header that hold anything, as text, one cell per header."""
    width = len(table.headers)
    sample: list[tuple[int, list[str]]] = []
    for number, cells in table.rows():
        text = [cell_text(c) for c in cells[:width]]
        if not any(text):
            continue
        sample.append((number, text + [""] * (width - len(text))))
        if len(sample) >= rows:
            break
    return sample


# --------------------------------------------------------------------------------------------
# The preview

# The columns the preview shows, from our fields; the date and time fields share one.
_SHOWN: Final = (
    "reference",
    "when",
    "site",
    "location",
    "location_type",
    "category",
    "subcategory",
    "harm",
    "assault_form",
    "perpetrator_type",
    "days_lost",
    "riddor",
)
_WHEN_FIELDS: Final = ("occurred_at", "occurred_on", "occurred_time")


@dataclass(frozen=True)
class PreviewCell:
    text: str
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class PreviewRow:
    row: int
    status: str  # "valid", "rejected" or "duplicate"
    cells: tuple[PreviewCell, ...]
    first_row: int | None = None


@dataclass(frozen=True)
class PreviewColumn:
    name: str
    label: str
    headers: tuple[str, ...]  # the file's own headers shown in this column

    @property
    def file_headers(self) -> str:
        """The file's headers, when they say something the label does not."""
        text = ", ".join(self.headers)
        return "" if text.casefold() == self.label.casefold() else text


@dataclass(frozen=True)
class PreviewValue:
    raw: str
    count: int
    code: str  # our code, or "" when not recognised
    label: str


@dataclass(frozen=True)
class PreviewValues:
    field: str
    label: str
    values: list[PreviewValue]


@dataclass
class Preview:
    columns: list[PreviewColumn]
    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[reader.RowError] = field(default_factory=list)
    valid: int = 0
    rejected: int = 0
    duplicates: int = 0
    furniture: int = 0
    complete: bool = False  # every row of the file was read
    size_hint: int = 0
    values: list[PreviewValues] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return self.valid + self.rejected + self.duplicates

    @property
    def estimate(self) -> int:
        """About how many incidents the file holds, for the import button."""
        if self.complete:
            return self.valid + self.rejected
        return max(self.size_hint, self.checked)

    @property
    def unrecognised(self) -> int:
        return sum(1 for found in self.values for v in found.values if not v.code)


def import_job_preview(
    *, job: IncidentImport, table: reader.Table, rows: int = PREVIEW_ROWS
) -> Preview:
    """How the file's first rows read with the job's mapping: every error with its row, column
    and value, repeated references, and how each category, harm… value maps onto ours.

    Reads at most `rows` data rows, so it is quick for a file of any size. Raises
    `incident_import.MappingError` when the mapping does not fit the table.
    """
    mapping = {name: header for name, header in job.mapping.items() if header}
    run = reader.parse(table, mapping, keep_descriptions=False)
    columns = [
        PreviewColumn(name, field_label(name), _headers_for(name, mapping))
        for name in _SHOWN
        if name == "when" or name in mapping
    ]
    preview = Preview(columns=columns, size_hint=table.size_hint)
    index = {header: position for position, header in reversed(list(enumerate(table.headers)))}
    raw_values: dict[str, Counter[str]] = {name: Counter() for name in taxonomy.FIELDS}
    items = islice(run, rows)
    for item in items:
        if isinstance(item, reader.ParsedRow):
            preview.valid += 1
            preview.rows.append(PreviewRow(item.row, "valid", _parsed_cells(item, columns)))
            for name in taxonomy.FIELDS:
                raw = getattr(item, f"{name}_raw")
                if raw:
                    raw_values[name][raw] += 1
        elif isinstance(item, reader.RejectedRow):
            preview.rejected += 1
            preview.errors.extend(item.errors)
            cells = _rejected_cells(item, columns, mapping, index)
            preview.rows.append(PreviewRow(item.row, "rejected", cells))
        else:
            preview.duplicates += 1
            cells = tuple(
                PreviewCell(item.reference if c.name == "reference" else "") for c in columns
            )
            preview.rows.append(PreviewRow(item.row, "duplicate", cells, item.first_row))
    # One more row tells whether the file has more than was shown.
    preview.complete = next(iter(run), None) is None
    preview.furniture = run.furniture_rows
    preview.values = _classified(job.organisation, raw_values, mapping)
    return preview


def field_label(name: str) -> str:
    """Our field's name as a heading: "Date of the incident"."""
    if name == "when":
        return gettext("Date and time")
    return capfirst(reader.FIELD_LABELS[name])


def _headers_for(name: str, mapping: Mapping[str, str]) -> tuple[str, ...]:
    if name == "when":
        return tuple(mapping[f] for f in _WHEN_FIELDS if f in mapping)
    return (mapping[name],)


def _parsed_cells(item: reader.ParsedRow, columns: list[PreviewColumn]) -> tuple[PreviewCell, ...]:
    cells = []
    for column in columns:
        name = column.name
        if name == "when":
            local = timezone.localtime(item.occurred_at)
            text = local.strftime("%d/%m/%Y") if item.hour is None else f"{local:%d/%m/%Y %H:%M}"
        elif name == "days_lost":
            text = "" if item.days_lost is None else str(item.days_lost)
        elif name == "riddor":
            text = {True: "Yes", False: "No", None: ""}[item.riddor]
        elif name in taxonomy.FIELDS:
            text = getattr(item, f"{name}_raw")
        else:
            text = getattr(item, name)
        cells.append(PreviewCell(text))
    return tuple(cells)


def _rejected_cells(
    item: reader.RejectedRow,
    columns: list[PreviewColumn],
    mapping: Mapping[str, str],
    index: Mapping[str, int],
) -> tuple[PreviewCell, ...]:
    def cell(header: str) -> str:
        position = index.get(header)
        if position is None or position >= len(item.cells):
            return ""
        return cell_text(item.cells[position])

    cells = []
    for column in columns:
        text = " ".join(t for t in (cell(h) for h in column.headers) if t)
        errors = tuple(e.error for e in item.errors if e.column in column.headers)
        cells.append(PreviewCell(text, errors))
    return tuple(cells)


def value_decisions_for(*, organisation: Organisation) -> dict[tuple[str, str], str]:
    """The organisation's own decisions: (field, normalised raw value) → our code."""
    return {
        (m.field, m.raw_value): m.code
        for m in ValueMapping.objects.filter(organisation=organisation)
    }


def _classified(
    organisation: Organisation, raw_values: dict[str, Counter[str]], mapping: Mapping[str, str]
) -> list[PreviewValues]:
    """Each field's distinct values, as the import will code them: the organisation's own
    decisions first, then the taxonomy. Values not recognised come first."""
    decided = value_decisions_for(organisation=organisation)
    found: list[PreviewValues] = []
    for name, counts in raw_values.items():
        if name not in mapping and not (name == "location_type" and "location" in mapping):
            continue
        values = []
        for raw, count in counts.items():
            code = taxonomy.classify_decided(decided, name, raw) or ""
            values.append(PreviewValue(raw, count, code, taxonomy.LABELS[name].get(code, "")))
        values.sort(key=lambda v: (bool(v.code), -v.count, v.raw.casefold()))
        if values:
            found.append(PreviewValues(name, field_label(name), values))
    return found


# --------------------------------------------------------------------------------------------
# The value review


@dataclass(frozen=True)
class ValueRow:
    raw: str  # the commonest spelling of the value
    normalised: str
    count: int
    code: str  # our code, or "" when not recognised
    label: str  # our code's label


@dataclass(frozen=True)
class ValueList:
    field: str
    rows: list[ValueRow]
    # Distinct values: as normalised among those read, or every spelling when there are more.
    distinct: int
    capped: bool  # more values than are listed


def incident_value_list(
    *, organisation: Organisation, field_name: str, limit: int = VALUES_SHOWN
) -> ValueList:
    """The distinct raw values of a taxonomy field in the organisation's incidents with their
    counts and current codes: values not recognised first, then the others, commonest first.

    Spellings that normalise alike ("Low", "low.") are one value, as one decision covers both.
    At most `limit` values are listed, so the page stays quick on a million incidents.
    """
    raw_column = RAW_COLUMNS[field_name]
    incidents = Incident.objects.filter(organisation=organisation).exclude(**{raw_column: ""})
    # A few times the limit of spelling groups, so spellings of a listed value are counted.
    read = limit * 5
    unrecognised = list(
        incidents.filter(**{field_name: taxonomy.UNRECOGNISED})
        .values(raw_column, field_name)
        .annotate(n=Count("id"))
        .order_by("-n", raw_column)[: read + 1]
    )
    recognised = list(
        incidents.exclude(**{field_name: taxonomy.UNRECOGNISED})
        .values(raw_column, field_name)
        .annotate(n=Count("id"))
        .order_by("-n", raw_column)[: read + 1]
    )
    more = len(unrecognised) > read or len(recognised) > read
    merged: dict[str, dict[str, Any]] = {}
    for group in unrecognised[:read] + recognised[:read]:
        raw, code, n = group[raw_column], group[field_name], group["n"]
        normalised = taxonomy.normalise(raw)
        if not normalised:
            continue
        entry = merged.setdefault(normalised, {"raw": raw, "count": 0, "codes": Counter()})
        entry["count"] += n
        entry["codes"][code] += n
    rows = []
    for normalised, entry in merged.items():
        code = entry["codes"].most_common(1)[0][0]
        shown = "" if code == taxonomy.UNRECOGNISED else code
        label = taxonomy.LABELS[field_name].get(shown, "")
        rows.append(ValueRow(entry["raw"], normalised, entry["count"], shown, label))
    rows.sort(key=lambda r: (bool(r.code), -r.count, r.normalised))
    capped = more or len(rows) > limit
    distinct = len(rows)
    if more:
        distinct = incidents.values(raw_column).order_by().distinct().count()
    return ValueList(field=field_name, rows=rows[:limit], distinct=distinct, capped=capped)
