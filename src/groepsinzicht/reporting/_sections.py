"""The body sections of the report: one small function each, from overview to people.

Each takes the :class:`~groepsinzicht.reporting._context.Context` and returns a
:class:`Section`, or None when the data hold nothing for it.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import polars as pl
from markupsafe import Markup

from groepsinzicht import plot
from groepsinzicht._util import label, theme_label
from groepsinzicht.reporting._format import fmt_date, fmt_num
from groepsinzicht.reporting._render import Col, Section, figure, paragraph, table

if TYPE_CHECKING:
    from groepsinzicht.reporting._context import Context

__all__ = [
    "activity",
    "best_posts",
    "conversation",
    "formats",
    "overview",
    "people",
    "questions",
    "reach",
    "themes",
    "timing",
]

_EXCERPT = 120


def _join(*parts: Markup | str) -> Markup:
    return Markup("").join(Markup(p) if isinstance(p, Markup) else paragraph(p)
                           for p in parts)


def _h3(text: str) -> Markup:
    return Markup(f"<h3>{html.escape(text)}</h3>")


def _excerpt(text: str | None, n: int = _EXCERPT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _with_names(ctx: Context, frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("container_id").replace_strict(ctx.names, default=pl.col("container_id"),
                                              return_dtype=pl.String).alias("name"))


def _several(ctx: Context) -> bool:
    return ctx.ds.containers.height > 1


def overview(ctx: Context) -> Section:
    """What the data hold: per group or page, its posts, comments, reactions, members."""
    kinds = {"group": ctx.t("kind_group"), "page": ctx.t("kind_page")}
    frame = _with_names(ctx, ctx.summary.tables).with_columns(
        pl.col("kind").cast(pl.String).replace_strict(kinds, default=None).alias("kind"))
    body = [table(frame, [
        Col("name", ctx.t("col_name")), Col("kind", ctx.t("col_kind")),
        Col("posts", ctx.t("col_posts"), "int"), Col("comments", ctx.t("col_comments"), "int"),
        Col("reactions", ctx.t("col_reactions"), "int"),
        Col("members", ctx.t("col_members"), "int"),
    ], ctx.lang, key="overview", note=ctx.t("overview_note"))]
    body.append(paragraph(ctx.t("privacy_names" if ctx.show_names else "privacy"), "note"))
    return Section("overview", ctx.t("overview"), _join(*body))


def activity(ctx: Context) -> Section:
    """Activity over time: a line per group or page, the latest period against the last."""
    if not ctx.ds.posts.height:
        return Section("activity", ctx.t("activity"), _join(ctx.t("none")))
    tl = ctx.timeline
    every = ctx.every if ctx.every in ("1d", "1w", "1mo") else "other"
    alt = ctx.t("alt_timeline", every=ctx.t(f"every_{every}"),
                names=", ".join(ctx.name(c) for c in tl.get_column("container_id").unique(
                    maintain_order=True).to_list()))
    # One row per group or page: its latest period against the one before.
    counts = ("posts", "interactions", "active_members")
    last_two = tl.sort("period_start").group_by("container_id", maintain_order=True).tail(2)
    latest = _with_names(ctx, last_two.group_by("container_id").agg(
        pl.col("period_start").last(),
        *(pl.col(c).last().alias(c) for c in counts),
        *(pl.when(pl.len() > 1).then(pl.col(c).first()).alias(f"{c}_before")
          for c in counts),
    )).sort("name")
    return Section("activity", ctx.t("activity"), _join(
        figure(plot.plot_timeline(tl, names=ctx.names, lang=ctx.lang), alt),
        _h3(ctx.t(f"latest_{every}")),
        table(latest, [
            Col("name", ctx.t("col_name")), Col("period_start", ctx.t("col_period"), "date"),
            Col("posts", ctx.t("col_posts"), "int"),
            Col("posts_before", ctx.t("col_before", m=ctx.t("col_posts")), "int"),
            Col("interactions", ctx.t("col_interactions"), "int"),
            Col("interactions_before", ctx.t("col_before", m=ctx.t("col_interactions")),
                "int"),
            Col("active_members", ctx.t("col_active"), "int"),
            Col("active_members_before", ctx.t("col_before", m=ctx.t("col_active")), "int"),
        ], ctx.lang, key="latest", note=ctx.t("activity_note"), tz=ctx.tz),
    ))


def best_posts(ctx: Context) -> Section | None:
    """The posts with the most interactions; text only of the organisation's own posts."""
    if not ctx.posts.height:
        return None
    best = (
        ctx.posts.sort("interactions", "post_id", descending=[True, False]).head(ctx.top)
        .join(ctx.ds.posts.select("container_id", "post_id", "message"),
              on=["container_id", "post_id"], how="left")
    )
    cells = []
    # A handful of finished rows: each becomes one escaped HTML cell.
    for row in best.iter_rows(named=True):
        kind = str(row["post_type"]) if row["post_type"] is not None else "other"
        fmt = label(f"format_{kind}", ctx.lang) if kind in _FORMAT_KEYS else kind
        who = ("by_hidden" if row["author_id"] is None
               else "by_org" if row["is_organization"] else "by_resident")
        head = " · ".join([fmt_date(row["created_at"], ctx.lang, ctx.tz),
                           ctx.name(row["container_id"]), fmt, ctx.t(who)])
        text = _excerpt(row["message"]) if row["is_organization"] else ""
        cells.append(f'<span class="meta">{html.escape(head)}</span>'
                     + (f"<br>{html.escape(text)}" if text else ""))
    frame = best.with_columns(pl.Series("post", cells, dtype=pl.String))
    return Section("best", ctx.t("best"), _join(table(frame, [
        Col("post", ctx.t("col_post"), "html"),
        Col("interactions", ctx.t("col_interactions"), "int"),
        Col("comments", ctx.t("col_comments"), "int"),
    ], ctx.lang, key="best", note=ctx.t("best_note", n=best.height))))


