"""Write a Dataset as Graph API feed JSON, one file per container (``/{id}/feed``).

:func:`write_graph_api` writes what a script paging through ``/{group-id}/feed`` (or a
page's feed) with field expansion saves (FORMATS.md §1), with the real quirks: times as
``2019-03-01T12:00:00+0000``; ``message``, ``from`` and ``shares`` absent (not null) when
empty, unknown or zero; ``{container}_{post}`` post ids; newest posts first; ``paging``
with cursors and a ``next`` URL (token redacted); replies nested under their thread's
top-level comment (deeper replies carrying ``parent``, as Facebook flattens them) or
all flattened with ``parent`` (``filter=stream``); reactions as rows and/or per-type
aliased summaries (``"love": {"data": [], "summary": {"total_count": 3}}``), ``other``
written as THANKFUL; optionally a NONE row; group posts with ``to``. One envelope, a
list of pages, NDJSON or pretty-printed pages written one after another.

:func:`project_graph_api` is what the Graph API reader gives back from it.

The projection (what a feed file can carry)
-------------------------------------------
- **containers**: those with at least one post; kind ``group`` when a written
  permalink has ``/groups/`` (a group's permalink without it is replaced by the
  composed ``https://www.facebook.com/groups/{id}/permalink/{n}/``; a missing page
  permalink by ``https://www.facebook.com/{id}/posts/{n}``), else ``page``; a group's
  name kept (from ``to``), a page's name and every ``url`` dropped;
- **posts**: ``post_id`` prefixed ``{container}_`` when it is not already; time
  truncated to the second; ``reported_shares`` null → 0; ``views``, reach and
  impressions dropped; ``link_domain`` recomputed from ``link_url`` (youtu.be is
  youtube.com); ``post_type`` kept except: video and live whose link leaves facebook.com
  become ``link`` (a YouTube "video"), link and share become ``link`` when their link
  leaves facebook.com and ``share`` otherwise; ``mentions`` null → empty, plus every
  ``@Name`` in the text naming exactly one written member of the container;
- **comments**: those on written posts; times truncated; ``post_id`` as the post's;
  mentions as for posts;
- **reactions** (``reactions="rows"`` or ``"both"``): rows with an actor on written
  posts and comments, without time; none with ``reactions="summary"``;
- **reaction_counts**: the stated per-type counts of written targets
  (``"summary"``/``"both"``), or those counted from the written rows (``"rows"``);
- **members**: every author, commenter and reactor written, with the Dataset's name,
  role ``unknown``, no join date, ``is_organization`` false; no audience.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import orjson
import polars as pl

from groepsinzicht.dataset import Dataset
from groepsinzicht.synth._rules import at_mentions, link_domain, merge_lists, unwrap_link

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["project_graph_api", "write_graph_api"]

Layout = Literal["envelope", "pages", "ndjson", "concatenated"]
Replies = Literal["nested", "flat"]
ReactionMode = Literal["rows", "summary", "both"]

#: canonical post_type -> (attachment type, media_type, status_type, live_status)
_TYPE_FIELDS: Final[dict[str, tuple[str | None, str | None, str, str | None]]] = {
    "status": (None, None, "mobile_status_update", None),
    "photo": ("photo", "photo", "added_photos", None),
    "video": ("video_inline", "video", "added_video", None),
    "link": ("share", "link", "shared_story", None),
    "share": ("share", None, "shared_story", None),
    "event": ("event", "event", "created_event", None),
    "poll": ("question", None, "mobile_status_update", None),
    "live": ("video_inline", "video", "added_video", "VOD"),
    "other": (None, None, "app_created_story", None),
}
_GRAPH_TYPES: Final = {"like": "LIKE", "love": "LOVE", "care": "CARE", "haha": "HAHA",
                       "wow": "WOW", "sad": "SAD", "angry": "ANGRY", "other": "THANKFUL"}
_ALIASES: Final = {"like": "like", "love": "love", "care": "care", "haha": "haha",
                   "wow": "wow", "sad": "sad", "angry": "angry", "other": "thankful"}
_FB_DOMAINS: Final = ["facebook.com", "fbcdn.net", "messenger.com", "instagram.com"]
_TIME: Final = "%Y-%m-%dT%H:%M:%S+0000"


def _out_post_id() -> pl.Expr:
    prefix = pl.col("container_id") + "_"
    return (
        pl.when(pl.col("post_id").str.starts_with(prefix))
        .then(pl.col("post_id"))
        .otherwise(prefix + pl.col("post_id"))
    )


def _permalinks(ds: Dataset) -> pl.DataFrame:
    """(container_id, post_id, out_id, permalink as written) of every post."""
    kinds = ds.containers.select("container_id", pl.col("kind").cast(pl.String))
    suffix = pl.col("out_id").str.split_exact("_", 1).struct.field("field_1")
    group_link = pl.format("https://www.facebook.com/groups/{}/permalink/{}/",
                           "container_id", suffix)
    page_link = pl.format("https://www.facebook.com/{}/posts/{}", "container_id", suffix)
    return (
        ds.posts.select("container_id", "post_id", "permalink")
        .with_columns(out_id=_out_post_id())
        .join(kinds, on="container_id", how="left")
        .with_columns(
            permalink=pl.when(pl.col("kind") == "group").then(
                pl.when(pl.col("permalink").str.contains("/groups/", literal=True))
                .then(pl.col("permalink")).otherwise(group_link)
            ).otherwise(pl.coalesce("permalink", page_link))
        )
        .drop("kind")
    )


def _obj(**fields: Any) -> dict[str, Any]:
    """A JSON object without its null members (the Graph API leaves out what it lacks)."""
    return {k: v for k, v in fields.items() if v is not None}


def _reaction_edges(ds: Dataset, names: pl.DataFrame, targets: pl.DataFrame,
                    kind: str) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Reaction rows with an actor, per (container, target id as in the Dataset)."""
    rows = (
        ds.reactions.filter((pl.col("target_kind") == kind) & pl.col("actor_id").is_not_null())
        .join(targets, on=["container_id", "target_id"], how="semi")
        .join(names, left_on=["container_id", "actor_id"],
              right_on=["container_id", "member_id"], how="left")
        .select("container_id", "target_id", "actor_id", "name",
                pl.col("reaction_type").cast(pl.String).replace_strict(_GRAPH_TYPES)
                .alias("type"))
    )
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    cols = [rows.get_column(c).to_list() for c in rows.columns]
    for c, t, a, n, r in zip(*cols, strict=True):
        out.setdefault((c, t), []).append(
            {"id": a, "type": r} if n is None else {"id": a, "name": n, "type": r})
    return out


