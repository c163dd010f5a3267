"""Honest n-of-1 statistics over one person's journal (DOMAIN.md section 5).

Plain data in (``journal.records.Journal``), plain data out (``Analysis``).
The unit is the night; only logged nights count (a night cramp or a confirmed
cramp-free check-in), and a blank exposure leaves that night out of that one
comparison. Every number is computed in closed form or by a deterministic root
search (no sampling), so the same journal always gives the same page.

The building blocks are public so tests can check them against the worked
example in DOMAIN.md and against SciPy:

- ``rate_ratio_interval``: rate ratio with the exact conditional-binomial
  (Clopper-Pearson) 95% interval.
- ``mid_p_value``: two-sided mid-p binomial test of rate ratio = 1.
- ``fisher_exact_one_sided``: Fisher's exact test on any-cramp nights.
- ``shrunken_rate_ratio``: Gamma-Poisson posterior median, 95% interval and
  P(RR > 1), prior centred on the person's own overall rate (5 pseudo-nights).
- ``benjamini_hochberg``: q values across every comparison made.
- ``dispersion_index``: Pearson variance/mean of nightly counts within groups.

Nothing here imports Django.
"""

import math
import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from insights.triggers import CATALOG, exposures
from journal.records import Journal

ALPHA = 0.05
MIN_LOGGED_NIGHTS = 14
MIN_CRAMP_NIGHTS = 4
MIN_GROUP_NIGHTS = 5
MIN_CRAMPS = 5
Q_MAX = 0.10
RR_MIN = 1.5
PRIOR_NIGHTS = 5
MED_WINDOW_NIGHTS = 28
MED_SKIP_NIGHTS = 3
# Descriptive numbers: a rate per night/week from at least this many logged
# nights, a middle half (quartiles) from at least this many timed cramps.
MIN_NIGHTS_FOR_RATE = MIN_LOGGED_NIGHTS
MIN_TIMED_FOR_SPREAD = 4
# Beyond this variance/mean the rate model is not trusted at all and the
# comparison falls back to any-cramp nights (Fisher's exact test).
FISHER_FALLBACK_DISPERSION = 2.0
HOURS_IN_NIGHT = 18  # 18:00 .. 12:00

CAVEAT = "This is a pattern in your own journal, not proof of cause."
MEDICINE_CAVEAT = (
    "Do not stop or change a prescribed medicine because of this; discuss it with your doctor."
)

POSSIBLE_MORE = "possible_more"
POSSIBLE_FEWER = "possible_fewer"
NO_CLEAR = "no_clear"
NOT_ENOUGH = "not_enough"
VERDICT_LABELS = {
    POSSIBLE_MORE: "Possible link: more cramps",
    POSSIBLE_FEWER: "Possible link: fewer cramps",
    NO_CLEAR: "No clear pattern",
}


def verdict_label(verdict, nights_needed=None):
    if verdict != NOT_ENOUGH:
        return VERDICT_LABELS[verdict]
    if nights_needed:
        night_word = "night" if nights_needed == 1 else "nights"
        return f"Not enough data yet ({nights_needed} more {night_word} needed)"
    return "Not enough data yet"


# --- Special functions ---------------------------------------------------------


def _log_beta(a, b):
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _beta_continued_fraction(a, b, x):
    """Lentz's continued fraction for the incomplete beta function."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def regularized_beta(x, a, b):
    """I_x(a, b), the Beta(a, b) distribution function at x."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_continued_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_continued_fraction(b, a, 1.0 - x) / b


def beta_quantile(q, a, b):
    """x with I_x(a, b) = q: Newton steps kept inside a shrinking bisection bracket."""
    if q <= 0.0:
        return 0.0
    if q >= 1.0:
        return 1.0
    low, high = 0.0, 1.0
    x = a / (a + b)
    log_norm = _log_beta(a, b)
    for _ in range(200):
        f = regularized_beta(x, a, b) - q
        if f == 0.0:
            return x
        if f < 0:
            low = x
        else:
            high = x
        density = math.exp((a - 1) * math.log(x) + (b - 1) * math.log1p(-x) - log_norm)
        step = x - f / density if density > 0 else -1.0
        candidate = step if low < step < high else (low + high) / 2
        if abs(candidate - x) <= 1e-15 + 1e-12 * x or high - low <= 1e-15 + 1e-12 * x:
            return candidate
        x = candidate
    return x


