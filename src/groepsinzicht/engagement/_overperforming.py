"""CrowdTangle's overperforming score, vectorised over every post at once.

CrowdTangle's published method, on lifetime totals: a post's *expected* interactions are
the mean of the middle 50% of the interactions of the same container's previous 100
posts of the same ``post_type`` (ordered by time, then id): of the ``n`` previous posts,
``floor(n / 4)`` are dropped from each end of the sorted values and the rest averaged.

- score = actual / expected when actual >= expected;
- score = -expected / actual when 0 < actual < expected;
- score = -2 * expected when actual is 0;
- null with fewer than 10 previous posts of the type, or an expected of 0.

The previous posts of each post are gathered with a grouped ``rolling`` window over the
post's rank within its (container, post_type): no per-post Python loop.
"""

from __future__ import annotations

from typing import Final

import polars as pl

__all__ = ["MIN_POSTS", "WINDOW", "overperforming_scores"]

#: How many previous posts of the same type make up the baseline.
WINDOW: Final = 100
#: Fewer previous posts than this: no score.
MIN_POSTS: Final = 10

_GROUP = ["container_id", "post_type"]


def overperforming_scores(
    frame: pl.DataFrame, *, window: int = WINDOW, min_posts: int = MIN_POSTS
) -> pl.DataFrame:
    """Compute the expected interactions and overperforming score of every post.

    Parameters
    ----------
    frame
        One row per post with ``container_id``, ``post_id``, ``post_type``,
        ``created_at`` and ``interactions`` (not null).
    window
        The number of previous posts in the baseline.
    min_posts
        The least number of previous posts for a score.

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``post_id``, ``expected_interactions`` (Float64, null with
        fewer than ``min_posts`` previous posts) and ``overperforming_score`` (Float64),
        in the order of ``frame``.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    >>> posts = pl.DataFrame({
    ...     "container_id": "g", "post_id": [f"p{i:02}" for i in range(12)],
    ...     "post_type": "photo",
    ...     "created_at": [t0 + timedelta(hours=i) for i in range(12)],
    ...     "interactions": [4] * 10 + [8, 0]})
    >>> overperforming_scores(posts).get_column("overperforming_score").to_list()[-2:]
    [2.0, -8.0]
    """
    idx = "__op_row"
    rank = "__op_rank"
    base = frame.select("container_id", "post_id", "post_type", "created_at",
                        "interactions").with_row_index(idx)
    ranked = base.sort(*_GROUP, "created_at", "post_id").with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).over(_GROUP).alias(rank)
    )
    # The window (rank - window - 1, rank - 1] holds exactly the previous `window` posts.
    previous = ranked.rolling(
        index_column=rank,
        period=f"{window}i",
        offset=f"-{window + 1}i",
        closed="right",
        group_by=_GROUP,
    ).agg(pl.col("interactions").sort().alias("__prev"))
    n = pl.col("__prev").list.len()
    drop = n // 4
    expected = (
        pl.when(n >= min_posts)
        .then(pl.col("__prev").list.slice(drop, n - 2 * drop).list.mean())
        .otherwise(None)
        .cast(pl.Float64)
    )
    actual = pl.col("interactions").cast(pl.Float64)
    exp = pl.col("expected_interactions")
    score = (
        pl.when(exp.is_null() | (exp == 0))
        .then(None)
        .when(actual == 0)
        .then(-2.0 * exp)
        .when(actual >= exp)
        .then(actual / exp)
        .otherwise(-exp / actual)
    )
    return (
        ranked.join(previous, on=[*_GROUP, rank], how="left")
        .with_columns(expected.alias("expected_interactions"))
        .with_columns(score.cast(pl.Float64).alias("overperforming_score"))
        .sort(idx)
        .select("container_id", "post_id", "expected_interactions", "overperforming_score")
    )
