"""Schemathesis against /api/v1/openapi.json: every operation, as a provider administrator
and as a client administrator, with data that fits the schema and data that does not.

The schema is read from the app itself (WSGI, in-process, no network), so requests share the
test's database transaction. No answer may be a 5xx, and every documented answer must match
its documented schema.

More examples: `BREAKAWAY_FUZZ_EXAMPLES=200 .venv/bin/pytest breakaway/core/tests/fuzz -n 0`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from breakaway.accounts.services import api_token_create

EXAMPLES = int(os.environ.get("BREAKAWAY_FUZZ_EXAMPLES", "12"))
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def app(settings: Any) -> Iterator[WSGIHandler]:
    """Django's WSGI app, as gunicorn runs it, kept inside the test's transaction.

    Django's own test client disconnects `close_old_connections` for the same reason: it
    would close the connection that holds the test's transaction after each request.
    """
    settings.BREAKAWAY_API_RATE_LIMIT = 1_000_000
    settings.BREAKAWAY_API_BAD_TOKEN_LIMIT = 1_000_000
    settings.ALLOWED_HOSTS = ["localhost"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzzer(
    strategy: Any, headers: dict[str, str], fixed: dict[str, Any], statuses: list[int]
) -> Any:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def fuzz(case: Any) -> None:
        if fixed and case.path_parameters is not None:
            case.path_parameters.update(fixed)
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        statuses.append(response.status_code)

    return fuzz


def _run(schema: Any, token: str, slug: str) -> tuple[list[str], dict[str, list[int]]]:
    """Fuzz every operation; the failures, one paragraph each (empty when all is well), and
    the statuses answered to data that fits the schema, by operation."""
    headers = {"Authorization": f"Bearer {token}"}
    failures: list[str] = []
    answered: dict[str, list[int]] = {}
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            # Data that fits goes to the caller's own organisation, so that it reaches the
            # parsers behind the permission checks; data that does not fit goes anywhere.
            fixed = {"slug": slug} if "{slug}" in operation.path and mode.is_positive else {}
            statuses = answered.setdefault(operation.label, []) if mode.is_positive else []
            fuzz = _fuzzer(operation.as_strategy(generation_mode=mode), headers, fixed, statuses)
            try:
                fuzz()
            except Unsatisfiable:
                continue  # nothing breaks this schema (any string is a valid certificate code)
            # Every operation is tried and every failure reported (schemathesis raises a
            # BaseExceptionGroup of its checks' failures).
            except (Exception, BaseExceptionGroup) as failure:
                failures.append(f"{operation.label} ({mode.value}): {failure}")
    return failures, answered


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["provider_admin", "client_admin"])
def test_no_operation_answers_a_server_error_or_breaks_its_schema(
    request: pytest.FixtureRequest, app: WSGIHandler, client_org: Any, persona: str
) -> None:
    user = request.getfixturevalue(persona)
    _token, secret = api_token_create(user=user, name="fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures, answered = _run(schema, secret, client_org.slug)
    assert not failures, "\n\n".join(failures)
    # The token was accepted every time (the fuzzing got past authentication), and several
    # operations answered successfully: the fuzzing reached the views' own work.
    assert all(401 not in statuses for statuses in answered.values()), answered
    succeeded = {label for label, statuses in answered.items() if any(s < 300 for s in statuses)}
    assert {"GET /api/v1/me", "GET /api/v1/organisations/{slug}/staff"} <= succeeded, answered


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["date_from=0001-01-01", "date_to=9999-12-31"])
def test_an_incident_profile_for_a_date_out_of_range_is_refused(client, client_admin, query):
    # Found by schemathesis: OverflowError (a 500) working out the previous period.
    _token, secret = api_token_create(user=client_admin, name="fuzz")
    slug = client_admin.memberships.get().organisation.slug
    response = client.get(
        f"/api/v1/organisations/{slug}/incident-profile?{query}",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 422
    assert "between 1900 and 2100" in response.json()["detail"]
