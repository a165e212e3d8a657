"""Key findings: three to six sentences, each with its number (and interval where modelled).

Each finding is one small function of the context returning a sentence (with
``**bold**`` marks) or None when the data cannot carry it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
from markupsafe import Markup

from groepsinzicht._util import label
from groepsinzicht.reporting._format import fmt_date, fmt_num, fmt_pct
from groepsinzicht.reporting._render import Section, markdown_bold

if TYPE_CHECKING:
    from collections.abc import Callable

    from groepsinzicht.reporting._context import Context

__all__ = ["FINDINGS", "finding_sentences", "key_findings"]

#: Posts a weekday part or a format needs before it may be called the best.
MIN_POSTS_FINDING = 5


def _count(ctx: Context, n: int, total: int) -> str:
    # Small counts stay counts ("3 van de 4 vragen"), not 75%.
    return ctx.t("of", a=n, b=total) if total < 20 else fmt_pct(n / total, ctx.lang)


def finding_reach(ctx: Context) -> str | None:
    """How many members a group post reaches against a page post."""
    lang = ctx.lang
    group = page = None
    if ctx.groups and ctx.reach.height:
        gid = ctx.groups[0]
        rows = ctx.reach.filter((pl.col("container_id") == gid)
                                & pl.col("expected_notified").is_not_null())
        if rows.height:
            med = rows.select(pl.col("expected_notified", "low", "high").median()).row(0)
            group = (ctx.name(gid), *med)
    cmp = ctx.comparison
    if ctx.pages and cmp is not None:
        pid = ctx.pages[0]
        row = cmp.summary.filter(pl.col("container_id") == pid)
        sources = set(cmp.per_post.filter(pl.col("container_id") == pid)
                      .get_column("reach_source").cast(pl.String).drop_nulls().to_list())
        if row.height and row.item(0, "reach_per_post_median") is not None:
            source = ("observed" if sources == {"observed"} else
                      "mixed" if "observed" in sources else "estimated")
            page = (ctx.name(pid), row.item(0, "reach_per_post_median"), source)
    if group and page:
        return ctx.t("f_reach", group=group[0], n=fmt_num(group[1], lang),
                     lo=fmt_num(group[2], lang), hi=fmt_num(group[3], lang), page=page[0],
                     m=fmt_num(page[1], lang), source=ctx.t(f"source_{page[2]}"))
    if page is None and ctx.pages and not ctx.groups:
        # Pages only: their own measured reach, where the export has it.
        pid = ctx.pages[0]
        reach = (ctx.ds.posts.filter(pl.col("container_id") == pid)
                 .get_column("reach").drop_nulls())
        if reach.len():
            page = (ctx.name(pid), reach.median(), "observed")
    if group:
        return ctx.t("f_reach_group", group=group[0], n=fmt_num(group[1], lang),
                     lo=fmt_num(group[2], lang), hi=fmt_num(group[3], lang))
    if page:
        return ctx.t("f_reach_page", page=page[0], m=fmt_num(page[1], lang),
                     source=ctx.t(f"source_{page[2]}"))
    return None


def finding_growth(ctx: Context) -> str | None:
    """When a group passed the threshold, and the share notified before and after."""
    if not ctx.groups or not ctx.reach.height:
        return None
    t = ctx.model.threshold
    share = (pl.col("expected_notified") / pl.col("members_at_post")).median()
    for gid in ctx.groups:
        rows = ctx.reach.filter((pl.col("container_id") == gid)
                                & pl.col("members_at_post").is_not_null()
                                & (pl.col("members_at_post") > 0)).sort("created_at")
        if not rows.height:
            continue
        above = pl.col("members_at_post") >= t
        after = rows.filter(above)
        if not after.height:
            continue
        before = rows.filter(~above)
        after_share = fmt_pct(after.select(share).item(), ctx.lang)
        if not before.height:
            return ctx.t("f_above", group=ctx.name(gid), t=t, after=after_share)
        return ctx.t("f_growth", date=fmt_date(after.item(0, "created_at"), ctx.lang, ctx.tz),
                     group=ctx.name(gid), t=t, after=after_share,
                     before=fmt_pct(before.select(share).item(), ctx.lang))
    return None


def finding_questions(ctx: Context) -> str | None:
    """The share of residents' questions answered within 24 hours, and the open ones."""
    conv = ctx.conversation
    if not int(conv.get_column("questions").sum()):
        return ctx.t("f_no_questions")
    # Only where the organisation is known can a question be told answered or open.
    rows = conv.filter((pl.col("questions") > 0)
                       & pl.col("container_id").is_in(ctx.known_ids()))
    total = int(rows.get_column("questions").sum())
    if total == 0:
        return ctx.t("f_questions_unknown")
    if rows.select(pl.col("answered_24h", "unanswered").null_count()).sum_horizontal().item():
        return ctx.t("f_questions_unknown")
    answered = round(rows.select((pl.col("answered_24h") * pl.col("questions")).sum())
                         .item())
    office = rows.select((pl.col("answered_24h_office") * pl.col("questions")).sum()).item()
    still_open = round(rows.select((pl.col("unanswered") * pl.col("questions")).sum())
                           .item())
    open_text = (ctx.t("n_question") if still_open == 1
                 else ctx.t("n_questions", n=fmt_num(still_open, ctx.lang)))
    return ctx.t("f_questions", share=_count(ctx, answered, total),
                 office=_count(ctx, round(office or 0), total), open=open_text)


