"""The newsroom digest: a short Markdown summary of one day or one week."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import polars as pl

from groepsinzicht._measures._organisation import warn_unknown_organization
from groepsinzicht._util import DEFAULT_TZ, check_lang, check_tz, check_whole, label
from groepsinzicht.dialogue import question_responses
from groepsinzicht.engagement import post_engagement
from groepsinzicht.errors import DataQualityWarning, ParameterError, ParameterTypeError, shorten
from groepsinzicht.reporting._format import fmt_date, fmt_num

if TYPE_CHECKING:
    from groepsinzicht._util import Lang
    from groepsinzicht.dataset import Dataset

__all__ = ["digest"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _excerpt(text: str | None, n: int = 100) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _day_of(day: date | datetime | str | None) -> date | None:
    if day is None or isinstance(day, datetime | date):
        return day.date() if isinstance(day, datetime) else day
    if isinstance(day, str):
        try:
            return date.fromisoformat(day)
        except ValueError:
            raise ParameterError(f"day: expected a date like 2024-06-17, got "
                                 f"{shorten(day)}") from None
    raise ParameterTypeError(f"day: expected a date, got {shorten(day)}")


def digest(
    ds: Dataset,
    *,
    day: date | datetime | str | None = None,
    every: str = "1d",
    tz: str = DEFAULT_TZ,
    lang: Lang = "nl",
    top: int = 5,
    show_names: bool = False,
) -> str:
    """A short Markdown digest of one day or one week for the newsroom.

    What happened (posts, comments, reactions against the period before), the top
    posts (the organisation's with an excerpt of their text, residents' as counts only)
    and residents' questions from the period that are still open (counts per group or
    page; their authors and texts only with ``show_names=True``).

    Parameters
    ----------
    ds
        The dataset.
    day
        A day in the period (a date, a datetime or ``"YYYY-MM-DD"``); None: the last
        day with a post, in local time.
    every
        ``"1d"``: that day; ``"1w"``: the ISO week (Monday to Sunday, local time) that
        contains it.
    tz
        Time zone of days and weeks.
    lang
        ``"nl"`` or ``"en"``.
    top
        How many posts to list.
    show_names
        List the open questions with their authors' names and texts (internal use).

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> text = gi.digest(gi.load_sample(), day="2024-06-17", lang="en")
    >>> text.splitlines()[0]
    '# Daily digest 17 Jun 2024'
    >>> "## What happened" in text
    True
    """
    lang = check_lang(lang)
    check_tz(tz)
    if every not in ("1d", "1w"):
        raise ParameterError(f"every: expected '1d' or '1w', got {shorten(every)}")
    check_whole("top", top)
    if not isinstance(show_names, bool):
        raise ParameterTypeError(f"show_names: expected True or False, got "
                                 f"{shorten(show_names)}")
    chosen = _day_of(day)
    zone = ZoneInfo(tz)
    if chosen is None:
        last = ds.posts.get_column("created_at").max()
        if not isinstance(last, datetime):
            return f"# {label('report_d_no_data', lang)}\n"
        chosen = last.astimezone(zone).date()
    if every == "1w":
        chosen -= timedelta(days=chosen.weekday())
    span = timedelta(days=7 if every == "1w" else 1)
    start, end, before = (
        datetime.combine(d, datetime.min.time(), zone).astimezone(UTC)
        for d in (chosen, chosen + span, chosen - span))
    when = (fmt_date(start, lang, tz) if every == "1d" else
            f"{fmt_date(start, lang, tz)} – {fmt_date(end - timedelta(days=1), lang, tz)}")
    lines = [f"# {label(f'report_d_title_{every}', lang).format(when=when)}", ""]

    def count(frame: pl.DataFrame, lo: datetime, hi: datetime) -> int:
        return frame.filter(pl.col("created_at").is_between(lo, hi, closed="left")).height

    tables = (("report_col_posts", ds.posts), ("report_col_comments", ds.comments),
              ("report_col_reactions", ds.reactions))
    lines += [f"## {label('report_d_happened', lang)}", "",
              f"| | {label(f'report_d_this_{every}', lang)} | "
              f"{label(f'report_d_prev_{every}', lang)} |", "|---|---:|---:|"]
    for key, frame in tables:
        lines.append(f"| {label(key, lang)} | {fmt_num(count(frame, start, end), lang)} | "
                     f"{fmt_num(count(frame, before, start), lang)} |")
    lines.append("")

    # One warning for the digest where the organisation is unknown.
    warn_unknown_organization(ds, None, "digest", stacklevel=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        window = ds.filter(since=start, until=end)
        posts = post_engagement(window, tz=tz)
        responses = question_responses(window, tz=tz) if window.posts.height else None
    names = dict(ds.containers.select(
        "container_id", pl.col("name").fill_null(pl.col("container_id"))).rows())
    lines += [f"## {label('report_d_top', lang)}", ""]
    best = (posts.filter(pl.col("created_at").is_between(start, end, closed="left"))
            .sort("interactions", "post_id", descending=[True, False]).head(top)
            .join(ds.posts.select("container_id", "post_id", "message"),
                  on=["container_id", "post_id"], how="left"))
    if not best.height:
        lines.append(label("report_d_no_posts", lang))
    # At most ``top`` finished rows, each one line of Markdown.
    for i, row in enumerate(best.iter_rows(named=True), start=1):
        kind = str(row["post_type"] or "other")
        key = f"format_{kind}"
        fmt = label(key, lang) if key in _known_labels() else kind
        inter = label("report_d_interactions", lang).format(
            n=fmt_num(row["interactions"], lang))
        if row["is_organization"]:
            what = f"“{_md(_excerpt(row['message']))}”" if row["message"] else fmt
        elif row["author_id"] is None:
            what = label("report_d_hidden_post", lang)
        else:
            what = label("report_d_resident_post", lang)
        lines.append(f"{i}. **{_md(names.get(row['container_id'], row['container_id']))}** · "
                     f"{fmt} · {inter} — {what}")
    lines.append("")

    lines += [f"## {label('report_d_open', lang)}", ""]
    asked = (responses.filter(pl.col("created_at").is_between(start, end, closed="left"))
             if responses is not None else None)
    if asked is None or not asked.height:
        lines.append(label("report_d_open_none", lang))
    else:
        per = asked.group_by("container_id").agg(
            pl.len().alias("q"), pl.col("answer_id").is_null().sum().alias("n"),
            pl.col("organization_known").all().alias("known")).sort("container_id")
        for cid, q, n, known in per.select("container_id", "q", "n", "known").rows():
            key = "report_d_open_line" if known else "report_d_open_line_unknown"
            lines.append("- " + label(key, lang).format(
                name=_md(names.get(cid, cid)), n=fmt_num(n, lang), q=fmt_num(q, lang)))
        asked = asked.filter(pl.col("organization_known"))
        if show_names:
            people = dict(ds.members.select("member_id", "name").drop_nulls().unique(
                "member_id").rows())
            lines.append("")
            for row in asked.filter(pl.col("answer_id").is_null()).iter_rows(named=True):
                who = people.get(row["author_id"], row["author_id"]) or "?"
                lines.append(f"- {_md(str(who))}: {_md(_excerpt(row['message'], 200))}")
    lines.append("")
    return "\n".join(lines)


def _known_labels() -> set[str]:
    from groepsinzicht._util import LABELS

    return set(LABELS)
