"""Numeric core of the notification-reach model, shared by the closed form and the simulator.

A group's members are ordered by when they joined (the k-th member joined a group of
k - 1); at a post's time the members are the first ``N`` of that order. Every model
quantity of a post is then fixed by three positions in the order:

- ``lo``: members ``1..lo`` are on "all posts";
- ``hi``: members ``lo+1..hi`` are on "highlights" (``hi`` is ``N``);
- ``rho``: the author's position, when the author is such a member (they are not
  notified of their own post).

Under ``size_basis="at_post"`` the segment is all-or-nothing by the size (``lo = N`` below
the threshold, else 0); under ``"at_join"`` it is ``lo = min(N, threshold)``. Without join
dates the member order is unknown and the author, when a member, takes position ``N``
(only counts matter to the closed form; the simulator needs some order).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt
import polars as pl

from groepsinzicht._measures._interactions import post_interactions
from groepsinzicht._measures._size import join_date_containers, size_at
from groepsinzicht.errors import DataQualityWarning

if TYPE_CHECKING:
    from groepsinzicht.dataset import Dataset
    from groepsinzicht.reach._model import NotificationModel

__all__ = [
    "INTERVAL_DRAWS",
    "INTERVAL_SEED",
    "REACH_SOURCE",
    "REGIME",
    "HighlightInputs",
    "break_even",
    "highlight_scales",
    "highlight_weights",
    "interval",
    "interval_draws",
    "page_frame",
    "post_structure",
    "reach_frame",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Draws of (q, h) behind every interval, and their seed: fixed, so results repeat.
INTERVAL_DRAWS: Final = 2000
INTERVAL_SEED: Final = 20240501
#: Elements per working array in chunked numpy work (bounded memory).
CHUNK_ELEMENTS: Final = 1 << 22
#: Distinct highlight shares above which interval factors are interpolated on a grid.
SHARE_GRID: Final = 2049

REGIME = pl.Enum(["all", "mixed", "highlights"])
REACH_SOURCE = pl.Enum(["modelled", "observed", "estimated"])

_KEY = ["container_id", "post_id"]


# --------------------------------------------------------------------------- structure
def post_structure(ds: Dataset, model: NotificationModel) -> pl.DataFrame:
    """One row per group post with the positions that fix its model quantities.

    Columns: ``container_id``, ``post_id``, ``created_at``, ``members_at_post``, ``lo``,
    ``hi``, ``rho`` (null when the author is not excluded), ``n_all`` and ``n_hl`` (the
    eligible members on all posts and on highlights), ``hp`` (the post's highlight
    probability), ``x`` and ``code`` (its highlight weight and container code, see
    :class:`HighlightInputs`). Sorted by container, time and post id. Warns when
    ``at_join`` falls back to ``at_post`` for groups without join dates.
    """
    groups = ds.containers.filter(pl.col("kind") == "group").get_column("container_id")
    posts = (
        ds.posts.filter(pl.col("container_id").is_in(groups.implode()))
        .select(*_KEY, "author_id", "created_at")
        .sort("container_id", "created_at", "post_id")
    )
    posts = size_at(ds, posts, out="members_at_post")
    by_join = join_date_containers(ds).get_column("container_id").implode()
    in_join = pl.col("container_id").is_in(by_join)
    # Every resident once, with the order of joining in join-date groups: the k-th to
    # join (ties broken by id, consistently with the counted size) has rank k.
    # In a join-date group only its listed members count (and are ranked); rows inferred
    # from activity (a non-member page, someone who left) are not members there.
    authors = (
        ds.members.filter(~pl.col("is_organization") & (pl.col("listed") | ~in_join))
        .sort("container_id", "joined_at", "member_id")
        .select(
            "container_id",
            pl.col("member_id").alias("author_id"),
            pl.col("joined_at").alias("_author_joined"),
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("container_id").alias("_rank"),
            pl.lit(True).alias("_resident"),
        )
    )
    s = (
        posts.join(authors, on=["container_id", "author_id"], how="left",
                   maintain_order="left")
        .with_columns(in_join.alias("_join"), pl.col("_resident").fill_null(False))
    )

    if model.size_basis == "at_join":
        fallback = s.filter(~pl.col("_join")).get_column("container_id").n_unique()
        if fallback:
            warnings.warn(
                f"size_basis='at_join': expected a join date for every member, got "
                f"{fallback} group(s) without them: their posts use 'at_post' instead",
                DataQualityWarning,
                stacklevel=4,  # the caller of notification_reach
            )

    n = pl.col("members_at_post")
    t = model.threshold
    at_join = pl.lit(model.size_basis == "at_join") & pl.col("_join")
    rho = (
        pl.when(pl.col("_join"))
        .then(pl.when(pl.col("_author_joined") <= pl.col("created_at")).then(pl.col("_rank")))
        .otherwise(pl.when(pl.col("_resident") & (n >= 1)).then(n))
    )
    lo = (
        pl.when(n.is_null())
        .then(None)
        .when(at_join)
        .then(pl.min_horizontal(n, pl.lit(t, dtype=pl.Int64)))
        .when(n < t)
        .then(n)
        .otherwise(pl.lit(0, dtype=pl.Int64))
    )
    s = s.with_columns(rho.cast(pl.Int64).alias("rho"), lo.cast(pl.Int64).alias("lo"),
                       n.alias("hi"))
    in_lo = (pl.col("rho") <= pl.col("lo")).fill_null(False).cast(pl.Int64)
    in_hi = ((pl.col("rho") > pl.col("lo")) & (pl.col("rho") <= pl.col("hi"))).fill_null(
        False).cast(pl.Int64)
    s = s.with_columns(
        (pl.col("lo") - in_lo).alias("n_all"),
        (pl.col("hi") - pl.col("lo") - in_hi).alias("n_hl"),
    )
    code, x = highlight_weights(s, ds, model)
    inputs = HighlightInputs(code, x, highlight_scales(code, x, model,
                                                       np.array([model.highlight_rate])))
    return s.select(
        *_KEY, "created_at", "members_at_post", "lo", "hi", "rho", "n_all", "n_hl",
        pl.Series("hp", inputs.point(), dtype=pl.Float64),
        pl.Series("x", x, dtype=pl.Float64),
        pl.Series("code", code, dtype=pl.Int64),
    )


# --------------------------------------------------------------------------- highlights
class HighlightInputs:
    """Per-post highlight probability as ``min(1, scale[code, s] * x)`` for draws ``s``.

    Under the constant policy every post has ``x = 1`` and one code with
    ``scale[0, s] = h_s``; under the engagement policy ``x`` is the post's interactions
    and ``scale[c, s]`` solves the capped mean of container ``c`` (its posts get
    ``x = 1``, hence ``scale = h_s``, where that mean is 0).
    """

    __slots__ = ("code", "scale", "x")

    def __init__(self, code: IntArray, x: FloatArray, scale: FloatArray) -> None:
        self.code = code
        self.x = x
        self.scale = scale

    def point(self) -> FloatArray:
        """The probabilities under the first (or only) draw."""
        out: FloatArray = np.minimum(1.0, self.scale[self.code, 0] * self.x)
        return out

    def subset(self, mask: npt.NDArray[np.bool_]) -> HighlightInputs:
        """The inputs of the posts where ``mask`` holds."""
        return HighlightInputs(self.code[mask], self.x[mask], self.scale)


def engagement_scale(x: FloatArray, h: FloatArray) -> FloatArray:
    """Scales ``c`` with ``mean(min(1, c * x)) = h`` for each target ``h``, exactly.

    With the posts sorted by ``x`` descending and the top ``k`` capped at 1, the mean is
    ``(k + c * T_k) / n`` (``T_k`` the sum of the uncapped ``x``): piecewise linear and
    increasing in ``c``. Its value where the next post reaches the cap is
    ``G_k = k + T_k / x_k``, so the number capped for a target is a sorted search in
    ``G`` and ``c = (n h - k) / T_k``. This is the limit the bounded rescaling iteration
    (scale, cap, rescale) converges to, found in one pass. Where the cap does not allow
    the target (fewer posts with interactions than ``n h``), every such post gets 1.
    ``x`` must hold a positive value.
    """
    n = x.size
    pos = np.sort(x[x > 0])[::-1]
    m = pos.size
    tail = np.cumsum(pos[::-1])[::-1]
    g = np.arange(m, dtype=np.float64) + tail / pos
    target = n * h
    k = np.searchsorted(g, target, side="right")
    kk = np.minimum(k, m - 1)
    out: FloatArray = np.where(k >= m, 1.0 / pos[-1], (target - kk) / tail[kk])
    return out


def highlight_weights(
    s: pl.DataFrame, ds: Dataset, model: NotificationModel
) -> tuple[IntArray, FloatArray]:
    """Container codes and highlight weights of the posts of ``s`` (sorted by container).

    Constant policy: one code, weight 1. Engagement: the post's interactions, or 1 for
    every post of a container whose mean is 0 (its posts then have probability ``h``).
    """
    n_posts = s.height
    if model.highlight_policy == "constant" or n_posts == 0:
        return np.zeros(n_posts, dtype=np.int64), np.ones(n_posts, dtype=np.float64)
    inter = post_interactions(ds).select(*_KEY, "interactions")
    x = (
        s.select(_KEY).join(inter, on=_KEY, how="left", maintain_order="left")
        .get_column("interactions").fill_null(0).cast(pl.Float64).to_numpy().copy()
    )
    code = s.get_column("container_id").rle_id().cast(pl.Int64).to_numpy()
    top = np.zeros(int(code.max()) + 1)
    np.maximum.at(top, code, x)
    x[top[code] <= 0] = 1.0
    return code, x


def highlight_scales(
    code: IntArray, x: FloatArray, model: NotificationModel, h: FloatArray
) -> FloatArray:
    """``scale[c, s]`` for every container code and target ``h_s`` (see above)."""
    if model.highlight_policy == "constant" or code.size == 0:
        return h[None, :].copy()
    starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
    ends = np.r_[starts[1:], code.size]
    scale = np.empty((starts.size, h.size), dtype=np.float64)
    # One pass per container (containers are few; posts are handled in bulk).
    for c, (a, b) in enumerate(zip(starts, ends, strict=True)):
        scale[c] = engagement_scale(x[a:b], h)
    return scale


# --------------------------------------------------------------------------- intervals
def interval_draws(model: NotificationModel) -> tuple[FloatArray, FloatArray]:
    """``1 - q`` and ``h`` drawn independently and uniformly from the model's ranges."""
    rng = np.random.default_rng(INTERVAL_SEED)
    u = rng.random((2, INTERVAL_DRAWS))
    q_lo, q_hi = model.opt_out_range
    h_lo, h_hi = model.highlight_range
    return 1.0 - (q_lo + u[0] * (q_hi - q_lo)), h_lo + u[1] * (h_hi - h_lo)


