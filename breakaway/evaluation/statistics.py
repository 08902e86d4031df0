"""Paired statistics for before-and-after scores: the numbers the impact report stands on.

Pure (NumPy and SciPy's distributions, no Django). Each figure follows a named reference so
a reader can check it: the paired t-test is `scipy.stats.ttest_rel(later, earlier)`, the
Wilcoxon signed-rank test is `scipy.stats.wilcoxon(non-zero diffs, correction=False)` —
exact when there are at most 50 non-zero differences and no ties among their sizes, else the
normal approximation with the tie correction. A figure that is undefined (too few pairs, no
variation) is None, never NaN.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

EXACT_WILCOXON_LIMIT = 50
Z_975 = 1.959963984540054  # the standard normal's 97.5th percentile


@dataclass(frozen=True)
class PairedComparison:
    n_pairs: int
    from_mean: float | None
    to_mean: float | None
    mean_diff: float | None
    mean_diff_ci95: tuple[float, float] | None
    t_statistic: float | None
    t_p: float | None
    wilcoxon_statistic: float | None
    wilcoxon_p: float | None
    cohens_dz: float | None
    cohens_dz_ci95: tuple[float, float] | None
    rank_biserial: float | None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("mean_diff_ci95", "cohens_dz_ci95"):
            if data[key] is not None:
                data[key] = list(data[key])
        return data


@dataclass(frozen=True)
class SignedRank:
    statistic: float  # min(W+, W-)
    p: float
    w_plus: float
    w_minus: float
    exact: bool


def paired_comparison(earlier: ArrayLike, later: ArrayLike) -> PairedComparison:
    """Compare two paired samples (the same people, in the same order); diff = later - earlier."""
    before = np.asarray(earlier, dtype=float)
    after = np.asarray(later, dtype=float)
    if before.shape != after.shape or before.ndim != 1:
        raise ValueError("earlier and later must be one-dimensional and the same length")
    n = len(before)
    if n == 0:
        return PairedComparison(0, *([None] * 11))  # type: ignore[arg-type]
    diff = after - before
    mean_diff = float(diff.mean())
    ci = t_stat = t_p = dz = dz_ci = None
    if n >= 2:
        sd = float(diff.std(ddof=1)) if np.ptp(diff) > 0 else 0.0
        if sd <= 1e-9 * max(1.0, abs(mean_diff)):
            # Everyone changed by the same amount, give or take rounding in the last bit of
            # a float: there is no spread, so no t-test and no effect size.
            sd = 0.0
        se = sd / math.sqrt(n)
        t_crit = float(stats.t.ppf(0.975, n - 1))
        ci = (mean_diff - t_crit * se, mean_diff + t_crit * se)
        if sd > 0:
            t_stat = mean_diff / se
            t_p = float(2 * stats.t.sf(abs(t_stat), n - 1))
            dz = mean_diff / sd
            dz_se = math.sqrt(1 / n + dz * dz / (2 * n))
            dz_ci = (dz - Z_975 * dz_se, dz + Z_975 * dz_se)
    ranked = signed_rank(diff[diff != 0])
    return PairedComparison(
        n_pairs=n,
        from_mean=float(before.mean()),
        to_mean=float(after.mean()),
        mean_diff=mean_diff,
        mean_diff_ci95=ci,
        t_statistic=t_stat,
        t_p=t_p,
        wilcoxon_statistic=None if ranked is None else ranked.statistic,
        wilcoxon_p=None if ranked is None else ranked.p,
        cohens_dz=dz,
        cohens_dz_ci95=dz_ci,
        rank_biserial=None
        if ranked is None
        else (ranked.w_plus - ranked.w_minus) / (ranked.w_plus + ranked.w_minus),
    )


def signed_rank(nonzero: ArrayLike) -> SignedRank | None:
    """The Wilcoxon signed-rank test, two-sided, on differences that are all non-zero."""
    d = np.asarray(nonzero, dtype=float)
    m = len(d)
    if m == 0:
        return None
    sizes = np.abs(d)
    ranks = stats.rankdata(sizes)  # average ranks for ties
    w_plus = float(ranks[d > 0].sum())
    w_minus = float(ranks[d < 0].sum())
    statistic = min(w_plus, w_minus)
    _values, tie_counts = np.unique(sizes, return_counts=True)
    if m <= EXACT_WILCOXON_LIMIT and len(tie_counts) == m:
        return SignedRank(statistic, _exact_p(int(statistic), m), w_plus, w_minus, True)
    mean = m * (m + 1) / 4
    variance = (
        m * (m + 1) * (2 * m + 1) / 24
        - float((tie_counts.astype(float) ** 3 - tie_counts).sum()) / 48
    )
    if variance <= 0:
        return SignedRank(statistic, 1.0, w_plus, w_minus, False)
    z = (statistic - mean) / math.sqrt(variance)
    p = float(min(1.0, 2 * stats.norm.sf(abs(z))))
    return SignedRank(statistic, p, w_plus, w_minus, False)


def _exact_p(statistic: int, m: int) -> float:
    """Two-sided exact p: twice the chance of a rank sum this small, from the counts of every
    subset of the ranks 1..m by its sum (whole numbers, so no rounding on the way)."""
    counts = [1] + [0] * (m * (m + 1) // 2)
    top = 0
    for rank in range(1, m + 1):
        top += rank
        for total in range(top, rank - 1, -1):
            counts[total] += counts[total - rank]
    at_most = sum(counts[: statistic + 1])
    return min(1.0, 2 * at_most / 2**m)


def mcnemar(right_before_wrong_after: int, wrong_before_right_after: int) -> float | None:
    """McNemar's exact test (binomial) on the discordant pairs of a right/wrong question."""
    b, c = right_before_wrong_after, wrong_before_right_after
    if b + c == 0:
        return None
    return float(min(1.0, 2 * stats.binom.cdf(min(b, c), b + c, 0.5)))


def rate_ratio(
    events_before: int, exposure_before: float, events_after: int, exposure_after: float
) -> tuple[float, tuple[float, float]] | None:
    """The ratio of two Poisson rates (after / before) with its 95% CI on the log scale.

    Undefined (None) when either side has no events or no exposure.
    """
    if min(events_before, events_after) <= 0 or min(exposure_before, exposure_after) <= 0:
        return None
    ratio = (events_after / exposure_after) / (events_before / exposure_before)
    se = math.sqrt(1 / events_before + 1 / events_after)
    return ratio, (ratio * math.exp(-Z_975 * se), ratio * math.exp(Z_975 * se))
