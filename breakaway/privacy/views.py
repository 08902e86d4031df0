"""Privacy pages: data retention (provider administrators), a person's data — export and
erasure — (the provider's administrators and the client's own administrators), and the
special-category access log (provider administrators and safeguarding leads)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breakaway.accounts.models import Role
from breakaway.accounts.permissions import role_required
from breakaway.accounts.roles import has_role
from breakaway.accounts.selectors import client_list_for_user, organisation_list_for_user
from breakaway.privacy.erasure import person_erase
from breakaway.privacy.export import subject_access_bytes
from breakaway.privacy.forms import AccessLogFilterForm, ErasureForm, RetentionAgreementForm
from breakaway.privacy.mentions import free_text_mentions
from breakaway.privacy.models import RetentionAgreement
from breakaway.privacy.retention import incident_months_default, policy_list
from breakaway.privacy.selectors import (
    PERSON_KEEPERS,
    may_review_access,
    privacy_organisation_get_for_user,
    privacy_organisations_for_user,
    privacy_people_search,
    privacy_person_get_for_user,
    special_category_entries,
)
from breakaway.privacy.services import retention_agreement_save

ACCESS_PAGE_SIZE = 50


@role_required(*PERSON_KEEPERS)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Where to start: the organisations whose people the user may export or erase."""
    context = {
        "organisations": privacy_organisations_for_user(user=request.user),
        "is_provider_admin": has_role(request.user, Role.PROVIDER_ADMIN),
        "may_review_access": may_review_access(request.user),
    }
    return render(request, "privacy/home.html", context)


@role_required(Role.PROVIDER_ADMIN)
@require_GET
def retention(request: HttpRequest) -> HttpResponse:
    """Each retention policy, its period, what happens and how many rows are due now; each
    client's agreed incident retention."""
    clients = client_list_for_user(user=request.user).select_related("retention_agreement")
    context = {
        "policies": policy_list(now=timezone.now()),
        "clients": clients.order_by("name"),
        "default_months": incident_months_default(),
    }
    return render(request, "privacy/retention.html", context)


@role_required(Role.PROVIDER_ADMIN)
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, slug: str) -> HttpResponse:
    """Set how long a client asked us to keep its incident rows."""
    organisation = privacy_organisation_get_for_user(user=request.user, slug=slug)
    instance = RetentionAgreement.objects.filter(organisation=organisation).first()
    form = RetentionAgreementForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        initial={} if instance else {"incident_months": incident_months_default()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            retention_agreement_save(
                agreement=form.save(commit=False),
                organisation=organisation,
                changed_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(client)s's incidents are now kept for the agreed period.")
                % {"client": organisation.name},
            )
            return redirect("privacy:retention")
    status = 400 if form.errors else 200
    context = {"form": form, "organisation": organisation, "agreement": instance}
    return render(request, "privacy/agreement.html", context, status=status)


@role_required(*PERSON_KEEPERS)
@require_GET
def people(request: HttpRequest, slug: str) -> HttpResponse:
    """Find a person on a client's staff list (current or archived) to export or erase."""
    organisation = privacy_organisation_get_for_user(user=request.user, slug=slug)
    search = request.GET.get("q", "").strip()[:100]
    found = privacy_people_search(organisation=organisation, search=search) if search else []
    context = {"organisation": organisation, "search": search, "people": found}
    return render(request, "privacy/people.html", context)


@never_cache
@role_required(*PERSON_KEEPERS)
@require_GET
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """One person: download everything held about them, or erase their details."""
    member = privacy_person_get_for_user(user=request.user, pk=pk)
    return render(request, "privacy/person.html", {"person": member})


@never_cache
@role_required(*PERSON_KEEPERS)
@require_POST
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's data as a ZIP of JSON files and certificate PDFs (audited)."""
    member = privacy_person_get_for_user(user=request.user, pk=pk)
    content = subject_access_bytes(staff_member=member, requested_by=request.user)
    response = HttpResponse(content, content_type="application/zip")
    filename = f"subject-access-{member.pk}-{timezone.localdate():%Y%m%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@role_required(*PERSON_KEEPERS)
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase the person's details after their name is typed in full; cannot be undone."""
    member = privacy_person_get_for_user(user=request.user, pk=pk)
    if hasattr(member, "erasure"):
        return redirect("privacy:person", pk=member.pk)
    form = ErasureForm(request.POST if request.method == "POST" else None, person=member)
    if request.method == "POST" and form.is_valid():
        try:
            erasure = person_erase(staff_member=member, erased_by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The person's details are erased. They are now %(name)s.")
                % {"name": erasure.staff_member.last_name},
            )
            return redirect("privacy:person", pk=member.pk)
    status = 400 if form.errors else 200
    context = {"person": member, "form": form, "mentions": free_text_mentions(person=member)}
    return render(request, "privacy/erase.html", context, status=status)


@never_cache
@role_required()
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """Who read or changed special-category data (health screening, injuries in training),
    filtered by person, organisation and dates; two queries a page."""
    if not may_review_access(request.user):
        raise PermissionDenied
    organisations = organisation_list_for_user(user=request.user).order_by("name")
    form = AccessLogFilterForm(
        request.GET if any(k != "page" for k in request.GET) else None,
        organisations=organisations,
    )
    entries = special_category_entries(user=request.user, filters=form.filters())
    page = Paginator(entries, ACCESS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "entries": page.object_list}
    return render(request, "privacy/access_log.html", context, status=400 if form.errors else 200)