def _binomial_pmf(k, n, p):
    if p <= 0.0:
        return 1.0 if k == 0 else 0.0
    if p >= 1.0:
        return 1.0 if k == n else 0.0
    log_comb = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
    return math.exp(log_comb + k * math.log(p) + (n - k) * math.log1p(-p))


def _binomial_at_least(k, n, p):
    """P(X >= k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    return regularized_beta(p, k, n - k + 1)


def normal_sf(z):
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def normal_isf(p):
    """z with P(Z > z) = p, by bisection (only used to rescale p values)."""
    low, high = -40.0, 40.0
    for _ in range(200):
        mid = (low + high) / 2
        if normal_sf(mid) > p:
            low = mid
        else:
            high = mid
        if high - low < 1e-12:
            break
    return (low + high) / 2


# --- Statistical building blocks -------------------------------------------------


def clopper_pearson(x, n, alpha=ALPHA):
    """Exact (Clopper-Pearson) interval for a binomial proportion x/n."""
    low = 0.0 if x == 0 else beta_quantile(alpha / 2, x, n - x + 1)
    high = 1.0 if x == n else beta_quantile(1 - alpha / 2, x + 1, n - x)
    return low, high


def rate_ratio_interval(x1, n1, x0, n0, alpha=ALPHA):
    """Rate ratio (x1/n1)/(x0/n0) with its exact conditional 95% interval.

    Given x1 + x0 cramps, x1 ~ Binomial(x1 + x0, p) with p = RR*n1/(RR*n1 + n0);
    the Clopper-Pearson bounds for p map to RR = p/(1-p) * n0/n1. Infinite
    values (no cramps in the unexposed nights) are returned as math.inf.
    """
    if n1 <= 0 or n0 <= 0 or x1 + x0 == 0:
        raise ValueError("a rate ratio needs nights in both groups and at least one cramp")
    total = x1 + x0
    rate_ratio = math.inf if x0 == 0 else (x1 / n1) / (x0 / n0)
    p_low, p_high = clopper_pearson(x1, total, alpha)

    def to_ratio(p):
        return math.inf if p >= 1.0 else p / (1.0 - p) * n0 / n1

    return rate_ratio, to_ratio(p_low), to_ratio(p_high)


def mid_p_value(x1, n1, x0, n0):
    """Two-sided mid-p test of RR = 1: x1 ~ Binomial(x1 + x0, n1/(n1 + n0))."""
    total = x1 + x0
    if total == 0:
        return 1.0
    p0 = n1 / (n1 + n0)
    half_point = 0.5 * _binomial_pmf(x1, total, p0)
    upper = _binomial_at_least(x1 + 1, total, p0) + half_point
    lower = 1.0 - _binomial_at_least(x1, total, p0) + half_point
    return min(1.0, 2.0 * min(upper, lower))


def _hypergeom_log_pmf(k, n1, n0, cases):
    def log_comb(n, r):
        return math.lgamma(n + 1) - math.lgamma(r + 1) - math.lgamma(n - r + 1)

    return log_comb(n1, k) + log_comb(n0, cases - k) - log_comb(n1 + n0, cases)


def fisher_exact_one_sided(c1, n1, c0, n0, alternative="greater"):
    """Fisher's exact test on any-cramp nights: c1 of n1 exposed vs c0 of n0.

    "greater" tests whether exposed nights more often had a cramp.
    """
    cases = c1 + c0
    k_min, k_max = max(0, cases - n0), min(n1, cases)
    if alternative == "greater":
        ks = range(c1, k_max + 1)
    elif alternative == "less":
        ks = range(k_min, c1 + 1)
    else:
        raise ValueError("alternative is 'greater' or 'less'")
    return min(1.0, sum(math.exp(_hypergeom_log_pmf(k, n1, n0, cases)) for k in ks))


def smoothed_risk_ratio(c1, n1, c0, n0, alpha=ALPHA):
    """Any-cramp-night risk ratio with Laplace-smoothed risks (c+1)/(n+2), log interval."""
    r1, r0 = (c1 + 1) / (n1 + 2), (c0 + 1) / (n0 + 2)
    ratio = r1 / r0
    se = math.sqrt(1 / (c1 + 1) - 1 / (n1 + 2) + 1 / (c0 + 1) - 1 / (n0 + 2))
    z = normal_isf(alpha / 2)
    return ratio, ratio * math.exp(-z * se), ratio * math.exp(z * se)


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
    scale1, scale0 = prior_nights + n1, prior_nights + n0

    def ratio_at(q):
        b = beta_quantile(q, shape1, shape0)
        return math.inf if b >= 1.0 else b / (1.0 - b) * scale0 / scale1

    p_greater = 1.0 - regularized_beta(scale1 / (scale1 + scale0), shape1, shape0)
    return ratio_at(0.5), ratio_at(alpha / 2), ratio_at(1 - alpha / 2), p_greater


def benjamini_hochberg(p_values):
    """Benjamini-Hochberg q values, in the order of the p values given."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    q_values = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        index = order[rank - 1]
        running = min(running, p_values[index] * m / rank)
        q_values[index] = min(1.0, running)
    return q_values


