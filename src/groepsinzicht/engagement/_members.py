"""Activity per member, and how unequal participation is."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, overload

import polars as pl

from groepsinzicht._measures._interactions import post_interactions
from groepsinzicht._measures._threads import repair_threads
from groepsinzicht._util import DEFAULT_TZ, check_tz
from groepsinzicht.dataset import LazyDataset
from groepsinzicht.engagement._common import (
    _COMMENT,
    _KEY,
    _MEMBER,
    _POST,
    _REACTION,
    _REPLY,
    PARTICIPATION,
    _local,
)

if TYPE_CHECKING:
    from groepsinzicht.dataset import Dataset



def _activity_events(ds: Dataset) -> pl.LazyFrame:
    """Every act of a known member: ``container_id``, ``member_id``, ``act``, time."""

    def code(value: int) -> pl.Expr:
        return pl.lit(value, dtype=pl.UInt8)

    return pl.concat([
        ds.posts.lazy().select("container_id", pl.col("author_id").alias("member_id"),
                               code(_POST).alias("act"), "created_at"),
        repair_threads(ds.comments).lazy().select(
            "container_id", pl.col("author_id").alias("member_id"),
            pl.when(pl.col("parent_id").is_null()).then(code(_COMMENT))
            .otherwise(code(_REPLY)).alias("act"),
            "created_at"),
        ds.reactions.lazy().select("container_id", pl.col("actor_id").alias("member_id"),
                                   code(_REACTION).alias("act"), "created_at"),
    ]).drop_nulls("member_id")


def _received(ds: Dataset) -> pl.LazyFrame:
    """Comments and reactions each member's posts and comments received."""
    cid = "container_id"
    comments = repair_threads(ds.comments).lazy()
    on_posts = (
        post_interactions(ds).lazy().select(*_KEY, "comments", "reactions")
        .join(ds.posts.lazy().select(*_KEY, pl.col("author_id").alias("member_id")),
              on=_KEY)
        .select(cid, "member_id", "comments", "reactions")
    )
    authors = comments.select(cid, "comment_id", pl.col("author_id").alias("member_id"))
    replies_to = (
        comments.filter(pl.col("parent_id").is_not_null())
        .select(cid, pl.col("parent_id").alias("comment_id"))
        .join(authors, on=[cid, "comment_id"], how="inner")
        .select(cid, "member_id", pl.lit(1, dtype=pl.Int64).alias("comments"),
                pl.lit(0, dtype=pl.Int64).alias("reactions"))
    )
    observed = (
        ds.reaction_counts.lazy().filter(pl.col("target_kind") == "comment")
        .group_by(cid, pl.col("target_id").alias("comment_id"))
        .agg(pl.col("count").sum().alias("__obs"))
    )
    on_comments = (
        comments.select(cid, "comment_id", pl.col("author_id").alias("member_id"),
                        "reported_reactions")
        .join(observed, on=[cid, "comment_id"], how="left")
        .select(cid, "member_id", pl.lit(0, dtype=pl.Int64).alias("comments"),
                pl.max_horizontal(pl.col("reported_reactions").fill_null(0),
                                  pl.col("__obs").fill_null(0)).alias("reactions"))
    )
    return (
        pl.concat([on_posts, replies_to, on_comments])
        .drop_nulls("member_id")
        .group_by(_MEMBER)
        .agg(pl.col("comments").sum().alias("comments_received"),
             pl.col("reactions").sum().alias("reactions_received"))
    )


