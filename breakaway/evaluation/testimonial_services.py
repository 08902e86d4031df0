"""Testimonials: a reaction comment becomes a candidate only when its writer said yes to
publishing it; a provider administrator publishes it, shown with role and type of
organisation only (never a name, never the organisation's name)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from breakaway.accounts.roles import standing
from breakaway.core.audit import audit_log
from breakaway.evaluation.models import Phase, Response, Testimonial

TESTIMONIAL_ITEM = "testimonial"
COMMENTS_ITEM = "comments"


def _consented(response: Response) -> bool:
    answers = response.answers or {}
    return str(answers.get(TESTIMONIAL_ITEM, "")).strip().casefold() == "yes" and bool(
        str(answers.get(COMMENTS_ITEM) or "").strip()
    )


@transaction.atomic
def testimonial_candidates_collect(now: dt.datetime) -> dict[str, int]:
    """Tick: each submitted reaction response with consent and a comment becomes a candidate
    (unpublished) testimonial, once."""
    responses = (
        Response.objects.filter(
            questionnaire__phase=Phase.POST,
            submitted_at__isnull=False,
            submitted_at__lte=now,
            testimonial__isnull=True,
            answers__has_key=TESTIMONIAL_ITEM,
        )
        .select_related("enrolment__staff_member", "questionnaire__engagement__organisation")
        .order_by("pk")
    )
    made = 0
    for response in responses:
        if not _consented(response):
            continue
        organisation = response.questionnaire.engagement.organisation
        testimonial = Testimonial(
            response=response,
            text=str(response.answers[COMMENTS_ITEM]).strip(),
            role=(
                response.enrolment.staff_member.role if response.enrolment.staff_member_id else ""
            ),
            organisation_type=organisation.get_sector_display() if organisation.sector else "",
            consented_at=response.submitted_at or now,
        )
        testimonial.full_clean()
        testimonial.save()
        made += 1
    return {"testimonial_candidates": made}


def testimonial_list_for_user(*, user: Any) -> QuerySet[Testimonial]:
    """Testimonials from the courses of the user's provider(s)."""
    providers = standing(user).provider_ids
    return (
        Testimonial.objects.filter(
            response__questionnaire__engagement__organisation__provider_id__in=providers
        )
        .select_related("published_by")
        .order_by("published_at", "-consented_at")
    )


def testimonial_get_for_user(*, user: Any, pk: int) -> Testimonial:
    testimonial = testimonial_list_for_user(user=user).filter(pk=pk).first()
    if testimonial is None:
        raise Http404("No such testimonial.")
    return testimonial


def testimonial_list_published(*, limit: int = 3) -> list[Testimonial]:  # noqa: PT028
    """The newest published testimonials, for the public site."""
    return list(
        Testimonial.objects.filter(published_at__isnull=False).order_by("-published_at")[:limit]
    )


@transaction.atomic
def testimonial_publish(*, testimonial: Testimonial, published_by: Any) -> Testimonial:
    """Show it on the public site (with role and type of organisation only)."""
    if testimonial.published_at is None:
        testimonial.published_at = timezone.now()
        testimonial.published_by = published_by
        testimonial.full_clean()
        testimonial.save(update_fields=["published_at", "published_by"])
        audit_log(actor=published_by, action="evaluation.testimonial_publish", obj=testimonial)
    return testimonial


@transaction.atomic
def testimonial_withdraw(*, testimonial: Testimonial, withdrawn_by: Any) -> Testimonial:
    """Take it off the public site."""
    if testimonial.published_at is not None:
        testimonial.published_at = None
        testimonial.published_by = None
        testimonial.save(update_fields=["published_at", "published_by"])
        audit_log(actor=withdrawn_by, action="evaluation.testimonial_withdraw", obj=testimonial)
    return testimonial
