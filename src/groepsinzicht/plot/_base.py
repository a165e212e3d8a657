"""Shared plumbing for the plot modules: axes, colours, text the fonts can draw.

Labels in Dutch or English come from the one label table, :mod:`groepsinzicht._util`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["ORG_COLOR", "PALETTE", "axes", "safe_text"]

#: Colours: the organisation stands out, residents are calm.
ORG_COLOR = "#d95f02"
PALETTE = ("#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
           "#1f78b4")

# Characters outside the Basic Multilingual Plane (emoji) and variation selectors:
# DejaVu Sans has no glyphs for them, and matplotlib warns once per missing glyph.
_NO_GLYPH = re.compile("[\U00010000-\U0010ffff\ufe0f\u200d\u2600-\u27bf]")


def axes(ax: Axes | None = None, *, figsize: tuple[float, float] = (8, 4.5)) -> Axes:
    """Return ``ax``, or the Axes of a new Figure (not registered with pyplot).

    Parameters
    ----------
    ax
        An existing Axes to draw on.
    figsize
        Size of a new figure, in inches.

    Examples
    --------
    >>> axes().figure.get_size_inches().tolist()
    [8.0, 4.5]
    """
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return fig.add_subplot()


def safe_text(text: str) -> str:
    """Drop emoji and other characters the default font cannot draw.

    Examples
    --------
    >>> safe_text("Speeltuin 🎉 open")
    'Speeltuin  open'
    """
    return _NO_GLYPH.sub("", text)