@overload
def member_activity(ds: Dataset, *, tz: str = ...) -> pl.DataFrame: ...
@overload
def member_activity(ds: LazyDataset, *, tz: str = ...) -> pl.LazyFrame: ...
def member_activity(
    ds: Dataset | LazyDataset, *, tz: str = DEFAULT_TZ
) -> pl.DataFrame | pl.LazyFrame:
    """Count what every member did and received; classify their participation.

    Parameters
    ----------
    ds
        The dataset, or a :class:`~groepsinzicht.LazyDataset` (:func:`groepsinzicht.scan`):
        then a LazyFrame with the same columns, evaluated one container at a time.
    tz
        Time zone in which ``active_days`` are counted.

    Returns
    -------
    polars.DataFrame
        One row per member and container (every ``members`` row, plus any author or
        actor without one), ordered by ``container_id``, ``member_id``:

        - ``container_id``, ``member_id``, ``role``, ``is_organization``;
        - ``posts``; ``comments`` (top-level comments and replies written);
          ``replies`` (replies written); ``reactions_given`` (on posts and comments);
        - ``comments_received``: comments on the member's posts (each post's
          ``max(reported, observed)``, as in :func:`post_engagement`, so the member's
          own comments there count too) plus replies to the member's comments;
        - ``reactions_received``: reactions on the member's posts and comments (each
          ``max(reported, observed)``);
        - ``first_seen``, ``last_seen``: the first and last time (UTC) of the
          member's own posts, comments and timed reactions; null without any;
        - ``active_days``: distinct local days (``tz``) with such activity;
        - ``participation``: ``creator`` (at least one post), ``contributor``
          (comments or reactions only), ``lurker`` (a member row without activity).

    Examples
    --------
    >>> import polars as pl, groepsinzicht as gi
    >>> from datetime import datetime, timezone
    >>> t = datetime(2024, 5, 1, 9, tzinfo=timezone.utc)
    >>> ds = gi.Dataset.from_frames(
    ...     members=pl.DataFrame({"container_id": "g", "member_id": ["a", "b", "c"]}),
    ...     posts=pl.DataFrame({"container_id": "g", "post_id": "p", "author_id": "a",
    ...                         "created_at": t}),
    ...     comments=pl.DataFrame({"container_id": "g", "comment_id": "c1",
    ...                            "post_id": "p", "author_id": "b", "created_at": t}),
    ...     kind="group")
    >>> member_activity(ds).get_column("participation").to_list()
    ['creator', 'contributor', 'lurker']
    """
    check_tz(tz)
    if isinstance(ds, LazyDataset):
        return ds._per_container(partial(member_activity, tz=tz))
    counts = ["posts", "comments", "replies", "reactions_given", "comments_received",
              "reactions_received", "active_days"]
    return (
        _member_counts(ds, tz)
        .join(_received(ds), on=_MEMBER, how="left")
        .with_columns(pl.col(counts).fill_null(0).cast(pl.Int64))
        .select("container_id", "member_id", "role", "is_organization", "posts",
                "comments", "replies", "reactions_given", "comments_received",
                "reactions_received", "first_seen", "last_seen", "active_days",
                "participation")
        .sort(_MEMBER)
        .collect()
    )


def _member_counts(ds: Dataset, tz: str | None) -> pl.LazyFrame:
    """Every member row (plus unlisted authors and actors) with what they wrote and gave.

    ``posts``, ``comments``, ``replies``, ``reactions_given`` and ``participation``;
    with ``tz`` also ``first_seen``, ``last_seen`` and ``active_days``.
    """
    act = pl.col("act")
    aggs = [
        (act == _POST).sum().cast(pl.Int64).alias("posts"),
        act.is_in([_COMMENT, _REPLY]).sum().cast(pl.Int64).alias("comments"),
        (act == _REPLY).sum().cast(pl.Int64).alias("replies"),
        (act == _REACTION).sum().cast(pl.Int64).alias("reactions_given"),
    ]
    if tz is not None:
        aggs += [
            pl.col("created_at").min().alias("first_seen"),
            pl.col("created_at").max().alias("last_seen"),
            _local("created_at", tz).dt.date().drop_nulls().n_unique().cast(pl.Int64)
            .alias("active_days"),
        ]
    acts = _activity_events(ds).group_by(_MEMBER).agg(aggs)
    roster = ds.members.lazy().select(*_MEMBER, "role", "is_organization")
    unlisted = acts.select(_MEMBER).join(roster, on=_MEMBER, how="anti")
    roster = pl.concat([
        roster,
        unlisted.with_columns(
            pl.lit("unknown").cast(ds.members.schema["role"]).alias("role"),
            pl.lit(False).alias("is_organization"),
        ),
    ])
    written = ["posts", "comments", "replies", "reactions_given"]
    return (
        roster.join(acts, on=_MEMBER, how="left")
        .with_columns(pl.col(written).fill_null(0))
        .with_columns(
            pl.when(pl.col("posts") > 0).then(pl.lit("creator"))
            .when((pl.col("comments") > 0) | (pl.col("reactions_given") > 0))
            .then(pl.lit("contributor"))
            .otherwise(pl.lit("lurker"))
            .cast(PARTICIPATION)
            .alias("participation")
        )
    )


