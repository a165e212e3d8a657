"""Plots: each takes analysis results, draws on an optional ``ax=``, returns the Axes.

matplotlib is imported only when a plot is drawn, and never through pyplot's global
state: figures made here are ``matplotlib.figure.Figure`` objects that notebooks show
and scripts save, with no ``plt.show()``.
"""

from __future__ import annotations

from groepsinzicht.plot._conversation import plot_response_times, plot_theme_coverage
from groepsinzicht.plot._engagement import (
    plot_content_performance,
    plot_heatmap,
    plot_participation,
    plot_timeline,
)
from groepsinzicht.plot._graph import plot_degree_distribution, plot_graph
from groepsinzicht.plot._reach import (
    plot_calibration,
    plot_group_growth,
    plot_reach_comparison,
    plot_reach_curve,
)

__all__: list[str] = [
    "plot_content_performance",
    "plot_heatmap",
    "plot_participation",
    "plot_timeline",
    "plot_calibration",
    "plot_group_growth",
    "plot_reach_comparison",
    "plot_reach_curve",
    "plot_response_times",
    "plot_theme_coverage",
    "plot_degree_distribution",
    "plot_graph",
]
