"""The satisfaction guarantee: a client's administrator claims within the period after the
course, the provider's administrator approves (a credit note, VAT apportioned to the penny,
never more than is left) or rejects with a note, the refund is recorded, every claim is
reported."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from breakaway.core.models import AuditEntry
from breakaway.core.tests.pdf_text import pdf_text
from breakaway.quotes.guarantee_services import (
    claim_approve,
    claim_create,
    claim_reject,
    credited,
    refund_record,
)
from breakaway.quotes.invoice_selectors import claim_list_for_user, claim_totals
from breakaway.quotes.models import CreditNote, GuaranteeClaim

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
ALL, PART = GuaranteeClaim.Scope.ALL, GuaranteeClaim.Scope.PART


def _claim(invoice, user, **changes):
    arguments = {"invoice": invoice, "claimed_by": user, "scope": ALL, "reason": "Too basic"}
    return claim_create(**(arguments | changes))


def test_a_client_admin_claims_all_and_approval_reverses_the_invoice(
    final_invoice, client_admin, provider_admin
):
    claim = _claim(final_invoice, client_admin)
    assert (claim.amount, claim.status) == (final_invoice.gross, GuaranteeClaim.Status.CLAIMED)
    note = claim_approve(claim=claim, decided_by=provider_admin, note="Sorry")
    assert note.number == f"CN-{YEAR}-0001"
    assert (note.net, note.vat, note.gross) == (
        final_invoice.net,
        final_invoice.vat,
        final_invoice.gross,
    )
    assert note.lines == final_invoice.lines
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by, claim.decision_note) == (
        GuaranteeClaim.Status.APPROVED,
        provider_admin,
        "Sorry",
    )
    assert credited(final_invoice).gross_left == 0
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"guarantee_claim.create", "guarantee_claim.approve", "credit_note.create"} <= actions


def test_part_claims_never_credit_more_than_the_invoice(
    final_invoice, client_admin, provider_admin
):
    first = _claim(final_invoice, client_admin, scope=PART, amount=Decimal("100.01"))
    one = claim_approve(claim=first, decided_by=provider_admin)
    assert one.gross == Decimal("100.01")
    assert one.vat == (Decimal("100.01") * final_invoice.vat / final_invoice.gross).quantize(
        Decimal("0.01")
    )
    left = final_invoice.gross - one.gross
    with pytest.raises(ValidationError, match="or less"):
        _claim(final_invoice, client_admin, scope=PART, amount=left + Decimal("0.01"))
    rest = claim_approve(claim=_claim(final_invoice, client_admin), decided_by=provider_admin)
    assert rest.gross == left
    assert one.net + rest.net == final_invoice.net
    assert one.vat + rest.vat == final_invoice.vat
    with pytest.raises(ValidationError, match="credited already"):
        _claim(final_invoice, client_admin)


def test_one_claim_at_a_time_waits_for_a_decision(final_invoice, client_admin):
    _claim(final_invoice, client_admin, scope=PART, amount=Decimal(10))
    with pytest.raises(ValidationError, match="already waiting"):
        _claim(final_invoice, client_admin, scope=PART, amount=Decimal(10))


def test_claims_are_for_the_guarantee_period_after_the_course(final_invoice, client_admin):
    assert final_invoice.guarantee_until == final_invoice.course_ends_on + timedelta(days=30)
    after = final_invoice.guarantee_until + timedelta(days=1)
    with (
        time_machine.travel(after.isoformat() + "T12:00:00+00:00", tick=False),
        pytest.raises(ValidationError, match="ended on"),
    ):
        _claim(final_invoice, client_admin)
    last = final_invoice.guarantee_until
    with time_machine.travel(last.isoformat() + "T12:00:00+00:00", tick=False):
        assert _claim(final_invoice, client_admin).pk


def test_no_claim_before_the_course_is_over(accepted_quote, advisor, client_admin):
    from breakaway.quotes.invoice_services import invoice_create

    deposit = invoice_create(
        quote=accepted_quote, kind="deposit", deposit_percent=Decimal(50), created_by=advisor
    )
    with pytest.raises(ValidationError, match="once the course is over"):
        _claim(deposit, client_admin)


def test_only_the_clients_own_administrator_claims(
    final_invoice, client_manager, other_client_admin, provider_admin
):
    for user in (client_manager, other_client_admin, provider_admin):
        with pytest.raises(PermissionDenied):
            _claim(final_invoice, user)


def test_only_the_providers_administrator_decides(final_invoice, client_admin, advisor):
    claim = _claim(final_invoice, client_admin)
    for user in (advisor, client_admin):
        with pytest.raises(PermissionDenied):
            claim_approve(claim=claim, decided_by=user)


def test_a_rejection_needs_a_note_and_issues_nothing(final_invoice, client_admin, provider_admin):
    claim = _claim(final_invoice, client_admin)
    with pytest.raises(ValidationError):
        claim_reject(claim=claim, decided_by=provider_admin, note=" ")
    rejected = claim_reject(claim=claim, decided_by=provider_admin, note="Delivered as agreed")
    assert rejected.status == GuaranteeClaim.Status.REJECTED
    assert not CreditNote.objects.exists()
    with pytest.raises(ValidationError, match="decided already"):
        claim_approve(claim=claim, decided_by=provider_admin)


def test_the_refund_is_recorded_after_approval(final_invoice, client_admin, provider_admin):
    claim = _claim(final_invoice, client_admin)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="approved"):
        refund_record(
            claim=claim, recorded_by=provider_admin, refunded_on=today, method="card", reference="R"
        )
    claim_approve(claim=claim, decided_by=provider_admin)
    with pytest.raises(ValidationError):
        refund_record(
            claim=claim, recorded_by=provider_admin, refunded_on=today, method="gold", reference=""
        )
    refunded = refund_record(
        claim=claim,
        recorded_by=provider_admin,
        refunded_on=today,
        method=GuaranteeClaim.RefundMethod.BANK_TRANSFER,
        reference="BACS R1",
    )
    assert (refunded.status, refunded.refund_reference, refunded.days_to_refund) == (
        GuaranteeClaim.Status.REFUNDED,
        "BACS R1",
        0,
    )


def test_the_credit_note_pdf_is_stored_once_and_reads_right(
    final_invoice, client_admin, provider_admin, client
):
    claim = _claim(final_invoice, client_admin, scope=PART, amount=Decimal("120.00"))
    note = claim_approve(claim=claim, decided_by=provider_admin)
    stored = note.pdf.open("rb").read()
    text = " ".join(pdf_text(stored).split())
    for expected in (
        f"Credit note {note.number}",
        final_invoice.number,
        "£120.00",
        "Too basic",
        "GB 123 4567 89",
        "under the satisfaction guarantee",
    ):
        assert expected in text, expected
    client.force_login(client_admin)
    response = client.get(reverse("quotes:credit_note_pdf", kwargs={"pk": note.pk}))
    assert response.content == stored


def test_the_claim_journey_on_the_web(client, final_invoice, client_admin, provider_admin):
    client.force_login(client_admin)
    invoice_page = client.get(reverse("quotes:invoice_detail", kwargs={"pk": final_invoice.pk}))
    assert "Claim under the guarantee" in invoice_page.content.decode()
    url = reverse("quotes:claim_create", kwargs={"pk": final_invoice.pk})
    bad = client.post(url, {"scope": "part", "amount": "", "reason": ""})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Enter the amount you are claiming" in body
    assert "Enter why you are not satisfied" in body
    response = client.post(url, {"scope": "part", "amount": "50.00", "reason": "Too short"})
    claim = GuaranteeClaim.objects.get()
    assert response["Location"] == reverse("quotes:claim_detail", kwargs={"pk": claim.pk})

    client.force_login(provider_admin)
    decide = reverse("quotes:claim_decide", kwargs={"pk": claim.pk})
    missing_note = client.post(decide, {"decision-decision": "reject"})
    assert missing_note.status_code == 400
    assert client.post(decide, {"decision-decision": "approve"}).status_code == 302
    refund = reverse("quotes:claim_refund", kwargs={"pk": claim.pk})
    today = timezone.localdate().strftime("%d/%m/%Y")
    ok = client.post(
        refund,
        {"refund-refunded_on": today, "refund-method": "card", "refund-reference": "CARD-1"},
    )
    assert ok.status_code == 302
    claim.refresh_from_db()
    assert claim.status == GuaranteeClaim.Status.REFUNDED
    report = client.get(reverse("quotes:claim_list")).content.decode()
    assert "Too short" in report
    assert "£50.00" in report


def test_the_report_totals_every_claim_by_currency(final_invoice, client_admin, provider_admin):
    one = _claim(final_invoice, client_admin, scope=PART, amount=Decimal(40))
    claim_approve(claim=one, decided_by=provider_admin)
    refund_record(
        claim=one,
        recorded_by=provider_admin,
        refunded_on=timezone.localdate(),
        method="cheque",
        reference="CHQ 1",
    )
    two = _claim(final_invoice, client_admin, scope=PART, amount=Decimal(60))
    claim_reject(claim=two, decided_by=provider_admin, note="No")
    totals = claim_totals(claims=claim_list_for_user(user=provider_admin))
    assert totals == [
        {
            "currency": "GBP",
            "claims": 2,
            "claimed": Decimal("100.00"),
            "credited": Decimal("40.00"),
            "refunded_count": 1,
            "refunded": Decimal("40.00"),
            "average_days": Decimal("0.0"),
        }
    ]


def test_the_report_is_empty_then_constant_in_queries(
    client,
    final_invoice,
    client_admin,
    provider_admin,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    client.force_login(provider_admin)
    assert "No claims" in client.get(reverse("quotes:claim_list")).content.decode()
    claim_approve(
        claim=_claim(final_invoice, client_admin, scope=PART, amount=Decimal(1)),
        decided_by=provider_admin,
    )
    client.get(reverse("quotes:claim_list"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("quotes:claim_list"))
    for _ in range(3):
        claim_reject(
            claim=_claim(final_invoice, client_admin, scope=PART, amount=Decimal(1)),
            decided_by=provider_admin,
            note="No",
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("quotes:claim_list"))


def test_another_client_cannot_see_a_claim(client, final_invoice, client_admin, other_client_admin):
    claim = _claim(final_invoice, client_admin)
    client.force_login(other_client_admin)
    assert client.get(reverse("quotes:claim_detail", kwargs={"pk": claim.pk})).status_code == 404
    assert "Too basic" not in client.get(reverse("quotes:claim_list")).content.decode()


def test_the_provider_admins_hear_of_a_claim_at_once(
    final_invoice, client_admin, provider_admin, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = _claim(final_invoice, client_admin, scope=PART, amount=Decimal("100.00"))
    assert [m.to for m in mailoutbox] == [[provider_admin.email]]
    message = mailoutbox[0]
    assert final_invoice.number in message.subject
    assert "£100.00" in message.body
    assert "Too basic" in message.body
    assert reverse("quotes:claim_detail", kwargs={"pk": claim.pk}) in message.body