# --------------------------------------------------------------------------- 90-9-1
def participation_inequality(ds: Dataset) -> pl.DataFrame:
    """How unequally members contribute, per container (the 90-9-1 view).

    A member's contributions are posts + comments (replies included) + reactions
    given, over every member row of the container, silent ones included (see
    :func:`member_activity`). Exports of a page list no followers, only the people
    who posted, commented or reacted, so a page has (almost) no lurkers here: its
    shares describe the active audience only.

    Parameters
    ----------
    ds
        The dataset.

    Returns
    -------
    polars.DataFrame
        One row per container with member rows, ordered by ``container_id``:

        - ``members``: member rows (Int64);
        - ``gini``: Gini coefficient of contributions (0 = all equal, towards 1 =
          one member does everything); null when nobody contributed;
        - ``top1_share``, ``top10_share``: share of all contributions made by the
          ceil(1% · members) and ceil(10% · members) most active members; null when
          nobody contributed;
        - ``creators``, ``contributors``, ``lurkers``: shares of the members in each
          participation class (they sum to 1).

    Examples
    --------
    >>> import polars as pl, groepsinzicht as gi
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(
    ...     members=pl.DataFrame({"container_id": "g", "member_id": ["a", "b"]}),
    ...     posts=pl.DataFrame({"container_id": "g", "post_id": "p", "author_id": "a",
    ...                         "created_at": datetime(2024, 5, 1, tzinfo=timezone.utc)}),
    ...     kind="group")
    >>> participation_inequality(ds).select("gini", "top1_share", "lurkers").row(0)
    (0.5, 1.0, 0.5)
    """
    cid = "container_id"
    x = "__x"
    per_member = _member_counts(ds, None).select(
        cid, "participation",
        (pl.col("posts") + pl.col("comments") + pl.col("reactions_given")).alias(x),
    ).sort(cid, x).collect()
    n = pl.len().cast(pl.Int64)
    total = pl.col(x).sum()
    # 1-based rank in ascending order; the most active members have the highest ranks.
    i = pl.int_range(1, pl.len() + 1, dtype=pl.Int64)
    gini = (2.0 * (i * pl.col(x)).sum() / (n * total) - (n + 1) / n)

    def top(per: int) -> pl.Expr:
        k = (n + per - 1) // per  # ceil(n / per) in integers: no float rounding
        return pl.col(x).filter(i > n - k).sum() / total

    def share(cls: str) -> pl.Expr:
        return (pl.col("participation") == cls).sum() / n

    return (
        per_member.group_by(cid)
        .agg(
            n.alias("members"),
            pl.when(total > 0).then(gini).otherwise(None).alias("gini"),
            pl.when(total > 0).then(top(100)).otherwise(None).alias("top1_share"),
            pl.when(total > 0).then(top(10)).otherwise(None).alias("top10_share"),
            share("creator").alias("creators"),
            share("contributor").alias("contributors"),
            share("lurker").alias("lurkers"),
        )
        .with_columns(pl.col("gini", "top1_share", "top10_share", "creators",
                             "contributors", "lurkers").cast(pl.Float64))
        .sort(cid)
    )