@dataclass
class NightGroup:
    """Nightly counts of one group of logged nights, summarised."""

    nights: int = 0
    cramps: int = 0
    squares: int = 0
    cramp_nights: int = 0

    def add(self, count):
        self.nights += 1
        self.cramps += count
        self.squares += count * count
        self.cramp_nights += count > 0

    @classmethod
    def of(cls, counts):
        group = cls()
        for count in counts:
            group.add(count)
        return group


def dispersion_index(groups):
    """Pearson variance/mean of nightly counts around each group's own mean.

    1 for Poisson counts; above 1 when cramps cluster on some nights.
    """
    chi2, nights = 0.0, 0
    for group in groups:
        nights += group.nights
        if group.nights and group.cramps:
            mean = group.cramps / group.nights
            chi2 += (group.squares - group.nights * mean * mean) / mean
    df = nights - len(groups)
    return chi2 / df if df > 0 else 1.0


def widen_interval(ratio, low, high, factor):
    """Stretch an interval on the log scale around the estimate by ``factor``."""
    if not 0 < ratio < math.inf or factor <= 1:
        return low, high
    new_low = ratio * (low / ratio) ** factor if low > 0 else 0.0
    new_high = ratio * (high / ratio) ** factor if high < math.inf else math.inf
    return new_low, new_high


def inflate_p_value(p, dispersion):
    """The p value of the same z statistic with its variance scaled by ``dispersion``."""
    if dispersion <= 1 or p >= 1:
        return p
    z = normal_isf(p / 2) / math.sqrt(dispersion)
    return min(1.0, 2 * normal_sf(z))


@dataclass(frozen=True)
class Comparison:
    rate_ratio: float  # may be math.inf
    ci_low: float
    ci_high: float  # may be math.inf
    p: float
    dispersion: float
    overdispersed: bool
    method: str


def compare_groups(exposed: NightGroup, unexposed: NightGroup) -> Comparison:
    """Exposed vs unexposed nights: rate model, widened or any-cramp fallback."""
    dispersion = dispersion_index((exposed, unexposed))
    overdispersed = dispersion > 1
    if dispersion > FISHER_FALLBACK_DISPERSION:
        c1, n1 = exposed.cramp_nights, exposed.nights
        c0, n0 = unexposed.cramp_nights, unexposed.nights
        ratio, low, high = smoothed_risk_ratio(c1, n1, c0, n0)
        p = min(
            1.0,
            2
            * min(
                fisher_exact_one_sided(c1, n1, c0, n0, "greater"),
                fisher_exact_one_sided(c1, n1, c0, n0, "less"),
            ),
        )
        return Comparison(ratio, low, high, p, dispersion, True, "any-cramp (Fisher)")
    args = (exposed.cramps, exposed.nights, unexposed.cramps, unexposed.nights)
    ratio, low, high = rate_ratio_interval(*args)
    p = mid_p_value(*args)
    method = "rate"
    if overdispersed:
        low, high = widen_interval(ratio, low, high, math.sqrt(dispersion))
        p = inflate_p_value(p, dispersion)
        method = "rate (interval widened for overdispersion)"
    return Comparison(ratio, low, high, p, dispersion, overdispersed, method)


