"""The training matrix on the web: which roles need which course, and how often."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakaway.accounts.permissions import role_required
from breakaway.delivery.forms import TrainingRequirementForm
from breakaway.delivery.models import StaffMember
from breakaway.delivery.selectors import (
    STAFF_KEEPERS,
    staff_organisation_get_for_user,
    training_requirement_get_for_user,
    training_requirement_list,
)
from breakaway.delivery.services import training_requirement_delete, training_requirement_save


def _save(request: HttpRequest, form: TrainingRequirementForm) -> bool:
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        training_requirement_save(requirement=form.save(commit=False), changed_by=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, _("The training matrix is saved."))
    return True


@role_required(*STAFF_KEEPERS)
@require_http_methods(["GET", "POST"])
def matrix(request: HttpRequest, slug: str) -> HttpResponse:
    """The matrix, with a form to add a line."""
    organisation = staff_organisation_get_for_user(user=request.user, slug=slug)
    form = TrainingRequirementForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if _save(request, form):
        return redirect("delivery:matrix", slug=slug)
    roles = (
        StaffMember.objects.filter(organisation=organisation)
        .current()
        .exclude(role="")
        .values_list("role", flat=True)
        .distinct()
        .order_by("role")[:500]
    )
    context = {
        "organisation": organisation,
        "requirements": training_requirement_list(organisation=organisation),
        "form": form,
        "roles": roles,
    }
    return render(request, "delivery/matrix.html", context, status=400 if form.errors else 200)


@role_required(*STAFF_KEEPERS)
@require_http_methods(["GET", "POST"])
def matrix_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one line of the matrix."""
    requirement = training_requirement_get_for_user(user=request.user, pk=pk)
    organisation = requirement.organisation
    form = TrainingRequirementForm(
        request.POST if request.method == "POST" else None,
        instance=requirement,
        organisation=organisation,
    )
    if _save(request, form):
        return redirect("delivery:matrix", slug=organisation.slug)
    context = {"organisation": organisation, "requirement": requirement, "form": form}
    status = 400 if form.errors else 200
    return render(request, "delivery/matrix_edit.html", context, status=status)


@role_required(*STAFF_KEEPERS)
@require_POST
def matrix_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Take one line off the matrix."""
    requirement = training_requirement_get_for_user(user=request.user, pk=pk)
    slug = requirement.organisation.slug
    training_requirement_delete(requirement=requirement, deleted_by=request.user)
    messages.success(request, _("The line is taken off the training matrix."))
    return redirect("delivery:matrix", slug=slug)
