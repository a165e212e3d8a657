"""The HTML report: one self-contained page for the newsroom, composed of analyses.

The report only composes the public analyses and plots; it computes nothing of its own
beyond choosing rows to show. It is private by default: residents appear only as
counts, roles and anonymous ranks ("lid 1"), never by name or text; organisation posts
are shown with a short excerpt, since they are the organisation's own words.
"""

from __future__ import annotations

import base64
import html
import io
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from groepsinzicht._measures._organisation import warn_unknown_organization
from groepsinzicht._util import DEFAULT_TZ, label
from groepsinzicht._version import __version__
from groepsinzicht.dialogue import conversation, open_questions, question_responses
from groepsinzicht.engagement import (
    content_performance,
    member_activity,
    participation_inequality,
    post_engagement,
    posting_heatmap,
    timeline,
)
from groepsinzicht.errors import DataQualityWarning, InternalError
from groepsinzicht.graph import graph_metrics, interaction_graph, member_centrality
from groepsinzicht.reach import NotificationModel, compare_reach, notification_reach
from groepsinzicht.themes import theme_coverage

if TYPE_CHECKING:
    from os import PathLike

    from matplotlib.axes import Axes

    from groepsinzicht._util import Lang
    from groepsinzicht.dataset import Dataset

__all__ = ["Report", "report"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:1100px;color:#222;line-height:1.45;padding:0 1rem}
h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #1b9e77;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:right}
th{background:#f3f6f5}td:first-child,th:first-child{text-align:left}
td.t{text-align:left}img{max-width:100%;height:auto}.note{color:#555;font-size:.9rem}
.meta{color:#555}
"""


def _t(key: str, lang: Lang) -> str:
    return label(f"report_{key}", lang)


@dataclass(frozen=True)
class Report:
    """A rendered report.

    Attributes
    ----------
    html
        The self-contained HTML page (figures embedded as PNG).
    sections
        The titles of the sections, in order.
    path
        Where it was saved, if it was.
    """

    html: str
    sections: tuple[str, ...]
    path: Path | None = None

    def save(self, path: str | PathLike[str]) -> Path:
        """Write the HTML page to ``path`` and return the path.

        Examples
        --------
        >>> import groepsinzicht as gi, tempfile, pathlib
        >>> r = gi.report(gi.load_sample())
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     p = r.save(pathlib.Path(tmp) / "r.html")
        ...     p.stat().st_size > 10_000
        True
        """
        out = Path(path)
        out.write_text(self.html, encoding="utf-8")
        return out

    def __repr__(self) -> str:
        where = f", saved to {self.path}" if self.path else ""
        return f"<Report: {len(self.sections)} sections, {len(self.html) // 1024} KiB{where}>"

    def _repr_html_(self) -> str:
        return self.html


def _png(ax: Axes) -> str:
    buf = io.BytesIO()
    fig = ax.get_figure(root=True)
    if fig is None:
        raise InternalError("report: a plot without its figure")
    fig.savefig(buf, format="png", dpi=110)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="" src="data:image/png;base64,{data}">'


def _table(df: pl.DataFrame, *, max_rows: int = 30) -> str:
    """A frame as an HTML table: numbers rounded, text escaped."""
    df = df.head(max_rows)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in df.columns)
    rows = []
    for row in df.iter_rows():  # a few rows of a finished result, not row data
        cells = "".join(
            # Text reads from the left, numbers line up on the right.
            f'<td class="t">{html.escape(v)}</td>' if isinstance(v, str)
            else f"<td>{html.escape(_fmt(v))}</td>"
            for v in row
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.2f}" if abs(v) < 1000 else f"{v:,.0f}"
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    return str(v)


def _section(title: str, *parts: str) -> str:
    return f"<section><h2>{html.escape(title)}</h2>{''.join(parts)}</section>"


def _excerpt(expr: pl.Expr, n: int = 80) -> pl.Expr:
    return (
        pl.when(expr.str.len_chars() > n)
        .then(expr.str.slice(0, n - 1) + "…")
        .otherwise(expr)
    )


def _names(ds: Dataset) -> pl.DataFrame:
    return ds.containers.select("container_id", pl.col("name").fill_null(pl.col("container_id")))


def report(
    ds: Dataset,
    *,
    page: Dataset | None = None,
    path: str | PathLike[str] | None = None,
    lang: Lang = "nl",
    tz: str = DEFAULT_TZ,
    every: str = "1w",
    since: datetime | None = None,
    until: datetime | None = None,
    last_days: int | None = None,
    model: NotificationModel | None = None,
    top: int = 10,
    title: str | None = None,
) -> Report:
    """Compose the newsroom report: activity, best posts, formats, conversation, reach, people.

    Parameters
    ----------
    ds
        The dataset (groups, pages or both).
    page
        A separate dataset with the corporate page, for the group-versus-page comparison;
        by default the pages in ``ds`` are used.
    path
        Save the HTML page here as well.
    lang
        ``"nl"`` or ``"en"``.
    tz
        Time zone for days, weeks and hours.
    every
        Period of the activity timeline (``"1d"`` for a daily report, ``"1w"`` weekly).
    since, until
        Only posts in this window (their threads included); sizes still use the whole
        history.
    last_days
        Only the last N days up to the latest post (overrides ``since``).
    model
        Notification-reach assumptions (default :class:`~groepsinzicht.NotificationModel`).
    top
        How many posts and connectors to list.
    title
        The page title.

    Returns
    -------
    Report

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> r = gi.report(gi.load_sample(), lang="en", every="1mo")
    >>> r.sections[:2]
    ('What the data hold', 'Activity over time')
    """
    from groepsinzicht import plot

    model = model or NotificationModel()
    if last_days is not None:
        _, last = ds.period()
        if last is not None:
            since = last - timedelta(days=last_days)
    if since is not None or until is not None:
        ds = ds.filter(since=since, until=until)
        if page is not None:
            page = page.filter(since=since, until=until)
    first, last = ds.period()
    names = _names(ds)
    parts: list[str] = []
    titles: list[str] = []

    def add(key: str, *body: str) -> None:
        titles.append(_t(key, lang))
        parts.append(_section(_t(key, lang), *body))

    # -- what the data hold
    s = ds.summary()
    add("data", _table(s.tables.drop("name").join(names, on="container_id").select(
        "name", pl.exclude("name"))),
        _table(s.completeness.join(names, on="container_id").select(
            "name", pl.exclude("name", "container_id"))),
        f'<p class="note">{html.escape(_t("privacy", lang))}</p>')

    if ds.posts.height == 0:
        add("activity", f"<p>{_t('none', lang)}</p>")
        return _finish(parts, titles, title or _t("title", lang), first, last, lang, path,
                       model)

    # -- activity over time
    tl = timeline(ds, every=every, tz=tz)
    latest = (
        tl.sort("period_start")
        .group_by("container_id", maintain_order=True)
        .tail(2)
        .join(names, on="container_id")
        .select("name", "period_start", "posts", "comments", "reactions", "interactions",
                "active_members", "new_members", "members")
    )
    labels = dict(names.iter_rows())
    add("activity", _png(plot.plot_timeline(tl, names=labels, lang=lang)),
        f"<h3>{_t('latest', lang)}</h3>", _table(latest))

    # -- best posts (organisation texts only)
    pe = post_engagement(ds, tz=tz)
    best = (
        pe.sort("interactions", descending=True)
        .head(top)
        .join(ds.posts.select("container_id", "post_id", "message"),
              on=["container_id", "post_id"], how="left")
        .join(names, on="container_id", how="left")
        .select(
            "name", "created_at", pl.col("post_type").cast(pl.String), "interactions",
            "reactions", "comments", "shares",
            pl.when(pl.col("author_id").is_null()).then(pl.lit(_t("hidden", lang)))
            .when(pl.col("is_organization")).then(pl.lit(_t("org", lang)))
            .otherwise(pl.lit(_t("resident", lang))).alias("author"),
            pl.when(pl.col("is_organization"))
            .then(_excerpt(pl.col("message").fill_null("")))
            .otherwise(pl.lit("")).alias("message"),
        )
    )
    add("best", _table(best))

    # -- when and what
    add("when", _png(plot.plot_heatmap(posting_heatmap(ds, tz=tz), lang=lang)))
    perf = content_performance(ds)
    add("formats", _png(plot.plot_content_performance(perf, lang=lang)), _table(perf))

    # -- conversation and questions
    # One warning for the report where the organisation is unknown (not one per call);
    # the measures that depend on it are null there.
    warn_unknown_organization(ds, None, "report", stacklevel=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        conv = conversation(ds)
        responses = question_responses(ds)
        open_q = open_questions(ds).group_by("container_id").agg(
            pl.len().alias(_t("open", lang)))
    q_parts = [_table(conv.join(names, on="container_id").select(
        "name", pl.exclude("name", "container_id")))]
    if responses.height:
        q_parts += [f"<h3>{_t('questions', lang)}</h3>",
                    _png(plot.plot_response_times(responses, lang=lang)),
                    _table(open_q.join(names, on="container_id").select(
                        "name", pl.exclude("name", "container_id")))]
    add("conversation", *q_parts)

    # -- themes
    coverage = theme_coverage(ds, tz=tz)
    if coverage.height:
        add("themes", _png(plot.plot_theme_coverage(coverage, lang=lang)))

    # -- reach
    groups = ds.containers.filter(pl.col("kind") == "group").height
    pages = (page or ds).containers.filter(pl.col("kind") == "page").height
    if groups:
        with warnings.catch_warnings():
            # A missing join-date history is stated in the model note, not as a warning.
            warnings.simplefilter("ignore", DataQualityWarning)
            nr = notification_reach(ds, model)
        reach_parts = [f'<p class="note">{html.escape(_t("reach_note", lang))}</p>',
                       _png(plot.plot_group_growth(nr, threshold=model.threshold, lang=lang))]
        if pages:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DataQualityWarning)
                cmp = compare_reach(ds, page or ds, model)
            reach_parts += [_png(plot.plot_reach_comparison(cmp, lang=lang)),
                            _table(cmp.summary.drop("container_id"))]
        add("reach", *reach_parts)

    # -- people
    activity = member_activity(ds, tz=tz)
    ineq = participation_inequality(ds)
    g = interaction_graph(ds)
    people = [_png(plot.plot_participation(activity, inequality=ineq, lang=lang)),
              _table(ineq.join(names, on="container_id").select(
                  "name", pl.exclude("name", "container_id")))]
    if g.number_of_edges():
        metrics = graph_metrics(g)
        cent = member_centrality(g).sort("pagerank", descending=True).head(top)
        member = _t("member", lang)
        anon = cent.with_row_index("rank", offset=1).select(
            pl.when(pl.col("is_organization")).then(pl.lit(_t("org", lang)))
            .otherwise(pl.lit(f"{member} ") + pl.col("rank").cast(pl.String))
            .alias(member),
            "in_degree", "out_degree", "pagerank", "betweenness", "community",
            "is_articulation",
        )
        people += [_table(metrics), f"<h3>{_t('connectors', lang)}</h3>", _table(anon)]
    add("people", *people)
    return _finish(parts, titles, title or _t("title", lang), first, last, lang, path, model)


def _finish(
    parts: list[str],
    titles: list[str],
    title: str,
    first: datetime | None,
    last: datetime | None,
    lang: Lang,
    path: str | PathLike[str] | None,
    model: NotificationModel,
) -> Report:
    titles.append(_t("assumptions", lang))
    parts.append(_section(_t("assumptions", lang), f"<pre>{html.escape(repr(model))}</pre>"))
    span = "–" if first is None or last is None else f"{first:%Y-%m-%d} – {last:%Y-%m-%d}"
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f'<p class="meta">{_t("period", lang)}: {span} · {_t("made", lang)}: {made} · '
        f"groepsinzicht {__version__}</p>"
        + "".join(parts)
        + "</body></html>"
    )
    rep = Report(html=page, sections=tuple(titles))
    if path is not None:
        rep = Report(html=page, sections=tuple(titles), path=rep.save(path))
    return rep