def decide(comparison: Comparison, q_value: float) -> str:
    """The label rule: interval excludes 1, q <= 0.10 and a ratio of at least 1.5."""
    if q_value > Q_MAX:
        return NO_CLEAR
    if comparison.ci_low > 1 and comparison.rate_ratio >= RR_MIN:
        return POSSIBLE_MORE
    if comparison.ci_high < 1 and comparison.rate_ratio <= 1 / RR_MIN:
        return POSSIBLE_FEWER
    return NO_CLEAR


def enough_to_compare(exposed: NightGroup, unexposed: NightGroup) -> bool:
    return (
        exposed.nights >= MIN_GROUP_NIGHTS
        and unexposed.nights >= MIN_GROUP_NIGHTS
        and exposed.cramps + unexposed.cramps >= MIN_CRAMPS
    )


def _finite(value):
    return None if value is None or math.isinf(value) or math.isnan(value) else value


# --- Results -------------------------------------------------------------------


@dataclass(frozen=True)
class Completeness:
    logged: int
    total: int
    share: float  # 0..1; 0 for an empty journal


@dataclass(frozen=True)
class TriggerResult:
    trigger_id: str
    label: str
    explanation: str
    sources: tuple[str, ...]
    lag: int
    n_exposed: int
    n_unexposed: int
    x_exposed: int
    x_unexposed: int
    rate_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p_mid: float | None
    q_value: float | None
    shrunk_rr: float | None
    shrunk_low: float | None
    shrunk_high: float | None
    p_rr_gt_1: float | None
    overdispersed: bool
    method: str
    verdict: str
    verdict_label: str
    nights_needed: int | None
    sentence: str
    is_medication: bool
    n_missing: int = 0  # logged nights left out because the exposure was blank


@dataclass(frozen=True)
class MedicationChange:
    medication_id: int
    name: str
    drug_class: str
    kind: str  # "start" | "stop" | "dose change"
    on: date  # the date as recorded (start date, or last day taken for a stop)
    nights_before: int
    cramps_before: int
    nights_after: int
    cramps_after: int
    rate_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    verdict: str
    verdict_label: str
    sentence: str
    p_mid: float | None = None
    q_value: float | None = None
    method: str = "rate"
    nights_needed: int | None = None


@dataclass(frozen=True)
class ReliefRow:
    relief: str  # journal.models.Relief value
    tried: int  # cramps where it was tried
    best: int  # cramps where it was rated most helpful
    median_duration_seconds: float | None  # of cramps where it was tried


@dataclass(frozen=True)
class Descriptives:
    logged_nights: int
    night_cramps: int  # night-time cramps on logged nights
    cramp_nights: int
    daytime_cramps: int
    per_logged_night: float | None
    per_week: float | None
    hour_counts: tuple[int, ...]  # 18 bins: 18:00-19:00 .. 11:00-12:00
    hour_labels: tuple[str, ...]
    muscles: tuple[tuple[str, int], ...]  # (journal.models.Muscle value, cramps), most first
    sides: tuple[tuple[str, int], ...]
    duration_median_seconds: float | None
    duration_q1_seconds: float | None
    duration_q3_seconds: float | None
    severity_median: float | None
    relief: tuple[ReliefRow, ...]


