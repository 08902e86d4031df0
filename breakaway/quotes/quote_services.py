"""Quotes: priced from a course design, numbered without gaps, issued once as a stored PDF.

An issued quote never changes: only its status and the client's decision (who, when, why)
are written afterwards. The PDF is rendered once, when the quote is sent, and served from
storage ever after.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.accounts.models import Organisation
from breakaway.accounts.roles import SALES, has_role, standing
from breakaway.core.audit import audit_log, snapshot
from breakaway.core.numbering import document_number_next
from breakaway.courses.models import CourseDesign
from breakaway.quotes import pricing
from breakaway.quotes.models import ClientBilling, Quote, RateCard
from breakaway.quotes.selectors import rate_card_current
from breakaway.quotes.services import quote_price
from breakaway.quotes.travel import travel_from_map
from breakaway.scheduling.booking import engagements_create_for_quote
from breakaway.scheduling.models import Venue

VALID_DAYS = 30
DEFAULT_RISK_LEVEL = "medium"
CANCELLATION_TERMS = (
    "Cancel in writing. More than 28 days before the course: no charge. 14 to 28 days "
    "before: 50% of the training fee. Fewer than 14 days before: the full fee, and any "
    "travel already booked."
)
_DECISION_FIELDS = ["status", "purchase_order", "decided_by", "decided_at", "decline_reason"]


def provider_of(organisation: Organisation) -> Organisation | None:
    """The provider that quotes this client (a provider quotes itself)."""
    if organisation.is_provider:
        return organisation
    return organisation.provider


def risk_level_for(design: CourseDesign) -> str:
    """The overall level of the design's assessment risk profile; medium without one."""
    if design.assessment is None:
        return DEFAULT_RISK_LEVEL
    from breakaway.assessments.risk_selectors import risk_profile_for

    level = risk_profile_for(assessment=design.assessment).to_dict().get("overall_level")
    return level if level in pricing.RISK_LEVELS else DEFAULT_RISK_LEVEL


def billing_for(organisation: Organisation) -> ClientBilling:
    """The client's billing terms; the defaults (standard VAT, 30 days) when none are kept."""
    return ClientBilling.objects.filter(organisation=organisation).first() or ClientBilling(
        organisation=organisation
    )


def quote_request(
    *,
    design: CourseDesign,
    content: str,
    supply_date: date,
    travel: list[dict[str, Any]],
    vat_treatment: str,
) -> tuple[dict[str, Any], int]:
    """The pricing request for the design's latest version, and that version's number."""
    version = design.versions.order_by("-number").first()
    if version is None:
        raise ValidationError(_("The course design has no version to quote."))
    course = version.course if isinstance(version.course, dict) else {}
    groups = [
        {"date": supply_date.isoformat(), "attendees": int(group["attendees"])}
        for group in course.get("groups") or []
        if isinstance(group, dict) and int(group.get("attendees") or 0) > 0
    ]
    request = {
        "supply_date": supply_date.isoformat(),
        "vat_treatment": vat_treatment,
        "course": {
            "content": content,
            "risk_level": risk_level_for(design),
            "length": design.length,
            "attendees_per_trainer": int(course.get("attendees_per_trainer") or 1),
        },
        "groups": groups,
        "travel": _travel_entries(travel),
    }
    return request, version.number


def _travel_for(
    *,
    request: dict[str, Any],
    travel: list[dict[str, Any]],
    venue: Venue | None,
    from_map: bool,
    provider: Organisation | None,
    card: RateCard | None,
    organisation: Organisation,
) -> list[dict[str, Any]]:
    """The travel entries as typed, or worked out from the venue and the trainers' bases."""
    if venue is not None and venue.site.organisation_id != organisation.pk:
        raise ValidationError({"venue": _("Choose one of the client's own venues")})
    if not from_map:
        return travel
    if venue is None:
        raise ValidationError({"venue": _("Choose the venue, so that travel can be worked out")})
    if provider is None or card is None:
        raise ValidationError(_("Travel from the map needs the provider's current rate card."))
    return travel_from_map(
        provider=provider, venue=venue, request=request, road_factor=card.road_factor
    )


