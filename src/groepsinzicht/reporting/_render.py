"""Tables (great_tables) and figures (embedded PNG) as HTML fragments for the page."""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from markupsafe import Markup

from groepsinzicht.reporting._format import (
    fmt_date,
    fmt_minutes,
    fmt_num,
    fmt_pct,
    unknown,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import polars as pl
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from groepsinzicht._util import Lang

__all__ = ["Col", "Section", "figure", "markdown_bold", "paragraph", "table"]

Kind = Literal["text", "int", "num1", "num2", "pct", "date", "minutes", "html"]

_STYLE = re.compile(r"<style>.*?</style>", re.S)
_WRAP = re.compile(r'^\s*<div id="([^"]+)" style="[^"]*">')
_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Col:
    """A column of a report table: its name in the frame, its label, how to write it."""

    name: str
    label: str
    kind: Kind = "text"


@dataclass(frozen=True)
class Section:
    """One section of the page: an anchor, a title and its HTML body."""

    key: str
    title: str
    body: Markup


def _formatter(kind: Kind, lang: Lang, tz: str) -> Callable[[object], str]:
    def fmt(value: object) -> str:
        if value is None:
            return unknown(lang)
        if kind == "int":
            return fmt_num(float(value), lang, 0)  # type: ignore[arg-type]
        if kind in ("num1", "num2"):
            return fmt_num(float(value), lang, 1 if kind == "num1" else 2)  # type: ignore[arg-type]
        if kind == "pct":
            return fmt_pct(float(value), lang)  # type: ignore[arg-type]
        if kind == "minutes":
            return fmt_minutes(float(value), lang)  # type: ignore[arg-type]
        if kind == "date":
            return fmt_date(value, lang, tz)  # type: ignore[arg-type]
        if kind == "html":
            return str(value)
        return html.escape(str(value))

    return fmt


def table(
    frame: pl.DataFrame,
    cols: Sequence[Col],
    lang: Lang,
    *,
    key: str,
    note: str | None = None,
    tz: str = "UTC",
) -> Markup:
    """A frame as a great_tables table: labels, locale formats, a note under it.

    Only the columns in ``cols`` are shown. Text cells are escaped, except ``html`` ones
    (built by the report from escaped parts). The table's own stylesheet is dropped:
    the page has one stylesheet for everything.
    """
    import great_tables as gt

    shown = frame.select([c.name for c in cols])
    labels: dict[str, Any] = {c.name: c.label for c in cols}
    g = gt.GT(shown, id=f"t-{key}").cols_label(**labels)
    for c in cols:
        g = g.fmt(_formatter(c.kind, lang, tz), columns=c.name)
        g = g.cols_align("left" if c.kind in ("text", "html", "date") else "right",
                         columns=c.name)
    g = g.sub_missing(missing_text=unknown(lang))
    if note:
        g = g.tab_source_note(note)
    raw = _STYLE.sub("", g.as_raw_html())
    raw = _WRAP.sub(r'<div id="\1" class="table-wrap">', raw, count=1)
    return Markup(_accessible(raw, {f"t-{key}-{c.name}": c.label for c in cols},
                              cards=len(cols) >= _CARD_COLUMNS))


#: Tables with this many columns or more turn into cards on a narrow screen.
_CARD_COLUMNS = 3
_TD = re.compile(r'<td headers="([^"]+)" class="gt_row')


def _accessible(raw: str, labels: dict[str, str], *, cards: bool) -> str:
    """Add explicit ARIA roles and each cell's column label as ``data-label``.

    The roles keep the table's meaning when CSS restyles it; the label is shown
    before the value when the table becomes cards on a narrow screen.
    """
    raw = raw.replace('<table class="gt_table"',
                      f'<table role="table" class="gt_table{" cards" if cards else ""}"', 1)
    raw = (raw.replace("<thead>", '<thead role="rowgroup">')
           .replace('<tbody class="gt_table_body">',
                    '<tbody role="rowgroup" class="gt_table_body">')
           .replace("<tr>", '<tr role="row">')
           .replace('<tr class="gt_col_headings">', '<tr role="row" class="gt_col_headings">')
           .replace('<th class="gt_col_heading', '<th role="columnheader" class="gt_col_heading'))

    def cell(m: re.Match[str]) -> str:
        text = html.escape(labels.get(m.group(1), ""), quote=True)
        return f'<td role="cell" headers="{m.group(1)}" data-label="{text}" class="gt_row'

    return _TD.sub(cell, raw)


def figure(fig: Figure | Axes, alt: str, *, caption: str | None = None) -> Markup:
    """A figure as embedded SVG (sharp at every size) with its alt text.

    A phone gets the same figure laid out again on a narrower canvas (``<picture>``),
    so its text stays readable instead of shrinking with the picture.
    """
    from matplotlib.figure import Figure as _Figure

    target = fig if isinstance(fig, _Figure) else fig.get_figure(root=True)
    if not isinstance(target, _Figure):  # pragma: no cover - every Axes has a Figure
        return Markup("")
    wide_w, wide_h = target.get_size_inches()
    wide = _svg(target)
    target.set_size_inches(_NARROW_INCHES, wide_h * 1.1)
    narrow = _svg(target)
    target.set_size_inches(wide_w, wide_h)
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return Markup(
        f'<figure><picture><source media="(max-width: 40rem)" '
        f'srcset="data:image/svg+xml;base64,{narrow}">'
        f'<img alt="{html.escape(alt, quote=True)}" width="{int(wide_w * 96)}" '
        f'height="{int(wide_h * 96)}" src="data:image/svg+xml;base64,{wide}"></picture>'
        f"{cap}</figure>"
    )


#: Width of the phone version of a figure, in inches.
_NARROW_INCHES = 4.6


def _svg(fig: Figure) -> str:
    import matplotlib as mpl

    buf = io.BytesIO()
    # Text stays text (the page's fonts); a fixed salt and no date: the same figure
    # gives the same bytes.
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "groepsinzicht"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")


def markdown_bold(text: str) -> Markup:
    """Escape ``text`` and turn ``**bold**`` into ``<strong>``."""
    return Markup(_BOLD.sub(r"<strong>\1</strong>", html.escape(text)))


def paragraph(text: str, cls: str | None = None) -> Markup:
    """An escaped paragraph."""
    attr = f' class="{cls}"' if cls else ""
    return Markup(f"<p{attr}>{markdown_bold(text)}</p>")
