from typing import Any

from breakaway.accounts.models import Organisation
from breakaway.core.management.base import JsonCommand


class Command(JsonCommand):
    help = "List every organisation: slug, name and kind (provider or client)."

    def run(self, **options: Any) -> list[dict[str, str]]:
        organisations = sorted(
            Organisation.objects.all(), key=lambda o: (not o.is_provider, o.name.casefold())
        )
        return [{"slug": o.slug, "name": o.name, "kind": o.kind} for o in organisations]

    def describe(self, result: Any) -> str:
        if not result:
            return "No organisations yet. Add one with manage.py organisation_create."
        return "\n".join(f"{o['slug']:40} {o['kind']:9} {o['name']}" for o in result)
