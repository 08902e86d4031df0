"""The advisor's pipeline: who may see it, moving, losing and converting enquiries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from breakaway.accounts.models import Invitation, Organisation, Role
from breakaway.accounts.tests.factories import MembershipFactory, ProviderFactory
from breakaway.enquiries.models import Enquiry
from breakaway.enquiries.tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def enquiry(provider):
    return EnquiryFactory(organisation_name="Oakwood Care Home", provider=provider)


def _pages(enquiry):
    return [
        reverse("enquiries:board"),
        reverse("enquiries:list"),
        reverse("enquiries:detail", kwargs={"pk": enquiry.pk}),
    ]


def test_pipeline_pages_send_anonymous_visitors_to_sign_in(client, enquiry):
    for url in _pages(enquiry):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "persona",
    ["designer", "trainer", "client_admin", "client_manager"],
    indirect=True,
)
def test_pipeline_pages_are_forbidden_to_other_roles(client, persona, enquiry):
    client.force_login(persona)

    for url in _pages(enquiry):
        assert client.get(url).status_code == 403
    move = reverse("enquiries:move", kwargs={"pk": enquiry.pk})
    assert client.post(move, {"stage": "proposal"}).status_code == 403
    convert = reverse("enquiries:convert", kwargs={"pk": enquiry.pk})
    assert client.post(convert).status_code == 403
    enquiry.refresh_from_db()
    assert (enquiry.stage, enquiry.client) == ("enquiry", None)


@pytest.mark.parametrize("persona", ["advisor", "provider_admin", "superuser"], indirect=True)
def test_pipeline_pages_open_for_sales_staff(client, persona, enquiry):
    client.force_login(persona)

    for url in _pages(enquiry):
        assert client.get(url).status_code == 200


def test_anonymous_posts_to_move_are_sent_to_sign_in(client, enquiry):
    response = client.post(reverse("enquiries:move", kwargs={"pk": enquiry.pk}), {"stage": "lost"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_move_and_convert_accept_only_posts(client, advisor, enquiry):
    client.force_login(advisor)

    for name in ["enquiries:move", "enquiries:convert"]:
        assert client.get(reverse(name, kwargs={"pk": enquiry.pk})).status_code == 405


def test_advisors_of_another_provider_cannot_see_the_enquiry(client, enquiry):
    other = ProviderFactory(name="Elsewhere Training")
    outsider = MembershipFactory(organisation=other, role=Role.ADVISOR).user
    client.force_login(outsider)

    detail = client.get(reverse("enquiries:detail", kwargs={"pk": enquiry.pk}))
    move = client.post(reverse("enquiries:move", kwargs={"pk": enquiry.pk}), {"stage": "booked"})
    board = client.get(reverse("enquiries:board"))

    assert detail.status_code == 404
    assert move.status_code == 404
    assert "Oakwood Care Home" not in board.content.decode()


def test_board_has_a_column_for_every_stage_with_its_count(client, advisor, provider):
    EnquiryFactory.create_batch(2, provider=provider, stage=Enquiry.Stage.PROPOSAL)
    EnquiryFactory(provider=provider, stage=Enquiry.Stage.LOST)
    client.force_login(advisor)

    response = client.get(reverse("enquiries:board"))

    counts = {column.stage: column.count for column in response.context["columns"]}
    assert list(counts) == [
        "enquiry",
        "assessment",
        "proposal",
        "booked",
        "delivered",
        "evaluated",
        "lost",
    ]
    assert counts["proposal"] == 2
    assert counts["lost"] == 1
    assert counts["enquiry"] == 0


def test_board_card_shows_organisation_contact_headcount_and_a_move_form(client, advisor, enquiry):
    client.force_login(advisor)

    html = " ".join(client.get(reverse("enquiries:board")).content.decode().split())

    assert "Oakwood Care Home" in html
    assert escape(enquiry.contact_name) in html
    assert "24 staff to train" in html
    assert f'action="{reverse("enquiries:move", kwargs={"pk": enquiry.pk})}"' in html
    assert '<option value="assessment" selected>' in html


def test_move_without_htmx_redirects_back_to_the_board(client, advisor, enquiry):
    client.force_login(advisor)

    response = client.post(
        reverse("enquiries:move", kwargs={"pk": enquiry.pk}),
        {"stage": "assessment", "next": reverse("enquiries:board")},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("enquiries:board")
    enquiry.refresh_from_db()
    assert enquiry.stage == Enquiry.Stage.ASSESSMENT


def test_move_never_redirects_to_another_site(client, advisor, enquiry):
    client.force_login(advisor)

    response = client.post(
        reverse("enquiries:move", kwargs={"pk": enquiry.pk}),
        {"stage": "assessment", "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("enquiries:detail", kwargs={"pk": enquiry.pk})


def test_move_with_htmx_returns_the_board_with_the_card_in_its_new_column(client, advisor, enquiry):
    client.force_login(advisor)

    response = client.post(
        reverse("enquiries:move", kwargs={"pk": enquiry.pk}), {"stage": "booked"}, **HTMX
    )

    assert response.status_code == 200
    assert "enquiries/_board.html" in [t.name for t in response.templates]
    columns = {column.stage: column for column in response.context["columns"]}
    assert [e.pk for e in columns["booked"].enquiries] == [enquiry.pk]
    assert columns["enquiry"].enquiries == []
    html = response.content.decode()
    assert 'id="board"' in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert "Oakwood Care Home moved to Booked" in html
    assert "<html" not in html


def test_move_without_a_stage_says_what_to_do(client, advisor, enquiry):
    client.force_login(advisor)

    response = client.post(reverse("enquiries:move", kwargs={"pk": enquiry.pk}), {})

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose the stage to move the enquiry to" in html


def test_marking_lost_without_a_reason_shows_the_error_linked_to_the_reason(
    client, advisor, enquiry
):
    client.force_login(advisor)

    response = client.post(
        reverse("enquiries:move", kwargs={"pk": enquiry.pk}), {"stage": "lost", "lost_reason": ""}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#lost_lost_reason">Enter why the enquiry was lost' in html
    assert 'id="lost_lost_reason_error"' in html
    assert html.count("Enter why the enquiry was lost") == 2  # the summary and the field
    enquiry.refresh_from_db()
    assert enquiry.stage == Enquiry.Stage.ENQUIRY


def test_marking_lost_without_a_reason_through_htmx_says_so_on_the_board(client, advisor, enquiry):
    client.force_login(advisor)

    response = client.post(
        reverse("enquiries:move", kwargs={"pk": enquiry.pk}), {"stage": "lost"}, **HTMX
    )

    assert response.status_code == 200
    assert "Enter why the enquiry was lost" in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.stage == Enquiry.Stage.ENQUIRY


def test_marking_lost_with_a_reason_records_it(client, advisor, enquiry):
    client.force_login(advisor)
    detail = reverse("enquiries:detail", kwargs={"pk": enquiry.pk})

    response = client.post(
        reverse("enquiries:move", kwargs={"pk": enquiry.pk}),
        {"stage": "lost", "lost_reason": "No budget this year", "next": detail},
        follow=True,
    )

    enquiry.refresh_from_db()
    assert (enquiry.stage, enquiry.lost_reason) == ("lost", "No budget this year")
    html = response.content.decode()
    assert "No budget this year" in html
    assert "moved to Lost" in html


def test_detail_shows_the_enquiry_and_its_history(client, advisor, enquiry):
    client.force_login(advisor)
    client.post(reverse("enquiries:move", kwargs={"pk": enquiry.pk}), {"stage": "proposal"})

    response = client.get(reverse("enquiries:detail", kwargs={"pk": enquiry.pk}))

    html = response.content.decode()
    assert enquiry.email in html
    assert "Moved from Enquiry to Proposal" in html
    assert escape(str(advisor)) in html
    assert "Convert to client" in html
    assert 'value="proposal"' not in html.split("Move to another stage")[1].split("</form>")[0]


def test_detail_history_leaves_out_other_enquiries(client, advisor, provider):
    first, second = EnquiryFactory.create_batch(2, provider=provider)
    client.force_login(advisor)
    client.post(reverse("enquiries:move", kwargs={"pk": second.pk}), {"stage": "booked"})

    response = client.get(reverse("enquiries:detail", kwargs={"pk": first.pk}))

    assert list(response.context["history"]) == []


def test_convert_makes_a_client_once_and_says_so(client, advisor, enquiry):
    client.force_login(advisor)
    url = reverse("enquiries:convert", kwargs={"pk": enquiry.pk})

    first = client.post(url, follow=True)
    second = client.post(url, follow=True)

    assert Organisation.objects.filter(name="Oakwood Care Home").count() == 1
    assert Invitation.objects.count() == 1
    assert "is now a client" in first.content.decode()
    assert "is already a client" in second.content.decode()
    assert "Convert to client" not in second.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.client.name == "Oakwood Care Home"


def test_list_filters_by_stage_and_searches_organisation_and_contact(client, advisor, provider):
    EnquiryFactory(provider=provider, organisation_name="Ashby School", contact_name="Ann Lee")
    EnquiryFactory(provider=provider, organisation_name="Birch Trust", contact_name="Bo Ashby")
    EnquiryFactory(provider=provider, organisation_name="Cedar Home", stage="booked")
    client.force_login(advisor)
    url = reverse("enquiries:list")

    def names(**query):
        response = client.get(url, query)
        return sorted(e.organisation_name for e in response.context["enquiries"])

    assert names(q="ashby") == ["Ashby School", "Birch Trust"]
    assert names(stage="booked") == ["Cedar Home"]
    assert names(stage="booked", q="ashby") == []
    assert names(stage="nonsense") == ["Ashby School", "Birch Trust", "Cedar Home"]


def test_list_sorts_by_received_date_newest_first_unless_asked(client, advisor, provider):
    now = timezone.now()
    for days, name in [(3, "Old"), (1, "New"), (2, "Middle")]:
        EnquiryFactory(
            provider=provider, organisation_name=name, created_at=now - datetime.timedelta(days)
        )
    client.force_login(advisor)
    url = reverse("enquiries:list")

    newest = client.get(url).context["enquiries"]
    oldest = client.get(url, {"sort": "received"}).context["enquiries"]

    assert [e.organisation_name for e in newest] == ["New", "Middle", "Old"]
    assert [e.organisation_name for e in oldest] == ["Old", "Middle", "New"]


def test_list_shows_dates_as_day_month_year(client, advisor, provider):
    EnquiryFactory(
        provider=provider, created_at=datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC)
    )
    client.force_login(advisor)

    assert "27/11/2026" in client.get(reverse("enquiries:list")).content.decode()


def test_list_pages_by_fifty(client, advisor, provider):
    EnquiryFactory.create_batch(51, provider=provider)
    client.force_login(advisor)

    first = client.get(reverse("enquiries:list"))
    second = client.get(reverse("enquiries:list"), {"page": 2})

    assert len(first.context["enquiries"]) == 50
    assert len(second.context["enquiries"]) == 1


@pytest.mark.parametrize("name", ["enquiries:board", "enquiries:list"])
def test_pipeline_pages_use_the_same_queries_for_3_or_30_enquiries(
    client, advisor, provider, django_assert_num_queries, name
):
    client.force_login(advisor)
    url = reverse(name)
    stages = Enquiry.Stage.values

    def add(n):
        for i in range(n):
            EnquiryFactory(provider=provider, stage=stages[i % len(stages)])

    add(3)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(27)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200
