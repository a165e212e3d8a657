"""Write a Dataset as Meta Content Library exports: posts, comments, groups and pages.

:func:`write_content_library` writes four files into a folder, as CSV with flattened
dot-notation headers (``post_owner.name``, ``statistics.like_count``) or as JSON lists
of nested records (FORMATS.md §7): ``posts``, ``comments``, ``groups`` (with
``member_count``) and ``pages`` (with ``follower_count`` and ``like_count``). Times are
ISO 8601 with ``+0000``. MCL states no time for group and page sizes, so each of those
files gets the time of its latest count as modification time (what the reader takes).

:func:`project_content_library` is what the Content Library reader gives back.

The projection (what the Content Library can carry)
---------------------------------------------------
- **containers**: every container, kind and name kept, ``url`` dropped;
- **audience**: per container and metric (groups: members; pages: followers and
  page_likes) only the latest size, all at the time of the file (the latest of those
  times among the groups, and among the pages);
- **posts**: times truncated to the second; an empty message null in a CSV;
  ``post_type`` kept; ``link_domain``
  recomputed from ``link_url`` (youtu.be is youtube.com); reach and impressions
  dropped; ``mentions`` only ``@Name`` in the text naming exactly one written author
  of the container;
- **comments**: those on written posts, times truncated, messages and mentions as for
  posts;
- **reactions**: none (the library has counts, not reactors);
- **reaction_counts**: the stated counts of written posts and comments, except type
  ``other`` (the library has no such column);
- **members**: post and comment authors with their names; no roles or join dates.
"""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import polars as pl

from groepsinzicht.dataset import Dataset
from groepsinzicht.synth._rules import at_mentions, link_domain

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["project_content_library", "write_content_library"]

_TYPES: Final = {"status": "status", "photo": "photo", "video": "video", "link": "link",
                 "event": "event", "poll": "poll", "share": "share", "live": "live_video",
                 "other": "other"}
_REACTIONS: Final = ("like", "love", "care", "haha", "wow", "sad", "angry")
_TIME: Final = "%Y-%m-%dT%H:%M:%S+0000"
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def _flat(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if type(value) is dict:
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _write(path: Path, records: list[dict[str, Any]], fmt: str) -> Path:
    target = path.with_suffix(f".{fmt}")
    if fmt == "json":
        target.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
        return target
    rows = [_flat(r) for r in records]
    fields: list[str] = []
    for r in rows:
        fields.extend(k for k in r if k not in fields)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields)
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if v is None else str(v).lower() if type(v) is bool
                             else ";".join(v) if type(v) is list else v)
                         for k, v in r.items()})
    target.write_text(buf.getvalue(), encoding="utf-8")
    return target


def _counts(ds: Dataset, kind: str) -> dict[tuple[str, str], dict[str, int]]:
    out: dict[tuple[str, str], dict[str, int]] = {}
    rows = ds.reaction_counts.filter(pl.col("target_kind") == kind)
    for c, t, r, n in zip(*[rows.get_column(x).cast(pl.String).to_list()
                            if x == "reaction_type" else rows.get_column(x).to_list()
                            for x in ("container_id", "target_id", "reaction_type", "count")],
                          strict=True):
        out.setdefault((c, t), {})[f"{r}_count"] = n
    return out


def _latest_audience(ds: Dataset) -> pl.DataFrame:
    return (
        ds.audience.sort("at")
        .group_by("container_id", "metric", maintain_order=True)
        .agg(pl.col("size").last(), pl.col("at").last())
        .with_columns(pl.col("metric").cast(pl.String))
    )


