import json

import pytest
from django.core.management import call_command

from breakaway.accounts.models import ApiToken, Membership, Organisation, hash_secret

pytestmark = pytest.mark.django_db


def run(capsys, *args):
    """Run a command with --json; return (exit code, parsed stdout)."""
    code = 0
    try:
        call_command(*args, "--json")
    except SystemExit as exit_:
        code = exit_.code
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_organisation_create_prints_the_new_slug(capsys, provider):
    code, out = run(
        capsys,
        "organisation_create",
        "--name",
        "Seaview Housing",
        "--sector",
        "housing",
        "--headcount",
        "80",
    )
    assert code == 0
    assert out == {"slug": "seaview-housing"}
    organisation = Organisation.objects.get(slug="seaview-housing")
    assert (organisation.kind, organisation.sector, organisation.headcount) == (
        "client",
        "housing",
        80,
    )
    assert organisation.provider == provider


def test_organisation_create_makes_slugs_unique(capsys):
    run(
        capsys,
        "organisation_create",
        "--name",
        "Oak Trust",
        "--sector",
        "nhs-acute",
        "--headcount",
        "5",
    )
    code, out = run(
        capsys,
        "organisation_create",
        "--name",
        "Oak Trust",
        "--sector",
        "nhs-acute",
        "--headcount",
        "5",
    )
    assert (code, out) == (0, {"slug": "oak-trust-2"})


def test_organisation_create_lists_every_problem_and_writes_nothing(capsys):
    code, out = run(
        capsys, "organisation_create", "--name", " ", "--sector", "moon", "--headcount", "-3"
    )
    assert code == 2
    assert len(out["errors"]) == 3
    assert any("--sector" in e and "nhs-acute" in e for e in out["errors"])
    assert not Organisation.objects.exists()


def test_organisation_list_gives_slug_name_and_kind(capsys, provider, client_org):
    code, out = run(capsys, "organisation_list")
    assert code == 0
    assert out == [
        {"slug": provider.slug, "name": provider.name, "kind": "provider"},
        {"slug": client_org.slug, "name": client_org.name, "kind": "client"},
    ]


def test_user_create_gives_a_client_role_in_the_named_organisation(capsys, client_org):
    code, out = run(
        capsys,
        "user_create",
        "--email",
        "Ward.Lead@Example.org",
        "--role",
        "client_manager",
        "--organisation",
        client_org.slug,
    )
    assert code == 0
    assert out == {
        "email": "ward.lead@example.org",
        "role": "client_manager",
        "organisation": client_org.slug,
    }
    membership = Membership.objects.get(user__email="ward.lead@example.org")
    assert (membership.organisation, membership.role) == (client_org, "client_manager")


def test_user_create_puts_provider_roles_in_the_provider_by_default(capsys, provider):
    code, out = run(capsys, "user_create", "--email", "t@example.org", "--role", "trainer")
    assert code == 0
    assert out["organisation"] == provider.slug


def test_user_create_refuses_a_client_role_in_the_provider(capsys, provider):
    code, out = run(
        capsys,
        "user_create",
        "--email",
        "c@example.org",
        "--role",
        "client_admin",
        "--organisation",
        provider.slug,
    )
    assert code == 2
    assert (
        "client role" in " ".join(out["errors"]).lower()
        or "provider role" in " ".join(out["errors"]).lower()
    )
    assert not Membership.objects.filter(user__email="c@example.org").exists()


def test_user_create_refuses_bad_input_with_every_reason(capsys, advisor):
    code, out = run(
        capsys,
        "user_create",
        "--email",
        advisor.email,
        "--role",
        "wizard",
        "--organisation",
        "nowhere",
    )
    assert code == 2
    joined = " ".join(out["errors"])
    assert "already exists" in joined
    assert "not a role" in joined
    assert "nowhere" in joined


def test_api_token_prints_a_token_that_is_stored_only_as_a_hash(capsys, advisor):
    code, out = run(capsys, "api_token", "--email", advisor.email)
    assert code == 0
    token = ApiToken.objects.get(user=advisor)
    assert token.token_hash == hash_secret(out["token"])
    assert out["token"] not in token.token_hash


def test_api_token_refuses_an_unknown_email(capsys):
    code, out = run(capsys, "api_token", "--email", "nobody@example.org")
    assert code == 2
    assert "nobody@example.org" in out["errors"][0]