_FORMAT_KEYS = {"status", "photo", "video", "live", "external_video", "link", "event", "poll",
                "share", "other"}


def _hour_range(ctx: Context, weekday: int, hour: int) -> str:
    return ctx.t("hour_range", d=label(f"weekday_short_{weekday}", ctx.lang), a=hour,
                 b=hour + 1)


def timing(ctx: Context) -> Section | None:
    """When to post: the weekday-by-hour grid, and per group or page its best hour."""
    if not ctx.posts.height:
        return None
    n = ctx.min_posts
    body: list[Markup | str] = [
        figure(plot.plot_heatmap(ctx.heatmap, min_posts=n, lang=ctx.lang),
               ctx.t("alt_heatmap", n=n)),
    ]
    if _several(ctx):
        best = (
            ctx.heatmap_per_container
            .filter((pl.col("posts") >= n) & pl.col("median").is_not_null())
            .sort("median", "posts", descending=True)
            .group_by("container_id", maintain_order=True).first()
        )
        if best.height:
            whens = [_hour_range(ctx, d, h) for d, h in best.select("weekday", "hour").rows()]
            frame = _with_names(ctx, best).with_columns(
                pl.Series("when", whens, dtype=pl.String)).sort("name")
            body.append(table(frame, [
                Col("name", ctx.t("col_name")), Col("when", ctx.t("col_best_time")),
                Col("median", ctx.t("col_median_interactions"), "int"),
                Col("posts", ctx.t("col_posts"), "int"),
            ], ctx.lang, key="timing", note=ctx.t("timing_note", n=n)))
    else:
        body.append(paragraph(ctx.t("timing_note", n=n), "note"))
    return Section("timing", ctx.t("timing"), _join(*body))


def _format_names(ctx: Context, frame: pl.DataFrame) -> pl.DataFrame:
    names = {k: label(f"format_{k}", ctx.lang) for k in _FORMAT_KEYS}
    return frame.with_columns(pl.col("format").cast(pl.String).replace_strict(
        names, default=pl.col("format").cast(pl.String)).alias("format_name"))


def formats(ctx: Context) -> Section | None:
    """Which formats work: the median interactions per post of each format."""
    perf = ctx.formats
    if not perf.height or "format" not in perf.columns:
        return None
    perf = _format_names(ctx, perf)
    shown = perf.filter(pl.col("posts") >= ctx.min_posts).sort(
        "interactions_median", descending=True)
    best = shown.item(0, "format_name") if shown.height else ctx.t("unknown")
    body: list[Markup | str] = [
        figure(plot.plot_content_performance(perf, lang=ctx.lang),
               ctx.t("alt_formats", best=best)),
        table(perf, [
            Col("format_name", ctx.t("col_format")), Col("posts", ctx.t("col_posts"), "int"),
            Col("interactions_median", ctx.t("col_median_interactions"), "num1"),
            Col("interactions_mean", ctx.t("col_mean_interactions"), "num1"),
            Col("engagement_rate_median", ctx.t("col_rate"), "pct"),
        ], ctx.lang, key="formats", note=ctx.t("formats_note")),
    ]
    if _several(ctx):
        per = (
            _format_names(ctx, ctx.formats_per_container)
            .filter((pl.col("posts") >= ctx.min_posts)
                    & pl.col("interactions_median").is_not_null())
            .sort("interactions_median", "posts", descending=True)
            .group_by("container_id", maintain_order=True).first()
        )
        if per.height:
            body.append(table(_with_names(ctx, per).sort("name"), [
                Col("name", ctx.t("col_name")), Col("format_name", ctx.t("col_best_format")),
                Col("interactions_median", ctx.t("col_median_interactions"), "num1"),
                Col("posts", ctx.t("col_posts"), "int"),
            ], ctx.lang, key="formats-per"))
    return Section("formats", ctx.t("formats"), _join(*body))


