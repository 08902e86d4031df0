"""The incident profile page, the needs-assessment report, its PDF and the advisor's changes."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from breakaway.accounts.models import Accreditation, Role
from breakaway.accounts.tests.factories import ClientFactory, ProviderFactory, UserFactory
from breakaway.assessments.models import NeedsAssessment, RiskAdjustment
from breakaway.assessments.tests.factories import NeedsAssessmentFactory
from breakaway.assessments.tests.incident_factories import IncidentFactory
from breakaway.assessments.views_reports import percent, share_words
from breakaway.core.tests.pdf_text import pdf_inflated, pdf_outline, pdf_text

pytestmark = pytest.mark.django_db

CATEGORIES = ["physical_assault", "verbal_abuse", "physical_assault", "threatening_behaviour"]
FORMS = ["grab", "", "punch", "", "spit", "kick"]
LOCATIONS = ["corridor", "bedroom", "communal_area", "community", "seclusion"]
HARMS = ["none", "low", "moderate", "low", "severe"]
START = dt.datetime(2024, 4, 1, 0, 0)


def add_incidents(organisation, count, *, start=START, offset=0):
    """`count` incidents spread over about two years, of every kind, in a fixed pattern."""
    for n in range(offset, offset + count):
        IncidentFactory(
            organisation=organisation,
            when=start + dt.timedelta(days=(n * 37) % 700, hours=(n * 7) % 24),
            category=CATEGORIES[n % len(CATEGORIES)],
            assault_form=FORMS[n % len(FORMS)],
            location_type=LOCATIONS[n % len(LOCATIONS)],
            harm=HARMS[n % len(HARMS)],
            days_lost=10 if n % 11 == 0 else None,
        )


def submitted_assessment(organisation, by=None, **extra):
    return NeedsAssessmentFactory(
        organisation=organisation,
        complete=True,
        status=NeedsAssessment.Status.SUBMITTED,
        submitted_by=by,
        submitted_at=dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.UTC),
        active_seconds=22 * 60,
        **extra,
    )


def _url(name, *args):
    return reverse(f"assessments:{name}", args=args)


def _html(response):
    return response.content.decode()


def _text(response):
    """The page's text with tags and runs of spaces removed, for sentence checks."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", _html(response))).split())


@pytest.fixture
def assessment(client_org, client_manager):
    return submitted_assessment(client_org, by=client_manager)


@pytest.fixture
def with_log(client_org):
    add_incidents(client_org, 40)
    return client_org


# Small pieces ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "words"),
    [
        (38, 100, "38%"),
        (1, 1000, "under 1%"),
        (999, 1000, "over 99%"),
        (5, 5, "100%"),
        (0, 9, "0%"),
    ],
)
def test_shares_are_said_in_words_that_never_mislead(part, whole, words):
    assert percent(part, whole) == words
    assert share_words(part, whole) == f"{words} of incidents"


# The incident profile page --------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona",
    ["provider_admin", "advisor", "designer", "trainer", "client_admin", "client_manager"],
    indirect=True,
)
def test_the_incident_profile_shows_headlines_charts_tables_and_flashpoints(
    client, persona, with_log
):
    client.force_login(persona)

    response = client.get(_url("incident_profile", with_log.slug))

    assert response.status_code == 200
    html, text = _html(response), _text(response)
    assert "Incident profile" in text
    for words in (
        "incidents recorded in the log from",
        "incidents a year for every 100 staff",
        "may be RIDDOR-reportable",
        "RIDDOR is the law on reporting injuries at work",
    ):
        assert words in text
    for title in ("By hour of the day", "By day of the week", "By month", "By shift"):
        assert title in text
    for title in ("By category", "By location", "Flashpoints"):
        assert title in text
    assert html.count('role="img"') == 6
    assert html.count("Show the numbers as a table") == 6
    assert re.search(r"\d+% of incidents", text)
    assert "Physical assault" in text


