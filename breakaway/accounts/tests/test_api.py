import pytest

from breakaway.accounts.models import Organisation
from breakaway.accounts.services import api_token_create


def bearer(user):
    _token, secret = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


pytestmark = pytest.mark.django_db


def test_api_answers_401_without_a_token(client):
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/organisations").status_code == 401


def test_api_answers_401_for_an_unknown_or_malformed_token(client):
    for header in ["Bearer bk_not-a-real-token", "Bearer nonsense", "Basic abc"]:
        assert client.get("/api/v1/me", HTTP_AUTHORIZATION=header).status_code == 401


def test_api_refuses_the_token_of_a_deactivated_user(client, advisor):
    headers = bearer(advisor)
    advisor.is_active = False
    advisor.save()
    assert client.get("/api/v1/me", **headers).status_code == 401


def test_me_describes_the_caller_and_their_roles(client, client_admin, client_org):
    response = client.get("/api/v1/me", **bearer(client_admin))
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == client_admin.email
    assert body["roles"] == ["client_admin"]
    assert body["memberships"] == [
        {"organisation": client_org.slug, "role": "client_admin", "is_safeguarding_lead": False}
    ]


def test_a_client_lists_only_its_own_organisation(client, client_admin, client_org, other_client):
    response = client.get("/api/v1/organisations", **bearer(client_admin))
    assert [o["slug"] for o in response.json()] == [client_org.slug]


def test_provider_staff_list_the_provider_and_every_client(
    client, advisor, provider, client_org, other_client
):
    response = client.get("/api/v1/organisations", **bearer(advisor))
    slugs = {o["slug"] for o in response.json()}
    assert slugs == {provider.slug, client_org.slug, other_client.slug}


def test_another_tenants_organisation_answers_404(client, client_admin, other_client):
    response = client.get(f"/api/v1/organisations/{other_client.slug}", **bearer(client_admin))
    assert response.status_code == 404


def test_a_client_reads_its_own_organisation(client, client_admin, client_org):
    response = client.get(f"/api/v1/organisations/{client_org.slug}", **bearer(client_admin))
    assert response.status_code == 200
    assert response.json() == {
        "slug": client_org.slug,
        "name": client_org.name,
        "kind": "client",
        "sector": client_org.sector,
        "headcount": client_org.headcount,
    }


def test_an_advisor_adds_a_client_organisation(client, advisor, provider):
    response = client.post(
        "/api/v1/organisations",
        {"name": "Seaview Housing", "sector": "housing", "headcount": 80},
        content_type="application/json",
        **bearer(advisor),
    )
    assert response.status_code == 201
    organisation = Organisation.objects.get(slug=response.json()["slug"])
    assert organisation.provider == provider
    assert organisation.kind == "client"


def test_a_client_cannot_add_organisations(client, client_admin):
    response = client.post(
        "/api/v1/organisations",
        {"name": "Sneaky Ltd", "sector": "other"},
        content_type="application/json",
        **bearer(client_admin),
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Sneaky Ltd").exists()


def test_adding_an_organisation_with_an_unknown_sector_is_refused(client, advisor):
    response = client.post(
        "/api/v1/organisations",
        {"name": "Somewhere", "sector": "space-station"},
        content_type="application/json",
        **bearer(advisor),
    )
    assert response.status_code == 422


def test_openapi_document_is_public_and_lists_the_routes(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/me", "/api/v1/organisations", "/api/v1/organisations/{slug}"} <= set(paths)


def test_api_docs_page_is_served(client):
    assert client.get("/api/v1/docs").status_code == 200
