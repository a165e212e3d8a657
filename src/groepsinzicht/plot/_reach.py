"""Plots of the reach model: the cliff, group versus page, group growth, calibration."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from groepsinzicht._util import check_whole, label
from groepsinzicht.errors import SchemaError
from groepsinzicht.plot._base import (
    ORG_COLOR,
    PALETTE,
    axes,
    fmt_int,
    month_axis,
    safe_text,
    thousands_axis,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from groepsinzicht._util import Lang
    from groepsinzicht.reach import Calibration, ReachComparison

__all__ = ["plot_calibration", "plot_group_growth", "plot_reach_comparison",
           "plot_reach_curve"]


def _require(frame: pl.DataFrame, name: str, columns: tuple[str, ...]) -> None:
    for col in columns:
        if col not in frame.columns:
            raise SchemaError(name, col, "a column of that name", "none")


def _no_data(ax: Axes, lang: Lang) -> None:
    ax.text(0.5, 0.5, label("no_data", lang), ha="center", va="center",
            transform=ax.transAxes)


def _cliff(members: np.ndarray, expected: np.ndarray) -> int | None:
    """The first size at which the expected reach drops: the threshold on the curve."""
    drops = np.flatnonzero(np.diff(expected) < 0)
    return None if drops.size == 0 else int(members[drops[0] + 1])


def plot_reach_curve(
    curve: pl.DataFrame,
    *,
    page_median: float | None = None,
    threshold: int | None = None,
    ax: Axes | None = None,
    lang: Lang = "nl",
) -> Axes:
    """Expected members notified per post against group size, with its interval.

    Parameters
    ----------
    curve
        The result of :func:`groepsinzicht.reach_curve` (``members``,
        ``expected_notified``, ``low``, ``high``).
    page_median
        A page's median reach per post, drawn as a horizontal line when given.
    threshold
        The group size marked as the threshold; by default the size at which the curve
        drops (none under ``size_basis="at_join"``, whose curve has no cliff).
    ax
        Axes to draw on; a new figure when omitted.
    lang
        ``"nl"`` or ``"en"`` labels.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> from groepsinzicht.plot import plot_reach_curve
    >>> ax = plot_reach_curve(gi.reach_curve(gi.NotificationModel(), sizes=range(1, 400)),
    ...                       page_median=143.0, lang="en")
    >>> ax.get_xlabel()
    'members in the group'
    """
    _require(curve, "reach_curve", ("members", "expected_notified", "low", "high"))
    ax = axes(ax)
    data = curve.sort("members")
    if data.height == 0:
        _no_data(ax, lang)
    else:
        members = data.get_column("members").to_numpy()
        expected = data.get_column("expected_notified").to_numpy()
        ax.fill_between(members, data.get_column("low").to_numpy(),
                        data.get_column("high").to_numpy(), color=PALETTE[0], alpha=0.25,
                        linewidth=0, label=label("interval", lang))
        ax.plot(members, expected, color=PALETTE[0], label=label("expected", lang))
        mark = threshold if threshold is not None else _cliff(members, expected)
        if mark is not None:
            ax.axvline(mark, color=PALETTE[6], linestyle="--",
                       label=label("threshold", lang).format(n=mark))
    if page_median is not None:
        ax.axhline(page_median, color=ORG_COLOR, linestyle="-.",
                   label=label("page_median", lang).format(v=page_median))
    thousands_axis(ax, lang)
    ax.set_xlabel(label("members_x", lang))
    ax.set_ylabel(label("notified_y", lang))
    ax.set_title(label("curve_title", lang))
    ax.set_ylim(bottom=0)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best", fontsize="small")
    return ax


def plot_reach_comparison(
    comparison: ReachComparison,
    *,
    ax: Axes | None = None,
    lang: Lang = "nl",
) -> Axes:
    """Reach per post of every group and page, side by side, with each median.

    Parameters
    ----------
    comparison
        The result of :func:`groepsinzicht.compare_reach`.
    ax
        Axes to draw on; a new figure when omitted.
    lang
        ``"nl"`` or ``"en"`` labels.

    Returns
    -------
    matplotlib.axes.Axes
        One row per container: a dot per post (groups: modelled expected notified;
        pages: observed or estimated reach) and a bar at the median; the break-even
        group size in the corner.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import UTC, datetime
    >>> import groepsinzicht as gi
    >>> from groepsinzicht.plot import plot_reach_comparison
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> page = gi.Dataset.from_frames(kind="page", posts=pl.DataFrame(
    ...     {"container_id": "p", "post_id": ["a", "b"], "created_at": [t, t],
    ...      "reach": [90, 120]}))
    >>> ax = plot_reach_comparison(gi.compare_reach(page, page, gi.NotificationModel()))
    >>> ax.get_title()
    'Groep versus pagina: bereik per bericht'
    """
    ax = axes(ax)
    summary = comparison.summary
    per_post = comparison.per_post
    names: list[str] = []
    seen: set[str] = set()
    for y, (cid, kind, name) in enumerate(
        summary.select("container_id", pl.col("kind").cast(pl.String), "name").rows()
    ):
        values = (per_post.filter((pl.col("container_id") == cid)
                                  & pl.col("reach").is_not_null())
                  .get_column("reach").to_numpy())
        color = PALETTE[0] if kind == "group" else ORG_COLOR
        names.append(safe_text(name) if name else cid)
        if values.size:
            # Spread the dots vertically by a fixed low-discrepancy sequence: repeatable.
            jitter = (np.arange(values.size) * 0.618034) % 1.0 * 0.5 - 0.25
            ax.scatter(values, y + jitter, s=12, color=color, alpha=0.5,
                       label=None if kind in seen else label(kind, lang))
            seen.add(kind)
            ax.plot([float(np.median(values))] * 2, [y - 0.35, y + 0.35], color="black",
                    linewidth=2, label=None if "median" in seen else label("reach_median", lang))
            seen.add("median")
    if not names:
        _no_data(ax, lang)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel(label("reach_x", lang))
    ax.set_title(label("cmp_title", lang))
    ax.set_xlim(left=0)
    n = comparison.break_even_members
    note = (label("no_break_even", lang) if n is None
            else label("break_even", lang).format(n=fmt_int(n, lang)))
    thousands_axis(ax, lang)
    ax.text(0.99, 0.01, note, ha="right", va="bottom", transform=ax.transAxes,
            fontsize="small")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper right", fontsize="small")
    return ax


def plot_group_growth(
    reach: pl.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    threshold: int = 250,
    lang: Lang = "nl",
) -> Figure:
    """One small panel per group: members over time, the threshold, the modelled reach.

    Each panel draws the group's size at each post (a step line), the threshold as a
    dashed line, and per post the modelled number of members notified with its
    interval as a band. Panels share the time axis and are stacked, so they read on a
    phone as on a wide screen.

    Parameters
    ----------
    reach
        The result of :func:`groepsinzicht.notification_reach` (``container_id``,
        ``created_at``, ``members_at_post``, ``expected_notified``, ``low``,
        ``high``); every group in it gets a panel.
    names
        Panel titles by ``container_id`` (e.g. from ``ds.containers``); ids where
        omitted.
    threshold
        The threshold line (the model's ``threshold``).
    lang
        ``"nl"`` or ``"en"`` labels.

    Returns
    -------
    matplotlib.figure.Figure
        One Axes per group (a single Axes saying "no data" when no post has a size).

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import UTC, datetime
    >>> import groepsinzicht as gi
    >>> from groepsinzicht.plot import plot_group_growth
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> ds = gi.Dataset.from_frames(kind="group",
    ...     audience=pl.DataFrame({"container_id": "g", "at": [t], "size": [300],
    ...                            "metric": "members"}),
    ...     posts=pl.DataFrame({"container_id": "g", "post_id": ["a"], "created_at": [t]}))
    >>> fig = plot_group_growth(gi.notification_reach(ds, gi.NotificationModel()),
    ...                         names={"g": "Wijk Oost"}, lang="en")
    >>> [ax.get_title(loc="left") for ax in fig.axes], fig.axes[0].get_ylabel()
    (['Wijk Oost'], 'members')
    """
    from matplotlib.figure import Figure

    _require(reach, "notification_reach", ("container_id", "created_at", "members_at_post",
                                           "expected_notified", "low", "high"))
    check_whole("threshold", threshold)
    data = reach.filter(pl.col("members_at_post").is_not_null()).sort(
        "container_id", "created_at")
    groups = data.group_by("container_id", maintain_order=True)
    parts = [(str(key[0]), part) for key, part in groups]
    n = max(len(parts), 1)
    fig = Figure(figsize=(8, 1.2 + 2.4 * n), layout="constrained")
    axs = fig.subplots(n, 1, sharex=True, squeeze=False)[:, 0]
    fig.suptitle(label("growth_title", lang))
    if not parts:
        _no_data(axs[0], lang)
        axs[0].set_ylabel(label("people_y", lang))
        return fig
    for ax, (cid, part) in zip(axs, parts, strict=True):
        times = part.get_column("created_at").dt.replace_time_zone(None).to_numpy()
        ax.plot(times, part.get_column("members_at_post").to_numpy(), color=PALETTE[0],
                drawstyle="steps-post", label=label("members_line", lang))
        ax.fill_between(times, part.get_column("low").to_numpy(),
                        part.get_column("high").to_numpy(), color=PALETTE[1], alpha=0.25,
                        linewidth=0, label=label("interval", lang))
        ax.plot(times, part.get_column("expected_notified").to_numpy(), "o",
                markersize=2.5, color=PALETTE[1], label=label("reach_points", lang))
        ax.axhline(threshold, color=PALETTE[6], linestyle="--",
                   label=label("threshold", lang).format(n=threshold))
        ax.set_title(safe_text(str((names or {}).get(cid) or cid)), loc="left",
                     fontsize="medium")
        ax.set_ylabel(label("people_y", lang))
        ax.set_ylim(bottom=0)
    axs[-1].set_xlabel(label("date", lang))
    axs[0].legend(loc="upper left", fontsize="small", ncols=2)
    month_axis(axs[-1], lang)
    fig.autofmt_xdate()
    return fig


def plot_calibration(cal: Calibration, ax: Axes | None = None, lang: Lang = "nl") -> Axes:
    """Observed "Seen by" against eligible members per post, with the calibrated fit.

    Posts below the threshold and from it on are drawn apart; each regime's fitted mean
    (``eligible * v`` and ``eligible * v * h``) is drawn with its 90% credible band from
    the joint posterior draws, dashed where the parameter is not identified (no post on
    that side: the line is the prior). The threshold is marked, and the assumption
    ("seen" read as "notified") is written under the plot.

    Parameters
    ----------
    cal
        The result of :func:`groepsinzicht.calibrate`.
    ax
        Axes to draw on; a new figure when omitted.
    lang
        ``"nl"`` or ``"en"`` labels.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import polars as pl
    >>> import groepsinzicht as gi
    >>> from groepsinzicht.plot import plot_calibration
    >>> ds = gi.load_sample()
    >>> posts = gi.notification_reach(ds, gi.NotificationModel()).head(20)
    >>> cal = gi.calibrate(ds, posts.select("post_id",
    ...     (pl.col("eligible") * 0.6).round().cast(pl.Int64).alias("seen_by")))
    >>> plot_calibration(cal, lang="en").get_ylabel()
    'seen by'
    """
    ax = axes(ax)
    posts = cal.posts
    t = cal.prior.threshold
    v, h = cal.interval_draws()
    top = max(float(posts.get_column("eligible").max() or 0), 1.5 * t)  # type: ignore[arg-type]
    segments = (
        ("all", "cal_all", PALETTE[0], v, 0.0, float(t - 1), "view_rate"),
        ("highlights", "cal_highlights", PALETTE[1], v * h, float(t - 1), top,
         "highlight_rate"),
    )
    for regime, key, color, share, x0, x1, param in segments:
        rows = posts.filter(pl.col("regime") == regime)
        if rows.height:
            ax.scatter(rows.get_column("eligible").to_numpy(),
                       rows.get_column("seen_by").to_numpy(), s=14, color=color,
                       alpha=0.7, label=f"{label(key, lang)} (n={rows.height})")
        x = np.linspace(x0, x1, 50)
        lo, hi = np.percentile(share, [5, 95])
        known = cal.identified[param]
        style = "-" if known else "--"
        ax.fill_between(x, x * lo, x * hi, color=color, alpha=0.2, linewidth=0)
        ax.plot(x, x * float(share.mean()), color=color, linestyle=style,
                label=label("cal_fit" if known else "cal_prior", lang))
    ax.axvline(t - 1, color=PALETTE[6], linestyle=":",
               label=label("threshold", lang).format(n=t))
    ax.set_xlim(0, top)
    ax.set_ylim(bottom=0)
    ax.set_xlabel(label("cal_x", lang))
    ax.set_ylabel(label("cal_y", lang))
    ax.set_title(label("cal_title", lang))
    ax.legend(loc="upper left", fontsize="small")
    ax.annotate(label("cal_assumption", lang), xy=(0, 0), xycoords="figure fraction",
                xytext=(4, 2), textcoords="offset points", fontsize="x-small",
                color=PALETTE[6], wrap=True)
    return ax
