"""Engagement per post, per member, over time, by hour of the week and by format.

The questions "Conversation", "People" and "Content" of DESIGN.md, as plain functions of
a :class:`~groepsinzicht.dataset.Dataset` that return polars DataFrames.

Conventions shared by every function here:

- every per-post or per-member row carries ``container_id``;
- a count with nothing behind it is 0, never null;
- a post's reactions, comments and shares each count as ``max(reported, observed)``
  (:func:`groepsinzicht._metrics.post_interactions`): observed reactions are the sum of
  ``reaction_counts``, observed comments the ``comments`` rows (replies included);
- the size of a container at a moment follows DESIGN.md's "size at time t"
  (:func:`groepsinzicht._size.size_at`; with join dates it counts non-organisation
  members);
- an author is the organisation when their ``members`` row in that container says
  ``is_organization`` (a hidden or unknown author is not);
- days, weekdays and hours are local times in ``tz``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from groepsinzicht._metrics import post_interactions
from groepsinzicht._overperforming import overperforming_scores
from groepsinzicht._size import size_at
from groepsinzicht._thread_index import comment_depths, thread_index
from groepsinzicht.errors import shorten

if TYPE_CHECKING:
    from groepsinzicht._thread_index import ThreadIndex
    from groepsinzicht.dataset import Dataset

__all__ = [
    "DEFAULT_TZ",
    "EXTERNAL_VIDEO_DOMAINS",
    "FORMAT",
    "PARTICIPATION",
    "content_performance",
    "member_activity",
    "participation_inequality",
    "post_engagement",
    "posting_heatmap",
    "timeline",
]

DEFAULT_TZ: Final = "Europe/Amsterdam"

#: Hosts (and their subdomains) whose links are videos played elsewhere, not native.
EXTERNAL_VIDEO_DOMAINS: Final[tuple[str, ...]] = (
    "youtube.com",
    "youtu.be",
    "youtube-nocookie.com",
    "vimeo.com",
)

#: The formats of :func:`content_performance`: post types, links split by kind.
FORMAT: Final = pl.Enum(
    ["status", "photo", "video", "live", "external_video", "link", "event", "poll",
     "share", "other"]
)

#: Participation classes of :func:`member_activity` (the 90-9-1 view).
PARTICIPATION: Final = pl.Enum(["creator", "contributor", "lurker"])

HeatmapMetric = Literal[
    "interactions", "reactions", "comments", "shares", "views", "reach",
    "unique_participants", "engagement_rate_audience", "engagement_rate_reach",
]

_KEY: Final = ["container_id", "post_id"]
_MEMBER: Final = ["container_id", "member_id"]


# --------------------------------------------------------------------------- helpers
def _check_tz(tz: str) -> None:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(
            f"tz: expected an IANA time zone such as 'Europe/Amsterdam', got {shorten(tz)}"
        ) from exc


def _local(col: str | pl.Expr, tz: str) -> pl.Expr:
    expr = pl.col(col) if isinstance(col, str) else col
    return expr.dt.convert_time_zone(tz)


def _minutes(delta: pl.Expr) -> pl.Expr:
    return delta.dt.total_microseconds().cast(pl.Float64) / 60_000_000.0


def _org_flag(ds: Dataset, author_col: str) -> pl.DataFrame:
    """``container_id``, ``author_col``, ``is_organization`` from the members rows."""
    return ds.members.select(
        "container_id", pl.col("member_id").alias(author_col), "is_organization"
    )


def _per_post_threads(ix: ThreadIndex) -> pl.DataFrame:
    """Thread columns per post row ``__p``: depth, first response, participants.

    Only posts with observed comments or known reactors have a row.
    """
    authors = ix.posts.get_column("author_id")
    times = ix.posts.get_column("created_at")
    comments = ix.comments.with_columns(comment_depths(ix.comments).alias("depth")).filter(
        pl.col("__p").is_not_null())
    at = comments.get_column("__p")
    comments = comments.with_columns(authors.gather(at).alias("__pa"),
                                     times.gather(at).alias("__pt"))
    depth = comments.group_by("__p").agg(
        pl.col("depth").max().fill_null(1).alias("thread_depth"))
    # A comment answers the post unless it is known to be the author's own.
    first = (
        comments.filter(pl.col("__pa").is_null() | pl.col("author_id").is_null()
                        | (pl.col("author_id") != pl.col("__pa")))
        .group_by("__p")
        .agg(_minutes(pl.col("created_at").min() - pl.col("__pt").first())
             .alias("first_response_minutes"))
    )
    people = pl.concat([
        comments.select("__p", pl.col("author_id").alias("__who")),
        ix.reactions.select("__p", pl.col("actor_id").alias("__who")),
    ]).drop_nulls()
    people = people.with_columns(authors.gather(people.get_column("__p")).alias("__pa"))
    unique = (
        people.filter(pl.col("__pa").is_null() | (pl.col("__who") != pl.col("__pa")))
        .group_by("__p")
        .agg(pl.col("__who").n_unique().cast(pl.Int64).alias("unique_participants"))
    )
    return (
        depth.join(first, on="__p", how="full", coalesce=True)
        .join(unique, on="__p", how="full", coalesce=True)
    )


def _rate(num: str, den: str) -> pl.Expr:
    return (
        pl.when(pl.col(den) > 0)
        .then(pl.col(num).cast(pl.Float64) / pl.col(den).cast(pl.Float64))
        .otherwise(None)
    )


# --------------------------------------------------------------------------- per post
def post_engagement(ds: Dataset, *, tz: str = DEFAULT_TZ) -> pl.DataFrame:
    """Engagement of every post: counts, rates, participants, response time, depth.

    Parameters
    ----------
    ds
        The dataset.
    tz
        Time zone of the analysis (checked; every column here is time-zone free and
        ``created_at`` stays in UTC).

    Returns
    -------
    polars.DataFrame
        One row per post, ordered by ``container_id``, ``created_at``, ``post_id``:

        - ``container_id``, ``post_id``, ``author_id`` (null when hidden),
          ``created_at`` (UTC), ``post_type``;
        - ``is_organization``: the author's ``members`` row in the container says so
          (false for a hidden or unknown author);
        - ``reactions``, ``comments`` (replies included), ``shares``: each
          ``max(reported, observed)``, 0 when nothing is known;
        - ``interactions``: their sum, never null;
        - ``views``, ``reach``: as the source states them (null when unknown);
        - ``audience_at_post``: the container's size at the post's time (null when
          unknown);
        - ``engagement_rate_audience``: interactions / audience_at_post;
          ``engagement_rate_reach``: interactions / reach (null where the denominator
          is unknown or 0);
        - ``unique_participants``: distinct known commenters (replies included) and
          reactors to the post or its comments, the post's author excluded;
        - ``first_response_minutes``: minutes from the post to its first comment by
          someone other than the author (a comment with a hidden author counts; with
          a hidden post author, the first comment); null without such a comment;
        - ``thread_depth``: 0 without observed comments, 1 with top-level comments
          only, 2 with replies to them, and so on (a reply whose parent is missing
          counts as depth 2);
        - ``overperforming_score``: CrowdTangle's score on lifetime interactions
          against the mean of the middle 50% of the same container's previous 100
          posts of the same type (see :mod:`groepsinzicht._overperforming`); null with
          fewer than 10 such posts or an expected value of 0.

    Examples
    --------
    >>> import polars as pl, groepsinzicht as gi
    >>> from datetime import datetime, timezone
    >>> t = datetime(2024, 5, 1, 9, tzinfo=timezone.utc)
    >>> ds = gi.Dataset.from_frames(
    ...     posts=pl.DataFrame({"container_id": "g", "post_id": "p", "author_id": "a",
    ...                         "created_at": t, "reported_comments": 5}),
    ...     comments=pl.DataFrame({"container_id": "g", "comment_id": "c", "post_id": "p",
    ...                            "author_id": "b", "created_at": t}), kind="group")
    >>> post_engagement(ds).select("comments", "interactions", "thread_depth").row(0)
    (5, 5, 1)
    """
    _check_tz(tz)
    ix = thread_index(ds)
    basics = _post_basics(ds)
    scores = overperforming_scores(
        basics.select(*_KEY, "post_type", "created_at", "interactions")
    ).select(*_KEY, "overperforming_score")
    out = (
        ix.posts.select("__p", *_KEY)
        .join(basics, on=_KEY, how="left")
        .join(_per_post_threads(ix), on="__p", how="left")
        .join(scores, on=_KEY, how="left")
        .with_columns(pl.col("unique_participants", "thread_depth").fill_null(0))
    )
    return out.select(
        "container_id", "post_id", "author_id", "is_organization", "created_at",
        "post_type", "reactions", "comments", "shares", "interactions", "views", "reach",
        "audience_at_post", "engagement_rate_audience", "engagement_rate_reach",
        "unique_participants", "first_response_minutes", "thread_depth",
        "overperforming_score",
    ).sort("container_id", "created_at", "post_id")


def _post_basics(ds: Dataset) -> pl.DataFrame:
    """The columns of :func:`post_engagement` that need no thread: counts and rates."""
    counts = post_interactions(ds).select(*_KEY, "reactions", "comments", "shares",
                                          "interactions")
    posts = ds.posts.select(*_KEY, "author_id", "created_at", "post_type", "views",
                            "reach")
    audience = size_at(ds, posts.select(*_KEY, "created_at"),
                       out="audience_at_post").select(*_KEY, "audience_at_post")
    return (
        posts.join(counts, on=_KEY, how="left")
        .join(_org_flag(ds, "author_id"), on=["container_id", "author_id"], how="left")
        .join(audience, on=_KEY, how="left")
        .with_columns(
            pl.col("is_organization").fill_null(False),
            _rate("interactions", "audience_at_post").alias("engagement_rate_audience"),
            _rate("interactions", "reach").alias("engagement_rate_reach"),
        )
    )


# --------------------------------------------------------------------------- per member
_POST, _COMMENT, _REPLY, _REACTION = 0, 1, 2, 3


def _activity_events(ds: Dataset) -> pl.LazyFrame:
    """Every act of a known member: ``container_id``, ``member_id``, ``act``, time."""

    def code(value: int) -> pl.Expr:
        return pl.lit(value, dtype=pl.UInt8)

    return pl.concat([
        ds.posts.lazy().select("container_id", pl.col("author_id").alias("member_id"),
                               code(_POST).alias("act"), "created_at"),
        ds.comments.lazy().select(
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
    comments = ds.comments.lazy()
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


def member_activity(ds: Dataset, *, tz: str = DEFAULT_TZ) -> pl.DataFrame:
    """Count what every member did and received; classify their participation.

    Parameters
    ----------
    ds
        The dataset.
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
    _check_tz(tz)
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


