"""The public site and the booking form, as a visitor without an account sees them."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from breakaway.accounts.models import Accreditation, Role, Sector
from breakaway.accounts.tests.factories import MembershipFactory, UserFactory
from breakaway.enquiries.models import Enquiry

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["home", "training", "how_it_works", "faq", "book", "thanks"]

VALID = {
    "organisation_name": "Riverside Mental Health NHS Trust",
    "sector": Sector.NHS_MENTAL_HEALTH,
    "contact_name": "Jo Bloggs",
    "email": "jo.bloggs@riverside.example",
    "phone": "01632 960 001",
    "headcount": "24",
    "preferred_dates": "Any weekday in March",
    "message": "Our ward staff face aggression at visiting times.",
    "website": "",
}


def _book(client, **changes):
    return client.post(reverse("enquiries:book"), {**VALID, **changes})


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_open_without_signing_in(client, name):
    response = client.get(reverse(f"enquiries:{name}"))

    assert response.status_code == 200


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_work_before_any_provider_is_set_up(client, name):
    response = client.get(reverse(f"enquiries:{name}"))

    assert response.status_code == 200
    assert response.context["provider"] is None


def test_home_page_offers_the_free_needs_assessment_and_the_four_outcomes(client, provider):
    response = client.get(reverse("enquiries:home"))

    html = response.content.decode()
    assert "Book your free needs assessment" in html
    assert reverse("enquiries:book") in html
    for outcome in ["Recognise escalating risk", "De-escalate", "escape routes", "Break away"]:
        assert outcome in html
    for audience in ["NHS", "Social care", "Education", "Community settings"]:
        assert audience in html


def test_home_and_faq_show_only_current_accreditations(client, provider):
    Accreditation.objects.create(
        organisation=provider, scheme="Current quality award", number="QA-1"
    )
    Accreditation.objects.create(
        organisation=provider, scheme="Lapsed award", valid_until=datetime.date(2020, 1, 1)
    )

    for name in ["home", "faq"]:
        html = client.get(reverse(f"enquiries:{name}")).content.decode()
        assert "Current quality award" in html
        assert "QA-1" in html
        assert "Lapsed award" not in html


def test_faq_without_accreditations_tells_the_visitor_to_ask(client, provider):
    html = client.get(reverse("enquiries:faq")).content.decode()

    assert "Ask your advisor which accreditations" in html


def test_faq_answers_venue_price_lead_time_and_guarantee(client):
    html = client.get(reverse("enquiries:faq")).content.decode()

    for words in ["room big enough", "per training day", "VAT", "travel expenses", "4 to 6 weeks"]:
        assert words in html
    assert "full refund" in html


@pytest.mark.parametrize("name", ["home", "faq", "training"])
def test_public_pages_use_the_same_queries_however_many_accreditations(
    client, provider, django_assert_num_queries, name
):
    url = reverse(f"enquiries:{name}")
    queries = 3 if name == "home" else 2  # the home page also reads published testimonials
    Accreditation.objects.create(organisation=provider, scheme="Award 1")
    with django_assert_num_queries(queries):
        client.get(url)
    for n in range(2, 6):
        Accreditation.objects.create(organisation=provider, scheme=f"Award {n}")
    with django_assert_num_queries(queries):
        client.get(url)


def test_booking_stores_the_enquiry_for_the_public_provider(client, provider):
    response = _book(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("enquiries:thanks")
    enquiry = Enquiry.objects.get()
    assert enquiry.organisation_name == "Riverside Mental Health NHS Trust"
    assert enquiry.headcount == 24
    assert enquiry.stage == Enquiry.Stage.ENQUIRY
    assert enquiry.provider == provider


def test_booking_confirms_to_the_contact_and_tells_advisors_and_admins(
    client, provider, advisor, provider_admin, designer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _book(client)

    assert len(mail.outbox) == 2
    confirmation, notification = mail.outbox
    assert confirmation.to == ["jo.bloggs@riverside.example"]
    assert "free needs assessment" in confirmation.subject
    assert "2 working days" in confirmation.body
    assert sorted(notification.to) == sorted([advisor.email, provider_admin.email])
    assert "Riverside Mental Health NHS Trust" in notification.subject
    enquiry = Enquiry.objects.get()
    assert reverse("enquiries:detail", kwargs={"pk": enquiry.pk}) in notification.body


def test_booking_does_not_tell_advisors_of_another_provider(
    client, provider, django_capture_on_commit_callbacks
):
    elsewhere = MembershipFactory(
        organisation__name="Elsewhere Training",
        organisation__kind="provider",
        organisation__provider=None,
        role=Role.ADVISOR,
    )
    UserFactory(membership__organisation=provider, membership__role=Role.ADVISOR, is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        _book(client)

    assert len(mail.outbox) == 1
    assert elsewhere.user.email not in mail.outbox[0].to


def test_thank_you_page_says_what_happens_next_and_where_the_confirmation_went(client):
    response = client.get(_book(client)["Location"])

    html = response.content.decode()
    assert "within 2 working days" in html
    assert "jo.bloggs@riverside.example" in html


def test_empty_booking_shows_every_problem_in_the_summary_linked_to_its_field(client):
    response = client.post(reverse("enquiries:book"), {})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_organisation_name">Enter the name of your organisation</a>' in html
    assert '<a href="#id_sector_0">Choose the sector your organisation works in</a>' in html
    assert '<a href="#id_contact_name">Enter your full name</a>' in html
    assert '<a href="#id_email">Enter your e-mail address</a>' in html
    assert '<a href="#id_headcount">Enter how many staff need training</a>' in html
    assert "Error:" in response.content.decode().split("</title>")[0]
    assert not Enquiry.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "jo.bloggs"}, "Enter an e-mail address in the correct format"),
        ({"headcount": "lots"}, "Enter the number of staff as a whole number, like 24"),
        ({"headcount": "0"}, "Enter a number of staff of 1 or more"),
        ({"phone": "call me"}, "Enter a telephone number, like 01632 960 001"),
        ({"sector": "pirates"}, "Select a valid choice"),
    ],
)
def test_booking_says_how_to_fix_a_wrong_answer(client, changes, message):
    response = _book(client, **changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Enquiry.objects.exists()


def test_invalid_field_is_described_by_its_error_message(client):
    html = _book(client, email="nope").content.decode()

    assert 'aria-invalid="true"' in html
    assert 'id="id_email_error"' in html


def test_honeypot_is_hidden_from_people_screen_readers_and_the_keyboard(client):
    html = client.get(reverse("enquiries:book")).content.decode()

    assert '<div class="visually-hidden" aria-hidden="true">' in html
    honeypot = re.search(r'<input[^>]*name="website"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot


def test_filled_honeypot_pretends_success_but_stores_and_sends_nothing(
    client, provider, advisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _book(client, website="https://cheap-pills.example")

    assert response.status_code == 302
    assert response["Location"] == reverse("enquiries:thanks")
    assert not Enquiry.objects.exists()
    assert mail.outbox == []


def test_too_many_bookings_from_one_address_are_refused_with_429(client, settings):
    settings.BREAKAWAY_ENQUIRY_RATE_LIMIT = 2

    first = _book(client, organisation_name="First")
    second = _book(client, organisation_name="Second")
    third = _book(client, organisation_name="Third")

    assert [first.status_code, second.status_code] == [302, 302]
    assert third.status_code == 429
    assert "429.html" in [t.name for t in third.templates]
    assert list(Enquiry.objects.values_list("organisation_name", flat=True).order_by("id")) == [
        "First",
        "Second",
    ]


def test_rate_limit_counts_each_address_on_its_own(client, settings):
    settings.BREAKAWAY_ENQUIRY_RATE_LIMIT = 1

    client.post(reverse("enquiries:book"), VALID, REMOTE_ADDR="203.0.113.1")
    other = client.post(reverse("enquiries:book"), VALID, REMOTE_ADDR="203.0.113.2")
    again = client.post(reverse("enquiries:book"), VALID, REMOTE_ADDR="203.0.113.1")

    assert other.status_code == 302
    assert again.status_code == 429


def test_mistakes_do_not_count_towards_the_rate_limit(client, settings):
    settings.BREAKAWAY_ENQUIRY_RATE_LIMIT = 1

    for _ in range(3):
        assert _book(client, email="").status_code == 200

    assert _book(client).status_code == 302


def test_rate_limit_counts_robots_too(client, settings):
    settings.BREAKAWAY_ENQUIRY_RATE_LIMIT = 1

    _book(client, website="spam")

    assert _book(client).status_code == 429


def test_rate_limit_lifts_an_hour_after_the_first_booking(client, settings):
    settings.BREAKAWAY_ENQUIRY_RATE_LIMIT = 2
    start = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)

    with time_machine.travel(start, tick=False) as traveller:
        _book(client)
        traveller.shift(datetime.timedelta(minutes=50))
        _book(client)
        refused = _book(client)
        traveller.shift(datetime.timedelta(minutes=11))
        allowed = _book(client)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert allowed.status_code == 302
