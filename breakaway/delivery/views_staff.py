"""The staff list on the web: the list (search, filters, archived), one person added or changed
by hand, archived and restored."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import ListView

from breakaway.accounts.permissions import RoleRequiredMixin, role_required
from breakaway.delivery.forms import StaffFilterForm, StaffMemberForm
from breakaway.delivery.models import StaffMember
from breakaway.delivery.selectors import (
    STAFF_KEEPERS,
    staff_filter_choices,
    staff_member_get_for_user,
    staff_member_list,
    staff_organisation_get_for_user,
)
from breakaway.delivery.services import (
    staff_member_archive,
    staff_member_restore,
    staff_member_save,
)

PAGE_SIZE = 50


class StaffListView(RoleRequiredMixin, ListView):
    """The organisation's staff list: a constant number of queries however long it is."""

    allowed_roles = STAFF_KEEPERS
    template_name = "delivery/staff_list.html"
    context_object_name = "people"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> Any:
        self.organisation = staff_organisation_get_for_user(
            user=self.request.user, slug=self.kwargs["slug"]
        )
        choices = staff_filter_choices(organisation=self.organisation)
        self.filter_form = StaffFilterForm(self.request.GET or None, choices=choices)
        self.filters = self.filter_form.filters()
        return staff_member_list(organisation=self.organisation, filters=self.filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filtered = any((self.filters.search, self.filters.site, self.filters.team))
        context.update(
            organisation=self.organisation,
            filter_form=self.filter_form,
            filters=self.filters,
            filtered=filtered or bool(self.filters.role),
            # One query only when the list is empty: is there anyone at all?
            anyone=bool(context["people"])
            or StaffMember.objects.filter(organisation=self.organisation).exists(),
        )
        return context


def _person_form(request: HttpRequest, form: StaffMemberForm, **context: Any) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            member = staff_member_save(member=form.save(commit=False), changed_by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is on your staff list.") % {"name": member})
            return redirect("delivery:staff_list", slug=member.organisation.slug)
    status = 400 if form.errors else 200
    return render(request, "delivery/staff_form.html", {"form": form, **context}, status=status)


@role_required(*STAFF_KEEPERS)
@require_http_methods(["GET", "POST"])
def staff_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add one person by hand (someone missing from the last import)."""
    organisation = staff_organisation_get_for_user(user=request.user, slug=slug)
    form = StaffMemberForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    return _person_form(request, form, organisation=organisation, member=None)


@role_required(*STAFF_KEEPERS)
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one person's details by hand."""
    member = staff_member_get_for_user(user=request.user, pk=pk)
    form = StaffMemberForm(
        request.POST if request.method == "POST" else None,
        instance=member,
        organisation=member.organisation,
    )
    return _person_form(request, form, organisation=member.organisation, member=member)


@role_required(*STAFF_KEEPERS)
@require_POST
def staff_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a person off the current list; their record stays in the archive."""
    member = staff_member_get_for_user(user=request.user, pk=pk)
    staff_member_archive(member=member, archived_by=request.user)
    messages.success(request, _("%(name)s is archived.") % {"name": member})
    return redirect("delivery:staff_list", slug=member.organisation.slug)


@role_required(*STAFF_KEEPERS)
@require_POST
def staff_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Put an archived person back on the current list."""
    member = staff_member_get_for_user(user=request.user, pk=pk)
    staff_member_restore(member=member, restored_by=request.user)
    messages.success(request, _("%(name)s is back on your staff list.") % {"name": member})
    return redirect("delivery:staff_list", slug=member.organisation.slug)
