"""Group posts against page posts: reach, interactions and conversation per container."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import polars as pl

from groepsinzicht._measures._interactions import member_exchange_posts, post_interactions
from groepsinzicht._measures._size import size_at
from groepsinzicht.reach import _core as core
from groepsinzicht.reach._calibrate import resolve_model
from groepsinzicht.reach._model import PAGE_ORGANIC_REACH_RATE
from groepsinzicht.schema import CONTAINER_KIND

if TYPE_CHECKING:
    from groepsinzicht.dataset import Dataset
    from groepsinzicht.reach._calibrate import Calibration
    from groepsinzicht.reach._model import NotificationModel

__all__ = ["REACH_SOURCE_SUMMARY", "ReachComparison", "compare_reach"]

_KEY = ["container_id", "post_id"]

#: A container's reach in the summary: its posts' ``reach_source``, or ``mixed``.
REACH_SOURCE_SUMMARY = pl.Enum(["modelled", "observed", "estimated", "mixed"])

#: What "reached" means in ``interactions_per_100_reached`` (said by the repr).
_REACHED = ("interactions per 100 reached: groups per 100 modelled notified members, "
            "pages per 100 observed reach (null where estimated)")

# "Latest size": the size rule evaluated at a moment after every export.
_END_OF_TIME = datetime(9999, 12, 31, tzinfo=UTC)


def _median(frame: pl.DataFrame, column: str) -> float:
    value = frame.select(pl.col(column).median().cast(pl.Float64)).item()
    return float(value) if value is not None else float("nan")


@dataclass(frozen=True, eq=False)
class ReachComparison:
    """Reach of group posts (modelled) against page posts (observed or estimated).

    Attributes
    ----------
    per_post
        Every post of both: ``container_id``, ``kind``, ``post_id``, ``created_at``,
        ``reach`` (a group post's ``expected_notified``; a page post's observed or
        estimated reach), ``low`` and ``high`` (the model's interval for group posts,
        null for page posts), ``reach_source`` (``modelled``, ``observed``,
        ``estimated``), ``interactions``, ``interactions_per_100_reached`` (per 100
        modelled notified members for a group post, per 100 observed reach for a page
        post, null where the page reach is estimated or the group's size unknown).
    summary
        One row per container: ``container_id``, ``kind``, ``name``, ``posts``,
        ``audience`` (null where the size is unknown), ``reach_per_post_median``,
        ``reach_per_post_mean``, ``reach_share_of_audience_median``,
        ``interactions_per_post_median``, ``interactions_per_100_reached``,
        ``conversation_share``, ``reach_source`` (``modelled``, ``observed``,
        ``estimated``, or ``mixed`` when its posts differ; null without reach),
        ``calibrated`` (Boolean: a group's reach comes from a calibration; false for
        pages).
    break_even_members
        The smallest group size whose expected notified per post reaches the median
        reach over all page posts, or None.
    model
        The assumptions used.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import UTC, datetime
    >>> import groepsinzicht as gi
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> page = gi.Dataset.from_frames(kind="page", posts=pl.DataFrame(
    ...     {"container_id": "p", "post_id": ["a"], "created_at": [t], "reach": [90]}))
    >>> gi.compare_reach(page, page, gi.NotificationModel())  # doctest: +ELLIPSIS
    ReachComparison(no group posts with reach; 1 page posts, median reach 90.0;
    break-even at 101 members; interactions per 100 reached: groups per 100 modelled
    notified members, pages per 100 observed reach (null where estimated); T=250, ...)
    """

    per_post: pl.DataFrame
    summary: pl.DataFrame
    break_even_members: int | None
    model: NotificationModel

    def _kind_line(self, kind: str) -> str:
        every = self.per_post.filter(pl.col("kind") == kind)
        rows = every.filter(pl.col("reach").is_not_null())
        unknown = every.height - rows.height
        if kind == "group" and unknown:
            # Posts of groups whose size is unknown: no reach, never a reach of 0.
            if rows.height == 0:
                return f"{unknown} group posts, size unknown"
            suffix = f"; {unknown} group posts, size unknown"
        else:
            suffix = ""
        if rows.height == 0:
            return f"no {kind} posts with reach"
        med = _median(rows, "reach")
        if kind == "group":
            lo, hi = _median(rows, "low"), _median(rows, "high")
            return (f"{rows.height} group posts, median ≈{med:.1f} notified "
                    f"[{lo:.1f}–{hi:.1f}]{suffix}")
        estimated = rows.filter(pl.col("reach_source") == "estimated").height
        how = "" if estimated == 0 else (
            " (estimated)" if estimated == rows.height else f" ({estimated} estimated)")
        return f"{rows.height} page posts, median reach {med:.1f}{how}"

    def _break_even_line(self) -> str:
        if self.break_even_members is None:
            return "no break-even group size"
        return f"break-even at {self.break_even_members} members"

    def __repr__(self) -> str:
        return (f"ReachComparison({self._kind_line('group')}; {self._kind_line('page')}; "
                f"{self._break_even_line()}; {_REACHED}; {self.model._short()})")

    def _repr_html_(self) -> str:
        head = "; ".join((self._kind_line("group"), self._kind_line("page"),
                          self._break_even_line()))
        return "\n".join([
            f"<p><b>ReachComparison</b>: {html.escape(head)}</p>",
            f"<p><small>{html.escape(_REACHED.capitalize())}.</small></p>",
            self.summary._repr_html_(),
            f"<p><small>Assumptions: {html.escape(repr(self.model))}</small></p>",
        ])

    def to_frame(self) -> pl.DataFrame:
        """The per-container summary.

        Examples
        --------
        >>> import polars as pl
        >>> from datetime import UTC, datetime
        >>> import groepsinzicht as gi
        >>> t = datetime(2024, 5, 1, tzinfo=UTC)
        >>> page = gi.Dataset.from_frames(kind="page", posts=pl.DataFrame(
        ...     {"container_id": "p", "post_id": ["a"], "created_at": [t], "reach": [90]}))
        >>> gi.compare_reach(page, page, gi.NotificationModel()).to_frame().columns[:4]
        ['container_id', 'kind', 'name', 'posts']
        """
        return self.summary.clone()


def _latest_sizes(ds: Dataset, containers: pl.DataFrame) -> pl.DataFrame:
    probe = containers.select("container_id", pl.lit(_END_OF_TIME).cast(pl.Datetime(
        "us", "UTC")).alias("_t"))
    return size_at(ds, probe, time_col="_t", out="audience").select("container_id",
                                                                     "audience")


def _with_interactions(frame: pl.DataFrame, ds: Dataset) -> pl.DataFrame:
    inter = post_interactions(ds).select(*_KEY, "interactions")
    conv = member_exchange_posts(ds)
    return (
        frame.join(inter, on=_KEY, how="left", maintain_order="left")
        .join(conv, on=_KEY, how="left", maintain_order="left")
        .with_columns(pl.col("interactions").fill_null(0),
                      pl.col("member_exchange").fill_null(False))
    )


def compare_reach(
    group_ds: Dataset, page_ds: Dataset, model: NotificationModel | Calibration
) -> ReachComparison:
    """Compare the modelled reach of group posts with the reach of page posts.

    Groups are taken from ``group_ds`` and pages from ``page_ds`` by ``containers.kind``,
    so both may be the same Dataset. Page reach is observed where the export states it,
    else estimated at 5.2% of the page's audience (see :func:`page_reach`).

    Parameters
    ----------
    group_ds
        The dataset with the groups.
    page_ds
        The dataset with the pages.
    model
        The notification-model assumptions for the groups, or a :class:`Calibration`
        (its model, with intervals from its joint posterior draws).

    Returns
    -------
    ReachComparison
        ``.per_post``, ``.summary`` (per container: ``audience`` is the latest size;
        ``reach_share_of_audience_median`` divides each post's reach by the size at the
        post's time; ``interactions_per_100_reached`` is 100 × the interactions of the
        posts with a stated or modelled reach / their total reach: for a page only
        posts whose reach the export states (observed; null where it is estimated), for
        a group per 100 modelled notified members; ``conversation_share`` is the
        share of posts with a member-to-member exchange; ``reach_source`` says which
        reach it is), ``.break_even_members`` and ``.model``. A group whose size is
        unknown (no member list, no audience: a personal DYI export) has null
        ``audience`` and reach, never 0.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import UTC, datetime
    >>> import groepsinzicht as gi
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> group = gi.Dataset.from_frames(kind="group",
    ...     audience=pl.DataFrame({"container_id": "g", "at": [t], "size": [101],
    ...                            "metric": "members"}),
    ...     posts=pl.DataFrame({"container_id": "g", "post_id": ["g1"], "author_id": "m1",
    ...                         "created_at": [t]}))
    >>> page = gi.Dataset.from_frames(kind="page", posts=pl.DataFrame(
    ...     {"container_id": "p", "post_id": ["p1"], "created_at": [t], "reach": [90]}))
    >>> cmp = gi.compare_reach(group, page, gi.NotificationModel())
    >>> cmp.summary.select("container_id", "reach_per_post_median").rows()
    [('g', 90.0), ('p', 90.0)]
    >>> cmp.break_even_members
    101
    """
    model, draws, calibrated = resolve_model(model)
    groups_c = group_ds.containers.filter(pl.col("kind") == "group")
    pages_c = page_ds.containers.filter(pl.col("kind") == "page")

    g = core.reach_frame(group_ds, model, draws).select(
        *_KEY, "created_at",
        pl.col("expected_notified").alias("reach"), "low", "high",
        pl.when(pl.col("expected_notified").is_not_null()).then(pl.lit("modelled"))
        .cast(core.REACH_SOURCE).alias("reach_source"),
        pl.col("members_at_post").alias("_size"),
    )
    p = core.page_frame(page_ds, PAGE_ORGANIC_REACH_RATE).select(
        *_KEY, "created_at", "reach",
        pl.lit(None, dtype=pl.Float64).alias("low"),
        pl.lit(None, dtype=pl.Float64).alias("high"),
        "reach_source", pl.col("audience_at_post").alias("_size"),
    )
    posts = pl.concat([
        _with_interactions(g, group_ds).with_columns(
            pl.lit("group").cast(CONTAINER_KIND).alias("kind")),
        _with_interactions(p, page_ds).with_columns(
            pl.lit("page").cast(CONTAINER_KIND).alias("kind")),
    ]).with_columns(
        # "Reached" is what the export states (observed) or the model's notified members
        # (modelled), never an estimate from the audience.
        pl.when((pl.col("reach") > 0) & (pl.col("reach_source") != "estimated"))
        .then(100.0 * pl.col("interactions") / pl.col("reach"))
        .alias("interactions_per_100_reached")
    ).sort("kind", "container_id", "created_at", "post_id")

    reached = pl.col("reach").is_not_null() & (pl.col("reach_source") != "estimated")
    sources = pl.col("reach_source").drop_nulls().unique()
    per_container = posts.group_by("container_id").agg(
        pl.len().cast(pl.Int64).alias("posts"),
        pl.col("reach").median().alias("reach_per_post_median"),
        pl.col("reach").mean().alias("reach_per_post_mean"),
        (pl.col("reach") / pl.col("_size")).filter(pl.col("_size") > 0).median()
        .alias("reach_share_of_audience_median"),
        pl.col("interactions").median().cast(pl.Float64)
        .alias("interactions_per_post_median"),
        pl.col("interactions").filter(reached).sum().alias("_inter"),
        pl.col("reach").filter(reached).sum().alias("_reach"),
        pl.col("member_exchange").mean().alias("conversation_share"),
        pl.when(sources.len() > 1).then(pl.lit("mixed"))
        .otherwise(sources.cast(pl.String).first())
        .alias("reach_source"),
    ).with_columns(
        pl.when(pl.col("_reach") > 0).then(100.0 * pl.col("_inter") / pl.col("_reach"))
        .alias("interactions_per_100_reached"),
        pl.col("reach_source").cast(REACH_SOURCE_SUMMARY),
    )
    containers = pl.concat([
        groups_c.select("container_id", "kind", "name")
        .join(_latest_sizes(group_ds, groups_c), on="container_id", how="left"),
        pages_c.select("container_id", "kind", "name")
        .join(_latest_sizes(page_ds, pages_c), on="container_id", how="left"),
    ])
    summary = (
        containers.join(per_container, on="container_id", how="left")
        .with_columns(pl.col("posts").fill_null(0))
        .select(
            "container_id", "kind", "name", "posts", "audience", "reach_per_post_median",
            "reach_per_post_mean", "reach_share_of_audience_median",
            "interactions_per_post_median", "interactions_per_100_reached",
            "conversation_share", "reach_source",
            ((pl.col("kind") == "group") & pl.lit(calibrated)).alias("calibrated"),
        )
        .sort("kind", "container_id")
    )
    page_posts = posts.filter((pl.col("kind") == "page") & pl.col("reach").is_not_null())
    break_even = (None if page_posts.height == 0
                  else core.break_even(_median(page_posts, "reach"), model))
    return ReachComparison(
        per_post=posts.select(
            "container_id", "kind", "post_id", "created_at", "reach", "low", "high",
            "reach_source", "interactions", "interactions_per_100_reached",
        ),
        summary=summary,
        break_even_members=break_even,
        model=model,
    )