def conversation(ctx: Context) -> Section | None:
    """Conversation or broadcast: comments, residents talking, the organisation joining in."""
    conv = ctx.conversation.filter(pl.col("posts") > 0)
    if not conv.height:
        return None
    return Section("conversation", ctx.t("conversation"), _join(table(
        _with_names(ctx, conv).sort("name"), [
            Col("name", ctx.t("col_name")), Col("posts", ctx.t("col_posts"), "int"),
            Col("share_commented", ctx.t("col_commented"), "pct"),
            Col("share_member_exchange", ctx.t("col_exchange"), "pct"),
            Col("org_dialogue_ratio", ctx.t("col_dialogue"), "pct"),
        ], ctx.lang, key="conversation", note=ctx.t("conversation_note"))))


def questions(ctx: Context) -> Section | None:
    """Residents' questions: answered within 24 hours (and office hours), still open."""
    conv = ctx.conversation.filter(pl.col("questions") > 0)
    if not conv.height:
        return None
    known = pl.col("container_id").is_in(ctx.known_ids())
    conv = conv.with_columns(
        pl.when(known).then((pl.col("unanswered") * pl.col("questions")).round())
        .cast(pl.Int64).alias("open"),
        *(pl.when(known).then(pl.col(c)).alias(c) for c in (
            "answered_24h", "answered_24h_office", "org_response_minutes_median")))
    body: list[Markup | str] = []
    if not ctx.org_known:
        body.append(paragraph(ctx.t("questions_unknown"), "warning"))
    if ctx.known_ids() and ctx.responses.get_column("response_minutes").drop_nulls().len():
        body.append(figure(plot.plot_response_times(ctx.responses, lang=ctx.lang),
                           ctx.t("alt_response")))
    body.append(table(_with_names(ctx, conv).sort("name"), [
        Col("name", ctx.t("col_name")), Col("questions", ctx.t("col_questions"), "int"),
        Col("answered_24h", ctx.t("col_24h"), "pct"),
        Col("answered_24h_office", ctx.t("col_24h_office"), "pct"),
        Col("org_response_minutes_median", ctx.t("col_response"), "minutes"),
        Col("open", ctx.t("col_open"), "int"),
    ], ctx.lang, key="questions", note=ctx.t("questions_note")))
    if ctx.show_names and ctx.known_ids() and ctx.open_questions.height:
        people = ctx.ds.members.select(pl.col("member_id").alias("author_id"),
                                       pl.col("name").alias("who")).unique("author_id")
        rows = (ctx.open_questions.sort("created_at", descending=True).head(50)
                .join(people, on="author_id", how="left"))
        rows = _with_names(ctx, rows).with_columns(
            pl.col("who").fill_null(pl.col("author_id")),
            pl.col("message").map_elements(_excerpt, return_dtype=pl.String))
        body += [_h3(ctx.t("open_list")), table(rows, [
            Col("created_at", ctx.t("col_date"), "date"), Col("name", ctx.t("col_name")),
            Col("who", ctx.t("col_who")), Col("message", ctx.t("col_question")),
        ], ctx.lang, key="open", tz=ctx.tz)]
    return Section("questions", ctx.t("questions"), _join(*body))


def themes(ctx: Context) -> Section | None:
    """Topics: posts per theme and month, and per group or page its main and missing ones."""
    cov = ctx.themes
    if not cov.height or not cov.get_column("posts").sum():
        return None
    body: list[Markup | str] = [
        figure(plot.plot_theme_coverage(cov, lang=ctx.lang), ctx.t("alt_themes")),
    ]
    if _several(ctx):
        per = ctx.themes_per_container.group_by("container_id", "theme").agg(
            pl.col("posts").sum())
        rows = []
        for (cid,), part in per.sort("posts", "theme", descending=[True, False]).group_by(
                "container_id", maintain_order=True):
            if not part.get_column("posts").sum():
                continue
            top, top_n = part.row(0)[1:]
            quiet = sorted(theme_label(t, ctx.lang) for t in part.filter(
                pl.col("posts") == 0).get_column("theme").to_list())
            rows.append({"name": ctx.name(cid),
                         "top": f"{theme_label(top, ctx.lang)} ({fmt_num(top_n, ctx.lang)})",
                         "quiet": ", ".join(quiet) or "–"})
        if rows:
            body.append(table(pl.DataFrame(rows).sort("name"), [
                Col("name", ctx.t("col_name")), Col("top", ctx.t("col_top_theme")),
                Col("quiet", ctx.t("col_quiet_themes")),
            ], ctx.lang, key="themes", note=ctx.t("themes_note")))
    return Section("themes", ctx.t("themes"), _join(*body))


