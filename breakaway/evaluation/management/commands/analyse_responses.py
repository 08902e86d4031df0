import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from breakaway.core.management.base import EXIT_UNUSABLE, CommandFailed, JsonCommand
from breakaway.evaluation.analysis import ResponsesError, analyse, read_responses_csv
from breakaway.evaluation.instruments import InstrumentError, parse_instrument


class Command(JsonCommand):
    help = (
        "Compare questionnaire scores before, after and at follow-up: paired t-test, Wilcoxon "
        "signed-rank, Cohen's dz and the rank-biserial correlation for each scale. Uses no "
        "database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--instrument", required=True, help="The instrument (JSON).")
        parser.add_argument(
            "--responses", required=True, help="CSV: person, phase, then one column per item."
        )

    def run(self, **options: Any) -> dict[str, Any]:
        instrument_path = Path(options["instrument"])
        responses_path = Path(options["responses"])
        try:
            instrument = parse_instrument(json.loads(_read(instrument_path, "--instrument")))
        except ValueError as error:
            if isinstance(error, InstrumentError):
                raise CommandFailed([f"--instrument: {p}" for p in error.problems]) from error
            raise CommandFailed(
                f"--instrument: {instrument_path} is not JSON ({error})", exit_code=EXIT_UNUSABLE
            ) from error
        try:
            responses = read_responses_csv(_read(responses_path, "--responses"), instrument)
        except ResponsesError as invalid:
            raise CommandFailed(
                [
                    f"row {p['row']}, column {p['column'] or '—'}: {p['value']!r} {p['error']}"
                    for p in invalid.problems
                ]
            ) from invalid
        return analyse(responses)

    def describe(self, result: dict[str, Any]) -> str:
        lines = [f"Duplicates (earlier responses replaced): {result['duplicates']}"]
        for c in result["comparisons"]:
            change = "—" if c["mean_diff"] is None else f"{c['mean_diff']:+.2f}"
            p = "—" if c["t_p"] is None else f"{c['t_p']:.3g}"
            lines.append(
                f"{c['scale']}: {c['from']} → {c['to']}  n={c['n_pairs']}  change {change}  "
                f"t-test p={p}"
            )
        return "\n".join(lines)


def _read(path: Path, option: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CommandFailed(
            f"{option}: cannot read {path}: {error.strerror}", exit_code=EXIT_UNUSABLE
        ) from error
    except UnicodeDecodeError as error:
        raise CommandFailed(
            f"{option}: {path} is not UTF-8 text", exit_code=EXIT_UNUSABLE
        ) from error
