"""A copy of ../shared/tools/rota_instances.py, kept unchanged so benchmarks run from a clean
clone. Realistic rota instances for benchmarks and tests (the input format of
`manage.py plan_rota`): trainers based in UK towns with qualifications (some
expiring during the year), holidays and weekly limits; engagements of 1-3
weekdays across the UK needing 1-3 trainers with given qualifications.

  python rota_instances.py --trainers 20 --engagements 250 --seed 1 > year.json
"""

import argparse
import datetime as dt
import json
import math
import random
import sys

TOWNS = {  # approximate centres, enough for realistic distances
    "London": (51.507, -0.128), "Birmingham": (52.486, -1.890), "Manchester": (53.480, -2.242),
    "Leeds": (53.800, -1.549), "Liverpool": (53.408, -2.991), "Newcastle": (54.978, -1.618),
    "Sheffield": (53.381, -1.470), "Bristol": (51.455, -2.588), "Nottingham": (52.954, -1.158),
    "Leicester": (52.637, -1.140), "Southampton": (50.910, -1.404), "Portsmouth": (50.819, -1.088),
    "Plymouth": (50.376, -4.143), "Exeter": (50.722, -3.531), "Norwich": (52.630, 1.297),
    "Cambridge": (52.205, 0.122), "Oxford": (51.752, -1.258), "Reading": (51.454, -0.978),
    "Brighton": (50.822, -0.137), "Canterbury": (51.280, 1.079), "Ipswich": (52.057, 1.148),
    "Hull": (53.744, -0.333), "York": (53.960, -1.087), "Carlisle": (54.893, -2.932),
    "Preston": (53.763, -2.703), "Stoke": (53.003, -2.179), "Derby": (52.922, -1.475),
    "Coventry": (52.406, -1.512), "Gloucester": (51.865, -2.238), "Swindon": (51.556, -1.780),
    "Cardiff": (51.481, -3.179), "Swansea": (51.621, -3.944), "Glasgow": (55.864, -4.252),
    "Edinburgh": (55.953, -3.188), "Aberdeen": (57.150, -2.094), "Inverness": (57.478, -4.224),
    "Dundee": (56.462, -2.971), "Belfast": (54.597, -5.930), "Lincoln": (53.230, -0.540),
    "Peterborough": (52.570, -0.241), "Milton Keynes": (52.041, -0.759), "Northampton": (52.240, -0.902),
    "Bournemouth": (50.720, -1.880), "Truro": (50.263, -5.051), "Shrewsbury": (52.707, -2.754),
    "Worcester": (52.192, -2.220), "Hereford": (52.056, -2.716), "Chelmsford": (51.736, 0.479),
    "Luton": (51.879, -0.417), "Middlesbrough": (54.574, -1.235), "Sunderland": (54.906, -1.383),
    "Bradford": (53.795, -1.759), "Wolverhampton": (52.586, -2.129), "Colchester": (51.896, 0.892),
    "Maidstone": (51.272, 0.529), "Guildford": (51.236, -0.570), "Taunton": (51.015, -3.107),
    "Lancaster": (54.047, -2.801), "Wrexham": (53.046, -2.993), "Bangor": (53.227, -4.129),
}
QUALS = ["conflict_management_l3", "breakaway_instructor", "teaching_l3", "first_aid", "high_risk_physical"]


def miles(a, b):
    (la1, lo1), (la2, lo2) = (a["lat"], a["lon"]), (b["lat"], b["lon"])
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 3958.8 * math.asin(math.sqrt(h))


def gen(n_trainers, n_eng, seed):
    rng = random.Random(seed)
    towns = list(TOWNS.items())
    start = dt.date(2027, 1, 4)
    trainers = []
    for i in range(n_trainers):
        name, (lat, lon) = rng.choice(towns)
        quals = [{"type": "conflict_management_l3", "expires_on": "2029-12-31"},
                 {"type": "teaching_l3", "expires_on": "2099-12-31"}]
        if rng.random() < 0.8:
            # some expire during the year, which the solver must respect
            exp = start + dt.timedelta(days=rng.randrange(120, 900))
            quals.append({"type": "breakaway_instructor", "expires_on": exp.isoformat()})
        if rng.random() < 0.35:
            quals.append({"type": "high_risk_physical", "expires_on": "2028-06-30"})
        if rng.random() < 0.9:
            quals.append({"type": "first_aid", "expires_on": "2028-03-31"})
        unavailable = set()
        for _ in range(rng.randrange(3, 7)):  # holidays
            s = start + dt.timedelta(days=rng.randrange(0, 350))
            for k in range(rng.randrange(3, 11)):
                unavailable.add((s + dt.timedelta(days=k)).isoformat())
        trainers.append({
            "id": f"T{i + 1:02d}", "base": {"lat": lat + rng.uniform(-0.1, 0.1), "lon": lon + rng.uniform(-0.1, 0.1)},
            "home_town": name, "qualifications": quals, "unavailable": sorted(unavailable),
            "max_days_per_week": rng.choice([3, 4, 4, 5]),
        })
    engagements = []
    for j in range(n_eng):
        name, (lat, lon) = rng.choice(towns)
        k = rng.choices([1, 2, 3], weights=[70, 25, 5])[0]
        first = start + dt.timedelta(days=rng.randrange(0, 355))
        days, d = [], first
        while len(days) < k:
            if d.weekday() < 5:
                days.append(d.isoformat())
            d += dt.timedelta(days=1)
        req = ["conflict_management_l3"]
        if rng.random() < 0.75:
            req.append("breakaway_instructor")
        if rng.random() < 0.1:
            req.append("high_risk_physical")
        engagements.append({
            "id": f"E{j + 1:03d}", "client_town": name,
            "venue": {"lat": lat + rng.uniform(-0.05, 0.05), "lon": lon + rng.uniform(-0.05, 0.05)},
            "days": days, "required_qualifications": req,
            "trainers_needed": rng.choices([1, 2, 3], weights=[45, 45, 10])[0],
        })
    return {
        "horizon": {"start": start.isoformat(), "end": "2027-12-31"},
        "settings": {"road_factor": 1.25, "max_day_trip_miles": 90, "overnight_miles": 120},
        "trainers": trainers, "engagements": engagements,
    }


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--trainers", type=int, default=20)
    ap.add_argument("--engagements", type=int, default=250)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    json.dump(gen(a.trainers, a.engagements, a.seed), sys.stdout, indent=1)
