import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from breakaway.core.management.base import EXIT_UNUSABLE, CommandFailed, JsonCommand
from breakaway.scheduling.optimiser import DEFAULT_TIME_LIMIT, RotaInputError, plan


class Command(JsonCommand):
    help = (
        "Assign trainers to engagements (a JSON file in, a JSON file out): cover as many "
        "engagements as possible, then travel as little as possible. Uses no database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="The trainers and engagements (JSON).")
        parser.add_argument("--output", required=True, help="Where to write the plan (JSON).")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=DEFAULT_TIME_LIMIT,
            help=f"Seconds to search before giving the best plan found (default "
            f"{DEFAULT_TIME_LIMIT:g}).",
        )
        parser.add_argument(
            "--solver",
            choices=["exact", "greedy"],
            default="exact",
            help="exact: proven optimum when time allows; greedy: date order, nearest first.",
        )

    def run(self, **options: Any) -> dict[str, Any]:
        source, target = Path(options["input"]), Path(options["output"])
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandFailed(
                f"--input: cannot read {source}: {error.strerror}", exit_code=EXIT_UNUSABLE
            ) from error
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandFailed(
                f"--input: {source} is not JSON ({error})", exit_code=EXIT_UNUSABLE
            ) from error
        if options["time_limit"] <= 0:
            raise CommandFailed("--time-limit must be more than 0 seconds")
        verbose = not options["json"] and options["verbosity"] > 1

        def progress(stage: str, fraction: float) -> None:
            if verbose:
                sys.stderr.write(f"{fraction:4.0%}  {stage}\n")

        try:
            result = plan(
                data,
                time_limit=options["time_limit"],
                solver=options["solver"],
                progress=progress,
            )
        except RotaInputError as invalid:
            raise CommandFailed(invalid.problems) from invalid
        # Write beside the target, then rename: a reader never sees half a plan.
        partial = target.with_name(target.name + ".partial")
        try:
            partial.write_text(json.dumps(result, indent=1), encoding="utf-8")
            partial.replace(target)
        except OSError as error:
            raise CommandFailed(
                f"--output: cannot write {target}: {error.strerror}", exit_code=EXIT_UNUSABLE
            ) from error
        return {key: value for key, value in result.items() if key not in ("assignments",)}

    def describe(self, result: dict[str, Any]) -> str:
        lines = [
            f"Status: {result['status']}",
            f"Covered: {result['covered']} engagements; uncovered: {len(result['unassigned'])}",
            f"Travel cost: {result['cost']:,.1f} miles (lower bound "
            f"{result['lower_bound_cost'] if result['lower_bound_cost'] is not None else '—'})",
            f"Solved in {result['solve_seconds']:.1f} s",
        ]
        lines += [f"  {item['engagement']}: {item['reason']}" for item in result["unassigned"]]
        return "\n".join(lines)
