"""The module catalogue for provider staff: read it, edit a module, record its legal sign-off."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import ListView, TemplateView

from breakaway.accounts.models import Role
from breakaway.accounts.permissions import RoleRequiredMixin, role_required
from breakaway.accounts.roles import ADMINS, PROVIDER_STAFF, has_role
from breakaway.catalogue import content, selectors, services
from breakaway.catalogue.forms import ModuleEditForm, SignOffForm
from breakaway.catalogue.models import Module, ModuleVersion, Technique

EDITORS = (Role.PROVIDER_ADMIN, Role.DESIGNER)


def _add_errors(form: Form, error: ValidationError) -> None:
    """Show a service's errors beside the form's fields, and any others at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() else None


class ModuleListView(RoleRequiredMixin, ListView):
    """Every module's current version in course order, with its legal review status."""

    allowed_roles = PROVIDER_STAFF
    template_name = "catalogue/module_list.html"
    context_object_name = "versions"

    def get_queryset(self) -> Any:
        return selectors.module_list_current()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        versions = list(context["versions"])
        context["versions"] = versions
        context["awaiting"] = sum(not v.is_signed_off for v in versions)
        context["overdue"] = sum(v.is_review_overdue for v in versions)
        return context


class ModuleDetailView(RoleRequiredMixin, TemplateView):
    """One module: the version asked for (the current one by default), every version, and
    what changed between two of them (`?from=` and `?to=`, by default the last edit)."""

    allowed_roles = PROVIDER_STAFF
    template_name = "catalogue/module_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        module = selectors.module_get(code=self.kwargs["code"])
        get = self.request.GET
        version = selectors.module_version_get(module=module, number=_int(get.get("version")))
        versions = list(selectors.module_version_list(module=module))
        diff = _comparison(module, versions, _int(get.get("from")), _int(get.get("to")))
        screening = sorted({code for t in version.techniques.all() for code in t.screening})
        return context | {
            "module": module,
            "version": version,
            "versions": versions,
            "diff": diff,
            "screening": [content.SCREENING[c] for c in content.SCREENING if c in screening],
            "can_edit": has_role(self.request.user, *EDITORS),
            "can_sign_off": has_role(self.request.user, *ADMINS),
        }


def _comparison(
    module: Module, versions: list[ModuleVersion], start: int | None, end: int | None
) -> dict[str, Any] | None:
    """The two versions to compare and what changed: by default the latest edit."""
    numbers = [v.number for v in versions]
    end = end if end in numbers else numbers[0]
    if start not in numbers or start == end:
        start = end - 1 if end - 1 in numbers else None
    if start is None:
        return None
    old = selectors.module_version_get(module=module, number=start)
    new = selectors.module_version_get(module=module, number=end)
    return {"old": old, "new": new, "changes": selectors.version_diff(old=old, new=new)}


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit a module: saving makes a new version, which awaits legal review."""
    module = selectors.module_get(code=code)
    current = selectors.module_version_get(module=module)
    form = ModuleEditForm(request.POST or None, version=current)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.module_update(
                module=module,
                changes=form.changes(),
                edited_by=request.user,
                change_note=form.cleaned_data["change_note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if version.pk == current.pk:
                messages.info(request, _("You did not change anything, so no version was saved."))
            else:
                messages.success(
                    request,
                    _("Version %(number)s saved. It awaits legal review.")
                    % {"number": version.number},
                )
            return redirect("catalogue:module_detail", code=module.code)
    status = 400 if request.method == "POST" else 200
    context = {"module": module, "version": current, "form": form}
    return render(request, "catalogue/module_edit.html", context, status=status)


@role_required(*ADMINS)
@require_http_methods(["GET", "POST"])
def module_sign_off(request: HttpRequest, code: str) -> HttpResponse:
    """Record the named reviewer's legal sign-off of the module's current version."""
    module = selectors.module_get(code=code)
    version = selectors.module_version_get(module=module)
    form = SignOffForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.module_sign_off(
                version=version,
                reviewer_name=data["reviewed_by_name"],
                reviewed_on=data["reviewed_on"],
                next_review_due=data["next_review_due"],
                signed_by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s of “%(title)s” is signed off.")
                % {"number": version.number, "title": version.title},
            )
            return redirect("catalogue:module_detail", code=module.code)
    status = 400 if request.method == "POST" else 200
    context = {"module": module, "version": version, "form": form}
    return render(request, "catalogue/module_sign_off.html", context, status=status)


@role_required(*PROVIDER_STAFF)
@require_GET
def technique_list(request: HttpRequest) -> HttpResponse:
    """Every technique, the screening questions that matter for it, and the modules that
    teach it."""
    techniques = list(selectors.technique_list())
    groups = [
        (label, [t for t in techniques if t.group == value])
        for value, label in Technique.Group.choices
    ]
    context = {"groups": [(label, rows) for label, rows in groups if rows]}
    return render(request, "catalogue/technique_list.html", context)
