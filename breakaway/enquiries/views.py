"""The public site, the booking form and the advisor's pipeline."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django.views.generic.base import ContextMixin
from django_htmx.middleware import HtmxDetails

from breakaway.accounts.permissions import RoleRequiredMixin, role_required
from breakaway.accounts.roles import SALES
from breakaway.accounts.selectors import provider_get_public
from breakaway.core.http import client_address
from breakaway.core.ratelimit import RateLimit
from breakaway.enquiries import selectors, services
from breakaway.enquiries.forms import (
    HONEYPOT_FIELD,
    EnquiryFilterForm,
    EnquiryForm,
    EnquiryLostForm,
    EnquiryMoveForm,
)
from breakaway.enquiries.models import PIPELINE, Enquiry

RATE_LIMIT_WINDOW = 60 * 60
THANKS_SESSION_KEY = "enquiry_thanks_email"
# The stages an advisor can move an enquiry to with the select; losing one has its own form.
STAGE_CHOICES = [(value, label) for value, label in Enquiry.Stage.choices if value in PIPELINE]


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


# The public site ------------------------------------------------------------------------------


class PublicContextMixin(ContextMixin):
    """The provider behind the public site and its current accreditations (two queries)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        provider = provider_get_public()
        context["provider"] = provider
        context["accreditations"] = (
            [a for a in provider.accreditations.all() if a.is_current()] if provider else []
        )
        if provider:
            context["site_name"] = provider.name
        return context


class PublicPageView(PublicContextMixin, TemplateView):
    """A page of the public site; it names the provider when one is set up."""


def _booking_limit() -> RateLimit:
    return RateLimit("enquiry-bookings", settings.BREAKAWAY_ENQUIRY_RATE_LIMIT, RATE_LIMIT_WINDOW)


class BookView(PublicContextMixin, FormView):
    """Book a free needs assessment; a robot filling the honeypot is thanked and forgotten."""

    template_name = "enquiries/book.html"
    form_class = EnquiryForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if _booking_limit().exceeded(client_address(request)):
            response = render(request, "429.html", status=429)
            response["Retry-After"] = str(RATE_LIMIT_WINDOW)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: EnquiryForm) -> HttpResponse:
        _booking_limit().hit(client_address(self.request))
        if not form.is_spam:
            data = {k: v for k, v in form.cleaned_data.items() if k != HONEYPOT_FIELD}
            services.enquiry_create(
                **data,
                provider=provider_get_public(),
                base_url=self.request.build_absolute_uri("/")[:-1],
            )
        self.request.session[THANKS_SESSION_KEY] = form.cleaned_data["email"]
        return redirect("enquiries:thanks")


class ThanksView(PublicPageView):
    template_name = "enquiries/thanks.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["email"] = self.request.session.pop(THANKS_SESSION_KEY, "")
        return context


# The pipeline ---------------------------------------------------------------------------------


def _board_context(request: HttpRequest) -> dict[str, Any]:
    return {"columns": selectors.pipeline_board(user=request.user), "stage_choices": STAGE_CHOICES}


class BoardView(RoleRequiredMixin, TemplateView):
    """Every enquiry by stage, with a form on each card to move it on."""

    allowed_roles = SALES
    template_name = "enquiries/board.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | _board_context(self.request)


class EnquiryListView(RoleRequiredMixin, ListView):
    """Every enquiry in a table: filter by stage, search, and sort by the date received."""

    allowed_roles = SALES
    template_name = "enquiries/enquiry_list.html"
    context_object_name = "enquiries"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Enquiry]:
        self.filter_form = EnquiryFilterForm(self.request.GET or None)
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.enquiry_list_for_user(
            user=self.request.user,
            stage=data.get("stage") or "",
            search=data.get("q") or "",
            oldest_first=data.get("sort") == "received",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["oldest_first"] = self.request.GET.get("sort") == "received"
        context["counts"] = selectors.pipeline_counts(user=self.request.user)
        return context


class EnquiryDetailView(RoleRequiredMixin, DetailView):
    """Everything about one enquiry, its history, and what the advisor can do next."""

    allowed_roles = SALES
    template_name = "enquiries/enquiry_detail.html"
    context_object_name = "enquiry"

    def get_object(self, queryset: QuerySet[Enquiry] | None = None) -> Enquiry:
        return selectors.enquiry_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | _detail_context(self.object)


def _detail_context(enquiry: Enquiry, **forms: EnquiryMoveForm) -> dict[str, Any]:
    move_form = forms.get("move_form") or EnquiryMoveForm(initial={"stage": enquiry.next_stage})
    move_form.fields["stage"].choices = [  # type: ignore[attr-defined]
        (value, label) for value, label in STAGE_CHOICES if value != enquiry.stage
    ]
    return {
        "enquiry": enquiry,
        "move_form": move_form,
        "lost_form": forms.get("lost_form") or EnquiryLostForm(),
        "history": selectors.enquiry_history(enquiry=enquiry),
    }


def _next_url(request: HttpRequest, default: str) -> str:
    url = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and safe else default


@role_required(*SALES)
@require_POST
def enquiry_move(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Move an enquiry; htmx gets the board back, a plain form is redirected where it came from."""
    enquiry = selectors.enquiry_get_for_user(user=request.user, pk=pk)
    lost = request.POST.get("stage") == Enquiry.Stage.LOST
    form = (EnquiryLostForm if lost else EnquiryMoveForm)(request.POST)
    if form.is_valid():
        try:
            services.enquiry_move(enquiry=enquiry, moved_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    moved = form.is_valid()
    if request.htmx:
        context = _board_context(request) | {"form": form, "moved": enquiry if moved else None}
        return render(request, "enquiries/_board_response.html", context)
    if not moved:
        context = _detail_context(enquiry, **{"lost_form" if lost else "move_form": form})
        return render(request, EnquiryDetailView.template_name, context, status=400)
    messages.success(
        request,
        _("%(organisation)s moved to %(stage)s.")
        % {"organisation": enquiry.organisation_name, "stage": enquiry.get_stage_display()},
    )
    return redirect(_next_url(request, reverse("enquiries:detail", kwargs={"pk": pk})))


@role_required(*SALES)
@require_POST
def enquiry_convert(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the enquiring organisation a client and invite its contact; once only."""
    enquiry = selectors.enquiry_get_for_user(user=request.user, pk=pk)
    already = enquiry.client_id is not None
    client = services.enquiry_convert(
        enquiry=enquiry,
        converted_by=request.user,
        base_url=request.build_absolute_uri("/")[:-1],
    )
    if already:
        messages.info(request, _("%(client)s is already a client.") % {"client": client.name})
    else:
        messages.success(
            request,
            _(
                "%(client)s is now a client. We have invited %(email)s to sign in "
                "as its administrator."
            )
            % {"client": client.name, "email": enquiry.email},
        )
    return redirect("enquiries:detail", pk=pk)
