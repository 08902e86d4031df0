"""A client manager fills in the needs assessment on a phone, leaves, comes back and sends it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.assessments.models import NeedsAssessment
from breakaway.assessments.questionnaire import SECTIONS_BY_ID
from breakaway.assessments.services import assessment_save_section
from breakaway.assessments.tests.factories import complete_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
# The sections the browser walks; the test fills the others through the service.
WALKED = {"organisation", "environments", "standards"}


def _sign_in(page, email):
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login"))))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()


def _continue(page):
    page.get_by_role("button", name="Save and continue").click()


def _fill_the_other_sections(assessment, user):
    answers = complete_answers()
    for section_id, section_answers in answers.items():
        if section_id in WALKED:
            continue
        for page in SECTIONS_BY_ID[section_id].pages_for(section_answers):
            keys = page.form_class.answer_keys()
            assessment_save_section(
                assessment=assessment,
                section_id=section_id,
                page_id=page.id,
                answers={k: v for k, v in section_answers.items() if k in keys},
                saved_by=user,
            )


def test_a_client_manager_fills_in_the_assessment_on_a_phone_over_two_visits(
    live_server, phone, assert_accessible, client_org
):
    manager = UserFactory(
        email="sam.okafor@riverside.example",
        full_name="Sam Okafor",
        membership__organisation=client_org,
        membership__role=Role.CLIENT_MANAGER,
    )
    progress = phone.locator(".progress__label")

    # Signing in from the assessments page comes back to it; the manager starts one.
    phone.goto(live_server.url + reverse("assessments:assessment_list"))
    assert_accessible(phone)
    _sign_in(phone, manager.email)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Needs assessments")
    assert_accessible(phone)
    phone.get_by_role("link", name="Start or continue your needs assessment").click()
    expect(phone.get_by_text("It takes about 20 minutes")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("button", name="Start the needs assessment").click()
    expect(progress).to_have_text("0 of 11 sections completed")
    assert_accessible(phone)

    # Section 1: the sector is suggested from what we know; an empty answer is explained.
    phone.get_by_role("link", name="1. Your organisation and setting").click()
    sector = phone.get_by_role("group", name="Which sector does your organisation work in?")
    expect(sector.get_by_label("NHS mental health")).to_be_checked()
    assert_accessible(phone)
    _continue(phone)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Your setting")
    _continue(phone)
    summary = phone.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name="Enter the type of setting your staff work in")
    ).to_have_attribute("href", "#id_setting")
    assert_accessible(phone)
    phone.get_by_label("What type of setting do your staff work in?").fill("Adult inpatient wards")
    _continue(phone)
    phone.get_by_label("How many sites should the training cover?").fill("2")
    expect(phone.get_by_label("How many staff work across these sites?")).to_have_value("1200")
    assert_accessible(phone)
    _continue(phone)
    expect(progress).to_have_text("1 of 11 sections completed")

    # Section 3: where staff work, lone working and home visits.
    phone.get_by_role("link", name="3. Where staff work").click()
    places = phone.get_by_role("group", name="Where do your staff work?")
    places.get_by_label("Inpatient wards").check()
    places.get_by_label("Reception and waiting areas").check()
    assert_accessible(phone)
    _continue(phone)
    phone.get_by_role("group", name="How often do your staff work alone?").get_by_label(
        "Often"
    ).check()
    _continue(phone)
    phone.get_by_role("group", name="Do your staff visit people in their own homes?").get_by_label(
        "Yes"
    ).check()
    assert_accessible(phone)
    _continue(phone)
    expect(progress).to_have_text("2 of 11 sections completed")

    # The manager leaves, and later comes back to find the progress kept.
    phone.get_by_role("button", name="Sign out").click()
    expect(phone.get_by_role("link", name="Sign in").first).to_be_visible()
    phone.goto(live_server.url + reverse("assessments:assessment_list"))
    _sign_in(phone, manager.email)
    phone.get_by_role("link", name=re.compile("^Started ")).click()
    expect(progress).to_have_text("2 of 11 sections completed")
    organisation_status = phone.locator("#status-organisation")
    expect(organisation_status).to_have_text("Completed")
    expect(phone.locator("#status-people")).to_have_text("Not started")

    # The other sections are filled in (here through the service), then section 9 in the browser.
    assessment = NeedsAssessment.objects.get(organisation=client_org)
    _fill_the_other_sections(assessment, manager)
    phone.reload()
    expect(progress).to_have_text("10 of 11 sections completed")
    phone.get_by_role("link", name="9. Standards to align with").click()
    standards = phone.get_by_role(
        "group", name="Which of these standards does your training need to follow?"
    )
    standards.get_by_label("Restraint Reduction Network Training Standards").check()
    assert_accessible(phone)
    _continue(phone)
    expect(progress).to_have_text("11 of 11 sections completed")
    assert_accessible(phone)

    # Check your answers, then send.
    phone.get_by_role("link", name="Check your answers", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Check your answers")
    expect(phone.get_by_text("Adult inpatient wards")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("button", name="Send the needs assessment").click()
    expect(phone.get_by_text("You have sent the needs assessment")).to_be_visible()
    expect(phone.get_by_text(re.compile(r"It took about \d+ minutes?\."))).to_be_visible()
    assert_accessible(phone)

    assessment.refresh_from_db()
    assert assessment.status == NeedsAssessment.Status.SUBMITTED
    assert assessment.submitted_by == manager
    assert assessment.active_seconds > 0
    assert assessment.answers["organisation"] == {
        "sector": "nhs-mental-health",
        "setting": "Adult inpatient wards",
        "sites": 2,
        "headcount": 1200,
    }
    assert assessment.answers["environments"] == {
        "environments": ["inpatient_ward", "reception"],
        "lone_working": "often",
        "home_visits": "yes",
    }
