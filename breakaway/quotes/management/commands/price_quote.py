import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from breakaway.accounts.models import Organisation
from breakaway.core.management.base import EXIT_UNUSABLE, CommandFailed, JsonCommand
from breakaway.quotes.pricing import InvalidRequest
from breakaway.quotes.services import quote_price


class Command(JsonCommand):
    help = (
        "Price a quote request (a JSON file): a line per group, materials and a line per "
        "trainer's travel, with net, VAT and gross. Stores nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="The request, a JSON file.")
        parser.add_argument(
            "--provider",
            help="The provider whose current rate card prices a request without `rate_card` "
            "(default: the only provider).",
        )

    def run(self, **options: Any) -> dict[str, Any]:
        path = Path(options["input"])
        try:
            # parse_float: money must never pass through a binary float.
            data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        except OSError as error:
            raise CommandFailed(
                f"--input: cannot read {path}: {error.strerror}", exit_code=EXIT_UNUSABLE
            ) from error
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandFailed(
                f"--input: {path} is not JSON ({error})", exit_code=EXIT_UNUSABLE
            ) from error
        provider = self._provider(options["provider"])
        try:
            priced = quote_price(data=data, provider=provider)
        except InvalidRequest as invalid:
            raise CommandFailed(invalid.problems) from invalid
        return priced.to_dict()

    def _provider(self, slug: str | None) -> Organisation | None:
        providers = Organisation.objects.providers()
        if slug:
            found = providers.filter(slug=slug).first()
            if found is None:
                raise CommandFailed(f"--provider: no provider has the short name '{slug}'.")
            return found
        return providers.first() if providers.count() == 1 else None

    def describe(self, result: dict[str, Any]) -> str:
        width = max(len(line["description"]) for line in result["lines"])
        rows = [f"{line['description']:<{width}}  {line['amount']:>10}" for line in result["lines"]]
        rows += [
            f"{'Net':<{width}}  {result['net']:>10}",
            f"{'VAT at ' + result['vat_rate']:<{width}}  {result['vat']:>10}",
            f"{'Gross':<{width}}  {result['gross']:>10}",
        ]
        return "\n".join(rows)
