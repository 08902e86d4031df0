"""Rosters on the web: an organisation's courses, one course's roster (groups, waiting list,
withdrawn), adding people (from the staff list, a pasted or uploaded list, by hand), moving
and withdrawing them, places in a group, invitations and printed letters."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from breakaway.accounts.models import Role
from breakaway.accounts.permissions import role_required
from breakaway.accounts.roles import standing
from breakaway.delivery import roster_import
from breakaway.delivery.attendee_services import (
    attendee_invite,
    attendee_letters,
    roster_invitations_send,
)
from breakaway.delivery.forms import StaffFilterForm
from breakaway.delivery.models import Enrolment, StaffMember
from breakaway.delivery.roster_forms import (
    CapacityForm,
    LettersForm,
    MoveForm,
    RosterListForm,
    RosterPersonForm,
    RosterPickForm,
    WithdrawForm,
)
from breakaway.delivery.roster_selectors import (
    ROSTER_KEEPERS,
    ROSTER_READERS,
    can_change_roster,
    engagement_dates,
    enrolment_get_for_user,
    group_get_for_user,
    roster_candidates,
    roster_counts,
    roster_engagement_get_for_user,
    roster_engagement_list,
    roster_for,
)
from breakaway.delivery.roster_services import (
    RosterAddResult,
    RosterErrors,
    enrolment_move,
    enrolment_withdraw,
    group_capacity_set,
    roster_add,
    roster_add_lines,
    roster_add_person,
    roster_groups_ensure,
)
from breakaway.delivery.screening_selectors import may_read_screening
from breakaway.delivery.selectors import staff_filter_choices, staff_organisation_get_for_user
from breakaway.learning.selectors import lesson_progress_for_engagement

LIST_READERS = (*ROSTER_KEEPERS, Role.DESIGNER)


def _added(request: HttpRequest, result: RosterAddResult) -> None:
    enrolled, waiting = len(result.enrolled), len(result.waiting)
    text = ngettext("%(n)s person added to a group.", "%(n)s people added to groups.", enrolled)
    if waiting:
        text += " " + ngettext(
            "%(w)s person is on the waiting list: the groups are full.",
            "%(w)s people are on the waiting list: the groups are full.",
            waiting,
        )
    messages.success(request, text % {"n": enrolled, "w": waiting})


@role_required(*LIST_READERS)
def roster_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's courses, each with how many are on its roster."""
    organisation = staff_organisation_get_for_user(user=request.user, slug=slug)
    engagements = list(roster_engagement_list(organisation=organisation))
    counts = roster_counts(engagements=engagements)
    rows = [(e, counts[e.pk]) for e in engagements]
    context = {"organisation": organisation, "rows": rows}
    return render(request, "delivery/roster/roster_list.html", context)


@role_required(*ROSTER_READERS)
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    """One course's roster: a constant number of queries however many people."""
    engagement = roster_engagement_get_for_user(user=request.user, pk=pk)
    roster_groups_ensure(engagement=engagement)
    data = roster_for(engagement=engagement)
    context = {
        "engagement": engagement,
        "roster": data,
        "can_change": can_change_roster(user=request.user, engagement=engagement),
        "can_screen": may_read_screening(user=request.user, engagement=engagement),
        "move_groups": [row.group for row in data.groups],
        # The provider's staff (the trainer among them) see the group's pre-course lessons.
        "lesson_progress": lesson_progress_for_engagement(engagement=engagement)
        if standing(request.user).is_provider_staff
        else None,
    }
    return render(request, "delivery/roster/roster.html", context)


