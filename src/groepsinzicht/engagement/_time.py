"""Activity over time, and when to post (hour of the week)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, get_args, overload

import polars as pl

from groepsinzicht._measures._interactions import post_interactions
from groepsinzicht._measures._size import size_at
from groepsinzicht._measures._threads import thread_index
from groepsinzicht._util import DEFAULT_TZ, check_tz
from groepsinzicht.dataset import LazyDataset
from groepsinzicht.engagement._common import _KEY, HeatmapMetric, _local
from groepsinzicht.engagement._posts import _post_basics, post_engagement
from groepsinzicht.errors import ParameterError, shorten

if TYPE_CHECKING:
    from groepsinzicht.dataset import Dataset



# --------------------------------------------------------------------------- over time
def _check_every(every: str, tz: str) -> None:
    start = pl.datetime(2024, 1, 1, time_zone=tz)
    try:
        forward = pl.select(start.dt.offset_by(every) > start).item()
    except (pl.exceptions.PolarsError, ValueError, TypeError) as exc:
        raise ParameterError(
            f"every: expected a polars duration such as '1d', '1w' or '1mo', "
            f"got {shorten(every)}") from exc
    if not forward:
        raise ParameterError(f"every: expected a positive duration, got {shorten(every)}")


@overload
def timeline(ds: Dataset, *, every: str = ..., tz: str = ...) -> pl.DataFrame: ...
@overload
def timeline(ds: LazyDataset, *, every: str = ..., tz: str = ...) -> pl.LazyFrame: ...
def timeline(
    ds: Dataset | LazyDataset, *, every: str = "1w", tz: str = DEFAULT_TZ
) -> pl.DataFrame | pl.LazyFrame:
    """Activity of each container per period, periods in local time.

    Periods start at local midnight (``"1d"``), on Monday (``"1w"``), on the first of
    the month (``"1mo"``), ... in ``tz``, so a week around a change to or from summer
    time is still a calendar week. Every period from a container's first to its last
    activity is listed, the quiet ones with zeros. Comments on posts the export lacks
    (see :meth:`~groepsinzicht.dataset.Dataset.orphan_comments`) are left out, so the
    counts add up to those of :func:`post_engagement`.

    Parameters
    ----------
    ds
        The dataset, or a :class:`~groepsinzicht.LazyDataset` (:func:`groepsinzicht.scan`):
        then a LazyFrame with the same columns, evaluated one container at a time.
    every
        Period length, a polars duration: ``"1d"``, ``"1w"``, ``"1mo"``, ``"1q"``,
        ``"1y"``, ...
    tz
        Time zone of the period boundaries.

    Returns
    -------
    polars.DataFrame
        One row per container and period, ordered by both:

        - ``container_id``; ``period_start``: the local start, a datetime aware of
          ``tz`` (``Datetime("us", tz)``);
        - ``posts``: posts created in the period;
        - ``comments``, ``reactions``: observed comments (replies included) and
          reactions on posts by their own time where known, else their post's; the
          part of ``max(reported, observed)`` no row stands for counts at the post's
          time, so each column sums to the total of :func:`post_engagement`
          (reactions on comments are not in ``reactions``, as in ``interactions``);
        - ``shares``, ``interactions``: of the posts created in the period, as in
          :func:`post_engagement`;
        - ``active_members``: distinct known authors of posts and comments and actors
          of reactions (on posts or comments; by the reaction's time, else its post's);
        - ``new_members``: non-organisation members whose ``joined_at`` falls in the
          period (joins before the first period are in ``members``, not listed);
        - ``members``: the size at the period's last instant (null when unknown).

    Examples
    --------
    >>> import polars as pl, groepsinzicht as gi
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(posts=pl.DataFrame({
    ...     "container_id": "g", "post_id": ["p1", "p2"],
    ...     "created_at": [datetime(2024, 5, 1, tzinfo=timezone.utc),
    ...                    datetime(2024, 5, 20, tzinfo=timezone.utc)]}), kind="group")
    >>> timeline(ds, every="1w").get_column("posts").to_list()
    [1, 0, 0, 1]
    """
    check_tz(tz)
    _check_every(every, tz)
    if isinstance(ds, LazyDataset):
        return ds._per_container(partial(timeline, every=every, tz=tz))
    cid = "container_id"
    period = "period_start"
    one = pl.lit(1, dtype=pl.Int64)
    zero = pl.lit(0, dtype=pl.Int64)

    def start(col: str | pl.Expr) -> pl.Expr:
        return _local(col, tz).dt.truncate(every).alias(period)

    ix = thread_index(ds)
    post_time = ix.posts.get_column("created_at")
    # Reactions on a known post (directly or through a comment), with the post's time.
    known = ix.reactions.filter(pl.col("__p").is_not_null())
    reactions = known.with_columns(
        post_time.gather(known.get_column("__p")).alias("__pt")).lazy()
    timed = pl.col("created_at").is_not_null() & (pl.col("target_kind") == "post")
    timed_on_posts = reactions.filter(timed).group_by("__p").agg(
        pl.len().cast(pl.Int64).alias("__timed"))
    per_post = (
        ix.posts.lazy().select("__p", *_KEY, "author_id", "created_at")
        .join(post_interactions(ds).lazy(), on=_KEY, how="inner")
        .join(timed_on_posts, on="__p", how="left")
    )
    # One row per counted unit, each with the member behind it (for active_members):
    # a post carries its own counts plus what no comment or reaction row stands for.
    units = pl.concat([
        per_post.select(
            cid, start("created_at"), one.alias("posts"),
            (pl.col("comments") - pl.col("observed_comments")).alias("comments"),
            (pl.col("reactions") - pl.col("__timed").fill_null(0)).clip(0)
            .alias("reactions"),
            "shares", "interactions", pl.col("author_id").alias("__who")),
        ix.comments.lazy().filter(pl.col("__p").is_not_null()).select(
            cid, start("created_at"), zero.alias("posts"), one.alias("comments"),
            zero.alias("reactions"), zero.alias("shares"), zero.alias("interactions"),
            pl.col("author_id").alias("__who")),
        reactions.select(
            cid, start(pl.coalesce("created_at", "__pt")), zero.alias("posts"),
            zero.alias("comments"),
            pl.when(timed).then(one).otherwise(zero).alias("reactions"),
            zero.alias("shares"), zero.alias("interactions"),
            pl.col("actor_id").alias("__who")),
    ])
    sums = units.group_by(cid, period).agg(
        pl.col("posts", "comments", "reactions", "shares", "interactions").sum(),
        pl.col("__who").drop_nulls().n_unique().cast(pl.Int64).alias("active_members"),
    )
    joins = (
        ds.members.lazy()
        .filter(~pl.col("is_organization") & pl.col("joined_at").is_not_null())
        .group_by(cid, start("joined_at"))
        .agg(pl.len().cast(pl.Int64).alias("new_members"))
    )
    sums_df, joins_df = pl.collect_all([sums, joins])

    span = sums_df.group_by(cid).agg(pl.col(period).min().alias("__lo"),
                                     pl.col(period).max().alias("__hi"))
    grid = span.select(
        cid, pl.datetime_ranges("__lo", "__hi", interval=every).alias(period)
    ).explode(period)
    grid = grid.with_columns(
        (pl.col(period).dt.offset_by(every).dt.convert_time_zone("UTC")
         - pl.duration(microseconds=1)).alias("__end")
    )
    sizes = size_at(ds, grid, time_col="__end", out="members")
    counts = ["posts", "comments", "reactions", "shares", "interactions",
              "active_members", "new_members"]
    return (
        sizes.join(sums_df, on=[cid, period], how="left")
        .join(joins_df, on=[cid, period], how="left")
        .with_columns(pl.col(counts).fill_null(0).cast(pl.Int64))
        .select(cid, period, *counts, "members")
        .sort(cid, period)
    )


# --------------------------------------------------------------------------- when to post
@overload
def posting_heatmap(
    ds: Dataset, *, tz: str = ..., metric: HeatmapMetric = ..., per_container: bool = ...
) -> pl.DataFrame: ...
@overload
def posting_heatmap(
    ds: LazyDataset, *, tz: str = ..., metric: HeatmapMetric = ...,
    per_container: bool = ...,
) -> pl.LazyFrame: ...
def posting_heatmap(
    ds: Dataset | LazyDataset,
    *,
    tz: str = DEFAULT_TZ,
    metric: HeatmapMetric = "interactions",
    per_container: bool = False,
) -> pl.DataFrame | pl.LazyFrame:
    """Count posts and their median engagement per local weekday and hour.

    When to post. All containers of ``ds`` together, or each on its own with
    ``per_container=True``.

    Parameters
    ----------
    ds
        The dataset, or a :class:`~groepsinzicht.LazyDataset` (:func:`groepsinzicht.scan`):
        then a LazyFrame with the same columns, the posts of one container at a
        time, the cells over all of them.
    tz
        Time zone of the weekdays and hours.
    metric
        A numeric column of :func:`post_engagement` whose median is taken:
        ``interactions`` (default), ``reactions``, ``comments``, ``shares``,
        ``views``, ``reach``, ``unique_participants``, ``engagement_rate_audience`` or
        ``engagement_rate_reach``.
    per_container
        One grid per container, with a leading ``container_id`` column.

    Returns
    -------
    polars.DataFrame
        168 long rows (per container with ``per_container=True``), ordered by
        ``weekday`` (Int8, 1 = Monday … 7 = Sunday) and ``hour`` (Int8, 0–23, local):
        ``posts`` (Int64, posts created then) and ``median`` (Float64, the median
        ``metric`` of those posts where it is known; null without any).

    Examples
    --------
    >>> import polars as pl, groepsinzicht as gi
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(posts=pl.DataFrame({
    ...     "container_id": "g", "post_id": "p", "reported_reactions": 3,
    ...     "created_at": datetime(2024, 5, 6, 7, 30, tzinfo=timezone.utc)}), kind="group")
    >>> posting_heatmap(ds).filter(pl.col("posts") > 0).row(0)  # Monday, 09:30 CEST
    (1, 9, 1, 3.0)
    >>> posting_heatmap(ds, per_container=True).filter(pl.col("posts") > 0).row(0)
    ('g', 1, 9, 1, 3.0)
    """
    check_tz(tz)
    if metric not in get_args(HeatmapMetric):
        raise ParameterError(
            f"metric: expected one of {list(get_args(HeatmapMetric))}, "
            f"got {shorten(metric)}")
    key = ["container_id"] if per_container else []

    def per_post_of(d: Dataset) -> pl.DataFrame:
        # Only the thread columns need the full per-post analysis.
        source = (post_engagement(d, tz=tz) if metric == "unique_participants"
                  else _post_basics(d))
        return source.select(*key, "created_at", metric)

    lazy = isinstance(ds, LazyDataset)
    rows = (ds._per_container(per_post_of) if isinstance(ds, LazyDataset)
            else per_post_of(ds).lazy())
    per_post = rows.select(
        *key,
        _local("created_at", tz).dt.weekday().alias("weekday"),
        _local("created_at", tz).dt.hour().alias("hour"),
        pl.col(metric).cast(pl.Float64).alias("__m"),
    )
    cells = per_post.group_by(*key, "weekday", "hour").agg(
        pl.len().cast(pl.Int64).alias("posts"), pl.col("__m").median().alias("median"))
    grid = pl.LazyFrame({"weekday": pl.int_range(1, 8, eager=True, dtype=pl.Int8)}).join(
        pl.LazyFrame({"hour": pl.int_range(0, 24, eager=True, dtype=pl.Int8)}),
        how="cross")
    if per_container:
        containers = ds.containers.lazy()
        grid = containers.select("container_id").unique().join(grid, how="cross")
    out = (
        grid.join(cells, on=[*key, "weekday", "hour"], how="left")
        .with_columns(pl.col("posts").fill_null(0), pl.col("median").cast(pl.Float64))
        .sort(*key, "weekday", "hour")
    )
    return out if lazy else out.collect()

