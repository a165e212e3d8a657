"""Shared plumbing for the plot modules: axes, colours, text the fonts can draw.

Labels in Dutch or English come from the one label table, :mod:`groepsinzicht._util`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from groepsinzicht._util import label

if TYPE_CHECKING:
    from datetime import datetime

    from matplotlib.axes import Axes

    from groepsinzicht._util import Lang

__all__ = ["ORG_COLOR", "PALETTE", "axes", "fmt_int", "month_axis", "month_label",
           "safe_text", "thousands_axis"]

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


def fmt_int(value: float, lang: Lang) -> str:
    """A whole number with the thousands separator of ``lang``.

    Examples
    --------
    >>> fmt_int(6935, "nl"), fmt_int(6935, "en")
    ('6.935', '6,935')
    """
    text = f"{round(value):,}"
    return text.replace(",", ".") if lang == "nl" else text


def month_label(moment: datetime, lang: Lang) -> str:
    """A month as "jan. 2024" (nl) or "Jan 2024" (en).

    Examples
    --------
    >>> from datetime import datetime
    >>> month_label(datetime(2024, 3, 1), "nl")
    'mrt. 2024'
    """
    return f"{label(f'month_{moment.month}', lang)} {moment.year}"


def month_axis(ax: Axes, lang: Lang) -> None:
    """Date ticks on the x axis at month starts, written as "jan. 2024" / "Jan 2024"."""
    from matplotlib import dates as mdates
    from matplotlib.ticker import FuncFormatter

    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    locator.intervald[mdates.MONTHLY] = [1, 2, 3, 6]
    ax.xaxis.set_major_locator(locator)

    def fmt(x: float, _pos: int | None = None) -> str:
        moment = mdates.num2date(x)  # type: ignore[no-untyped-call]
        if moment.day == 1:
            return month_label(moment, lang)
        return f"{moment.day} {month_label(moment, lang)}"

    ax.xaxis.set_major_formatter(FuncFormatter(fmt))


def thousands_axis(ax: Axes, lang: Lang, which: str = "x") -> None:
    """Whole-number ticks with the thousands separator of ``lang``."""
    from matplotlib.ticker import FuncFormatter

    axis = ax.xaxis if which == "x" else ax.yaxis
    axis.set_major_formatter(FuncFormatter(lambda v, _pos=None: fmt_int(v, lang)))
