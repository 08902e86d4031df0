from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandParser
from django.core.validators import validate_email

from breakaway.accounts.models import PROVIDER_ROLES, Organisation, Role, User
from breakaway.accounts.services import user_create
from breakaway.core.management.base import CommandFailed, JsonCommand


class Command(JsonCommand):
    help = (
        "Add a user with a role. Provider roles default to the provider organisation; "
        "client roles need --organisation. "
        "The user sets a password through 'Forgot your password?'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, help=", ".join(Role.values))
        parser.add_argument("--organisation", help="The organisation's slug.")
        parser.add_argument("--name", default="", help="The person's full name.")
        parser.add_argument("--safeguarding-lead", action="store_true")

    def run(self, **options: Any) -> dict[str, Any]:
        email = options["email"].strip().lower()
        role = options["role"]
        errors = []
        try:
            validate_email(email)
        except ValidationError:
            errors.append(f"--email: '{email}' is not an e-mail address.")
        if User.objects.filter(email=email).exists():
            errors.append(f"--email: a user with {email} already exists.")
        if role not in Role.values:
            errors.append(f"--role: '{role}' is not a role; use one of {', '.join(Role.values)}.")
        organisation = self._organisation(options["organisation"], role, errors)
        if errors:
            raise CommandFailed(errors)
        try:
            user = user_create(
                email=email,
                role=role,
                organisation=organisation,
                full_name=options["name"],
                is_safeguarding_lead=options["safeguarding_lead"],
            )
        except ValidationError as error:
            raise CommandFailed(error.messages) from error
        return {"email": user.email, "role": role, "organisation": organisation.slug}

    def _organisation(self, slug: str | None, role: str, errors: list[str]) -> Organisation:
        if slug:
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                errors.append(f"--organisation: no organisation has the slug '{slug}'.")
            return organisation  # type: ignore[return-value]
        if role in PROVIDER_ROLES:
            provider = Organisation.objects.providers().order_by("pk").first()
            if provider is None:
                errors.append("--organisation: there is no provider yet; create one first.")
            return provider  # type: ignore[return-value]
        errors.append("--organisation: client roles need the client's slug.")
        return None  # type: ignore[return-value]

    def describe(self, result: Any) -> str:
        return f"Created {result['email']} as {result['role']} at {result['organisation']}"
