"""The catalogue pages: who may see and change what, the tags, versions and the diff."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from breakaway.catalogue.models import Module, ModuleVersion
from breakaway.catalogue.services import module_update
from breakaway.catalogue.tests.factories import ModuleVersionFactory, TechniqueFactory

pytestmark = pytest.mark.django_db

LIST = reverse("catalogue:module_list")
TECHNIQUES = reverse("catalogue:technique_list")


def _detail(module_version, **query):
    url = reverse("catalogue:module_detail", kwargs={"code": module_version.module.code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _edit(version):
    return reverse("catalogue:module_edit", kwargs={"code": version.module.code})


def _sign_off(version):
    return reverse("catalogue:module_sign_off", kwargs={"code": version.module.code})


def _form_data(version, **changes):
    data = {
        "title": version.title,
        "summary": version.summary,
        "phase": version.phase,
        "typical_minutes": version.typical_minutes,
        "intensity": version.intensity,
        "methods": version.methods,
        "trainer_qualifications": version.trainer_qualifications,
        "equipment": version.equipment,
        "venue": version.venue,
        "risk_controls": version.risk_controls,
        "outcomes": [o.pk for o in version.outcomes.all()],
        "techniques": [t.pk for t in version.techniques.all()],
        "risk_areas": version.risk_areas,
        "standards": version.standards,
        "change_note": "Tidied the wording.",
    }
    if version.is_mandatory:
        data["is_mandatory"] = "on"
    return {**data, **changes}


@pytest.fixture
def version():
    return ModuleVersionFactory(title="Breakaway from grabs", summary="Releases from grabs.")


# Who may see the catalogue ---------------------------------------------------------------------


def test_the_catalogue_sends_anonymous_visitors_to_sign_in(client, version):
    for url in (LIST, TECHNIQUES, _detail(version), _edit(version), _sign_off(version)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["client_admin", "client_manager"], indirect=True)
def test_clients_do_not_see_the_catalogue(client, persona, version):
    client.force_login(persona)

    for url in (LIST, TECHNIQUES, _detail(version), _edit(version), _sign_off(version)):
        assert client.get(url).status_code == 403
    assert "Catalogue" not in client.get(reverse("portal:home")).content.decode()


@pytest.mark.parametrize("persona", ["advisor", "trainer"], indirect=True)
def test_advisors_and_trainers_read_but_do_not_edit_or_sign_off(client, persona, version):
    client.force_login(persona)

    for url in (LIST, TECHNIQUES, _detail(version)):
        assert client.get(url).status_code == 200
    assert client.get(_edit(version)).status_code == 403
    assert client.post(_edit(version), _form_data(version, title="No")).status_code == 403
    assert client.get(_sign_off(version)).status_code == 403
    assert version.module.versions.count() == 1
    page = client.get(_detail(version)).content.decode()
    assert "Edit the module" not in page
    assert "Record the legal sign-off" not in page


def test_a_designer_edits_but_does_not_sign_off(client, designer, version):
    client.force_login(designer)

    assert client.get(_edit(version)).status_code == 200
    assert client.get(_sign_off(version)).status_code == 403
    page = client.get(_detail(version)).content.decode()
    assert "Edit the module" in page
    assert "Record the legal sign-off" not in page


def test_provider_staff_see_the_catalogue_in_the_navigation(client, trainer):
    client.force_login(trainer)

    page = client.get(reverse("portal:home")).content.decode()

    assert f'href="{LIST}"' in page


def test_an_unknown_module_or_version_is_not_found(client, trainer, version):
    client.force_login(trainer)

    assert client.get(LIST + "modules/no-such-module/").status_code == 404
    assert client.get(_detail(version, version=9)).status_code == 404


# The list ---------------------------------------------------------------------------------------


def test_the_list_tags_intensity_mandatory_and_review_status(client, trainer, shipped):
    client.force_login(trainer)

    page = client.get(LIST).content.decode()

    assert "The law on self-defence and reasonable force at work" in page
    assert "Awaiting legal review" in page
    assert "Mandatory" in page
    assert "High" in page
    assert "not legal advice" in page


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False)
def test_the_list_flags_a_module_past_its_review_date(client, trainer):
    ModuleVersionFactory(
        reviewed_by_name="Jo Reviewer",
        reviewed_on=dt.date(2025, 1, 1),
        next_review_due=dt.date(2026, 1, 1),
    )
    client.force_login(trainer)

    page = client.get(LIST).content.decode()

    assert "Review overdue" in page
    assert "1 module is past its review date." in page


def test_the_list_costs_the_same_queries_for_3_or_30_modules(
    client, trainer, django_assert_num_queries
):
    Module.objects.all().delete()
    ModuleVersionFactory.create_batch(3)
    client.force_login(trainer)
    with CaptureQueriesContext(connection) as three:
        assert client.get(LIST).status_code == 200

    ModuleVersionFactory.create_batch(27)
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get(LIST)

    assert len(response.context["versions"]) == 30


def test_the_technique_list_costs_the_same_queries_for_more_techniques(client, trainer, shipped):
    client.force_login(trainer)
    with CaptureQueriesContext(connection) as before:
        client.get(TECHNIQUES)
    ModuleVersionFactory(techniques=TechniqueFactory.create_batch(5))

    with CaptureQueriesContext(connection) as after:
        page = client.get(TECHNIQUES).content.decode()

    assert len(after.captured_queries) == len(before.captured_queries)
    assert "Pregnancy" in page
    assert "Breakaway from strangles and headlocks" in page


# Editing ----------------------------------------------------------------------------------------


def test_saving_an_edit_makes_a_new_version_and_keeps_the_old(client, designer, version):
    client.force_login(designer)

    response = client.post(
        _edit(version), _form_data(version, title="Breakaway from wrist grabs"), follow=True
    )

    assert response.redirect_chain[-1][0] == _detail(version)
    assert "Version 2 saved. It awaits legal review." in response.content.decode()
    current = ModuleVersion.objects.get(module=version.module, is_current=True)
    assert (current.number, current.title) == (2, "Breakaway from wrist grabs")
    assert current.change_note == "Tidied the wording."
    version.refresh_from_db()
    assert version.title == "Breakaway from grabs"


def test_an_edit_without_changes_saves_no_version(client, designer, version):
    client.force_login(designer)

    response = client.post(_edit(version), _form_data(version), follow=True)

    assert "You did not change anything" in response.content.decode()
    assert version.module.versions.count() == 1


def test_an_invalid_edit_shows_the_errors_and_saves_nothing(client, designer, version):
    client.force_login(designer)

    response = client.post(
        _edit(version), _form_data(version, change_note="", intensity=3, risk_controls="")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter what you changed and why" in page
    assert version.module.versions.count() == 1


def test_a_service_rule_is_shown_beside_its_field(client, designer, version):
    client.force_login(designer)

    response = client.post(_edit(version), _form_data(version, intensity=3, risk_controls=""))

    assert response.status_code == 400
    assert "Enter the risk controls for practice" in response.content.decode()


# Versions and the diff --------------------------------------------------------------------------


def test_the_detail_shows_every_version_and_what_the_last_edit_changed(
    client, trainer, designer, version
):
    module_update(
        module=version.module,
        changes={"summary": "Simple releases from grabs."},
        edited_by=designer,
        change_note="Plainer words.",
    )
    client.force_login(trainer)

    page = client.get(_detail(version)).content.decode()

    assert "Plainer words." in page
    assert "From version 1 to version 2" in page
    assert '<del><span class="visually-hidden">[removed: </span>Releases' in page
    assert '<ins><span class="visually-hidden">[added: </span>Simple releases' in page


def test_an_old_version_stays_readable(client, trainer, designer, version):
    module_update(module=version.module, changes={"title": "New title"}, edited_by=designer)
    client.force_login(trainer)

    page = client.get(_detail(version, version=1)).content.decode()

    assert "Breakaway from grabs" in page
    assert "You are reading version 1, which has been replaced." in page


def test_any_two_versions_can_be_compared(client, trainer, designer, version):
    module_update(module=version.module, changes={"title": "Second"}, edited_by=designer)
    module_update(module=version.module, changes={"title": "Third"}, edited_by=designer)
    client.force_login(trainer)

    response = client.get(_detail(version, **{"from": 1, "to": 3}))

    diff = response.context["diff"]
    assert (diff["old"].number, diff["new"].number) == (1, 3)
    assert [c.field for c in diff["changes"]] == ["title"]


# Sign-off ---------------------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False)
def test_an_administrator_records_the_sign_off(client, provider_admin, version):
    client.force_login(provider_admin)
    data = {
        "reviewed_by_name": "Jo Reviewer, Example LLP",
        "reviewed_on": "27/11/2026",
        "next_review_due": "27/11/2027",
        "confirm": "on",
    }

    response = client.post(_sign_off(version), data, follow=True)

    assert response.redirect_chain[-1][0] == _detail(version)
    version.refresh_from_db()
    assert version.reviewed_by_name == "Jo Reviewer, Example LLP"
    assert version.next_review_due == dt.date(2027, 11, 27)
    page = response.content.decode()
    assert "Signed off" in page
    assert "Awaiting legal review" not in page


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False)
def test_a_sign_off_without_confirmation_or_with_dates_the_wrong_way_round_is_refused(
    client, provider_admin, version
):
    client.force_login(provider_admin)
    data = {
        "reviewed_by_name": "Jo Reviewer",
        "reviewed_on": "27/11/2026",
        "next_review_due": "1/1/2026",
    }

    response = client.post(_sign_off(version), data)
    assert response.status_code == 400
    assert "Confirm that the reviewer has signed off this version" in response.content.decode()

    response = client.post(_sign_off(version), {**data, "confirm": "on"})
    assert response.status_code == 400
    assert "The next review must be due after the review date" in response.content.decode()
    version.refresh_from_db()
    assert not version.is_signed_off
