"""The attendee's own pages, reached by their personal link (no account): their course, and
the health screening, one group of questions a page. "Send me a new link" for a link that no
longer works.

The token is in the address, so every response here is private and never cached, sends no
referrer to other sites ("same-origin": CSRF checks need our own forms' origin), is
rate-limited per token (many attendees share one hospital address), and an unknown token's
404 is not written to the request log.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Final

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakaway.accounts.models import hash_secret
from breakaway.core.http import client_address
from breakaway.core.ratelimit import RateLimit
from breakaway.delivery.attendee_selectors import attendee_courses, attendee_enrolment_get
from breakaway.delivery.attendee_services import attendee_link_touch, attendee_new_link_request
from breakaway.delivery.links import attendee_link_resolve, attendee_remember
from breakaway.delivery.models import AttendeeLink, HealthScreening
from breakaway.delivery.screening_forms import AdjustmentsForm, ConsentForm, ScreeningGroupForm
from breakaway.delivery.screening_services import (
    GROUPS,
    QUESTIONS,
    screening_is_open,
    screening_submit,
)
from breakaway.evaluation.questionnaire_selectors import questionnaire_list_for_attendee
from breakaway.learning.attendee_selectors import learning_summary_for_attendee

WINDOW: Final = 600
TOKEN_LIMIT: Final = RateLimit("attendee-token", 200, WINDOW)
NEW_LINK_BY_ADDRESS: Final = RateLimit("attendee-new-link-ip", 30, 3600)
NEW_LINK_BY_EMAIL: Final = RateLimit("attendee-new-link-email", 3, 3600)
STEPS: Final = [g.slug for g in GROUPS] + ["adjustments"]
DRAFT_KEY: Final = "breakaway_screening_draft_{pk}"


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The address holds the token: keep it out of the request log for 4xx answers.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _unusable(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "delivery/attendee/link_gone.html", status=404))


def attendee_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolve the link in the address (404 page when it does not work), remember it in this
    browser and pass it to the view."""

    @wraps(view)
    def wrapped(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        key = hash_secret(token[:100])
        if TOKEN_LIMIT.exceeded(key):
            response = render(request, "429.html", status=429)
            response["Retry-After"] = str(WINDOW)
            return _private(response)
        TOKEN_LIMIT.hit(key)
        link = attendee_link_resolve(token)
        if link is None:
            return _unusable(request)
        attendee_link_touch(link=link)
        try:
            response = _private(view(request, link, token, *args, **kwargs))
        except Http404:
            response = _unusable(request)
        attendee_remember(response, link)
        return response

    return wrapped


@attendee_view
def attendee_page(request: HttpRequest, link: AttendeeLink, token: str) -> HttpResponse:
    """The person's page: each course they have a place on, and its screening."""
    courses = attendee_courses(staff_member=link.staff_member)
    context = {"person": link.staff_member, "courses": courses, "token": token}
    context["questionnaires"] = questionnaire_list_for_attendee(staff_member=link.staff_member)
    context["learning"] = learning_summary_for_attendee(
        staff_member=link.staff_member, has_course=bool(courses)
    )
    return render(request, "delivery/attendee/page.html", context)


def _draft(request: HttpRequest, pk: int, screening: HealthScreening | None) -> dict[str, Any]:
    """Answers given so far on this phone, starting from those already sent."""
    key = DRAFT_KEY.format(pk=pk)
    if key not in request.session:
        answers = {}
        adjustments = ""
        if screening is not None:
            answers = {c: "yes" if v else "no" for c, v in screening.answers.items()}
            adjustments = screening.adjustments
        request.session[key] = {"answers": answers, "adjustments": adjustments}
    return request.session[key]


def _open_enrolment(link: AttendeeLink, pk: int) -> Any:
    enrolment = attendee_enrolment_get(staff_member=link.staff_member, pk=pk)
    if not screening_is_open(engagement=enrolment.engagement):
        raise Http404("Screening is closed.")
    return enrolment


@attendee_view
@require_http_methods(["GET", "POST"])
def screening_step(
    request: HttpRequest, link: AttendeeLink, token: str, pk: int, step: str
) -> HttpResponse:
    """One page of the screening: a group of yes/no questions, or the adjustments."""
    if step not in STEPS:
        raise Http404("No such step.")
    enrolment = _open_enrolment(link, pk)
    draft = _draft(request, pk, HealthScreening.objects.filter(enrolment=enrolment).first())
    index = STEPS.index(step)
    data = request.POST if request.method == "POST" else None
    if step == "adjustments":
        form: Any = AdjustmentsForm(data, initial={"adjustments": draft["adjustments"]})
        group = None
    else:
        group = GROUPS[index]
        form = ScreeningGroupForm(data, group=group, initial=draft["answers"])
    if request.method == "POST" and form.is_valid():
        if group is None:
            draft["adjustments"] = form.cleaned_data["adjustments"].strip()
        else:
            draft["answers"].update({c: form.cleaned_data[c] for c in group.codes})
        request.session.modified = True
        following = STEPS[index + 1] if index + 1 < len(STEPS) else None
        if following is None or request.GET.get("from") == "check":
            return redirect("attendee:screening_check", token=token, pk=pk)
        return redirect("attendee:screening_step", token=token, pk=pk, step=following)
    back = (
        reverse("attendee:screening_step", args=[token, pk, STEPS[index - 1]])
        if index
        else reverse("attendee:page", args=[token])
    )
    context = {
        "form": form,
        "group": group,
        "token": token,
        "enrolment": enrolment,
        "number": index + 1,
        "total": len(STEPS) + 1,
        "back": back,
    }
    status = 400 if form.errors else 200
    return render(request, "delivery/attendee/screening_step.html", context, status=status)


@attendee_view
@require_http_methods(["GET", "POST"])
def screening_check(request: HttpRequest, link: AttendeeLink, token: str, pk: int) -> HttpResponse:
    """Check your answers, agree to take part, and send; sending twice stores once."""
    enrolment = _open_enrolment(link, pk)
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            screening_submit(
                enrolment=enrolment,
                answers=form.answers(),
                adjustments=form.cleaned_data["adjustments"],
                consent=form.cleaned_data["consent"],
            )
            request.session.pop(DRAFT_KEY.format(pk=pk), None)
            messages.success(request, _("Thank you: your health screening is sent."))
            return redirect("attendee:page", token=token)
        draft: dict[str, Any] = {
            "answers": {c: request.POST.get(c, "") for c in QUESTIONS},
            "adjustments": request.POST.get("adjustments", ""),
        }
    else:
        draft = _draft(request, pk, HealthScreening.objects.filter(enrolment=enrolment).first())
        missing = next(
            (g.slug for g in GROUPS if any(c not in draft["answers"] for c in g.codes)), None
        )
        if missing:
            return redirect("attendee:screening_step", token=token, pk=pk, step=missing)
        form = ConsentForm(initial={**draft["answers"], "adjustments": draft["adjustments"]})
    summary = [
        (
            group,
            [(QUESTIONS[c], draft["answers"].get(c) == "yes") for c in group.codes],
        )
        for group in GROUPS
    ]
    context = {
        "form": form,
        "token": token,
        "enrolment": enrolment,
        "summary": summary,
        "adjustments": draft["adjustments"],
        "number": len(STEPS) + 1,
        "total": len(STEPS) + 1,
        "back": reverse("attendee:screening_step", args=[token, pk, STEPS[-1]]),
    }
    status = 400 if form.errors else 200
    return render(request, "delivery/attendee/screening_check.html", context, status=status)


@require_http_methods(["GET", "POST"])
def new_link(request: HttpRequest) -> HttpResponse:
    """Ask for a new link by e-mail; the answer is the same whether or not one is sent."""
    from breakaway.delivery.attendee_forms import NewLinkForm

    form = NewLinkForm(request.POST or None)
    if request.method == "POST":
        address = client_address(request)
        if NEW_LINK_BY_ADDRESS.exceeded(address):
            response = render(request, "429.html", status=429)
            response["Retry-After"] = "3600"
            return response
        if form.is_valid():
            NEW_LINK_BY_ADDRESS.hit(address)
            email_key = hash_secret(form.cleaned_data["email"].lower())
            if not NEW_LINK_BY_EMAIL.exceeded(email_key):
                NEW_LINK_BY_EMAIL.hit(email_key)
                attendee_new_link_request(email=form.cleaned_data["email"])
            return redirect("attendee:new_link_sent")
    status = 400 if form.errors else 200
    return render(request, "delivery/attendee/new_link.html", {"form": form}, status=status)


def new_link_sent(request: HttpRequest) -> HttpResponse:
    """The same answer for every address."""
    return render(request, "delivery/attendee/new_link_sent.html")
