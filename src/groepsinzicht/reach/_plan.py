"""Planning: how many groups to split an audience into."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from groepsinzicht.errors import ParameterError
from groepsinzicht.reach import _core as core
from groepsinzicht.reach._calibrate import resolve_model
from groepsinzicht.reach._notify import _constant_inputs, _member_post_counts

if TYPE_CHECKING:
    from groepsinzicht.reach._calibrate import Calibration
    from groepsinzicht.reach._model import NotificationModel



def plan_groups(total_members: int, model: NotificationModel | Calibration, *,
                max_groups: int = 10) -> pl.DataFrame:
    """What splitting an audience over 1 … ``max_groups`` groups does to reach.

    "Should we split our 600-member group into three?" Each post is by a member of its
    group (as in :func:`reach_curve`, so under ``at_join`` each group grew one member at
    a time).

    Parameters
    ----------
    total_members
        Members to divide over the groups.
    model
        The assumptions, or a :class:`Calibration` (its model, with intervals from its
        joint posterior draws).
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
        raise ParameterError(msg)
    if max_groups < 1:
        msg = f"max_groups: expected a whole number >= 1, got {max_groups!r}"
        raise ParameterError(msg)
    model, draws, _ = resolve_model(model)
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
    keep, inputs = _constant_inputs(k.size, model, draws)
    low, high = core.interval(a_all, b_all, keep, inputs)
    return pl.DataFrame({
        "groups": pl.Series(k, dtype=pl.Int64),
        "members_per_group": pl.Series(largest, dtype=pl.Int64),
        "notified_per_post": pl.Series(per_post, dtype=pl.Float64),
        "notified_if_posted_in_all": pl.Series(in_all, dtype=pl.Float64),
        "low": pl.Series(np.minimum(low, in_all), dtype=pl.Float64),
        "high": pl.Series(np.maximum(high, in_all), dtype=pl.Float64),
    })

