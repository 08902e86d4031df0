"""Every route × every role (and anonymous) against the declared policy.

New routes fail `test_every_route_has_a_declared_policy` until they are added to
permission_policy.py, so no page or endpoint ships without a stated rule.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from breakaway.accounts.models import Role
from breakaway.accounts.services import api_token_create, invitation_create
from breakaway.api import api
from breakaway.assessments.incident_services import import_job_create
from breakaway.assessments.tests.factories import NeedsAssessmentFactory
from breakaway.catalogue.content import load_catalogue
from breakaway.catalogue.models import Module
from breakaway.catalogue.tests.factories import ModuleVersionFactory
from breakaway.core.tests.permission_policy import (
    ADMIN_RULE,
    API,
    PERSONAS,
    SMALL_EXPORT,
    WEB,
    Rule,
)
from breakaway.courses.services import course_design_create
from breakaway.enquiries.tests.factories import EnquiryFactory

# Routes that django-ninja serves for the API are covered by the API half of the matrix.
API_DOC_NAMES = {"api:openapi-json", "api:openapi-view", "api:api-root"}


def _walk(patterns: list[Any], namespace: str | None = None) -> list[tuple[str | None, str]]:
    found: list[tuple[str | None, str]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(x for x in [namespace, entry.namespace] if x) or None
            found += [
                (name, str(entry.pattern) + p) for name, p in _walk(entry.url_patterns, inner)
            ]
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            found.append((name, str(entry.pattern)))
    return found


ROUTES = _walk(get_resolver().url_patterns)
WEB_NAMES = sorted({n for n, _ in ROUTES if n and not n.startswith(("admin:", "api:"))})
ADMIN_NAMES = sorted({n for n, _ in ROUTES if n and n.startswith("admin:")})


def _api_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {(method, path) for path, ops in schema["paths"].items() for method in ops}


def test_every_route_has_a_declared_policy():
    unnamed = [p for n, p in ROUTES if n is None and not p.startswith("admin/")]
    assert not unnamed, f"Give these routes a name so the matrix can cover them: {unnamed}"
    undeclared = [n for n in WEB_NAMES if n not in WEB]
    assert not undeclared, f"Declare a policy in permission_policy.WEB for: {undeclared}"
    stale = [n for n in WEB if n not in WEB_NAMES]
    assert not stale, f"permission_policy.WEB names routes that no longer exist: {stale}"
    api_names = {n for n, _ in ROUTES if n and n.startswith("api:")}
    assert api_names >= API_DOC_NAMES


def test_every_api_operation_has_a_declared_policy():
    operations = _api_operations()
    declared = {k for k in API if k[1] not in {"/api/v1/openapi.json", "/api/v1/docs"}}
    assert operations - declared == set(), "Declare these in permission_policy.API"
    assert declared - operations == set(), "permission_policy.API names operations that are gone"


@pytest.fixture
def world(request, provider, client_org, other_client) -> dict[str, Any]:
    """One of everything, owned by client_org where it belongs to a client."""
    people = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"}
    people["other_client_admin"] = request.getfixturevalue("other_client_admin")
    _invitation, token = invitation_create(
        email="new.person@example.org", organisation=client_org, role=Role.CLIENT_MANAGER
    )
    admin_token, _secret = api_token_create(user=people["provider_admin"], name="matrix")
    if not Module.objects.exists():  # a transactional test elsewhere may have flushed it
        load_catalogue()
    return {
        "people": people,
        "provider": provider,
        "client_org": client_org,
        "other_client": other_client,
        "enquiry": EnquiryFactory(),
        "module": ModuleVersionFactory().module,
        "invitation_token": token,
        "provider_admin_token": admin_token,
        "assessment": NeedsAssessmentFactory(organisation=client_org, complete=True),
        "course_design": course_design_create(
            organisation=client_org, created_by=None, length="3h", headcount=10
        ),
        "incident_import": import_job_create(
            organisation=client_org,
            upload=SimpleUploadedFile("incidents.csv", SMALL_EXPORT, "text/csv"),
            created_by=None,
            start=False,
        ),
    }


def _check(response: Any, expected: tuple[int, ...] | str, where: str) -> None:
    status = response.status_code
    if expected == "login":
        assert status == 302, f"{where}: expected a redirect to sign in, got {status}"
        assert reverse("account_login") in response["Location"], where
    elif expected == "admin-login":
        assert status == 302, f"{where}: expected the admin login, got {status}"
        assert reverse("admin:login") in response["Location"], where
    else:
        assert status in expected, f"{where}: expected {expected}, got {status}"


def _login(client: Any, world: dict[str, Any], persona: str) -> None:
    if persona != "anonymous":
        client.force_login(world["people"][persona])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(WEB))
def test_web_route_answers_each_persona_as_declared(client, world, name, persona):
    rule: Rule = WEB[name]
    _login(client, world, persona)
    url = reverse(name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    response = getattr(client, rule.method)(url, rule.body(world))
    _check(response, rule.expected(persona), f"{rule.method.upper()} {url} as {persona}")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_site_is_for_the_superuser_only(client, world, persona):
    _login(client, world, persona)
    for name in ADMIN_NAMES:
        pattern = next(p for n, p in ROUTES if n == name)
        if name == "admin:login" or name == "admin:logout":
            continue
        kwargs: dict[str, Any] = {}
        if "<path:object_id>" in pattern or "<id>" in pattern:
            kwargs["object_id" if "object_id" in pattern else "id"] = "1"
        if "content_type_id" in pattern:
            kwargs["content_type_id"] = "1"
        if "app_label" in pattern:
            kwargs["app_label"] = "accounts"
        url = reverse(name, kwargs=kwargs or None)
        response = client.get(url)
        _check(response, ADMIN_RULE.expected(persona), f"GET {url} as {persona}")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "path"), sorted(API))
def test_api_route_answers_each_persona_as_declared(client, world, method, path, persona):
    rule = API[(method, path)]
    url = path.format(**(rule.kwargs(world) if rule.kwargs else {}))
    headers = {}
    if persona != "anonymous":
        _token, secret = api_token_create(user=world["people"][persona], name="matrix")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    if method == "get":
        response = client.get(url, **headers)
    elif rule.multipart:
        response = getattr(client, method)(url, rule.body(world), **headers)
    else:
        response = getattr(client, method)(
            url, rule.body(world), content_type="application/json", **headers
        )
    _check(response, rule.expected(persona), f"{method.upper()} {url} as {persona}")