def _factor_quantiles(
    code: IntArray, x: FloatArray, share: FloatArray, keep: FloatArray,
    inputs: HighlightInputs,
) -> tuple[FloatArray, FloatArray]:
    """5th/95th percentiles over the draws of ``keep_s (1 - r + r hp_s)``, per point."""
    q05 = np.empty(share.size)
    q95 = np.empty(share.size)
    step = max(1, CHUNK_ELEMENTS // keep.size)
    for start in range(0, share.size, step):  # chunks of points, for bounded memory
        sl = slice(start, start + step)
        hp = np.minimum(1.0, inputs.scale[code[sl]] * x[sl, None])
        r = share[sl, None]
        z = keep[None, :] * (1.0 - r + r * hp)
        q05[sl], q95[sl] = np.percentile(z, [5, 95], axis=1)
    return q05, q95


def interval(
    n_all: FloatArray,
    n_hl: FloatArray,
    keep: FloatArray,
    inputs: HighlightInputs,
) -> tuple[FloatArray, FloatArray]:
    """5th and 95th percentiles of ``keep_s * (n_all + n_hl * hp_s)`` over the draws.

    The quantity is ``(n_all + n_hl)`` times a factor ``keep_s (1 - r + r hp_s)`` that
    depends only on the share ``r`` on highlights and the post's highlight inputs
    (container, weight), so percentiles are computed once per distinct (container,
    weight, share) and scaled: two distinct rows under ``at_post`` with the constant
    policy. A (container, weight) with more than ``SHARE_GRID`` distinct shares (under
    ``at_join`` nearly every size gives its own) is evaluated on a grid of shares and
    interpolated linearly: per draw the factor moves by at most ``|dr|`` when ``r`` does,
    so each percentile is within half a grid step (0.025% of the eligible members) of
    the exact one, far inside the Monte Carlo error of the draws themselves.
    """
    n = n_all.size
    total = n_all + n_hl
    share = np.divide(n_hl, total, out=np.zeros_like(total), where=total > 0)
    if n == 0:
        return total.copy(), total.copy()
    code, x = inputs.code, inputs.x
    order = np.lexsort((share, x, code))
    c_s, x_s, r_s = code[order], x[order], share[order]
    new_pair = np.r_[True, (c_s[1:] != c_s[:-1]) | (x_s[1:] != x_s[:-1])]
    new_key = new_pair | np.r_[True, r_s[1:] != r_s[:-1]]
    key_of_row = np.cumsum(new_key) - 1
    k_code, k_x, k_share = c_s[new_key], x_s[new_key], r_s[new_key]
    key_pair = (np.cumsum(new_pair) - 1)[new_key]
    per_pair = np.bincount(key_pair)
    pair_first_key = np.r_[0, np.cumsum(per_pair)[:-1]]
    big = np.flatnonzero(per_pair > SHARE_GRID)
    small = per_pair[key_pair] <= SHARE_GRID
    grid = np.linspace(0.0, 1.0, SHARE_GRID)
    n_small = int(small.sum())
    pts_code = np.concatenate([k_code[small], np.repeat(k_code[pair_first_key[big]],
                                                        SHARE_GRID)])
    pts_x = np.concatenate([k_x[small], np.repeat(k_x[pair_first_key[big]], SHARE_GRID)])
    pts_share = np.concatenate([k_share[small], np.tile(grid, big.size)])
    p05, p95 = _factor_quantiles(pts_code, pts_x, pts_share, keep, inputs)
    key05 = np.empty(k_share.size)
    key95 = np.empty(k_share.size)
    key05[small], key95[small] = p05[:n_small], p95[:n_small]
    for j, pair in enumerate(big):  # few: each holds more than SHARE_GRID posts
        keys = slice(pair_first_key[pair], pair_first_key[pair] + per_pair[pair])
        at = slice(n_small + j * SHARE_GRID, n_small + (j + 1) * SHARE_GRID)
        key05[keys] = np.interp(k_share[keys], grid, p05[at])
        key95[keys] = np.interp(k_share[keys], grid, p95[at])
    low = np.empty(n)
    high = np.empty(n)
    low[order] = total[order] * key05[key_of_row]
    high[order] = total[order] * key95[key_of_row]
    return low, high


# --------------------------------------------------------------------------- closed form
def reach_frame(
    ds: Dataset,
    model: NotificationModel,
    draws: tuple[FloatArray, FloatArray] | None = None,
) -> pl.DataFrame:
    """The body of :func:`groepsinzicht.notification_reach`.

    ``draws`` are draws of ``(1 - q, h)`` behind the interval (a calibration's joint
    posterior draws); by default they come from the model's ranges.
    """
    s = post_structure(ds, model)
    known = s.get_column("members_at_post").is_not_null().to_numpy()
    low = np.full(s.height, np.nan)
    high = np.full(s.height, np.nan)
    if known.any():
        keep, hs = interval_draws(model) if draws is None else draws
        code = s.get_column("code").to_numpy()
        x = s.get_column("x").to_numpy()
        inputs = HighlightInputs(code, x, highlight_scales(code, x, model, hs))
        low[known], high[known] = interval(
            s.get_column("n_all").to_numpy()[known].astype(np.float64),
            s.get_column("n_hl").to_numpy()[known].astype(np.float64),
            keep, inputs.subset(known),
        )
    n_all, n_hl = pl.col("n_all"), pl.col("n_hl")
    eligible = n_all + n_hl
    regime = (
        pl.when(pl.col("members_at_post").is_null()).then(None)
        .when(eligible == 0)
        .then(pl.when(pl.col("members_at_post") < model.threshold).then(pl.lit("all"))
              .otherwise(pl.lit("highlights")))
        .when(n_hl == 0).then(pl.lit("all"))
        .when(n_all == 0).then(pl.lit("highlights"))
        .otherwise(pl.lit("mixed"))
    )
    expected = (1.0 - model.opt_out_rate) * (n_all + n_hl * pl.col("hp"))
    return (
        s.with_columns(
            expected.alias("expected_notified"),
            pl.Series("_low", low).fill_nan(None),
            pl.Series("_high", high).fill_nan(None),
        )
        .select(
            *_KEY, "created_at", "members_at_post",
            eligible.cast(pl.Int64).alias("eligible"),
            regime.cast(REGIME).alias("regime"),
            "expected_notified",
            # Percentiles of draws need not straddle the point value: widen to include it.
            pl.min_horizontal("_low", "expected_notified").alias("low"),
            pl.max_horizontal("_high", "expected_notified").alias("high"),
        )
    )


def break_even(reach: float, model: NotificationModel) -> int | None:
    """Smallest ``n`` with ``(n - 1) (1 - q) (1 if n < T else h) >= reach``, or None."""
    keep = 1.0 - model.opt_out_rate
    t = model.threshold

    def smallest(per_member: float, start: int) -> int | None:
        # Smallest n >= start with (n - 1) * per_member >= reach (n counts the author).
        if reach <= (start - 1) * per_member:
            return start
        if per_member <= 0:
            return None
        n = int(np.ceil(reach / per_member)) + 1
        # Guard against the float division landing a step high or low.
        while n - 1 > start and (n - 2) * per_member >= reach:
            n -= 1
        while (n - 1) * per_member < reach:
            n += 1
        return max(n, start)

    below = smallest(keep, 1)
    if below is not None and below < t:
        return below
    return smallest(keep * model.highlight_rate, t)


# --------------------------------------------------------------------------- pages
def page_frame(ds: Dataset, organic_reach_rate: float) -> pl.DataFrame:
    """Page posts with reach, its source, size at post time and the reach columns."""
    pages = ds.containers.filter(pl.col("kind") == "page").select("container_id")
    p = (
        ds.posts.join(pages, on="container_id", how="semi")
        .select(*_KEY, "created_at", "reach", "organic_reach", "paid_reach")
        .sort("container_id", "created_at", "post_id")
    )
    p = size_at(ds, p, out="audience_at_post")
    observed = pl.col("reach").is_not_null()
    estimated = pl.col("audience_at_post").is_not_null()
    return p.with_columns(
        pl.when(observed).then(pl.col("reach").cast(pl.Float64))
        .when(estimated).then(pl.col("audience_at_post") * organic_reach_rate)
        .alias("reach"),
        pl.when(observed).then(pl.lit("observed")).when(estimated).then(pl.lit("estimated"))
        .cast(REACH_SOURCE).alias("reach_source"),
    )