@dataclass(frozen=True)
class Analysis:
    status: str  # "empty" | "charts_only" | "ready"
    completeness: Completeness
    triggers: list[TriggerResult]
    medication_changes: list[MedicationChange]
    factors_checked: int
    descriptives: Descriptives
    nights_needed: int | None = None  # before verdicts are possible (charts_only)

    @property
    def possible_links(self):
        return [t for t in self.triggers if t.verdict in (POSSIBLE_MORE, POSSIBLE_FEWER)]

    @property
    def no_clear(self):
        return [t for t in self.triggers if t.verdict == NO_CLEAR]

    @property
    def not_enough(self):
        return [t for t in self.triggers if t.verdict == NOT_ENOUGH]


# --- The analysis ----------------------------------------------------------------


def _shortfall_nights(missing, per_night):
    """Logged nights needed to gain ``missing`` more, at ``per_night`` gained per night."""
    if missing <= 0:
        return 0
    return math.ceil(missing / per_night) if per_night > 0 else missing


def nights_needed_for(exposed: NightGroup, unexposed: NightGroup, logged: int) -> int:
    """About how many more logged nights until this comparison can be made.

    Extrapolates from how often, so far, a logged night was exposed, unexposed
    and brought cramps into the comparison; with no history yet it is the
    plain shortfall (a lower bound).
    """
    per = (lambda count: count / logged) if logged else (lambda count: 0.0)
    needs = (
        _shortfall_nights(MIN_GROUP_NIGHTS - exposed.nights, per(exposed.nights)),
        _shortfall_nights(MIN_GROUP_NIGHTS - unexposed.nights, per(unexposed.nights)),
        _shortfall_nights(
            MIN_CRAMPS - exposed.cramps - unexposed.cramps,
            per(exposed.cramps + unexposed.cramps),
        ),
    )
    return max(1, *needs)


def _count_phrase(x1, n1, x0, n0):
    return (
        f"{x1} {'cramp' if x1 == 1 else 'cramps'} in {n1} {'night' if n1 == 1 else 'nights'} "
        f"vs {x0} in {n0} {'night' if n0 == 1 else 'nights'}"
    )


def trigger_sentence(trigger, verdict, exposed, unexposed, nights_needed, method):
    x1, n1, x0, n0 = exposed.cramps, exposed.nights, unexposed.cramps, unexposed.nights
    counts = _count_phrase(x1, n1, x0, n0)
    if method.startswith("any-cramp"):
        counts += (
            f"; at least one cramp on {exposed.cramp_nights} of {n1} vs "
            f"{unexposed.cramp_nights} of {n0} nights"
        )
    if verdict == POSSIBLE_MORE:
        text = f"More cramps were logged on {trigger.exposed_phrase} ({counts}). {CAVEAT}"
    elif verdict == POSSIBLE_FEWER:
        text = f"Fewer cramps were logged on {trigger.exposed_phrase} ({counts}). {CAVEAT}"
    elif verdict == NO_CLEAR:
        text = (
            f"No clear difference between {trigger.exposed_phrase} and "
            f"{trigger.unexposed_phrase} ({counts}). That does not rule a link out; "
            "it may show with more nights."
        )
    else:
        text = (
            f"Too few logged nights to compare yet: {n1} {trigger.exposed_phrase} and "
            f"{n0} {trigger.unexposed_phrase}, with {x1 + x0} cramps between them. "
            f"About {nights_needed} more logged {'night is' if nights_needed == 1 else 'nights are'} needed."
        )
    if trigger.is_medication and verdict in (POSSIBLE_MORE, POSSIBLE_FEWER):
        text += " " + MEDICINE_CAVEAT
    return text


def _trigger_groups(nights, exposure_list):
    """(exposed, unexposed, missing) over logged nights; one pass, no per-night objects."""
    sums = {True: [0, 0, 0, 0], False: [0, 0, 0, 0]}  # nights, cramps, squares, cramp nights
    missing = 0
    for night, flag in zip(nights, exposure_list, strict=True):
        if not night.logged:
            continue  # unlogged nights are missing, never zero
        if flag is None:
            missing += 1  # a blank exposure is missing, never "no"
            continue
        count, acc = night.cramps, sums[flag]
        acc[0] += 1
        acc[1] += count
        acc[2] += count * count
        acc[3] += count > 0
    return NightGroup(*sums[True]), NightGroup(*sums[False]), missing