def _stated_counts(ds: Dataset, kind: str) -> dict[tuple[str, str], dict[str, Any]]:
    counts = (
        ds.reaction_counts.filter(pl.col("target_kind") == kind)
        .select("container_id", "target_id",
                pl.struct(pl.col("reaction_type").cast(pl.String).replace_strict(_ALIASES)
                          .alias("alias"), "count").alias("c"))
        .group_by("container_id", "target_id", maintain_order=True)
        .agg("c")
    )
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for c, t, items in zip(counts.get_column("container_id").to_list(),
                           counts.get_column("target_id").to_list(),
                           counts.get_column("c").to_list(), strict=True):
        out[(c, t)] = {i["alias"]: {"data": [], "summary": {"total_count": i["count"]}}
                       for i in items}
    return out


def _thread_roots(comments: pl.DataFrame) -> pl.DataFrame:
    """Each comment's top-level ancestor (``root``) among the written comments."""
    known = comments.select("container_id", "comment_id", "parent_id")
    cur = known.select("container_id", "comment_id",
                       pl.coalesce("parent_id", "comment_id").alias("root"))
    for _ in range(64):  # threads are shallow; the bound guards against cycles
        step = cur.join(
            known.select("container_id", pl.col("comment_id").alias("root"),
                         pl.col("parent_id").alias("up")),
            on=["container_id", "root"], how="left",
        ).with_columns(root=pl.coalesce("up", "root")).drop("up")
        if step.get_column("root").equals(cur.get_column("root")):
            break
        cur = step
    return cur


