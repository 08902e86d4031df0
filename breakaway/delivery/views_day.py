"""The day in the room on the trainer's phone: the register and its code, competence and the
outcome per person, and the log of injuries and near misses; and the attendee's scan."""

from __future__ import annotations

import time
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breakaway.accounts.models import Role
from breakaway.accounts.permissions import role_required
from breakaway.delivery import day_selectors as selectors
from breakaway.delivery import day_services as services
from breakaway.delivery import register_codes
from breakaway.delivery.day_forms import AttendanceMarkForm, CompetenceForm, TrainingIncidentForm
from breakaway.delivery.links import attendee_from_request
from breakaway.delivery.models import Attendance

DAY_ROLES = selectors.DAY_ROLES


@role_required(*DAY_ROLES)
@require_GET
def day_today(request: HttpRequest) -> HttpResponse:
    """The user's training days this week and around it, today's first in view."""
    days = selectors.day_list_for_user(user=request.user)
    return render(request, "delivery/day/today.html", {"days": days, "today": timezone.localdate()})


@role_required(*DAY_ROLES)
@require_GET
def day_register(request: HttpRequest, pk: int) -> HttpResponse:
    """The register: the sign-in code (on the day), and each person's sign-in and how."""
    day = selectors.day_get_for_user(user=request.user, pk=pk)
    context = {
        "day": day,
        "engagement": day.engagement,
        "register": selectors.register_for_day(day=day),
        "is_today": day.date == timezone.localdate(),
        **_code_context(request, day),
    }
    return render(request, "delivery/day/register.html", context)


def _code_context(request: HttpRequest, day: Any) -> dict[str, object]:
    now = time.time()
    code = services.register_code_now(day=day, now=now)
    url = request.build_absolute_uri(reverse("register:scan", args=[day.pk, code]))
    svg = segno.make(url, error="m").svg_inline(omitsize=True, title=_("Sign-in code"))
    return {
        "qr_svg": svg,
        "scan_url": url,
        # Reload when the code changes (a moment after, so the server has moved on too).
        "refresh_in": int(register_codes.seconds_left(now)) + 1,
    }


@role_required(*DAY_ROLES)
@require_GET
@never_cache
def day_register_code(request: HttpRequest, pk: int) -> HttpResponse:
    """The code alone, for the register page to reload every 30 seconds (htmx)."""
    day = selectors.day_get_for_user(user=request.user, pk=pk)
    context = {
        "day": day,
        "is_today": day.date == timezone.localdate(),
        "signed_in": selectors.signed_in_count(day=day),
        **_code_context(request, day),
    }
    return render(request, "delivery/day/_register_code.html", context)


@role_required(*DAY_ROLES)
@require_POST
def day_register_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm scanned sign-ins: everyone's, or one person's."""
    day = selectors.day_get_for_user(user=request.user, pk=pk)
    person = request.POST.get("enrolment", "")
    ids = [int(person)] if person.isdigit() else None
    count = services.attendance_confirm(day=day, confirmed_by=request.user, enrolment_ids=ids)
    if ids is None:
        messages.success(request, _("%(count)s sign-ins confirmed.") % {"count": count})
    anchor = f"#person-{person}" if ids else ""
    return redirect(reverse("delivery:day_register", args=[day.pk]) + anchor)


@role_required(*DAY_ROLES)
@require_http_methods(["GET", "POST"])
def day_attendance_mark(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    """Mark one person by hand: present, late, left early or absent, with a note."""
    day = selectors.day_get_for_user(user=request.user, pk=pk)
    enrolment = selectors.enrolment_get_on(engagement=day.engagement, pk=enrolment_pk)
    current = Attendance.objects.filter(day=day, enrolment=enrolment).first()
    initial = {"status": current.status, "note": current.note} if current else {}
    form = AttendanceMarkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.attendance_mark(
            day=day, enrolment=enrolment, marked_by=request.user, **form.cleaned_data
        )
        return redirect(reverse("delivery:day_register", args=[day.pk]) + f"#person-{enrolment.pk}")
    context = {"day": day, "enrolment": enrolment, "attendance": current, "form": form}
    status = 400 if form.errors else 200
    return render(request, "delivery/day/attendance_mark.html", context, status=status)


@role_required(*DAY_ROLES)
@require_GET
def competence_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone on the course: how many techniques are recorded, and their outcome."""
    engagement = selectors.engagement_get_for_day(user=request.user, pk=pk)
    techniques = selectors.techniques_for(engagement=engagement)
    rows = selectors.competence_overview(engagement=engagement, techniques=len(techniques))
    context = {"engagement": engagement, "techniques": techniques, "rows": rows}
    return render(request, "delivery/day/competence_list.html", context)