def finding_time(ctx: Context) -> str | None:
    """The weekday part (night, morning, afternoon, evening) with the most interactions."""
    if not ctx.posts.height:
        return None
    local = pl.col("created_at").dt.convert_time_zone(ctx.tz)
    cells = (
        ctx.posts.select(local.dt.weekday().alias("day"),
                         (local.dt.hour() // 6).alias("part"), "interactions")
        .group_by("day", "part")
        .agg(pl.len().alias("n"), pl.col("interactions").median().alias("m"))
        .filter(pl.col("n") >= MIN_POSTS_FINDING)
        .sort("m", "n", descending=True)
    )
    if not cells.height:
        return None
    day, part, n, m = cells.row(0)
    when = ctx.t("daypart_when", day=label(f"weekday_{day}", ctx.lang),
                 part=ctx.t(f"daypart_{part}"), a=part * 6, b=part * 6 + 6)
    return ctx.t("f_time", when=when, m=fmt_num(m, ctx.lang), n=fmt_num(n, ctx.lang))


def finding_format(ctx: Context) -> str | None:
    """The format that works best, against the one that works least."""
    perf = ctx.formats
    if "format" not in perf.columns:
        return None
    # "Other" is no format one can choose: it is left out of the comparison.
    rows = perf.filter((pl.col("posts") >= MIN_POSTS_FINDING)
                       & pl.col("interactions_median").is_not_null()
                       & (pl.col("format").cast(pl.String) != "other"))
    if rows.height < 2:
        return None
    rows = rows.sort("interactions_median", "posts", descending=True)
    best, worst = rows.row(0, named=True), rows.row(-1, named=True)

    def name(row: dict[str, object]) -> str:
        text = label(f"format_{row['format']}", ctx.lang)
        return text[0].upper() + text[1:]

    return ctx.t("f_format", best=name(best), a=fmt_num(best["interactions_median"], ctx.lang),
                 na=best["posts"], worst=label(f"format_{worst['format']}", ctx.lang),
                 b=fmt_num(worst["interactions_median"], ctx.lang), nb=worst["posts"])


#: The findings in the order they are told.
FINDINGS: tuple[Callable[[Context], str | None], ...] = (
    finding_reach, finding_growth, finding_questions, finding_time, finding_format,
)


def finding_sentences(ctx: Context) -> list[str]:
    """The key findings as sentences with ``**bold**`` marks."""
    return [s for s in (f(ctx) for f in FINDINGS) if s]


def key_findings(ctx: Context) -> Section:
    """The "Kernpunten" / "Key findings" section: the answer first."""
    sentences = finding_sentences(ctx) if ctx.ds.posts.height else []
    if not sentences:
        return Section("findings", ctx.t("findings"), markdown_bold(ctx.t("f_none")))
    items = "".join(f"<li>{markdown_bold(s)}</li>" for s in sentences)
    return Section("findings", ctx.t("findings"), Markup(f'<ul class="findings">{items}</ul>'))
