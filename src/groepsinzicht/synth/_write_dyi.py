r"""Write a Dataset as one member's Facebook "Download Your Information" export.

A DYI export belongs to one person, the *owner*: :func:`write_dyi` writes the owner's
posts and comments in the Dataset's groups, their memberships (join dates), the groups
they administer, their badges, their most-visited groups and their profile, in one of
the layout generations of FORMATS.md §3.1, with the real quirks: Facebook's mojibake
(every UTF-8 byte of a non-ASCII character written as its own ``\u00XX`` escape),
localized ``title`` sentences, Unix-second times, photo-only posts without a ``post``
element, ``update_timestamp`` elements, zips with the files in nested folders, split
into several parts. :func:`project_dyi` is what the DYI reader gives back from it.

The projection (what a DYI export can carry)
--------------------------------------------
Only group containers (kind ``group``) where the owner has a post, a comment or a
``members`` row are written (the *owner's groups*; two of them may not share a name,
because the export names groups only by name). Then, read back:

- **ids** are derived by the rule the DYI reader documents (written again in
  :mod:`groepsinzicht.synth._rules`): containers from the group name,
  the owner from the profile name (``dyi_owner_id(None)`` without a profile), posts
  and comments from container, whole-second time and text, each comment's ``post_id``
  from its comment id (the commented post is not in the export);
- **containers**: the owner's groups that appear in some file, kind ``group``, name
  kept, ``url`` kept only in layouts with the group-interactions file (``2021``);
- **posts**: the owner's posts; ``created_at`` truncated to the second; message kept
  (an empty message becomes null); ``post_type`` photo stays photo, video and live
  become video, else link when there is a ``link_url``, else event stays event, else
  status (polls, shares without a link and ``other`` carry no attachment);
  ``link_url`` kept and ``link_domain`` recomputed from it; every count, reach,
  permalink and mention dropped;
- **comments**: the owner's comments, times truncated, message kept (empty → null),
  ``parent_id`` and counts dropped;
- **members**: only the owner, in each group where they posted, commented, joined
  (``joined_at`` non-null, truncated to the second), administer, or moderate (in
  layouts with a badges file); role admin, moderator (badge layouts only), else
  ``member`` when ``joined_at`` is known, else ``unknown``; the owner's name when the
  profile is written; ``is_organization`` false;
- no reactions, reaction counts, audience or other people's rows.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import polars as pl

from groepsinzicht.dataset import Dataset
from groepsinzicht.errors import ParameterError
from groepsinzicht.synth._rules import derived_id, dyi_group_id, dyi_owner_id, link_domain

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["DYI_LAYOUTS", "project_dyi", "write_dyi"]

Layout = Literal["2018", "2021", "2022", "2024", "2024-nested"]
Lang = Literal["en", "fr", "nl"]


@dataclass(frozen=True)
class _Layout:
    """Where one layout generation keeps each file, and under which top-level key."""

    posts: str
    posts_key: str
    comments: str | None  # None: comments are items of the posts file (2018-2020)
    membership: str
    membership_key: str
    admined: str
    admined_key: str
    badges: str | None
    interactions: str | None
    profile: str
    profile_key: str

    @property
    def legacy(self) -> bool:
        return self.comments is None


def _v2(groups: str, profile: str, *, badges: str | None,
        interactions: str | None = None, posts: str = "group_posts_and_comments.json",
        ) -> _Layout:
    return _Layout(
        posts=groups + posts, posts_key="group_posts_v2",
        comments=groups + "your_comments_in_groups.json",
        membership=groups + "your_group_membership_activity.json",
        membership_key="groups_joined_v2",
        admined=groups + "your_groups.json", admined_key="groups_admined_v2",
        badges=None if badges is None else groups + badges,
        interactions=interactions, profile=profile, profile_key="profile_v2",
    )


_PROFILE_2022 = "personal_information/profile_information/profile_information.json"

#: The layout generations of FORMATS.md §3.1 (paths inside the export).
DYI_LAYOUTS: Final[dict[str, _Layout]] = {
    "2018": _Layout(
        posts="groups/your_posts_and_comments_in_groups.json", posts_key="group_posts",
        comments=None,
        membership="groups/your_group_membership_activity.json",
        membership_key="groups_joined",
        admined="groups/your_groups.json", admined_key="groups_admined",
        badges=None, interactions=None,
        profile="profile_information/profile_information.json", profile_key="profile",
    ),
    "2021": _v2("groups/", "profile_information/profile_information.json",
                badges="creator_badges.json",
                interactions="activity_messages/group_interactions.json",
                posts="your_posts_in_groups.json"),
    "2022": _v2("your_activity_across_facebook/groups/", _PROFILE_2022,
                badges="your_badges.json"),
    "2024": _v2("your_facebook_activity/groups/", _PROFILE_2022,
                badges="your_badges.json"),
    "2024-nested": _v2("personal_information/profile_information/your_facebook_activity/"
                       "groups/", _PROFILE_2022, badges="your_badges.json"),
}

# The sentences are the reader's title patterns (English as in real exports, French
# after the avastar fixture, Dutch invented: no real Dutch title was found).
_TITLES: Final[dict[str, dict[str, str]]] = {
    "en": {"post": "{owner} posted in {group}.",
           "comment": "{owner} commented on {author}'s post.",
           "comment_anon": "{owner} commented on a post.",
           "join": "{owner} became a member of {group}.",
           "times": "{n} times", "nobody": "Facebook user"},
    "fr": {"post": "{owner} a publié dans {group}.",
           "comment": "{owner} a commenté la publication de {author}.",
           "comment_anon": "{owner} a commenté une publication.",
           "join": "{owner} est devenu membre de {group}.",
           "times": "{n} fois", "nobody": "Utilisateur Facebook"},
    "nl": {"post": "{owner} plaatste iets in {group}.",
           "comment": "{owner} reageerde op het bericht van {author}.",
           "comment_anon": "{owner} reageerde op een bericht.",
           "join": "{owner} is lid geworden van {group}.",
           "times": "{n} keer", "nobody": "Facebook-gebruiker"},
}

_SECONDS = pl.col("created_at").dt.epoch("s")


# --------------------------------------------------------------------------- selection
def _owner_name(ds: Dataset, owner_id: str) -> str | None:
    names = (
        ds.members.filter(pl.col("member_id") == owner_id)
        .get_column("name").drop_nulls()
    )
    return str(names[0]) if names.len() else None


def _owner_groups(ds: Dataset, owner_id: str) -> pl.DataFrame:
    """The owner's groups: container_id, name (the id when unnamed), url, new id."""
    mine = pl.col("author_id") == owner_id
    ids = pl.concat([
        ds.posts.filter(mine).select("container_id"),
        ds.comments.filter(mine).select("container_id"),
        ds.members.filter(pl.col("member_id") == owner_id).select("container_id"),
    ]).unique()
    groups = (
        ds.containers.filter(pl.col("kind") == "group")
        .join(ids, on="container_id", how="semi")
        .select("container_id", pl.coalesce("name", "container_id").alias("group"), "url")
        .sort("container_id")
    )
    dup = groups.get_column("group").is_duplicated()
    if dup.any():
        msg = ("a DYI export names groups only by name: the owner's groups must have "
               f"distinct names, got {int(dup.sum())} groups sharing a name")
        raise ParameterError(msg)
    new_ids = [dyi_group_id(n) for n in groups.get_column("group").to_list()]
    return groups.with_columns(pl.Series("new_id", new_ids, dtype=pl.String))


