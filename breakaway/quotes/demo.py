"""The demo rate card (typical prices for a personal-safety training provider) and the
trust's documents: an accepted quote, a paid invoice, a guarantee claim with its credit note."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.quotes.models import RateCard

SATURDAY = 5
# The advisor who quotes, the trust's lead who accepts and claims, the provider's admin.
DEMO_PEOPLE = ("advisor@northway.example", "lead@riverside.example", "admin@northway.example")

# Per trainer per full day, by the course's content and risk level.
DEMO_DAY_RATES = {
    "conflict-resolution": {"low": "550", "medium": "625", "high": "700"},
    "breakaway": {"low": "650", "medium": "750", "high": "850"},
    "physical-intervention": {"low": "750", "medium": "875", "high": "995"},
}


def seed_rate_card(provider: Organisation) -> RateCard:
    """The provider's current card: made once, left alone afterwards."""
    current = RateCard.objects.filter(provider=provider, is_current=True).first()
    if current is not None:
        return current
    card = RateCard(
        provider=provider,
        name="Standard rates 2026",
        day_rates=DEMO_DAY_RATES,
        part_day_fraction=Decimal("0.6"),
        materials_per_attendee=Decimal("4.50"),
        mileage_rate=Decimal("0.45"),
        overnight_threshold_miles=Decimal(60),
        overnight_rate=Decimal("95.00"),
        vat_number="GB 123 4567 89",
        valid_from=date(2026, 1, 1),
        is_current=True,
    )
    card.full_clean()
    card.save()
    return card


def _weekday_before(day: date, days: int) -> date:
    earlier = day - timedelta(days=days)
    while earlier.weekday() >= SATURDAY:
        earlier -= timedelta(days=1)
    return earlier


def seed_quotes(provider: Organisation) -> None:
    """The trust's story after its needs assessment, once: a quote it accepted, the course run
    and invoiced, the invoice paid, a part refund claimed under the guarantee, approved with a
    credit note and refunded."""
    from breakaway.accounts.models import User
    from breakaway.courses.models import CourseDesign
    from breakaway.quotes.guarantee_services import claim_approve, claim_create, refund_record
    from breakaway.quotes.invoice_services import invoice_create, invoice_mark_paid
    from breakaway.quotes.models import ClientBilling, GuaranteeClaim, Invoice, Quote
    from breakaway.quotes.quote_services import quote_accept, quote_create
    from breakaway.scheduling.models import Venue

    trust = Organisation.objects.filter(slug="riverside-mental-health").first()
    design = CourseDesign.objects.filter(organisation=trust).order_by("id").first()
    people = {u.email: u for u in User.objects.filter(email__in=DEMO_PEOPLE)}
    if trust is None or design is None or len(people) < len(DEMO_PEOPLE):
        return
    if Quote.objects.filter(organisation=trust).exists():
        return
    advisor, lead, admin = (people[email] for email in DEMO_PEOPLE)
    seed_rate_card(provider)
    ClientBilling.objects.get_or_create(
        organisation=trust, defaults={"purchase_order_required": True}
    )
    today = timezone.localdate()
    quote = quote_create(
        design=design,
        content="breakaway",
        supply_date=_weekday_before(today, 10),
        travel=[{"trainer": "Dan Hughes", "one_way_miles": Decimal(18), "days": 1}],
        purchase_order="PO-RMH-4471",
        created_by=advisor,
        venue=Venue.objects.filter(site__organisation=trust).order_by("id").first(),
    )
    quote = quote_accept(quote=quote, accepted_by=lead, purchase_order="PO-RMH-4471")
    invoice = invoice_create(quote=quote, kind=Invoice.Kind.FINAL, created_by=advisor)
    invoice_mark_paid(invoice=invoice, paid_on=today, reference="BACS 88123", recorded_by=admin)
    claim = claim_create(
        invoice=invoice,
        claimed_by=lead,
        scope=GuaranteeClaim.Scope.PART,
        amount=Decimal("150.00"),
        reason=(
            "The afternoon group ran 40 minutes short because the room was needed for a "
            "handover, so the scenario practice was cut."
        ),
    )
    claim_approve(
        claim=claim, decided_by=admin, note="Agreed: we refund the shortened session's share."
    )
    refund_record(
        claim=claim,
        recorded_by=admin,
        refunded_on=today,
        method=GuaranteeClaim.RefundMethod.BANK_TRANSFER,
        reference="BACS R-2291",
    )
