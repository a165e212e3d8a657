"""The HTML report: one self-contained page for the newsroom, composed of analyses.

The report composes the public analyses and plots, one small function per section
(:data:`SECTIONS`), and :func:`assemble` puts them on the page from a jinja2 template
with one stylesheet (package data). It is private by default: residents appear only as
counts, roles and anonymous ranks ("lid 1"), never by name or text; organisation posts
are shown with a short excerpt, since they are the organisation's own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from groepsinzicht._measures._organisation import warn_unknown_organization
from groepsinzicht._util import DEFAULT_TZ, check_lang, check_tz, check_whole, label
from groepsinzicht.errors import ParameterTypeError, shorten
from groepsinzicht.reach import NotificationModel
from groepsinzicht.reporting._appendix import assumptions, calibration, data_quality, methods
from groepsinzicht.reporting._context import Context
from groepsinzicht.reporting._digest import digest
from groepsinzicht.reporting._findings import key_findings
from groepsinzicht.reporting._format import fmt_date
from groepsinzicht.reporting._sections import (
    activity,
    best_posts,
    conversation,
    formats,
    overview,
    people,
    questions,
    reach,
    themes,
    timing,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from os import PathLike

    from groepsinzicht._util import Lang
    from groepsinzicht.dataset import Dataset
    from groepsinzicht.reporting._render import Section

__all__ = ["SECTIONS", "Report", "assemble", "digest", "report"]

#: The sections in page order: each a function of the context returning a
#: :class:`Section` or None (left out). Key findings come first.
SECTIONS: tuple[Callable[[Context], Section | None], ...] = (
    key_findings,
    overview,
    activity,
    best_posts,
    timing,
    formats,
    conversation,
    questions,
    themes,
    reach,
    people,
    calibration,
    data_quality,
    assumptions,
    methods,
)


@dataclass(frozen=True)
class Report:
    """A rendered report.

    Attributes
    ----------
    html
        The self-contained HTML page (figures embedded as PNG, one stylesheet).
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


def _stylesheet() -> str:
    return (resources.files("groepsinzicht.reporting") / "templates" / "report.css").read_text(
        encoding="utf-8")


def assemble(ctx: Context, sections: list[Section], title: str) -> str:
    """Put the sections on the page (the jinja2 template, the one stylesheet).

    Parameters
    ----------
    ctx
        The report's context (language, period, time zone).
    sections
        The sections, in order.
    title
        The page title.

    Returns
    -------
    str
        The HTML page.
    """
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("groepsinzicht.reporting", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    first, last = ctx.period
    period = ("–" if first is None or last is None
              else f"{fmt_date(first, ctx.lang, ctx.tz)} – {fmt_date(last, ctx.lang, ctx.tz)}")
    return env.get_template("report.html.j2").render(
        lang=ctx.lang, title=title, css=Markup(_stylesheet()), sections=sections,
        period_label=ctx.t("period"), period=period, made_label=ctx.t("made"),
        made=fmt_date(datetime.now(UTC), ctx.lang, ctx.tz),
        contents_label=ctx.t("contents"),
    )


def _check(
    every: str, top: int, last_days: int | None, model: object, show_names: object,
) -> None:
    if not isinstance(every, str):
        raise ParameterTypeError(f"every: expected a duration such as '1w', got "
                                 f"{shorten(every)}")
    check_whole("top", top)
    if last_days is not None:
        check_whole("last_days", last_days)
    if model is not None and not isinstance(model, NotificationModel):
        raise ParameterTypeError(f"model: expected a NotificationModel, got {shorten(model)}")
    if not isinstance(show_names, bool):
        raise ParameterTypeError(f"show_names: expected True or False, got "
                                 f"{shorten(show_names)}")


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
    show_names: bool = False,
    seen_by: Any = None,
) -> Report:
    """Compose the newsroom report: key findings first, then the evidence, then the method.

    Sections: key findings, what the data hold, activity, best posts, when to post,
    formats, conversation, residents' questions, topics, reach (group versus page),
    who talks with whom, data quality, assumptions and methods; a section with nothing
    behind it is left out.

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
        ``"nl"`` (a wholly Dutch page) or ``"en"`` (wholly English).
    tz
        Time zone for days, weeks, hours and the dates written.
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
    show_names
        Show members' names in the connectors table and the open questions with their
        texts (an internal webcare list). Off by default: the report stays private.
    seen_by
        Seen-by counts of group posts, for the check of the reach model (calibration);
        None leaves that section out.

    Returns
    -------
    Report

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> r = gi.report(gi.load_sample(), lang="en", every="1mo")
    >>> r.sections[:3]
    ('Key findings', 'What the data hold', 'Activity over time')
    """
    lang = check_lang(lang)
    check_tz(tz)
    _check(every, top, last_days, model, show_names)
    model = model or NotificationModel()
    if last_days is not None:
        _, last = ds.period()
        if last is not None:
            since = last - timedelta(days=last_days)
    if since is not None or until is not None:
        ds = ds.filter(since=since, until=until)
        if page is not None:
            page = page.filter(since=since, until=until)
    # One warning for the whole report where the organisation is unknown (not one per
    # analysis); the report says it in its data-quality section too.
    warn_unknown_organization(ds, None, "report", stacklevel=3)
    ctx = Context(ds=ds, page=page, lang=lang, tz=tz, every=every, model=model, top=top,
                  show_names=show_names, seen_by=seen_by)
    if ds.posts.height:
        # Validate the period before drawing anything (a bad one is the caller's error).
        _ = ctx.timeline
    built = [s for s in (fn(ctx) for fn in SECTIONS) if s is not None]
    page_html = assemble(ctx, built, title or label("report_title", lang))
    rep = Report(html=page_html, sections=tuple(s.title for s in built))
    if path is not None:
        rep = Report(html=page_html, sections=rep.sections, path=rep.save(path))
    return rep
