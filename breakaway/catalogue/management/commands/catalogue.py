from typing import Any

from breakaway.catalogue.selectors import catalogue_contract
from breakaway.core.management.base import JsonCommand


class Command(JsonCommand):
    help = (
        "The module catalogue: each current module's code, title, typical minutes, physical "
        "intensity (0-3), whether it is mandatory and the risk areas it addresses; and every "
        "risk area."
    )

    def run(self, **options: Any) -> dict[str, Any]:
        return catalogue_contract()

    def describe(self, result: dict[str, Any]) -> str:
        lines = [
            f"{m['code']:<36} {m['minutes']:>4} min  intensity {m['intensity']}"
            f"{'  mandatory' if m['mandatory'] else ''}  {m['title']}"
            for m in result["modules"]
        ]
        lines.append(f"{len(result['modules'])} modules; {len(result['risk_areas'])} risk areas.")
        return "\n".join(lines)