def write_content_library(
    ds: Dataset,
    path: str | PathLike[str],
    *,
    fmt: Literal["csv", "json"] = "csv",
) -> list[Path]:
    """Write ``ds`` as Content Library exports (posts, comments, groups, pages).

    Parameters
    ----------
    ds
        The dataset.
    path
        The folder (created when missing).
    fmt
        ``"csv"`` (flattened dot-notation headers) or ``"json"`` (nested records).

    Returns
    -------
    list of pathlib.Path
        The files written (``posts``, ``comments``, ``groups``, ``pages``; a file
        with no records is not written).

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl, tempfile
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(kind="group", posts=pl.DataFrame({
    ...     "container_id": ["123"], "post_id": ["77"], "author_id": ["9"],
    ...     "created_at": [datetime(2024, 5, 1, 12, tzinfo=timezone.utc)]}))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = write_content_library(ds, tmp)
    ...     back = gi.load(files)
    >>> [f.name for f in files], back.posts.get_column("post_id").to_list()
    (['posts.csv', 'groups.csv'], ['77'])
    """
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    names = ds.members.select("container_id", "member_id", "name")
    cont = ds.containers.select("container_id", pl.col("kind").cast(pl.String),
                                pl.col("name").alias("cname"))
    key = ["container_id", "post_id"]
    post_counts = _counts(ds, "post")
    com_counts = _counts(ds, "comment")

    def owner(author: str | None, name: str | None, kind: str) -> dict[str, Any] | None:
        if author is None:
            return None
        return {"type": kind, "id": author, "name": name, "username": None}

    posts = []
    frame = (
        ds.posts.join(cont, on="container_id", how="left")
        .join(names, left_on=["container_id", "author_id"],
              right_on=["container_id", "member_id"], how="left")
        .with_columns(t=pl.col("created_at").dt.strftime(_TIME),
                      ptype=pl.col("post_type").cast(pl.String))
        .sort("container_id", "created_at")
    )
    for p in frame.to_dicts():
        stats: dict[str, Any] = dict.fromkeys((f"{r}_count" for r in _REACTIONS), 0)
        stats.update(post_counts.get((p["container_id"], p["post_id"]), {}))
        stats.pop("other_count", None)
        stats.update(reaction_count=p["reported_reactions"],
                     comment_count=p["reported_comments"],
                     share_count=p["reported_shares"], views=p["views"])
        own = "page" if p["author_id"] == p["container_id"] else "user"
        posts.append({
            "id": p["post_id"], "creation_time": p["t"], "modified_time": p["t"],
            "text": p["message"], "content_type": _TYPES[p["ptype"]], "lang": "nl",
            "post_owner": owner(p["author_id"], p["name"], own),
            "surface": {"type": p["kind"], "id": p["container_id"], "name": p["cname"]},
            "mcl_url": p["permalink"], "statistics": stats,
            "link_attachment": {"link": p["link_url"], "name": None},
            "shared_post_id": None, "is_branded_content": False,
        })
    comments = []
    cframe = (
        ds.comments.join(ds.posts.select(key), on=key, how="semi")
        .join(names, left_on=["container_id", "author_id"],
              right_on=["container_id", "member_id"], how="left")
        .with_columns(t=pl.col("created_at").dt.strftime(_TIME))
        .sort("container_id", "created_at")
    )
    for c in cframe.to_dicts():
        stats = dict.fromkeys((f"{r}_count" for r in _REACTIONS), 0)
        stats.update(com_counts.get((c["container_id"], c["comment_id"]), {}))
        stats.pop("other_count", None)
        stats["reaction_count"] = c["reported_reactions"]
        comments.append({
            "id": c["comment_id"], "owner": owner(c["author_id"], c["name"], "user"),
            "post_id": c["post_id"], "parent_comment_id": c["parent_id"],
            "text": c["message"], "creation_time": c["t"], "lang": "nl",
            "statistics": stats,
        })
    files = []
    if posts:
        files.append(_write(out / "posts", posts, fmt))
    if comments:
        files.append(_write(out / "comments", comments, fmt))
    sizes = _latest_audience(ds)
    for kind, metrics in (("group", {"members": "member_count"}),
                          ("page", {"followers": "follower_count",
                                    "page_likes": "like_count"})):
        rows = cont.filter(pl.col("kind") == kind)
        if rows.height == 0:
            continue
        mine = sizes.join(rows.select("container_id"), on="container_id", how="semi") \
            .filter(pl.col("metric").is_in(list(metrics)))
        by = {(c, m): s for c, m, s in zip(mine.get_column("container_id").to_list(),
                                           mine.get_column("metric").to_list(),
                                           mine.get_column("size").to_list(), strict=True)}
        records = []
        for cid, cname in zip(rows.get_column("container_id").to_list(),
                              rows.get_column("cname").to_list(), strict=True):
            rec: dict[str, Any] = {"id": cid, "name": cname, "username": None}
            if kind == "group":
                rec["creation_date"] = None
            else:
                rec["page_categories"] = ["Government organization"]
            rec.update({field: by.get((cid, m)) for m, field in metrics.items()})
            records.append(rec)
        target = _write(out / f"{kind}s", records, fmt)
        latest = mine.get_column("at").max()
        if isinstance(latest, datetime):
            ns = (latest - _EPOCH) // _US * 1000
            os.utime(target, ns=(ns, ns))
        files.append(target)
    return files