@role_required(*ROSTER_KEEPERS)
@require_http_methods(["GET", "POST"])
def roster_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """Add people from the staff list, filtered by site, team or role."""
    engagement = roster_engagement_get_for_user(user=request.user, pk=pk, change=True)
    groups = roster_groups_ensure(engagement=engagement)
    choices = staff_filter_choices(organisation=engagement.organisation)
    filter_form = StaffFilterForm(request.GET or None, choices=choices)
    people, matched = roster_candidates(engagement=engagement, filters=filter_form.filters())
    form = RosterPickForm(request.POST or None, people=people, groups=groups)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        chosen = StaffMember.objects.filter(
            organisation=engagement.organisation, pk__in=form.cleaned_data["people"]
        ).order_by("last_name", "first_name", "pk")
        try:
            result = roster_add(
                engagement=engagement,
                people=list(chosen),
                added_by=request.user,
                group=form.group_number(),
            )
        except RosterErrors as problem:
            errors = problem.errors
        else:
            _added(request, result)
            return redirect("delivery:roster", pk=engagement.pk)
    context = {
        "engagement": engagement,
        "form": form,
        "filter_form": filter_form,
        "people": people,
        "matched": matched,
        "row_errors": errors,
    }
    status = 400 if form.errors or errors else 200
    return render(request, "delivery/roster/roster_pick.html", context, status=status)


@role_required(*ROSTER_KEEPERS)
@require_http_methods(["GET", "POST"])
def roster_paste(request: HttpRequest, pk: int) -> HttpResponse:
    """Add people from a pasted or uploaded list; every problem reported by row, all or none."""
    engagement = roster_engagement_get_for_user(user=request.user, pk=pk, change=True)
    form = RosterListForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload is not None:
                lines = roster_import.read_roster_file(upload.name, upload.read())
            else:
                lines = roster_import.read_roster_text(form.cleaned_data["text"])
            result = roster_add_lines(engagement=engagement, lines=lines, added_by=request.user)
        except roster_import.UnreadableList as unreadable:
            form.add_error("file", str(unreadable))
        except RosterErrors as problem:
            errors = problem.errors
        else:
            _added(request, result)
            return redirect("delivery:roster", pk=engagement.pk)
    context = {"engagement": engagement, "form": form, "row_errors": errors}
    status = 400 if form.errors or errors else 200
    return render(request, "delivery/roster/roster_paste.html", context, status=status)


@role_required(*ROSTER_KEEPERS)
@require_http_methods(["GET", "POST"])
def roster_person(request: HttpRequest, pk: int) -> HttpResponse:
    """Add someone missing from the staff list by hand, straight onto the roster."""
    engagement = roster_engagement_get_for_user(user=request.user, pk=pk, change=True)
    groups = roster_groups_ensure(engagement=engagement)
    form = RosterPersonForm(
        request.POST or None, organisation=engagement.organisation, groups=groups
    )
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = roster_add_person(
                engagement=engagement,
                member=form.save(commit=False),
                added_by=request.user,
                group=form.group_number(),
            )
        except RosterErrors as problem:
            errors = problem.errors
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _added(
                request,
                RosterAddResult(
                    enrolled=[enrolment] if enrolment.status == Enrolment.Status.ENROLLED else [],
                    waiting=[enrolment] if enrolment.status == Enrolment.Status.WAITING else [],
                ),
            )
            return redirect("delivery:roster", pk=engagement.pk)
    context = {"engagement": engagement, "form": form, "row_errors": errors}
    status = 400 if form.errors or errors else 200
    return render(request, "delivery/roster/roster_person.html", context, status=status)


@role_required(*ROSTER_KEEPERS)
@require_http_methods(["GET", "POST"])
def roster_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a person; the first person waiting gets their place and is told."""
    enrolment = enrolment_get_for_user(user=request.user, pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        promoted = enrolment_withdraw(
            enrolment=enrolment, withdrawn_by=request.user, reason=form.cleaned_data["reason"]
        )
        text = _("%(name)s is withdrawn.") % {"name": enrolment.staff_member}
        if promoted is not None:
            text += " " + _("%(name)s from the waiting list has their place and has been told.") % {
                "name": promoted.staff_member
            }
        messages.success(request, text)
        return redirect("delivery:roster", pk=enrolment.engagement_id)
    context = {"enrolment": enrolment, "engagement": enrolment.engagement, "form": form}
    return render(request, "delivery/roster/roster_withdraw.html", context)


@role_required(*ROSTER_KEEPERS)
@require_POST
def roster_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a person into another group with a free place (or off the waiting list)."""
    enrolment = enrolment_get_for_user(user=request.user, pk=pk)
    groups = roster_groups_ensure(engagement=enrolment.engagement)
    form = MoveForm(request.POST, groups=groups)
    if form.is_valid():
        group = next(g for g in groups if str(g.pk) == form.cleaned_data["group"])
        try:
            enrolment_move(enrolment=enrolment, group=group, moved_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is in group %(number)s.")
                % {"name": enrolment.staff_member, "number": group.number},
            )
    return redirect("delivery:roster", pk=enrolment.engagement_id)