def write_graph_api(
    ds: Dataset,
    path: str | PathLike[str],
    *,
    layout: Layout = "envelope",
    replies: Replies = "nested",
    reactions: ReactionMode = "both",
    page_size: int = 25,
    none_reaction: bool = False,
) -> list[Path]:
    """Write ``ds`` as Graph API feed JSON, one file per container.

    Parameters
    ----------
    ds
        The dataset.
    path
        The folder (created when missing); files are named ``{container_id}_feed.json``
        (``.ndjson`` for that layout).
    layout
        ``"envelope"``: one ``{data, paging}``; ``"pages"``: a list of envelopes of
        ``page_size`` posts; ``"ndjson"``: one post per line; ``"concatenated"``:
        pretty-printed envelopes one after another.
    replies
        ``"nested"`` (``comments{comments}``) or ``"flat"`` (``filter=stream``, every
        reply with ``parent``).
    reactions
        ``"rows"`` (``reactions{id,name,type}``), ``"summary"`` (per-type aliased
        summaries only) or ``"both"``.
    page_size
        Posts per envelope for ``"pages"`` and ``"concatenated"``.
    none_reaction
        Add a NONE reaction row to the first post (the reader drops and counts it).

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl, tempfile
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(kind="group", posts=pl.DataFrame({
    ...     "container_id": ["123"], "post_id": ["123_1"], "author_id": ["9"],
    ...     "created_at": [datetime(2024, 5, 1, 12, tzinfo=timezone.utc)]}))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = write_graph_api(ds, tmp)
    ...     back = gi.load(files)
    >>> [f.name for f in files], back.posts.get_column("post_id").to_list()
    (['123_feed.json'], ['123_1'])
    """
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    names = ds.members.select("container_id", "member_id", "name")
    kinds = dict(zip(ds.containers.get_column("container_id").to_list(),
                     ds.containers.get_column("kind").cast(pl.String).to_list(), strict=True))
    cnames = dict(zip(ds.containers.get_column("container_id").to_list(),
                      ds.containers.get_column("name").to_list(), strict=True))
    links = _permalinks(ds)
    posts = (
        ds.posts.join(links.drop("permalink"), on=["container_id", "post_id"], how="left")
        .drop("permalink")
        .join(links.select("container_id", "post_id", "permalink"),
              on=["container_id", "post_id"], how="left")
        .join(names, left_on=["container_id", "author_id"],
              right_on=["container_id", "member_id"], how="left")
        .sort("container_id", "created_at", descending=[False, True], maintain_order=True)
    )
    comments = (
        ds.comments.join(posts.select("container_id", "post_id", "out_id"),
                         on=["container_id", "post_id"], how="inner")
        .join(names, left_on=["container_id", "author_id"],
              right_on=["container_id", "member_id"], how="left")
        .sort("container_id", "created_at", maintain_order=True)
    )
    comments = comments.join(_thread_roots(comments), on=["container_id", "comment_id"],
                             how="left")
    want_rows = reactions in ("rows", "both")
    want_summary = reactions in ("summary", "both")
    post_targets = posts.select("container_id", pl.col("post_id").alias("target_id"))
    com_targets = comments.select("container_id", pl.col("comment_id").alias("target_id"))
    post_rows = _reaction_edges(ds, names, post_targets, "post") if want_rows else {}
    com_rows = _reaction_edges(ds, names, com_targets, "comment") if want_rows else {}
    post_counts = _stated_counts(ds, "post") if want_summary else {}
    com_counts = _stated_counts(ds, "comment") if want_summary else {}

    # Comments as JSON objects: top-level ones per post, replies per thread root.
    com_objs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    by_root: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    tops: dict[tuple[str, str], dict[str, Any]] = {}
    for c in comments.select(
        "container_id", "comment_id", "out_id", "parent_id", "root", "author_id", "name",
        pl.col("created_at").dt.strftime(_TIME).alias("t"), "message",
        "reported_reactions", "mentions",
    ).to_dicts():
        key = (c["container_id"], c["comment_id"])
        obj = _obj(
            id=c["comment_id"],
            **{"from": None if c["author_id"] is None else
               _obj(name=c["name"], id=c["author_id"])},
            message=c["message"],
            created_time=c["t"],
            like_count=c["reported_reactions"],
            message_tags=[{"id": m, "type": "user"} for m in c["mentions"]]
            if c["mentions"] else None,
        )
        rows = com_rows.get(key)
        if rows:
            obj["reactions"] = {"data": rows}
        obj.update(com_counts.get(key, {}))
        parent = c["parent_id"]
        if parent is None:
            com_objs.setdefault((c["container_id"], c["out_id"]), []).append(obj)
            tops[key] = obj
            continue
        if replies == "flat":
            obj["parent"] = {"id": parent}
            com_objs.setdefault((c["container_id"], c["out_id"]), []).append(obj)
            continue
        if parent != c["root"]:
            obj["parent"] = {"id": parent}
        by_root.setdefault((c["container_id"], c["root"]), []).append((c["out_id"], obj))
    for (cont, root), members in by_root.items():
        top = tops.get((cont, root))
        if top is not None:
            top["comments"] = {"data": [obj for _, obj in members]}
            continue
        # The thread's first comment is not written: its replies go to the top level,
        # each with its parent.
        for out_id, obj in members:
            obj.setdefault("parent", {"id": root})
            com_objs.setdefault((cont, out_id), []).append(obj)

    written: list[Path] = []
    post_frame = posts.select(
        "container_id", "post_id", "out_id", "author_id", "name", "message",
        pl.col("created_at").dt.strftime(_TIME).alias("t"), "post_type", "link_url",
        "permalink", "reported_reactions", "reported_comments", "reported_shares",
        "mentions",
    ).with_columns(pl.col("post_type").cast(pl.String))
    by_container: dict[str, list[dict[str, Any]]] = {}
    first = True
    for p in post_frame.to_dicts():
        cont = p["container_id"]
        att, media, status, live = _TYPE_FIELDS[p["post_type"]]
        key = (cont, p["post_id"])
        obj = _obj(
            id=p["out_id"],
            message=p["message"],
            created_time=p["t"],
            **{"from": None if p["author_id"] is None else
               _obj(name=p["name"], id=p["author_id"])},
            to={"data": [_obj(name=cnames.get(cont), id=cont)]}
            if kinds.get(cont) == "group" else None,
            permalink_url=p["permalink"],
            status_type=status,
            live_status=live,
            attachments={"data": [_obj(type=att, media_type=media, url=p["link_url"])]}
            if att is not None or p["link_url"] is not None else None,
            shares={"count": p["reported_shares"]} if p["reported_shares"] else None,
            message_tags=[{"id": m, "type": "user"} for m in p["mentions"]]
            if p["mentions"] else None,
        )
        rows = list(post_rows.get(key, []))
        if none_reaction and first:
            rows.append({"type": "NONE"})
            first = False
        if rows or p["reported_reactions"] is not None:
            obj["reactions"] = {"data": rows,
                                "summary": _obj(total_count=p["reported_reactions"],
                                                viewer_reaction="NONE")}
        obj.update(post_counts.get(key, {}))
        thread = com_objs.get((cont, p["out_id"]))
        if thread or p["reported_comments"] is not None:
            obj["comments"] = {"data": thread or [],
                               "summary": _obj(order="chronological",
                                               total_count=p["reported_comments"],
                                               can_comment=True)}
        by_container.setdefault(cont, []).append(obj)
    for cont, items in by_container.items():
        written.append(_write_file(out, cont, items, layout, page_size))
    return written


