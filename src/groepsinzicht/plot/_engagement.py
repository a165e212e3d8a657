"""Plots of engagement: activity over time, when to post, formats, who contributes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
import polars as pl

from groepsinzicht._util import LABELS, check_whole, label
from groepsinzicht.errors import ParameterError, SchemaError, shorten
from groepsinzicht.plot._base import PALETTE, axes, month_axis, safe_text

if TYPE_CHECKING:
    from collections.abc import Mapping

    from matplotlib.axes import Axes

    from groepsinzicht._util import Lang

__all__ = ["plot_content_performance", "plot_heatmap", "plot_participation",
           "plot_timeline"]

TimelineColumn = Literal["posts", "comments", "reactions", "shares", "interactions",
                         "active_members", "new_members", "members"]
ContentValue = Literal["interactions_median", "interactions_mean",
                       "engagement_rate_median", "posts"]


def _require(frame: pl.DataFrame, name: str, columns: tuple[str, ...]) -> None:
    for col in columns:
        if col not in frame.columns:
            raise SchemaError(name, col, "a column of that name", "none")


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ParameterError(f"{name}: expected one of {list(allowed)}, got {shorten(value)}")


def _empty(ax: Axes, lang: Lang, title: str) -> Axes:
    ax.set_title(label(title, lang))
    ax.text(0.5, 0.5, label("empty", lang), ha="center", va="center",
            transform=ax.transAxes)
    ax.set_axis_off()
    return ax


def plot_timeline(
    timeline: pl.DataFrame,
    *,
    column: TimelineColumn = "interactions",
    names: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    lang: Lang = "nl",
) -> Axes:
    """Draw one line per container of a :func:`~groepsinzicht.timeline` column.

    Parameters
    ----------
    timeline
        The result of :func:`groepsinzicht.timeline`.
    column
        The column drawn: ``interactions`` (default), ``posts``, ``comments``,
        ``reactions``, ``shares``, ``active_members``, ``new_members`` or ``members``.
    names
        Legend labels by ``container_id`` (e.g. from ``ds.containers``); ids where
        omitted.
    ax
        Axes to draw on; a new figure when omitted.
    lang
        ``"nl"`` or ``"en"`` for the title and axis labels.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime
    >>> tl = pl.DataFrame({"container_id": ["g", "g"],
    ...     "period_start": [datetime(2024, 5, 6), datetime(2024, 5, 13)],
    ...     "interactions": [12, 30]})
    >>> ax = plot_timeline(tl, lang="en")
    >>> ax.get_title(), ax.get_ylabel(), len(ax.get_lines())
    ('Activity per period', 'interactions', 1)
    """
    _choice("column", column, ("posts", "comments", "reactions", "shares", "interactions",
                               "active_members", "new_members", "members"))
    _require(timeline, "timeline", ("container_id", "period_start", column))
    ax = axes(ax)
    if timeline.height == 0:
        return _empty(ax, lang, "timeline_title")
    start = pl.col("period_start")
    dtype = timeline.schema["period_start"]
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
        # Local wall-clock dates on the axis: the periods are local calendar periods.
        start = start.dt.replace_time_zone(None)
    frame = timeline.select("container_id", start, column).sort("container_id",
                                                                  "period_start")
    for i, (key, part) in enumerate(frame.group_by("container_id", maintain_order=True)):
        ax.plot(part.get_column("period_start").to_list(),
                part.get_column(column).to_numpy(), marker="o", markersize=3,
                color=PALETTE[i % len(PALETTE)],
                label=safe_text(str((names or {}).get(str(key[0])) or key[0])))
    ax.set_title(label("timeline_title", lang))
    ax.set_xlabel(label("period", lang))
    ax.set_ylabel(label(column, lang))
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=8)
    month_axis(ax, lang)
    ax.figure.autofmt_xdate()
    return ax


def plot_heatmap(
    heatmap: pl.DataFrame,
    *,
    value: Literal["median", "posts"] = "median",
    min_posts: int = 3,
    ax: Axes | None = None,
    lang: Lang = "nl",
) -> Axes:
    """Draw a :func:`~groepsinzicht.posting_heatmap` as a weekday-by-hour grid.

    Cells without posts stay blank; a colour bar gives the scale. With
    ``value="median"``, cells with fewer than ``min_posts`` posts are blank too (a
    median over one post would set the colour scale), and a note under the grid says so.

    Parameters
    ----------
    heatmap
        The result of :func:`groepsinzicht.posting_heatmap`.
    value
        ``"median"`` (the median metric per post, default) or ``"posts"``.
    min_posts
        With ``value="median"``: the fewest posts a cell needs to be coloured (1 shows
        every cell with a post).
    ax
        Axes to draw on; a new figure when omitted.
    lang
        ``"nl"`` or ``"en"`` for the title, axis labels and weekday names.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import polars as pl
    >>> hm = pl.DataFrame({"weekday": [1, 3], "hour": [9, 20], "posts": [4, 1],
    ...                    "median": [14.0, 3.0]})
    >>> ax = plot_heatmap(hm, lang="en")
    >>> [t.get_text() for t in ax.get_yticklabels()][:3]
    ['Mon', 'Tue', 'Wed']
    >>> ax.texts[0].get_text()
    'blank: fewer than 3 posts in that hour'
    """
    _choice("value", value, ("median", "posts"))
    check_whole("min_posts", min_posts)
    _require(heatmap, "posting_heatmap", ("weekday", "hour", value))
    if value == "median":
        _require(heatmap, "posting_heatmap", ("posts",))
    ax = axes(ax)
    cells = heatmap.select(
        pl.col("weekday").cast(pl.Int64), pl.col("hour").cast(pl.Int64),
        pl.col(value).cast(pl.Float64),
        *([pl.col("posts").cast(pl.Int64).alias("__n")] if value == "median" else []),
    ).filter(pl.col("weekday").is_between(1, 7) & pl.col("hour").is_between(0, 23))
    if value == "median" and min_posts > 1:
        cells = cells.with_columns(pl.when(pl.col("__n") >= min_posts).then(pl.col(value)))
        ax.text(0.0, -0.22, label("heatmap_masked", lang).format(n=min_posts),
                transform=ax.transAxes, fontsize="small", va="top")
    if value == "posts":
        # An hour nobody posted in is blank rather than a zero-coloured cell.
        cells = cells.with_columns(pl.when(pl.col(value) > 0).then(pl.col(value)))
    grid = np.full((7, 24), np.nan)
    grid[cells.get_column("weekday").to_numpy() - 1,
         cells.get_column("hour").to_numpy()] = (
        cells.get_column(value).fill_null(float("nan")).to_numpy())
    image = ax.imshow(np.ma.masked_invalid(grid), aspect="auto", cmap="viridis",
                      interpolation="nearest")
    ax.set_xlabel(label("hour", lang))
    ax.set_xticks(range(0, 24, 3))
    ax.set_yticks(range(7), [label(f"weekday_short_{d}", lang) for d in range(1, 8)])
    ax.set_ylabel(label("weekday", lang))
    key = "heatmap_title" if value == "median" else "heatmap_posts_title"
    ax.set_title(label(key, lang))
    bar = ax.figure.colorbar(image, ax=ax)
    bar.set_label(label("median" if value == "median" else "posts", lang))
    return ax


def plot_content_performance(
    performance: pl.DataFrame,
    *,
    value: ContentValue = "interactions_median",
    ax: Axes | None = None,
    lang: Lang = "nl",
) -> Axes:
    """Draw one horizontal bar per format of :func:`~groepsinzicht.content_performance`.

    Each bar is labelled with its number of posts, since a median over three posts
    says little; all bars share one colour.

    Parameters
    ----------
    performance
        The result of :func:`groepsinzicht.content_performance` (``by="format"`` or
        ``by="post_type"``).
    value
        The bar length: ``interactions_median`` (default), ``interactions_mean``,
        ``engagement_rate_median`` or ``posts``.
    ax
        Axes to draw on; a new figure when omitted.
    lang
        ``"nl"`` or ``"en"`` for the title, axis labels and format names.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import polars as pl
    >>> cp = pl.DataFrame({"format": ["photo", "external_video"], "posts": [10, 4],
    ...                    "interactions_median": [22.0, 5.5]})
    >>> ax = plot_content_performance(cp, lang="en")
    >>> [t.get_text() for t in ax.get_yticklabels()], len(ax.patches)
    (['photo', 'YouTube/Vimeo link'], 2)
    """
    _choice("value", value, ("interactions_median", "interactions_mean",
                             "engagement_rate_median", "posts"))
    by = "format" if "format" in performance.columns else "post_type"
    _require(performance, "content_performance", (by, "posts", value))
    ax = axes(ax)
    if performance.height == 0:
        return _empty(ax, lang, "content_title")
    kinds = performance.get_column(by).cast(pl.String).to_list()
    names = [label(f"format_{k}", lang) if f"format_{k}" in LABELS else safe_text(str(k))
             for k in kinds]
    length = performance.get_column(value).cast(pl.Float64).fill_null(0.0).to_numpy()
    positions = np.arange(len(names))
    # One colour: the bars differ in length, not in kind.
    bars = ax.barh(positions, length, color=PALETTE[0])
    ax.set_yticks(positions, names)
    ax.invert_yaxis()
    posts = performance.get_column("posts").to_list()
    ax.bar_label(bars, labels=[f"{n} {label('post' if n == 1 else 'posts', lang)}"
                               for n in posts], padding=3, fontsize=8)
    ax.set_xlabel(label(value, lang))
    ax.set_ylabel(label(by, lang))
    ax.set_title(label("content_title", lang))
    ax.margins(x=0.15)
    return ax


def plot_participation(
    activity: pl.DataFrame,
    *,
    inequality: pl.DataFrame | None = None,
    names: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    lang: Lang = "nl",
) -> Axes:
    """Draw the Lorenz curve of contributions, one line per container.

    Members are ordered from least to most active (contributions = posts + comments +
    reactions given, as in :func:`~groepsinzicht.participation_inequality`); the curve
    shows which share of all contributions the least active x% of the members made. The
    diagonal is a group where everyone contributes equally; the further below it, the
    more a small core does the talking. Containers without any contribution are left
    out.

    Parameters
    ----------
    activity
        The result of :func:`groepsinzicht.member_activity`.
    inequality
        The result of :func:`groepsinzicht.participation_inequality`; when given, the
        legend shows each container's Gini coefficient.
    names
        Legend labels by ``container_id`` (e.g. from ``ds.containers``); ids where
        omitted.
    ax
        Axes to draw on; a new figure when omitted.
    lang
        ``"nl"`` or ``"en"`` for the title, axis labels, legend and decimal mark.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import polars as pl
    >>> ma = pl.DataFrame({"container_id": "g", "member_id": ["a", "b", "c"],
    ...     "posts": [3, 0, 0], "comments": [1, 2, 0], "reactions_given": [0, 0, 0]})
    >>> ax = plot_participation(ma, lang="en")
    >>> ax.get_title(), len(ax.get_lines())
    ('Who contributes (Lorenz curve)', 2)
    """
    _require(activity, "member_activity",
             ("container_id", "posts", "comments", "reactions_given"))
    ax = axes(ax)
    ax.plot([0, 1], [0, 1], color="#999999", linestyle="--", linewidth=1,
            label=label("equality", lang))
    x = (pl.col("posts") + pl.col("comments") + pl.col("reactions_given")).cast(pl.Float64)
    curves = (
        activity.select("container_id", x.alias("x"))
        .sort("container_id", "x")
        .with_columns(
            (pl.int_range(1, pl.len() + 1).over("container_id") / pl.len().over(
                "container_id")).alias("share_members"),
            (pl.col("x").cum_sum().over("container_id")
             / pl.col("x").sum().over("container_id")).alias("share_contrib"),
            (pl.col("x").sum().over("container_id") > 0).alias("any"),
        )
        .filter(pl.col("any"))
    )
    gini: dict[str, float | None] = {}
    if inequality is not None:
        _require(inequality, "participation_inequality", ("container_id", "gini"))
        gini = dict(zip(inequality.get_column("container_id").to_list(),
                        inequality.get_column("gini").to_list(), strict=True))
    for i, (key, part) in enumerate(curves.group_by("container_id", maintain_order=True)):
        cid = str(key[0])
        name = safe_text(str((names or {}).get(cid) or cid))
        if gini.get(cid) is not None:
            value = f"{gini[cid]:.2f}"
            name += f" (Gini {value.replace('.', ',') if lang == 'nl' else value})"
        ax.plot(np.concatenate([[0.0], part.get_column("share_members").to_numpy()]),
                np.concatenate([[0.0], part.get_column("share_contrib").to_numpy()]),
                color=PALETTE[i % len(PALETTE)], label=name)
    from matplotlib.ticker import PercentFormatter

    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(label("lorenz_x", lang))
    ax.set_ylabel(label("lorenz_y", lang))
    ax.set_title(label("lorenz_title", lang))
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    return ax
