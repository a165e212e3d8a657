"""Plots of conversation and themes: theme coverage over time, response times to questions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
import polars as pl

from groepsinzicht._util import label, theme_label
from groepsinzicht.errors import ParameterError, SchemaError
from groepsinzicht.plot._base import ORG_COLOR, PALETTE, axes, month_label, safe_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from groepsinzicht._util import Lang

__all__ = ["plot_response_times", "plot_theme_coverage"]

# Longest cell grid that still gets its numbers written in.
_ANNOTATE_CELLS = 200
_MAX_TICKS = 16


def _require(frame: pl.DataFrame, name: str, columns: tuple[str, ...]) -> None:
    for col in columns:
        if col not in frame.columns:
            raise SchemaError(name, col, "a column of that name", "none")


def _period_labels(periods: pl.Series, lang: Lang) -> list[str]:
    # Periods of a month or more that start on the 1st read as "mei 2024"; others as days.
    starts_month = (periods.dt.day() == 1) & (periods.dt.hour() == 0)
    months_apart = periods.diff().drop_nulls().dt.total_days() >= 28
    monthly = bool(starts_month.all()) and bool(months_apart.all())
    return [month_label(p, lang) if monthly else f"{p.day} {month_label(p, lang)}"
            for p in periods.to_list()]


#: Response-time ticks: minutes and their names.
_RT_TICKS = (1, 10, 60, 240, 1440, 10080)


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def plot_theme_coverage(
    coverage: pl.DataFrame,
    *,
    metric: Literal["posts", "interactions"] = "posts",
    ax: Axes | None = None,
    lang: Lang = "nl",
) -> Axes:
    """Heat map of themes × periods: which content pillar got attention when.

    Parameters
    ----------
    coverage
        The result of :func:`groepsinzicht.theme_coverage` (``period_start``, ``theme``,
        ``posts``, ``interactions``); zero rows show as the palest cells.
    metric
        ``"posts"`` or ``"interactions"``.
    ax
        Axes to draw on; a new figure when omitted.
    lang
        ``"nl"`` or ``"en"`` for the labels.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime
    >>> cov = pl.DataFrame({"period_start": [datetime(2024, 5, 1)] * 2,
    ...     "theme": ["afval", "veiligheid"], "posts": [3, 0], "interactions": [10, 0]})
    >>> ax = plot_theme_coverage(cov, lang="en")
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()]
    ('Posts per theme', ['waste', 'safety'])
    """
    if metric not in ("posts", "interactions"):
        raise ParameterError(f"metric: expected 'posts' or 'interactions', got {metric!r}")
    _require(coverage, "coverage", ("period_start", "theme", metric))
    ax = axes(ax)
    ax.set_title(label(f"title_{metric}", lang))
    ax.set_xlabel(label("theme_period", lang))
    ax.set_ylabel(label("theme", lang))
    if coverage.height == 0:
        ax.text(0.5, 0.5, label("no_data", lang), ha="center", va="center",
                transform=ax.transAxes)
        return ax

    themes = coverage.get_column("theme").unique(maintain_order=True)
    periods = coverage.get_column("period_start").unique().sort()
    cells = coverage.select(
        pl.col("theme").replace_strict(themes, pl.int_range(themes.len(), eager=True),
                                       return_dtype=pl.Int64).alias("row"),
        pl.col("period_start").replace_strict(periods, pl.int_range(periods.len(), eager=True),
                                              return_dtype=pl.Int64).alias("col"),
        pl.col(metric).fill_null(0).cast(pl.Float64).alias("value"),
    )
    grid = np.zeros((themes.len(), periods.len()))
    np.add.at(grid, (cells.get_column("row").to_numpy(), cells.get_column("col").to_numpy()),
              cells.get_column("value").to_numpy())

    image = ax.imshow(grid, aspect="auto", cmap="Greens", interpolation="nearest",
                      vmin=0, vmax=max(float(grid.max()), 1.0))
    colorbar = ax.figure.colorbar(image, ax=ax)
    colorbar.set_label(label(metric, lang))

    ax.set_yticks(range(themes.len()),
                  [safe_text(theme_label(t, lang)).strip() for t in themes.to_list()])
    labels = _period_labels(periods, lang)
    step = max(1, int(np.ceil(len(labels) / _MAX_TICKS)))
    ticks = list(range(0, len(labels), step))
    ax.set_xticks(ticks, [labels[i] for i in ticks], rotation=45, ha="right")

    if grid.size <= _ANNOTATE_CELLS:
        top = grid.max()
        for (r, c), value in np.ndenumerate(grid):
            ax.text(c, r, f"{value:.0f}", ha="center", va="center", fontsize=8,
                    color="white" if top and value > top * 0.6 else "black")
    return ax


def plot_response_times(
    responses: pl.DataFrame,
    *,
    ax: Axes | None = None,
    lang: Lang = "nl",
) -> Axes:
    """Distribution of the organisation's response times to residents' questions.

    A histogram on a log scale of minutes, with marks at 1 hour and 24 hours and a
    summary line (questions, shares answered within 1 and 24 hours, unanswered).

    Parameters
    ----------
    responses
        The result of :func:`groepsinzicht.question_responses` (one row per question,
        ``response_minutes`` null when unanswered).
    ax
        Axes to draw on; a new figure when omitted.
    lang
        ``"nl"`` or ``"en"`` for the labels.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import polars as pl
    >>> responses = pl.DataFrame({"response_minutes": [5.0, 90.0, 3000.0, None]})
    >>> ax = plot_response_times(responses, lang="en")
    >>> ax.get_xlabel()
    'time to the first answer (log scale)'
    >>> ax.get_legend_handles_labels()[1]
    ['1 hour', '24 hours']
    """
    _require(responses, "responses", ("response_minutes",))
    ax = axes(ax)
    minutes = responses.get_column("response_minutes").cast(pl.Float64)
    answered = minutes.drop_nulls()
    n = minutes.len()

    ax.set_title(label("rt_title", lang))
    ax.set_xlabel(label("rt_x", lang))
    ax.set_ylabel(label("rt_y", lang))
    ax.set_xscale("log")

    if answered.len():
        # Geometric bins from one minute; answers within the minute fall in the first.
        hi = max(float(answered.max() or 1.0), 24 * 60 * 2.0)  # type: ignore[arg-type]
        bins = np.geomspace(1.0, hi * 1.05, 30)
        ax.hist(answered.clip(lower_bound=1.0).to_numpy(), bins=bins.tolist(), color=PALETTE[0])
    else:
        ax.set_xlim(1, 24 * 60 * 7)
        ax.text(0.5, 0.5, label("no_answers", lang), ha="center", va="center",
                transform=ax.transAxes)

    ax.set_xticks(list(_RT_TICKS), [label(f"rt_tick_{m}", lang) for m in _RT_TICKS])
    ax.minorticks_off()
    ax.axvline(60, color=ORG_COLOR, linestyle="--", label=label("1h", lang))
    ax.axvline(24 * 60, color=ORG_COLOR, linestyle=":", label=label("24h", lang))
    ax.legend(loc="upper right")

    def share(mask: pl.Series) -> float | None:
        return float(mask.mean()) if n else None  # type: ignore[arg-type]

    summary = label("rt_summary", lang).format(
        n=n,
        a1=_pct(share((minutes <= 60).fill_null(False))),
        a24=_pct(share((minutes <= 24 * 60).fill_null(False))),
        u=_pct(share(minutes.is_null())),
    )
    ax.text(0.01, 0.98, summary, ha="left", va="top", fontsize=8, transform=ax.transAxes)
    return ax