def _envelope(cont: str, items: list[dict[str, Any]], page: int, *,
              last: bool) -> dict[str, Any]:
    cursor = f"QVFIU{page:06d}"
    paging: dict[str, Any] = {"cursors": {"before": f"{cursor}b", "after": f"{cursor}a"}}
    if not last:
        paging["next"] = (f"https://graph.facebook.com/v19.0/{cont}/feed?"
                          f"access_token=REDACTED&limit={len(items)}&after={cursor}a")
    return {"data": items, "paging": paging}


def _write_file(out: Path, cont: str, items: list[dict[str, Any]], layout: Layout,
                page_size: int) -> Path:
    if layout == "ndjson":
        target = out / f"{cont}_feed.ndjson"
        target.write_bytes(b"".join(orjson.dumps(i) + b"\n" for i in items))
        return target
    target = out / f"{cont}_feed.json"
    if layout == "envelope":
        target.write_bytes(orjson.dumps(_envelope(cont, items, 0, last=True)))
        return target
    size = max(page_size, 1)
    pages = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
    envs = [_envelope(cont, p, i, last=i == len(pages) - 1) for i, p in enumerate(pages)]
    if layout == "pages":
        target.write_bytes(orjson.dumps(envs, option=orjson.OPT_INDENT_2))
    else:
        target.write_bytes(b"\n".join(orjson.dumps(e, option=orjson.OPT_INDENT_2)
                                      for e in envs) + b"\n")
    return target


