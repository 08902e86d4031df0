"""Distances between places on the map, in miles (the unit UK mileage is paid in)."""

from __future__ import annotations

import math

EARTH_RADIUS_MILES = 3958.8


def great_circle_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The haversine distance; road miles are this times a road factor (about 1.25 in the UK)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))
