"""Calibration of the notification model from the "Seen by" counts group admins can read.

Under every group post Facebook shows "Seen by N" (Gezien door N). For post ``i`` with
``n_i`` eligible members (the size at the post minus the author when a member),

    seen_by_i ~ BetaBinomial(n_i, mean mu_i, overdispersion rho)
    mu_i = v          below the threshold (every post notifies)
    mu_i = v * h      at and above it (highlights)

``rho`` is the correlation between two members' views of the same post (posts differ in
appeal): the variance of ``seen_by_i / n_i`` is ``mu (1 - mu) (rho + (1 - rho) / n)``, so
with a few hundred members per post it is ``rho`` that sets the spread, and a binomial
model (``rho = 0``) would give intervals far too narrow.

Priors: ``v`` and ``h`` are Beta distributions whose 5th and 95th percentiles are the
ends of the prior model's ranges (``1 - opt_out_range`` and ``highlight_range``), so the
data can move an estimate outside a range that was wrong; ``rho ~ Uniform(0, 0.3)``.

The posterior is computed on a grid over ``(logit v, logit v h, logit rho / 0.3)``: the
likelihood factorises into the posts below the threshold (``v``, ``rho``) and those at or
above it (``v h``, ``rho``), so each post is evaluated on two 2-D grids only, with
``scipy.special.betaln``. The grid's box is found by refinement (a coarse grid over the
whole space, then boxes around the cells within 25 log units of the best, until they
stop shrinking), and posterior draws are taken from the final grid with a uniform jitter
inside each cell. When no post is at or above the threshold, ``h`` is not identified and
its draws are its prior; when none is below, ``v`` is not identified and its draws are
its prior (only ``v h`` is measured: ``h`` is fitted given each draw of ``v``).
"""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt
import polars as pl
from pydantic import PrivateAttr

from groepsinzicht.errors import DataQualityWarning, ParameterError, ParameterTypeError, shorten
from groepsinzicht.reach import _core as core
from groepsinzicht.reach._model import NotificationModel

if TYPE_CHECKING:
    from collections.abc import Mapping

    from groepsinzicht.dataset import Dataset

__all__ = [
    "EXCLUDE_REASONS",
    "OVERDISPERSION_MAX",
    "Calibration",
    "CalibratedModel",
    "ParameterEstimate",
    "calibrate",
    "resolve_model",
    "seen_by_template",
]

FloatArray = npt.NDArray[np.float64]

#: Upper end of the overdispersion prior, ``rho ~ Uniform(0, OVERDISPERSION_MAX)``.
OVERDISPERSION_MAX: Final = 0.3
#: Posterior draws summarised (the first ``core.INTERVAL_DRAWS`` drive reach intervals).
POSTERIOR_DRAWS: Final = 20_000
POSTERIOR_SEED: Final = 20261202
#: Draws behind each post's predictive interval.
PREDICTIVE_DRAWS: Final = 400
#: Grid points per dimension (while refining, and final), refinement passes and the
#: box's log-density margin.
GRID_COARSE: Final = 21
GRID: Final = 41
PASSES: Final = 8
MARGIN: Final = 25.0
#: Posts per chunk of the likelihood evaluation (bounded memory).
_CHUNK: Final = 2048

#: Why a row of ``seen_by`` was left out of the fit, in the order they are checked.
EXCLUDE_REASONS: Final = (
    "unmatched", "ambiguous", "no count", "negative count", "unknown size",
    "count above eligible", "too early", "duplicate",
)
_REASON = pl.Enum(list(EXCLUDE_REASONS))
_KEY = ["container_id", "post_id"]

#: The assumption behind every calibrated number, stated wherever one is shown.
ASSUMPTION: Final = ('"Seen by" is read as "notified": members also see posts without a '
                     "notification, and not every notified member opens the post")


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class ParameterEstimate:
    """A posterior summary: mean and 90% credible interval.

    Examples
    --------
    >>> ParameterEstimate(0.8, 0.75, 0.84)
    0.800 [0.750–0.840]
    """

    estimate: float
    low: float
    high: float

    def __repr__(self) -> str:
        return f"{self.estimate:.3f} [{self.low:.3f}–{self.high:.3f}]"


class CalibratedModel(NotificationModel):
    """A :class:`NotificationModel` whose rates come from a :class:`Calibration`.

    It is a ``NotificationModel`` in every respect; its ``repr`` names the calibration as
    the source of ``opt_out_rate`` and ``highlight_rate`` and states the assumption.
    """

    _calibration: dict[str, str] = PrivateAttr(default_factory=dict)

    def _source(self, name: str) -> str:
        if name in self._calibration:
            return self._calibration[name]
        return super()._source(name)

    def _short(self) -> str:
        return f"{super()._short()}, {self._calibration.get('note', 'calibrated')}"