@dataclass(frozen=True)
class _MedicationEvent:
    medication: object  # MedicationRecord
    kind: str
    on: date
    first_new_night: date  # first night in the new state


def medication_events(medications):
    """Starts, stops and dose changes, oldest first.

    A dose change is recorded as a new period of the same medicine that begins
    within a day of the previous one ending; it is one event, not a stop and a
    start.
    """
    by_name = {}
    for med in medications:
        by_name.setdefault(med.name.strip().casefold(), []).append(med)
    events = []
    for periods in by_name.values():
        periods.sort(key=lambda m: (m.started_on, m.id))
        continued = set()
        for previous, current in zip(periods, periods[1:], strict=False):
            if (
                previous.stopped_on is not None
                and previous.stopped_on <= current.started_on <= previous.stopped_on + timedelta(1)
            ):
                events.append(
                    _MedicationEvent(current, "dose change", current.started_on, current.started_on)
                )
                continued.add((previous.id, "stop"))
                continued.add((current.id, "start"))
        for med in periods:
            if (med.id, "start") not in continued:
                events.append(_MedicationEvent(med, "start", med.started_on, med.started_on))
            if med.stopped_on is not None and (med.id, "stop") not in continued:
                events.append(
                    _MedicationEvent(med, "stop", med.stopped_on, med.stopped_on + timedelta(1))
                )
    events.sort(key=lambda e: (e.on, e.medication.id, e.kind))
    return events


def medication_windows(first_new_night):
    """(first, last) nights before and after a change: 28 before, skip 3, 28 after."""
    before = (first_new_night - timedelta(MED_WINDOW_NIGHTS), first_new_night - timedelta(1))
    after_start = first_new_night + timedelta(MED_SKIP_NIGHTS)
    after = (after_start, after_start + timedelta(MED_WINDOW_NIGHTS - 1))
    return before, after


def _window_group(nights, journal_first, window):
    start = max(0, (window[0] - journal_first).days)
    end = min(len(nights) - 1, (window[1] - journal_first).days)
    group = NightGroup()
    for night in nights[start : end + 1]:
        if night.logged:
            group.add(night.cramps)
    return group


def _day(value):
    return f"{value.day} {value:%b %Y}"


def medication_sentence(event, verdict, before, after, nights_needed):
    med = event.medication
    what = {
        "start": f"you started {med.name}",
        "stop": f"you stopped {med.name}",
        "dose change": f"the dose change of {med.name}",
    }[event.kind]
    counts = (
        f"{after.cramps} cramps in {after.nights} logged nights after vs "
        f"{before.cramps} in {before.nights} in the 4 weeks before; the first "
        f"{MED_SKIP_NIGHTS} nights after the change are left out"
    )
    if verdict == POSSIBLE_MORE:
        text = f"More cramps were logged after {what} on {_day(event.on)} ({counts}). {CAVEAT}"
    elif verdict == POSSIBLE_FEWER:
        text = f"Fewer cramps were logged after {what} on {_day(event.on)} ({counts}). {CAVEAT}"
    elif verdict == NO_CLEAR:
        text = f"No clear change after {what} on {_day(event.on)} ({counts})."
    else:
        text = f"Too few logged nights around {what} on {_day(event.on)} to compare ({counts})."
    return f"{text} {MEDICINE_CAVEAT}"


def _rank_key(result):
    order = {POSSIBLE_MORE: 0, POSSIBLE_FEWER: 1, NO_CLEAR: 2, NOT_ENOUGH: 3}[result.verdict]
    if result.verdict == POSSIBLE_FEWER:
        strength = -(result.shrunk_high or 0.0)  # lower upper bound = clearer "fewer"
    elif result.verdict == NOT_ENOUGH:
        strength = -(result.nights_needed or 0)
    else:
        strength = result.shrunk_low if result.shrunk_low is not None else 0.0
    return (order, -strength, result.trigger_id)


def _median(values):
    return statistics.median(values) if values else None


