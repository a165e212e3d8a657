"""Constants and expression helpers shared by the engagement functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal

import polars as pl

if TYPE_CHECKING:
    from groepsinzicht.dataset import Dataset





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


def _rate(num: str, den: str) -> pl.Expr:
    return (
        pl.when(pl.col(den) > 0)
        .then(pl.col(num).cast(pl.Float64) / pl.col(den).cast(pl.Float64))
        .otherwise(None)
    )


# --------------------------------------------------------------------------- per member
_POST, _COMMENT, _REPLY, _REACTION = 0, 1, 2, 3

