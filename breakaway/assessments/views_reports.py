"""The incident profile page and the needs-assessment report, on screen and as a PDF.

The page and the PDF share their templates (`assessments/reports/_*.html`), so the PDF is
the page's print version: the same content in the same order, without the forms. The
numbers come from `incident_profile_for` and `risk_profile_for`, which count in SQL, so a
report costs the same few queries however many incidents the log holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from breakaway.accounts.models import Organisation
from breakaway.accounts.permissions import role_required
from breakaway.accounts.roles import CLIENT_STAFF, PROVIDER_STAFF, SALES, has_role
from breakaway.accounts.selectors import organisation_get_for_user, provider_get_public
from breakaway.assessments import questionnaire, selectors
from breakaway.assessments.incident_selectors import NOT_RECORDED, incident_profile_for
from breakaway.assessments.models import Incident, NeedsAssessment
from breakaway.assessments.profiling import TIME_BANDS, IncidentProfile, label
from breakaway.assessments.risk import (
    DISCLAIMER,
    LIKELIHOOD_WORDS,
    OVERALL_LEVELS,
    SEVERITY_WORDS,
    AreaRisk,
    RiskProfile,
    band,
    describe_rules,
)
from breakaway.assessments.risk_selectors import risk_profile_for
from breakaway.assessments.risk_services import risk_adjust
from breakaway.assessments.taxonomy import RISK_AREAS, UNRECOGNISED
from breakaway.core import charts
from breakaway.core.forms import AccessibleForm

TEMPLATES = "assessments/reports/"
# The report: the client's own staff and the provider's sales staff (as the assessment).
REPORT_READERS = SALES + CLIENT_STAFF
# The incident profile: the organisation's own staff and the provider's staff, who plan and
# deliver the training it shapes. Other organisations answer 404 (organisation_get_for_user).
PROFILE_READERS = PROVIDER_STAFF + CLIENT_STAFF

BAND_COLOURS = {"low": "green", "moderate": "yellow", "high": "orange", "extreme": "red"}
LEVEL_COLOURS = {"low": "green", "medium": "yellow", "high": "red"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
LOCATION_LIMIT = 10  # locations charted one by one; the rest are added up as "Other places"
MAX_PERIOD_DAYS = 3653  # ten years: a longer period makes a chart of a hundred-odd months
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


# Words and numbers --------------------------------------------------------------------------


def long_date(day: dt.date) -> str:
    """27 November 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """27/11/2026."""
    return day.strftime("%d/%m/%Y")


def period_words(start: dt.date, end: dt.date) -> str:
    return f"from {long_date(start)} to {long_date(end)}"


def percent(part: int, whole: int) -> str:
    """'38%', half up; 'under 1%' and 'over 99%' rather than a misleading 0% or 100%."""
    if whole <= 0 or part <= 0:
        return "0%"
    if part >= whole:
        return "100%"
    value = (200 * part + whole) // (2 * whole)
    if value == 0:
        return "under 1%"
    if value == 100:
        return "over 99%"
    return f"{value}%"


def share_words(part: int, whole: int) -> str:
    """'38% of incidents'."""
    return f"{percent(part, whole)} of incidents"


def incidents(count: int) -> str:
    """'1 incident', '1,234 incidents'."""
    return f"{count:,} incident" if count == 1 else f"{count:,} incidents"


def code_label(field_name: str, code: str) -> str:
    """The words for a taxonomy code, including the two the counts add."""
    if code == NOT_RECORDED or not code.strip():
        return "Not recorded"
    if code == UNRECOGNISED:
        return "Not matched to our list"
    return label(field_name, code)


# The incident profile, ready to show --------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """A headline number with what it means in words."""

    id: str
    value: str
    label: str
    meaning: str
    numeric: bool = True  # False when the value is words ("Not known"): set smaller


