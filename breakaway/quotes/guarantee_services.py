"""The satisfaction guarantee: a client's claim, the provider's decision, a credit note, a refund.

A client's administrator claims all or part of an invoice (VAT included) within the
guarantee period after the last day of the course. The provider's administrator approves
(a credit note CN-YYYY-NNNN is issued, its VAT apportioned exactly, never more than is left
to credit on the invoice) or rejects with a note. The refund is then recorded: date, method
and reference. Each step is audited; issued credit notes, like invoices, never change.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.accounts.models import Membership, Role
from breakaway.accounts.roles import ADMINS, has_role, standing
from breakaway.core.audit import audit_log, snapshot
from breakaway.core.emails import email_send
from breakaway.core.numbering import document_number_next
from breakaway.core.templatetags.money import money
from breakaway.quotes.credit import Credited, CreditTooLarge, Split, credit_split
from breakaway.quotes.models import CreditNote, GuaranteeClaim, Invoice
from breakaway.quotes.quote_services import provider_of

ZERO = Decimal("0.00")
_DECISION_FIELDS = ["status", "decided_by", "decided_at", "decision_note"]
_REFUND_FIELDS = [
    "status",
    "refunded_on",
    "refund_method",
    "refund_reference",
    "refund_recorded_by",
]


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def credited(invoice: Invoice) -> Credited:
    """The invoice's amounts and what credit notes have reversed of them so far."""
    # Summed here, not in SQL: SQLite adds decimals as floats.
    notes = list(CreditNote.objects.filter(invoice=invoice).values_list("net", "vat"))
    return Credited(
        net=invoice.net,
        vat=invoice.vat,
        credited_net=sum((net for net, _vat in notes), ZERO),
        credited_vat=sum((vat for _net, vat in notes), ZERO),
    )


def is_client_admin_of(user: Any, organisation_id: int) -> bool:
    return any(
        m.organisation_id == organisation_id and m.role == Role.CLIENT_ADMIN
        for m in standing(user).memberships
    )


def is_provider_admin_for(user: Any, organisation_id: int, provider_id: int | None) -> bool:
    if not has_role(user, *ADMINS):
        return False
    providers = standing(user).provider_ids
    return organisation_id in providers or provider_id in providers


def claim_window_problem(invoice: Invoice, on: date) -> str | None:
    """Why a claim cannot be made on this day, or None while the guarantee is open."""
    if on < invoice.course_ends_on:
        return _("You can claim once the course is over (its last day is %(day)s).") % {
            "day": _long(invoice.course_ends_on)
        }
    if on > invoice.guarantee_until:
        return _("The guarantee on this invoice ended on %(day)s.") % {
            "day": _long(invoice.guarantee_until)
        }
    return None


def claim_create(
    *, invoice: Invoice, claimed_by: Any, scope: str, reason: str, amount: Decimal | None = None
) -> GuaranteeClaim:
    """A client's administrator claims all or part of an invoice within the guarantee period."""
    if not is_client_admin_of(claimed_by, invoice.organisation_id):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Enter why you are not satisfied with the training")})
    if (problem := claim_window_problem(invoice, timezone.localdate())) is not None:
        raise ValidationError(problem)
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        left = credited(locked).gross_left
        if left <= 0:
            raise ValidationError(_("Everything on this invoice has been credited already."))
        if scope == GuaranteeClaim.Scope.ALL:
            amount = left
        elif scope == GuaranteeClaim.Scope.PART:
            if amount is None or amount <= 0:
                raise ValidationError({"amount": _("Enter the amount you are claiming, like 250")})
            if amount != amount.quantize(Decimal("0.01")):
                raise ValidationError({"amount": _("Enter the amount in pounds and pence")})
            if amount > left:
                raise ValidationError(
                    {
                        "amount": _("Enter %(left)s or less: that is what is left to refund")
                        % {"left": money(left, locked.currency)}
                    }
                )
        else:
            raise ValidationError({"scope": _("Choose all of the invoice or part of it")})
        if GuaranteeClaim.objects.filter(
            invoice=locked, status=GuaranteeClaim.Status.CLAIMED
        ).exists():
            raise ValidationError(_("A claim on this invoice is already waiting for a decision."))
        claim = GuaranteeClaim(
            invoice=locked,
            organisation=locked.organisation,
            scope=scope,
            amount=amount,
            reason=reason,
            claimed_by=claimed_by,
        )
        claim.full_clean()
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError as clash:
            raise ValidationError(
                _("A claim on this invoice is already waiting for a decision.")
            ) from clash
        audit_log(
            actor=claimed_by,
            action="guarantee_claim.create",
            obj=claim,
            after=snapshot(claim, ["invoice_id", "scope", "amount", "status"]),
            organisation=claim.organisation,
        )
        _tell_provider_admins(claim)
    return claim


