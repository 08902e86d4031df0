from typing import Any

from django.core.management.base import CommandParser

from breakaway.accounts.models import User
from breakaway.accounts.services import api_token_create
from breakaway.core.management.base import CommandFailed, JsonCommand


class Command(JsonCommand):
    help = "Make a personal API token for a user. It is printed once and stored only as a hash."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="Command-line token")

    def run(self, **options: Any) -> dict[str, str]:
        user = User.objects.filter(email=options["email"].strip().lower(), is_active=True).first()
        if user is None:
            raise CommandFailed(f"--email: no active user has the e-mail {options['email']}.")
        _token, secret = api_token_create(user=user, name=options["name"])
        return {"token": secret}

    def describe(self, result: Any) -> str:
        return f"{result['token']}\nKeep it safe: it will not be shown again."