def _issue(
    *,
    design: CourseDesign,
    content: str,
    supply_date: date,
    travel: list[dict[str, Any]],
    purchase_order: str,
    created_by: Any,
    venue: Venue | None = None,
    travel_from_map_: bool = False,
    payment_terms_days: int | None = None,
    cancellation_terms: str | None = None,
    supersedes: Quote | None = None,
) -> Quote:
    """Price, number and store a quote with its PDF; the caller holds the transaction."""
    organisation = design.organisation
    provider = provider_of(organisation)
    billing = billing_for(organisation)
    card = rate_card_current(provider=provider, currency=billing.currency) if provider else None
    if provider is not None and card is None:
        raise pricing.InvalidRequest(
            [f"rate_card: the provider has no current rate card in {billing.currency}"]
        )
    request, version_number = quote_request(
        design=design,
        content=content,
        supply_date=supply_date,
        travel=[],
        vat_treatment=billing.vat_treatment,
    )
    entries = _travel_for(
        request=request,
        travel=travel,
        venue=venue,
        from_map=travel_from_map_,
        provider=provider,
        card=card,
        organisation=organisation,
    )
    request["travel"] = _travel_entries(entries)
    priced = quote_price(data=request, provider=provider, currency=billing.currency)
    today = timezone.localdate()
    quote = Quote(
        number=document_number_next(prefix="Q", year=today.year, provider=provider),
        organisation=organisation,
        design=design,
        design_version=version_number,
        content=content,
        risk_level=request["course"]["risk_level"],
        supply_date=supply_date,
        valid_until=today + timedelta(days=VALID_DAYS),
        vat_treatment=billing.vat_treatment,
        request=request,
        priced=priced.to_dict(),
        net=priced.net,
        vat=priced.vat,
        gross=priced.gross,
        currency=card.currency if card else billing.currency,
        purchase_order=purchase_order.strip(),
        provider_vat_number=card.vat_number if card else "",
        payment_terms_days=(
            billing.payment_terms_days if payment_terms_days is None else payment_terms_days
        ),
        cancellation_terms=(cancellation_terms or CANCELLATION_TERMS).strip(),
        status=Quote.Status.SENT,
        venue=venue,
        travel_source=Quote.TravelSource.MAP if travel_from_map_ else Quote.TravelSource.MILES,
        supersedes=supersedes,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    quote.full_clean(exclude=["pdf"])
    quote.save()
    quote.pdf.save(f"{quote.number}.pdf", ContentFile(quote_pdf_bytes(quote)), save=True)
    audit_log(
        actor=created_by,
        action="quote.create",
        obj=quote,
        after=snapshot(
            quote,
            ["number", "status", "net", "vat", "gross", "currency", "design_version"],
        )
        | {"supersedes": supersedes.number if supersedes else None},
        organisation=organisation,
    )
    return quote


def _travel_entries(travel: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Travel rows as the pricing request takes them: miles as decimal strings."""
    return [
        {
            "trainer": str(row["trainer"]),
            "one_way_miles": str(row["one_way_miles"]),
            "days": int(row["days"]),
        }
        for row in travel
    ]


def quote_create(
    *,
    design: CourseDesign,
    content: str,
    supply_date: date,
    travel: list[dict[str, Any]],
    purchase_order: str = "",
    created_by: Any,
    venue: Venue | None = None,
    travel_from_map: bool = False,
) -> Quote:
    """Price, number and issue a quote for the design; its PDF is rendered and stored once.

    Travel is the rows given, or, with `travel_from_map`, the nearest trainers' road miles to
    the venue. The client is priced from the provider's current card in its currency.
    Raises pricing.InvalidRequest when the request cannot be priced (an unknown content, no
    rate card) and ValidationError when the design has no version or travel cannot be
    worked out.
    """
    with transaction.atomic():
        return _issue(
            design=design,
            content=content,
            supply_date=supply_date,
            travel=travel,
            purchase_order=purchase_order,
            created_by=created_by,
            venue=venue,
            travel_from_map_=travel_from_map,
        )


REVISABLE = (Quote.Status.SENT, Quote.Status.EXPIRED)


def quote_revise(
    *,
    quote: Quote,
    revised_by: Any,
    supply_date: date,
    travel: list[dict[str, Any]],
    purchase_order: str,
    payment_terms_days: int,
    cancellation_terms: str,
    venue: Venue | None = None,
    travel_from_map: bool = False,
) -> Quote:
    """Issue a new version of an undecided quote; the old one is marked superseded.

    The new quote has its own number and PDF and points to the one it replaces, whose PDF
    stays as it was sent. Accepted and declined quotes cannot be revised.
    """
    if not is_providers_sales(quote, revised_by):
        raise PermissionDenied
    quote_expire_if_due(quote)
    with transaction.atomic():
        locked = Quote.objects.select_for_update().get(pk=quote.pk)
        if locked.status not in REVISABLE:
            raise ValidationError(
                _("This quote is %(status)s, so it can no longer be revised.")
                % {"status": locked.get_status_display().lower()}
            )
        before = snapshot(locked, ["status"])
        locked.status = Quote.Status.SUPERSEDED
        locked.save(update_fields=["status"])
        revised = _issue(
            design=locked.design,
            content=locked.content,
            supply_date=supply_date,
            travel=travel,
            purchase_order=purchase_order,
            created_by=revised_by,
            venue=venue,
            travel_from_map_=travel_from_map,
            payment_terms_days=payment_terms_days,
            cancellation_terms=cancellation_terms,
            supersedes=locked,
        )
        audit_log(
            actor=revised_by,
            action="quote.supersede",
            obj=locked,
            before=before,
            after=snapshot(locked, ["status"]) | {"superseded_by": revised.number},
            organisation=locked.organisation,
        )
    quote.status = locked.status
    return revised


def quote_context(quote: Quote) -> dict[str, Any]:
    """What the quote's page and PDF show."""
    provider = provider_of(quote.organisation)
    priced = quote.priced or {}
    return {
        "quote": quote,
        "provider": provider,
        "organisation": quote.organisation,
        "lines": priced.get("lines") or [],
        "vat_percent": Decimal(priced.get("vat_rate") or "0") * 100,
        "length_label": quote.design.get_length_display(),
    }


def quote_pdf_bytes(quote: Quote) -> bytes:
    from breakaway.core.pdf import render_pdf  # WeasyPrint is slow to import: only here

    return render_pdf("quotes/pdf/quote.html", quote_context(quote))


def is_providers_sales(quote: Quote, user: Any) -> bool:
    """The user is an administrator or advisor of the provider that quoted this client."""
    if not has_role(user, *SALES):
        return False
    providers = standing(user).provider_ids
    return quote.organisation_id in providers or quote.organisation.provider_id in providers


def _may_decide(quote: Quote, user: Any) -> bool:
    if has_role(user, *SALES):
        return is_providers_sales(quote, user)
    return quote.organisation_id in standing(user).client_ids


def quote_expire_if_due(quote: Quote) -> Quote:
    """Mark a sent quote past its validity as expired (committed on its own)."""
    if quote.status == Quote.Status.SENT and quote.valid_until < timezone.localdate():
        Quote.objects.filter(pk=quote.pk, status=Quote.Status.SENT).update(
            status=Quote.Status.EXPIRED
        )
        quote.status = Quote.Status.EXPIRED
    return quote


def _open_for_decision(quote: Quote, user: Any) -> Quote:
    if not _may_decide(quote, user):
        raise PermissionDenied
    quote_expire_if_due(quote)
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    if locked.status == Quote.Status.EXPIRED:
        raise ValidationError(_("This quote has expired; ask for a new one."))
    if locked.status == Quote.Status.SUPERSEDED:
        newer = Quote.objects.filter(supersedes=locked).values_list("number", flat=True).first()
        raise ValidationError(
            _("This quote has been replaced by quote %(number)s; decide on that one instead.")
            % {"number": newer or _("a newer version")}
        )
    if locked.status != Quote.Status.SENT:
        raise ValidationError(
            _("This quote is %(status)s, so it can no longer be accepted or declined.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def quote_accept(*, quote: Quote, accepted_by: Any, purchase_order: str = "") -> Quote:
    """The client accepts: who and when are recorded, the course is booked (confirmed
    engagements) and the client's enquiry moves to booked, all in one transaction."""
    from breakaway.enquiries.models import Enquiry
    from breakaway.enquiries.services import enquiry_move

    purchase_order = purchase_order.strip() or quote.purchase_order
    billing = billing_for(quote.organisation)
    quote_expire_if_due(quote)
    with transaction.atomic():
        locked = _open_for_decision(quote, accepted_by)
        if billing.purchase_order_required and not purchase_order:
            raise ValidationError(
                {"purchase_order": _("Enter your purchase order number, like PO-12345")}
            )
        before = snapshot(locked, _DECISION_FIELDS)
        locked.status = Quote.Status.ACCEPTED
        locked.purchase_order = purchase_order
        locked.decided_by = accepted_by
        locked.decided_at = timezone.now()
        locked.save(update_fields=_DECISION_FIELDS)
        audit_log(
            actor=accepted_by,
            action="quote.accept",
            obj=locked,
            before=before,
            after=snapshot(locked, _DECISION_FIELDS),
            organisation=locked.organisation,
        )
        engagements_create_for_quote(quote=locked, created_by=accepted_by)
        enquiry = (
            Enquiry.objects.filter(client=locked.organisation)
            .filter(
                stage__in=[Enquiry.Stage.ENQUIRY, Enquiry.Stage.ASSESSMENT, Enquiry.Stage.PROPOSAL]
            )
            .order_by("-id")
            .first()
        )
        if enquiry is not None:
            enquiry_move(enquiry=enquiry, stage=Enquiry.Stage.BOOKED, moved_by=accepted_by)
    return locked


def quote_decline(*, quote: Quote, declined_by: Any, reason: str) -> Quote:
    """The client declines, saying why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Enter why you are declining, like “Over budget”")})
    quote_expire_if_due(quote)
    with transaction.atomic():
        locked = _open_for_decision(quote, declined_by)
        before = snapshot(locked, _DECISION_FIELDS)
        locked.status = Quote.Status.DECLINED
        locked.decided_by = declined_by
        locked.decided_at = timezone.now()
        locked.decline_reason = reason
        locked.save(update_fields=_DECISION_FIELDS)
        audit_log(
            actor=declined_by,
            action="quote.decline",
            obj=locked,
            before=before,
            after=snapshot(locked, _DECISION_FIELDS),
            organisation=locked.organisation,
        )
    return locked
