"""A client's course design and quotes at each stage: issued, accepted, delivered."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from breakaway.catalogue.content import load_catalogue
from breakaway.catalogue.models import Module
from breakaway.courses.models import CourseDesign
from breakaway.courses.services import course_design_create
from breakaway.quotes.demo import seed_rate_card
from breakaway.quotes.models import Invoice, Quote
from breakaway.quotes.quote_services import quote_accept, quote_create

TRAVEL = [{"trainer": "Sam Patel", "one_way_miles": Decimal("42"), "days": 1}]


@pytest.fixture
def design(provider, client_org) -> CourseDesign:
    if not Module.objects.exists():
        load_catalogue()
    seed_rate_card(provider)
    return course_design_create(organisation=client_org, created_by=None, length="3h", headcount=20)


@pytest.fixture
def make_quote(design, advisor) -> Callable[..., Quote]:
    def make(**changes: Any) -> Quote:
        arguments = {
            "design": design,
            "content": "breakaway",
            "supply_date": timezone.localdate() + timedelta(days=20),
            "travel": TRAVEL,
            "created_by": advisor,
        } | changes
        return quote_create(**arguments)

    return make


@pytest.fixture
def accepted_quote(make_quote, client_admin) -> Quote:
    return quote_accept(quote=make_quote(), accepted_by=client_admin, purchase_order="PO-77")


@pytest.fixture
def delivered_quote(make_quote, client_admin) -> Quote:
    """Accepted, and its course ran five days ago."""
    quote = make_quote(supply_date=timezone.localdate() - timedelta(days=5))
    return quote_accept(quote=quote, accepted_by=client_admin, purchase_order="PO-88")


@pytest.fixture
def final_invoice(delivered_quote, advisor) -> Invoice:
    from breakaway.quotes.invoice_services import invoice_create

    return invoice_create(quote=delivered_quote, kind=Invoice.Kind.FINAL, created_by=advisor)
