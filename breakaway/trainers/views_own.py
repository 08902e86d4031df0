""" "My training profile": a trainer's own qualifications, CPD log and dates away.

A trainer member gets a profile the first time they open it (an invited trainer has none
until then). They add and edit their records; only an administrator verifies them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from breakaway.accounts.models import Role
from breakaway.accounts.permissions import role_required
from breakaway.core.http import AuthenticatedHttpRequest
from breakaway.trainers import selectors, services
from breakaway.trainers.forms import CpdEntryForm, TrainerOwnProfileForm, UnavailabilityForm
from breakaway.trainers.models import Trainer
from breakaway.trainers.views import add_errors, form_page, qualification_form_page

MY_PROFILE = "trainers:my_profile"


def _own(request: AuthenticatedHttpRequest) -> Trainer:
    trainer = services.trainer_ensure_for_user(user=request.user)
    if trainer is None:
        raise Http404("You have no training profile.")
    return trainer


@role_required(Role.TRAINER)
@require_GET
def my_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = selectors.trainer_profile_context(_own(request), timezone.localdate())
    return render(request, "trainers/trainer_detail.html", {**context, "is_admin": False})


@role_required(Role.TRAINER)
@require_http_methods(["GET", "POST"])
def my_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    trainer = _own(request)
    initial = {
        "base_postcode": trainer.base_postcode,
        "base_lat": trainer.base_lat,
        "base_lon": trainer.base_lon,
        "working_days": trainer.working_days,
    }
    form = TrainerOwnProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.trainer_update(trainer=trainer, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your home base and working days are saved."))
            return redirect(MY_PROFILE)
    return form_page(
        request,
        form,
        title=_("Your home base and working days"),
        intro=_("The rota works out your travel from your home base."),
        back_url=reverse(MY_PROFILE),
        button=_("Save"),
    )


@role_required(Role.TRAINER)
@require_http_methods(["GET", "POST"])
def my_qualification_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    return qualification_form_page(request, _own(request))


@role_required(Role.TRAINER)
@require_http_methods(["GET", "POST"])
def my_cpd_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    trainer = _own(request)
    form = CpdEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cpd_entry_create(trainer=trainer, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("CPD entry added."))
            return redirect(MY_PROFILE)
    return form_page(
        request,
        form,
        title=_("Add CPD"),
        intro=_(
            "Courses, workshops, observed sessions or reading that keep your training current."
        ),
        back_url=reverse(MY_PROFILE),
        button=_("Add the CPD entry"),
        multipart=True,
    )


@role_required(Role.TRAINER)
@require_http_methods(["GET", "POST"])
def my_availability_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    trainer = _own(request)
    form = UnavailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unavailability_create(
                trainer=trainer, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Dates added: you will not be booked on them."))
            return redirect(MY_PROFILE)
    return form_page(
        request,
        form,
        title=_("Add leave or blocked dates"),
        back_url=reverse(MY_PROFILE),
        button=_("Add the dates"),
    )
