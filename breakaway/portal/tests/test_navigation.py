import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_client_staff_see_their_organisation_not_a_client_list(client, client_admin, client_org):
    client.force_login(client_admin)
    page = client.get(reverse("portal:organisation_list")).content.decode()
    assert "Your organisation" in page
    assert ">Clients<" not in page
    assert client_org.name in page


def test_provider_staff_see_the_client_list(client, advisor, client_org, other_client):
    client.force_login(advisor)
    page = client.get(reverse("portal:organisation_list")).content.decode()
    assert "Clients" in page
    assert client_org.name in page
    assert other_client.name in page


def test_navigation_shows_the_pipeline_only_to_sales_roles(client, advisor, trainer):
    client.force_login(advisor)
    assert reverse("enquiries:board") in client.get(reverse("portal:home")).content.decode()
    client.force_login(trainer)
    assert reverse("enquiries:board") not in client.get(reverse("portal:home")).content.decode()


def test_only_the_closest_navigation_item_is_marked_current(client, advisor):
    client.force_login(advisor)
    response = client.get(reverse("enquiries:list"))
    current = [i["label"] for i in response.context["nav_items"] if i["current"]]
    assert current == ["Enquiries"]


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("provider_admin", True),
        ("client_admin", True),
        ("client_manager", False),
        ("trainer", False),
        ("advisor", False),
    ],
    indirect=["persona"],
)
def test_the_privacy_pages_are_in_the_navigation_of_administrators_only(client, persona, shown):
    client.force_login(persona)
    labels = [i["label"] for i in client.get(reverse("portal:home")).context["nav_items"]]
    assert ("Privacy" in labels) is shown
