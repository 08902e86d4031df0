"""Health screening for trainers and the safeguarding lead: who needs a talk before practice,
one person's answers, and "talked to them". Every page that shows answers is audited; anyone
else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from breakaway.accounts.permissions import role_required
from breakaway.delivery.roster_selectors import engagement_dates
from breakaway.delivery.screening_selectors import (
    screening_answer_list,
    screening_engagement_get_for_user,
    screening_get_for_user,
    screening_rows,
)
from breakaway.delivery.screening_services import screening_mark_discussed, screening_view_record


@never_cache
@role_required()
def screening_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone in a group: screened or not, and who to talk to before practice."""
    engagement = screening_engagement_get_for_user(user=request.user, pk=pk)
    rows = screening_rows(engagement=engagement)
    screened = sum(1 for row in rows if row.screening is not None)
    screening_view_record(
        viewer=request.user, obj=engagement, organisation=engagement.organisation, people=screened
    )
    context = {
        "engagement": engagement,
        "days": engagement_dates(engagement),
        "rows": rows,
        "screened": screened,
        "to_talk": sum(
            1 for r in rows if r.screening and r.screening.flagged and not r.screening.discussed_at
        ),
    }
    return render(request, "delivery/screening/screening_list.html", context)


@never_cache
@role_required()
def screening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's answers and adjustments; reading them is audited."""
    screening = screening_get_for_user(user=request.user, pk=pk)
    engagement = screening.enrolment.engagement
    screening_view_record(viewer=request.user, obj=screening, organisation=engagement.organisation)
    context = {
        "screening": screening,
        "engagement": engagement,
        "answers": screening_answer_list(screening),
    }
    return render(request, "delivery/screening/screening_detail.html", context)


@role_required()
@require_POST
def screening_discussed(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the trainer has talked to the person before practice."""
    screening = screening_get_for_user(user=request.user, pk=pk)
    screening_mark_discussed(screening=screening, discussed_by=request.user)
    messages.success(
        request,
        _("Recorded: you talked to %(name)s.") % {"name": screening.enrolment.staff_member},
    )
    return redirect("delivery:screening_list", pk=screening.enrolment.engagement_id)