@dataclass(frozen=True, eq=False)
class Calibration:
    """The notification model fitted to "Seen by" counts (see :func:`calibrate`).

    "Seen by" is read as "notified": ``opt_out_rate = 1 - view_rate`` and
    ``highlight_rate = h``. Members also see posts without a notification (in the feed,
    by visiting the group) and not every notified member opens a post, so the view rate
    is the share of eligible members who *saw* a post, a stand-in for the notified share.

    Attributes
    ----------
    view_rate
        ``v``, the share of eligible members who see a post below the threshold.
    highlight_rate
        ``h``, the factor by which highlights reduce that from the threshold on.
    overdispersion
        ``rho``, the beta-binomial overdispersion (prior ``Uniform(0, 0.3)``).
    identified
        ``{"view_rate": bool, "highlight_rate": bool}``: false where no post informs the
        parameter (none below, or none at or above, the threshold); it then stays at its
        prior.
    model
        A :class:`NotificationModel` (a :class:`CalibratedModel`) with
        ``opt_out_rate = 1 - view_rate.estimate``, ``highlight_rate =
        highlight_rate.estimate`` and the ranges set to the credible intervals (the prior
        ranges where not identified).
    prior
        The model whose ranges gave the priors.
    posts
        The per-post fit: ``container_id``, ``post_id``, ``eligible``, ``regime``,
        ``seen_by``, ``expected`` (posterior mean of ``eligible * mu``), ``low`` and
        ``high`` (5th and 95th percentiles of the posterior predictive count).
    excluded
        The rows of ``seen_by`` left out, with a ``reason`` (see :data:`EXCLUDE_REASONS`).
    min_age
        Counts recorded earlier after the post were excluded as too early.
    age_unknown
        Posts fitted whose count has no ``recorded_at``.

    Examples
    --------
    See :func:`calibrate`.
    """

    view_rate: ParameterEstimate
    highlight_rate: ParameterEstimate
    overdispersion: ParameterEstimate
    identified: Mapping[str, bool]
    model: NotificationModel
    prior: NotificationModel
    posts: pl.DataFrame
    excluded: pl.DataFrame
    min_age: timedelta
    age_unknown: int
    _draws: tuple[FloatArray, FloatArray, FloatArray] = field(repr=False)
    _prior_intervals: tuple[tuple[float, float], tuple[float, float],
                            tuple[float, float]] = field(repr=False)

    # ------------------------------------------------------------------ views
    def interval_draws(self) -> tuple[FloatArray, FloatArray]:
        """Joint posterior draws of ``(v, h)`` behind calibrated reach intervals.

        Examples
        --------
        See :func:`calibrate`.
        """
        v, h, _ = self._draws
        return v[: core.INTERVAL_DRAWS], h[: core.INTERVAL_DRAWS]

    def to_frame(self) -> pl.DataFrame:
        """One row per parameter: the prior's 90% interval and the posterior.

        Columns: ``parameter``, ``prior_low``, ``prior_high``, ``estimate``, ``low``,
        ``high``, ``identified``.

        Examples
        --------
        See :func:`calibrate`.
        """
        names = ("view_rate", "highlight_rate", "overdispersion")
        values = (self.view_rate, self.highlight_rate, self.overdispersion)
        return pl.DataFrame({
            "parameter": list(names),
            "prior_low": [p[0] for p in self._prior_intervals],
            "prior_high": [p[1] for p in self._prior_intervals],
            "estimate": [e.estimate for e in values],
            "low": [e.low for e in values],
            "high": [e.high for e in values],
            "identified": [self.identified["view_rate"], self.identified["highlight_rate"],
                           self.posts.height >= 2],
        })

    def _counts(self) -> tuple[int, int]:
        below = int((self.posts.get_column("regime") == "all").sum())
        return below, self.posts.height - below

    def _lines(self) -> list[str]:
        below, above = self._counts()
        t = self.prior.threshold
        lines = [f"{self.posts.height} posts fitted ({below} below {t} members, "
                 f"{above} at or above)"]
        if self.age_unknown:
            lines[0] += f", {self.age_unknown} of age unknown (no recorded_at)"
        if self.excluded.height:
            reasons = (self.excluded.group_by("reason").len().sort("reason")
                       .rows())
            lines[0] += "; excluded: " + ", ".join(f"{n} {r}" for r, n in reasons)
        for name, est in (("view_rate", self.view_rate),
                          ("highlight_rate", self.highlight_rate)):
            note = "" if self.identified[name] else (
                "  NOT IDENTIFIED: no post "
                + ("below" if name == "view_rate" else "at or above")
                + " the threshold, so this is the prior")
            lines.append(f"{name} = {est!r}{note}")
        if self.identified["highlight_rate"] and not self.identified["view_rate"]:
            lines.append("only view_rate * highlight_rate is measured: highlight_rate "
                         "carries the prior's uncertainty about view_rate")
        lines.append(f"overdispersion = {self.overdispersion!r}")
        lines.append(f"assumption: {ASSUMPTION}")
        return lines

    def __repr__(self) -> str:
        return "Calibration(\n  " + "\n  ".join(self._lines()) + "\n)"

    def _repr_html_(self) -> str:
        first, *rest = self._lines()
        items = "".join(f"<li>{html.escape(x)}</li>" for x in rest[:-1])
        return "\n".join([
            f"<p><b>Calibration</b>: {html.escape(first)}</p>",
            f"<ul>{items}</ul>",
            self.to_frame()._repr_html_(),
            f"<p><small>Assumption: {html.escape(ASSUMPTION)}.</small></p>",
        ])


