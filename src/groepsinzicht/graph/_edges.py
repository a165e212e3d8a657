"""The interaction edge table, aggregated in polars from the observed rows."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Final

import polars as pl

from groepsinzicht._measures._threads import repair_threads
from groepsinzicht.errors import ParameterError, shorten
from groepsinzicht.schema import UTC as UTC_DTYPE

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from groepsinzicht.dataset import Dataset



#: The relations, in canonical order.
RELATIONS: Final = ("comment", "reply", "reaction", "mention")


RELATION: Final = pl.Enum(list(RELATIONS))


#: Columns of :func:`interaction_edges`.
EDGE_SCHEMA: Final = pl.Schema({
    "container_id": pl.String(), "source": pl.String(), "target": pl.String(),
    "relation": RELATION, "count": pl.Int64(), "first_at": UTC_DTYPE, "last_at": UTC_DTYPE,
})


_CID = "container_id"


_ISO = "%Y-%m-%dT%H:%M:%S%.f%:z"  # what datetime.isoformat() writes for UTC times


# When a member holds different roles in the selected containers, the strongest wins.
_ROLE_RANK = {"organization": 0, "admin": 1, "moderator": 2, "member": 3, "unknown": 4}


# ---------------------------------------------------------------------- arguments
def _check_relations(relations: Iterable[str]) -> tuple[str, ...]:
    asked = [relations] if isinstance(relations, str) else list(relations)
    bad = [r for r in asked if r not in RELATIONS]
    if bad or not asked:
        got = shorten(bad[0]) if bad else "none"
        raise ParameterError(f"relations: expected some of {list(RELATIONS)}, got {got}")
    return tuple(r for r in RELATIONS if r in asked)


def _check_containers(containers: Iterable[str] | None) -> list[str] | None:
    if containers is None:
        return None
    if isinstance(containers, str):
        return [containers]
    return [str(c) for c in containers]


def _aware(t: datetime | None) -> datetime | None:
    """UTC: naive times are read as UTC, aware ones converted (polars compares like zones)."""
    if t is None:
        return None
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def _check_min_weight(min_weight: int) -> None:
    if not (type(min_weight) is int and min_weight >= 1):
        raise ParameterError(f"min_weight: expected a whole number >= 1, got {shorten(min_weight)}")


# ---------------------------------------------------------------------- edge table
def _scoped(df: pl.DataFrame, cont: list[str] | None) -> pl.LazyFrame:
    lf = df.lazy()
    return lf if cont is None else lf.filter(pl.col(_CID).is_in(cont))


def _rel(name: str) -> pl.Expr:
    return pl.lit(name).cast(RELATION).alias("relation")


def _rows(ds: Dataset, rel: tuple[str, ...], cont: list[str] | None) -> pl.LazyFrame:
    """Every interaction: ``container_id, source, target, relation, at`` (nulls kept)."""
    posts = _scoped(ds.posts, cont)
    comments = _scoped(repair_threads(ds.comments), cont)
    post_ref = posts.select(_CID, "post_id", pl.col("author_id").alias("_target"),
                            pl.col("created_at").alias("_post_at"))
    out: list[str | pl.Expr] = [_CID, pl.col("author_id").alias("source"),
                                pl.col("_target").alias("target")]
    parts: list[pl.LazyFrame] = []
    if "comment" in rel:
        parts.append(
            comments.filter(pl.col("parent_id").is_null())
            .join(post_ref, on=[_CID, "post_id"], how="left")
            .select(*out, _rel("comment"), pl.col("created_at").alias("at"))
        )
    if "reply" in rel:
        parents = comments.select(_CID, pl.col("comment_id").alias("parent_id"),
                                  pl.col("author_id").alias("_target"))
        parts.append(
            comments.filter(pl.col("parent_id").is_not_null())
            .join(parents, on=[_CID, "parent_id"], how="left")
            .select(*out, _rel("reply"), pl.col("created_at").alias("at"))
        )
    if "reaction" in rel:
        r = _scoped(ds.reactions, cont).select(
            _CID, "target_id", "target_kind", pl.col("actor_id").alias("source"),
            pl.col("created_at").alias("_own_at"))
        on_posts = (
            r.filter(pl.col("target_kind") == "post")
            .join(post_ref.rename({"post_id": "target_id"}), on=[_CID, "target_id"],
                  how="left")
            .select(_CID, "source", pl.col("_target").alias("target"), _rel("reaction"),
                    pl.coalesce("_own_at", "_post_at").alias("at"))
        )
        comment_ref = (
            comments.select(_CID, pl.col("comment_id").alias("target_id"), "post_id",
                            pl.col("author_id").alias("_target"),
                            pl.col("created_at").alias("_comment_at"))
            .join(post_ref.select(_CID, "post_id", "_post_at"), on=[_CID, "post_id"],
                  how="left")
        )
        on_comments = (
            r.filter(pl.col("target_kind") == "comment")
            .join(comment_ref, on=[_CID, "target_id"], how="left")
            .select(_CID, "source", pl.col("_target").alias("target"), _rel("reaction"),
                    pl.coalesce("_own_at", "_post_at", "_comment_at").alias("at"))
        )
        parts += [on_posts, on_comments]
    if "mention" in rel:
        for frame in (posts, comments):
            parts.append(
                frame.filter(pl.col("mentions").list.len() > 0)
                .select(_CID, pl.col("author_id").alias("source"),
                        pl.col("mentions").list.unique().alias("target"), _rel("mention"),
                        pl.col("created_at").alias("at"))
                .explode("target")
            )
    return pl.concat(parts, how="vertical")


def _window(rows: pl.LazyFrame, since: datetime | None, until: datetime | None) -> pl.LazyFrame:
    lo, hi = _aware(since), _aware(until)
    if lo is not None:
        rows = rows.filter(pl.col("at") >= lo)
    if hi is not None:
        rows = rows.filter(pl.col("at") < hi)
    return rows


def _id_order(*columns: pl.Series) -> pl.Enum:
    """An Enum of the sorted distinct ids: sorting on it sorts integers, not strings."""
    return pl.Enum(pl.concat(columns).unique().drop_nulls().sort())


def _sort_coded(df: pl.DataFrame, keys: list[tuple[str, pl.Enum]]) -> pl.DataFrame:
    """Sort by columns in the order of their Enums, fast.

    The Enum codes are packed into one integer key when they fit in 64 bits: sorting
    one integer column is several times quicker than sorting strings column by column.
    """
    codes = [pl.col(c).cast(enum).to_physical().cast(pl.UInt64) for c, enum in keys]
    bits = [max(1, (len(enum.categories) - 1).bit_length()) for _, enum in keys]
    if sum(bits) > 64:
        return df.sort(codes)
    key = pl.lit(0, dtype=pl.UInt64)
    for code, b in zip(codes, bits, strict=True):
        key = key * pl.lit(1 << b, dtype=pl.UInt64) + code
    return df.sort(key)


def _split(rows: pl.LazyFrame, *, sort: bool = True) -> tuple[pl.DataFrame, int, int]:
    """The edge table, the number of self-interactions and of unattributed ones."""
    unknown = pl.col("source").is_null() | pl.col("target").is_null()
    self_loop = ~unknown & (pl.col("source") == pl.col("target"))
    edges = (
        rows.filter(~unknown & ~self_loop)
        .group_by(_CID, "source", "target", "relation")
        .agg(pl.len().cast(pl.Int64).alias("count"), pl.col("at").min().alias("first_at"),
             pl.col("at").max().alias("last_at"))
    )
    counts = rows.select(self_loop.sum().cast(pl.Int64).alias("self"),
                         unknown.sum().cast(pl.Int64).alias("unknown"))
    e, c = pl.collect_all([edges, counts])
    if sort:
        ids = _id_order(e.get_column("source"), e.get_column("target"))
        e = _sort_coded(e, [(_CID, _id_order(e.get_column(_CID))), ("source", ids),
                            ("target", ids), ("relation", RELATION)])
    n_self, n_unknown = c.row(0)
    return e.select(list(EDGE_SCHEMA.names())), int(n_self or 0), int(n_unknown or 0)


def interaction_edges(
    ds: Dataset,
    *,
    relations: Iterable[str] = RELATIONS,
    since: datetime | None = None,
    until: datetime | None = None,
    containers: Iterable[str] | None = None,
) -> pl.DataFrame:
    """Who interacted with whom, per container and relation: the edge table.

    Parameters
    ----------
    ds
        The dataset.
    relations
        Any of ``"comment"``, ``"reply"``, ``"reaction"``, ``"mention"`` (see the module
        docstring for what each means).
    since, until
        Keep interactions with ``since <= time < until``; the time is the interaction's
        own, else its post's.
    containers
        Container ids to keep.

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``source``, ``target`` (member ids), ``relation`` (Enum),
        ``count`` (Int64), ``first_at``, ``last_at`` (UTC); one row per container,
        source, target and relation. Self-interactions and interactions with an unknown
        end are left out (:func:`interaction_graph` counts them).

    Raises
    ------
    ParameterError
        An unknown relation.

    Examples
    --------
    >>> import polars as pl, groepsinzicht as gi
    >>> from datetime import datetime, timezone
    >>> t = datetime(2024, 5, 1, tzinfo=timezone.utc)
    >>> ds = gi.Dataset.from_frames(
    ...     posts=pl.DataFrame({"container_id": ["g"], "post_id": ["p1"],
    ...                         "author_id": ["ann"], "created_at": [t]}),
    ...     comments=pl.DataFrame({"container_id": ["g", "g"], "comment_id": ["c1", "c2"],
    ...         "post_id": ["p1", "p1"], "parent_id": [None, "c1"],
    ...         "author_id": ["bob", "cas"], "created_at": [t, t]}), kind="group")
    >>> gi.interaction_edges(ds).select("source", "target", "relation", "count").rows()
    [('bob', 'ann', 'comment', 1), ('cas', 'bob', 'reply', 1)]
    """
    rel = _check_relations(relations)
    rows = _window(_rows(ds, rel, _check_containers(containers)), since, until)
    return _split(rows)[0]

