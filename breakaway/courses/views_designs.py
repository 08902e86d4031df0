"""Course designs on screen: the list, a new design, one design with its versions, and the
designer's editor, whose every change is checked against the rules (htmx, or a plain post).

Designers (administrators, designers, advisors) create and change designs; every member of
the provider's staff may read them. Clients see no designs until a quote exists for one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import ListView, TemplateView

from breakaway.accounts.permissions import RoleRequiredMixin, role_required
from breakaway.accounts.roles import PROVIDER_STAFF, SALES, has_role
from breakaway.assessments.taxonomy import RISK_AREAS
from breakaway.courses import selectors
from breakaway.courses.api import DESIGNERS
from breakaway.courses.composer import LENGTHS, ArrangementDoesNotFit, CourseDoesNotFit
from breakaway.courses.documents import KINDS
from breakaway.courses.forms import Arrangement, ChangeNoteForm, DesignNewForm
from breakaway.courses.models import CourseDesign, CourseDesignVersion
from breakaway.courses.services import course_arrange, course_design_create, course_design_revise

TEMPLATES = "courses/designs/"


def course_view(course: dict[str, Any]) -> dict[str, Any]:
    """A stored course (the composer's `to_dict()`) arranged for the page: the timetable by
    day, risk areas with their names, the length's name."""
    days: dict[int, list[dict[str, Any]]] = {}
    for entry in course.get("timetable", []):
        days.setdefault(entry["day"], []).append(entry)
    rule = LENGTHS.get(course.get("length", ""))
    return {
        **course,
        "length_label": rule.label if rule else course.get("length"),
        "days": [
            {
                "number": number,
                "entries": entries,
                "start": entries[0]["start"],
                "end": entries[-1]["end"],
                "breaks": sum(e["kind"] == "break" for e in entries),
                "lunch": next((e for e in entries if e["kind"] == "lunch"), None),
            }
            for number, entries in sorted(days.items())
        ],
        "areas": [
            {**area, "label": RISK_AREAS.get(area["id"], area["id"])}
            for area in course.get("risk_areas", [])
        ],
    }


class DesignListView(RoleRequiredMixin, ListView):
    """Every design the provider's staff may see, newest first, in a constant few queries."""

    allowed_roles = PROVIDER_STAFF
    template_name = TEMPLATES + "design_list.html"
    context_object_name = "designs"

    def get_queryset(self) -> Any:
        return selectors.course_design_list_for_user(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        can_design = has_role(self.request.user, *DESIGNERS)
        return super().get_context_data(**kwargs) | {"can_design": can_design}


@role_required(*DESIGNERS)
@require_http_methods(["GET", "POST"])
def design_new(request: HttpRequest) -> HttpResponse:
    """Choose a client and the constraints; the composer proposes version 1."""
    form = DesignNewForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            design = course_design_create(
                organisation=data["organisation"],
                created_by=request.user,
                length=data["length"],
                headcount=data["headcount"],
                max_intensity=data["max_intensity"],
                max_group_size=data["max_group_size"],
            )
        except CourseDoesNotFit as error:
            form.add_error(None, error.message)
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The composer proposed this course as version 1."))
            return redirect("courses:design_detail", pk=design.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, TEMPLATES + "design_new.html", {"form": form}, status=status)


class DesignDetailView(RoleRequiredMixin, TemplateView):
    """One design: the version asked for (`?version=N`, the latest by default), every
    version, and what changed from the version before it."""

    allowed_roles = PROVIDER_STAFF
    template_name = TEMPLATES + "design_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        design = selectors.course_design_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        versions = list(selectors.course_design_version_list(design=design))
        asked = self.request.GET.get("version", "")
        number = int(asked) if asked.isdecimal() else None
        version = selectors.course_design_version_get(design=design, number=number)
        previous = next((v for v in versions if v.number == version.number - 1), None)
        diff = selectors.version_diff(old=previous, new=version) if previous else None
        return super().get_context_data(**kwargs) | {
            "design": design,
            "version": version,
            "versions": versions,
            "previous": previous,
            "diff": diff,
            "course": course_view(version.course),
            "is_latest": version.number == versions[0].number,
            "can_edit": has_role(self.request.user, *DESIGNERS),
            "can_quote": has_role(self.request.user, *SALES),
            "documents": [k for k in KINDS.values() if has_role(self.request.user, *k.roles)],
        }


def _checked(design: CourseDesign, latest: CourseDesignVersion, arrangement: Arrangement) -> dict:
    """Run the rules on the arrangement: the problems, or the course it makes."""
    problems = arrangement.typing_problems()
    modules = [
        (row.code, row.whole_minutes if row.whole_minutes is not None else row.module.minutes)
        for row in arrangement.rows
    ]
    course = None
    try:
        course = course_arrange(
            inputs={**latest.inputs, "headcount": design.headcount}, modules=modules
        )
    except ArrangementDoesNotFit as error:
        problems += error.problems
    saved = [(m["code"], m["minutes"]) for m in latest.course["modules"]]
    return {
        "design": design,
        "latest": latest,
        "arrangement": arrangement,
        "problems": problems,
        "checked": course_view(course.to_dict()) if course and not problems else None,
        "unchanged": not problems and arrangement.modules() == saved,
        "next_number": latest.number + 1,
        "check_url": reverse("courses:design_check", kwargs={"pk": design.pk}),
    }


def _arrangement(request: HttpRequest, latest: CourseDesignVersion) -> tuple[Arrangement, str]:
    catalogue = {m.code: m for m in selectors.module_specs()}
    if request.method != "POST":
        return Arrangement.from_course(latest.course, catalogue), ""
    arrangement = Arrangement.from_post(request.POST, catalogue)
    action = request.POST.get("action", "check")
    arrangement.apply(action, request.POST)
    return arrangement, action


@role_required(*DESIGNERS)
@require_http_methods(["GET", "POST"])
def design_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Reorder, add, remove and re-time the modules; save the result as the next version."""
    design = selectors.course_design_get_for_user(user=request.user, pk=pk)
    latest = selectors.course_design_version_get(design=design)
    arrangement, action = _arrangement(request, latest)
    context = _checked(design, latest, arrangement)
    note = request.POST.get("change_note", "")
    form = ChangeNoteForm(request.POST if action == "save" else None, initial={"change_note": note})
    if action == "save" and form.is_valid() and context["problems"]:
        form.add_error(None, _("Fix the broken rules listed under the modules, then save."))
    elif action == "save" and form.is_valid():
        try:
            version = course_design_revise(
                design=design,
                modules=arrangement.modules(),
                change_note=form.cleaned_data["change_note"],
                revised_by=request.user,
            )
        except ArrangementDoesNotFit as error:
            context["problems"] = list(error.problems)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if version.pk == latest.pk:
                messages.info(request, _("You did not change anything, so no version was saved."))
            else:
                messages.success(
                    request, _("Version %(number)s saved.") % {"number": version.number}
                )
            url = reverse("courses:design_detail", kwargs={"pk": design.pk})
            return redirect(f"{url}?version={version.number}")
    failed = action == "save"
    return render(
        request,
        TEMPLATES + "design_edit.html",
        context | {"form": form, "failed": failed},
        status=400 if failed else 200,
    )


@role_required(*DESIGNERS)
@require_POST
def design_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The checks for the posted arrangement (htmx); after a move, add or remove, the whole
    editor, so the rows show the new order."""
    design = selectors.course_design_get_for_user(user=request.user, pk=pk)
    latest = selectors.course_design_version_get(design=design)
    arrangement, action = _arrangement(request, latest)
    context = _checked(design, latest, arrangement)
    partial = "_checks.html" if action in ("", "check") else "_editor.html"
    return render(request, TEMPLATES + partial, context)
