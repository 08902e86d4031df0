"""The needs assessment: the list, starting one, the task list, the question pages, checking
and sending, and the advisor's review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import ListView

from breakaway.accounts.models import CLIENT_ROLES, Organisation
from breakaway.accounts.permissions import RoleRequiredMixin, role_required
from breakaway.accounts.roles import CLIENT_STAFF, SALES, has_role, standing
from breakaway.accounts.selectors import client_list_for_user
from breakaway.assessments import questionnaire, selectors, services
from breakaway.assessments.forms import ReviewForm
from breakaway.assessments.models import NeedsAssessment
from breakaway.assessments.questionnaire import Page, Section

# Who fills in a needs assessment: the client's own staff, or an advisor during a call.
EDITORS = SALES + CLIENT_STAFF
TEMPLATES = "assessments/questionnaire/"
STATUS_COLOURS: dict[str, str] = {
    NeedsAssessment.Status.IN_PROGRESS: "blue",
    NeedsAssessment.Status.SUBMITTED: "purple",
    NeedsAssessment.Status.REVIEWED: "green",
}


def _client_get_for_user(user: Any, slug: str) -> Organisation:
    try:
        return client_list_for_user(user=user).get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404("No such client.") from None


def _is_open(assessment: NeedsAssessment) -> bool:
    return assessment.status == NeedsAssessment.Status.IN_PROGRESS


def _incident_upload_url(organisation: Organisation) -> str | None:
    """The incident import page, once the app has one."""
    try:
        return reverse("assessments:incident_upload", args=[organisation.slug])
    except NoReverseMatch:
        return None


class AssessmentListView(RoleRequiredMixin, ListView):
    """Client staff see their organisation's assessments; sales staff see all their clients'."""

    allowed_roles = EDITORS
    template_name = TEMPLATES + "assessment_list.html"
    context_object_name = "assessments"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[NeedsAssessment]:
        return selectors.assessment_list_for_user(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        who = standing(self.request.user)
        context["rows"] = [
            (a, questionnaire.progress(a), STATUS_COLOURS[a.status]) for a in context["assessments"]
        ]
        context["is_sales"] = has_role(self.request.user, *SALES)
        context["own_organisations"] = [
            m.organisation for m in who.memberships if m.role in CLIENT_ROLES
        ]
        return context


class ChooseClientView(RoleRequiredMixin, ListView):
    """Choose the client to start (or carry on) a needs assessment for."""

    allowed_roles = EDITORS
    template_name = TEMPLATES + "choose_client.html"
    context_object_name = "clients"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Organisation]:
        clients = client_list_for_user(user=self.request.user)
        if search := self.request.GET.get("q", "").strip()[:100]:
            clients = clients.filter(name__icontains=search)
        return clients

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["search"] = self.request.GET.get("q", "").strip()[:100]
        context["in_progress"] = set(
            selectors.assessment_list_for_user(user=self.request.user)
            .filter(status=NeedsAssessment.Status.IN_PROGRESS, organisation__in=context["clients"])
            .values_list("organisation_id", flat=True)
        )
        return context


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def assessment_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a client's needs assessment, or carry on with the one in progress."""
    organisation = _client_get_for_user(request.user, slug)
    if request.method == "POST":
        assessment, created = services.assessment_start(
            organisation=organisation, started_by=request.user
        )
        if not created:
            messages.info(request, _("You have carried on with the assessment already started."))
        return redirect("assessments:assessment_detail", pk=assessment.pk)
    in_progress = (
        selectors.assessment_list_for_user(user=request.user)
        .filter(organisation=organisation, status=NeedsAssessment.Status.IN_PROGRESS)
        .first()
    )
    context = {"organisation": organisation, "in_progress": in_progress}
    return render(request, TEMPLATES + "start.html", context)


def _detail_context(request: HttpRequest, assessment: NeedsAssessment) -> dict[str, Any]:
    is_sales = has_role(request.user, *SALES)
    return {
        "assessment": assessment,
        "status_colour": STATUS_COLOURS[assessment.status],
        "progress": questionnaire.progress(assessment),
        "summary": None if _is_open(assessment) else questionnaire.answers_summary(assessment),
        "minutes": questionnaire.minutes_spent(assessment.active_seconds),
        "is_sales": is_sales,
        "review_form": ReviewForm(initial={"advisor_notes": assessment.advisor_notes})
        if is_sales
        else None,
    }