# --------------------------------------------------------------------------- over time
def _check_every(every: str, tz: str) -> None:
    start = pl.datetime(2024, 1, 1, time_zone=tz)
    try:
        forward = pl.select(start.dt.offset_by(every) > start).item()
    except (pl.exceptions.PolarsError, ValueError, TypeError) as exc:
        raise ValueError(
            f"every: expected a polars duration such as '1d', '1w' or '1mo', "
            f"got {shorten(every)}") from exc
    if not forward:
        raise ValueError(f"every: expected a positive duration, got {shorten(every)}")


def timeline(ds: Dataset, *, every: str = "1w", tz: str = DEFAULT_TZ) -> pl.DataFrame:
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
        The dataset.
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
    _check_tz(tz)
    _check_every(every, tz)
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
def posting_heatmap(
    ds: Dataset, *, tz: str = DEFAULT_TZ, metric: HeatmapMetric = "interactions"
) -> pl.DataFrame:
    """Count posts and their median engagement per local weekday and hour.

    When to post. All containers of ``ds`` together; for one container, pass
    ``ds.filter(containers=[...])``.

    Parameters
    ----------
    ds
        The dataset.
    tz
        Time zone of the weekdays and hours.
    metric
        A numeric column of :func:`post_engagement` whose median is taken:
        ``interactions`` (default), ``reactions``, ``comments``, ``shares``,
        ``views``, ``reach``, ``unique_participants``, ``engagement_rate_audience`` or
        ``engagement_rate_reach``.

    Returns
    -------
    polars.DataFrame
        168 long rows, ordered by ``weekday`` (Int8, 1 = Monday … 7 = Sunday) and
        ``hour`` (Int8, 0–23, local): ``posts`` (Int64, posts created then) and
        ``median`` (Float64, the median ``metric`` of those posts where it is known;
        null without any).

    Examples
    --------
    >>> import polars as pl, groepsinzicht as gi
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(posts=pl.DataFrame({
    ...     "container_id": "g", "post_id": "p", "reported_reactions": 3,
    ...     "created_at": datetime(2024, 5, 6, 7, 30, tzinfo=timezone.utc)}), kind="group")
    >>> posting_heatmap(ds).filter(pl.col("posts") > 0).row(0)  # Monday, 09:30 CEST
    (1, 9, 1, 3.0)
    """
    _check_tz(tz)
    if metric not in get_args(HeatmapMetric):
        raise ValueError(
            f"metric: expected one of {list(get_args(HeatmapMetric))}, "
            f"got {shorten(metric)}")
    # Only the thread columns need the full per-post analysis.
    source = (post_engagement(ds, tz=tz) if metric == "unique_participants"
              else _post_basics(ds))
    per_post = source.select(
        _local("created_at", tz).dt.weekday().alias("weekday"),
        _local("created_at", tz).dt.hour().alias("hour"),
        pl.col(metric).cast(pl.Float64).alias("__m"),
    )
    cells = per_post.group_by("weekday", "hour").agg(
        pl.len().cast(pl.Int64).alias("posts"), pl.col("__m").median().alias("median"))
    grid = pl.DataFrame({"weekday": pl.int_range(1, 8, eager=True, dtype=pl.Int8)}).join(
        pl.DataFrame({"hour": pl.int_range(0, 24, eager=True, dtype=pl.Int8)}),
        how="cross")
    return (
        grid.join(cells, on=["weekday", "hour"], how="left")
        .with_columns(pl.col("posts").fill_null(0), pl.col("median").cast(pl.Float64))
        .sort("weekday", "hour")
    )


