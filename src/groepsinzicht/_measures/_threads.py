"""Posts, comments and reactions tied together by integer row indexes, built once.

The engagement analyses follow comments to their post, replies to their parent and
reactions to their target many times over. Joining on string keys
``(container_id, post_id)`` / ``(container_id, comment_id)`` for each of those is what
costs time at a million comments, so each link is resolved once here into a row index
(``__p`` into :attr:`ThreadIndex.posts`, ``__c`` into :attr:`ThreadIndex.comments`);
after that a post's author or a parent's depth is a ``gather``, not a join.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from groepsinzicht.dataset import Dataset

__all__ = ["ThreadIndex", "comment_depths", "comment_tree", "repair_threads",
           "thread_index"]

_CID = "container_id"


def repair_threads(comments: pl.DataFrame) -> pl.DataFrame:
    """Comments with broken parent links made top-level (``parent_id`` null).

    A comment that is its own parent, sits in a parent cycle, or replies to a comment
    the dataset lacks has a broken thread (counted as ``broken_threads`` in
    ``Dataset.summary()``). Every analysis takes such a comment as a top-level comment
    on its post: this is the one place that rule is applied.

    Parameters
    ----------
    comments
        The ``comments`` table (or any frame with ``container_id``, ``comment_id``,
        ``parent_id``).

    Returns
    -------
    polars.DataFrame
        The same rows and columns; ``parent_id`` null where the link is broken.

    Examples
    --------
    >>> c = pl.DataFrame({"container_id": "g", "comment_id": ["a", "b", "c", "d"],
    ...                   "parent_id": ["a", "c", "b", "x"]})
    >>> repair_threads(c).get_column("parent_id").to_list()
    [None, None, None, None]
    """
    from groepsinzicht.dataset import broken_thread_comments

    if comments.height == 0 or comments.get_column("parent_id").null_count() == \
            comments.height:
        return comments
    broken = broken_thread_comments(comments)
    if not broken.any():
        return comments
    return comments.with_columns(
        pl.when(broken).then(None).otherwise(pl.col("parent_id")).alias("parent_id"))


@dataclass(frozen=True)
class ThreadIndex:
    """The linked tables.

    Attributes
    ----------
    posts
        ``__p`` (UInt32, the row number), ``container_id``, ``post_id``, ``author_id``,
        ``created_at``, ``post_type``.
    comments
        ``__c`` (the row number), ``__p`` (the post's row; null when the export lacks
        the post), ``__parent`` (the parent comment's row; null for a top-level comment
        or a missing parent), ``container_id``, ``comment_id``, ``post_id``,
        ``parent_id``, ``author_id``, ``created_at``, ``reported_reactions``.
    reactions
        The reactions whose target the export holds: ``container_id``,
        ``target_kind``, ``target_id``, ``actor_id``, ``created_at``, ``__p`` (the
        post of the target: the post itself or the comment's post; null for a comment
        whose post is missing) and ``__c`` (the target comment's row; null for a
        post).
    """

    posts: pl.DataFrame
    comments: pl.DataFrame
    reactions: pl.DataFrame


def thread_index(ds: Dataset) -> ThreadIndex:
    """Resolve every comment's post and parent and every reaction's target once.

    Parameters
    ----------
    ds
        The dataset.

    Returns
    -------
    ThreadIndex

    Examples
    --------
    >>> import polars as pl, groepsinzicht as gi
    >>> from datetime import datetime, timezone
    >>> t = datetime(2024, 5, 1, tzinfo=timezone.utc)
    >>> ds = gi.Dataset.from_frames(
    ...     posts=pl.DataFrame({"container_id": "g", "post_id": "p", "created_at": t}),
    ...     comments=pl.DataFrame({"container_id": "g", "comment_id": ["a", "b"],
    ...         "post_id": "p", "parent_id": [None, "a"], "created_at": t}), kind="group")
    >>> thread_index(ds).comments.select("__c", "__p", "__parent").rows()
    [(0, 0, None), (1, 0, 0)]
    """
    # One lazy plan, collected at once: polars shares the common parts and runs the
    # joins in parallel.
    posts = ds.posts.lazy().select(_CID, "post_id", "author_id", "created_at",
                                   "post_type").with_row_index("__p")
    post_rows = posts.select(_CID, "post_id", "__p")
    comments = (
        repair_threads(ds.comments).lazy()
        .select(_CID, "comment_id", "post_id", "parent_id", "author_id", "created_at",
                "reported_reactions")
        .with_row_index("__c")
        .join(post_rows, on=[_CID, "post_id"], how="left", maintain_order="left")
    )
    comment_rows = comments.select(_CID, "comment_id", "__c", "__p")
    comments = comments.join(
        comment_rows.select(_CID, pl.col("comment_id").alias("parent_id"),
                            pl.col("__c").alias("__parent")),
        on=[_CID, "parent_id"], how="left", maintain_order="left",
    ).select("__c", "__p", "__parent", _CID, "comment_id", "post_id", "parent_id",
             "author_id", "created_at", "reported_reactions")
    cols = [_CID, "target_kind", "target_id", "actor_id", "created_at"]
    reactions = ds.reactions.lazy().select(cols)
    on_posts = reactions.filter(pl.col("target_kind") == "post").join(
        post_rows.rename({"post_id": "target_id"}), on=[_CID, "target_id"], how="inner"
    ).with_columns(pl.lit(None, dtype=pl.UInt32).alias("__c"))
    on_comments = reactions.filter(pl.col("target_kind") == "comment").join(
        comment_rows.rename({"comment_id": "target_id"}), on=[_CID, "target_id"],
        how="inner")
    on_all = pl.concat([on_posts, on_comments.select(*cols, "__p", "__c")])
    p, c, r = pl.collect_all([posts, comments, on_all])
    return ThreadIndex(posts=p, comments=c, reactions=r)


def comment_tree(comment_id: pl.Series, parent_id: pl.Series, up: pl.Series) -> pl.DataFrame:
    """Depth and top-level comment of every comment, by pointer jumping.

    ``up`` holds each comment's parent as a row number (null for a top-level comment
    or a parent the export lacks). Each round points every comment at its pointer's
    pointer (a vectorised gather), so the distance to the top halves per round and
    chains of any length resolve in about log2(n) rounds, without recursion. A parent
    missing from the export ends the chain: the comment replying to it is taken as the
    top-level comment and has depth 2, the least it can have. Comments in a parent cycle
    (malformed data) never settle: after the bound they get a null depth and root.

    Parameters
    ----------
    comment_id, parent_id
        The comments' ids and their parents' ids.
    up
        The parent's row number (UInt32), null where there is none in the frame.

    Returns
    -------
    polars.DataFrame
        ``depth`` (Int64; 1 for a top-level comment, 2 for a reply to it, ...) and
        ``root_id`` (the top-level comment, or the missing parent's id), in row order.

    Examples
    --------
    >>> import polars as pl
    >>> tree = comment_tree(pl.Series(["a", "b", "c", "d"]), pl.Series([None, "a", "b", "x"]),
    ...                     pl.Series([None, 0, 1, None], dtype=pl.UInt32))
    >>> tree.rows()
    [(1, 'a'), (2, 'a'), (3, 'a'), (2, 'x')]
    """
    rows = pl.DataFrame({"comment_id": comment_id, "parent_id": parent_id,
                         "__up": up}).with_row_index("__i")
    # __up: the farthest ancestor found so far (row number); __d: the steps to it.
    state = rows.select("__up", pl.col("__up").is_not_null().cast(pl.Int64).alias("__d"))
    nxt = pl.col("__up").gather(pl.col("__up"))
    moving = nxt.is_not_null()
    cycle = pl.repeat(False, state.height, dtype=pl.Boolean, eager=True).alias("__cycle")
    bound = math.ceil(math.log2(state.height + 1)) + 1
    for round_ in range(bound + 1):
        if not state.select(moving.any()).item():
            break
        if round_ == bound:
            cycle = state.select(moving.alias("__cycle")).to_series()
            break
        state = state.select(
            pl.when(moving).then(nxt).otherwise("__up").alias("__up"),
            pl.when(moving).then(pl.col("__d") + pl.col("__d").gather(pl.col("__up")))
            .otherwise("__d").alias("__d"),
        )
    top = pl.coalesce("__up", "__i")
    # Non-null when the topmost comment found replies to a comment the export lacks.
    top_parent = pl.col("parent_id").gather(top)
    ok = ~pl.col("__cycle")
    return rows.with_columns(state.get_column("__up"), state.get_column("__d"),
                             cycle).select(
        pl.when(ok).then(pl.col("__d") + 1 + top_parent.is_not_null().cast(pl.Int64))
        .alias("depth"),
        pl.when(ok).then(pl.coalesce(top_parent, pl.col("comment_id").gather(top)))
        .alias("root_id"),
    )


def comment_depths(comments: pl.DataFrame) -> pl.Series:
    """Depth of every comment of :attr:`ThreadIndex.comments`, in its row order.

    1 for a top-level comment, 2 for a reply to it, and so on; a reply whose parent
    the export lacks counts as 2. Comments in a parent cycle (malformed data) stay
    null (see :func:`comment_tree`).

    Parameters
    ----------
    comments
        :attr:`ThreadIndex.comments`.

    Returns
    -------
    polars.Series
        ``depth`` (Int64).

    Examples
    --------
    >>> import polars as pl
    >>> c = pl.DataFrame({"comment_id": ["a", "b", "c", "d"],
    ...                   "parent_id": [None, "a", "b", "x"], "__parent": [None, 0, 1, None]},
    ...                  schema_overrides={"__parent": pl.UInt32})
    >>> comment_depths(c).to_list()
    [1, 2, 3, 2]
    """
    tree = comment_tree(comments.get_column("comment_id"),
                        comments.get_column("parent_id"), comments.get_column("__parent"))
    return tree.get_column("depth")

