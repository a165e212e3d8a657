"""Write a Dataset as facebook-scraper output: its CLI's JSON or CSV, one file per container.

:func:`write_facebook_scraper` writes what ``facebook-scraper --comments -r -fmt json``
(or ``csv``) saves for a group or page (FORMATS.md §2), with its quirks: every key of
``make_new_post`` present (``None`` where unknown); ``time`` and ``comment_time`` as
naive local times of the scraping machine (``tz``); ``timestamp`` Unix seconds (left
out with ``timestamps=False``, as for many group posts); ``user_id`` an int when it is
all digits; reaction names as the scraper spells them (``sorry`` for sad, ``thankful``
for other); ``comment_reaction_count`` as text; replies only one level deep (a reply to
a reply hangs under the thread's first comment); the JSON as the CLI writes it
(``json.dump(post, indent=4, default=str)`` joined by commas in ``[ ]``); the CSV with
the first post's keys, lists and dicts as Python repr (comment times as
``datetime.datetime(...)``), optionally in cp1252; posts without text left out, as the
CLI does.

:func:`project_facebook_scraper` is what the facebook-scraper reader gives back.

The projection (what the scraper's output can carry)
----------------------------------------------------
- **posts**: only those with a non-empty message, of every container; ``created_at``
  truncated to the second (with ``timestamps=False``: the local wall-clock time read
  back in ``tz``, the autumn hour that occurs twice as its first occurrence);
  ``post_type`` photo, video, live and share kept, any other type ``link`` when it has
  a ``link_url`` and ``status`` otherwise; ``permalink`` the scraper's ``post_url``
  (``https://m.facebook.com/groups/{group}/permalink/{post}/`` or
  ``https://facebook.com/story.php?story_fbid={post}&id={page}``); ``link_domain``
  recomputed (youtu.be is youtube.com); ``reported_reactions`` the stated total, else
  the sum of the per-type counts, else 0; ``reported_comments`` and
  ``reported_shares`` null → 0; ``views`` kept for video and live posts only; reach and
  impressions dropped; ``mentions`` only ``@Name`` in the text naming exactly one
  written member of the container;
- **comments**: those on written posts; times as local wall-clock seconds read back in
  ``tz``; a reply's ``parent_id`` is its thread's first comment (a reply whose thread
  has no first comment is written as a top-level comment: ``parent_id`` null);
  mentions as for posts;
- **reactions**: every row on written posts and comments, without time;
- **reaction_counts**: the stated counts of written targets;
- **containers**: those with a written post, no name or url; kind ``group`` for a group,
  and also for a page when one of its written posts has an author other than the page;
- **members**: every author, commenter and reactor written, with their names; no
  roles, join dates or audience.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import polars as pl

from groepsinzicht._util import DEFAULT_TZ
from groepsinzicht.dataset import Dataset
from groepsinzicht.schema import localize
from groepsinzicht.synth._rules import at_mentions, link_domain

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["project_facebook_scraper", "write_facebook_scraper"]

Fmt = Literal["json", "csv"]

#: The keys of ``make_new_post`` (FORMATS.md §2.1), in its order.
POST_KEYS: Final = (
    "post_id", "text", "post_text", "shared_text", "original_text", "time", "timestamp",
    "image", "image_lowquality", "images", "images_description", "images_lowquality",
    "images_lowquality_description", "video", "video_duration_seconds", "video_height",
    "video_id", "video_quality", "video_size_MB", "video_thumbnail", "video_watches",
    "video_width", "likes", "comments", "shares", "post_url", "link", "links", "user_id",
    "username", "user_url", "is_live", "factcheck", "shared_post_id", "shared_time",
    "shared_user_id", "shared_username", "shared_post_url", "available", "comments_full",
    "reactors", "w3_fb_url", "reactions", "reaction_count", "with", "page_id", "sharers",
)
_NAMES: Final = {"like": "like", "love": "love", "care": "care", "haha": "haha",
                 "wow": "wow", "sad": "sorry", "angry": "angry", "other": "thankful"}
_LOCAL: Final = "%Y-%m-%d %H:%M:%S"


def _local(col: str, tz: str) -> pl.Expr:
    """Naive wall-clock time in ``tz``, whole seconds (the scraper's ``str(datetime)``)."""
    return pl.col(col).dt.truncate("1s").dt.convert_time_zone(tz).dt.replace_time_zone(None)


def _profile(member: str | None) -> str | None:
    return None if member is None else f"https://facebook.com/profile.php?id={member}"


def _user_id(member: str | None) -> Any:
    # The scraper leaves user_id as it finds it: an int for numeric ids in group posts.
    if member is not None and member.isdigit() and not member.startswith("0"):
        return int(member)
    return member


def _post_url(kind: str | None, cont: str, pid: str) -> str:
    if kind == "group":
        return f"https://m.facebook.com/groups/{cont}/permalink/{pid}/"
    return f"https://facebook.com/story.php?story_fbid={pid}&id={cont}"


def _written_posts(ds: Dataset) -> pl.DataFrame:
    return ds.posts.filter(pl.col("message").is_not_null() & (pl.col("message") != ""))


def _thread_roots(comments: pl.DataFrame) -> pl.DataFrame:
    """(container_id, comment_id, root): the top-level ancestor, or None when not written."""
    known = comments.select("container_id", "comment_id", "parent_id")
    cur = known.select("container_id", "comment_id", pl.col("parent_id").alias("root"))
    for _ in range(64):  # threads are shallow; the bound guards against cycles
        step = cur.join(
            known.select("container_id", pl.col("comment_id").alias("root"),
                         pl.col("parent_id").alias("up")),
            on=["container_id", "root"], how="left",
        ).with_columns(root=pl.coalesce("up", "root")).drop("up")
        if step.get_column("root").equals(cur.get_column("root"), null_equal=True):
            break
        cur = step
    tops = known.filter(pl.col("parent_id").is_null()).select(
        "container_id", pl.col("comment_id").alias("root"), pl.lit(True).alias("ok"))
    return cur.join(tops, on=["container_id", "root"], how="left").select(
        "container_id", "comment_id",
        pl.when(pl.col("ok")).then(pl.col("root")).alias("root"))


def _by_target(frame: pl.DataFrame, key: list[str],
               value: pl.Expr) -> dict[tuple[str, str], list[Any]]:
    grouped = frame.group_by(key, maintain_order=True).agg(value.alias("v"))
    cols = [grouped.get_column(c).to_list() for c in [*key, "v"]]
    return {(a, b): v for a, b, v in zip(*cols, strict=True)}


def write_facebook_scraper(
    ds: Dataset,
    path: str | PathLike[str],
    *,
    fmt: Fmt = "json",
    tz: str = DEFAULT_TZ,
    timestamps: bool = True,
    encoding: Literal["utf-8", "cp1252"] = "utf-8",
) -> list[Path]:
    """Write ``ds`` as facebook-scraper output, one file per container.

    Parameters
    ----------
    ds
        The dataset.
    path
        The folder (created when missing); files are ``{container_id}_posts.json``
        (or ``.csv``).
    fmt
        ``"json"`` (the CLI's JSON) or ``"csv"`` (its CSV, Python-repr cells).
    tz
        The scraping machine's time zone, for the naive ``time``/``comment_time``.
    timestamps
        Write ``timestamp``; without it only the naive local ``time`` remains.
    encoding
        ``"cp1252"`` writes the CSV as the CLI does on Windows (characters cp1252
        lacks become ``?``).

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl, tempfile
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(kind="group", posts=pl.DataFrame({
    ...     "container_id": ["123"], "post_id": ["9"], "author_id": ["5"], "message": ["Hoi"],
    ...     "created_at": [datetime(2024, 5, 1, 12, tzinfo=timezone.utc)]}))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = write_facebook_scraper(ds, tmp, fmt="csv")
    ...     back = gi.load(files)
    >>> back.posts.select("post_id", "author_id", "created_at").row(0)
    ('9', '5', datetime.datetime(2024, 5, 1, 12, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC')))
    """
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    names = ds.members.select("container_id", "member_id", "name")
    kinds = dict(zip(ds.containers.get_column("container_id").to_list(),
                     ds.containers.get_column("kind").cast(pl.String).to_list(), strict=True))
    posts = (
        _written_posts(ds)
        .join(names, left_on=["container_id", "author_id"],
              right_on=["container_id", "member_id"], how="left")
        .sort("container_id", "created_at", descending=[False, True], maintain_order=True)
    )
    key = ["container_id", "post_id"]
    comments = ds.comments.join(posts.select(key), on=key, how="semi")
    comments = (
        comments.join(_thread_roots(comments), on=["container_id", "comment_id"], how="left")
        .join(names, left_on=["container_id", "author_id"],
              right_on=["container_id", "member_id"], how="left")
        .sort("container_id", "created_at", maintain_order=True)
    )
    targets = pl.concat([
        posts.select("container_id", pl.col("post_id").alias("target_id"),
                     pl.lit("post").alias("kind")),
        comments.select("container_id", pl.col("comment_id").alias("target_id"),
                        pl.lit("comment").alias("kind")),
    ])
    tk = ["container_id", "target_id"]
    reactors = (
        ds.reactions.with_columns(pl.col("target_kind").cast(pl.String).alias("kind"))
        .join(targets, on=[*tk, "kind"], how="semi")
        .join(names, left_on=["container_id", "actor_id"],
              right_on=["container_id", "member_id"], how="left")
        .with_columns(pl.col("reaction_type").cast(pl.String).replace_strict(_NAMES)
                      .alias("type"))
    )
    counts = (
        ds.reaction_counts.with_columns(pl.col("target_kind").cast(pl.String).alias("kind"))
        .join(targets, on=[*tk, "kind"], how="semi")
        .with_columns(pl.col("reaction_type").cast(pl.String).replace_strict(_NAMES)
                      .alias("type"))
    )
    post_reactors = _by_target(
        reactors.filter(pl.col("kind") == "post"), tk,
        pl.struct(pl.col("name"), pl.col("actor_id"), pl.col("type")))
    com_reactors = _by_target(
        reactors.filter(pl.col("kind") == "comment"), tk,
        pl.struct(pl.col("name"), pl.col("actor_id"), pl.col("type")))
    post_counts = _by_target(counts.filter(pl.col("kind") == "post"), tk,
                             pl.struct("type", "count"))
    com_counts = _by_target(counts.filter(pl.col("kind") == "comment"), tk,
                            pl.struct("type", "count"))

    def reactor_list(items: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        return [{"name": r["name"], "link": _profile(r["actor_id"]), "type": r["type"]}
                for r in items or []]

    def count_dict(items: list[dict[str, Any]] | None) -> dict[str, int] | None:
        return {c["type"]: c["count"] for c in items} if items else None

    def comment_dict(c: dict[str, Any]) -> dict[str, Any]:
        k = (c["container_id"], c["comment_id"])
        rc = c["reported_reactions"]
        return {
            "comment_id": c["comment_id"],
            "comment_url": f"https://facebook.com/{c['comment_id']}",
            "commenter_id": c["author_id"],
            "commenter_url": _profile(c["author_id"]),
            "commenter_name": c["name"],
            "commenter_meta": None,
            "comment_text": c["message"],
            "comment_time": c["local"],
            "comment_image": None,
            "comment_reactors": reactor_list(com_reactors.get(k)),
            "comment_reactions": count_dict(com_counts.get(k)),
            "comment_reaction_count": None if rc is None else str(rc),
        }

    threads: dict[tuple[str, str], list[dict[str, Any]]] = {}
    replies: dict[tuple[str, str], list[dict[str, Any]]] = {}
    rows = comments.with_columns(local=_local("created_at", tz)).to_dicts()
    for c in rows:  # first the threads' first comments, then their replies
        if c["root"] is None:
            obj = comment_dict(c)
            obj["replies"] = []
            threads.setdefault((c["container_id"], c["post_id"]), []).append(obj)
            replies[(c["container_id"], c["comment_id"])] = obj["replies"]
    for c in rows:
        if c["root"] is not None:
            replies[(c["container_id"], c["root"])].append(comment_dict(c))

    files: dict[str, list[dict[str, Any]]] = {}
    like = pl.col("reaction_type") == "like"
    likes = dict(zip(
        *[f.to_list() for f in ds.reaction_counts.filter(like & (pl.col("target_kind")
                                                                 == "post"))
          .select(pl.concat_str("container_id", "target_id", separator="\x1f"), "count")
          .get_columns()], strict=True))
    for p in posts.with_columns(local=_local("created_at", tz),
                                ts=pl.col("created_at").dt.epoch("s"),
                                ptype=pl.col("post_type").cast(pl.String)).to_dicts():
        cont, pid, ptype = p["container_id"], p["post_id"], p["ptype"]
        k = (cont, pid)
        post = dict.fromkeys(POST_KEYS)
        video = ptype in ("video", "live")
        stated = count_dict(post_counts.get(k))
        post.update({
            "post_id": pid, "text": p["message"], "post_text": p["message"],
            "shared_text": "", "time": p["local"],
            "timestamp": p["ts"] if timestamps else None,
            "image": f"https://scontent.xx.fbcdn.net/v/{pid}.jpg" if ptype == "photo"
            else None,
            "images": [f"https://scontent.xx.fbcdn.net/v/{pid}.jpg"] if ptype == "photo"
            else [],
            "images_description": [], "images_lowquality": [],
            "images_lowquality_description": [],
            "video": f"https://video.xx.fbcdn.net/v/{pid}.mp4" if video else None,
            "video_id": pid if video else None,
            "video_watches": p["views"] if video else None,
            "likes": likes.get(f"{cont}\x1f{pid}", 0),
            "comments": p["reported_comments"] or 0,
            "shares": p["reported_shares"] or 0,
            "post_url": _post_url(kinds.get(cont), cont, pid),
            "link": p["link_url"],
            "links": [{"link": p["link_url"], "text": ""}] if p["link_url"] else [],
            "user_id": _user_id(p["author_id"]), "username": p["name"],
            "user_url": _profile(p["author_id"]),
            "is_live": ptype == "live", "available": True,
            "shared_post_id": f"9{pid}" if ptype == "share" else None,
            "comments_full": threads.get(k, []),
            "reactors": reactor_list(post_reactors.get(k)),
            "reactions": stated,
            "reaction_count": p["reported_reactions"],
            "page_id": cont,
        })
        files.setdefault(cont, []).append(post)
    written = []
    for cont, items in files.items():
        target = out / f"{cont}_posts.{fmt}"
        if fmt == "json":
            body = "[\n" + ",\n".join(json.dumps(i, indent=4, default=str) for i in items) \
                + "\n]"
            target.write_text(body, encoding="utf-8")
        else:
            buf = io.StringIO()
            writer = csv.DictWriter(buf, fieldnames=list(items[0]))
            writer.writeheader()
            for item in items:
                writer.writerow(item)
            target.write_bytes(buf.getvalue().encode(encoding, "replace"))
        written.append(target)
    return written


def project_facebook_scraper(
    ds: Dataset,
    *,
    tz: str = DEFAULT_TZ,
    timestamps: bool = True,
    encoding: Literal["utf-8", "cp1252"] = "utf-8",
) -> Dataset:
    """What the facebook-scraper reader gives back from :func:`write_facebook_scraper`.

    Parameters
    ----------
    ds
        The dataset written.
    tz, timestamps, encoding
        As given to the writer.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl
    >>> from datetime import datetime, timezone
    >>> t = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    >>> ds = gi.Dataset.from_frames(kind="page", posts=pl.DataFrame({
    ...     "container_id": ["5", "5"], "post_id": ["1", "2"], "message": ["Hoi", None],
    ...     "created_at": [t, t]}))
    >>> project_facebook_scraper(ds).posts.get_column("post_id").to_list()
    ['1']
    """
    key = ["container_id", "post_id"]
    kinds = ds.containers.select("container_id", pl.col("kind").cast(pl.String))
    posts = _written_posts(ds).join(kinds, on="container_id", how="left")
    comments = ds.comments.join(posts.select(key), on=key, how="semi")
    comments = comments.join(_thread_roots(comments), on=["container_id", "comment_id"],
                             how="left").with_columns(parent_id=pl.col("root")).drop("root")

    def roundtrip_local(col: str) -> pl.Expr:
        # Naive wall-clock seconds read back in tz: the schema's rule for local times.
        return pl.col(col).dt.truncate("1s").dt.convert_time_zone(tz).dt.replace_time_zone(
            None).map_batches(lambda s: localize(s, tz), return_dtype=pl.Datetime("us",
                                                                                  "UTC"))

    sums = (
        ds.reaction_counts.filter(pl.col("target_kind") == "post")
        .group_by("container_id", pl.col("target_id").alias("post_id"))
        .agg(pl.col("count").sum().alias("stated_sum"))
    )
    ptype = pl.col("post_type").cast(pl.String)
    posts = (
        posts.join(sums, on=key, how="left")
        .with_columns(
            created_at=pl.col("created_at").dt.truncate("1s") if timestamps
            else roundtrip_local("created_at"),
            post_type=pl.when(ptype.is_in(["photo", "video", "live", "share"])).then(ptype)
            .when(pl.col("link_url").is_not_null()).then(pl.lit("link"))
            .otherwise(pl.lit("status")),
            permalink=pl.when(pl.col("kind") == "group")
            .then(pl.format("https://m.facebook.com/groups/{}/permalink/{}/",
                            "container_id", "post_id"))
            .otherwise(pl.format("https://facebook.com/story.php?story_fbid={}&id={}",
                                 "post_id", "container_id")),
            link_domain=link_domain(pl.col("link_url")),
            reported_reactions=pl.coalesce("reported_reactions", "stated_sum", pl.lit(0)),
            reported_comments=pl.col("reported_comments").fill_null(0),
            reported_shares=pl.col("reported_shares").fill_null(0),
            views=pl.when(ptype.is_in(["video", "live"])).then(pl.col("views")),
            reach=None, organic_reach=None, paid_reach=None, impressions=None,
        )
    )
    comments = comments.with_columns(created_at=roundtrip_local("created_at"))
    targets = pl.concat([
        posts.select("container_id", pl.col("post_id").alias("target_id"),
                     pl.lit("post").alias("k")),
        comments.select("container_id", pl.col("comment_id").alias("target_id"),
                        pl.lit("comment").alias("k")),
    ])
    tk = ["container_id", "target_id"]

    def on_targets(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.col("target_kind").cast(pl.String).alias("k")).join(
            targets, on=[*tk, "k"], how="semi").drop("k")

    reactions = on_targets(ds.reactions).with_columns(created_at=None)
    counts = on_targets(ds.reaction_counts)
    names = ds.members.select("container_id", "member_id", "name")
    if encoding == "cp1252":
        def lossy(col: str) -> pl.Expr:
            return pl.col(col).map_batches(
                lambda s: pl.Series([None if v is None else
                                     v.encode("cp1252", "replace").decode("cp1252")
                                     for v in s.to_list()], dtype=pl.String),
                return_dtype=pl.String)

        names = names.with_columns(lossy("name"))
        posts = posts.with_columns(lossy("message"))
        comments = comments.with_columns(lossy("message"))
    seen = pl.concat([
        posts.select("container_id", pl.col("author_id").alias("member_id")),
        comments.select("container_id", pl.col("author_id").alias("member_id")),
        reactions.select("container_id", pl.col("actor_id").alias("member_id")),
    ]).drop_nulls().unique()
    members = seen.join(names, on=["container_id", "member_id"], how="left")
    posts = posts.with_columns(mentions=at_mentions(posts, "message", members))
    comments = comments.with_columns(
        mentions=at_mentions(comments, "message", members))
    other_author = (pl.col("author_id").is_not_null()
                    & (pl.col("author_id") != pl.col("container_id")))
    containers = posts.group_by("container_id").agg(
        ((pl.col("kind") == "group") | other_author).any().alias("g")
    ).select("container_id", pl.when(pl.col("g")).then(pl.lit("group"))
             .otherwise(pl.lit("page")).alias("kind"))
    return Dataset.from_frames(
        containers=containers, posts=posts, comments=comments, reactions=reactions,
        reaction_counts=counts,
        # Names seen in activity: nobody's member list.
        members=members.with_columns(listed=False), member_list=False,
    )
