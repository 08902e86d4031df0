"""A client's own instruments: its administrators load them as JSON (every problem shown),
read them, and change them (each change a new version). Another client's: not found."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakaway.accounts.models import Role
from breakaway.accounts.permissions import role_required
from breakaway.evaluation.forms import InstrumentForm
from breakaway.evaluation.instrument_services import (
    instrument_create,
    instrument_get_for_user,
    instrument_list_for_user,
    instrument_owner_for_user,
    instrument_version_add,
)
from breakaway.evaluation.instruments import parse_instrument


@role_required(Role.CLIENT_ADMIN)
def instrument_list(request: HttpRequest) -> HttpResponse:
    """The client's own instruments."""
    context = {"instruments": instrument_list_for_user(user=request.user)}
    return render(request, "evaluation/instruments/list.html", context)


@role_required(Role.CLIENT_ADMIN)
@require_http_methods(["GET", "POST"])
def instrument_new(request: HttpRequest) -> HttpResponse:
    """Load an instrument the client holds a licence for."""
    owner = instrument_owner_for_user(user=request.user)
    form = InstrumentForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = instrument_create(
                owner=owner,
                definition=form.cleaned_data["definition"],
                licence_reference=form.cleaned_data["licence_reference"],
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error("definition_text", error)
        else:
            messages.success(request, _("The instrument is loaded."))
            return redirect("evaluation:instrument_detail", pk=instrument.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "instrument": None}
    return render(request, "evaluation/instruments/form.html", context, status=status)


@role_required(Role.CLIENT_ADMIN)
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An instrument's questions (current version) and its versions."""
    instrument = instrument_get_for_user(user=request.user, pk=pk)
    versions = list(instrument.versions.order_by("-number"))
    context = {
        "instrument": instrument,
        "versions": versions,
        "current": parse_instrument(versions[0].definition) if versions else None,
    }
    return render(request, "evaluation/instruments/detail.html", context)


@role_required(Role.CLIENT_ADMIN)
@require_http_methods(["GET", "POST"])
def instrument_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an instrument: the new JSON becomes its next version."""
    instrument = instrument_get_for_user(user=request.user, pk=pk)
    latest = instrument.versions.order_by("-number").first()
    initial = {
        "licence_reference": instrument.licence_reference,
        "definition_text": json.dumps(latest.definition, indent=2) if latest else "",
    }
    form = InstrumentForm(
        request.POST if request.method == "POST" else None, request.FILES or None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        version = instrument_version_add(
            instrument=instrument,
            definition=form.cleaned_data["definition"],
            licence_reference=form.cleaned_data["licence_reference"],
            created_by=request.user,
        )
        messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
        return redirect("evaluation:instrument_detail", pk=instrument.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "instrument": instrument}
    return render(request, "evaluation/instruments/form.html", context, status=status)
