"""Write a Dataset as Meta Business Suite content exports (FORMATS.md §6), with quirks.

:func:`write_business_suite` writes, for every page, one CSV per month of posts, named
as Business Suite names them (``Jan-01-2026_Jan-31-2026_<id>.csv``): UTF-8 with a BOM,
LF line ends, the headers of the interface language (Dutch by default, from
:data:`groepsinzicht.synth._rules.BUSINESS_SUITE`, FORMATS.md §6.1, in a real export's
column order),
``Publish time`` as ``MM/DD/YYYY HH:MM`` in local time even in Dutch, ``Date`` =
``Looptijd`` / ``Lifetime``, localized post types (``Foto's``), optionally thousands
separators in the numbers and without the optional negative-feedback column (its
presence varies between months). Groups are not written (Business Suite is for pages).

:func:`project_business_suite` is what the Business Suite reader gives back from it.

The projection (what a content export can carry)
------------------------------------------------
- **containers**: pages with posts; name kept, ``url`` dropped;
- **posts**: ``post_id`` without a ``{page}_`` prefix (Business Suite writes bare ids);
  the page as author; time truncated to the minute in ``tz`` and read back as wall
  time (the autumn hour that occurs twice gives its first occurrence); a blank message
  is null; ``post_type`` photo, video and link kept, live → video, others → status;
  ``permalink`` as given, else ``https://www.facebook.com/{page}/posts/{id}``;
  ``reported_reactions`` / ``comments`` / ``shares`` the larger of reported and
  observed (0 when unknown; null in a language whose table lacks those columns);
  ``views`` and ``reach`` kept (Business Suite has no organic/paid split and no
  impressions since "Views" replaced them); links and mentions dropped;
- **members**: each page, named after itself; no audience, comments or reactions.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Final

import polars as pl

from groepsinzicht._util import DEFAULT_TZ
from groepsinzicht.dataset import Dataset
from groepsinzicht.errors import ParameterError, shorten
from groepsinzicht.schema import localize
from groepsinzicht.synth._rules import BUSINESS_SUITE, interactions
from groepsinzicht.synth._write_crowdtangle import format_thousands

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["project_business_suite", "write_business_suite"]

#: canonical post_type -> the written type (a value of the language's table).
_TYPES: Final = {"photo": "photo", "video": "video", "live": "video", "link": "link"}
_OPTIONAL: Final = ("hide_all",)


def _bare_id() -> pl.Expr:
    return (
        pl.when(pl.col("post_id").str.starts_with(pl.col("container_id") + "_"))
        .then(pl.col("post_id").str.slice(pl.col("container_id").str.len_chars() + 1))
        .otherwise(pl.col("post_id"))
    )


def _base(ds: Dataset, tz: str) -> pl.DataFrame:
    """Page posts with the values the writer and the projection share."""
    key = ["container_id", "post_id"]
    pages = ds.containers.filter(pl.col("kind") == "page").select(
        "container_id", pl.col("name").alias("page_name"))
    inter = interactions(ds)
    local = pl.col("created_at").dt.convert_time_zone(tz).dt.truncate("1m")
    ptype = pl.col("post_type").cast(pl.String)
    return (
        ds.posts.join(pages, on="container_id", how="inner")
        .join(inter, on=key, how="left")
        .with_columns(
            _bare_id().alias("bs_post_id"),
            local.dt.replace_time_zone(None).alias("local"),
            ptype.replace_strict(_TYPES, default="status").alias("bs_type"),
            (pl.col("reactions") + pl.col("comments") + pl.col("shares"))
            .alias("interactions"),
        )
        .with_columns(
            pl.coalesce("permalink", pl.format("https://www.facebook.com/{}/posts/{}",
                                                "container_id", "bs_post_id"))
            .alias("bs_permalink"),
        )
    )


def _check_lang(lang: str) -> None:
    if lang not in BUSINESS_SUITE:
        raise ParameterError(f"lang: expected one of {sorted(BUSINESS_SUITE)}, "
                             f"got {shorten(lang)}")


def _file_id(container_id: str) -> str:
    """A stable 17-digit number for the file name (real names carry some account id)."""
    digest = hashlib.sha256(container_id.encode()).hexdigest()
    return str(10**16 + int(digest[:13], 16) % (9 * 10**16))


def write_business_suite(
    ds: Dataset,
    path: str | PathLike[str],
    *,
    lang: str = "nl",
    tz: str = DEFAULT_TZ,
    thousands: str | None = None,
    drop_optional: bool = False,
) -> list[Path]:
    """Write the pages of ``ds`` as monthly Business Suite content CSVs.

    Parameters
    ----------
    ds
        The dataset (its groups are not written).
    path
        The folder (created when missing).
    lang
        Interface language: a key of ``BUSINESS_SUITE`` (``"nl"``, ``"en"``, ``"sv"``).
    tz
        The page's time zone, in which ``Publish time`` is written.
    thousands
        Thousands separator for the numbers (``","``), or None for plain digits.
    drop_optional
        Leave out the optional ``Negative feedback … Hide all`` column.

    Returns
    -------
    list of pathlib.Path
        One file per page and month, oldest first.

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl, tempfile
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(kind="page", posts=pl.DataFrame({
    ...     "container_id": ["5"], "post_id": ["5_1"], "message": ["Hoi"],
    ...     "created_at": [datetime(2026, 1, 7, 5, 2, tzinfo=timezone.utc)]}))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = write_business_suite(ds, tmp)
    ...     lines = files[0].read_text(encoding="utf-8-sig").splitlines()
    >>> files[0].name.startswith("Jan-01-2026_Jan-31-2026_"), lines[1].split(",")[6]
    (True, '01/07/2026 06:02')
    """
    _check_lang(lang)
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    base = _base(ds, tz)
    if base.height == 0:
        return []
    table = BUSINESS_SUITE[lang]
    labels = {**BUSINESS_SUITE["en"]["post_types"], **table["post_types"]}

    def num(col: str) -> pl.Expr:
        c = pl.col(col)
        return c.cast(pl.String) if thousands is None else format_thousands(c, thousands)

    is_video = pl.col("bs_type") == "video"
    values: dict[str, pl.Expr] = {
        "post_id": pl.col("bs_post_id"), "page_id": pl.col("container_id"),
        "page_name": pl.col("page_name"), "title": pl.col("message"),
        "description": pl.lit(None, pl.String),
        "duration": pl.when(is_video).then(pl.lit("90")).otherwise(pl.lit("0")),
        "publish_time": pl.col("local").dt.strftime("%m/%d/%Y %H:%M"),
        "caption_type": pl.lit("N/A"), "permalink": pl.col("bs_permalink"),
        "is_crosspost": pl.lit("0"),
        "is_share": pl.when(pl.col("post_type") == "share").then(pl.lit("1"))
        .otherwise(pl.lit("0")),
        "post_type": pl.col("bs_type").replace_strict(labels, default=labels["status"]),
        "languages": pl.lit(None, pl.String), "custom_labels": pl.lit(None, pl.String),
        "funded_status": pl.lit(None, pl.String), "data_comment": pl.lit(None, pl.String),
        "date": pl.lit(table["lifetime"]),
        "views": num("views"), "reach": num("reach"),
        "interactions": num("interactions"),
        "reactions": num("reactions"), "comments": num("comments"),
        "shares": num("shares"),
        "clicks": pl.lit("0"), "photo_clicks": pl.lit("0"), "other_clicks": pl.lit("0"),
        "hide_all": pl.lit("0"),
    }
    headers = [(h, f) for h, f in table["headers"].items()
               if f in values and not (drop_optional and f in _OPTIONAL)]
    month = pl.col("local").dt.truncate("1mo")
    parts = base.with_columns(month.alias("month")).sort("container_id", "month", "local")
    written: list[Path] = []
    for (cont, start), part in parts.group_by(["container_id", "month"],
                                               maintain_order=True):
        end = pl.select(pl.lit(start).dt.month_end()).item()
        name = f"{start:%b-%d-%Y}_{end:%b-%d-%Y}_{_file_id(str(cont))}.csv"
        frame = part.select([values[f].cast(pl.String).alias(h) for h, f in headers])
        target = out / name
        frame.write_csv(target, include_bom=True, line_terminator="\n",
                        quote_style="necessary")
        written.append(target)
    return written


def project_business_suite(
    ds: Dataset, *, lang: str = "nl", tz: str = DEFAULT_TZ
) -> Dataset:
    """What the Business Suite reader gives back from :func:`write_business_suite`.

    Parameters
    ----------
    ds
        The dataset written.
    lang, tz
        As given to the writer.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(kind="page", posts=pl.DataFrame({
    ...     "container_id": ["5"], "post_id": ["5_1"], "post_type": ["live"],
    ...     "created_at": [datetime(2026, 1, 7, 5, 2, 7, tzinfo=timezone.utc)]}))
    >>> project_business_suite(ds).posts.select("post_id", "post_type", "created_at").row(0)
    ('1', 'video', datetime.datetime(2026, 1, 7, 5, 2, tzinfo=zoneinfo.ZoneInfo(key='UTC')))
    """
    _check_lang(lang)
    base = _base(ds, tz)
    fields = set(BUSINESS_SUITE[lang]["headers"].values())

    def kept(field: str, expr: pl.Expr) -> pl.Expr:
        return expr if field in fields else pl.lit(None, pl.Int64)

    name = pl.when(pl.col("page_name").str.strip_chars() != "").then(pl.col("page_name"))
    message = pl.when(pl.col("message").str.strip_chars() != "").then(pl.col("message"))
    posts = base.select(
        "container_id", pl.col("bs_post_id").alias("post_id"),
        pl.col("container_id").alias("author_id"),
        pl.Series("created_at", localize(base.get_column("local"), tz)),
        message.alias("message"),
        pl.col("bs_type").alias("post_type"),
        pl.col("bs_permalink").alias("permalink"),
        kept("reactions", pl.col("reactions")).alias("reported_reactions"),
        kept("comments", pl.col("comments")).alias("reported_comments"),
        kept("shares", pl.col("shares")).alias("reported_shares"),
        kept("views", pl.col("views")).alias("views"),
        kept("reach", pl.col("reach")).alias("reach"),
    )
    containers = base.select("container_id", pl.lit("page").alias("kind"),
                             name.alias("name")).unique(subset="container_id")
    members = containers.select("container_id", pl.col("container_id").alias("member_id"),
                                "name")
    # The owner's own page export: its page is on the organisation list.
    return Dataset.from_frames(
        containers=containers, posts=posts, members=members.with_columns(listed=False),
        member_list=False,
        org_ids=containers.get_column("container_id").cast(pl.String).to_list())
