"""The closed form: expected notified members per group post and per group size."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from groepsinzicht.errors import ParameterError, ParameterTypeError
from groepsinzicht.reach import _core as core
from groepsinzicht.reach._calibrate import resolve_model

if TYPE_CHECKING:
    from collections.abc import Iterable

    from groepsinzicht.dataset import Dataset
    from groepsinzicht.reach._calibrate import Calibration
    from groepsinzicht.reach._model import NotificationModel



def notification_reach(ds: Dataset, model: NotificationModel | Calibration) -> pl.DataFrame:
    """Expected members notified of each group post, with an interval.

    Parameters
    ----------
    ds
        A dataset holding one or more groups (pages are ignored).
    model
        The assumptions (threshold, opt-out share, highlight rate, policy, size basis),
        or a :class:`Calibration` from :func:`groepsinzicht.calibrate`: its model, with
        intervals from the joint posterior draws of the view share and highlight rate.

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
        their ranges, or over the calibration's posterior draws; widened to include
        ``expected_notified``), ``calibrated`` (Boolean: the numbers come from a
        calibration, where "Seen by" is read as "notified"). Sorted by container, time
        and post id.

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
    base, draws, calibrated = resolve_model(model)
    return core.reach_frame(ds, base, draws).with_columns(
        pl.lit(calibrated).alias("calibrated"))


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


def _constant_inputs(
    size: int, model: NotificationModel,
    draws: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]] | None = None,
) -> tuple[np.ndarray[Any, Any], core.HighlightInputs]:
    keep, hs = core.interval_draws(model) if draws is None else draws
    return keep, core.HighlightInputs(np.zeros(size, dtype=np.int64),
                                      np.ones(size, dtype=np.float64), hs[None, :])


def reach_curve(model: NotificationModel | Calibration, *,
                sizes: Iterable[int] = range(1, 1001)) -> pl.DataFrame:
    """Expected members notified of a post by a member, per group size: the cliff.

    Parameters
    ----------
    model
        The assumptions. Under ``size_basis="at_join"`` the group grew one member at a
        time and the author is any member with equal chance; under the engagement
        policy a post has the mean probability ``h``. A :class:`Calibration` gives its
        model, with intervals from its joint posterior draws.
    sizes
        Group sizes (members, at least 1).

    Returns
    -------
    polars.DataFrame
        ``members``, ``expected_notified``, ``low``, ``high``, ``calibrated``
        (Boolean), one row per size.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> c = gi.reach_curve(gi.NotificationModel(), sizes=[249, 250, 251])
    >>> c.select("members", "expected_notified").rows()
    [(249, 223.2), (250, 33.615), (251, 33.75)]
    """
    model, draws, calibrated = resolve_model(model)
    n = np.fromiter((int(v) for v in sizes), dtype=np.int64)
    if n.size and n.min() < 1:
        msg = f"sizes: expected group sizes of at least 1, got {int(n.min())}"
        raise ParameterError(msg)
    a, b = _member_post_counts(n, model)
    keep, inputs = _constant_inputs(n.size, model, draws)
    expected = (1.0 - model.opt_out_rate) * (a + b * model.highlight_rate)
    low, high = core.interval(a, b, keep, inputs) if n.size else (a, b)
    return pl.DataFrame({
        "members": pl.Series(n, dtype=pl.Int64),
        "expected_notified": pl.Series(expected, dtype=pl.Float64),
        "low": pl.Series(np.minimum(low, expected), dtype=pl.Float64),
        "high": pl.Series(np.maximum(high, expected), dtype=pl.Float64),
        "calibrated": pl.Series(np.full(n.size, calibrated), dtype=pl.Boolean),
    })


def break_even_members(reach: float, model: NotificationModel | Calibration) -> int | None:
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
        The assumptions, or a :class:`Calibration` (its model's point values).

    Returns
    -------
    int or None
        The smallest size ``n``, or None when no size gets there (e.g. ``q = 1``).

    Raises
    ------
    ParameterError
        ``reach`` is zero, negative, NaN or infinite.
    ParameterTypeError
        ``reach`` is not a number (a bool is refused).

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> m = gi.NotificationModel()
    >>> gi.break_even_members(176, m), gi.break_even_members(300, m)
    (197, 2224)
    >>> gi.break_even_members(300, gi.NotificationModel(highlight_rate=0.0)) is None
    True
    """
    if isinstance(reach, bool) or not isinstance(reach, int | float | np.integer | np.floating):
        msg = f"break_even_members: reach: expected a number, got {type(reach).__name__}"
        raise ParameterTypeError(msg)
    value = float(reach)
    if not np.isfinite(value) or value <= 0:
        msg = (f"break_even_members: reach: expected a positive finite number of people, "
               f"got {value!r}")
        raise ParameterError(msg)
    return core.break_even(value, resolve_model(model)[0])

