"""Shared plumbing for the plot modules: axes, labels in Dutch or English, colours."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["COMMON_LABELS", "ORG_COLOR", "PALETTE", "Lang", "axes", "label", "safe_text"]

Lang = Literal["nl", "en"]

#: Colours: the organisation stands out, residents are calm.
ORG_COLOR = "#d95f02"
PALETTE = ("#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
           "#1f78b4")

#: Labels several plot modules share; each module adds its own to these.
COMMON_LABELS: dict[str, dict[str, str]] = {
    "posts": {"nl": "berichten", "en": "posts"},
    "interactions": {"nl": "interacties", "en": "interactions"},
    "members": {"nl": "leden", "en": "members"},
    "no_data": {"nl": "geen gegevens", "en": "no data"},
}

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


def label(table: dict[str, dict[str, str]], key: str, lang: Lang) -> str:
    """Look up a label in Dutch or English.

    Parameters
    ----------
    table
        ``{key: {"nl": ..., "en": ...}}``.
    key
        The label key.
    lang
        ``"nl"`` or ``"en"``.

    Examples
    --------
    >>> label({"posts": {"nl": "berichten", "en": "posts"}}, "posts", "nl")
    'berichten'
    """
    if lang not in ("nl", "en"):
        raise ValueError(f"lang must be 'nl' or 'en', got {lang!r}")
    return table[key][lang]


def safe_text(text: str) -> str:
    """Drop emoji and other characters the default font cannot draw.

    Examples
    --------
    >>> safe_text("Speeltuin 🎉 open")
    'Speeltuin  open'
    """
    return _NO_GLYPH.sub("", text)
