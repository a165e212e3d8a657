"""Notification reach of group posts (the 250-member rule), page reach, group versus page.

No export contains notification data, so reach in a group is a model: members are
notified of a post unless they switched notifications off; from ``threshold`` members on
only "highlights", a selection of posts, notify them. Every number states its
assumptions (:class:`NotificationModel`) and comes with an interval.

Notes
-----
For a post by author ``a`` at time ``t`` in a group of ``N(t)`` members (DESIGN.md's size
at time t, counting only rows with ``is_organization`` false when join dates are used),
with threshold ``T``, opt-out share ``q`` and highlight probability ``h``:

- ``eligible = N(t) - 1`` when the author is such a member at ``t``, else ``N(t)``;
- ``size_basis="at_post"``: ``expected = eligible (1 - q) (1 if N(t) < T else h)``;
- ``size_basis="at_join"``: the k-th member joined a group of k - 1 members and keeps the
  regime of that size: ``expected = (A + B h) (1 - q)`` with ``A`` the eligible members
  who joined below ``T`` and ``B`` the others.

The interval of a number is the 5th to 95th percentile of the same formula with ``q`` and
``h`` drawn independently and uniformly from their ranges (2000 seeded draws), widened
to include the point value. :func:`simulate_notifications` draws members and highlights
one by one and is the reference the closed form is tested against.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

import numpy as np
import polars as pl
from pydantic import BaseModel, ConfigDict, Field, model_validator

from groepsinzicht import _reach_core as core
from groepsinzicht._reach_compare import ReachComparison, compare_reach
from groepsinzicht._simulate import simulate_notifications

if TYPE_CHECKING:
    from collections.abc import Iterable

    from groepsinzicht.dataset import Dataset

__all__ = [
    "NotificationModel",
    "ReachComparison",
    "break_even_members",
    "compare_reach",
    "notification_reach",
    "page_reach",
    "plan_groups",
    "reach_curve",
    "simulate_notifications",
]

Rate = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]

#: Where each default comes from: none of them is a published figure.
_SOURCES: dict[str, str] = {
    "threshold": "practitioners' descriptions (2018), not confirmed by current Facebook "
                 "documentation",
    "opt_out_rate": "assumption, no published figure",
    "highlight_rate": "assumption, no published figure (Facebook picks highlights per "
                      "person by predicted interest)",
    "highlight_policy": "assumption",
    "size_basis": "assumption",
}


class NotificationModel(BaseModel):
    """The assumptions of the notification-reach model.

    No export holds notification data and no published figure backs these defaults:
    the threshold comes from practitioners' descriptions (2018) that could not be checked
    against current Facebook documentation, and the opt-out share and highlight rate are
    assumptions. The intervals, driven by the ranges, matter more than the point values.

    Parameters
    ----------
    threshold
        From this group size on, members are on "highlights" (default 250).
    opt_out_rate
        Share of members who switched notifications off (``q``, default 0.10).
    highlight_rate
        Probability that a member on "highlights" is notified of a given post (``h``,
        default 0.15).
    highlight_policy
        ``"constant"``: every post has probability ``h``. ``"engagement"``: a post's
        probability is proportional to its interactions relative to its group's mean,
        capped at 1 and rescaled so the mean over the group's posts is ``h`` where the
        cap allows; constant when the group's mean is 0.
    size_basis
        ``"at_post"``: every member has the regime of the group's size at the post.
        ``"at_join"``: a member keeps the regime of the size when they joined (needs
        join dates; falls back to ``"at_post"`` with a warning without them).
    opt_out_range, highlight_range
        Ranges of ``q`` and ``h`` behind the intervals (defaults (0.05, 0.30) and
        (0.05, 0.35)). A point value outside its range widens the range to include it.

    Raises
    ------
    pydantic.ValidationError
        On unknown keys, rates outside [0, 1], a range whose low end exceeds its high
        end, or a threshold below 1.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> model = gi.NotificationModel(opt_out_rate=0.4)
    >>> model.opt_out_range
    (0.05, 0.4)
    >>> model  # doctest: +ELLIPSIS
    NotificationModel(threshold=250 [default: practitioners' descriptions (2018), ...],
    opt_out_rate=0.4 in [0.05, 0.4] [set by caller], ...)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    threshold: int = Field(default=250, ge=1, description=_SOURCES["threshold"])
    opt_out_rate: Rate = Field(default=0.10, description=_SOURCES["opt_out_rate"])
    highlight_rate: Rate = Field(default=0.15, description=_SOURCES["highlight_rate"])
    highlight_policy: Literal["constant", "engagement"] = "constant"
    size_basis: Literal["at_post", "at_join"] = "at_post"
    opt_out_range: tuple[Rate, Rate] = (0.05, 0.30)
    highlight_range: tuple[Rate, Rate] = (0.05, 0.35)

    @model_validator(mode="after")
    def _widen_ranges(self) -> NotificationModel:
        for point, rng in (("opt_out_rate", "opt_out_range"),
                           ("highlight_rate", "highlight_range")):
            lo, hi = getattr(self, rng)
            if lo > hi:
                msg = f"{rng}: expected low <= high, got ({lo}, {hi})"
                raise ValueError(msg)
            value = getattr(self, point)
            if not lo <= value <= hi:
                # Frozen model: set once, during validation, before anyone sees it.
                object.__setattr__(self, rng, (min(lo, value), max(hi, value)))
        return self

    def _source(self, name: str) -> str:
        return "set by caller" if name in self.model_fields_set else (
            f"default: {_SOURCES[name]}")

    def __repr__(self) -> str:
        parts = [
            f"threshold={self.threshold} [{self._source('threshold')}]",
            f"opt_out_rate={self.opt_out_rate:g} in [{self.opt_out_range[0]:g}, "
            f"{self.opt_out_range[1]:g}] [{self._source('opt_out_rate')}]",
            f"highlight_rate={self.highlight_rate:g} in [{self.highlight_range[0]:g}, "
            f"{self.highlight_range[1]:g}] [{self._source('highlight_rate')}]",
            f"highlight_policy={self.highlight_policy!r} [{self._source('highlight_policy')}]",
            f"size_basis={self.size_basis!r} [{self._source('size_basis')}]",
        ]
        return f"NotificationModel({', '.join(parts)})"

    def __str__(self) -> str:
        return repr(self)

    def _short(self) -> str:
        """One line of the assumptions, for result reprs."""
        return (
            f"T={self.threshold}, q={self.opt_out_rate:.2f} "
            f"[{self.opt_out_range[0]:.2f}–{self.opt_out_range[1]:.2f}], "
            f"h={self.highlight_rate:.2f} "
            f"[{self.highlight_range[0]:.2f}–{self.highlight_range[1]:.2f}], "
            f"{self.highlight_policy}, {self.size_basis}"
        )


def notification_reach(ds: Dataset, model: NotificationModel) -> pl.DataFrame:
    """Expected members notified of each group post, with an interval.

    Parameters
    ----------
    ds
        A dataset holding one or more groups (pages are ignored).
    model
        The assumptions (threshold, opt-out share, highlight rate, policy, size basis).

    Returns
    -------
    polars.DataFrame
        One row per group post: ``container_id``, ``post_id``, ``created_at``,
        ``members_at_post`` (size at the post's time; null when unknown), ``eligible``
        (``members_at_post - 1`` when the author is a non-organisation member at that
        moment, else ``members_at_post``), ``regime`` (Enum ``all`` / ``mixed`` /
        ``highlights``: the notification setting of the eligible members, by group size
        when no one is eligible, null when the size is unknown), ``expected_notified``,
        ``low`` and ``high`` (5th and 95th percentiles over ``q`` and ``h`` drawn from
        their ranges, widened to include ``expected_notified``). Sorted by container,
        time and post id.

    Warns
    -----
    DataQualityWarning
        ``size_basis="at_join"`` for a group without a join date for every member: its
        posts fall back to ``"at_post"``.

    Examples
    --------
    A group whose 300 members joined one a day; a member posts on day 100 (101 members)
    and on day 299 (300 members):

    >>> import polars as pl
    >>> from datetime import UTC, datetime, timedelta
    >>> import groepsinzicht as gi
    >>> t0 = datetime(2024, 1, 1, tzinfo=UTC)
    >>> members = pl.DataFrame({"container_id": "g", "member_id": [f"m{i}" for i in
    ...     range(300)], "joined_at": [t0 + timedelta(days=i) for i in range(300)]})
    >>> posts = pl.DataFrame({"container_id": "g", "post_id": ["p1", "p2"],
    ...     "author_id": "m0", "created_at": [t0 + timedelta(days=100, hours=1),
    ...     t0 + timedelta(days=299, hours=1)]})
    >>> ds = gi.Dataset.from_frames(members=members, posts=posts, kind="group")
    >>> r = gi.notification_reach(ds, gi.NotificationModel())
    >>> r.select("members_at_post", "eligible", "regime", "expected_notified").rows()
    [(101, 100, 'all', 90.0), (300, 299, 'highlights', 40.365)]
    >>> r.select((pl.col("low") <= pl.col("expected_notified"))
    ...          & (pl.col("expected_notified") <= pl.col("high"))).to_series().all()
    True
    """
    return core.reach_frame(ds, model)


def _member_post_counts(n: np.ndarray[Any, Any], model: NotificationModel
                        ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Eligible members on all posts and on highlights, for a post by a member.

    Under ``at_join`` the group grew to ``n`` one member at a time and the author is any
    of its members with equal chance (so the counts are expectations over the author).
    """
    nf = n.astype(np.float64)
    t = model.threshold
    if model.size_basis == "at_post":
        eligible = np.maximum(nf - 1.0, 0.0)
        below = n < t
        return np.where(below, eligible, 0.0), np.where(below, 0.0, eligible)
    m = np.minimum(nf, float(t))
    rest = nf - m
    share_all = np.divide(m, nf, out=np.zeros_like(nf), where=nf > 0)
    share_hl = np.divide(rest, nf, out=np.zeros_like(nf), where=nf > 0)
    return m - share_all, rest - share_hl


def _constant_inputs(size: int, model: NotificationModel) -> tuple[
        np.ndarray[Any, Any], core.HighlightInputs]:
    keep, hs = core.interval_draws(model)
    return keep, core.HighlightInputs(np.zeros(size, dtype=np.int64),
                                      np.ones(size, dtype=np.float64), hs[None, :])


def reach_curve(model: NotificationModel, *, sizes: Iterable[int] = range(1, 1001)
                ) -> pl.DataFrame:
    """Expected members notified of a post by a member, per group size: the cliff.

    Parameters
    ----------
    model
        The assumptions. Under ``size_basis="at_join"`` the group grew one member at a
        time and the author is any member with equal chance; under the engagement
        policy a post has the mean probability ``h``.
    sizes
        Group sizes (members, at least 1).

    Returns
    -------
    polars.DataFrame
        ``members``, ``expected_notified``, ``low``, ``high``, one row per size.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> c = gi.reach_curve(gi.NotificationModel(), sizes=[249, 250, 251])
    >>> c.select("members", "expected_notified").rows()
    [(249, 223.2), (250, 33.615), (251, 33.75)]
    """
    n = np.fromiter((int(v) for v in sizes), dtype=np.int64)
    if n.size and n.min() < 1:
        msg = f"sizes: expected group sizes of at least 1, got {int(n.min())}"
        raise ValueError(msg)
    a, b = _member_post_counts(n, model)
    keep, inputs = _constant_inputs(n.size, model)
    expected = (1.0 - model.opt_out_rate) * (a + b * model.highlight_rate)
    low, high = core.interval(a, b, keep, inputs) if n.size else (a, b)
    return pl.DataFrame({
        "members": pl.Series(n, dtype=pl.Int64),
        "expected_notified": pl.Series(expected, dtype=pl.Float64),
        "low": pl.Series(np.minimum(low, expected), dtype=pl.Float64),
        "high": pl.Series(np.maximum(high, expected), dtype=pl.Float64),
    })


def break_even_members(reach: float, model: NotificationModel) -> int | None:
    """The smallest group size whose posts reach as many members as ``reach``.

    A post by a member, regime by the group's size at the post (as under ``at_post``):
    expected notified ``(n - 1)(1 - q)`` below the threshold and ``(n - 1)(1 - q) h``
    from it on. When sizes below the threshold cannot get there, the search continues
    above it.

    Parameters
    ----------
    reach
        Members (or people) reached per post, e.g. a page's median reach.
    model
        The assumptions.

    Returns
    -------
    int or None
        The smallest size ``n``, or None when no size gets there (e.g. ``q = 1``).

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> m = gi.NotificationModel()
    >>> gi.break_even_members(176, m), gi.break_even_members(300, m)
    (197, 2224)
    >>> gi.break_even_members(300, gi.NotificationModel(highlight_rate=0.0)) is None
    True
    """
    value = float(reach)
    if not np.isfinite(value):
        msg = f"reach: expected a finite number, got {value!r}"
        raise ValueError(msg)
    return core.break_even(value, model)


def plan_groups(total_members: int, model: NotificationModel, *, max_groups: int = 10
                ) -> pl.DataFrame:
    """What splitting an audience over 1 … ``max_groups`` groups does to reach.

    "Should we split our 600-member group into three?" Each post is by a member of its
    group (as in :func:`reach_curve`, so under ``at_join`` each group grew one member at
    a time).

    Parameters
    ----------
    total_members
        Members to divide over the groups.
    model
        The assumptions.
    max_groups
        The largest number of groups to consider.

    Returns
    -------
    polars.DataFrame
        One row per ``groups`` = 1 … ``max_groups``: ``members_per_group`` (sizes as
        even as possible; the largest shown), ``notified_per_post`` (one post in the
        largest group), ``notified_if_posted_in_all`` (the same post in every group), and
        ``low``/``high``, the interval of ``notified_if_posted_in_all``.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> p = gi.plan_groups(600, gi.NotificationModel(), max_groups=3)
    >>> p.select("groups", "members_per_group", "notified_per_post",
    ...          "notified_if_posted_in_all").rows()
    [(1, 600, 80.865, 80.865), (2, 300, 40.365, 80.73), (3, 200, 179.1, 537.3)]
    """
    if total_members < 0:
        msg = f"total_members: expected a whole number >= 0, got {total_members!r}"
        raise ValueError(msg)
    if max_groups < 1:
        msg = f"max_groups: expected a whole number >= 1, got {max_groups!r}"
        raise ValueError(msg)
    k = np.arange(1, max_groups + 1, dtype=np.int64)
    base, extra = np.divmod(np.int64(total_members), k)
    largest = base + (extra > 0)
    a_big, b_big = _member_post_counts(base + 1, model)
    a_small, b_small = _member_post_counts(base, model)
    a_top, b_top = _member_post_counts(largest, model)
    a_all = extra * a_big + (k - extra) * a_small
    b_all = extra * b_big + (k - extra) * b_small
    keep_point, h = 1.0 - model.opt_out_rate, model.highlight_rate
    per_post = keep_point * (a_top + b_top * h)
    in_all = keep_point * (a_all + b_all * h)
    keep, inputs = _constant_inputs(k.size, model)
    low, high = core.interval(a_all, b_all, keep, inputs)
    return pl.DataFrame({
        "groups": pl.Series(k, dtype=pl.Int64),
        "members_per_group": pl.Series(largest, dtype=pl.Int64),
        "notified_per_post": pl.Series(per_post, dtype=pl.Float64),
        "notified_if_posted_in_all": pl.Series(in_all, dtype=pl.Float64),
        "low": pl.Series(np.minimum(low, in_all), dtype=pl.Float64),
        "high": pl.Series(np.maximum(high, in_all), dtype=pl.Float64),
    })


def page_reach(page_ds: Dataset, *, organic_reach_rate: float = 0.052) -> pl.DataFrame:
    """Reach of every page post: observed where an export states it, else estimated.

    Parameters
    ----------
    page_ds
        A dataset holding one or more pages (groups are ignored).
    organic_reach_rate
        Share of the page's audience an organic post reaches, used where no reach is
        observed. The default 0.052 is Hootsuite's 2020 average organic reach of a
        Facebook page post (5.2% of its followers), an industry-wide figure.

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``post_id``, ``reach`` (Float64: the post's ``reach`` from
        Insights or Business Suite, else the page's size at the post's time (followers,
        else page likes) times ``organic_reach_rate``, else null), ``reach_source`` (Enum
        ``observed`` / ``estimated``, null when neither is known), ``organic_reach``,
        ``paid_reach`` (as exported). Sorted by page, time and post id.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import UTC, datetime
    >>> import groepsinzicht as gi
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> ds = gi.Dataset.from_frames(kind="page",
    ...     audience=pl.DataFrame({"container_id": "p", "at": [t], "size": [1000],
    ...                            "metric": "followers"}),
    ...     posts=pl.DataFrame({"container_id": "p", "post_id": ["a", "b"],
    ...                         "created_at": [t, t], "reach": [300, None]}))
    >>> gi.page_reach(ds).select("post_id", "reach", "reach_source").rows()
    [('a', 300.0, 'observed'), ('b', 52.0, 'estimated')]
    """
    rate = float(organic_reach_rate)
    if not 0.0 <= rate <= 1.0:
        msg = f"organic_reach_rate: expected a share in [0, 1], got {organic_reach_rate!r}"
        raise ValueError(msg)
    return core.page_frame(page_ds, rate).select(
        "container_id", "post_id", "reach", "reach_source", "organic_reach", "paid_reach"
    )