_US: Final = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC) - _EPOCH


def project_content_library(ds: Dataset, *, fmt: Literal["csv", "json"] = "csv") -> Dataset:
    """What the Content Library reader gives back from :func:`write_content_library`.

    Parameters
    ----------
    ds
        The dataset written.
    fmt
        As given to the writer (a CSV cannot tell an empty text from a missing one).

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl
    >>> from datetime import datetime, timezone
    >>> t = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    >>> ds = gi.Dataset.from_frames(kind="group", posts=pl.DataFrame({
    ...     "container_id": ["1"], "post_id": ["2"], "created_at": [t]}),
    ...     reactions=pl.DataFrame({"container_id": ["1"], "target_id": ["2"],
    ...         "target_kind": ["post"], "actor_id": ["5"], "reaction_type": ["love"]}))
    >>> p = project_content_library(ds)
    >>> p.reactions.height, p.reaction_counts.select("reaction_type", "count").row(0)
    (0, ('love', 1))
    """
    key = ["container_id", "post_id"]
    empty_null = (pl.when(pl.col("message") != "").then(pl.col("message"))
                  if fmt == "csv" else pl.col("message"))
    posts = ds.posts.with_columns(
        pl.col("created_at").dt.truncate("1s"), empty_null,
        link_domain=link_domain(pl.col("link_url")),
        reach=None, organic_reach=None, paid_reach=None, impressions=None,
    )
    comments = ds.comments.join(ds.posts.select(key), on=key, how="semi").with_columns(
        pl.col("created_at").dt.truncate("1s"), empty_null)
    targets = pl.concat([
        posts.select("container_id", pl.col("post_id").alias("target_id"),
                     pl.lit("post").alias("k")),
        comments.select("container_id", pl.col("comment_id").alias("target_id"),
                        pl.lit("comment").alias("k")),
    ])
    counts = (
        ds.reaction_counts.with_columns(pl.col("target_kind").cast(pl.String).alias("k"))
        .join(targets, on=["container_id", "target_id", "k"], how="semi")
        .filter(pl.col("reaction_type") != "other")
    )
    seen = pl.concat([
        posts.select("container_id", pl.col("author_id").alias("member_id")),
        comments.select("container_id", pl.col("author_id").alias("member_id")),
    ]).drop_nulls().unique()
    members = seen.join(ds.members.select("container_id", "member_id", "name"),
                        on=["container_id", "member_id"], how="left")
    posts = posts.with_columns(mentions=at_mentions(posts, "message", members))
    comments = comments.with_columns(
        mentions=at_mentions(comments, "message", members))
    kinds = ds.containers.select("container_id", pl.col("kind").cast(pl.String))
    latest = _latest_audience(ds).join(kinds, on="container_id", how="inner")
    wanted = pl.when(pl.col("kind") == "group").then(pl.col("metric") == "members") \
        .otherwise(pl.col("metric").is_in(["followers", "page_likes"]))
    latest = latest.filter(wanted).with_columns(
        at=pl.col("at").max().over("kind"))
    return Dataset.from_frames(
        containers=ds.containers.with_columns(url=None), audience=latest, posts=posts,
        comments=comments, reaction_counts=counts,
        # Names seen in activity: nobody's member list.
        members=members.with_columns(listed=False), member_list=False,
    )
