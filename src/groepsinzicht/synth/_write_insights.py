"""Write a Dataset as legacy Page Insights post exports (FORMATS.md §5.1), with quirks.

No real export of this format was available; the writer follows the column names,
order and quirks FORMATS.md cites from scripts that read real exports:
:func:`write_insights` writes one file per page, CSV or XLSX. The columns are those of
a "Key Metrics" export (``Post ID``, ``Permalink``, ``Post Message``, ``Type``,
``Posted``, ``Lifetime Post Total Impressions`` … ``Lifetime Organic Video Views``), with
the **second row of column descriptions** (``Lifetime: The number of people who had
your Page's post enter their screen. (Unique Users)``), the **inconsistent
capitalisation** (``Lifetime Post organic reach``) and **repeated headers** (``Lifetime
Organic Video Views`` and ``Lifetime Paid views to 95%`` each once as unique users and
once as a total count). ``Post ID`` is ``<page id>_<post id>``; ``Posted`` is local
time in ``tz`` as ``MM/DD/YYYY HH:MM:SS AM`` (an assumption: the full format was not
evidenced) in the CSV and a date cell in the XLSX, whose ``Key Metrics`` sheet comes
first, followed by a breakdown sheet with Excel's truncated 31-character name. The
XLSX needs ``openpyxl``.

:func:`project_insights` is what the Insights reader gives back from it.

The projection (what the export can carry)
------------------------------------------
- **containers**: pages with posts, kind ``page``, no name or url (the export names
  neither);
- **posts**: ``post_id`` as ``<page>_<id>`` (prefixed when it is not); the page as
  author; time truncated to the second and read back as wall time in ``tz`` (the
  autumn hour that occurs twice gives its first occurrence); a blank message is null;
  ``post_type`` photo, link, status, video and event kept, live → video, others →
  status; ``permalink`` as given, else ``https://www.facebook.com/{page}/posts/{id}``;
  ``reach``, ``organic_reach``, ``paid_reach``, ``impressions`` and ``views`` (video
  views) kept; reported totals, links and mentions dropped;
- **members**: the page as author (no name); no audience, comments or reactions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

import polars as pl

from groepsinzicht._util import DEFAULT_TZ
from groepsinzicht.dataset import Dataset
from groepsinzicht.errors import InternalError
from groepsinzicht.schema import localize
from groepsinzicht.synth._rules import interactions

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["project_insights", "write_insights"]

FileFormat = Literal["csv", "xlsx"]

_LABELS: Final = {"photo": "Photo", "link": "Link", "status": "Status", "video": "Video",
                  "live": "Video", "event": "Event"}
_KEPT_TYPES: Final = {"photo": "photo", "link": "link", "status": "status",
                      "video": "video", "live": "video", "event": "event"}
_UNIQUE = "(Unique Users)"
_TOTAL = "(Total Count)"
#: (header, description, value column) in the order of an evidenced export.
_COLUMNS: Final[tuple[tuple[str, str, str | None], ...]] = (
    ("Post ID", "", "ins_post_id"),
    ("Permalink", "", "ins_permalink"),
    ("Post Message", "", "message"),
    ("Type", "", "ins_type"),
    ("Countries", "", None),
    ("Languages", "", None),
    ("Posted", "", "posted"),
    ("Audience Targeting", "", None),
    ("Lifetime Post Total Impressions",
     f"Lifetime: The number of impressions of your Page's post. {_TOTAL}", "impressions"),
    ("Lifetime Post Organic Impressions",
     f"Lifetime: The number of impressions of your post in News Feed or ticker or on "
     f"your Page's Wall. {_TOTAL}", None),
    ("Lifetime Post organic reach",
     f"Lifetime: The number of people who saw your Page post in news feed or ticker, "
     f"or on your Page's timeline. {_UNIQUE}", "organic_reach"),
    ("Lifetime Post Paid Impressions",
     f"Lifetime: The number of impressions of your Page post in an Ad or Sponsored "
     f"Story. {_TOTAL}", None),
    ("Lifetime Post Paid Reach",
     f"Lifetime: The number of people who saw your Page post in an ad or sponsored "
     f"story. {_UNIQUE}", "paid_reach"),
    ("Lifetime Post Total Reach",
     f"Lifetime: The number of people who had your Page's post enter their screen. "
     f"{_UNIQUE}", "reach"),
    ("Lifetime Engaged Users",
     f"Lifetime: The number of unique people who engaged in certain ways with your Page "
     f"post, for example by commenting on, liking, sharing, or clicking upon particular "
     f"elements of the post. {_UNIQUE}", "engaged"),
    ("Lifetime Negative Feedback",
     f"Lifetime: The number of times people have given negative feedback to your post. "
     f"{_TOTAL}", None),
    ("Lifetime Total Video Views",
     f"Lifetime: Total number of times your video was viewed for 3 seconds or more. "
     f"{_TOTAL}", "views"),
    ("Lifetime Organic Video Views",
     f"Lifetime: Number of people who viewed your video organically. {_UNIQUE}", None),
    ("Lifetime Organic Video Views",
     f"Lifetime: Number of times your video was viewed organically. {_TOTAL}", None),
    ("Lifetime Paid views to 95%",
     f"Lifetime: Number of people who viewed 95% of your paid video. {_UNIQUE}", None),
    ("Lifetime Paid views to 95%",
     f"Lifetime: Number of times your paid video was viewed to 95%. {_TOTAL}", None),
)
#: Excel cuts sheet names at 31 characters; Facebook's export shows the cut.
_BREAKDOWN_SHEET: Final = "Lifetime Post Stories by act..."


def _base(ds: Dataset, tz: str) -> pl.DataFrame:
    key = ["container_id", "post_id"]
    pages = ds.containers.filter(pl.col("kind") == "page").select("container_id")
    inter = interactions(ds)
    local = pl.col("created_at").dt.truncate("1s").dt.convert_time_zone(tz)
    prefixed = pl.col("post_id").str.starts_with(pl.col("container_id") + "_")
    ptype = pl.col("post_type").cast(pl.String)
    return (
        ds.posts.join(pages, on="container_id", how="semi")
        .join(inter, on=key, how="left")
        .with_columns(
            pl.when(prefixed).then(pl.col("post_id"))
            .otherwise(pl.format("{}_{}", "container_id", "post_id")).alias("ins_post_id"),
            pl.when(prefixed)
            .then(pl.col("post_id").str.slice(pl.col("container_id").str.len_chars() + 1))
            .otherwise(pl.col("post_id")).alias("bare_id"),
            local.dt.replace_time_zone(None).alias("local"),
            ptype.replace_strict(_LABELS, default="Status").alias("ins_type"),
            ptype.replace_strict(_KEPT_TYPES, default="status").alias("kept_type"),
        )
        .with_columns(
            pl.coalesce("permalink", pl.format("https://www.facebook.com/{}/posts/{}",
                                                "container_id", "bare_id"))
            .alias("ins_permalink"),
            pl.max_horizontal(pl.col("reactions") + pl.col("comments") + pl.col("shares"),
                              pl.lit(0)).alias("engaged"),
        )
        .sort("container_id", "created_at", "post_id")
    )


def write_insights(
    ds: Dataset,
    path: str | PathLike[str],
    *,
    tz: str = DEFAULT_TZ,
    file_format: FileFormat = "csv",
) -> list[Path]:
    """Write the pages of ``ds`` as legacy Page Insights post exports.

    Parameters
    ----------
    ds
        The dataset (groups are not written).
    path
        The folder (created when missing).
    tz
        Time zone of ``Posted``.
    file_format
        ``"csv"`` or ``"xlsx"`` (needs openpyxl).

    Returns
    -------
    list of pathlib.Path
        One file per page: ``Facebook Insights Data Export (Post Level) - <page id>``.

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl, tempfile
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(kind="page", posts=pl.DataFrame({
    ...     "container_id": ["5"], "post_id": ["1"], "reach": [10],
    ...     "created_at": [datetime(2016, 3, 1, 21, 5, tzinfo=timezone.utc)]}))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     lines = write_insights(ds, tmp)[0].read_text(encoding="utf-8").splitlines()
    >>> lines[2].split(",")[:2], lines[2].split(",")[6]
    (['5_1', 'https://www.facebook.com/5/posts/1'], '03/01/2016 10:05:00 PM')
    """
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    base = _base(ds, tz)
    written: list[Path] = []
    for (cont,), part in base.group_by(["container_id"], maintain_order=True):
        stem = f"Facebook Insights Data Export (Post Level) - {cont}"
        if file_format == "xlsx":
            target = out / f"{stem}.xlsx"
            _write_xlsx(part, target)
        else:
            target = out / f"{stem}.csv"
            _write_csv(part, target)
        written.append(target)
    return written


def _values(part: pl.DataFrame, *, posted: pl.Expr) -> pl.DataFrame:
    cols = []
    for i, (_, _, src) in enumerate(_COLUMNS):
        expr = posted if src == "posted" else (
            pl.lit(None, pl.String) if src is None else pl.col(src))
        cols.append(expr.alias(f"c{i}"))
    return part.select(cols)


def _write_csv(part: pl.DataFrame, target: Path) -> None:
    import csv
    import io

    head = io.StringIO()
    writer = csv.writer(head, lineterminator="\n")
    writer.writerow([h for h, _, _ in _COLUMNS])  # repeated names: not a polars frame
    writer.writerow([d for _, d, _ in _COLUMNS])
    body = _values(part, posted=pl.col("local").dt.strftime("%m/%d/%Y %I:%M:%S %p"))
    with target.open("w", encoding="utf-8", newline="") as fh:
        fh.write(head.getvalue())
        body.cast(pl.String).write_csv(fh, include_header=False, line_terminator="\n",
                                       quote_style="necessary")


def _write_xlsx(part: pl.DataFrame, target: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    if sheet is None:
        raise InternalError("openpyxl: a new workbook without its active sheet")
    sheet.title = "Key Metrics"
    sheet.append([h for h, _, _ in _COLUMNS])
    sheet.append([d for _, d, _ in _COLUMNS])
    body = _values(part, posted=pl.col("local"))
    # openpyxl takes rows one by one; this is the writer of a small synthetic file.
    for row in body.rows():
        sheet.append(list(row))
    stories = wb.create_sheet(_BREAKDOWN_SHEET)
    stories.append(["Permalink", "like", "comment", "share"])
    for row in part.select("ins_permalink", "reactions", "comments", "shares").rows():
        stories.append(list(row))
    wb.save(target)


def project_insights(ds: Dataset, *, tz: str = DEFAULT_TZ) -> Dataset:
    """What the Insights reader gives back from :func:`write_insights`.

    Parameters
    ----------
    ds
        The dataset written.
    tz
        As given to the writer.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(kind="page", posts=pl.DataFrame({
    ...     "container_id": ["5"], "post_id": ["1"], "post_type": ["live"],
    ...     "created_at": [datetime(2016, 3, 1, 21, 5, tzinfo=timezone.utc)]}))
    >>> project_insights(ds).posts.select("post_id", "author_id", "post_type").row(0)
    ('5_1', '5', 'video')
    """
    base = _base(ds, tz)
    message = pl.when(pl.col("message").str.strip_chars() != "").then(pl.col("message"))
    posts = base.select(
        "container_id", pl.col("ins_post_id").alias("post_id"),
        pl.col("container_id").alias("author_id"),
        pl.Series("created_at", localize(base.get_column("local"), tz)),
        message.alias("message"), pl.col("kept_type").alias("post_type"),
        pl.col("ins_permalink").alias("permalink"),
        "reach", "organic_reach", "paid_reach", "impressions", "views",
    )
    containers = base.select("container_id", pl.lit("page").alias("kind")).unique()
    # The owner's own page export: its page is on the organisation list.
    return Dataset.from_frames(
        containers=containers, posts=posts, member_list=False,
        org_ids=containers.get_column("container_id").cast(pl.String).to_list())
