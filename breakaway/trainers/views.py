"""Trainer records for the provider's administrators, and the pages both they and the trainer
use for one record (a qualification's evidence, deleting a CPD entry).

Administrators (ADMINS) manage their own provider's trainers; a trainer reaches only their
own records (views_own.py). Another provider's trainer, or another trainer's record, is 404.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import ListView

from breakaway.accounts.models import Organisation, Role
from breakaway.accounts.permissions import RoleRequiredMixin, role_required
from breakaway.accounts.roles import ADMINS
from breakaway.trainers import selectors, services
from breakaway.trainers.forms import (
    QualificationForm,
    TrainerInviteForm,
    TrainerPickForm,
    TrainerProfileForm,
)
from breakaway.trainers.models import Qualification, Trainer

RECORD_ROLES = (*ADMINS, Role.TRAINER)


def form_page(request: HttpRequest, form: Form, **context: Any) -> HttpResponse:
    """The one template for every trainer form: heading, intro, fields, one button."""
    status = 400 if request.method == "POST" else 200
    return render(request, "trainers/form_page.html", {"form": form, **context}, status=status)


def add_errors(form: Form, error: ValidationError) -> None:
    """A service's ValidationError shown beside its fields (or at the top)."""
    form.add_error(None, error)


def _provider_for(user: Any) -> Organisation:
    """The provider an administrator adds trainers to (the first, for a site superuser)."""
    provider = (
        Organisation.objects.filter(pk__in=selectors.admin_provider_ids(user))
        .order_by("pk")
        .first()
    )
    if provider is None:
        raise Http404("You administer no training provider.")
    return provider


def record_home(user: Any, trainer: Trainer) -> str:
    """Where to go back to: the trainer's own profile, or the administrator's trainer page."""
    if trainer.user_id == user.pk:
        return reverse("trainers:my_profile")
    return reverse("trainers:detail", kwargs={"pk": trainer.pk})


class TrainerListView(RoleRequiredMixin, ListView):
    """Every trainer with what needs attention: expired, expiring soon, CPD short."""

    allowed_roles = ADMINS
    template_name = "trainers/trainer_list.html"
    context_object_name = "trainers"
    paginate_by = 25

    def get_queryset(self) -> QuerySet[Trainer]:
        self.today = timezone.localdate()
        return selectors.trainer_list_with_warnings(user=self.request.user, today=self.today)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        provider = _provider_for(self.request.user)
        context["rows"] = [
            (t, selectors.trainer_warnings(t, self.today)) for t in context["trainers"]
        ]
        context["waiting"] = list(selectors.trainer_members_without_profile(provider=provider))
        context["invitations"] = list(selectors.trainer_invitations_pending(provider=provider))
        context["expiring_days"] = selectors.EXPIRING_SOON_DAYS
        return context