def test_the_profile_says_what_each_headline_means(client, client_admin, client_org):
    client_org.headcount = 200
    client_org.save()
    add_incidents(client_org, 30)
    client.force_login(client_admin)

    response = client.get(
        _url("incident_profile", client_org.slug) + "?from=01/01/2025&to=31/12/2025"
    )

    text = _text(response)
    total = response.context["profile"].total
    days = 365
    rate = total * 100 * 365 / (200 * days)
    assert f"{total} incidents recorded in the log from 1 January 2025 to 31 December 2025" in text
    assert f"{rate:.1f} incidents a year for every 100 staff" in text
    assert "headcount of 200 staff" in text
    # The log starts in April 2024, so the 365 days before 2025 are not covered.
    assert "Not enough data" in text
    assert "does not go back to 2 January 2024" in text


def test_the_trend_compares_with_the_period_before_when_the_log_covers_it(
    client, client_admin, client_org
):
    add_incidents(client_org, 10, start=dt.datetime(2023, 1, 1), offset=0)
    add_incidents(client_org, 6, start=dt.datetime(2025, 1, 1), offset=0)
    client.force_login(client_admin)

    response = client.get(
        _url("incident_profile", client_org.slug) + "?from=2025-01-01&to=2026-12-31"
    )

    # The 730 days before 2025 start on 2 January 2023: the first old incident, on 1 January,
    # shows the log reaches back far enough but falls outside the comparison.
    text = _text(response)
    assert "−33.3% down on the period before" in text
    assert (
        "6 incidents in this period against 9 incidents from 2 January 2023 to 31 December 2024"
    ) in text


def test_without_a_headcount_the_rate_is_not_made_up(client, client_admin, client_org):
    client_org.headcount = None
    client_org.save()
    add_incidents(client_org, 5)
    client.force_login(client_admin)

    text = _text(client.get(_url("incident_profile", client_org.slug)))

    assert "Not known" in text
    assert "We need to know how many staff you have" in text


def test_the_period_form_shows_the_period_and_explains_a_wrong_date(client, client_admin, with_log):
    client.force_login(client_admin)
    url = _url("incident_profile", with_log.slug)

    first = client.get(url)
    wrong = client.get(url + "?from=31/02/2025&to=01/01/2025")
    backwards = client.get(url + "?from=01/06/2025&to=01/01/2025")

    assert first.context["form"]["from"].value() == first.context["profile"].period_from
    assert "Enter the start date as day, month and year, like 27/11/2026" in _text(wrong)
    assert "There is a problem" in _text(wrong)
    assert 'href="#id_from"' in _html(wrong)
    assert "charts" not in wrong.context
    assert "The end date must be the same as or after the start date" in _text(backwards)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=01/01/2030", "Enter an end date: the start date is after the latest incident"),
        ("?from=01/01/2000&to=31/12/2025", "Choose a period of 10 years or less"),
    ],
)
def test_a_period_the_log_cannot_answer_is_explained(
    client, client_admin, with_log, query, message
):
    client.force_login(client_admin)

    response = client.get(_url("incident_profile", with_log.slug) + query)

    assert response.status_code == 200
    assert "There is a problem" in _text(response)
    assert message in _text(response)
    assert 'role="img"' not in _html(response)


def test_only_an_end_date_profiles_the_two_years_before_it(client, client_admin, with_log):
    client.force_login(client_admin)

    response = client.get(_url("incident_profile", with_log.slug) + "?to=31/03/2025")

    profile = response.context["profile"]
    assert (profile.period_from, profile.period_to) == (dt.date(2023, 4, 1), dt.date(2025, 3, 31))


def test_a_client_with_no_incident_log_is_told_how_to_send_one(client, client_admin, client_org):
    client.force_login(client_admin)

    response = client.get(_url("incident_profile", client_org.slug))

    text = _text(response)
    assert response.status_code == 200
    assert "No incident records have been uploaded for Riverside Mental Health NHS Trust" in text
    assert f'href="{_url("incident_upload", client_org.slug)}"' in _html(response)
    assert 'role="img"' not in _html(response)
    assert "Show this period" not in text


