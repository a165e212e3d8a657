"""The size of a group or page at a moment: one rule for every analysis (DESIGN.md).

- A **group** whose ``members`` are its complete member list (``containers.member_list``)
  and whose listed, non-organisation rows all carry ``joined_at`` (at least one of them)
  has, at time t, as many of those members as joined at or before t (the municipality's
  own accounts are not the audience it reaches; rows inferred from activity never count
  and never switch the rule off).
- Otherwise the size is the ``audience`` value (metric ``members`` for a group;
  ``followers``, else ``page_likes``, for a page) at or before t, else the earliest
  after t, else unknown (null).

Which rule applies to a container is core knowledge
(:func:`groepsinzicht.dataset.size_sources`); this module computes the sizes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from groepsinzicht.dataset import size_sources

if TYPE_CHECKING:
    from groepsinzicht.dataset import Dataset

__all__ = ["join_date_containers", "size_at"]


def join_date_containers(ds: Dataset) -> pl.DataFrame:
    """Container ids (groups) whose size is counted from join dates.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> join_date_containers(gi.load_sample()).height >= 1
    True
    """
    return size_sources(ds).filter(pl.col("size_source") == "member_list").select(
        "container_id")


def _audience_series(ds: Dataset) -> pl.DataFrame:
    """One size series per container: the metric its kind prefers among those present."""
    pref = pl.DataFrame(
        {"kind": ["group", "page", "page"], "metric": ["members", "followers", "page_likes"],
         "rank": [0, 0, 1]}
    )
    aud = ds.audience.join(
        ds.containers.select("container_id", pl.col("kind").cast(pl.String)),
        on="container_id", how="inner",
    ).with_columns(pl.col("metric").cast(pl.String)).join(
        pref, on=["kind", "metric"], how="inner"
    )
    best = aud.group_by("container_id").agg(pl.col("rank").min().alias("best"))
    return (
        aud.join(best, on="container_id")
        .filter(pl.col("rank") == pl.col("best"))
        .select("container_id", "at", "size")
        .sort("container_id", "at")
    )


def size_at(
    ds: Dataset,
    frame: pl.DataFrame,
    *,
    time_col: str = "created_at",
    out: str = "size",
) -> pl.DataFrame:
    """Add the size of each row's container at the row's time.

    Parameters
    ----------
    ds
        The dataset whose ``members`` and ``audience`` define sizes.
    frame
        Rows with ``container_id`` and a UTC time column.
    time_col
        The time column.
    out
        Name of the added Int64 column (null where unknown).

    Returns
    -------
    polars.DataFrame
        ``frame`` with ``out`` added, rows in their original order.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> ds = gi.load_sample()
    >>> size_at(ds, ds.posts.select("container_id", "created_at")).get_column(
    ...     "size").null_count()
    0
    """
    idx = "__size_row"
    base = frame.with_row_index(idx)
    probe = base.select(idx, "container_id", pl.col(time_col).alias("__t")).filter(
        pl.col("__t").is_not_null()
    )
    by_join = join_date_containers(ds)

    joins = (
        ds.members.filter(pl.col("listed") & ~pl.col("is_organization"))
        .join(by_join, on="container_id", how="semi")
        .select("container_id", pl.col("joined_at").alias("__t"))
        .group_by("container_id", "__t")
        .agg(pl.len().alias("n"))
        .sort("container_id", "__t")
        .with_columns(pl.col("n").cum_sum().over("container_id").alias("__joined"))
        .select("container_id", "__t", "__joined")
        .sort("__t")
    )
    p_join = probe.join(by_join, on="container_id", how="semi").sort("__t")
    counted = p_join.join_asof(
        joins, on="__t", by="container_id", strategy="backward", check_sortedness=False
    ).select(idx, pl.col("__joined").fill_null(0).cast(pl.Int64).alias(out))

    series = _audience_series(ds).rename({"at": "__t"}).sort("__t")
    p_aud = probe.join(by_join, on="container_id", how="anti").sort("__t")
    back = p_aud.join_asof(series, on="__t", by="container_id", strategy="backward",
                          check_sortedness=False)
    fwd = p_aud.join_asof(series, on="__t", by="container_id", strategy="forward",
                         check_sortedness=False)
    audience = back.select(idx, pl.col("size").alias("__b")).join(
        fwd.select(idx, pl.col("size").alias("__f")), on=idx
    ).select(idx, pl.coalesce("__b", "__f").cast(pl.Int64).alias(out))

    sizes = pl.concat([counted, audience])
    return (
        base.join(sizes, on=idx, how="left")
        .sort(idx)
        .drop(idx)
    )