def project_graph_api(ds: Dataset, *, reactions: ReactionMode = "both") -> Dataset:
    """What the Graph API reader gives back from :func:`write_graph_api` (module docstring).

    Parameters
    ----------
    ds
        The dataset written.
    reactions
        The ``reactions=`` the writer used.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(kind="page", posts=pl.DataFrame({
    ...     "container_id": ["5"], "post_id": ["1"],
    ...     "created_at": [datetime(2024, 5, 1, 12, 0, 7, 5, tzinfo=timezone.utc)]}))
    >>> project_graph_api(ds).posts.select("post_id", "reported_shares").row(0)
    ('5_1', 0)
    """
    links = _permalinks(ds)
    key = ["container_id", "post_id"]
    names = ds.members.select("container_id", "member_id", "name")
    posts = (
        ds.posts.drop("permalink")
        .with_columns(
            pl.col("created_at").dt.truncate("1s"),
            pl.col("reported_shares").fill_null(0),
            pl.lit(None, pl.Int64).alias("views"), pl.lit(None, pl.Int64).alias("reach"),
            pl.lit(None, pl.Int64).alias("organic_reach"),
            pl.lit(None, pl.Int64).alias("paid_reach"),
            pl.lit(None, pl.Int64).alias("impressions"),
            pl.Series("link_url", [unwrap_link(u) for u in ds.posts.get_column("link_url")],
                      dtype=pl.String),
        )
        .join(links, on=key, how="left")
        .with_columns(link_domain=link_domain(pl.col("link_url")))
    )
    external = pl.col("link_domain").is_not_null() & ~pl.col("link_domain").is_in(_FB_DOMAINS)
    ptype = pl.col("post_type").cast(pl.String)
    posts = posts.with_columns(
        post_type=pl.when(ptype.is_in(["link", "share"]))
        .then(pl.when(external).then(pl.lit("link")).otherwise(pl.lit("share")))
        .when(ptype.is_in(["video", "live"]) & external).then(pl.lit("link"))
        .otherwise(ptype)
    )
    comments = ds.comments.join(posts.select(*key, "out_id"), on=key, how="inner").with_columns(
        pl.col("created_at").dt.truncate("1s"), pl.col("out_id").alias("post_id"))
    posts = posts.with_columns(pl.col("out_id").alias("post_id"))
    pmap = ds.posts.select(*key).with_columns(out=_out_post_id())
    targets = pl.concat([
        pmap.select("container_id", pl.col("post_id").alias("target_id"),
                    pl.col("out").alias("new_id"), pl.lit("post").alias("target_kind")),
        comments.select("container_id", pl.col("comment_id").alias("target_id"),
                        pl.col("comment_id").alias("new_id"),
                        pl.lit("comment").alias("target_kind")),
    ]).with_columns(pl.col("target_kind").cast(ds.reactions.schema["target_kind"]))
    tk = ["container_id", "target_id", "target_kind"]

    def retarget(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.join(targets, on=tk, how="inner").with_columns(
            pl.col("new_id").alias("target_id")).drop("new_id")

    rows = retarget(ds.reactions.filter(pl.col("actor_id").is_not_null())).with_columns(
        pl.lit(None).alias("created_at"))
    if reactions == "summary":
        rows = rows.clear()
    counts = None if reactions == "rows" else retarget(ds.reaction_counts)
    seen = pl.concat([
        posts.select("container_id", pl.col("author_id").alias("member_id")),
        comments.select("container_id", pl.col("author_id").alias("member_id")),
        rows.select("container_id", pl.col("actor_id").alias("member_id")),
    ]).drop_nulls().unique()
    members = seen.join(names, on=["container_id", "member_id"], how="left")
    known = members.select("container_id", "member_id", "name")
    posts = posts.with_columns(mentions=merge_lists(
        pl.col("mentions"), at_mentions(posts, "message", known)))
    comments = comments.with_columns(mentions=merge_lists(
        pl.col("mentions"), at_mentions(comments, "message", known)))
    kinds = (
        posts.group_by("container_id")
        .agg(pl.col("permalink").str.contains("/groups/", literal=True).any().alias("g"))
        .join(ds.containers.select("container_id", "name", pl.col("kind").cast(pl.String)),
              on="container_id", how="left")
        .select("container_id",
                pl.when(pl.col("g")).then(pl.lit("group")).otherwise(pl.lit("page"))
                .alias("kind"),
                pl.when(pl.col("kind") == "group").then(pl.col("name")).alias("name"))
    )
    return Dataset.from_frames(
        containers=kinds, posts=posts.drop("out_id"), comments=comments.drop("out_id"),
        reactions=rows, reaction_counts=counts,
        # Names seen in activity: nobody's member list.
        members=members.with_columns(listed=False), member_list=False,
    )
