"""Raw comparisons for display and small journals, and the multiple-testing step.

The adjusted numbers come from one model per journal (``insights.model``);
the figures here sit beside them so a reader can check them by hand
(docs/insights-api.md, "Raw comparison beside it"):

- ``rate_ratio_interval``: (x1/n1)/(x0/n0) with the exact conditional-binomial
  (Clopper-Pearson) 95% interval, from ``scipy.stats.beta``.
- ``mid_p_value``: two-sided mid-p binomial test of rate ratio = 1.
- ``fisher_exact_one_sided``: Fisher's exact test on any-cramp nights.
- ``shrunken_rate_ratio``: Gamma-Poisson posterior median, 95% interval and
  P(RR > 1), prior centred on the person's own overall rate (5 pseudo-nights).
- ``benjamini_hochberg``: q values within one family of columns (statsmodels
  ``multipletests``); ``insights.analysis`` has two, medicine changes and factors.

Nothing here imports Django.
"""

import math
from dataclasses import dataclass

from scipy import special, stats
from statsmodels.stats.multitest import multipletests

ALPHA = 0.05
PRIOR_NIGHTS = 5


@dataclass
class NightGroup:
    """Nightly counts of one group of logged nights, summarised."""

    nights: int = 0
    cramps: int = 0
    squares: int = 0
    cramp_nights: int = 0
    most: int = 0  # the heaviest night's count

    def add(self, count):
        self.nights += 1
        self.cramps += count
        self.squares += count * count
        self.cramp_nights += count > 0
        self.most = max(self.most, count)

    @property
    def rate(self):
        return self.cramps / self.nights if self.nights else 0.0

    def without_heaviest(self):
        """Cramps per night with the single heaviest night left out."""
        if self.nights <= 1:
            return 0.0
        return (self.cramps - self.most) / (self.nights - 1)

    @classmethod
    def of_array(cls, counts):
        """The same summary from a numpy array of nightly counts, without a Python loop."""
        if not len(counts):
            return cls()
        return cls(
            nights=int(len(counts)),
            cramps=int(counts.sum()),
            squares=int((counts * counts).sum()),
            cramp_nights=int((counts > 0).sum()),
            most=int(counts.max()),
        )

    @classmethod
    def of(cls, counts):
        group = cls()
        for count in counts:
            group.add(count)
        return group


def clopper_pearson(x, n, alpha=ALPHA):
    """Exact (Clopper-Pearson) interval for a binomial proportion x/n."""
    # special.betaincinv is scipy.stats.beta.ppf without the distribution-object overhead.
    low = 0.0 if x == 0 else float(special.betaincinv(x, n - x + 1, alpha / 2))
    high = 1.0 if x == n else float(special.betaincinv(x + 1, n - x, 1 - alpha / 2))
    return low, high


def rate_ratio_interval(x1, n1, x0, n0, alpha=ALPHA):
    """Rate ratio (x1/n1)/(x0/n0) with its exact conditional 95% interval.

    Given x1 + x0 cramps, x1 ~ Binomial(x1 + x0, p) with p = RR*n1/(RR*n1 + n0);
    the Clopper-Pearson bounds for p map to RR = p/(1-p) * n0/n1. Infinite
    values (no cramps in the unexposed nights) are returned as math.inf.
    """
    if n1 <= 0 or n0 <= 0 or x1 + x0 == 0:
        raise ValueError("a rate ratio needs nights in both groups and at least one cramp")
    rate_ratio = math.inf if x0 == 0 else (x1 / n1) / (x0 / n0)
    p_low, p_high = clopper_pearson(x1, x1 + x0, alpha)

    def to_ratio(p):
        return math.inf if p >= 1.0 else p / (1.0 - p) * n0 / n1

    return rate_ratio, to_ratio(p_low), to_ratio(p_high)


def mid_p_value(x1, n1, x0, n0):
    """Two-sided mid-p test of RR = 1: x1 ~ Binomial(x1 + x0, n1/(n1 + n0))."""
    total = x1 + x0
    if total == 0:
        return 1.0
    p0 = n1 / (n1 + n0)
    # special.bdtr/bdtrc are the Binomial(total, p0) distribution function and its complement.
    at_most = float(special.bdtr(x1, total, p0))
    below = float(special.bdtr(x1 - 1, total, p0)) if x1 > 0 else 0.0
    half_point = 0.5 * (at_most - below)
    upper = float(special.bdtrc(x1, total, p0)) + half_point
    lower = below + half_point
    return float(min(1.0, 2.0 * min(upper, lower)))


def fisher_exact_one_sided(c1, n1, c0, n0, alternative="greater"):
    """Fisher's exact test on any-cramp nights: c1 of n1 exposed vs c0 of n0.

    "greater" tests whether exposed nights more often had a cramp.
    """
    if alternative not in ("greater", "less"):
        raise ValueError("alternative is 'greater' or 'less'")
    table = [[c1, n1 - c1], [c0, n0 - c0]]
    return float(stats.fisher_exact(table, alternative=alternative).pvalue)


def shrunken_rate_ratio(x1, n1, x0, n0, prior_nights=PRIOR_NIGHTS, alpha=ALPHA):
    """Gamma-Poisson shrunken rate ratio: (median, low, high, P(RR > 1)).

    Prior Gamma(a = 0.5 + 5r, b = 5) centred on the overall rate r; each group's
    posterior is Gamma(a + x, b + n). With B = G1/(G1 + G0) ~ Beta(a + x1, a + x0),
    RR = B/(1 - B) * (b + n0)/(b + n1), so every figure is a Beta quantile.
    """
    nights = n1 + n0
    rate = (x1 + x0) / nights if nights else 0.0
    a = 0.5 + prior_nights * rate
    shape1, shape0 = a + x1, a + x0
    scale = (prior_nights + n0) / (prior_nights + n1)

    def ratio_at(q):
        b = float(special.betaincinv(shape1, shape0, q))
        return math.inf if b >= 1.0 else b / (1.0 - b) * scale

    # RR > 1  <=>  B > (b + n1)/(2b + n1 + n0)
    threshold = (prior_nights + n1) / (2 * prior_nights + n1 + n0)
    return (
        ratio_at(0.5),
        ratio_at(alpha / 2),
        ratio_at(1 - alpha / 2),
        float(special.betainc(shape0, shape1, 1.0 - threshold)),
    )


def benjamini_hochberg(p_values):
    """Benjamini-Hochberg q values, in the order given."""
    if not len(p_values):
        return []
    return [float(q) for q in multipletests(list(p_values), method="fdr_bh")[1]]


@dataclass(frozen=True)
class RawComparison:
    rate_ratio: float  # may be math.inf
    ci_low: float
    ci_high: float  # may be math.inf
    p: float


def raw_comparison(exposed: NightGroup, unexposed: NightGroup) -> RawComparison | None:
    """The unadjusted comparison a reader can check by hand, or None without data."""
    if exposed.nights == 0 or unexposed.nights == 0 or exposed.cramps + unexposed.cramps == 0:
        return None
    args = (exposed.cramps, exposed.nights, unexposed.cramps, unexposed.nights)
    ratio, low, high = rate_ratio_interval(*args)
    return RawComparison(ratio, low, high, mid_p_value(*args))


def finite(value):
    """The value, or None when it is missing, infinite or NaN (JSON has no inf)."""
    return None if value is None or math.isinf(value) or math.isnan(value) else float(value)