def resolve_model(
    model: NotificationModel | Calibration,
) -> tuple[NotificationModel, tuple[FloatArray, FloatArray] | None, bool]:
    """The model, the interval draws of ``(1 - q, h)`` (None: from the ranges), calibrated.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> resolve_model(gi.NotificationModel())[1:]
    (None, False)
    """
    given: object = model  # checked at run time: callers may pass anything
    if isinstance(given, Calibration):
        return given.model, given.interval_draws(), True
    if isinstance(given, NotificationModel):
        return given, None, False
    msg = (f"model: expected a NotificationModel or a Calibration, got "
           f"{type(model).__name__}")
    raise ParameterTypeError(msg)


# --------------------------------------------------------------------------- priors
@lru_cache(maxsize=64)
def beta_from_range(low: float, high: float) -> tuple[float, float]:
    """Beta ``(a, b)`` whose 5th and 95th percentiles are ``low`` and ``high``.

    The ends are kept inside ``[0.001, 0.999]`` and at least 0.002 apart (a range that
    touches 0 or 1, or has no width, has no such Beta).

    Examples
    --------
    >>> from scipy import stats
    >>> a, b = beta_from_range(0.70, 0.95)
    >>> [round(float(x), 4) for x in stats.beta.ppf([0.05, 0.95], a, b)]
    [0.7, 0.95]
    """
    from scipy import optimize, stats
    lo = min(max(float(low), 0.001), 0.997)
    hi = min(max(float(high), lo + 0.002), 0.999)
    mean = (lo + hi) / 2
    sd = (hi - lo) / 3.29
    kappa = max(mean * (1 - mean) / sd**2 - 1, 0.5)

    def residual(x: FloatArray) -> FloatArray:
        a, b = np.exp(x)
        out: FloatArray = stats.beta.ppf([0.05, 0.95], a, b) - np.array([lo, hi])
        return out / (hi - lo)

    sol = optimize.least_squares(residual, np.log([mean * kappa, (1 - mean) * kappa]),
                                 xtol=1e-12, ftol=1e-12, gtol=1e-12)
    a, b = np.exp(sol.x)
    return float(a), float(b)


# --------------------------------------------------------------------------- the fit
def _logit(p: FloatArray) -> FloatArray:
    out: FloatArray = np.log(p) - np.log1p(-p)
    return out


def _expit(u: FloatArray) -> FloatArray:
    from scipy import special
    out: FloatArray = special.expit(u)
    return out


def _loglik(k: FloatArray, n: FloatArray, mu: FloatArray, rho: FloatArray | None
            ) -> FloatArray:
    """Sum over posts of the log-likelihood on a ``(mu, rho)`` grid (constants dropped).

    ``rho`` None is the binomial model. Shape ``(mu.size, rho.size or 1)``.
    """
    from scipy import special
    r = np.array([0.0]) if rho is None else rho
    out = np.zeros((mu.size, r.size))
    if k.size == 0:
        return out
    if rho is None:
        lm, l1m = np.log(mu), np.log1p(-mu)
        binom: FloatArray = (lm * k.sum() + l1m * (n - k).sum())[:, None] + out
        return binom
    a = (mu[:, None] * (1 - r[None, :]) / r[None, :])[..., None]
    b = ((1 - mu[:, None]) * (1 - r[None, :]) / r[None, :])[..., None]
    base = special.betaln(a, b)[..., 0]
    for start in range(0, k.size, _CHUNK):
        kk = k[start:start + _CHUNK]
        nn = n[start:start + _CHUNK]
        out += special.betaln(a + kk, b + (nn - kk)).sum(axis=-1) - kk.size * base
    return out