def _quartiles(values):
    if not values:
        return None, None
    if len(values) == 1:
        return float(values[0]), float(values[0])
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def _counted(values):
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def describe(nights, cramps) -> Descriptives:
    logged_days = {n.night for n in nights if n.logged}
    night_cramps = [c for c in cramps if c.is_night and c.journal_day in logged_days]
    daytime = [c for c in cramps if not c.is_night]
    logged = len(logged_days)
    hours = [0] * HOURS_IN_NIGHT
    for cramp in night_cramps:
        hours[min(HOURS_IN_NIGHT - 1, max(0, int(cramp.hours_into_night)))] += 1
    durations = sorted(c.duration_seconds for c in cramps if c.duration_seconds is not None)
    # A spread of a handful of values (or a rate from a few nights) says nothing:
    # below the stated minimums the page shows counts only.
    q1, q3 = _quartiles(durations) if len(durations) >= MIN_TIMED_FOR_SPREAD else (None, None)
    best_counts, tried_durations = {}, {}
    for cramp in cramps:
        if cramp.relief_best:
            best_counts[cramp.relief_best] = best_counts.get(cramp.relief_best, 0) + 1
        for relief in cramp.relief_tried:
            durations_of = tried_durations.setdefault(relief, [])
            if cramp.duration_seconds is not None:
                durations_of.append(cramp.duration_seconds)
    relief_rows = [
        ReliefRow(
            relief=relief,
            tried=tried,
            best=best_counts.get(relief, 0),
            median_duration_seconds=_median(tried_durations.get(relief, [])),
        )
        for relief, tried in _counted(r for c in cramps for r in c.relief_tried)
    ]
    per_night = len(night_cramps) / logged if logged >= MIN_NIGHTS_FOR_RATE else None
    return Descriptives(
        logged_nights=logged,
        night_cramps=len(night_cramps),
        cramp_nights=len({c.journal_day for c in night_cramps}),
        daytime_cramps=len(daytime),
        per_logged_night=per_night,
        per_week=None if per_night is None else per_night * 7,
        hour_counts=tuple(hours),
        hour_labels=tuple(f"{(18 + h) % 24:02d}:00" for h in range(HOURS_IN_NIGHT)),
        muscles=_counted(c.muscle for c in cramps),
        sides=_counted(c.side for c in cramps),
        duration_median_seconds=_median(durations),
        duration_q1_seconds=q1,
        duration_q3_seconds=q3,
        severity_median=_median([c.severity for c in cramps if c.severity is not None]),
        relief=tuple(relief_rows),
    )


