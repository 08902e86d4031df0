"""Reads of enquiries, always through the user asking: only sales staff see the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from breakaway.accounts.roles import SALES, standing
from breakaway.core.models import AuditEntry
from breakaway.enquiries.models import Enquiry

BOARD_CARDS_PER_COLUMN = 50


def _sales_provider_ids(user: Any) -> frozenset[int]:
    """The providers whose pipeline the user works: where they are an advisor or administrator."""
    who = standing(user)
    if getattr(user, "is_superuser", False):
        return who.provider_ids
    return frozenset(m.organisation_id for m in who.memberships if m.role in SALES)


def enquiry_list_for_user(
    *, user: Any, stage: str = "", search: str = "", oldest_first: bool = False
) -> QuerySet[Enquiry]:
    """The provider's enquiries for its sales staff (and any that arrived before a provider
    existed), filtered by stage and by organisation or contact; nobody else sees any."""
    provider_ids = _sales_provider_ids(user)
    if not provider_ids:
        return Enquiry.objects.none()
    enquiries = Enquiry.objects.filter(
        Q(provider_id__in=provider_ids) | Q(provider__isnull=True)
    ).select_related("client")
    if stage:
        enquiries = enquiries.filter(stage=stage)
    if search := search.strip():
        enquiries = enquiries.filter(
            Q(organisation_name__icontains=search) | Q(contact_name__icontains=search)
        )
    return enquiries.order_by("created_at", "id") if oldest_first else enquiries


def enquiry_get_for_user(*, user: Any, pk: int) -> Enquiry:
    """One enquiry the user may see; any other answers 404."""
    try:
        return enquiry_list_for_user(user=user).select_related("provider", "owner").get(pk=pk)
    except Enquiry.DoesNotExist:
        raise Http404("No such enquiry.") from None


def pipeline_counts(*, user: Any) -> dict[str, int]:
    """How many enquiries the user's pipeline holds at each stage, zero included, in order."""
    rows = (
        enquiry_list_for_user(user=user)
        .order_by()
        .values("stage")
        .annotate(total=Count("id"))
        .values_list("stage", "total")
    )
    found = dict(rows)
    return {stage: found.get(stage, 0) for stage in Enquiry.Stage.values}


@dataclass
class BoardColumn:
    stage: str
    label: str
    count: int
    enquiries: list[Enquiry] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return self.count - len(self.enquiries)


def pipeline_board(*, user: Any, per_column: int = BOARD_CARDS_PER_COLUMN) -> list[BoardColumn]:
    """One column per stage with its count and its most recently moved cards, in two queries."""
    counts = pipeline_counts(user=user)
    columns = {
        stage: BoardColumn(stage=stage, label=str(label), count=counts[stage])
        for stage, label in Enquiry.Stage.choices
    }
    cards = (
        enquiry_list_for_user(user=user)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("stage")],
                order_by=[F("stage_changed_at").desc(), F("id").desc()],
            )
        )
        .filter(position__lte=per_column)
        .order_by("stage", "position")
    )
    for enquiry in cards:
        columns[enquiry.stage].enquiries.append(enquiry)
    return list(columns.values())


def enquiry_history(*, enquiry: Enquiry) -> QuerySet[AuditEntry]:
    """What has happened to the enquiry, newest first, from the audit log."""
    return AuditEntry.objects.filter(
        object_type=Enquiry._meta.label_lower, object_id=str(enquiry.pk)
    ).select_related("actor")
