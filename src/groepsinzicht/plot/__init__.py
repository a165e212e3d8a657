"""Plots: each takes analysis results, draws on an optional ``ax=``, returns the Axes.

matplotlib is imported only when a plot is drawn, and never through pyplot's global
state: figures made here are ``matplotlib.figure.Figure`` objects that notebooks show
and scripts save, with no ``plt.show()``.
"""

from __future__ import annotations

__all__: list[str] = []
