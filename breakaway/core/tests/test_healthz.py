from unittest import mock

import pytest
from django.db import DatabaseError


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client):
    with mock.patch("breakaway.core.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_readyz_says_ready_when_database_migrations_and_cache_are_fine(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "cache": "ok",
    }


@pytest.mark.django_db
def test_readyz_is_not_ready_while_migrations_are_pending(client):
    from breakaway.core import views

    with (
        mock.patch.object(views, "_migrated", False),
        mock.patch.object(views.MigrationExecutor, "migration_plan", return_value=[("x", False)]),
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"


@pytest.mark.django_db
def test_readyz_is_not_ready_when_the_cache_fails(client):
    with mock.patch("breakaway.core.views.cache.set", side_effect=ConnectionError("down")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "failing"


@pytest.mark.django_db
def test_readyz_is_not_ready_when_the_database_fails(client):
    with mock.patch("breakaway.core.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