@dataclass(frozen=True)
class Chart:
    """A chart with its caption and the same data as a table."""

    id: str
    title: str
    caption: str
    svg: SafeString
    headers: tuple[str, str]
    rows: list[tuple[str, str]]
    notes: list[str] = field(default_factory=list)

    @property
    def row_columns(self) -> list[list[tuple[str, str]]]:
        """The rows in one column, or two side by side when there are many (for the PDF)."""
        if len(self.rows) <= 8:
            return [self.rows]
        half = (len(self.rows) + 1) // 2
        return [self.rows[:half], self.rows[half:]]


def _svg(markup: str) -> SafeString:
    # charts.py escapes every piece of text it draws.
    return mark_safe(markup)  # noqa: S308


def _busiest(items: list[tuple[str, int]]) -> tuple[str, int] | None:
    best = max(items, key=lambda kv: kv[1], default=None)
    return best if best and best[1] > 0 else None


def _headlines(profile: IncidentProfile) -> list[Headline]:
    total, days = profile.total, profile.days
    period = period_words(profile.period_from, profile.period_to)
    rows = [
        Headline(
            "total",
            f"{total:,}",
            "incident" if total == 1 else "incidents",
            f"recorded in the log {period} ({days:,} days).",
        )
    ]
    if profile.rate_per_100_staff_year is not None and profile.headcount:
        rows.append(
            Headline(
                "rate",
                f"{profile.rate_per_100_staff_year:,.1f}",
                "incidents a year for every 100 staff",
                f"Worked out from a headcount of {profile.headcount:,} staff, so you can "
                "compare sites and years of different sizes.",
            )
        )
    else:
        rows.append(
            Headline(
                "rate",
                "Not known",
                "incidents a year for every 100 staff",
                "We need to know how many staff you have to work this out.",
                numeric=False,
            )
        )
    riddor = profile.counts.riddor_reportable
    rows.append(
        Headline(
            "riddor",
            f"{riddor:,}",
            "may be RIDDOR-reportable",
            "RIDDOR is the law on reporting injuries at work to the Health and Safety "
            "Executive. We count incidents marked as reportable, with more than 7 days lost "
            "or a death recorded. Check each one: this is a pointer, not a finding.",
        )
    )
    previous = profile.counts.previous_total
    before_to = profile.period_from - dt.timedelta(days=1)
    before_from = profile.period_from - dt.timedelta(days=days)
    before = period_words(before_from, before_to)
    if previous is None:
        rows.append(
            Headline(
                "trend",
                "Not enough data",
                "to compare with the period before",
                f"The log does not go back to {long_date(before_from)}, so we cannot compare "
                f"with the {days:,} days before this period.",
                numeric=False,
            )
        )
    elif profile.change_percent is None:
        rows.append(
            Headline(
                "trend",
                "No incidents before",
                "in the period before",
                f"The log has no incidents {before}, so there is no change to work out.",
                numeric=False,
            )
        )
    else:
        change = profile.change_percent
        direction = "up" if change > 0 else "down" if change < 0 else "no change"
        value = f"{abs(change):g}%" if change else "0%"
        rows.append(
            Headline(
                "trend",
                f"{'+' if change > 0 else '−' if change < 0 else ''}{value}",
                f"{direction} on the period before" if change else "no change on the period before",
                f"{incidents(total)} in this period against {incidents(previous)} {before}.",
            )
        )
    return rows


def _column(
    chart_id: str,
    title: str,
    caption: str,
    items: list[tuple[str, str, int]],
    *,
    category_axis: str,
    headers: tuple[str, str],
    notes: list[str] | None = None,
) -> Chart:
    """A column chart from (axis label, table label, count) triples."""
    svg = charts.column_chart(
        [(short, n) for short, _full, n in items],
        title=title,
        description=caption,
        value_axis="Incidents",
        category_axis=category_axis,
        chart_id=chart_id,
    )
    rows = [(full, f"{n:,}") for _short, full, n in items]
    return Chart(chart_id, title, caption, _svg(svg), headers, rows, notes or [])