@role_required(*ROSTER_KEEPERS)
@require_POST
def roster_group(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a group's places; new places go to people waiting."""
    group = group_get_for_user(user=request.user, pk=pk)
    form = CapacityForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("delivery:roster", pk=group.engagement_id)
    try:
        promoted = group_capacity_set(
            group=group, capacity=form.cleaned_data["capacity"], changed_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("Group %(number)s has %(capacity)s places.") % {
            "number": group.number,
            "capacity": group.capacity,
        }
        if promoted:
            text += " " + ngettext(
                "%(n)s person from the waiting list has a place and has been told.",
                "%(n)s people from the waiting list have places and have been told.",
                len(promoted),
            ) % {"n": len(promoted)}
        messages.success(request, text)
    return redirect("delivery:roster", pk=group.engagement_id)


@role_required(*ROSTER_KEEPERS)
@require_POST
def roster_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """E-mail everyone in a group who has not had their link yet."""
    engagement = roster_engagement_get_for_user(user=request.user, pk=pk, change=True)
    counts = roster_invitations_send(engagement=engagement, sent_by=request.user)
    text = (
        ngettext("%(sent)s invitation sent.", "%(sent)s invitations sent.", counts["sent"]) % counts
    )
    if counts["without_email"]:
        text += (
            " "
            + ngettext(
                "%(without_email)s person has no work e-mail: print them a letter.",
                "%(without_email)s people have no work e-mail: print them letters.",
                counts["without_email"],
            )
            % counts
        )
    messages.success(request, text)
    return redirect("delivery:roster", pk=engagement.pk)


@role_required(*ROSTER_KEEPERS)
@require_POST
def roster_invite_one(request: HttpRequest, pk: int) -> HttpResponse:
    """Send one person a new link (their earlier one stops working)."""
    enrolment = enrolment_get_for_user(user=request.user, pk=pk)
    if attendee_invite(enrolment=enrolment, sent_by=request.user):
        messages.success(
            request, _("%(name)s has a new link by e-mail.") % {"name": enrolment.staff_member}
        )
    else:
        messages.error(
            request,
            _("%(name)s has no work e-mail: print them a letter.")
            % {"name": enrolment.staff_member},
        )
    return redirect("delivery:roster", pk=enrolment.engagement_id)


@role_required(*ROSTER_KEEPERS)
@require_POST
def roster_letters(request: HttpRequest, pk: int) -> HttpResponse:
    """Letters with each person's link and QR code, for those without a work e-mail (or one
    person): printing makes new links, so earlier letters stop working."""
    engagement = roster_engagement_get_for_user(user=request.user, pk=pk, change=True)
    form = LettersForm(request.POST)
    form.is_valid()
    chosen = Enrolment.objects.filter(
        engagement=engagement, status=Enrolment.Status.ENROLLED
    ).select_related("staff_member", "group")
    if form.cleaned_data.get("enrolment"):
        chosen = chosen.filter(pk=form.cleaned_data["enrolment"])
    else:
        chosen = chosen.filter(staff_member__email="")
    enrolments = list(chosen.order_by("staff_member__last_name", "staff_member__first_name"))
    for enrolment in enrolments:
        enrolment.engagement = engagement
    if not enrolments:
        messages.error(
            request, _("Everyone in a group has a work e-mail: send invitations instead.")
        )
        return redirect("delivery:roster", pk=engagement.pk)
    letters = attendee_letters(enrolments=enrolments, printed_by=request.user)
    context = {"engagement": engagement, "letters": letters, "days": engagement_dates(engagement)}
    if form.cleaned_data.get("format") == "pdf":
        from breakaway.core.pdf import render_pdf

        pdf = render_pdf("delivery/roster/letters.html", {**context, "for_pdf": True}, request)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="letters.pdf"'
        return response
    return render(request, "delivery/roster/letters.html", context)
