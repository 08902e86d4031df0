import json

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from breakaway.evaluation.instrument_services import (
    instrument_create,
    instrument_get_for_user,
    instrument_version_add,
    questionnaire_instrument_attach,
)
from breakaway.evaluation.models import Instrument
from breakaway.evaluation.tests.questionnaire_fixtures import course_on, phase, today

pytestmark = pytest.mark.django_db

DEFINITION = {
    "id": "own-scale",
    "name": "Our own confidence scale",
    "items": [{"id": "c1", "text": "I feel safe", "type": "scale", "min": 1, "max": 5}],
    "scales": [{"id": "c", "name": "C", "items": ["c1"], "score": "mean"}],
}


def _make(owner, user=None):
    return instrument_create(
        owner=owner, definition=DEFINITION, licence_reference="Licence 42", created_by=user
    )


def test_a_client_instrument_is_version_one_and_changes_make_new_versions(client_org):
    instrument = _make(client_org)
    assert instrument.versions.get().number == 1
    changed = {**DEFINITION, "name": "Renamed"}
    second = instrument_version_add(
        instrument=instrument, definition=changed, licence_reference="L2", created_by=None
    )
    same = instrument_version_add(
        instrument=instrument, definition=changed, licence_reference="L2", created_by=None
    )
    assert second.number == 2
    assert same.pk == second.pk
    instrument.refresh_from_db()
    assert (instrument.name, instrument.licence_reference) == ("Renamed", "L2")


def test_the_same_id_twice_for_one_client_is_refused(client_org):
    _make(client_org)
    with pytest.raises(ValidationError):
        _make(client_org)


def test_another_client_cannot_see_the_instrument(client_org, client_admin, other_client_admin):
    instrument = _make(client_org)
    assert instrument_get_for_user(user=client_admin, pk=instrument.pk) == instrument
    with pytest.raises(Http404):
        instrument_get_for_user(user=other_client_admin, pk=instrument.pk)


def test_another_client_s_instrument_pages_answer_not_found(client, client_org, other_client_admin):
    instrument = _make(client_org)
    client.force_login(other_client_admin)
    assert (
        client.get(reverse("evaluation:instrument_detail", args=[instrument.pk])).status_code == 404
    )
    assert (
        client.get(reverse("evaluation:instrument_edit", args=[instrument.pk])).status_code == 404
    )
    listing = client.get(reverse("evaluation:instrument_list"))
    assert "Our own confidence scale" not in listing.content.decode()


def test_uploading_a_bad_instrument_shows_every_problem(client, client_admin):
    client.force_login(client_admin)
    bad = {"id": "x", "items": [{"id": "a", "type": "scale"}, {"id": "a", "type": "odd"}]}
    response = client.post(
        reverse("evaluation:instrument_new"),
        {"definition_text": json.dumps(bad), "licence_reference": "L"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    for problem in ("name is missing", "items[0].min must be a number", "items[1].type"):
        assert problem in text
    assert not Instrument.objects.filter(owner__isnull=False).exists()


def test_uploading_a_good_instrument_then_changing_it(client, client_admin, client_org):
    client.force_login(client_admin)
    response = client.post(
        reverse("evaluation:instrument_new"),
        {"definition_text": json.dumps(DEFINITION), "licence_reference": "Licence 42"},
    )
    instrument = Instrument.objects.get(owner=client_org)
    assert response["Location"] == reverse("evaluation:instrument_detail", args=[instrument.pk])
    changed = {**DEFINITION, "items": [{**DEFINITION["items"][0], "text": "I feel safer"}]}
    client.post(
        reverse("evaluation:instrument_edit", args=[instrument.pk]),
        {"definition_text": json.dumps(changed), "licence_reference": "Licence 42"},
    )
    assert instrument.versions.count() == 2


def test_a_provider_admin_attaches_the_client_s_instrument_to_its_questionnaire(
    client, client_org, other_client, provider_admin
):
    course = course_on(client_org, today())
    instrument = _make(client_org)
    post = phase(course, "post")
    client.force_login(provider_admin)
    client.post(
        reverse("evaluation:questionnaire_attach", args=[course.engagement.pk]),
        {"questionnaire": post.pk, "instrument_version": instrument.versions.get().pk},
    )
    assert post.instruments.filter(instrument=instrument).exists()
    foreign = instrument_create(
        owner=other_client, definition=DEFINITION, licence_reference="L", created_by=None
    )
    with pytest.raises(ValidationError):
        questionnaire_instrument_attach(
            questionnaire=post, version=foreign.versions.get(), attached_by=provider_admin
        )