def _rows(df: pl.DataFrame, *cols: str) -> list[tuple[Any, ...]]:
    """Columns zipped into tuples (a writer must emit one nested JSON item per row)."""
    return list(zip(*(df.get_column(c).to_list() for c in cols), strict=True))


# --------------------------------------------------------------------------- items
def _attachments(post_type: str, link_url: str | None, message: str | None, ts: int,
                 key: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = []
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    if post_type in ("photo", "video", "live"):
        ext = "jpg" if post_type == "photo" else "mp4"
        media: dict[str, Any] = {
            "uri": f"your_facebook_activity/posts/media/Groups_{digest}/{digest}.{ext}",
            "creation_timestamp": ts - 2, "title": "",
        }
        if post_type == "photo":
            media["media_metadata"] = {"photo_metadata": {"exif_data": [
                {"upload_ip": "203.0.113.7", "taken_timestamp": ts - 60}]}}
        data.append({"media": media})
    if link_url is not None:
        data.append({"external_context": {"url": link_url}})
    if post_type == "event":
        data.append({"event": {"name": message or "", "start_timestamp": ts + 86400,
                               "end_timestamp": ts + 90000}})
    return [{"data": data}] if data else []


def _post_items(ds: Dataset, owner_id: str, groups: pl.DataFrame, owner: str,
                titles: dict[str, str]) -> list[tuple[int, dict[str, Any]]]:
    posts = (
        ds.posts.filter(pl.col("author_id") == owner_id)
        .join(groups.select("container_id", "group"), on="container_id")
        .sort("created_at", "post_id")
        .with_columns(_SECONDS.alias("ts"), pl.col("post_type").cast(pl.String))
    )
    out = []
    for ts, group, message, post_type, link_url, post_id in _rows(
            posts, "ts", "group", "message", "post_type", "link_url", "post_id"):
        item: dict[str, Any] = {"timestamp": ts}
        att = _attachments(post_type, link_url, message, ts, str(post_id))
        if att:
            item["attachments"] = att
        # Photo-only posts have no "post" element, only the update time (FORMATS §3.2).
        item["data"] = [{"post": message}] if message else [{"update_timestamp": ts}]
        item["title"] = titles["post"].format(owner=owner, group=group)
        out.append((ts, item))
    return out


def _comment_items(ds: Dataset, owner_id: str, groups: pl.DataFrame, owner: str,
                   titles: dict[str, str]) -> list[tuple[int, dict[str, Any]]]:
    author_names = ds.posts.select("container_id", "post_id", "author_id").join(
        ds.members.select("container_id", pl.col("member_id").alias("author_id"),
                          pl.col("name").alias("post_author")),
        on=["container_id", "author_id"], how="left",
    ).select("container_id", "post_id", "post_author")
    comments = (
        ds.comments.filter(pl.col("author_id") == owner_id)
        .join(groups.select("container_id", "group"), on="container_id")
        .join(author_names, on=["container_id", "post_id"], how="left")
        .sort("created_at", "comment_id")
        .with_columns(_SECONDS.alias("ts"))
    )
    out = []
    for ts, group, message, author in _rows(comments, "ts", "group", "message",
                                            "post_author"):
        title = (titles["comment"].format(owner=owner, author=author) if author
                 else titles["comment_anon"].format(owner=owner))
        out.append((ts, {
            "timestamp": ts,
            "data": [{"comment": {"timestamp": ts, "comment": message or "",
                                  "author": owner, "group": group}}],
            "title": title,
        }))
    return out


def _owner_rows(ds: Dataset, owner_id: str, groups: pl.DataFrame) -> pl.DataFrame:
    return (
        ds.members.filter(pl.col("member_id") == owner_id)
        .join(groups, on="container_id")
        .with_columns(pl.col("role").cast(pl.String),
                      pl.col("joined_at").dt.epoch("s").alias("joined_ts"))
        .sort("container_id")
    )


def _first_activity(ds: Dataset, owner_id: str) -> pl.DataFrame:
    mine = pl.col("author_id") == owner_id
    return (
        pl.concat([ds.posts.filter(mine).select("container_id", "created_at"),
                   ds.comments.filter(mine).select("container_id", "created_at")])
        .group_by("container_id")
        .agg(pl.col("created_at").min().dt.epoch("s").alias("first_ts"))
    )


def _documents(ds: Dataset, owner_id: str, layout: _Layout, lang: str,
               *, profile: bool) -> dict[str, Any]:
    """Path inside the export -> JSON document."""
    titles = _TITLES[lang]
    name = _owner_name(ds, owner_id)
    owner = name or titles["nobody"]
    groups = _owner_groups(ds, owner_id)
    posts = _post_items(ds, owner_id, groups, owner, titles)
    comments = _comment_items(ds, owner_id, groups, owner, titles)
    rows = _owner_rows(ds, owner_id, groups).join(
        _first_activity(ds, owner_id), on="container_id", how="left")
    docs: dict[str, Any] = {}
    if layout.comments is None:
        merged = sorted(posts + comments, key=lambda p: p[0])
        docs[layout.posts] = {layout.posts_key: [item for _, item in merged]}
    else:
        docs[layout.posts] = {layout.posts_key: [item for _, item in posts]}
        docs[layout.comments] = {"group_comments_v2": [item for _, item in comments]}
    joins = []
    for ts, group in _rows(rows.filter(pl.col("joined_ts").is_not_null())
                           .sort("joined_ts", "container_id"), "joined_ts", "group"):
        title = titles["join"].format(owner=owner, group=group)
        if layout.legacy:
            joins.append({"title": title, "timestamp": ts,
                          "attachments": [{"data": [{"name": group}]}]})
        else:
            joins.append({"timestamp": ts, "data": [{"name": group}], "title": title})
    docs[layout.membership] = {layout.membership_key: joins}
    admined = []
    for group, joined, first in _rows(rows.filter(pl.col("role") == "admin"),
                                      "group", "joined_ts", "first_ts"):
        item: dict[str, Any] = {"name": group}
        when = joined if joined is not None else first
        if when is not None:
            item["timestamp"] = when
        admined.append(item)
    docs[layout.admined] = {layout.admined_key: admined}
    if layout.badges is not None:
        badges = {group: ["Admin" if role == "admin" else "Moderator"]
                  for group, role in _rows(rows.filter(pl.col("role").is_in(
                      ["admin", "moderator"])), "group", "role")}
        docs[layout.badges] = {"group_badges_v2": badges}
    if layout.interactions is not None:
        counts = pl.concat([
            ds.posts.filter(pl.col("author_id") == owner_id).select("container_id"),
            ds.comments.filter(pl.col("author_id") == owner_id).select("container_id"),
        ]).group_by("container_id").len()
        entries = []
        for group, url, n in _rows(
                groups.join(counts, on="container_id", how="left")
                .with_columns(pl.col("len").fill_null(0)), "group", "url", "len"):
            data: dict[str, Any] = {"name": group, "value": titles["times"].format(n=n)}
            if url is not None:
                data["uri"] = url
            entries.append({"data": data})
        docs[layout.interactions] = {"group_interactions_v2": [
            {"name": "", "description": "", "entries": entries}]}
    if profile and name is not None:
        first, _, last = name.partition(" ")
        docs[layout.profile] = {layout.profile_key: {
            "name": {"full_name": name, "first_name": first, "middle_name": "",
                     "last_name": last},
            "registration_timestamp": 1262304000,
        }}
    return docs


def _to_mojibake(value: Any) -> Any:
    """Every string (keys too) as Facebook writes it: UTF-8 bytes read as Latin-1."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, dict):
        return {_to_mojibake(k): _to_mojibake(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_mojibake(v) for v in value]
    return value


def _encode(doc: Any, *, mojibake: bool) -> bytes:
    if mojibake:
        # ensure_ascii writes each Latin-1 character as \u00XX: Facebook's escapes.
        return json.dumps(_to_mojibake(doc), indent=2, ensure_ascii=True).encode("ascii")
    return json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8")


# --------------------------------------------------------------------------- public
def write_dyi(
    ds: Dataset,
    path: str | PathLike[str],
    *,
    owner_id: str,
    layout: Layout = "2021",
    lang: Lang = "en",
    mojibake: bool = True,
    archive: bool = False,
    parts: int = 1,
    root: str | None = None,
    profile: bool = True,
) -> list[Path]:
    r"""Write the DYI export of one member of ``ds`` (its *owner*).

    Parameters
    ----------
    ds
        The Dataset.
    path
        Output folder (created when missing).
    owner_id
        The member whose export this is.
    layout
        Layout generation: ``"2018"`` (``groups/your_posts_and_comments_in_groups.json``,
        v1 keys), ``"2021"`` (flat ``_v2``, with badges and group interactions),
        ``"2022"`` (``your_activity_across_facebook/``), ``"2024"``
        (``your_facebook_activity/`` and ``personal_information/``) or
        ``"2024-nested"`` (the group files one level deeper, under
        ``personal_information/profile_information/``).
    lang
        Language of the ``title`` sentences and count strings.
    mojibake
        Write non-ASCII text as Facebook does (``\u00c3\u00a9`` for ``é``); False
        writes raw UTF-8, as hand-edited samples do.
    archive
        Write zip archives (``facebook-export.zip``) instead of a folder tree.
    parts
        Split the files over this many zips (``archive=True``), as large exports are.
    root
        A top folder inside the export (``facebook-annajansen-2026``).
    profile
        Write the profile file with the owner's name (when the name is known).

    Returns
    -------
    list of pathlib.Path
        The files (or zips) written.

    Raises
    ------
    ParameterError
        Two of the owner's groups share a name, or ``parts`` is not 1 without
        ``archive``.

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl, tempfile
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(
    ...     containers=pl.DataFrame({"container_id": ["g1"], "kind": ["group"],
    ...                              "name": ["Wijk Oost"]}),
    ...     members=pl.DataFrame({"container_id": ["g1"], "member_id": ["m1"],
    ...                           "name": ["Anna Jansen"]}),
    ...     posts=pl.DataFrame({"container_id": ["g1"], "post_id": ["g1_1"],
    ...         "author_id": ["m1"], "message": ["Wie heeft er zaadjes?"],
    ...         "created_at": [datetime(2024, 5, 1, 12, tzinfo=timezone.utc)]}))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = write_dyi(ds, tmp, owner_id="m1")
    ...     back = gi.load(tmp)
    >>> [f.name for f in files][:2]
    ['group_interactions.json', 'creator_badges.json']
    >>> back == project_dyi(ds, owner_id="m1")
    True
    """
    if layout not in DYI_LAYOUTS:
        msg = f"layout must be one of {sorted(DYI_LAYOUTS)}, got {layout!r}"
        raise ParameterError(msg)
    if lang not in _TITLES:
        msg = f"lang must be one of {sorted(_TITLES)}, got {lang!r}"
        raise ParameterError(msg)
    if parts < 1 or (parts > 1 and not archive):
        msg = f"parts must be 1, or more with archive=True, got {parts}"
        raise ParameterError(msg)
    docs = _documents(ds, owner_id, DYI_LAYOUTS[layout], lang, profile=profile)
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    prefix = f"{root.strip('/')}/" if root else ""
    files = {prefix + inner: _encode(doc, mojibake=mojibake)
             for inner, doc in sorted(docs.items())}
    if not archive:
        written = []
        for inner, data in files.items():
            target = out / inner
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
        return written
    zips = [out / ("facebook-export.zip" if parts == 1 else
                   f"facebook-export-part{k + 1}.zip") for k in range(parts)]
    handles = [zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) for z in zips]
    try:
        for i, (inner, data) in enumerate(files.items()):
            handles[i % parts].writestr(inner, data)
    finally:
        for h in handles:
            h.close()
    return zips


def project_dyi(
    ds: Dataset,
    *,
    owner_id: str,
    layout: Layout = "2021",
    profile: bool = True,
) -> Dataset:
    """What the DYI reader gets back from ``write_dyi(ds, owner_id=...)``.

    See the module docs for the projection: the owner's posts, comments and
    memberships in the groups, with derived ids (the owner's id is mapped to
    ``dyi_owner_id(name)``), whole-second times and no counts.

    Parameters
    ----------
    ds
        The Dataset written.
    owner_id
        The owner passed to :func:`write_dyi`.
    layout, profile
        As passed to :func:`write_dyi` (they decide whether urls, moderator roles and
        the owner's name survive).

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import groepsinzicht as gi, polars as pl
    >>> from datetime import datetime, timezone
    >>> ds = gi.Dataset.from_frames(kind="group", comments=pl.DataFrame({
    ...     "container_id": ["g1"], "comment_id": ["c1"], "post_id": ["p1"],
    ...     "author_id": ["m1"], "message": [""],
    ...     "created_at": [datetime(2024, 5, 1, 12, 0, 0, 500, tzinfo=timezone.utc)]}))
    >>> p = project_dyi(ds, owner_id="m1")
    >>> p.comments.select("message", "created_at").row(0)
    (None, datetime.datetime(2024, 5, 1, 12, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC')))
    """
    spec = DYI_LAYOUTS[layout]
    name = _owner_name(ds, owner_id)
    name_out = name if profile else None
    owner = dyi_owner_id(name_out)
    groups = _owner_groups(ds, owner_id)
    gmap = groups.select("container_id", "new_id")
    seconds = pl.from_epoch(_SECONDS, time_unit="s").dt.replace_time_zone("UTC")
    empty_to_null = pl.when(pl.col("message") != "").then(pl.col("message"))

    posts = (
        ds.posts.filter(pl.col("author_id") == owner_id)
        .join(gmap, on="container_id")
        .sort("created_at", "post_id")
        .with_columns(seconds.alias("created_at"), empty_to_null.alias("message"),
                      pl.col("post_type").cast(pl.String))
        .with_columns(
            pl.when(pl.col("post_type") == "photo").then(pl.lit("photo"))
            .when(pl.col("post_type").is_in(["video", "live"])).then(pl.lit("video"))
            .when(pl.col("link_url").is_not_null()).then(pl.lit("link"))
            .when(pl.col("post_type") == "event").then(pl.lit("event"))
            .otherwise(pl.lit("status")).alias("post_type"),
            link_domain(pl.col("link_url")).alias("link_domain"),
        )
    )
    post_ids = [derived_id("post", c, t, m) for c, t, m in _rows(
        posts.with_columns(_SECONDS.alias("ts")), "new_id", "ts", "message")]
    posts = (
        posts.with_columns(pl.Series("post_id", post_ids, dtype=pl.String),
                           pl.col("new_id").alias("container_id"),
                           pl.lit(owner).alias("author_id"))
        .unique(["container_id", "post_id"], keep="last", maintain_order=True)
        .select("container_id", "post_id", "author_id", "created_at", "message",
                "post_type", "link_url", "link_domain")
    )

    comments = (
        ds.comments.filter(pl.col("author_id") == owner_id)
        .join(gmap, on="container_id")
        .sort("created_at", "comment_id")
        .with_columns(seconds.alias("created_at"), empty_to_null.alias("message"))
    )
    comment_ids = [derived_id("comment", c, t, m) for c, t, m in _rows(
        comments.with_columns(_SECONDS.alias("ts")), "new_id", "ts", "message")]
    comments = (
        comments.with_columns(
            pl.Series("comment_id", comment_ids, dtype=pl.String),
            pl.Series("post_id", [derived_id("post-of-comment", c)
                                  for c in comment_ids], dtype=pl.String),
            pl.col("new_id").alias("container_id"),
            pl.lit(owner).alias("author_id"),
        )
        .unique(["container_id", "comment_id"], keep="last", maintain_order=True)
        .select("container_id", "comment_id", "post_id", "author_id", "created_at",
                "message")
    )

    rows = _owner_rows(ds, owner_id, groups)
    moderator = pl.lit(spec.badges is not None) & (pl.col("role") == "moderator")
    active = pl.concat([posts.select("container_id"), comments.select("container_id")])
    members = (
        rows.filter(pl.col("joined_at").is_not_null() | (pl.col("role") == "admin")
                    | moderator)
        .select(pl.col("new_id").alias("container_id"), "role", "joined_at")
        .join(active.unique(), on="container_id", how="full", coalesce=True)
        .with_columns(
            pl.when(pl.col("role") == "admin").then(pl.lit("admin"))
            .when(moderator).then(pl.lit("moderator"))
            .when(pl.col("joined_at").is_not_null()).then(pl.lit("member"))
            .otherwise(pl.lit("unknown")).alias("role"),
            pl.from_epoch(pl.col("joined_at").dt.epoch("s"), time_unit="s")
            .dt.replace_time_zone("UTC").alias("joined_at"),
            pl.lit(owner).alias("member_id"),
            pl.lit(name_out, dtype=pl.String).alias("name"),
            pl.lit(False).alias("is_organization"),
        )
        .select("container_id", "member_id", "name", "role", "joined_at",
                "is_organization")
    )
    shown = members.select("container_id")
    if spec.interactions is not None:
        shown = pl.concat([shown, groups.select(pl.col("new_id").alias("container_id"))])
    containers = (
        groups.rename({"container_id": "old_id"})
        .select(pl.col("new_id").alias("container_id"), pl.col("group").alias("name"),
                pl.col("url") if spec.interactions is not None
                else pl.lit(None, dtype=pl.String).alias("url"))
        .join(shown.unique(), on="container_id", how="semi")
        .with_columns(pl.lit("group").alias("kind"))
    )
    # The owner's memberships are listed, but they are no group's member list.
    return Dataset.from_frames(containers=containers, members=members.with_columns(listed=True),
                               posts=posts, comments=comments, member_list=False)