def reach(ctx: Context) -> Section | None:
    """Reach: the groups' growth against the threshold, and group posts against page posts."""
    if not ctx.groups:
        return None
    t = ctx.model.threshold
    body: list[Markup | str] = [paragraph(ctx.t("reach_note", t=t), "note")]
    sized = ctx.reach.filter(pl.col("members_at_post").is_not_null())
    if sized.height:
        names = ", ".join(ctx.name(c) for c in sized.get_column("container_id").unique(
            maintain_order=True).to_list())
        body.append(figure(plot.plot_group_growth(ctx.reach, names=ctx.names, threshold=t,
                                                  lang=ctx.lang),
                           ctx.t("alt_growth", t=t, names=names)))
    cmp = ctx.comparison
    if cmp is not None:
        body.append(figure(plot.plot_reach_comparison(cmp, lang=ctx.lang),
                           ctx.t("alt_compare")))
        sources = (
            cmp.per_post.group_by("container_id")
            .agg(pl.col("reach_source").cast(pl.String).unique().sort().str.join(",")
                 .alias("src"))
        )
        names_of = {"modelled": ctx.t("source_modelled"), "observed": ctx.t("source_observed"),
                    "estimated": ctx.t("source_estimated")}
        src = {cid: names_of.get(s, ctx.t("source_mixed")) for cid, s in sources.rows()}
        frame = _with_names(ctx, cmp.summary).with_columns(
            pl.col("container_id").replace_strict(src, default=None).alias("source"))
        body.append(table(frame, [
            Col("name", ctx.t("col_name")), Col("posts", ctx.t("col_posts"), "int"),
            Col("reach_per_post_median", ctx.t("col_reach_median"), "int"),
            Col("source", ctx.t("col_source")),
            Col("interactions_per_100_reached", ctx.t("col_per100"), "num1"),
        ], ctx.lang, key="reach"))
    return Section("reach", ctx.t("reach"), _join(*body))


def people(ctx: Context) -> Section | None:
    """Who talks with whom: inequality of participation and the connectors."""
    if not ctx.activity.height:
        return None
    ineq = ctx.inequality.filter(pl.col("gini").is_not_null())
    body: list[Markup | str] = [
        figure(plot.plot_participation(ctx.activity, inequality=ctx.inequality,
                                       names=ctx.names, lang=ctx.lang),
               ctx.t("alt_lorenz", names=", ".join(
                   ctx.name(c) for c in ineq.get_column("container_id").to_list()))),
        table(_with_names(ctx, ineq).sort("name"), [
            Col("name", ctx.t("col_name")), Col("members", ctx.t("col_members"), "int"),
            Col("gini", ctx.t("col_gini"), "num2"), Col("top10_share", ctx.t("col_top10"), "pct"),
            Col("lurkers", ctx.t("col_lurkers"), "pct"),
        ], ctx.lang, key="people", note=ctx.t("people_note")),
    ]
    g = ctx.graph
    if g.number_of_edges():
        body.append(paragraph(ctx.t("network", nodes=fmt_num(g.number_of_nodes(), ctx.lang),
                                    edges=fmt_num(g.number_of_edges(), ctx.lang))))
        cent = ctx.centrality.sort("pagerank", "member_id", descending=[True, False]).head(
            ctx.top).with_row_index("rank", offset=1)
        if ctx.show_names:
            people_names = dict(ctx.ds.members.select("member_id", "name").drop_nulls().unique(
                "member_id").rows())
            who = [str(people_names.get(m, m)) for m in cent.get_column("member_id").to_list()]
        else:
            who = [ctx.t("member", n=r) for r in cent.get_column("rank").to_list()]
        who = [ctx.t("by_org") if org else w
               for w, org in zip(who, cent.get_column("is_organization").to_list(), strict=True)]
        yes, no = ctx.t("yes"), ctx.t("no")
        frame = cent.with_columns(
            pl.Series("who", who, dtype=pl.String),
            pl.when(pl.col("is_articulation")).then(pl.lit(yes)).otherwise(pl.lit(no))
            .alias("bridge"))
        body += [_h3(ctx.t("connectors")), table(frame, [
            Col("who", ctx.t("col_who")), Col("out_degree", ctx.t("col_responds"), "int"),
            Col("in_degree", ctx.t("col_gets"), "int"), Col("bridge", ctx.t("col_bridge")),
        ], ctx.lang, key="connectors", note=ctx.t("connectors_note"))]
    return Section("people", ctx.t("people"), _join(*body))
