"""Invoices: a deposit and the invoice after the course add up to the quote to the penny,
numbered INV-YYYY-NNNN, issued once as a PDF, marked paid, listed per tenant, exported."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from breakaway.core.models import AuditEntry
from breakaway.core.tests.pdf_text import pdf_text
from breakaway.quotes import exports
from breakaway.quotes.invoice_services import (
    course_ends_on,
    invoice_create,
    invoice_mark_paid,
    needs_purchase_order,
)
from breakaway.quotes.models import ClientBilling, Invoice, VatRate

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def test_a_deposit_then_the_rest_add_up_to_the_quote_exactly(delivered_quote, advisor):
    deposit = invoice_create(
        quote=delivered_quote,
        kind=Invoice.Kind.DEPOSIT,
        deposit_percent=Decimal("33.33"),
        created_by=advisor,
    )
    final = invoice_create(quote=delivered_quote, kind=Invoice.Kind.FINAL, created_by=advisor)
    assert (deposit.number, final.number) == (f"INV-{YEAR}-0001", f"INV-{YEAR}-0002")
    assert deposit.net == (delivered_quote.net * Decimal("0.3333")).quantize(Decimal("0.01"))
    assert deposit.vat == (deposit.net * Decimal("0.2")).quantize(Decimal("0.01"))
    assert deposit.net + final.net == delivered_quote.net
    assert deposit.vat + final.vat == delivered_quote.vat
    assert deposit.gross + final.gross == delivered_quote.gross
    assert final.lines[-1]["description"] == f"Less the deposit invoiced on {deposit.number}"
    assert Decimal(final.lines[-1]["amount"]) == -deposit.net
    assert sum(Decimal(line["amount"]) for line in final.lines) == final.net


def test_the_invoice_after_the_course_copies_the_quote_and_its_terms(final_invoice):
    quote = final_invoice.quote
    assert (final_invoice.net, final_invoice.vat, final_invoice.gross) == (
        quote.net,
        quote.vat,
        quote.gross,
    )
    assert [line["description"] for line in final_invoice.lines] == [
        line["description"] for line in quote.priced["lines"]
    ]
    today = timezone.localdate()
    assert final_invoice.issued_on == today
    assert final_invoice.due_on == today + timedelta(days=30)
    assert final_invoice.purchase_order == "PO-88"
    assert final_invoice.provider_vat_number == "GB 123 4567 89"
    assert final_invoice.vat_rate == Decimal("0.2")
    assert final_invoice.course_ends_on == quote.supply_date
    assert final_invoice.guarantee_until == quote.supply_date + timedelta(days=30)
    assert AuditEntry.objects.filter(action="invoice.create", object_id=final_invoice.pk).exists()


def test_vat_is_at_the_rate_on_the_supply_date(make_quote, client_admin, advisor):
    VatRate.objects.create(
        rate=Decimal("0.25"), valid_from=timezone.localdate() - timedelta(days=1)
    )
    quote = make_quote(supply_date=timezone.localdate() - timedelta(days=3))
    assert quote.priced["vat_rate"] == "0.20"
    from breakaway.quotes.quote_services import quote_accept

    quote = quote_accept(quote=quote, accepted_by=client_admin, purchase_order="PO-1")
    invoice = invoice_create(quote=quote, kind=Invoice.Kind.FINAL, created_by=advisor)
    assert invoice.vat_rate == Decimal("0.2")


def test_the_rest_is_not_invoiced_before_the_course_ends(accepted_quote, advisor):
    with pytest.raises(ValidationError, match="invoice the rest after it"):
        invoice_create(quote=accepted_quote, kind=Invoice.Kind.FINAL, created_by=advisor)
    deposit = invoice_create(
        quote=accepted_quote,
        kind=Invoice.Kind.DEPOSIT,
        deposit_percent=Decimal(25),
        created_by=advisor,
    )
    assert deposit.kind == Invoice.Kind.DEPOSIT


def test_one_deposit_and_one_final_invoice_per_quote(delivered_quote, advisor):
    invoice_create(quote=delivered_quote, kind=Invoice.Kind.FINAL, created_by=advisor)
    with pytest.raises(ValidationError, match="already has this invoice"):
        invoice_create(quote=delivered_quote, kind=Invoice.Kind.FINAL, created_by=advisor)
    with pytest.raises(ValidationError, match="invoiced in full"):
        invoice_create(
            quote=delivered_quote,
            kind=Invoice.Kind.DEPOSIT,
            deposit_percent=Decimal(10),
            created_by=advisor,
        )
    assert Invoice.objects.count() == 1


@pytest.mark.parametrize("percent", [None, Decimal(0), Decimal(100), Decimal(-5)])
def test_a_deposit_needs_a_percentage_between_0_and_100(accepted_quote, advisor, percent):
    with pytest.raises(ValidationError):
        invoice_create(
            quote=accepted_quote,
            kind=Invoice.Kind.DEPOSIT,
            deposit_percent=percent,
            created_by=advisor,
        )


def test_only_an_accepted_quote_is_invoiced_and_only_by_its_providers_sales_staff(
    make_quote, advisor, client_admin, designer
):
    quote = make_quote()
    with pytest.raises(ValidationError, match="accepted"):
        invoice_create(
            quote=quote, kind=Invoice.Kind.DEPOSIT, deposit_percent=10, created_by=advisor
        )
    for user in (client_admin, designer):
        with pytest.raises(PermissionDenied):
            invoice_create(
                quote=quote, kind=Invoice.Kind.DEPOSIT, deposit_percent=10, created_by=user
            )


def test_an_nhs_client_without_a_po_is_warned_loudly(make_quote, client_admin, advisor, client):
    quote = make_quote(supply_date=timezone.localdate() - timedelta(days=1))
    from breakaway.quotes.quote_services import quote_accept

    quote = quote_accept(quote=quote, accepted_by=client_admin)
    assert needs_purchase_order(quote.organisation)  # an NHS trust
    client.force_login(advisor)
    page = client.get(reverse("quotes:invoice_create", kwargs={"pk": quote.pk}))
    assert "no PO, no pay" in page.content.decode()
    invoice = invoice_create(quote=quote, kind=Invoice.Kind.FINAL, created_by=advisor)
    assert invoice.purchase_order == ""
    detail = client.get(reverse("quotes:invoice_detail", kwargs={"pk": invoice.pk}))
    assert "no PO, no pay" in detail.content.decode()


def test_a_client_outside_the_nhs_without_po_terms_is_not_warned(other_client):
    other_client.sector = "education"
    other_client.save()
    assert not needs_purchase_order(other_client)
    ClientBilling.objects.create(organisation=other_client, purchase_order_required=True)
    assert needs_purchase_order(other_client)


def test_the_pdf_is_stored_once_and_shows_the_invoice(final_invoice, client, client_admin):
    stored = final_invoice.pdf.open("rb").read()
    text = " ".join(pdf_text(stored).split())
    for expected in (
        f"Invoice {final_invoice.number}",
        "Riverside Mental Health NHS Trust",
        "PO-88",
        "GB 123 4567 89",
        "VAT at 20%",
        f"£{final_invoice.gross:,}",
        "satisfaction guarantee",
    ):
        assert expected in text, expected
    invoice_mark_paid(
        invoice=final_invoice,
        paid_on=timezone.localdate(),
        reference="BACS 1",
        recorded_by=final_invoice.quote.created_by,
    )
    client.force_login(client_admin)
    response = client.get(reverse("quotes:invoice_pdf", kwargs={"pk": final_invoice.pk}))
    assert response.content == stored  # paying it changed nothing on the document


def test_marking_paid_records_the_date_and_reference_once(final_invoice, advisor, client_admin):
    with pytest.raises(PermissionDenied):
        invoice_mark_paid(
            invoice=final_invoice,
            paid_on=timezone.localdate(),
            reference="X",
            recorded_by=client_admin,
        )
    with pytest.raises(ValidationError):
        invoice_mark_paid(
            invoice=final_invoice,
            paid_on=timezone.localdate() + timedelta(days=1),
            reference="BACS 9",
            recorded_by=advisor,
        )
    paid = invoice_mark_paid(
        invoice=final_invoice,
        paid_on=timezone.localdate(),
        reference=" BACS 9 ",
        recorded_by=advisor,
    )
    assert (paid.paid_on, paid.payment_reference, paid.paid_recorded_by) == (
        timezone.localdate(),
        "BACS 9",
        advisor,
    )
    with pytest.raises(ValidationError, match="already"):
        invoice_mark_paid(
            invoice=final_invoice,
            paid_on=timezone.localdate(),
            reference="again",
            recorded_by=advisor,
        )
    assert AuditEntry.objects.filter(action="invoice.paid").count() == 1


def test_sales_staff_mark_paid_on_the_web_with_the_error_summary(client, final_invoice, advisor):
    client.force_login(advisor)
    url = reverse("quotes:invoice_paid", kwargs={"pk": final_invoice.pk})
    missing = client.post(url, {"paid-paid_on": "31/02/2026", "paid-reference": ""})
    assert missing.status_code == 400
    body = missing.content.decode()
    assert "There is a problem" in body
    assert "Enter the date as day, month and year" in body
    today = timezone.localdate().strftime("%d/%m/%Y")
    done = client.post(url, {"paid-paid_on": today, "paid-reference": "BACS 4"})
    assert done.status_code == 302
    final_invoice.refresh_from_db()
    assert final_invoice.payment_reference == "BACS 4"


def test_an_advisor_issues_an_invoice_on_the_web(client, delivered_quote, advisor):
    client.force_login(advisor)
    url = reverse("quotes:invoice_create", kwargs={"pk": delivered_quote.pk})
    assert client.get(url).status_code == 200
    bad = client.post(url, {"kind": "deposit", "deposit_percent": ""})
    assert bad.status_code == 400
    assert "Enter the deposit as a percentage" in bad.content.decode()
    response = client.post(url, {"kind": "final", "purchase_order": "PO-88"})
    invoice = Invoice.objects.get()
    assert response["Location"] == reverse("quotes:invoice_detail", kwargs={"pk": invoice.pk})


def test_the_client_sees_only_its_own_invoices(
    client, final_invoice, client_manager, other_client_admin
):
    client.force_login(other_client_admin)
    for name in ("quotes:invoice_detail", "quotes:invoice_pdf"):
        assert client.get(reverse(name, kwargs={"pk": final_invoice.pk})).status_code == 404
    assert final_invoice.number not in client.get(reverse("quotes:invoice_list")).content.decode()
    client.force_login(client_manager)
    assert final_invoice.number in client.get(reverse("quotes:invoice_list")).content.decode()
    assert client.get(reverse("quotes:invoice_export")).status_code == 403


def test_the_invoice_list_is_empty_then_paged_with_constant_queries(
    client, advisor, make_quote, client_admin, django_assert_num_queries
):
    from breakaway.quotes.quote_services import quote_accept

    client.force_login(advisor)
    empty = client.get(reverse("quotes:invoice_list"))
    assert "No invoices yet" in empty.content.decode()

    def invoice_one() -> None:
        quote = make_quote(supply_date=timezone.localdate() - timedelta(days=2))
        accepted = quote_accept(quote=quote, accepted_by=client_admin, purchase_order="PO")
        invoice_create(quote=accepted, kind=Invoice.Kind.FINAL, created_by=advisor)

    invoice_one()
    client.get(reverse("quotes:invoice_list"))  # warm the session
    with django_assert_num_queries(5) as few:
        client.get(reverse("quotes:invoice_list"))
    for _ in range(3):
        invoice_one()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("quotes:invoice_list"))
    assert response.content.decode().count(f"INV-{YEAR}-") == 4


def test_the_invoice_list_pages_by_25(client, advisor, final_invoice, monkeypatch):
    from breakaway.quotes import views_invoices

    monkeypatch.setattr(views_invoices, "PER_PAGE", 1)
    client.force_login(advisor)
    response = client.get(reverse("quotes:invoice_list"), {"page": 1})
    assert response.context["page_obj"].paginator.per_page == 1


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_xero_export_round_trips_and_adds_up(client, delivered_quote, advisor):
    deposit = invoice_create(
        quote=delivered_quote,
        kind=Invoice.Kind.DEPOSIT,
        deposit_percent=Decimal(20),
        created_by=advisor,
    )
    final = invoice_create(quote=delivered_quote, kind=Invoice.Kind.FINAL, created_by=advisor)
    client.force_login(advisor)
    response = client.get(reverse("quotes:invoice_export"), {"layout": "xero"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response.content.decode())
    assert list(rows[0]) == exports.XERO_COLUMNS
    for invoice in (deposit, final):
        mine = [row for row in rows if row["*InvoiceNumber"] == invoice.number]
        assert len(mine) == len(invoice.lines)
        assert sum(Decimal(r["*UnitAmount"]) for r in mine) == invoice.net
        assert sum(Decimal(r["TaxAmount"]) for r in mine) == invoice.vat
        assert {r["Total"] for r in mine} == {str(invoice.gross)}
        assert {r["*InvoiceDate"] for r in mine} == {invoice.issued_on.strftime("%d/%m/%Y")}
        assert {r["*DueDate"] for r in mine} == {invoice.due_on.strftime("%d/%m/%Y")}
        assert {r["*TaxType"] for r in mine} == {"20% (VAT on Income)"}
        assert {r["Reference"] for r in mine} == {"PO-88"}
        assert {r["Currency"] for r in mine} == {"GBP"}


def test_the_plain_export_has_a_row_per_document_with_iso_dates(client, final_invoice, advisor):
    client.force_login(advisor)
    day = final_invoice.issued_on.isoformat()
    response = client.get(
        reverse("quotes:invoice_export"), {"layout": "plain", "from": day, "to": day}
    )
    rows = _rows(response.content.decode())
    assert rows == [
        {
            "document": "invoice",
            "number": final_invoice.number,
            "issued_on": day,
            "due_on": final_invoice.due_on.isoformat(),
            "client": final_invoice.organisation.name,
            "purchase_order": "PO-88",
            "quote": final_invoice.quote.number,
            "invoice": final_invoice.number,
            "currency": "GBP",
            "vat_rate": "0.20",
            "net": str(final_invoice.net),
            "vat": str(final_invoice.vat),
            "gross": str(final_invoice.gross),
            "paid_on": "",
            "payment_reference": "",
        }
    ]
    earlier = (final_invoice.issued_on - timedelta(days=1)).isoformat()
    none = client.get(reverse("quotes:invoice_export"), {"layout": "plain", "to": earlier})
    assert _rows(none.content.decode()) == []


def test_a_bad_export_request_shows_the_error_summary(client, advisor):
    client.force_login(advisor)
    response = client.get(reverse("quotes:invoice_export"), {"layout": "sage", "from": "x"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_text_that_looks_like_a_formula_is_defused(final_invoice):
    final_invoice.organisation.name = '=HYPERLINK("http://x")'
    text = exports.documents_csv([exports.from_invoice(final_invoice)], layout="plain")
    assert _rows(text)[0]["client"] == '\'=HYPERLINK("http://x")'


def test_line_vat_adds_up_to_the_documents_vat():
    lines = [("a", Decimal("0.05")), ("b", Decimal("0.05")), ("c", Decimal("0.05"))]
    shares = exports.line_vat(lines, Decimal("0.03"), Decimal("0.2"))
    assert sum(shares) == Decimal("0.03")


def test_the_course_ends_on_its_last_booked_day(accepted_quote):
    assert course_ends_on(accepted_quote) == accepted_quote.supply_date
