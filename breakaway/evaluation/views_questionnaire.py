"""Answering questionnaires (the attendee whose link this browser opened: one group of
questions a page, saved as they go, check your answers, send once), and the provider's pages
for an engagement's questionnaires: paper forms and a client's own instruments."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakaway.accounts.models import Role
from breakaway.accounts.permissions import role_required
from breakaway.delivery.links import attendee_from_request, attendee_link_id
from breakaway.evaluation import questionnaire_selectors as selectors
from breakaway.evaluation.forms import AttachForm, PaperUploadForm, QuestionPageForm, answer_text
from breakaway.evaluation.instrument_services import (
    client_versions_for,
    questionnaire_instrument_attach,
)
from breakaway.evaluation.questionnaire_services import (
    AlreadySubmittedError,
    questionnaires_ensure,
    response_answers_save,
    response_submit,
)
from breakaway.evaluation.response_import import (
    PaperImportError,
    paper_import_check,
    paper_responses_import,
)

PAPER_KEY = "breakaway_paper_import_{pk}"
STAFF = (Role.PROVIDER_ADMIN, Role.ADVISOR, Role.TRAINER)


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def answering_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Find the remembered attendee and their questionnaire: a clear page when there is no
    link in this browser (403), the person is not on the course (404) or it is not open (403)."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: int, version_pk: int, **kwargs: Any) -> HttpResponse:
        link = attendee_from_request(request)
        if link is None:
            page = render(request, "evaluation/questionnaire/no_link.html", status=403)
            return _private(page)
        try:
            answering = selectors.answering_get(
                staff_member=link.staff_member, pk=pk, version_pk=version_pk
            )
        except Http404:
            return _private(render(request, "evaluation/questionnaire/not_found.html", status=404))
        if not answering.is_open:
            context = {"questionnaire": answering.questionnaire}
            page = render(request, "evaluation/questionnaire/closed.html", context, status=403)
            return _private(page)
        return _private(view(request, answering, **kwargs))

    return wrapped


def _args(answering: selectors.Answering) -> list[int]:
    return [answering.questionnaire.pk, answering.version.pk]


@answering_view
@require_http_methods(["GET", "POST"])
def question_page(request: HttpRequest, answering: selectors.Answering, page: int) -> HttpResponse:
    """One page of questions; each page is saved as soon as it is sent."""
    pages = answering.pages
    if answering.submitted:
        return redirect("evaluation:questionnaire_done", *_args(answering))
    if not 1 <= page <= len(pages):
        raise Http404("No such page.")
    items = pages[page - 1]
    initial = QuestionPageForm.initial_from(items, answering.answers)
    form = QuestionPageForm(
        request.POST if request.method == "POST" else None, items=items, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            response_answers_save(
                questionnaire=answering.questionnaire,
                enrolment=answering.enrolment,
                version=answering.version,
                answers=form.answers(),
            )
        except AlreadySubmittedError:
            return redirect("evaluation:questionnaire_done", *_args(answering))
        if page == len(pages) or request.GET.get("from") == "check":
            return redirect("evaluation:questionnaire_check", *_args(answering))
        return redirect("evaluation:question_page", *_args(answering), page + 1)
    back = (
        reverse("evaluation:question_page", args=[*_args(answering), page - 1]) if page > 1 else ""
    )
    context = {
        "answering": answering,
        "form": form,
        "number": page,
        "total": len(pages) + 1,
        "back": back,
    }
    status = 400 if form.errors else 200
    return render(request, "evaluation/questionnaire/page.html", context, status=status)


@require_http_methods(["GET", "POST"])
def questionnaire_check(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    """Check your answers, then send them: sending twice (a double tap, a retry) sends once.
    The usual sending (live link, open, every question answered, not sent yet) is read in one
    query; anything else goes the general way, with its own page for each case."""
    if request.method == "POST":
        sending = selectors.sending_get(
            link_id=attendee_link_id(request), pk=pk, version_pk=version_pk
        )
        if sending is not None and sending.is_open and sending.first_unanswered_page() is None:
            _send(sending)
            return _private(redirect("evaluation:questionnaire_done", pk, version_pk))
    return _questionnaire_check(request, pk, version_pk)


def _send(answering: selectors.Answering) -> None:
    response_submit(
        questionnaire=answering.questionnaire,
        enrolment=answering.enrolment,
        version=answering.version,
        response=answering.response,
    )


@answering_view
def _questionnaire_check(request: HttpRequest, answering: selectors.Answering) -> HttpResponse:
    ready = answering.first_unanswered_page() is None or answering.submitted
    if request.method == "POST" and ready:
        _send(answering)
        return redirect("evaluation:questionnaire_done", *_args(answering))
    if answering.submitted:
        return redirect("evaluation:questionnaire_done", *_args(answering))
    missing = answering.first_unanswered_page()
    if missing is not None:
        return redirect("evaluation:question_page", *_args(answering), missing)
    answers = answering.answers
    summary = [
        (number, [(item, answer_text(item, answers.get(item.id))) for item in items])
        for number, items in enumerate(answering.pages, start=1)
    ]
    context = {
        "answering": answering,
        "summary": summary,
        "number": len(answering.pages) + 1,
        "total": len(answering.pages) + 1,
        "back": reverse("evaluation:question_page", args=[*_args(answering), len(summary)]),
    }
    return render(request, "evaluation/questionnaire/check.html", context)


@answering_view
def questionnaire_done(request: HttpRequest, answering: selectors.Answering) -> HttpResponse:
    """Thank you, and the next questionnaire still to answer, if any."""
    if not answering.submitted:
        return redirect("evaluation:questionnaire_check", *_args(answering))
    return render(request, "evaluation/questionnaire/done.html", {"answering": answering})


# The provider's pages --------------------------------------------------------------------------


@role_required(*STAFF)
def engagement_questionnaires(request: HttpRequest, pk: int) -> HttpResponse:
    """The engagement's questionnaires: when each is open, what it asks, how many answered."""
    engagement = selectors.evaluation_engagement_get_for_user(user=request.user, pk=pk)
    questionnaires = questionnaires_ensure(engagement=engagement)
    attach = None
    if selectors.may_attach_instruments(user=request.user, engagement=engagement):
        versions = client_versions_for(organisation=engagement.organisation)
        if versions.exists():
            attach = AttachForm(questionnaires=questionnaires, versions=versions)
    context = {
        "engagement": engagement,
        "rows": selectors.questionnaire_rows(engagement=engagement),
        "attach": attach,
    }
    return render(request, "evaluation/questionnaire/engagement.html", context)