@dataclass(frozen=True)
class _Fit:
    v: FloatArray
    h: FloatArray
    rho: FloatArray


class _Problem:
    """The log posterior on a grid over ``(logit v, logit m, logit rho/R)``, ``m = v h``."""

    def __init__(self, k: FloatArray, n: FloatArray, above: npt.NDArray[np.bool_],
                 prior_v: tuple[float, float], prior_h: tuple[float, float], *,
                 overdispersed: bool) -> None:
        self.kb, self.nb = k[~above], n[~above]
        self.ka, self.na = k[above], n[above]
        self.prior_v, self.prior_h = prior_v, prior_h
        self.overdispersed = overdispersed
        self.cut = self.kb.size == 0  # v not identified: its marginal is its prior

    def axes(self, box: FloatArray, size: int = GRID
             ) -> tuple[FloatArray, FloatArray, FloatArray]:
        uv = np.linspace(box[0, 0], box[0, 1], size)
        um = np.linspace(box[1, 0], box[1, 1], size)
        ur = np.linspace(box[2, 0], box[2, 1], size) if self.overdispersed else np.zeros(1)
        return uv, um, ur

    def logp(self, uv: FloatArray, um: FloatArray, ur: FloatArray) -> FloatArray:
        from scipy import special, stats
        v, m = _expit(uv), _expit(um)
        rho = OVERDISPERSION_MAX * _expit(ur) if self.overdispersed else None
        lb = _loglik(self.kb, self.nb, v, rho)  # (V, R)
        la = _loglik(self.ka, self.na, m, rho)  # (M, R)
        av, bv = self.prior_v
        ah, bh = self.prior_h
        log_pv = stats.beta.logpdf(v, av, bv) + np.log(v) + np.log1p(-v)  # + jacobian
        h = m[None, :] / v[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ph = np.where(h < 1, stats.beta.logpdf(np.minimum(h, 1 - 1e-12), ah, bh),
                              -np.inf) - np.log(v)[:, None]
        log_ph = log_ph + (np.log(m) + np.log1p(-m))[None, :]
        jac_r = (np.log(rho) + np.log1p(-rho / OVERDISPERSION_MAX) if rho is not None
                 else np.zeros(1))
        out = (lb[:, None, :] + la[None, :, :] + log_pv[:, None, None]
               + log_ph[:, :, None] + jac_r[None, None, :])
        if self.cut:
            # The v-marginal is set to its prior: only v*h is measured.
            flat = out.reshape(out.shape[0], -1)
            norm = special.logsumexp(flat, axis=1)
            norm = np.where(np.isfinite(norm), norm, 0.0)
            out = out - norm[:, None, None] + log_pv[:, None, None]
        return np.asarray(out, dtype=np.float64)

    def grid(self) -> tuple[tuple[FloatArray, FloatArray, FloatArray], FloatArray]:
        from scipy import stats
        lim = float(_logit(np.array([1e-5]))[0])
        box = np.array([[lim, -lim], [lim, -lim], [-16.0, 8.0]])
        if self.cut:
            av, bv = self.prior_v
            box[0] = _logit(stats.beta.ppf([1e-6, 1 - 1e-6], av, bv))
        axes = self.axes(box, GRID_COARSE)
        lp = self.logp(*axes)
        for _ in range(PASSES):
            new = box.copy()
            good = lp > lp.max() - MARGIN
            for d, ax in enumerate(axes):
                if ax.size == 1 or (d == 0 and self.cut):
                    continue
                other = tuple(i for i in range(3) if i != d)
                hit = np.flatnonzero(good.any(axis=other))
                step = ax[1] - ax[0]
                new[d] = (ax[hit[0]] - 2 * step, ax[hit[-1]] + 2 * step)
            shrunk = (new[:, 1] - new[:, 0]) < 0.7 * (box[:, 1] - box[:, 0])
            box = new
            if not shrunk.any():
                break
            axes = self.axes(box, GRID_COARSE)
            lp = self.logp(*axes)
        axes = self.axes(box)
        return axes, self.logp(*axes)

    def draw(self, size: int, rng: np.random.Generator) -> _Fit:
        (uv, um, ur), lp = self.grid()
        w = np.exp(lp - lp.max()).ravel()
        w /= w.sum()
        cell = rng.choice(w.size, size=size, p=w)
        iv, im, ir = np.unravel_index(cell, lp.shape)

        def jitter(ax: FloatArray, i: npt.NDArray[np.intp]) -> FloatArray:
            if ax.size == 1:
                return ax[i]
            step = ax[1] - ax[0]
            out: FloatArray = ax[i] + (rng.random(i.size) - 0.5) * step
            return out

        v = _expit(jitter(uv, iv))
        m = _expit(jitter(um, im))
        rho = (OVERDISPERSION_MAX * _expit(jitter(ur, ir)) if self.overdispersed
               else np.zeros(size))
        return _Fit(v, np.minimum(m / v, 1.0), rho)


def fit_counts(
    k: FloatArray, n: FloatArray, above: npt.NDArray[np.bool_],
    prior_v: tuple[float, float], prior_h: tuple[float, float], *,
    overdispersed: bool = True, draws: int = POSTERIOR_DRAWS, seed: int = POSTERIOR_SEED,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Posterior draws of ``(v, h, rho)`` from counts ``k`` of ``n`` eligible members.

    ``above`` marks the posts at or above the threshold; ``prior_v`` and ``prior_h`` are
    Beta parameters. ``overdispersed=False`` fits the binomial model (``rho = 0``), for
    comparison only. A parameter no post informs gets draws from its prior.

    Examples
    --------
    >>> import numpy as np
    >>> n = np.full(40, 200.0)
    >>> k = np.full(40, 160.0)
    >>> v, h, rho = fit_counts(k, n, np.zeros(40, bool), (20.0, 5.0), (3.0, 12.0))
    >>> round(float(v.mean()), 2)
    0.8
    """
    from scipy import stats
    rng = np.random.default_rng(seed)
    prob = _Problem(np.asarray(k, np.float64), np.asarray(n, np.float64),
                    np.asarray(above, bool), prior_v, prior_h, overdispersed=overdispersed)
    fit = prob.draw(draws, rng)
    h = fit.h
    if prob.ka.size == 0:
        # The likelihood does not involve h: its posterior is exactly its prior.
        h = stats.beta.rvs(*prior_h, size=draws, random_state=rng)
    return fit.v, np.asarray(h, np.float64), fit.rho


# --------------------------------------------------------------------------- inputs
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(w|d|h|m|s)\s*$")
_UNIT = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def _min_age(given: str | timedelta) -> timedelta:
    value: object = given
    if isinstance(value, timedelta):
        if value < timedelta(0):
            msg = f"min_age: expected a duration of at least 0, got {shorten(str(value))}"
            raise ParameterError(msg)
        return value
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match:
            return timedelta(**{_UNIT[match[2]]: float(match[1])})
        msg = f"min_age: expected a duration such as '48h' or '2d', got {shorten(value)}"
        raise ParameterError(msg)
    msg = f"min_age: expected a str or a timedelta, got {type(value).__name__}"
    raise ParameterTypeError(msg)


def _normalise_link(col: str) -> pl.Expr:
    return (
        pl.col(col).str.strip_chars().str.to_lowercase()
        .str.replace(r"[?#].*$", "")
        .str.replace(r"/+$", "")
        .str.replace(r"^(?:https?://)?(?:www\.|m\.|web\.|mbasic\.)?facebook\.com", "fb")
    )


def _seen_by_frame(given: pl.DataFrame) -> pl.DataFrame:
    value: object = given
    if not isinstance(value, pl.DataFrame):
        msg = f"seen_by: expected a polars DataFrame, got {type(value).__name__}"
        raise ParameterTypeError(msg)
    seen_by = value
    cols = set(seen_by.columns)
    if "seen_by" not in cols or not {"post_id", "permalink"} & cols:
        msg = ("seen_by: expected the columns seen_by and post_id or permalink, got "
               f"{shorten(', '.join(seen_by.columns), 80)}")
        raise ParameterError(msg)
    if "recorded_at" in cols:
        dtype = seen_by.schema["recorded_at"]
        if not isinstance(dtype, pl.Datetime) and dtype != pl.Null:
            msg = f"seen_by: expected recorded_at as a Datetime column, got {dtype}"
            raise ParameterTypeError(msg)
    recorded = pl.col("recorded_at")
    rec_type = seen_by.schema.get("recorded_at")
    if isinstance(rec_type, pl.Datetime):
        tz = rec_type.time_zone
        recorded = (recorded.dt.replace_time_zone("UTC") if tz is None
                    else recorded.dt.convert_time_zone("UTC"))
    return seen_by.select(
        *(pl.col(c).cast(pl.String) if c in cols else pl.lit(None, pl.String).alias(c)
          for c in ("container_id", "post_id", "permalink")),
        pl.col("seen_by").cast(pl.Int64, strict=False),
        (recorded.cast(pl.Datetime("us", "UTC")) if "recorded_at" in cols
         else pl.lit(None, pl.Datetime("us", "UTC"))).alias("recorded_at"),
    ).with_row_index("_row")


def _match(rows: pl.DataFrame, posts: pl.DataFrame) -> pl.DataFrame:
    """Each row with ``_matches`` (number of group posts it names) and the post's key.

    A ``container_id`` the Dataset does not hold (Excel turns a long numeric id into
    ``3,91027E+14``) does not restrict the match: the post id or permalink decides.
    """
    known = posts.get_column("container_id").unique().implode()
    rows = rows.with_columns(
        pl.when(pl.col("container_id").is_in(known)).then(pl.col("container_id"))
        .alias("_cm"))
    same = pl.col("_cm").is_null() | (pl.col("_cm") == pl.col("_c"))
    by_id = (
        rows.filter(pl.col("post_id").is_not_null())
        .join(posts.select(pl.col("container_id").alias("_c"), "post_id"), on="post_id")
        .filter(same)
        .select("_row", "_c", pl.col("post_id").alias("_p"))
    )
    links = posts.filter(pl.col("permalink").is_not_null()).select(
        pl.col("container_id").alias("_c"), pl.col("post_id").alias("_p"),
        _normalise_link("permalink").alias("_link"))
    by_link = (
        rows.join(by_id.select("_row"), on="_row", how="anti")
        .filter(pl.col("permalink").is_not_null())
        .with_columns(_normalise_link("permalink").alias("_link"))
        .join(links, on="_link")
        .filter(same)
        .select("_row", "_c", "_p")
    )
    found = pl.concat([by_id, by_link]).unique()
    counts = found.group_by("_row").agg(pl.len().alias("_matches"), pl.col("_c").first(),
                                        pl.col("_p").first())
    return rows.drop("_cm").join(counts, on="_row", how="left").with_columns(
        pl.col("_matches").fill_null(0))


def seen_by_template(ds: Dataset, *, last_days: int | None = None) -> pl.DataFrame:
    """The group posts to count, as the rows of a "Seen by" file to fill in.

    Parameters
    ----------
    ds
        The Dataset with the groups.
    last_days
        Only the posts of the last ``last_days`` days up to the latest group post.

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``post_id``, ``permalink``, ``created_at``, an empty
        ``seen_by`` and an empty ``recorded_at``, sorted by container and time.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> t = seen_by_template(gi.load_sample(), last_days=28)
    >>> t.columns
    ['container_id', 'post_id', 'permalink', 'created_at', 'seen_by', 'recorded_at']
    >>> t.get_column("seen_by").null_count() == t.height > 0
    True
    """
    if last_days is not None and (isinstance(last_days, bool) or last_days < 1):
        msg = f"last_days: expected a whole number of at least 1, got {shorten(last_days)}"
        raise ParameterError(msg)
    groups = ds.containers.filter(pl.col("kind") == "group").select("container_id")
    posts = ds.posts.join(groups, on="container_id", how="semi")
    if last_days is not None and posts.height:
        latest = posts.get_column("created_at").max()
        posts = posts.filter(pl.col("created_at") > pl.lit(latest) - timedelta(days=last_days))
    return posts.sort("container_id", "created_at", "post_id").select(
        *_KEY, "permalink", "created_at",
        pl.lit(None, pl.Int64).alias("seen_by"),
        pl.lit(None, pl.Datetime("us", "UTC")).alias("recorded_at"),
    )


# --------------------------------------------------------------------------- calibrate
def calibrate(
    ds: Dataset,
    seen_by: pl.DataFrame,
    *,
    model: NotificationModel | None = None,
    min_age: str | timedelta = "48h",
) -> Calibration:
    """Fit the notification model to the "Seen by" counts of group posts.

    One fit for all the group posts given, with shared parameters (to calibrate one
    group, filter the Dataset first: ``ds.filter(containers=[...])``). For post ``i``
    with ``eligible_i`` members, ``seen_by_i ~ BetaBinomial(eligible_i, mu_i, rho)`` with
    ``mu_i = v`` below the threshold and ``v * h`` at and above it; priors are Beta
    distributions on ``v`` and ``h`` whose 5th and 95th percentiles are the ends of
    ``1 - model.opt_out_range`` and ``model.highlight_range``, and ``rho ~ Uniform(0,
    0.3)``. The posterior is computed on a refined grid (see the module notes).

    "Seen by" is read as "notified" (``opt_out_rate = 1 - v``, ``highlight_rate = h``):
    members also see posts without a notification, and not every notified member
    opens a post. Every result states this.

    Parameters
    ----------
    ds
        The Dataset with the groups whose posts were counted.
    seen_by
        A frame such as :func:`groepsinzicht.io.read_seen_by` returns: ``seen_by`` and
        ``post_id`` or ``permalink`` are required; ``container_id`` and ``recorded_at``
        are used when present. A row names a post by id (within ``container_id`` when
        given and known to the Dataset) or, failing that, by permalink.
    model
        The prior model (default ``NotificationModel()``); it must use
        ``size_basis="at_post"`` and ``highlight_policy="constant"``.
    min_age
        Counts recorded less than this long after the post (``"48h"``, ``"2d"`` or a
        timedelta) are left out as too early: "Seen by" keeps growing for days. A count
        without ``recorded_at`` is kept and counted as of unknown age.

    Returns
    -------
    Calibration
        Unmatched rows, rows naming two posts, empty, negative and too large counts
        (above ``eligible``), counts recorded too early, posts of unknown size and
        repeated counts of one post (the latest is kept) are listed in ``.excluded``
        with their reason, never dropped silently.

    Raises
    ------
    ParameterError
        A model with another ``size_basis`` or ``highlight_policy``, a ``seen_by`` frame
        without the required columns, or a bad ``min_age``.

    Warns
    -----
    DataQualityWarning
        When no count is left to fit (the result is then the prior).

    Examples
    --------
    >>> import polars as pl
    >>> import groepsinzicht as gi
    >>> ds = gi.load_sample()
    >>> posts = gi.notification_reach(ds, gi.NotificationModel()).filter(
    ...     pl.col("eligible") > 0).head(30)
    >>> counts = posts.select("container_id", "post_id",
    ...     (pl.col("eligible") * 0.6).round().cast(pl.Int64).alias("seen_by"))
    >>> cal = gi.calibrate(ds, counts)
    >>> cal.identified["view_rate"], cal.identified["highlight_rate"]
    (True, False)
    >>> 0.55 < cal.view_rate.estimate < 0.65
    True
    >>> cal.to_frame().columns
    ['parameter', 'prior_low', 'prior_high', 'estimate', 'low', 'high', 'identified']
    >>> gi.notification_reach(ds, cal).get_column("calibrated").all()
    True
    """
    from scipy import stats
    prior: object = NotificationModel() if model is None else model
    if not isinstance(prior, NotificationModel):
        msg = f"model: expected a NotificationModel, got {type(prior).__name__}"
        raise ParameterTypeError(msg)
    if prior.size_basis != "at_post" or prior.highlight_policy != "constant":
        msg = ("model: expected size_basis='at_post' and highlight_policy='constant' for "
               f"the calibration, got size_basis={prior.size_basis!r}, "
               f"highlight_policy={prior.highlight_policy!r}")
        raise ParameterError(msg)
    age = _min_age(min_age)
    rows = _seen_by_frame(seen_by)

    s = core.post_structure(ds, prior).join(
        ds.posts.select(*_KEY, "permalink"), on=_KEY, how="left")
    t = prior.threshold
    posts = s.select(
        *_KEY, "created_at", "permalink", "members_at_post",
        (pl.col("n_all") + pl.col("n_hl")).cast(pl.Int64).alias("eligible"),
        pl.when(pl.col("members_at_post").is_null()).then(None)
        .when(pl.col("members_at_post") < t).then(pl.lit("all"))
        .otherwise(pl.lit("highlights")).cast(core.REGIME).alias("regime"),
    )
    matched = _match(rows, posts).join(
        posts.select(pl.col("container_id").alias("_c"), pl.col("post_id").alias("_p"),
                     "created_at", "members_at_post", "eligible", "regime"),
        on=["_c", "_p"], how="left")
    k = pl.col("seen_by")
    reason = (
        pl.when(pl.col("_matches") == 0).then(pl.lit("unmatched"))
        .when(pl.col("_matches") > 1).then(pl.lit("ambiguous"))
        .when(k.is_null()).then(pl.lit("no count"))
        .when(k < 0).then(pl.lit("negative count"))
        .when(pl.col("members_at_post").is_null()).then(pl.lit("unknown size"))
        .when(k > pl.col("eligible")).then(pl.lit("count above eligible"))
        .when(pl.col("recorded_at") - pl.col("created_at") < age).then(pl.lit("too early"))
        .cast(_REASON)
    )
    matched = matched.with_columns(reason.alias("reason"))
    # Repeated counts of one post: the latest recorded (the last row on a tie) is kept.
    ok = matched.filter(pl.col("reason").is_null()).sort(
        "_c", "_p", pl.col("recorded_at"), "_row", nulls_last=False)
    dup = ok.filter(pl.int_range(pl.len()).over("_c", "_p") < pl.len().over("_c", "_p") - 1)
    matched = matched.with_columns(
        pl.when(pl.col("_row").is_in(dup.get_column("_row").implode()))
        .then(pl.lit("duplicate", _REASON)).otherwise(pl.col("reason")).alias("reason"))
    used = matched.filter(pl.col("reason").is_null()).sort("_c", "created_at", "_p")
    excluded = matched.filter(pl.col("reason").is_not_null()).sort("_row").select(
        "container_id", "post_id", "permalink", "seen_by", "recorded_at", "reason")

    prior_v = beta_from_range(1 - prior.opt_out_range[1], 1 - prior.opt_out_range[0])
    prior_h = beta_from_range(*prior.highlight_range)
    kk = used.get_column("seen_by").cast(pl.Float64).to_numpy()
    nn = used.get_column("eligible").cast(pl.Float64).to_numpy()
    above = (used.get_column("regime") == "highlights").to_numpy()
    if used.height == 0:
        warnings.warn(
            f"calibrate: expected usable 'Seen by' counts, got none of {rows.height} "
            "rows (see .excluded): the result is the prior", DataQualityWarning,
            stacklevel=2)
    # A post with no eligible member informs nothing (its count is 0 of 0).
    informs = nn > 0
    v, h, rho = fit_counts(kk[informs], nn[informs], above[informs], prior_v, prior_h)

    identified = {"view_rate": bool((informs & ~above).any()),
                  "highlight_rate": bool((informs & above).any())}

    def summary(draws: FloatArray, ab: tuple[float, float], *, known: bool
                ) -> ParameterEstimate:
        if not known:  # exactly the prior: its mean and the range ends
            lo, hi = stats.beta.ppf([0.05, 0.95], *ab)
            return ParameterEstimate(float(ab[0] / (ab[0] + ab[1])), float(lo), float(hi))
        lo, hi = np.percentile(draws, [5, 95])
        return ParameterEstimate(float(draws.mean()), float(lo), float(hi))

    v_est = summary(v, prior_v, known=identified["view_rate"])
    h_est = summary(h, prior_h, known=identified["highlight_rate"])
    r_lo, r_hi = np.percentile(rho, [5, 95])
    r_est = ParameterEstimate(float(rho.mean()), float(r_lo), float(r_hi))

    # Per-post fit: mean and 90% posterior predictive interval of the count.
    rng = np.random.default_rng(POSTERIOR_SEED + 1)
    d = PREDICTIVE_DRAWS
    mu = np.where(above[:, None], (v[:d] * h[:d])[None, :], v[:d][None, :])
    r = np.clip(rho[:d], 1e-9, None)[None, :]
    p = rng.beta(np.clip(mu * (1 - r) / r, 1e-12, None),
                 np.clip((1 - mu) * (1 - r) / r, 1e-12, None))
    pred = rng.binomial(nn.astype(np.int64)[:, None], p)
    lo_p, hi_p = (np.percentile(pred, [5, 95], axis=1) if nn.size
                  else (np.zeros(0), np.zeros(0)))
    post_frame = used.select(
        pl.col("_c").alias("container_id"), pl.col("_p").alias("post_id"),
        "eligible", "regime", "seen_by",
        pl.Series("expected", nn * mu.mean(axis=1) if nn.size else np.zeros(0),
                  dtype=pl.Float64),
        pl.Series("low", lo_p, dtype=pl.Float64),
        pl.Series("high", hi_p, dtype=pl.Float64),
    )
    age_unknown = int(used.get_column("recorded_at").is_null().sum())

    note = f"calibrated from {used.height} 'Seen by' counts; seen read as notified"
    kept = {f: getattr(prior, f) for f in ("threshold",) if f in prior.model_fields_set}
    fitted = CalibratedModel(
        **kept,
        opt_out_rate=1 - v_est.estimate,
        highlight_rate=h_est.estimate,
        opt_out_range=(1 - v_est.high, 1 - v_est.low),
        highlight_range=(h_est.low, h_est.high),
    )
    # Set once, before anyone sees it.
    fitted._calibration = {
        "note": note,
        "opt_out_rate": note if identified["view_rate"] else (
            "prior: not identified (no 'Seen by' count below the threshold)"),
        "highlight_rate": note if identified["highlight_rate"] else (
            "prior: not identified (no 'Seen by' count at or above the threshold)"),
    }
    ends = stats.uniform.ppf([0.05, 0.95], 0, OVERDISPERSION_MAX)
    return Calibration(
        view_rate=v_est,
        highlight_rate=h_est,
        overdispersion=r_est,
        identified=MappingProxyType(identified),
        model=fitted,
        prior=prior,
        posts=post_frame,
        excluded=excluded,
        min_age=age,
        age_unknown=age_unknown,
        _draws=(v, h, rho),
        _prior_intervals=(
            (1 - prior.opt_out_range[1], 1 - prior.opt_out_range[0]),
            (prior.highlight_range[0], prior.highlight_range[1]),
            (float(ends[0]), float(ends[1])),
        ),
    )

