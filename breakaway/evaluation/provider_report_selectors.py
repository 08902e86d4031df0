"""The provider's view of its courses' results: mean change per scale (before → end of
course) by course design, trainer and quarter, and each engagement's reaction score.

Reads every response of the provider's engagements in one query and analyses each
engagement alone (pairs never cross engagements), then pools: the pooled mean change is the
mean of all the people's changes, i.e. the engagements' mean changes weighted by their n.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch

from breakaway.evaluation.report_selectors import (
    instrument_results,
    reaction_summary,
    responses_for,
    training_date,
)
from breakaway.scheduling.models import Assignment, Engagement
from breakaway.scheduling.selectors import engagement_list_for_user


def _engagement_changes(responses: Iterable[Any]) -> dict[str, tuple[str, int, float]]:
    """scale id → (scale name, n pairs, mean change) before → end, for one engagement."""
    changes = {}
    for result in instrument_results(list(responses)):
        names = {scale["id"]: scale["name"] for scale in result["scales"]}
        for comparison in result["analysis"]["comparisons"]:
            if (comparison["from"], comparison["to"]) != ("pre", "post"):
                continue
            if comparison["n_pairs"] and comparison["mean_diff"] is not None:
                changes[comparison["scale"]] = (
                    names[comparison["scale"]],
                    comparison["n_pairs"],
                    comparison["mean_diff"],
                )
    return changes


def _quarter(engagement: Engagement) -> str:
    day = training_date(engagement)
    return f"{day.year} Q{(day.month - 1) // 3 + 1}" if day else "No date"


def provider_results(*, user: Any, threshold: float) -> dict[str, Any]:
    """Per engagement (reaction score, low-score flag, changes) and pooled by design, trainer
    and quarter; a fixed number of queries however many engagements."""
    engagements = list(
        engagement_list_for_user(user=user)
        .exclude(status=Engagement.Status.CANCELLED)
        .filter(questionnaires__isnull=False)
        .distinct()
        .select_related("organisation", "design__organisation", "quote")
        .prefetch_related(
            "days",
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(
                    status=Assignment.Status.PUBLISHED
                ).select_related("trainer__user"),
            ),
        )
        .order_by("first_day", "pk")
    )
    by_engagement: dict[int, list[Any]] = defaultdict(list)
    for response in responses_for(engagements):
        by_engagement[response.questionnaire.engagement_id].append(response)
    rows = []
    pooled: dict[str, dict[tuple[str, str], list[tuple[int, float]]]] = {
        "design": defaultdict(list),
        "trainer": defaultdict(list),
        "period": defaultdict(list),
    }
    names: dict[str, str] = {}
    for engagement in engagements:
        responses = by_engagement.get(engagement.pk, [])
        changes = _engagement_changes(responses)
        reaction = reaction_summary(responses)
        score = reaction["score"] if reaction else None
        trainers = [str(a.trainer.user) for a in engagement.assignments.all()] or ["No trainer"]
        groups = {
            "design": [str(engagement.design)],
            "trainer": trainers,
            "period": [_quarter(engagement)],
        }
        for scale, (name, n, diff) in changes.items():
            names[scale] = name
            for kind, keys in groups.items():
                for key in keys:
                    pooled[kind][(key, scale)].append((n, diff))
        rows.append(
            {
                "engagement": engagement,
                "training_on": training_date(engagement),
                "reaction": score,
                "reaction_n": reaction["score_n"] if reaction else 0,
                "is_low": score is not None and score < threshold,
                "changes": {scale: (n, diff) for scale, (_name, n, diff) in changes.items()},
            }
        )
    scales = sorted(names)
    tables = {}
    for kind, groups_found in pooled.items():
        keys = sorted({key for key, _scale in groups_found})
        tables[kind] = [
            {
                "name": key,
                "cells": [_pool(groups_found.get((key, scale), [])) for scale in scales],
            }
            for key in keys
        ]
    return {
        "engagements": rows,
        "scales": [{"id": s, "name": names[s]} for s in scales],
        "by": tables,
    }


def _pool(parts: list[tuple[int, float]]) -> dict[str, Any]:
    n = sum(count for count, _diff in parts)
    if not n:
        return {"n": 0, "mean_change": None}
    return {"n": n, "mean_change": sum(count * diff for count, diff in parts) / n}
