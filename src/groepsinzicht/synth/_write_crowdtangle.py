"""Write a Dataset as CrowdTangle CSV exports (FORMATS.md §4), with their quirks.

:func:`write_crowdtangle` writes one "search" export per container kind (a page export
with ``Page Name``, a group export with ``Group Name``) as CrowdTangle did: UTF-8 with
a BOM, LF line ends, quoted multi-line messages, ``Post Created`` as
``YYYY-MM-DD HH:MM:SS TZ`` in the dashboard's zone with its abbreviation (``CET`` /
``CEST`` for Europe/Amsterdam; zones whose abbreviation is numeric get ``-03``),
``Total Interactions`` with the locale's thousands separator (``407.137`` in pt-BR,
``1,234`` in en), the weighted-score header tail with its em dash and the score with
the locale's decimal mark (``1,4``). ``layout="legacy"`` writes the header of exports
before April 2021 (``Created``, no page columns).

:func:`project_crowdtangle` is what the CrowdTangle reader gives back from it.

The projection (what a CrowdTangle export can carry)
----------------------------------------------------
- **containers**: those with posts; kind and name kept; ``url`` dropped;
- **posts**: ``post_id`` without a ``{container}_`` prefix (the reader takes the id from
  the post URL, ``https://www.facebook.com/{container}/posts/{id}`` for pages and
  ``…/groups/{container}/permalink/{id}/`` for groups, which becomes ``permalink``);
  ``author_id`` the page for page posts, none for group posts (CrowdTangle never named
  the member); time truncated to the second; an empty message is null; ``post_type``
  kept for photo, status, link, video and live, and ``status`` for the types CrowdTangle
  has no label for (event, poll, share, other); ``link_domain`` recomputed from
  ``link_url``; ``reported_reactions`` the sum of the post's like … care counts
  (``other`` has no column), ``reported_comments`` / ``reported_shares`` the larger
  of reported and observed (0 when unknown), ``views`` 0 when unknown; reach,
  impressions and mentions dropped;
- **reaction_counts**: the posts' like … care counts;
- **audience**: at each post's time (to the second), ``Followers at Posting`` = the
  container's size by the size rule of DESIGN.md, computed from the truth's own join
  dates (:func:`groepsinzicht.synth._rules.size_at`; metric ``members`` for a group,
  ``followers`` for a page) and, for pages, ``Likes at
  Posting`` = the ``page_likes`` value at or before that time (else the earliest
  after);
- **members**: each page as the author of its posts, named after the page;
- no comments, no reaction rows.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

import polars as pl

from groepsinzicht._util import DEFAULT_TZ
from groepsinzicht.dataset import Dataset
from groepsinzicht.synth._rules import interactions, link_domain, size_at

if TYPE_CHECKING:
    from datetime import datetime
    from os import PathLike

__all__ = ["format_thousands", "project_crowdtangle", "write_crowdtangle"]

Locale = Literal["en", "pt-BR", "nl"]
Layout = Literal["2021", "legacy"]

_REACTIONS: Final = ("like", "love", "wow", "haha", "sad", "angry", "care")
_LABELS: Final = {"photo": "Photo", "status": "Status", "link": "Link",
                  "video": "Native Video", "live": "Live Video Complete"}
_YOUTUBE: Final = ("youtube.com",)
#: (thousands separator, decimal mark) per locale.
_SEPARATORS: Final = {"en": (",", "."), "pt-BR": (".", ","), "nl": (".", ",")}
_WEIGHTED: Final = ("Total Interactions (weighted  —  Likes 1x Shares 1x Comments 1x "
                    "Love 1x Wow 1x Haha 1x Sad 1x Angry 1x Care 1x )")


_EMPTY = pl.lit(None, pl.String)


def format_thousands(expr: pl.Expr, sep: str) -> pl.Expr:
    """Integers as text with a thousands separator (``1234567`` → ``1.234.567``).

    Examples
    --------
    >>> pl.select(format_thousands(pl.lit(1234567), ".")).item()
    '1.234.567'
    """
    return (
        expr.cast(pl.Int64).abs().cast(pl.String).str.reverse()
        .str.replace_all(r"(\d{3})", "${1}" + sep.replace("$", "$$"))
        .str.strip_chars_end(sep).str.reverse()
        .pipe(lambda s: pl.when(expr < 0).then("-" + s).otherwise(s))
    )


def _post_id() -> pl.Expr:
    """The post id a CrowdTangle URL carries: without the ``{container}_`` prefix."""
    return (
        pl.when(pl.col("post_id").str.starts_with(pl.col("container_id") + "_"))
        .then(pl.col("post_id").str.slice(pl.col("container_id").str.len_chars() + 1))
        .otherwise(pl.col("post_id"))
    )


def _url(kind: pl.Expr) -> pl.Expr:
    return (
        pl.when(kind == "group")
        .then(pl.format("https://www.facebook.com/groups/{}/permalink/{}/",
                        "container_id", "ct_post_id"))
        .otherwise(pl.format("https://www.facebook.com/{}/posts/{}", "container_id",
                             "ct_post_id"))
    )


def _post_type() -> pl.Expr:
    kept = pl.col("post_type").cast(pl.String)
    return pl.when(kept.is_in(list(_LABELS))).then(kept).otherwise(pl.lit("status"))


def _base(ds: Dataset) -> pl.DataFrame:
    """One row per post with every value both the writer and the projection need."""
    key = ["container_id", "post_id"]
    inter = interactions(ds).select(*key, "comments", "shares")
    per_type = (
        ds.reaction_counts.filter(pl.col("target_kind") == "post")
        .with_columns(pl.col("reaction_type").cast(pl.String))
        .filter(pl.col("reaction_type").is_in(list(_REACTIONS)))
        .pivot(on="reaction_type", index=["container_id", "target_id"], values="count",
               on_columns=list(_REACTIONS))
        .rename({"target_id": "post_id"})
    )
    kinds = ds.containers.select("container_id", pl.col("kind").cast(pl.String),
                                 pl.col("name").alias("page_name"))
    posts = (
        ds.posts.join(kinds, on="container_id", how="left")
        .join(inter, on=key, how="left")
        .join(per_type, on=key, how="left")
        .with_columns(
            pl.col(*_REACTIONS).fill_null(0).cast(pl.Int64),
            pl.col("comments", "shares").fill_null(0),
            pl.col("created_at").dt.truncate("1s").alias("at"),
        )
        .with_columns(_post_id().alias("ct_post_id"))
        .with_columns(_url(pl.col("kind")).alias("url"),
                      _post_type().alias("ct_type"))
    )
    sizes = pl.Series("size", size_at(ds, posts.get_column("container_id").to_list(),
                                      posts.get_column("at").to_list()), dtype=pl.Int64)
    likes = _page_likes(ds, posts.select("container_id", "at"))
    return posts.with_columns(
        sizes.alias("followers_at"),
        pl.when(pl.col("kind") == "page").then(likes).alias("likes_at"),
    )


def _page_likes(ds: Dataset, probe: pl.DataFrame) -> pl.Series:
    """The ``page_likes`` value at or before each time, else the earliest after."""
    series = (ds.audience.filter(pl.col("metric") == "page_likes")
              .select("container_id", "at", "size").sort("at"))
    idx = probe.with_row_index("__i").sort("at")
    back = idx.join_asof(series, on="at", by="container_id", strategy="backward",
                         check_sortedness=False)
    fwd = idx.join_asof(series, on="at", by="container_id", strategy="forward",
                        check_sortedness=False)
    both = back.select("__i", pl.col("size").alias("b")).join(
        fwd.select("__i", pl.col("size").alias("f")), on="__i")
    return both.sort("__i").select(pl.coalesce("b", "f")).to_series().alias("likes_at")


def write_crowdtangle(
    ds: Dataset,
    path: str | PathLike[str],
    *,
    tz: str = DEFAULT_TZ,
    locale: Locale = "pt-BR",
    layout: Layout = "2021",
    format_all_counts: bool = False,
    exported_at: datetime | None = None,
) -> list[Path]:
    """Write ``ds`` as CrowdTangle CSV exports, one per container kind.

    Parameters
    ----------
    ds
        The dataset.
    path
        The folder to write into (created when missing).
    tz
        The dashboard's time zone: ``Post Created`` is written in it, with its
        abbreviation.
    locale
        Number formatting: ``"pt-BR"`` / ``"nl"`` (``407.137``, ``1,4``) or ``"en"``
        (``407,137``, ``1.4``).
    layout
        ``"2021"`` (41 columns, April 2021 on) or ``"legacy"`` (the earlier header).
    format_all_counts
        Also format the per-type counts and audience sizes with thousands separators
        (real exports wrote only ``Total Interactions`` so).
    exported_at
        Time in the file name (default: a day after the last post).

    Returns
    -------
    list of pathlib.Path
        The files written (``YYYY-MM-DD-HH-MM-SS-<TZ>-search-csv-export.csv``).

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl, tempfile
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(kind="page", posts=pl.DataFrame({
    ...     "container_id": ["5"], "post_id": ["5_1"], "reported_comments": [2],
    ...     "created_at": [datetime(2024, 5, 1, 12, tzinfo=timezone.utc)]}))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = write_crowdtangle(ds, tmp)
    ...     text = files[0].read_text(encoding="utf-8-sig")
    >>> text.splitlines()[1].split(",")[9]
    '2024-05-01 14:00:00 CEST'
    """
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    base = _base(ds)
    if base.height == 0:
        return []
    thousands, decimal = _SEPARATORS[locale]
    when = exported_at or (base.get_column("created_at").max() + timedelta(days=1))  # type: ignore[operator]
    written: list[Path] = []
    for i, kind in enumerate(("page", "group")):
        part = base.filter(pl.col("kind") == kind)
        if part.height == 0:
            continue
        stamp = (pl.select(pl.lit(when).dt.convert_time_zone(tz)
                           + pl.duration(seconds=i)).item())
        abbr = stamp.strftime("%Z").replace("+", "").replace("-", "") or "UTC"
        target = out / f"{stamp:%Y-%m-%d-%H-%M-%S}-{abbr}-search-csv-export.csv"
        frame = _frame(part, kind, tz, thousands, decimal, layout,
                       format_all=format_all_counts)
        frame.write_csv(target, include_bom=True, line_terminator="\n",
                        quote_style="necessary")
        written.append(target)
    return written


def _frame(
    part: pl.DataFrame, kind: str, tz: str, thousands: str, decimal: str, layout: Layout,
    *, format_all: bool,
) -> pl.DataFrame:
    """The export's columns, all as text, in the real header order."""
    local = pl.col("created_at").dt.convert_time_zone(tz)
    total = (pl.sum_horizontal(*_REACTIONS) + pl.col("comments") + pl.col("shares"))
    mean = total.mean().over("container_id")
    score = (pl.when(mean > 0).then(total / mean).otherwise(0.0)).round(2)

    def count(col: str) -> pl.Expr:
        c = pl.col(col)
        return format_thousands(c, thousands) if format_all else c.cast(pl.String)

    is_video = pl.col("ct_type").is_in(["video", "live"])
    youtube = (pl.col("ct_type") == "link") & link_domain(pl.col("link_url")).is_in(
        list(_YOUTUBE))
    label = (pl.when(youtube).then(pl.lit("YouTube"))
             .otherwise(pl.col("ct_type").replace_strict(_LABELS, default="Status")))
    name_header = "Page Name" if kind == "page" else "Group Name"
    views = pl.col("views").fill_null(0)
    cols: dict[str, pl.Expr] = {
        name_header: pl.col("page_name"),
        "User Name": _EMPTY,
        "Facebook Id": pl.col("container_id"),
        "Page Category": pl.lit("GOVERNMENT_ORGANIZATION" if kind == "page" else None),
        "Page Admin Top Country": pl.lit("NL" if kind == "page" else None),
        "Page Description": _EMPTY,
        "Page Created": pl.lit("2012-03-14 09:30:00" if kind == "page" else None),
        "Likes at Posting": count("likes_at"),
        "Followers at Posting": count("followers_at"),
        "Post Created": local.dt.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "Post Created Date": local.dt.strftime("%Y-%m-%d"),
        "Post Created Time": local.dt.strftime("%H:%M:%S"),
        "Type": label,
        "Total Interactions": format_thousands(total, thousands),
        "Likes": count("like"), "Comments": count("comments"), "Shares": count("shares"),
        "Love": count("love"), "Wow": count("wow"), "Haha": count("haha"),
        "Sad": count("sad"), "Angry": count("angry"), "Care": count("care"),
        "Video Share Status": pl.when(is_video).then(pl.lit("owned")).otherwise(_EMPTY),
        "Is Video Owner?": pl.when(is_video).then(pl.lit("Yes")).otherwise(pl.lit("-")),
        "Post Views": views.cast(pl.String),
        "Total Views": format_thousands(views, thousands) if format_all
        else views.cast(pl.String),
        "Total Views For All Crossposts": pl.lit("0"),
        "Video Length": pl.when(is_video).then(pl.lit("00:01:30")).otherwise(pl.lit("N/A")),
        "URL": pl.col("url"),
        "Message": pl.col("message"),
        "Link": pl.col("link_url"),
        "Final Link": _EMPTY,
        "Image Text": _EMPTY, "Link Text": _EMPTY, "Description": _EMPTY,
        "Sponsor Id": _EMPTY, "Sponsor Name": _EMPTY,
        "Sponsor Category": _EMPTY,
        _WEIGHTED: format_thousands(total, thousands),
        "Overperforming Score": score.cast(pl.String).str.replace(".", decimal, literal=True),
    }
    if layout == "legacy":
        legacy = [name_header, "User Name", "Facebook Id", "Likes at Posting",
                  "Followers at Posting", "Created", "Type", "Likes", "Comments",
                  "Shares", "Love", "Wow", "Haha", "Sad", "Angry", "Care",
                  "Video Share Status", "Post Views", "Total Views",
                  "Total Views For All Crossposts", "Video Length", "URL", "Message",
                  "Link", "Final Link", "Image Text", "Link Text", "Description",
                  "Sponsor Id", "Sponsor Name", "Total Interactions",
                  "Overperforming Score"]
        cols["Created"] = cols["Post Created"]
        return part.select([cols[c].cast(pl.String).alias(c) for c in legacy])
    return part.sort("created_at", descending=True).select(
        [e.cast(pl.String).alias(c) for c, e in cols.items()])