def _bar(
    chart_id: str,
    title: str,
    caption: str,
    items: list[tuple[str, int]],
    *,
    category_axis: str,
    headers: tuple[str, str],
    notes: list[str] | None = None,
) -> Chart:
    svg = charts.bar_chart(
        items,
        title=title,
        description=caption,
        value_axis="Number of incidents",
        category_axis=category_axis,
        chart_id=chart_id,
    )
    rows = [(name, f"{n:,}") for name, n in items]
    return Chart(chart_id, title, caption, _svg(svg), headers, rows, notes or [])


def _month_label(key: str, *, short: bool) -> str:
    year, month = (int(part) for part in key.split("-"))
    name = MONTHS[month - 1]
    return f"{name[:3]} {year}" if short else f"{name} {year}"


def _charts(profile: IncidentProfile, prefix: str) -> list[Chart]:
    c = profile.counts
    total = profile.total
    timed = total - c.unknown_time
    untimed = []
    if c.unknown_time:
        untimed = [
            f"{incidents(c.unknown_time)} with no time recorded "
            f"{'is' if c.unknown_time == 1 else 'are'} not in this chart."
        ]
    found: list[Chart] = []

    hours = [(f"{h:02d}", f"{h:02d}:00–{h + 1:02d}:00", n) for h, n in enumerate(c.by_hour)]
    top = _busiest([(full, n) for _s, full, n in hours])
    caption = "Incidents by the hour of the day they happened, in local time."
    if top:
        caption += f" The busiest hour was {top[0]}, with {incidents(top[1])}"
        caption += f" ({percent(top[1], timed)} of those with a time)." if timed else "."
    found.append(
        _column(
            f"{prefix}-hour",
            "By hour of the day",
            caption,
            hours,
            category_axis="Hour of the day (00 = midnight to 1 am)",
            headers=("Hour", "Incidents"),
            notes=untimed,
        )
    )

    days = [(name[:3], name, n) for name, n in zip(WEEKDAYS, c.by_weekday, strict=True)]
    top = _busiest([(full, n) for _s, full, n in days])
    caption = "Incidents by the day of the week they happened."
    if top:
        caption += (
            f" The busiest day was {top[0]}, with {incidents(top[1])} ({percent(top[1], total)})."
        )
    found.append(
        _column(
            f"{prefix}-weekday",
            "By day of the week",
            caption,
            days,
            category_axis="Day of the week",
            headers=("Day", "Incidents"),
        )
    )

    months = [
        (_month_label(key, short=True), _month_label(key, short=False), n)
        for key, n in profile.by_month.items()
    ]
    caption = "Incidents in each month of the period."
    slope = profile.slope_per_month
    if slope is not None and len(months) >= 3:
        if abs(slope) < 0.05:
            caption += " Across the period the monthly count stayed about level."
        elif slope > 0:
            caption += (
                f" Across the period the monthly count rose by about {slope:,.1f} "
                "incidents a month on average (a straight-line trend)."
            )
        else:
            caption += (
                f" Across the period the monthly count fell by about {abs(slope):,.1f} "
                "incidents a month on average (a straight-line trend)."
            )
    month_notes = [
        "The first and last months may be part months, which pulls their counts down; "
        "a trend over a few months says little."
    ]
    found.append(
        _column(
            f"{prefix}-month",
            "By month",
            caption,
            months,
            category_axis="Month",
            headers=("Month", "Incidents"),
            notes=month_notes,
        )
    )

    by_shift = {s.name: s for s in profile.shifts.shifts}
    shifts = [
        (
            f"{name[:1].upper()}{name[1:]} ({by_shift[name].start:02d}:00–"
            f"{by_shift[name].end:02d}:00)",
            n,
        )
        for name, n in profile.by_shift.items()
    ]
    top = _busiest(shifts)
    caption = "Incidents by shift, worked out from the hour each happened."
    if top:
        caption += f" The busiest shift was {top[0]}, with {incidents(top[1])}."
    found.append(
        _bar(
            f"{prefix}-shift",
            "By shift",
            caption,
            shifts,
            category_axis="Shift",
            headers=("Shift", "Incidents"),
            notes=untimed,
        )
    )

    categories = [
        (code_label("category", code), n)
        for code, n in sorted(c.by_category.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    caption = "Incidents by what happened."
    if categories:
        name, n = categories[0]
        caption += f" The commonest was {name}: {incidents(n)} ({share_words(n, total)})."
    found.append(
        _bar(
            f"{prefix}-category",
            "By category",
            caption,
            categories,
            category_axis="Category",
            headers=("Category", "Incidents"),
        )
    )

    places = sorted(c.by_location.items(), key=lambda kv: (-kv[1], kv[0]))
    locations = [(code_label("location_type", code), n) for code, n in places[:LOCATION_LIMIT]]
    rest = places[LOCATION_LIMIT:]
    if rest:
        locations.append((f"Other places ({len(rest)})", sum(n for _c, n in rest)))
    caption = "Incidents by the type of place they happened."
    if locations:
        name, n = locations[0]
        caption += f" The commonest was {name}: {incidents(n)} ({share_words(n, total)})."
    found.append(
        _bar(
            f"{prefix}-location",
            "By location",
            caption,
            locations,
            category_axis="Location",
            headers=("Location", "Incidents"),
        )
    )
    return found


def _flashpoints(profile: IncidentProfile) -> list[dict[str, str]]:
    return [
        {
            "location": code_label("location_type", f.location),
            "time": TIME_BANDS[f.time_band].replace("–", ":00–") + ":00",
            "category": code_label("category", f.category),
            "count": f"{f.count:,}",
            "share": share_words(f.count, profile.total),
        }
        for f in profile.flashpoints
    ]


def incident_profile_context(profile: IncidentProfile | None, *, prefix: str) -> dict[str, Any]:
    """What the incident-profile include shows (`None`: no incident log at all)."""
    if profile is None or profile.total == 0:
        return {"profile": profile, "has_incidents": False}
    return {
        "profile": profile,
        "has_incidents": True,
        "period": period_words(profile.period_from, profile.period_to),
        "headlines": _headlines(profile),
        "charts": _charts(profile, prefix),
        "flashpoints": _flashpoints(profile),
        "unknown_time": profile.counts.unknown_time,
    }


def incident_upload_url(organisation: Organisation) -> str | None:
    """The incident import page, once the app has one."""
    try:
        return reverse("assessments:incident_upload", args=[organisation.slug])
    except NoReverseMatch:
        return None


# The incident profile page ------------------------------------------------------------------


class PeriodForm(AccessibleForm):
    """The period to profile, as GET parameters `from` and `to` (both optional)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end date must be the same as or after the start date"))
        return cleaned


def _date_field(which: str, example: str) -> forms.DateField:
    return forms.DateField(
        label=_("From") if which == "start" else _("To"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "input--width-10"}),
        help_text=_("For example, %(example)s") % {"example": example},
        error_messages={
            "invalid": _("Enter the %(which)s date as day, month and year, like 27/11/2026")
            % {"which": which}
        },
    )


# `from` is a Python keyword, so the fields are added by name.
PeriodForm.base_fields["from"] = _date_field("start", "1/1/2025")
PeriodForm.base_fields["to"] = _date_field("end", "31/12/2026")


def _asked_profile(organisation: Organisation, form: PeriodForm) -> IncidentProfile | None:
    """The profile for the dates asked for, or None with the form saying what is wrong.

    A missing end date means the latest incident, a missing start date two years before
    the end (as the selector does).
    """
    start, end = form.cleaned_data.get("from"), form.cleaned_data.get("to")
    try:
        profile = incident_profile_for(organisation=organisation, date_from=start, date_to=end)
    except ValueError:  # a start after the latest incident, with no end date given
        form.add_error(
            "to",
            _("Enter an end date: the start date is after the latest incident in the log"),
        )
        return None
    if profile.days > MAX_PERIOD_DAYS:
        form.add_error("from", _("Choose a period of 10 years or less"))
        return None
    return profile


@role_required(*PROFILE_READERS)
@require_GET
def incident_profile(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's incident profile for a period (by default the two years up to its
    latest incident): headline numbers, charts with tables, and the flashpoints."""
    organisation = organisation_get_for_user(user=request.user, slug=slug)
    asked = "from" in request.GET or "to" in request.GET
    form = PeriodForm(request.GET if asked else None)
    profile = None
    if not asked:
        profile = incident_profile_for(organisation=organisation)
        form = PeriodForm(initial={"from": profile.period_from, "to": profile.period_to})
    elif form.is_valid():
        profile = _asked_profile(organisation, form)
    has_log = (profile is not None and profile.total > 0) or Incident.objects.filter(
        organisation=organisation
    ).exists()
    context = {
        "organisation": organisation,
        "form": form,
        "has_log": has_log,
        "upload_url": incident_upload_url(organisation),
        **incident_profile_context(profile, prefix="profile"),
    }
    return render(request, TEMPLATES + "incident_profile.html", context)


# The needs-assessment report ----------------------------------------------------------------


def _level_choices(words: dict[int, str]) -> list[tuple[int, str]]:
    return [(n, f"{n} – {word}") for n, word in words.items()]


class RiskAdjustForm(AccessibleForm):
    """An advisor's score for one risk area; prefixed with the area's id on the page."""

    likelihood = forms.TypedChoiceField(
        label=_("Likelihood"),
        choices=_level_choices(LIKELIHOOD_WORDS),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a likelihood from 1 (rare) to 5 (almost certain)")},
    )
    severity = forms.TypedChoiceField(
        label=_("Severity"),
        choices=_level_choices(SEVERITY_WORDS),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a severity from 1 (negligible) to 5 (catastrophic)")},
    )
    reason = forms.CharField(
        label=_("Why are you changing the score?"),
        help_text=_("The client reads this in the report, beside the computed score."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the reason for changing the score")},
    )


@dataclass(frozen=True)
class AreaRow:
    """One risk area as the report shows it."""

    rank: int
    area: AreaRisk
    form: RiskAdjustForm | None

    @property
    def colour(self) -> str:
        return BAND_COLOURS[self.area.band]

    @property
    def computed_band(self) -> str:
        return band(self.area.computed_score)

    @property
    def computed_colour(self) -> str:
        return BAND_COLOURS[self.computed_band]

    @property
    def likelihood_word(self) -> str:
        return LIKELIHOOD_WORDS[self.area.likelihood]

    @property
    def severity_word(self) -> str:
        return SEVERITY_WORDS[self.area.severity]


def _level_meaning(profile: RiskProfile, top: AreaRisk) -> str:
    low, medium = OVERALL_LEVELS[0][1], OVERALL_LEVELS[1][1]
    return (
        f"The overall risk level is {profile.overall_level} because the highest score is "
        f"{profile.highest_score} ({top.name}). A quote uses this level: low when the "
        f"highest score is {low} or less, medium at 8–{medium}, high at 15 or more."
    )


def risk_profile_context(
    profile: RiskProfile, *, sales: bool, invalid: RiskAdjustForm | None = None
) -> dict[str, Any]:
    """What the risk-profile include shows; `sales` adds an adjust form to each area."""
    ranked = profile.ranked()
    rows = []
    for rank, area in enumerate(ranked, start=1):
        form = None
        if sales:
            if invalid is not None and invalid.prefix == area.id:
                form = invalid
            else:
                form = RiskAdjustForm(
                    prefix=area.id,
                    initial={"likelihood": area.likelihood, "severity": area.severity},
                )
        rows.append(AreaRow(rank, area, form))
    matrix = charts.risk_matrix(
        [
            charts.MatrixPoint(str(r.rank), r.area.name, r.area.likelihood, r.area.severity)
            for r in rows
        ],
        title="The ten risk areas on the 5 × 5 risk matrix",
        description=(
            "Each risk area placed by its likelihood (across, 1 to 5) and severity (up, 1 to "
            "5); the numbers match the table."
        ),
        chart_id="risk-matrix",
        likelihood_words=LIKELIHOOD_WORDS,
        severity_words=SEVERITY_WORDS,
    )
    return {
        "risk": profile,
        "level": profile.overall_level,
        "level_colour": LEVEL_COLOURS[profile.overall_level],
        "level_meaning": _level_meaning(profile, ranked[0]),
        "highest": ranked[0],
        "areas": rows,
        "adjusted_count": sum(1 for r in rows if r.area.adjustment),
        "matrix_svg": _svg(matrix),
        "rules": describe_rules(profile.rules),
        "disclaimer": DISCLAIMER,
    }


def _provider_of(organisation: Organisation) -> Organisation | None:
    if organisation.is_provider:
        return organisation
    return organisation.provider or provider_get_public()


def _report_context(
    request: HttpRequest,
    assessment: NeedsAssessment,
    *,
    pdf: bool = False,
    invalid: RiskAdjustForm | None = None,
) -> dict[str, Any]:
    organisation = assessment.organisation
    profile = risk_profile_for(assessment=assessment)
    provider = _provider_of(organisation)
    today = timezone.localdate()
    accreditations = (
        [a for a in provider.accreditations.all() if a.is_current(today)] if provider else []
    )
    sales = has_role(request.user, *SALES) and not pdf
    return {
        "assessment": assessment,
        "organisation": organisation,
        "provider": provider,
        "accreditations": accreditations,
        "produced_on": today,
        "minutes": questionnaire.minutes_spent(assessment.active_seconds),
        "summary": questionnaire.answers_summary(assessment),
        "pdf": pdf,
        "is_sales": sales,
        "invalid_form": invalid,
        "upload_url": incident_upload_url(organisation),
        "has_log": profile.incident_profile is not None,
        **incident_profile_context(profile.incident_profile, prefix="report"),
        **risk_profile_context(profile, sales=sales, invalid=invalid),
    }


@role_required(*REPORT_READERS)
@require_GET
def assessment_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The needs-assessment report: the answers, the incident profile and the risk profile."""
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    return render(
        request, TEMPLATES + "assessment_report.html", _report_context(request, assessment)
    )


def report_filename(assessment: NeedsAssessment, day: dt.date) -> str:
    return f"needs-assessment-{assessment.organisation.slug}-{day.isoformat()}.pdf"


@role_required(*REPORT_READERS)
@require_GET
@never_cache
def assessment_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same report as an A4 PDF, the page's print version."""
    from breakaway.core.pdf import render_pdf  # WeasyPrint is slow to import: only here

    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    context = _report_context(request, assessment, pdf=True)
    pdf = render_pdf(TEMPLATES + "pdf/assessment_report.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = report_filename(assessment, context["produced_on"])
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@role_required(*SALES)
@require_POST
def risk_adjust_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An advisor sets one area's likelihood and severity, with a reason."""
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    area = request.POST.get("area", "")
    if area not in RISK_AREAS:
        return HttpResponseBadRequest("Choose one of the ten risk areas to adjust.")
    form = RiskAdjustForm(request.POST, prefix=area)
    if form.is_valid():
        try:
            risk_adjust(
                assessment=assessment,
                area=area,
                likelihood=form.cleaned_data["likelihood"],
                severity=form.cleaned_data["severity"],
                reason=form.cleaned_data["reason"],
                adjusted_by=request.user,
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
    if form.errors:
        context = _report_context(request, assessment, invalid=form)
        return render(request, TEMPLATES + "assessment_report.html", context, status=400)
    likelihood, severity = form.cleaned_data["likelihood"], form.cleaned_data["severity"]
    messages.success(
        request,
        _("%(area)s is now likelihood %(l)s × severity %(s)s = %(score)s (%(band)s).")
        % {
            "area": RISK_AREAS[area],
            "l": likelihood,
            "s": severity,
            "score": likelihood * severity,
            "band": band(likelihood * severity),
        },
    )
    return redirect(reverse("assessments:assessment_report", kwargs={"pk": pk}) + f"#area-{area}")
