"""Personas for every role, and a real Chromium for browser tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from breakaway.accounts.models import Organisation, Role, User
from breakaway.accounts.tests.factories import (
    ClientFactory,
    ProviderFactory,
    UserFactory,
)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Property tests explore new random cases on every local run; CI (`HYPOTHESIS_PROFILE=ci`, set
# by .ci/run) replays the same cases each time, so a new finding turns a developer's run red,
# not a landing. `print_blob` prints how to reproduce any failure.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.register_profile("dev", print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
PASSWORD = "correct horse battery staple"


@pytest.fixture
def provider() -> Organisation:
    return ProviderFactory(name="Northway Safety Training")


@pytest.fixture
def client_org(provider: Organisation) -> Organisation:
    return ClientFactory(name="Riverside Mental Health NHS Trust", provider=provider)


@pytest.fixture
def other_client(provider: Organisation) -> Organisation:
    return ClientFactory(name="Hillcrest Academy", provider=provider)


def _member(organisation: Organisation, role: str, **extra: Any) -> User:
    return UserFactory(membership__organisation=organisation, membership__role=role, **extra)


@pytest.fixture
def provider_admin(provider: Organisation) -> User:
    return _member(provider, Role.PROVIDER_ADMIN)


@pytest.fixture
def advisor(provider: Organisation) -> User:
    return _member(provider, Role.ADVISOR)


@pytest.fixture
def designer(provider: Organisation) -> User:
    return _member(provider, Role.DESIGNER)


@pytest.fixture
def trainer(provider: Organisation) -> User:
    return _member(provider, Role.TRAINER)


@pytest.fixture
def client_admin(client_org: Organisation) -> User:
    return _member(client_org, Role.CLIENT_ADMIN)


@pytest.fixture
def client_manager(client_org: Organisation) -> User:
    return _member(client_org, Role.CLIENT_MANAGER)


@pytest.fixture
def other_client_admin(other_client: Organisation) -> User:
    return _member(other_client, Role.CLIENT_ADMIN)


@pytest.fixture
def superuser() -> User:
    return UserFactory(is_superuser=True, is_staff=True, membership=None)


PERSONAS = [
    "provider_admin",
    "advisor",
    "designer",
    "trainer",
    "client_admin",
    "client_manager",
]


@pytest.fixture
def persona(request: pytest.FixtureRequest) -> User:
    """Parametrise with indirect=True and a persona name to get that user."""
    return request.getfixturevalue(request.param)


# Browser tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright; `make test` installs it where missing."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}: run `sudo apt-get install chromium` "
            "or set CHROMIUM to its path."
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


def _page_watching_the_policy(context: Any) -> tuple[Any, list[str]]:
    """A new page, and the Content-Security-Policy violations the browser reports on it."""
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return page, violations


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page the size of a small phone (360 × 740); fails the test on any CSP violation."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(15_000)
    page, violations = _page_watching_the_policy(context)
    yield page
    context.close()
    assert not violations, f"The page broke the Content-Security-Policy: {violations}"


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page, violations = _page_watching_the_policy(context)
    yield page
    context.close()
    assert not violations, f"The page broke the Content-Security-Policy: {violations}"


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """axe-core's serious and critical violations on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]


@pytest.fixture
def assert_accessible() -> Any:
    def check(page: Any) -> None:
        violations = axe_violations(page)
        summary = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
        ]
        assert not violations, f"axe found problems on {page.url}: {summary}"

    return check