@role_required(Role.PROVIDER_ADMIN)
@require_POST
def questionnaire_attach(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one of the client's own instruments to one of the engagement's questionnaires."""
    engagement = selectors.evaluation_engagement_get_for_user(user=request.user, pk=pk)
    if not selectors.may_attach_instruments(user=request.user, engagement=engagement):
        raise PermissionDenied
    questionnaires = questionnaires_ensure(engagement=engagement)
    versions = client_versions_for(organisation=engagement.organisation)
    form = AttachForm(request.POST, questionnaires=questionnaires, versions=versions)
    if form.is_valid():
        try:
            questionnaire_instrument_attach(
                questionnaire=form.by_pk[form.cleaned_data["questionnaire"]],
                version=form.cleaned_data["instrument_version"],
                attached_by=request.user,
            )
            messages.success(request, _("The instrument is added to the questionnaire."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a questionnaire and an instrument."))
    return redirect("evaluation:engagement_questionnaires", pk=engagement.pk)


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def paper_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the answers from paper forms as a CSV file."""
    engagement = selectors.evaluation_engagement_get_for_user(user=request.user, pk=pk)
    questionnaires_ensure(engagement=engagement)
    versions = selectors.engagement_versions(engagement=engagement)
    form = PaperUploadForm(
        request.POST if request.method == "POST" else None, request.FILES or None, versions=versions
    )
    if request.method == "POST" and form.is_valid():
        request.session[PAPER_KEY.format(pk=pk)] = {
            "version": form.cleaned_data["instrument_version"].pk,
            "text": form.cleaned_data["file"],
        }
        return redirect("evaluation:paper_preview", pk=pk)
    status = 400 if form.errors else 200
    context = {"engagement": engagement, "form": form}
    return render(request, "evaluation/questionnaire/paper_upload.html", context, status=status)


def _pending(request: HttpRequest, engagement: Any) -> tuple[Any, str] | None:
    pending = request.session.get(PAPER_KEY.format(pk=engagement.pk))
    if not pending:
        return None
    version = selectors.engagement_versions(engagement=engagement).filter(pk=pending["version"])
    return (version.first(), pending["text"]) if version.exists() else None


@role_required(*STAFF)
def paper_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """What the file would import, or every problem by row and column."""
    engagement = selectors.evaluation_engagement_get_for_user(user=request.user, pk=pk)
    pending = _pending(request, engagement)
    if pending is None:
        return redirect("evaluation:paper_upload", pk=pk)
    version, text = pending
    check = paper_import_check(engagement=engagement, version=version, text=text)
    context = {"engagement": engagement, "version": version, "check": check}
    status = 400 if check.problems else 200
    return render(request, "evaluation/questionnaire/paper_preview.html", context, status=status)


@role_required(*STAFF)
@require_POST
def paper_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the checked file, all or nothing; a second click imports nothing more."""
    engagement = selectors.evaluation_engagement_get_for_user(user=request.user, pk=pk)
    pending = _pending(request, engagement)
    if pending is None:
        return redirect("evaluation:engagement_questionnaires", pk=pk)
    version, text = pending
    try:
        check = paper_responses_import(
            engagement=engagement, version=version, text=text, imported_by=request.user
        )
    except PaperImportError:
        return redirect("evaluation:paper_preview", pk=pk)
    request.session.pop(PAPER_KEY.format(pk=pk), None)
    messages.success(
        request,
        _("%(count)s paper forms imported.") % {"count": len(check.rows)}
        if check.rows
        else _("This file was imported already: nothing more was added."),
    )
    return redirect("evaluation:engagement_questionnaires", pk=pk)