def _link() -> pl.Expr:
    """The link as the reader sees it: empty or blank cells are no link."""
    return pl.when(pl.col("link_url").str.strip_chars() != "").then(pl.col("link_url"))


def project_crowdtangle(ds: Dataset) -> Dataset:
    """What the CrowdTangle reader gives back from :func:`write_crowdtangle`.

    See the module docstring for the rules.

    Parameters
    ----------
    ds
        The dataset written.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(kind="group", posts=pl.DataFrame({
    ...     "container_id": ["5"], "post_id": ["5_1"], "author_id": ["m1"],
    ...     "created_at": [datetime(2024, 5, 1, 12, 0, 7, 5, tzinfo=timezone.utc)]}))
    >>> project_crowdtangle(ds).posts.select("post_id", "author_id", "reported_shares").row(0)
    ('1', None, 0)
    """
    base = _base(ds)
    is_page = pl.col("kind") == "page"
    posts = base.select(
        "container_id",
        pl.col("ct_post_id").alias("post_id"),
        pl.when(is_page).then(pl.col("container_id")).alias("author_id"),
        pl.col("at").alias("created_at"),
        pl.when(pl.col("message").str.strip_chars() != "").then(pl.col("message"))
        .alias("message"),
        pl.col("ct_type").alias("post_type"),
        _link().alias("link_url"),
        link_domain(_link()).alias("link_domain"),
        pl.col("url").alias("permalink"),
        pl.sum_horizontal(*_REACTIONS).alias("reported_reactions"),
        pl.col("comments").alias("reported_comments"),
        pl.col("shares").alias("reported_shares"),
        pl.col("views").fill_null(0).alias("views"),
    )
    counts = (
        base.select("container_id", pl.col("ct_post_id").alias("target_id"), *_REACTIONS)
        .unpivot(index=["container_id", "target_id"], variable_name="reaction_type",
                 value_name="count")
        .filter(pl.col("count") > 0)
        .with_columns(pl.lit("post").alias("target_kind"))
    )
    audience = pl.concat([
        base.select("container_id", "at", pl.col("followers_at").alias("size"),
                    pl.when(is_page).then(pl.lit("followers")).otherwise(pl.lit("members"))
                    .alias("metric")),
        base.filter(is_page).select("container_id", "at", pl.col("likes_at").alias("size"),
                                    pl.lit("page_likes").alias("metric")),
    ]).drop_nulls("size").unique(subset=["container_id", "at", "metric"])
    name = pl.when(pl.col("page_name").str.strip_chars() != "").then(pl.col("page_name"))
    containers = (base.select("container_id", "kind", name.alias("name"))
                  .unique(subset="container_id"))
    members = base.filter(is_page).select(
        "container_id", pl.col("container_id").alias("member_id"),
        name.alias("name")).unique(subset=["container_id", "member_id"])
    return Dataset.from_frames(containers=containers, posts=posts, audience=audience,
                               reaction_counts=counts, member_list=False,
                               # The page's own account, not a listed member.
                               members=members.with_columns(listed=False))