def test_a_period_with_no_incidents_says_so(client, client_admin, with_log):
    client.force_login(client_admin)

    response = client.get(
        _url("incident_profile", with_log.slug) + "?from=01/01/2020&to=31/12/2020"
    )

    text = _text(response)
    assert "The incident log has no incidents from 1 January 2020 to 31 December 2020" in text
    assert "not proof that there is no risk" in text


def test_another_client_cannot_see_the_profile(client, other_client_admin, with_log):
    client.force_login(other_client_admin)

    assert client.get(_url("incident_profile", with_log.slug)).status_code == 404


def test_the_profile_asks_visitors_to_sign_in(client, with_log):
    response = client.get(_url("incident_profile", with_log.slug))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# The report -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["provider_admin", "advisor", "client_admin", "client_manager"], indirect=True
)
def test_the_report_shows_who_when_the_answers_the_incidents_and_the_risks(
    client, persona, provider, assessment, with_log
):
    Accreditation.objects.create(organisation=provider, scheme="RRN certified", number="RRN-42")
    Accreditation.objects.create(
        organisation=provider, scheme="Lapsed scheme", valid_until=dt.date(2020, 1, 1)
    )
    client.force_login(persona)

    response = client.get(_url("assessment_report", assessment.pk))

    assert response.status_code == 200
    text = _text(response)
    assert "Northway Safety Training" in text
    assert "RRN certified (RRN-42)" in text
    assert "Lapsed scheme" not in text
    assert "Riverside Mental Health NHS Trust" in text
    assert f"20 March 2026 by {assessment.submitted_by}" in text
    assert "About 22 minutes on the questions" in text
    # The answers, the incident profile and the risk profile, in that order.
    html = _html(response)
    order = [
        'id="answers"',
        'id="incidents"',
        'id="report-hour-heading"',
        'id="report-flashpoints"',
        'id="risks"',
        'id="risk-matrix-heading"',
        'id="risk-table-heading"',
        'id="rules"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    risk = response.context["risk"]
    assert f"The overall risk level is {risk.overall_level}" in text
    assert "A quote uses this level: low when the highest score is 6 or less" in text
    assert "not a validated instrument" in text
    assert "the evidence that it reduces assaults is weak" in text
    for area in risk.areas:
        assert area.name in text
        for outcome in area.outcomes:
            assert outcome.title in text
    assert "Download the report (PDF)" in text


def test_the_risk_table_ranks_the_areas_with_their_band_in_words(client, advisor, assessment):
    client.force_login(advisor)

    response = client.get(_url("assessment_report", assessment.pk))

    rows = response.context["areas"]
    scores = [row.area.score for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert len(rows) == 10
    html = _html(response)
    for row in rows:
        assert (
            f'<strong class="tag tag--{row.colour}">{row.area.band.capitalize()}</strong>' in html
        )


def test_only_advisors_get_the_adjust_forms(client, advisor, client_admin, assessment):
    client.force_login(advisor)
    as_advisor = _text(client.get(_url("assessment_report", assessment.pk)))
    client.force_login(client_admin)
    as_client = _text(client.get(_url("assessment_report", assessment.pk)))

    assert as_advisor.count("Adjust this score") == 10
    assert "Adjust this score" not in as_client


def test_a_report_without_incidents_relies_on_the_answers_and_says_so(
    client, client_admin, assessment
):
    client.force_login(client_admin)

    text = _text(client.get(_url("assessment_report", assessment.pk)))

    assert "No incident records have been uploaded" in text
    assert "Upload incident records" in text
    assert "No incident log was provided, so this rating relies on your answers." in text
    assert "Not uploaded" in text


def test_a_report_on_an_assessment_not_yet_sent_says_it_will_change(client, advisor, client_org):
    draft = NeedsAssessmentFactory(organisation=client_org, complete=True)
    client.force_login(advisor)

    text = _text(client.get(_url("assessment_report", draft.pk)))

    assert "has not been sent yet, so the report will change" in text
    assert "Not sent yet" in text


@pytest.mark.parametrize("persona", ["designer", "trainer"], indirect=True)
def test_designers_and_trainers_cannot_read_the_report(client, persona, assessment):
    client.force_login(persona)

    assert client.get(_url("assessment_report", assessment.pk)).status_code == 403
    assert client.get(_url("assessment_report_pdf", assessment.pk)).status_code == 403


def test_other_tenants_get_not_found(client, other_client_admin, assessment):
    stranger = UserFactory(
        membership__organisation=ProviderFactory(name="Elsewhere Training"),
        membership__role=Role.ADVISOR,
    )
    for user in (other_client_admin, stranger):
        client.force_login(user)
        assert client.get(_url("assessment_report", assessment.pk)).status_code == 404
        assert client.get(_url("assessment_report_pdf", assessment.pk)).status_code == 404


def test_visitors_are_asked_to_sign_in(client, assessment):
    for name in ("assessment_report", "assessment_report_pdf"):
        response = client.get(_url(name, assessment.pk))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


# Adjusting a score ----------------------------------------------------------------------------


def _adjust(client, assessment, area="grabs_and_holds", **fields):
    data = {"area": area}
    data.update({f"{area}-{name}": value for name, value in fields.items()})
    return client.post(_url("risk_adjust", assessment.pk), data)


def test_an_advisor_adjusts_a_score_and_the_report_shows_both_scores_and_the_reason(
    client, advisor, assessment
):
    client.force_login(advisor)
    before = client.get(_url("assessment_report", assessment.pk)).context["risk"]
    computed = before.area("grabs_and_holds")

    response = _adjust(
        client,
        assessment,
        likelihood="5",
        severity="4",
        reason="Two grabs on the ward last month were never logged.",
    )

    assert response.status_code == 302
    assert response["Location"].endswith(
        _url("assessment_report", assessment.pk) + "#area-grabs_and_holds"
    )
    change = RiskAdjustment.objects.get(assessment=assessment)
    assert (change.likelihood, change.severity, change.adjusted_by) == (5, 4, advisor)
    page = client.get(response["Location"])
    text = _text(page)
    assert "Grabs and holds is now likelihood 5 × severity 4 = 20 (extreme)." in text
    area = page.context["risk"].area("grabs_and_holds")
    assert area.score == 20
    assert "Adjusted" in text
    assert (
        f"Computed: {computed.computed_likelihood} × {computed.computed_severity} = "
        f"{computed.computed_score} ({computed.band})"
    ) in text
    assert "Your advisor’s reason: Two grabs on the ward last month were never logged." in text
    assert "“Two grabs on the ward last month were never logged.”" in text
    # The client reads the same.
    client.force_login(UserFactory(membership__organisation=assessment.organisation))
    assert "Two grabs on the ward last month were never logged." in _text(
        client.get(_url("assessment_report", assessment.pk))
    )


def test_the_overall_level_follows_the_adjusted_scores(client, advisor, assessment):
    client.force_login(advisor)
    risk = client.get(_url("assessment_report", assessment.pk)).context["risk"]
    for area in risk.areas:
        response = _adjust(
            client, assessment, area=area.id, likelihood="1", severity="2", reason="Reviewed."
        )
        assert response.status_code == 302

    page = client.get(_url("assessment_report", assessment.pk))

    assert page.context["level"] == "low"
    assert "The overall risk level is low because the highest score is 2" in _text(page)


@pytest.mark.parametrize(
    ("fields", "message", "anchor"),
    [
        (
            {"likelihood": "3", "severity": "3", "reason": "   "},
            "Enter the reason for changing the score",
            "#id_grabs_and_holds-reason",
        ),
        (
            {"severity": "3", "reason": "Seen on the ward."},
            "Choose a likelihood from 1 (rare) to 5 (almost certain)",
            "#id_grabs_and_holds-likelihood_0",
        ),
        (
            {"likelihood": "7", "severity": "3", "reason": "Seen on the ward."},
            "Select a valid choice",
            "#id_grabs_and_holds-likelihood_0",
        ),
        (
            {"likelihood": "3", "severity": "0", "reason": "Seen on the ward."},
            "Select a valid choice",
            "#id_grabs_and_holds-severity_0",
        ),
    ],
)
def test_a_wrong_adjustment_is_explained_and_nothing_changes(
    client, advisor, assessment, fields, message, anchor
):
    client.force_login(advisor)

    response = _adjust(client, assessment, **fields)

    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text
    assert message in text
    assert f'href="{anchor}"' in _html(response)
    assert text.startswith("Error:")
    # The form that went wrong is open, with the answers kept.
    assert re.search(r'<details class="details risk-area__adjust"\s+open>', _html(response))
    assert not RiskAdjustment.objects.exists()


def test_an_unknown_area_is_refused(client, advisor, assessment):
    client.force_login(advisor)

    response = _adjust(client, assessment, area="flying_objects", likelihood="3", severity="3")

    assert response.status_code == 400
    assert not RiskAdjustment.objects.exists()


@pytest.mark.parametrize(
    "persona", ["client_admin", "client_manager", "designer", "trainer"], indirect=True
)
def test_only_sales_staff_may_adjust(client, persona, assessment):
    client.force_login(persona)

    response = _adjust(client, assessment, likelihood="5", severity="5", reason="Because.")

    assert response.status_code == 403
    assert not RiskAdjustment.objects.exists()


def test_adjusting_is_post_only_and_for_signed_in_users(client, advisor, assessment):
    anonymous = _adjust(client, assessment, likelihood="5", severity="5", reason="Because.")
    client.force_login(advisor)
    get = client.get(_url("risk_adjust", assessment.pk))

    assert anonymous.status_code == 302
    assert reverse("account_login") in anonymous["Location"]
    assert get.status_code == 405


def test_an_advisor_of_another_provider_cannot_adjust(client, assessment):
    stranger = UserFactory(
        membership__organisation=ProviderFactory(name="Elsewhere Training"),
        membership__role=Role.ADVISOR,
    )
    client.force_login(stranger)

    response = _adjust(client, assessment, likelihood="5", severity="5", reason="Because.")

    assert response.status_code == 404
    assert not RiskAdjustment.objects.exists()


# The PDF --------------------------------------------------------------------------------------


@pytest.fixture
def frozen_today(monkeypatch):
    monkeypatch.setattr(
        "breakaway.assessments.views_reports.timezone.localdate", lambda: dt.date(2026, 4, 2)
    )


def test_the_pdf_is_the_report_as_an_a4_document(
    client, client_admin, provider, assessment, with_log, frozen_today
):
    Accreditation.objects.create(organisation=provider, scheme="RRN certified", number="RRN-42")
    client.force_login(client_admin)

    response = client.get(_url("assessment_report_pdf", assessment.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="needs-assessment-riverside-mental-health-nhs-trust-2026-04-02.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595.27" in pdf_inflated(pdf)  # A4: 595 × 842 points
    outline = pdf_outline(pdf)
    assert "Riverside Mental Health NHS Trust Needs-assessment report" in outline
    for heading in ("Your answers", "Incident profile", "Risk profile", "How we scored the risks"):
        assert heading in outline
    text = pdf_text(pdf)  # the running header and footer
    assert "Northway Safety Training" in text
    assert "RRN certified (RRN-42)" in text
    assert re.search(r"Page 1 of \d+", text)
    assert "Needs-assessment report: Riverside Mental Health NHS Trust" in text


def test_the_pdf_html_is_the_page_without_its_forms(
    client, advisor, assessment, with_log, monkeypatch
):
    captured = {}

    def fake_pdf(html, *, base_url):
        captured["html"], captured["base_url"] = html, base_url
        return b"%PDF-1.7 fake"

    monkeypatch.setattr("breakaway.core.pdf.html_to_pdf", fake_pdf)
    client.force_login(advisor)

    page = client.get(_url("assessment_report", assessment.pk))
    response = client.get(_url("assessment_report_pdf", assessment.pk))

    html = captured["html"]
    assert response.content == b"%PDF-1.7 fake"
    assert captured["base_url"] == "http://testserver/"
    assert "<form" not in html
    assert "Adjust this score" not in html
    assert "<details" not in html
    assert 'href="/static/breakaway/breakaway.css"' in html
    assert '<main class="report report--pdf">' in html
    assert html.count('role="img"') == 7  # six incident charts and the matrix
    assert "The numbers by hour of the day" in html
    # Same content, same order: the page's sections come in the same order in the PDF.
    page_html = _html(page)
    markers = [
        'class="panel report-summary"',
        'id="answers"',
        'id="incidents"',
        'id="report-flashpoints"',
        'id="risks"',
        'id="area-grabs_and_holds"',
        'id="rules"',
    ]
    assert [html.index(m) for m in markers] == sorted(html.index(m) for m in markers)
    assert [page_html.index(m) for m in markers] == sorted(page_html.index(m) for m in markers)
    # And the same words, apart from the forms and the download link.
    for words in ("In short", "Flashpoints", "The ten risk areas, highest score first"):
        assert words in _text(page)
        assert words in html


# Queries --------------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["assessment_report", "incident_profile"])
def test_pages_cost_the_same_queries_for_3_or_30_incidents(
    client, advisor, assessment, client_org, name, django_assert_num_queries
):
    url = _url(name, assessment.pk) if name == "assessment_report" else _url(name, client_org.slug)
    add_incidents(client_org, 3)
    client.force_login(advisor)
    client.get(url)  # warm the session and caches
    with_three = _queries(client, url)

    add_incidents(client_org, 27, offset=3)
    RiskAdjustment.objects.create(
        assessment=assessment, area="grabs_and_holds", likelihood=2, severity=2, reason="Seen."
    )

    with django_assert_num_queries(with_three):
        response = client.get(url)
    assert response.context["profile"].total == 30


def test_the_pdf_costs_the_same_queries_for_3_or_30_incidents(
    client, client_admin, assessment, client_org, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr("breakaway.core.pdf.html_to_pdf", lambda html, *, base_url: b"%PDF")
    url = _url("assessment_report_pdf", assessment.pk)
    add_incidents(client_org, 3)
    client.force_login(client_admin)
    client.get(url)
    with_three = _queries(client, url)
    add_incidents(client_org, 27, offset=3)

    with django_assert_num_queries(with_three):
        client.get(url)


def test_a_client_that_is_its_own_provider_gets_its_own_name_on_the_report(client, advisor):
    trust = ProviderFactory(name="Riverside Violence Reduction Team", trains_own_staff=True)
    lead = UserFactory(membership__organisation=trust, membership__role=Role.ADVISOR)
    own = submitted_assessment(trust)
    client.force_login(lead)

    text = _text(client.get(_url("assessment_report", own.pk)))

    assert text.count("Riverside Violence Reduction Team") >= 2


def test_a_client_of_another_provider_shows_that_provider(client):
    other_provider = ProviderFactory(name="Coastal Safety Ltd")
    school = ClientFactory(name="Hillside School", provider=other_provider)
    head = UserFactory(membership__organisation=school, membership__role=Role.CLIENT_ADMIN)
    client.force_login(head)

    text = _text(client.get(_url("assessment_report", submitted_assessment(school).pk)))

    assert "Coastal Safety Ltd" in text


# The way in -----------------------------------------------------------------------------------


def test_the_assessment_page_links_to_the_report_once_sent(client, client_admin, assessment):
    report = _url("assessment_report", assessment.pk)
    client.force_login(client_admin)

    sent_page = _html(client.get(_url("assessment_detail", assessment.pk)))

    assert f'href="{report}"' in sent_page
    assert "See the report" in sent_page


def test_a_client_sees_no_report_link_while_filling_in_but_an_advisor_does(
    client, client_admin, advisor, client_org
):
    draft = NeedsAssessmentFactory(organisation=client_org)
    client.force_login(client_admin)
    as_client = _html(client.get(_url("assessment_detail", draft.pk)))
    client.force_login(advisor)
    as_advisor = _html(client.get(_url("assessment_detail", draft.pk)))

    assert "See the report" not in as_client
    assert f'href="{_url("assessment_report", draft.pk)}"' in as_advisor
