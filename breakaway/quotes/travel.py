"""Travel on a quote from the map: the nearest trainers to the venue, in road miles.

The likely trainers are the provider's nearest active trainers with a home base, as many as
the course needs; each one's road miles are the distance as the crow flies times the rate
card's road factor, to a tenth of a mile. The result is the same `travel` list the pricing
request takes when the miles are typed in, so pricing never knows the difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import ngettext

from breakaway.accounts.models import Organisation
from breakaway.core.geo import great_circle_miles
from breakaway.quotes import pricing
from breakaway.scheduling.models import Venue
from breakaway.trainers.models import Trainer

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class LikelyTrainer:
    name: str
    crow_miles: Decimal
    road_miles: Decimal


def crow_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> Decimal:
    """The great-circle distance as a Decimal (from the float's shortest form)."""
    return Decimal(repr(great_circle_miles(lat1, lon1, lat2, lon2)))


def road_miles(crow: Decimal, road_factor: Decimal) -> Decimal:
    """Distance by road: as the crow flies × the road factor, to a tenth of a mile."""
    return (crow * road_factor).quantize(TENTH, rounding=ROUND_HALF_UP)


def venue_list_for_client(*, organisation: Organisation) -> QuerySet[Venue]:
    """The client's sites that have a venue with coordinates."""
    return Venue.objects.filter(site__organisation=organisation).select_related("site")


def trainers_needed(request: dict[str, Any]) -> int:
    """How many trainers the request's groups need between them (pricing rule 1)."""
    ratio = int(request["course"]["attendees_per_trainer"])
    return sum(pricing.trainers_for(int(g["attendees"]), ratio) for g in request["groups"])


def training_days(length: str) -> int:
    return 2 if length == "2-day" else 1


def likely_trainers(
    *, provider: Organisation, venue: Venue, count: int, road_factor: Decimal
) -> list[LikelyTrainer]:
    """The provider's `count` nearest active trainers with a home base, nearest first.

    Raises ValidationError when fewer than `count` trainers have a home base recorded.
    """
    trainers = Trainer.objects.filter(
        provider=provider, is_active=True, base_lat__isnull=False, base_lon__isnull=False
    ).select_related("user")
    ranked = []
    for trainer in trainers:
        crow = crow_miles(trainer.base_lat, trainer.base_lon, venue.lat, venue.lon)  # type: ignore[arg-type]
        ranked.append(LikelyTrainer(str(trainer), crow, road_miles(crow, road_factor)))
    ranked.sort(key=lambda t: (t.crow_miles, t.name))
    if len(ranked) < count:
        raise ValidationError(
            ngettext(
                "The course needs %(count)d trainer but only %(found)d has a home base on the "
                "map. Enter the miles for each trainer instead.",
                "The course needs %(count)d trainers but only %(found)d have a home base on the "
                "map. Enter the miles for each trainer instead.",
                count,
            )
            % {"count": count, "found": len(ranked)}
        )
    return ranked[:count]


def travel_from_map(
    *, provider: Organisation, venue: Venue, request: dict[str, Any], road_factor: Decimal
) -> list[dict[str, Any]]:
    """The pricing request's `travel` entries for the likely trainers of this request."""
    days = training_days(request["course"]["length"])
    return [
        {"trainer": trainer.name, "one_way_miles": trainer.road_miles, "days": days}
        for trainer in likely_trainers(
            provider=provider,
            venue=venue,
            count=trainers_needed(request),
            road_factor=road_factor,
        )
    ]
