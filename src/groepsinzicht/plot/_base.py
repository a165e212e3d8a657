"""Shared plumbing for the plot modules: axes, colours, text the fonts can draw.

Labels in Dutch or English come from the one label table, :mod:`groepsinzicht._util`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["ORG_COLOR", "PALETTE", "axes", "safe_text"]

#: Colours: the Okabe-Ito palette, told apart with every common colour-vision deficiency.
#: The organisation stands out in vermillion; index 6 is the grey of reference lines.
ORG_COLOR = "#D55E00"
PALETTE = ("#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#666666",
           "#F0E442")

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
