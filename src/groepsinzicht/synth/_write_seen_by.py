"""Draw "Seen by" counts from a known truth, and write them as an admin's file.

The truth of the calibration tests: for every group post of a synthetic Dataset, the
eligible members are counted from the Dataset's own join dates (the synthetic groups
list every member with the day they joined; rows inferred from activity and the
municipality's own accounts are not counted, nor is the author when a member), and

    seen_by ~ BetaBinomial(eligible, mean mu, overdispersion rho)
    mu = view_rate below ``threshold`` members, view_rate * highlight_rate from it on

drawn as ``p ~ Beta(mu (1 - rho) / rho, (1 - mu) (1 - rho) / rho)`` and ``seen_by ~
Binomial(eligible, p)`` (``rho = 0``: binomial). The count is recorded ``days_after`` the
post. This module computes all that itself: the writers are an oracle independent of
the readers, the shared measures and the analyses.

:func:`write_seen_by` writes the file as Dutch Excel saves it: ``;``-separated UTF-8
with a byte-order mark, a ``#`` comment line, times as ``d-m-jjjj uu:mm`` local time,
and the template's extra ``created_at`` column.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from groepsinzicht._util import DEFAULT_TZ

if TYPE_CHECKING:
    from os import PathLike

    from groepsinzicht.dataset import Dataset

__all__ = ["project_seen_by", "write_seen_by"]


def _eligible(ds: Dataset) -> pl.DataFrame:
    """Group posts with ``members_at_post`` and ``eligible`` from the join dates."""
    groups = ds.containers.filter(pl.col("kind") == "group").select("container_id")
    posts = (
        ds.posts.join(groups, on="container_id", how="semi")
        .select("container_id", "post_id", "author_id", "created_at", "permalink")
        .sort("created_at")
    )
    joins = (
        ds.members.join(groups, on="container_id", how="semi")
        .filter(~pl.col("is_organization") & pl.col("listed")
                & pl.col("joined_at").is_not_null())
        .select("container_id", "member_id", "joined_at")
        .sort("container_id", "joined_at")
        .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("container_id")
                      .alias("members_at_post"))
        .sort("joined_at")
    )
    sized = posts.join_asof(
        joins.select("container_id", "joined_at", "members_at_post"),
        left_on="created_at", right_on="joined_at", by="container_id", strategy="backward",
        check_sortedness=False,
    ).with_columns(pl.col("members_at_post").fill_null(0))
    author = joins.select("container_id", pl.col("member_id").alias("author_id"),
                          pl.col("joined_at").alias("_author_joined"))
    return (
        sized.join(author, on=["container_id", "author_id"], how="left")
        .with_columns(
            (pl.col("members_at_post")
             - (pl.col("_author_joined") <= pl.col("created_at")).fill_null(False)
             .cast(pl.Int64)).alias("eligible"))
        .select("container_id", "post_id", "created_at", "permalink", "members_at_post",
                "eligible")
        .sort("container_id", "created_at", "post_id")
    )


def project_seen_by(
    ds: Dataset,
    *,
    view_rate: float,
    highlight_rate: float,
    overdispersion: float,
    threshold: int = 250,
    seed: int = 0,
    days_after: float = 7.0,
    share: float = 1.0,
) -> pl.DataFrame:
    """"Seen by" counts of the group posts of ``ds`` drawn from a known truth.

    Parameters
    ----------
    ds
        A synthetic Dataset whose groups list every member with ``joined_at``.
    view_rate, highlight_rate, overdispersion
        The truth ``v``, ``h`` and ``rho`` (``rho = 0`` draws binomial counts).
    threshold
        From this many members on, a post's mean is ``v * h``.
    seed
        Random seed of the draws.
    days_after
        When each count is recorded, in days after its post.
    share
        The share of the posts counted (a random subset, as an admin notes a few).

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``post_id``, ``permalink``, ``seen_by``, ``recorded_at`` (the
        columns of :func:`groepsinzicht.io.read_seen_by`) and the truth's
        ``created_at``, ``members_at_post``, ``eligible`` and ``mu``.

    Examples
    --------
    >>> from groepsinzicht.synth import generate, project_seen_by
    >>> counts = project_seen_by(generate(scale=0.3), view_rate=0.7,
    ...                          highlight_rate=0.3, overdispersion=0.03)
    >>> bool((counts["seen_by"] <= counts["eligible"]).all())
    True
    """
    rng = np.random.default_rng(seed)
    frame = _eligible(ds)
    if share < 1.0:
        keep = rng.random(frame.height) < share
        frame = frame.filter(pl.Series(keep))
    n = frame.get_column("eligible").to_numpy()
    above = frame.get_column("members_at_post").to_numpy() >= threshold
    mu = np.where(above, view_rate * highlight_rate, view_rate)
    if overdispersion > 0:
        scale = (1 - overdispersion) / overdispersion
        p = rng.beta(np.maximum(mu * scale, 1e-12), np.maximum((1 - mu) * scale, 1e-12))
    else:
        p = mu
    k = rng.binomial(n, p)
    return frame.with_columns(
        pl.Series("seen_by", k, dtype=pl.Int64),
        (pl.col("created_at") + timedelta(days=days_after)).alias("recorded_at"),
        pl.Series("mu", mu, dtype=pl.Float64),
    ).select("container_id", "post_id", "permalink", "seen_by", "recorded_at",
             "created_at", "members_at_post", "eligible", "mu")


def write_seen_by(
    ds: Dataset,
    path: str | PathLike[str],
    *,
    tz: str = DEFAULT_TZ,
    **truth: float,
) -> Path:
    """Write drawn "Seen by" counts as a Dutch Excel CSV (see the module notes).

    Parameters
    ----------
    ds
        A synthetic Dataset (see :func:`project_seen_by`).
    path
        The file to write.
    tz
        Local time zone of the written times.
    **truth
        Keywords of :func:`project_seen_by` (``view_rate``, ``highlight_rate``,
        ``overdispersion``, ``threshold``, ``seed``, ``days_after``, ``share``).

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from groepsinzicht.synth import generate, write_seen_by
    >>> out = write_seen_by(generate(scale=0.3), pathlib.Path(tempfile.mkdtemp())
    ...     / "gezien.csv", view_rate=0.7, highlight_rate=0.3, overdispersion=0.03)
    >>> out.read_text(encoding="utf-8-sig").splitlines()[1]
    'container_id;post_id;permalink;created_at;seen_by;recorded_at'
    """
    counts = project_seen_by(ds, **truth)  # type: ignore[arg-type]
    fmt = "%-d-%-m-%Y %H:%M"
    local = counts.select(
        "container_id", "post_id", "permalink",
        pl.col("created_at").dt.convert_time_zone(tz).dt.strftime(fmt),
        pl.col("seen_by").cast(pl.String),
        pl.col("recorded_at").dt.convert_time_zone(tz).dt.strftime(fmt),
    )
    out = Path(path)
    body = local.write_csv(separator=";", line_terminator="\r\n")
    out.write_text("# Gezien door: genoteerd een week na het bericht\r\n" + body,
                   encoding="utf-8-sig", newline="")
    return out