# --------------------------------------------------------------------------- formats
def _host(url: pl.Expr) -> pl.Expr:
    return url.str.to_lowercase().str.extract(r"^[a-z][a-z0-9+.\-]*://([^/?#:@]+)", 1)


def _format_expr() -> pl.Expr:
    """``post_type``, links (and embedded videos) to video sites as ``external_video``."""
    host = (
        pl.coalesce(pl.col("link_domain").str.to_lowercase().str.strip_chars(),
                    _host(pl.col("link_url")))
        .str.strip_prefix("www.")
    )
    video_host = pl.lit(False)
    for domain in EXTERNAL_VIDEO_DOMAINS:
        video_host = video_host | (host == domain) | host.str.ends_with("." + domain)
    kind = pl.col("post_type").cast(pl.String)
    return (
        pl.when(kind.is_in(["link", "video"]) & video_host.fill_null(False))
        .then(pl.lit("external_video"))
        .otherwise(kind)
        .cast(FORMAT)
        .alias("format")
    )


def content_performance(
    ds: Dataset, *, by: Literal["format", "post_type"] = "format"
) -> pl.DataFrame:
    """Interactions and engagement rate per format: which formats work.

    ``format`` is the ``post_type``, with links split by kind: a link (or a video
    post embedding one) to YouTube or Vimeo (:data:`EXTERNAL_VIDEO_DOMAINS`, by
    ``link_domain``, else the host of ``link_url``) is ``external_video``, other links
    stay ``link``, and ``video`` and ``live`` are native video. All containers of
    ``ds`` together; for one container pass ``ds.filter(containers=[...])``.

    Parameters
    ----------
    ds
        The dataset.
    by
        ``"format"`` (default) or ``"post_type"`` (links not split).

    Returns
    -------
    polars.DataFrame
        One row per format present (column named as ``by``, an Enum, in its
        order): ``posts`` (Int64), ``interactions_median``, ``interactions_mean``
        (Float64, interactions as in :func:`post_engagement`) and
        ``engagement_rate_median`` (Float64, the median of each post's
        interactions per reach where reach is known, else per audience at the post;
        null when no post has either).

    Examples
    --------
    >>> import polars as pl, groepsinzicht as gi
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(posts=pl.DataFrame({
    ...     "container_id": "p", "post_id": ["1", "2"], "post_type": "link",
    ...     "link_url": ["https://youtu.be/x", "https://www.gemeente.nl/afval"],
    ...     "created_at": datetime(2024, 5, 1, tzinfo=timezone.utc)}), kind="page")
    >>> content_performance(ds).get_column("format").to_list()
    ['external_video', 'link']
    """
    if by not in ("format", "post_type"):
        raise ValueError(
            f"by: expected one of ['format', 'post_type'], got {shorten(by)}")
    per_post = _post_basics(ds).select(
        *_KEY, "post_type", "interactions",
        pl.coalesce("engagement_rate_reach", "engagement_rate_audience").alias("__rate"),
    ).join(ds.posts.select(*_KEY, "link_url", "link_domain"), on=_KEY, how="left")
    key = _format_expr() if by == "format" else pl.col("post_type")
    return (
        per_post.group_by(key)
        .agg(
            pl.len().cast(pl.Int64).alias("posts"),
            pl.col("interactions").median().cast(pl.Float64).alias("interactions_median"),
            pl.col("interactions").mean().cast(pl.Float64).alias("interactions_mean"),
            pl.col("__rate").median().cast(pl.Float64).alias("engagement_rate_median"),
        )
        .sort(by)
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
