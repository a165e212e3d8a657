"""Per-post building blocks shared by the analyses (engagement, reach, graphs).

Reported vs observed (DESIGN.md): a source's stated totals (``reported_*``) and the rows
it holds often disagree; each component counts as ``max(reported, observed)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from groepsinzicht._measures._organisation import org_accounts
from groepsinzicht._measures._threads import repair_threads

if TYPE_CHECKING:
    from collections.abc import Iterable

    from groepsinzicht.dataset import Dataset

__all__ = ["member_exchange_posts", "organization_ids", "post_interactions"]

_KEY = ["container_id", "post_id"]


def post_interactions(ds: Dataset) -> pl.DataFrame:
    """Reactions, comments, shares and interactions of every post.

    Returns one row per post: ``container_id``, ``post_id``, ``observed_reactions``
    (sum of the post's ``reaction_counts``), ``observed_comments`` (its ``comments``
    rows, replies included), ``reactions``, ``comments``, ``shares`` (each
    ``max(reported, observed)``, 0 when nothing is known) and ``interactions`` (their
    sum, never null).

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> pi = post_interactions(gi.load_sample())
    >>> pi.get_column("interactions").null_count()
    0
    """
    obs_r = (
        ds.reaction_counts.filter(pl.col("target_kind") == "post")
        .group_by("container_id", pl.col("target_id").alias("post_id"))
        .agg(pl.col("count").sum().alias("observed_reactions"))
    )
    obs_c = ds.comments.group_by(_KEY).agg(pl.len().cast(pl.Int64).alias("observed_comments"))
    return (
        ds.posts.select(*_KEY, "reported_reactions", "reported_comments", "reported_shares")
        .join(obs_r, on=_KEY, how="left")
        .join(obs_c, on=_KEY, how="left")
        .with_columns(pl.col("observed_reactions", "observed_comments").fill_null(0))
        .select(
            *_KEY,
            "observed_reactions",
            "observed_comments",
            pl.max_horizontal(pl.col("reported_reactions").fill_null(0),
                              "observed_reactions").alias("reactions"),
            pl.max_horizontal(pl.col("reported_comments").fill_null(0),
                              "observed_comments").alias("comments"),
            pl.col("reported_shares").fill_null(0).alias("shares"),
        )
        .with_columns(
            (pl.col("reactions") + pl.col("comments") + pl.col("shares")).alias("interactions")
        )
    )


def organization_ids(ds: Dataset, extra: Iterable[str] | None = None) -> pl.Series:
    """Member ids marked ``is_organization`` in any container, plus ``extra``.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> organization_ids(gi.load_sample()).len() >= 1
    True
    """
    ids = ds.members.filter(pl.col("is_organization")).get_column("member_id")
    if extra is not None:
        ids = pl.concat([ids, pl.Series("member_id", [str(i) for i in extra],
                                        dtype=pl.String)])
    return ids.unique().sort()


def member_exchange_posts(ds: Dataset, org_ids: Iterable[str] | None = None) -> pl.DataFrame:
    """Posts whose thread holds a resident-to-resident reply.

    A member exchange is a reply by a known non-organisation author to a comment of
    another known non-organisation author (hidden authors count as neither); the
    organisation is judged per container (see :mod:`._organisation`).

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``post_id``, ``member_exchange`` (bool) for every post.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> gi_ds = gi.load_sample()
    >>> member_exchange_posts(gi_ds).get_column("member_exchange").any()
    True
    """
    org = org_accounts(ds, org_ids)
    c = repair_threads(ds.comments).select("container_id", "comment_id", "post_id",
                                           "parent_id", "author_id")
    parents = c.select("container_id", pl.col("comment_id").alias("parent_id"),
                       pl.col("author_id").alias("parent_author"))
    resident = org.is_resident("author_id")
    parent_resident = org.is_resident("parent_author")
    hits = (
        c.filter(pl.col("parent_id").is_not_null())
        .join(parents, on=["container_id", "parent_id"], how="inner")
        .filter(resident & parent_resident & (pl.col("author_id") != pl.col("parent_author")))
        .select(_KEY)
        .unique()
        .with_columns(pl.lit(True).alias("member_exchange"))
    )
    return (
        ds.posts.select(_KEY)
        .join(hits, on=_KEY, how="left")
        .with_columns(pl.col("member_exchange").fill_null(False))
    )
