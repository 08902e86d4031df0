"""Invoices and credit notes as CSV for accounting packages: Xero's layout, or a plain one.

Xero's sales-invoice import takes one row per line, the invoice's fields repeated on each
(the columns of its own import template, required ones starred), dates as DD/MM/YYYY for a
UK organisation, amounts tax exclusive. Credit notes go in as negative amounts, which Xero
imports as credit notes. Each line carries its share of the document's VAT so that Xero's
totals are the document's to the penny. The plain layout is one row per document with ISO
dates. Money is a plain decimal (1234.50): no symbol, no thousands separator.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from breakaway.quotes import pricing
from breakaway.quotes.models import CreditNote, Invoice

XERO_COLUMNS = [
    "*ContactName",
    "EmailAddress",
    "POAddressLine1",
    "POAddressLine2",
    "POAddressLine3",
    "POAddressLine4",
    "POCity",
    "PORegion",
    "POPostalCode",
    "POCountry",
    "*InvoiceNumber",
    "Reference",
    "*InvoiceDate",
    "*DueDate",
    "Total",
    "InventoryItemCode",
    "*Description",
    "*Quantity",
    "*UnitAmount",
    "Discount",
    "*AccountCode",
    "*TaxType",
    "TaxAmount",
    "TrackingName1",
    "TrackingOption1",
    "TrackingName2",
    "TrackingOption2",
    "Currency",
    "BrandingTheme",
]
PLAIN_COLUMNS = [
    "document",
    "number",
    "issued_on",
    "due_on",
    "client",
    "purchase_order",
    "quote",
    "invoice",
    "currency",
    "vat_rate",
    "net",
    "vat",
    "gross",
    "paid_on",
    "payment_reference",
]
SALES_ACCOUNT = "200"  # Xero's standard "Sales" account in a UK chart of accounts
XERO_TAX_TYPES = {
    "exempt": "Exempt Income",
    "zero": "Zero Rated Income",
    "outside_scope": "No VAT",
}
LAYOUTS = ("xero", "plain")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Document:
    """An invoice or credit note as the exports read it; a credit note's amounts negative."""

    kind: str
    number: str
    issued_on: date
    due_on: date | None
    client: str
    email: str
    purchase_order: str
    quote: str
    invoice: str
    currency: str
    vat_treatment: str
    vat_rate: Decimal
    lines: list[tuple[str, Decimal]]
    net: Decimal
    vat: Decimal
    gross: Decimal
    paid_on: date | None
    payment_reference: str


def _text(value: str) -> str:
    """Text a spreadsheet will not run as a formula (names come from public enquiry forms)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _amount(value: Decimal) -> str:
    return pricing.money_text(value)


def from_invoice(invoice: Invoice) -> Document:
    return Document(
        kind="invoice",
        number=invoice.number,
        issued_on=invoice.issued_on,
        due_on=invoice.due_on,
        client=invoice.organisation.name,
        email=invoice.organisation.email,
        purchase_order=invoice.purchase_order,
        quote=invoice.quote.number,
        invoice=invoice.number,
        currency=invoice.currency,
        vat_treatment=invoice.vat_treatment,
        vat_rate=invoice.vat_rate,
        lines=[(line["description"], Decimal(line["amount"])) for line in invoice.lines],
        net=invoice.net,
        vat=invoice.vat,
        gross=invoice.gross,
        paid_on=invoice.paid_on,
        payment_reference=invoice.payment_reference,
    )


def from_credit_note(credit_note: CreditNote) -> Document:
    invoice = credit_note.invoice
    return Document(
        kind="credit_note",
        number=credit_note.number,
        issued_on=credit_note.issued_on,
        due_on=None,
        client=credit_note.organisation.name,
        email=credit_note.organisation.email,
        purchase_order=invoice.purchase_order,
        quote=invoice.quote.number,
        invoice=invoice.number,
        currency=credit_note.currency,
        vat_treatment=invoice.vat_treatment,
        vat_rate=credit_note.vat_rate,
        lines=[(line["description"], -Decimal(line["amount"])) for line in credit_note.lines],
        net=-credit_note.net,
        vat=-credit_note.vat,
        gross=-credit_note.gross,
        paid_on=None,
        payment_reference="",
    )


def line_vat(lines: list[tuple[str, Decimal]], vat: Decimal, rate: Decimal) -> list[Decimal]:
    """Each line's share of the document's VAT, adding up to it exactly (the difference the
    rounding leaves goes on the largest line)."""
    shares = [pricing.money(amount * rate) for _, amount in lines]
    if shares:
        largest = max(range(len(lines)), key=lambda i: abs(lines[i][1]))
        shares[largest] += vat - sum(shares, Decimal("0.00"))
    return shares


def _xero_tax_type(document: Document) -> str:
    if document.vat_treatment in XERO_TAX_TYPES or document.vat_rate == 0:
        return XERO_TAX_TYPES.get(document.vat_treatment, "No VAT")
    percent = format((document.vat_rate * 100).normalize(), "f")
    return f"{percent}% (VAT on Income)"


def _xero_rows(document: Document) -> Iterable[dict[str, Any]]:
    taxes = line_vat(document.lines, document.vat, document.vat_rate)
    due = document.due_on or document.issued_on
    for (description, amount), tax in zip(document.lines, taxes, strict=True):
        yield {
            "*ContactName": _text(document.client),
            "EmailAddress": _text(document.email),
            "*InvoiceNumber": document.number,
            "Reference": _text(document.purchase_order or document.quote),
            "*InvoiceDate": document.issued_on.strftime("%d/%m/%Y"),
            "*DueDate": due.strftime("%d/%m/%Y"),
            "Total": _amount(document.gross),
            "*Description": _text(description),
            "*Quantity": "1",
            "*UnitAmount": _amount(amount),
            "*AccountCode": SALES_ACCOUNT,
            "*TaxType": _xero_tax_type(document),
            "TaxAmount": _amount(tax),
            "Currency": document.currency,
        }


def _plain_row(document: Document) -> dict[str, Any]:
    return {
        "document": document.kind,
        "number": document.number,
        "issued_on": document.issued_on.isoformat(),
        "due_on": document.due_on.isoformat() if document.due_on else "",
        "client": _text(document.client),
        "purchase_order": _text(document.purchase_order),
        "quote": document.quote,
        "invoice": document.invoice,
        "currency": document.currency,
        "vat_rate": pricing.rate_text(document.vat_rate),
        "net": _amount(document.net),
        "vat": _amount(document.vat),
        "gross": _amount(document.gross),
        "paid_on": document.paid_on.isoformat() if document.paid_on else "",
        "payment_reference": _text(document.payment_reference),
    }


def documents_csv(documents: Iterable[Document], *, layout: str) -> str:
    """The documents as CSV text in the layout asked for ("xero" or "plain")."""
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}.")
    out = io.StringIO()
    columns = XERO_COLUMNS if layout == "xero" else PLAIN_COLUMNS
    writer = csv.DictWriter(out, fieldnames=columns, restval="", lineterminator="\r\n")
    writer.writeheader()
    for document in documents:
        if layout == "xero":
            writer.writerows(_xero_rows(document))
        else:
            writer.writerow(_plain_row(document))
    return out.getvalue()