@role_required(*EDITORS)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The task list while the assessment is open; the answers once it has been sent."""
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    return render(request, TEMPLATES + "task_list.html", _detail_context(request, assessment))


def _page_or_404(section_id: str, page_id: str) -> tuple[Section, Page]:
    section = questionnaire.SECTIONS_BY_ID.get(section_id)
    page = section.page(page_id) if section else None
    if section is None or page is None:
        raise Http404("No such question page.")
    return section, page


def _page_url(assessment: NeedsAssessment, section: Section, page: Page, *, check: bool) -> str:
    url = reverse(
        "assessments:assessment_page",
        kwargs={"pk": assessment.pk, "section": section.id, "page": page.id},
    )
    return url + ("?from=check" if check else "")


def _after_save(
    assessment: NeedsAssessment, section: Section, page: Page, action: str, *, check: bool
) -> str:
    """Where a saved page leads: the same page with a new row, the task list, the next
    question, or back to "Check your answers" once nothing in the section is left."""
    answers = questionnaire.section_answers(assessment, section.id)
    if action == "add":
        rows = len(answers.get("staff_groups") or []) + 1
        return _page_url(assessment, section, page, check=check) + f"#group-{rows}"
    if action == "save":
        return reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})
    following = section.next_page(page, answers)
    if check:
        while following and following.form_class.is_complete(answers):
            following = section.next_page(following, answers)
    if following:
        return _page_url(assessment, section, following, check=check)
    if check:
        return reverse("assessments:assessment_check", kwargs={"pk": assessment.pk})
    return reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def assessment_page(request: HttpRequest, pk: int, section: str, page: str) -> HttpResponse:
    """One question page. Each valid post is saved at once; "Continue" needs every answer,
    "Save and come back later" keeps what has been entered so far."""
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    the_section, the_page = _page_or_404(section, page)
    if not _is_open(assessment):
        messages.info(request, _("This needs assessment has been sent, so it cannot be changed."))
        return redirect("assessments:assessment_detail", pk=pk)
    check = request.GET.get("from") == "check"
    answers = questionnaire.section_answers(assessment, the_section.id)
    if not the_page.applies_to(answers):
        return redirect(_after_save(assessment, the_section, the_page, "continue", check=check))
    form_class = the_page.form_class
    if request.method == "POST":
        action = request.POST.get("action", "continue")
        form = form_class(request.POST, partial=action in {"save", "add"})
        shown = request.POST.get("shown") or ""
        if form.is_valid():
            services.assessment_save_section(
                assessment=assessment,
                section_id=the_section.id,
                page_id=the_page.id,
                answers=form.to_answers(),
                saved_by=request.user,
                shown_token=shown,
            )
            if action == "save":
                messages.success(
                    request, _("Your answers are saved. You can come back to them at any time.")
                )
            return redirect(_after_save(assessment, the_section, the_page, action, check=check))
    else:
        initial = form_class.defaults(assessment.organisation) | form_class.data_from_answers(
            answers
        )
        form = form_class(initial=initial)
        shown = questionnaire.page_token(assessment.pk, the_section.id, the_page.id)
    return render(
        request,
        TEMPLATES + "page.html",
        _page_context(assessment, the_section, the_page, form, shown, check=check),
    )


def _page_context(
    assessment: NeedsAssessment, section: Section, page: Page, form: Any, shown: str, *, check: bool
) -> dict[str, Any]:
    answers = questionnaire.section_answers(assessment, section.id)
    previous = section.previous_page(page, answers)
    if check:
        back = reverse("assessments:assessment_check", kwargs={"pk": assessment.pk})
    elif previous:
        back = _page_url(assessment, section, previous, check=False)
    else:
        back = reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})
    pages = section.pages_for(answers)
    return {
        "assessment": assessment,
        "section": section,
        "page": page,
        "form": form,
        "shown": shown,
        "back_url": back,
        "action_url": _page_url(assessment, section, page, check=check),
        "page_number": pages.index(page) + 1 if page in pages else 1,
        "page_count": len(pages),
        "section_count": len(questionnaire.SECTIONS),
        "incident_upload_url": _incident_upload_url(assessment.organisation),
    }


def _check_context(assessment: NeedsAssessment) -> dict[str, Any]:
    return {
        "assessment": assessment,
        "progress": questionnaire.progress(assessment),
        "summary": questionnaire.answers_summary(assessment),
    }


@role_required(*EDITORS)
def assessment_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Every answer with a link to change it, then the button that sends the assessment."""
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    if not _is_open(assessment):
        return redirect("assessments:assessment_detail", pk=pk)
    return render(request, TEMPLATES + "check.html", _check_context(assessment))


@role_required(*EDITORS)
@require_POST
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the assessment; while sections are missing, say which ones."""
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    try:
        services.assessment_submit(assessment=assessment, submitted_by=request.user)
    except services.AssessmentIncompleteError as incomplete:
        context = _check_context(assessment) | {"refused": incomplete.sections}
        return render(request, TEMPLATES + "check.html", context, status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:assessment_detail", pk=pk)
    messages.success(request, _("You have sent the needs assessment. Thank you."))
    return redirect("assessments:assessment_detail", pk=pk)


@role_required(*SALES)
@require_POST
def assessment_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the advisor's notes, and mark a sent assessment as reviewed."""
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    form = ReviewForm(request.POST)
    mark_reviewed = request.POST.get("action") == "review"
    if form.is_valid():
        try:
            services.assessment_review(
                assessment=assessment,
                reviewed_by=request.user,
                advisor_notes=form.cleaned_data["advisor_notes"],
                mark_reviewed=mark_reviewed,
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        context = _detail_context(request, assessment) | {"review_form": form}
        return render(request, TEMPLATES + "task_list.html", context, status=400)
    done = _("Marked as reviewed.") if mark_reviewed else _("Your notes are saved.")
    messages.success(request, done)
    return redirect(reverse("assessments:assessment_detail", kwargs={"pk": pk}) + "#review")