def _tell_provider_admins(claim: GuaranteeClaim) -> None:
    """The guarantee promises a prompt refund, so the provider hears of a claim at once."""
    provider = provider_of(claim.organisation)
    admins = sorted(
        Membership.objects.filter(
            organisation=provider, role=Role.PROVIDER_ADMIN, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if not admins:
        return
    link = settings.BREAKAWAY_SITE_URL.rstrip("/") + reverse(
        "quotes:claim_detail", kwargs={"pk": claim.pk}
    )
    email_send(template="guarantee_claim", to=admins, context={"claim": claim, "link": link})


def _open_claim(claim: GuaranteeClaim, user: Any) -> GuaranteeClaim:
    invoice = claim.invoice
    if not is_provider_admin_for(user, invoice.organisation_id, invoice.organisation.provider_id):
        raise PermissionDenied
    locked = GuaranteeClaim.objects.select_for_update().get(pk=claim.pk)
    if locked.status != GuaranteeClaim.Status.CLAIMED:
        raise ValidationError(
            _("This claim has been decided already: %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def _credit_lines(invoice: Invoice, split: Split, whole: bool) -> list[dict[str, str]]:
    if whole:
        return [dict(line) for line in invoice.lines]
    return [
        {
            "description": _(
                "Refund of part of invoice %(number)s under the satisfaction guarantee"
            )
            % {"number": invoice.number},
            "amount": format(split.net, "f"),
        }
    ]


def claim_approve(*, claim: GuaranteeClaim, decided_by: Any, note: str = "") -> CreditNote:
    """Approve a claim: a credit note reverses its amount (or what is left) of the invoice."""
    today = timezone.localdate()
    with transaction.atomic():
        locked = _open_claim(claim, decided_by)
        invoice = Invoice.objects.select_for_update().get(pk=locked.invoice_id)
        so_far = credited(invoice)
        amount = min(locked.amount, so_far.gross_left)
        if amount <= 0:
            raise ValidationError(_("Everything on this invoice has been credited already."))
        try:
            split = credit_split(so_far, amount)
        except CreditTooLarge as too_large:  # guarded above; kept for a clear failure
            raise ValidationError(str(too_large)) from too_large
        whole = so_far.credited_net == 0 and so_far.credited_vat == 0 and amount == invoice.gross
        before = snapshot(locked, _DECISION_FIELDS)
        locked.status = GuaranteeClaim.Status.APPROVED
        locked.decided_by = decided_by
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()
        locked.save(update_fields=_DECISION_FIELDS)
        provider = provider_of(invoice.organisation)
        credit_note = CreditNote(
            number=document_number_next(prefix="CN", year=today.year, provider=provider),
            invoice=invoice,
            claim=locked,
            organisation=invoice.organisation,
            lines=_credit_lines(invoice, split, whole),
            net=split.net,
            vat_rate=invoice.vat_rate,
            vat=split.vat,
            gross=split.gross,
            currency=invoice.currency,
            reason=locked.reason,
            issued_on=today,
            provider_vat_number=invoice.provider_vat_number,
            created_by=decided_by if getattr(decided_by, "is_authenticated", False) else None,
        )
        credit_note.full_clean(exclude=["pdf"])
        credit_note.save()
        credit_note.pdf.save(
            f"{credit_note.number}.pdf", ContentFile(credit_note_pdf_bytes(credit_note))
        )
        audit_log(
            actor=decided_by,
            action="guarantee_claim.approve",
            obj=locked,
            before=before,
            after=snapshot(locked, _DECISION_FIELDS) | {"credit_note": credit_note.number},
            organisation=locked.organisation,
        )
        audit_log(
            actor=decided_by,
            action="credit_note.create",
            obj=credit_note,
            after=snapshot(credit_note, ["number", "invoice_id", "net", "vat", "gross"]),
            organisation=credit_note.organisation,
        )
    claim.status = locked.status
    return credit_note


def claim_reject(*, claim: GuaranteeClaim, decided_by: Any, note: str) -> GuaranteeClaim:
    """Reject a claim, saying why (the client reads the note)."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Enter why the claim is rejected; the client sees it")})
    with transaction.atomic():
        locked = _open_claim(claim, decided_by)
        before = snapshot(locked, _DECISION_FIELDS)
        locked.status = GuaranteeClaim.Status.REJECTED
        locked.decided_by = decided_by
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save(update_fields=_DECISION_FIELDS)
        audit_log(
            actor=decided_by,
            action="guarantee_claim.reject",
            obj=locked,
            before=before,
            after=snapshot(locked, _DECISION_FIELDS),
            organisation=locked.organisation,
        )
    return locked


def refund_record(
    *, claim: GuaranteeClaim, recorded_by: Any, refunded_on: date, method: str, reference: str
) -> GuaranteeClaim:
    """Record the refund of an approved claim: when, how and the payment's reference."""
    invoice = claim.invoice
    if not is_provider_admin_for(
        recorded_by, invoice.organisation_id, invoice.organisation.provider_id
    ):
        raise PermissionDenied
    reference = reference.strip()
    problems = {}
    if refunded_on > timezone.localdate():
        problems["refunded_on"] = _("The refund date must be today or in the past")
    if method not in GuaranteeClaim.RefundMethod.values:
        problems["method"] = _("Choose how the refund was paid")
    if not reference:
        problems["reference"] = _("Enter the refund's reference, like the bank's BACS reference")
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        locked = GuaranteeClaim.objects.select_for_update().get(pk=claim.pk)
        if locked.status != GuaranteeClaim.Status.APPROVED:
            raise ValidationError(
                _("Only an approved claim can be refunded; this one is %(status)s.")
                % {"status": locked.get_status_display().lower()}
            )
        if refunded_on < timezone.localdate(locked.claimed_at):
            raise ValidationError({"refunded_on": _("The refund date must be after the claim")})
        before = snapshot(locked, _REFUND_FIELDS)
        locked.status = GuaranteeClaim.Status.REFUNDED
        locked.refunded_on = refunded_on
        locked.refund_method = method
        locked.refund_reference = reference
        locked.refund_recorded_by = recorded_by
        locked.save(update_fields=_REFUND_FIELDS)
        audit_log(
            actor=recorded_by,
            action="guarantee_claim.refund",
            obj=locked,
            before=before,
            after=snapshot(locked, _REFUND_FIELDS),
            organisation=locked.organisation,
        )
    return locked


def credit_note_context(credit_note: CreditNote) -> dict[str, Any]:
    """What the credit note's PDF shows."""
    return {
        "credit_note": credit_note,
        "invoice": credit_note.invoice,
        "provider": provider_of(credit_note.organisation),
        "organisation": credit_note.organisation,
        "vat_percent": credit_note.vat_rate * 100,
    }


def credit_note_pdf_bytes(credit_note: CreditNote) -> bytes:
    from breakaway.core.pdf import render_pdf  # WeasyPrint is slow to import: only here

    return render_pdf("quotes/pdf/credit_note.html", credit_note_context(credit_note))