def analyse(journal: Journal, *, today: date | None = None) -> Analysis:
    """Everything the insights page shows, from one journal."""
    # Nights that have not happened yet are not "unlogged"; leave them out.
    nights = [n for n in journal.nights if n.logged or today is None or n.night < today]
    logged = [n for n in nights if n.logged]
    cramp_nights = sum(1 for n in logged if n.cramps > 0)
    completeness = Completeness(
        logged=len(logged), total=len(nights), share=len(logged) / len(nights) if nights else 0.0
    )
    descriptives = describe(nights, journal.cramps)

    if not logged and not journal.cramps:
        status = "empty"
    elif len(logged) < MIN_LOGGED_NIGHTS or cramp_nights < MIN_CRAMP_NIGHTS:
        status = "charts_only"
    else:
        status = "ready"
    overall_needed = None
    if status != "ready":
        cramp_night_rate = cramp_nights / len(logged) if logged else 0.0
        overall_needed = max(
            1,
            _shortfall_nights(MIN_LOGGED_NIGHTS - len(logged), 1.0),
            _shortfall_nights(MIN_CRAMP_NIGHTS - cramp_nights, cramp_night_rate),
        )

    # Unlogged nights (including any not yet happened) drop out of every group.
    exposure_lists = exposures(journal)

    # Pass 1: counts and comparisons; q values need every p value first.
    pending = []  # (trigger, exposed, unexposed, missing, comparison | None)
    for trigger in CATALOG:
        exposed, unexposed, missing = _trigger_groups(journal.nights, exposure_lists[trigger.id])
        comparison = None
        if status == "ready" and enough_to_compare(exposed, unexposed):
            comparison = compare_groups(exposed, unexposed)
        pending.append((trigger, exposed, unexposed, missing, comparison))

    med_pending = []
    if logged:
        for event in medication_events(journal.medications):
            before_window, after_window = medication_windows(event.first_new_night)
            if after_window[0] > journal.last or before_window[1] < journal.first:
                continue
            before = _window_group(journal.nights, journal.first, before_window)
            after = _window_group(journal.nights, journal.first, after_window)
            comparison = None
            if status == "ready" and enough_to_compare(after, before):
                comparison = compare_groups(after, before)
            med_pending.append((event, before, after, comparison))

    tested = [c for *_, c in pending if c] + [c for *_, c in med_pending if c]
    q_iter = iter(benjamini_hochberg([c.p for c in tested]))

    results = []
    for trigger, exposed, unexposed, missing, comparison in pending:
        needed = None
        if comparison is None:
            verdict = NOT_ENOUGH
            needed = (
                overall_needed
                if status != "ready"
                else nights_needed_for(exposed, unexposed, len(logged))
            )
            q = None
            shrunk = (None, None, None, None)
        else:
            q = next(q_iter)
            verdict = decide(comparison, q)
            shrunk = shrunken_rate_ratio(
                exposed.cramps, exposed.nights, unexposed.cramps, unexposed.nights
            )
        results.append(
            TriggerResult(
                trigger_id=trigger.id,
                label=trigger.label,
                explanation=trigger.explanation,
                sources=trigger.sources,
                lag=trigger.lag,
                n_exposed=exposed.nights,
                n_unexposed=unexposed.nights,
                x_exposed=exposed.cramps,
                x_unexposed=unexposed.cramps,
                rate_ratio=_finite(comparison and comparison.rate_ratio),
                ci_low=_finite(comparison and comparison.ci_low),
                ci_high=_finite(comparison and comparison.ci_high),
                p_mid=comparison and comparison.p,
                q_value=q,
                shrunk_rr=_finite(shrunk[0]),
                shrunk_low=_finite(shrunk[1]),
                shrunk_high=_finite(shrunk[2]),
                p_rr_gt_1=shrunk[3],
                overdispersed=bool(comparison and comparison.overdispersed),
                method=comparison.method if comparison else "rate",
                verdict=verdict,
                verdict_label=verdict_label(verdict, needed),
                nights_needed=needed,
                sentence=trigger_sentence(
                    trigger,
                    verdict,
                    exposed,
                    unexposed,
                    needed,
                    comparison.method if comparison else "rate",
                ),
                is_medication=trigger.is_medication,
                n_missing=missing,
            )
        )
    results.sort(key=_rank_key)

    changes = []
    for event, before, after, comparison in med_pending:
        needed = None
        if comparison is None:
            verdict = NOT_ENOUGH
            q = None
            # Windows are fixed around the change, so once verdicts are possible
            # a shortfall has no "more nights" answer.
            needed = overall_needed if status != "ready" else None
        else:
            q = next(q_iter)
            verdict = decide(comparison, q)
        med = event.medication
        changes.append(
            MedicationChange(
                medication_id=med.id,
                name=med.name,
                drug_class=med.drug_class,
                kind=event.kind,
                on=event.on,
                nights_before=before.nights,
                cramps_before=before.cramps,
                nights_after=after.nights,
                cramps_after=after.cramps,
                rate_ratio=_finite(comparison and comparison.rate_ratio),
                ci_low=_finite(comparison and comparison.ci_low),
                ci_high=_finite(comparison and comparison.ci_high),
                verdict=verdict,
                verdict_label=verdict_label(verdict, needed),
                sentence=medication_sentence(event, verdict, before, after, needed),
                p_mid=comparison and comparison.p,
                q_value=q,
                method=comparison.method if comparison else "rate",
                nights_needed=needed,
            )
        )

    return Analysis(
        status=status,
        completeness=completeness,
        triggers=results,
        medication_changes=changes,
        factors_checked=len(tested),
        descriptives=descriptives,
        nights_needed=overall_needed,
    )
