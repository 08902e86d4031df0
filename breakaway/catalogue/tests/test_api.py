"""The contract JSON, from the command line and the API, and who may read it."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from breakaway.accounts.services import api_token_create
from breakaway.assessments.taxonomy import RISK_AREAS
from breakaway.catalogue.content import MODULES
from breakaway.catalogue.models import ModuleVersion
from breakaway.catalogue.services import module_update

pytestmark = pytest.mark.django_db

URL = "/api/v1/catalogue/modules"
MODULE_KEYS = {"code", "title", "minutes", "intensity", "mandatory", "risk_areas"}


def bearer(user):
    _token, secret = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _command_json():
    out = StringIO()
    call_command("catalogue", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_command_prints_the_contract(shipped):
    data = _command_json()

    assert set(data) == {"modules", "risk_areas"}
    assert data["risk_areas"] == [{"id": k, "name": v} for k, v in RISK_AREAS.items()]
    modules = {m["code"]: m for m in data["modules"]}
    assert set(modules) >= {spec.code for spec in MODULES}
    for module in data["modules"]:
        assert set(module) == MODULE_KEYS
        assert module["risk_areas"] == sorted(module["risk_areas"])
    law = modules["law-and-force"]
    assert law["title"] == "The law on self-defence and reasonable force at work"
    assert (law["minutes"], law["intensity"], law["mandatory"]) == (45, 0, True)
    assert modules["breakaway-strangles-and-headlocks"]["intensity"] == 3


def test_the_command_gives_the_current_versions_minutes(shipped, designer):
    law = ModuleVersion.objects.get(module__code="law-and-force", is_current=True)
    module_update(module=law.module, changes={"typical_minutes": 60}, edited_by=designer)

    modules = {m["code"]: m for m in _command_json()["modules"]}

    assert modules["law-and-force"]["minutes"] == 60


def test_the_command_without_json_lists_the_modules(shipped):
    out = StringIO()
    call_command("catalogue", stdout=out)

    assert "law-and-force" in out.getvalue()
    assert "risk areas." in out.getvalue()


@pytest.mark.parametrize(
    "persona", ["provider_admin", "advisor", "designer", "trainer", "superuser"], indirect=True
)
def test_provider_staff_read_the_catalogue_through_the_api(client, shipped, persona):
    response = client.get(URL, **bearer(persona))

    assert response.status_code == 200
    assert response.json() == _command_json()


@pytest.mark.parametrize("persona", ["client_admin", "client_manager"], indirect=True)
def test_clients_may_not_read_the_catalogue_through_the_api(client, persona):
    response = client.get(URL, **bearer(persona))

    assert response.status_code == 403


def test_the_api_needs_a_token(client):
    assert client.get(URL).status_code == 401
