"""Engagement per post, and which formats work."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Literal, overload

import polars as pl

from groepsinzicht._measures._interactions import post_interactions
from groepsinzicht._measures._size import size_at
from groepsinzicht._measures._threads import comment_depths, thread_index
from groepsinzicht._util import DEFAULT_TZ, check_tz
from groepsinzicht.dataset import LazyDataset
from groepsinzicht.engagement._common import (
    _KEY,
    EXTERNAL_VIDEO_DOMAINS,
    FORMAT,
    _minutes,
    _org_flag,
    _rate,
)
from groepsinzicht.engagement._overperforming import overperforming_scores
from groepsinzicht.errors import ParameterError, shorten

if TYPE_CHECKING:
    from groepsinzicht._measures._threads import ThreadIndex
    from groepsinzicht.dataset import Dataset



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


# --------------------------------------------------------------------------- per post
@overload
def post_engagement(ds: Dataset, *, tz: str = ...) -> pl.DataFrame: ...
@overload
def post_engagement(ds: LazyDataset, *, tz: str = ...) -> pl.LazyFrame: ...
def post_engagement(
    ds: Dataset | LazyDataset, *, tz: str = DEFAULT_TZ
) -> pl.DataFrame | pl.LazyFrame:
    """Engagement of every post: counts, rates, participants, response time, depth.

    Parameters
    ----------
    ds
        The dataset, or a :class:`~groepsinzicht.LazyDataset` (:func:`groepsinzicht.scan`):
        then a LazyFrame with the same columns, evaluated one container at a time.
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
          posts of the same type (see :mod:`groepsinzicht.engagement._overperforming`); null with
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
    check_tz(tz)
    if isinstance(ds, LazyDataset):
        return ds._per_container(partial(post_engagement, tz=tz))
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
    ds: Dataset,
    *,
    by: Literal["format", "post_type"] = "format",
    per_container: bool = False,
) -> pl.DataFrame:
    """Interactions and engagement rate per format: which formats work.

    ``format`` is the ``post_type``, with links split by kind: a link (or a video
    post embedding one) to YouTube or Vimeo (:data:`EXTERNAL_VIDEO_DOMAINS`, by
    ``link_domain``, else the host of ``link_url``) is ``external_video``, other links
    stay ``link``, and ``video`` and ``live`` are native video. All containers of
    ``ds`` together, or each on its own with ``per_container=True``.

    Parameters
    ----------
    ds
        The dataset.
    by
        ``"format"`` (default) or ``"post_type"`` (links not split).
    per_container
        One row per container and format, with a leading ``container_id`` column.

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
    >>> content_performance(ds, per_container=True).columns[:2]
    ['container_id', 'format']
    """
    if by not in ("format", "post_type"):
        raise ParameterError(
            f"by: expected one of ['format', 'post_type'], got {shorten(by)}")
    per_post = _post_basics(ds).select(
        *_KEY, "post_type", "interactions",
        pl.coalesce("engagement_rate_reach", "engagement_rate_audience").alias("__rate"),
    ).join(ds.posts.select(*_KEY, "link_url", "link_domain"), on=_KEY, how="left")
    key = _format_expr() if by == "format" else pl.col("post_type")
    first = ["container_id"] if per_container else []
    return (
        per_post.group_by(*first, key)
        .agg(
            pl.len().cast(pl.Int64).alias("posts"),
            pl.col("interactions").median().cast(pl.Float64).alias("interactions_median"),
            pl.col("interactions").mean().cast(pl.Float64).alias("interactions_mean"),
            pl.col("__rate").median().cast(pl.Float64).alias("engagement_rate_median"),
        )
        .sort(*first, by)
    )

