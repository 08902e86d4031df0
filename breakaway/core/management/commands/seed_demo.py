from typing import Any

from breakaway.core.demo import DEMO_PASSWORD, seed_demo
from breakaway.core.management.base import JsonCommand


class Command(JsonCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def run(self, **options: Any) -> dict[str, Any]:
        logins = seed_demo()
        return {
            "password": DEMO_PASSWORD,
            "logins": [
                {"email": x.email, "name": x.name, "role": x.role, "organisation": x.organisation}
                for x in logins
            ],
        }

    def describe(self, result: Any) -> str:
        width = max(len(x["email"]) for x in result["logins"])
        lines = [
            "",
            "Demo logins (every one uses the password: " + result["password"] + ")",
            "",
        ]
        lines += [
            f"  {x['email']:<{width}}  {x['role']:<15} {x['organisation']}"
            for x in result["logins"]
        ]
        return "\n".join([*lines, ""])
