"""The calibration section: the reach model fitted to admins' "Seen by" counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
from markupsafe import Markup

from groepsinzicht.reporting._format import fmt_num, fmt_pct
from groepsinzicht.reporting._render import Col, Section, figure, paragraph, table

if TYPE_CHECKING:
    from groepsinzicht.reach import Calibration
    from groepsinzicht.reporting._context import Context

__all__ = ["calibration_section"]

_NAMES = {"view_rate": "cal_view", "highlight_rate": "cal_highlight",
          "overdispersion": "cal_rho"}


def calibration_section(ctx: Context) -> Section | None:
    """Estimates, what was left out, the fit against the counts, and the assumption."""
    cal: Calibration | None = ctx.calibration
    if cal is None:
        return None
    from groepsinzicht._util import label
    from groepsinzicht.plot import plot_calibration

    lang = ctx.lang
    posts = cal.posts
    below = int((posts.get_column("regime") == "all").sum())
    parts = [paragraph(ctx.t("cal_intro", n=fmt_num(posts.height, lang),
                                 below=fmt_num(below, lang),
                                 above=fmt_num(posts.height - below, lang),
                                 t=fmt_num(cal.prior.threshold, lang)))]
    notes = []
    for name, side in (("view_rate", "cal_below"), ("highlight_rate", "cal_above")):
        if not cal.identified[name]:
            notes.append(ctx.t("cal_not_identified", p=ctx.t(_NAMES[name]),
                               side=ctx.t(side)))
    if cal.excluded.height:
        hours = fmt_num(cal.min_age.total_seconds() / 3600, lang)
        counts = cal.excluded.group_by("reason").len().sort("reason").rows()
        items = ", ".join(ctx.t(f"cal_reason_{reason}", n=fmt_num(n, lang), h=hours)
                          for reason, n in counts)
        notes.append(ctx.t("cal_excluded", items=items))
    if cal.age_unknown:
        notes.append(ctx.t("cal_age_unknown", n=fmt_num(cal.age_unknown, lang)))
    parts += [paragraph(n) for n in notes]
    est = cal.to_frame()

    def value(name: str, x: float) -> str:
        # Rates as percentages; the overdispersion as a number (it is a correlation).
        return fmt_num(x, lang, 3) if name == "overdispersion" else fmt_pct(x, lang)

    rows = est.rows(named=True)
    frame = pl.DataFrame({
        "parameter": [ctx.t(_NAMES[r["parameter"]]) for r in rows],
        "prior": [f"{value(r['parameter'], r['prior_low'])} – "
                  f"{value(r['parameter'], r['prior_high'])}" for r in rows],
        "estimate": [value(r["parameter"], r["estimate"]) for r in rows],
        "interval": [f"{value(r['parameter'], r['low'])} – {value(r['parameter'], r['high'])}"
                     for r in rows],
        "measured": [ctx.t("yes") if r["identified"] else ctx.t("no") for r in rows],
    })
    parts.append(table(frame, [
        Col("parameter", ctx.t("cal_col_parameter")),
        Col("prior", ctx.t("cal_col_prior")),
        Col("estimate", ctx.t("cal_col_estimate")),
        Col("interval", ctx.t("cal_col_interval")),
        Col("measured", ctx.t("cal_col_identified")),
    ], lang, key="calibration", note=ctx.t("cal_note")))
    if posts.height:
        ax = plot_calibration(cal, lang=lang)
        parts.append(figure(ax, ctx.t("cal_alt")))
    parts.append(paragraph(label("cal_assumption", lang), cls="note"))
    return Section("calibration", ctx.t("calibration"), Markup("").join(parts))