@role_required(*ADMINS)
@require_http_methods(["GET", "POST"])
def trainer_create(request: HttpRequest) -> HttpResponse:
    """Set up a trainer who has an account, or invite a new one by e-mail."""
    provider = _provider_for(request.user)
    members = selectors.trainer_members_without_profile(provider=provider)
    action = request.POST.get("action")
    pick = TrainerPickForm(
        request.POST if action == "pick" else None,
        members=members,
        initial={"user": request.GET.get("user")},
    )
    invite = TrainerInviteForm(request.POST if action == "invite" else None)
    form = pick if action == "pick" else invite
    if request.method == "POST" and form.is_valid():
        try:
            if action == "pick":
                trainer = services.trainer_create(
                    provider=provider, user=form.cleaned_data["user"], created_by=request.user
                )
            else:
                services.trainer_invite(
                    provider=provider, invited_by=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if action == "pick":
                messages.success(request, _("Profile set up. Now add their home base."))
                return redirect("trainers:edit", pk=trainer.pk)
            messages.success(
                request,
                _("Invitation sent to %(email)s. They appear here once they accept it.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("trainers:list")
    status = 400 if request.method == "POST" else 200
    context = {"pick": pick, "invite": invite, "members": members, "form": form}
    return render(request, "trainers/trainer_create.html", context, status=status)


@role_required(*ADMINS)
@require_GET
def trainer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    trainer = selectors.trainer_get_for_user(user=request.user, pk=pk)
    context = selectors.trainer_profile_context(trainer, timezone.localdate())
    return render(request, "trainers/trainer_detail.html", {**context, "is_admin": True})


def _profile_initial(trainer: Trainer) -> dict[str, Any]:
    return {
        "base_postcode": trainer.base_postcode,
        "base_lat": trainer.base_lat,
        "base_lon": trainer.base_lon,
        "working_days": trainer.working_days,
        "max_days_per_week": trainer.max_days_per_week,
        "cpd_hours_required": trainer.cpd_hours_required,
        "modules": [m.code for m in trainer.modules.all()],
        "is_active": trainer.is_active,
    }


@role_required(*ADMINS)
@require_http_methods(["GET", "POST"])
def trainer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    trainer = selectors.trainer_get_for_user(user=request.user, pk=pk)
    form = TrainerProfileForm(request.POST or None, initial=_profile_initial(trainer))
    if request.method == "POST" and form.is_valid():
        try:
            services.trainer_update(trainer=trainer, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("trainers:detail", pk=trainer.pk)
    return form_page(
        request,
        form,
        title=_("Edit the training profile"),
        caption=str(trainer),
        back_url=reverse("trainers:detail", kwargs={"pk": trainer.pk}),
        button=_("Save the profile"),
    )


def qualification_form_page(
    request: HttpRequest, trainer: Trainer, qualification: Qualification | None = None
) -> HttpResponse:
    """Add or edit a qualification, for the administrator or the trainer alike."""
    initial = (
        {f: getattr(qualification, f) for f in services.QUALIFICATION_FIELDS}
        if qualification
        else {}
    )
    form = QualificationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if qualification is None:
                services.qualification_create(
                    trainer=trainer, created_by=request.user, **form.cleaned_data
                )
            else:
                services.qualification_update(
                    qualification=qualification, updated_by=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Qualification saved."))
            return redirect(record_home(request.user, trainer))
    verified = qualification is not None and qualification.is_verified
    return form_page(
        request,
        form,
        title=_("Edit the qualification") if qualification else _("Add a qualification"),
        caption=str(trainer),
        intro=_("Changing a verified qualification means it must be verified again.")
        if verified
        else _("An administrator checks the evidence and verifies it before the rota counts it."),
        current_evidence=qualification.evidence if qualification else None,
        evidence_url=reverse("trainers:qualification_evidence", kwargs={"pk": qualification.pk})
        if qualification and qualification.evidence
        else "",
        back_url=record_home(request.user, trainer),
        button=_("Save the qualification"),
        multipart=True,
    )


@role_required(*ADMINS)
@require_http_methods(["GET", "POST"])
def qualification_add(request: HttpRequest, pk: int) -> HttpResponse:
    return qualification_form_page(
        request, selectors.trainer_get_for_user(user=request.user, pk=pk)
    )


@role_required(*RECORD_ROLES)
@require_http_methods(["GET", "POST"])
def qualification_edit(request: HttpRequest, pk: int) -> HttpResponse:
    qualification = selectors.qualification_get_for_user(user=request.user, pk=pk)
    return qualification_form_page(request, qualification.trainer, qualification)


@role_required(*ADMINS)
@require_POST
def qualification_verify(request: HttpRequest, pk: int) -> HttpResponse:
    qualification = selectors.qualification_get_for_user(user=request.user, pk=pk)
    if qualification.trainer.provider_id not in selectors.admin_provider_ids(request.user):
        raise Http404("No such qualification.")
    services.qualification_verify(qualification=qualification, verified_by=request.user)  # type: ignore[arg-type]
    messages.success(
        request, _("%(qualification)s verified.") % {"qualification": qualification.type}
    )
    return redirect("trainers:detail", pk=qualification.trainer_id)


def _evidence_response(stored: FieldFile) -> HttpResponse:
    """The file as uploaded: shown in the browser when it is a PDF or an image, else saved."""
    if not stored:
        raise Http404("No evidence was uploaded.")
    name = PurePath(stored.name or "evidence").name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    inline = content_type in {"application/pdf", "image/jpeg", "image/png", "image/webp"}
    with stored.open("rb") as handle:  # at most 10 MB (forms.EVIDENCE_MAX_BYTES)
        response = HttpResponse(handle.read(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, name) or ""
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(*RECORD_ROLES)
@require_GET
@never_cache
def qualification_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded certificate: for the trainer's administrators and the trainer only."""
    return _evidence_response(
        selectors.qualification_get_for_user(user=request.user, pk=pk).evidence
    )


@role_required(*RECORD_ROLES)
@require_GET
@never_cache
def cpd_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    return _evidence_response(selectors.cpd_entry_get_for_user(user=request.user, pk=pk).evidence)


@role_required(*RECORD_ROLES)
@require_POST
def cpd_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.cpd_entry_get_for_user(user=request.user, pk=pk)
    services.cpd_entry_delete(entry=entry, deleted_by=request.user)
    messages.success(request, _("CPD entry removed."))
    return redirect(record_home(request.user, entry.trainer))


@role_required(*RECORD_ROLES)
@require_POST
def unavailability_delete(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.unavailability_get_for_user(user=request.user, pk=pk)
    services.unavailability_delete(period=period, deleted_by=request.user)
    messages.success(request, _("Dates removed: the rota can book these days again."))
    return redirect(record_home(request.user, period.trainer))