@role_required(*DAY_ROLES)
@require_http_methods(["GET", "POST"])
def competence_person(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    """One person: a result per technique, adapted participation, and the course outcome."""
    engagement = selectors.engagement_get_for_day(user=request.user, pk=pk)
    enrolment = selectors.enrolment_get_on(engagement=engagement, pk=enrolment_pk)
    techniques = selectors.techniques_for(engagement=engagement)
    recorded = selectors.competence_for(enrolment=enrolment)
    initial: dict[str, object] = {"outcome": enrolment.outcome}
    for technique_id, record in recorded.items():
        initial[f"result_{technique_id}"] = record.result
        initial[f"adapted_{technique_id}"] = record.adapted
    form = CompetenceForm(request.POST or None, initial=initial, techniques=techniques)
    if request.method == "POST" and form.is_valid():
        everyone_did = request.POST.get("action") == "all_demonstrated"
        services.competence_record(
            enrolment=enrolment,
            results=form.results(all_demonstrated=everyone_did),
            techniques=techniques,
            recorded_by=request.user,
        )
        if form.cleaned_data["outcome"]:
            services.enrolment_outcome_set(
                enrolment=enrolment, outcome=form.cleaned_data["outcome"], set_by=request.user
            )
        name = enrolment.staff_member.full_name
        messages.success(request, _("Saved for %(name)s.") % {"name": name})
        following = selectors.enrolments_on(engagement=engagement).values_list("pk", flat=True)
        ids = list(following)
        after = ids[ids.index(enrolment.pk) + 1 :] if enrolment.pk in ids else []
        if after:
            return redirect("delivery:competence_person", pk=engagement.pk, enrolment_pk=after[0])
        return redirect("delivery:competence_list", pk=engagement.pk)
    context = {
        "engagement": engagement,
        "enrolment": enrolment,
        "form": form,
        "flagged": enrolment.pk in selectors.flagged_enrolment_ids(engagement=engagement),
    }
    status = 400 if form.errors else 200
    return render(request, "delivery/day/competence_person.html", context, status=status)


@role_required(*DAY_ROLES)
@require_GET
def training_incident_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The injuries and near misses logged on this course."""
    engagement = selectors.engagement_get_for_day(user=request.user, pk=pk)
    incidents = selectors.training_incident_list_for_user(user=request.user, engagement=engagement)
    context = {"engagement": engagement, "incidents": incidents}
    return render(request, "delivery/day/incident_list.html", context)


@role_required(*DAY_ROLES)
@require_http_methods(["GET", "POST"])
def training_incident_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Log an injury or near miss: what, when, who, what happened and what was done."""
    engagement = selectors.engagement_get_for_day(user=request.user, pk=pk)
    days = list(engagement.days.order_by("date"))
    form = TrainingIncidentForm(
        request.POST or None,
        days=days,
        people=selectors.enrolments_on(engagement=engagement),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.training_incident_log(
                engagement=engagement,
                day=form.day,
                kind=form.cleaned_data["kind"],
                happened_at=form.happened_at,
                people=form.cleaned_data["people"],
                description=form.cleaned_data["description"],
                action_taken=form.cleaned_data["action_taken"],
                reported_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The incident is logged. The provider's admins can see it.")
            )
            return redirect("delivery:training_incident_list", pk=engagement.pk)
    context = {"engagement": engagement, "form": form}
    status = 400 if form.errors else 200
    return render(request, "delivery/day/incident_new.html", context, status=status)


@role_required(Role.PROVIDER_ADMIN)
@require_GET
def training_incident_all(request: HttpRequest) -> HttpResponse:
    """Every injury and near miss in the provider's training, newest first."""
    incidents = selectors.training_incident_list_for_user(user=request.user)[:200]
    return render(request, "delivery/day/incident_all.html", {"incidents": incidents})


# The attendee's side ---------------------------------------------------------------------------


@require_GET
@never_cache
def register_scan(request: HttpRequest, day_pk: int, code: str) -> HttpResponse:
    """Scanning the trainer's code signs in the attendee whose link this browser opened."""
    link = attendee_from_request(request)
    if link is None:
        return render(request, "delivery/day/scan.html", {"problem": "no_link"}, status=403)
    day = selectors.day_get_for_scan(pk=day_pk)
    enrolment = (
        selectors.enrolment_for_attendee(
            staff_member_id=link.staff_member_id, engagement_id=day.engagement_id
        )
        if day
        else None
    )
    if day is None or enrolment is None:
        return render(request, "delivery/day/scan.html", {"problem": "not_enrolled"}, status=403)
    if not services.register_code_is_valid(day_id=day.pk, code=code):
        return render(request, "delivery/day/scan.html", {"problem": "old_code"}, status=400)
    attendance, created = services.attendance_sign_in(day=day, enrolment=enrolment)
    context = {"attendance": attendance, "created": created, "day": day, "link": link}
    return render(request, "delivery/day/scan.html", context)
