"""The closing sections: data quality, the model's assumptions, calibration, methods."""

from __future__ import annotations

import html
from pathlib import PurePath
from typing import TYPE_CHECKING

import polars as pl
from markupsafe import Markup

from groepsinzicht._util import LABELS, label
from groepsinzicht._version import __version__
from groepsinzicht.reach import PAGE_ORGANIC_REACH_RATE
from groepsinzicht.reporting._format import fmt_date, fmt_num, fmt_pct
from groepsinzicht.reporting._render import Col, Section, markdown_bold, paragraph, table

if TYPE_CHECKING:
    from groepsinzicht.reporting._context import Context

__all__ = ["assumptions", "calibration", "data_quality", "methods"]


def _list(items: list[str], cls: str | None = None) -> Markup:
    attr = f' class="{cls}"' if cls else ""
    return Markup(f"<ul{attr}>" + "".join(f"<li>{markdown_bold(i)}</li>" for i in items)
                  + "</ul>")


def _total(frame: pl.DataFrame, column: str) -> int | None:
    if column not in frame.columns or not frame.height:
        return None
    return int(frame.get_column(column).fill_null(0).sum())


def _count_of(value: object) -> int | None:
    """A count from a summary attribute: an int, or the rows of a frame."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, pl.DataFrame):
        for col in ("rows", "count", "n", "values"):
            if col in value.columns:
                return int(value.get_column(col).fill_null(0).sum())
        return value.height
    return None


def data_quality(ctx: Context) -> Section:
    """What the load reported, and how complete the export is.

    Rejected, duplicate and emptied records, broken threads, and the completeness of
    comments and reactions.
    """
    s = ctx.summary
    lang = ctx.lang
    items = [ctx.t("q_rejected", n=fmt_num(_total(s.rejected, "rows") or 0, lang))]
    dup = _total(s.reconciliation, "rows_duplicate")
    if dup is not None:
        items.append(ctx.t("q_duplicates", n=fmt_num(dup, lang)))
    nulled = _count_of(getattr(s, "nulled", None))
    if nulled is not None:
        items.append(ctx.t("q_nulled", n=fmt_num(nulled, lang)))
    broken = _count_of(getattr(s, "broken_threads", None))
    if broken is not None:
        items.append(ctx.t("q_broken", n=fmt_num(broken, lang)))
    items.append(ctx.t("q_orphans", n=fmt_num(_total(s.tables, "orphan_comments") or 0, lang)))
    unknown = [ctx.name(c) for c, known in ctx.org_known_by.items() if not known]
    items.append(ctx.t("q_org", v=ctx.t("yes")) if not unknown
                 else ctx.t("q_org_unknown", names=", ".join(unknown)))
    comp = s.completeness.with_columns(
        pl.col("container_id").replace_strict(ctx.names, default=pl.col("container_id"),
                                              return_dtype=pl.String).alias("name"),
        pl.col("comments_ratio", "reactions_ratio").clip(upper_bound=1.0),
    ).sort("name")
    body = [_list(items)]
    if comp.height:
        body.append(table(comp, [
            Col("name", ctx.t("col_name")),
            Col("comments_ratio", ctx.t("col_comments_complete"), "pct"),
            Col("reactions_ratio", ctx.t("col_reactions_complete"), "pct"),
        ], lang, key="quality", note=ctx.t("quality_note")))
    return Section("quality", ctx.t("quality"), Markup("").join(body))


def assumptions(ctx: Context) -> Section:
    """The reach model's parameters in words: value, range and source of each."""
    m = ctx.model
    lang = ctx.lang
    set_by = m.model_fields_set

    def mark(name: str) -> str:
        return ctx.t("a_set") if name in set_by else ""

    items = [
        ctx.t("a_threshold", v=fmt_num(m.threshold, lang)) + mark("threshold"),
        ctx.t("a_opt_out", v=fmt_pct(m.opt_out_rate, lang),
              lo=fmt_pct(m.opt_out_range[0], lang), hi=fmt_pct(m.opt_out_range[1], lang))
        + mark("opt_out_rate"),
        ctx.t("a_highlight", v=fmt_pct(m.highlight_rate, lang),
              lo=fmt_pct(m.highlight_range[0], lang), hi=fmt_pct(m.highlight_range[1], lang))
        + mark("highlight_rate"),
        ctx.t(f"a_policy_{m.highlight_policy}") + mark("highlight_policy"),
        ctx.t(f"a_basis_{m.size_basis}") + mark("size_basis"),
        ctx.t("a_page", v=fmt_pct(PAGE_ORGANIC_REACH_RATE, lang)),
    ]
    return Section("assumptions", ctx.t("assumptions"),
                   paragraph(ctx.t("assumptions_intro")) + _list(items))


def calibration(ctx: Context) -> Section | None:
    """The check of the reach model against a seen-by export (``seen_by=``).

    A slot for the calibration section: None until ``seen_by`` is given and a
    calibration section is wired in.
    """
    if ctx.seen_by is None:
        return None
    builder = ctx.extra.get("calibration")
    return builder(ctx) if callable(builder) else None


def _exports(ctx: Context) -> list[Markup]:
    """One line per export format: its name, how many files, the files' names."""
    files: dict[str, list[str]] = {}
    sample = False
    for entry in ctx.ds.provenance:
        source = str(entry.get("source", ""))
        if source == "groepsinzicht.synth":
            sample = True
            continue
        files.setdefault(str(entry.get("format") or "?"), []).append(
            PurePath(source).name or source)
    out = [markdown_bold(ctx.t("m_sample"))] if sample else []
    for fmt, names in files.items():
        key = f"format_name_{fmt}"
        shown = label(key, ctx.lang) if key in LABELS else fmt
        head = (ctx.t("m_file", fmt=shown) if len(names) == 1
                else ctx.t("m_files", fmt=shown, n=len(names)))
        # File names are the exporter's own: shown as names, in <code>.
        listed = ", ".join(f"<code>{html.escape(n)}</code>" for n in sorted(set(names)))
        out.append(Markup(f"{html.escape(head)} ({listed})"))
    return out


def methods(ctx: Context) -> Section:
    """The methods appendix: which exports, which period, how each measure is defined."""
    first, last = ctx.period
    lang = ctx.lang
    exports = _exports(ctx)
    body = [Markup(f"<h3>{html.escape(ctx.t('m_exports'))}</h3>")]
    if exports:
        body.append(Markup("<ul>" + "".join(f"<li>{e}</li>" for e in exports) + "</ul>"))
    body.append(paragraph(ctx.t("m_period", a=fmt_date(first, lang, ctx.tz),
                                b=fmt_date(last, lang, ctx.tz), tz=ctx.tz)))
    body.append(Markup(f"<h3>{html.escape(ctx.t('m_definitions'))}</h3>"))
    body.append(_list([ctx.t(k) for k in ("m_interactions", "m_questions", "m_reach",
                                           "m_gini", "m_network")]))
    body.append(paragraph(ctx.t("m_made", v=__version__), "note"))
    return Section("methods", ctx.t("methods"), Markup("").join(body))
