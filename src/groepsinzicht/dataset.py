"""The :class:`Dataset`: the eight canonical tables, validated, with provenance.

Readers build one, analyses read one. A Dataset is immutable: ``filter``, ``merge`` and
``with_organization`` return new ones and never modify the caller's frames.
"""

from __future__ import annotations

import html
import json
import warnings
from dataclasses import dataclass, field, replace
from datetime import UTC as _UTC
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import polars as pl

from groepsinzicht._version import __version__
from groepsinzicht.errors import (
    DataQualityWarning,
    FormatError,
    InternalError,
    ParameterError,
    ParameterTypeError,
    SchemaError,
    UnknownTableError,
    shorten,
)
from groepsinzicht.schema import SCHEMA_VERSION, SIZE_SOURCE, TABLES, check_unique, validate

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from os import PathLike

__all__ = ["NULLED_SCHEMA", "RECONCILIATION_SCHEMA", "TABLE_NAMES", "Dataset", "LazyDataset",
           "Summary", "organization_known", "scan", "size_sources"]

TABLE_NAMES: tuple[str, ...] = (
    "containers",
    "audience",
    "members",
    "posts",
    "comments",
    "reactions",
    "reaction_counts",
    "rejected",
)

#: Per source file: ``rows_seen = rows_kept + rows_rejected + rows_duplicate``;
#: ``rows_duplicate_differing`` of the duplicates differed from the row they replaced.
RECONCILIATION_SCHEMA = pl.Schema(
    {"source": pl.String(), "format": pl.String(), "rows_seen": pl.Int64(),
     "rows_kept": pl.Int64(), "rows_rejected": pl.Int64(), "rows_duplicate": pl.Int64(),
     "rows_duplicate_differing": pl.Int64()}
)
_RECON_SCHEMA = RECONCILIATION_SCHEMA

#: Optional fields set to null because their value was implausible (collect mode).
NULLED_SCHEMA = pl.Schema(
    {"source": pl.String(), "table": pl.String(), "column": pl.String(),
     "rows": pl.Int64()}
)


def _ordered(name: str, df: pl.DataFrame) -> pl.DataFrame:
    """Rows sorted by key (then the other scalar columns), for order-blind comparison.

    Only equality sorts: string sorts are slow on millions of rows, so the tables keep
    the (deterministic) order in which readers and merges produce them.
    """
    keys = list(TABLES[name].keys) or list(df.columns)
    rest = [c for c, d in df.schema.items() if c not in keys and not isinstance(d, pl.List)]
    return df.sort([*keys, *rest], nulls_last=True, maintain_order=True)


def _empty_reconciliation() -> pl.DataFrame:
    return pl.DataFrame(schema=_RECON_SCHEMA)


def _empty_nulled() -> pl.DataFrame:
    return pl.DataFrame(schema=NULLED_SCHEMA)


def _reconciliation(frame: pl.DataFrame | None) -> pl.DataFrame:
    """A reconciliation frame in the current schema (older ones lack the duplicates)."""
    if frame is None:
        return _empty_reconciliation()
    return frame.select(
        [(pl.col(c) if c in frame.columns else pl.lit(0)).cast(d).alias(c)
         for c, d in _RECON_SCHEMA.items()]
    )


def broken_thread_comments(comments: pl.DataFrame) -> pl.Series:
    """Flag comments whose parent link is broken: a self-parent, a cycle, a missing parent.

    Such comments are taken as top-level comments by every analysis and counted as
    ``broken_threads`` in :meth:`Dataset.summary`. A comment replying (directly or not)
    to a comment in a cycle is not broken itself: its chain ends at the cycle, whose
    comments are top-level.

    Parameters
    ----------
    comments
        Rows with ``container_id``, ``comment_id`` and ``parent_id``.

    Returns
    -------
    polars.Series
        Boolean, in row order.

    Examples
    --------
    >>> c = pl.DataFrame({"container_id": "g", "comment_id": ["a", "b", "c", "d", "e"],
    ...                   "parent_id": [None, "b", "c", "b", "x"]})
    >>> broken_thread_comments(c).to_list()
    [False, True, True, False, True]
    >>> c = pl.DataFrame({"container_id": "g", "comment_id": ["s"], "parent_id": ["s"]})
    >>> broken_thread_comments(c).to_list()
    [True]
    """
    rows = comments.select("container_id", "comment_id", "parent_id").with_row_index("__i")
    linked = rows.join(
        rows.select("container_id", pl.col("comment_id").alias("parent_id"),
                    pl.col("__i").alias("__up")),
        on=["container_id", "parent_id"], how="left", maintain_order="left",
    ).unique("__i", keep="first", maintain_order=True)
    has_parent = linked.get_column("parent_id").is_not_null()
    up = linked.get_column("__up")
    missing = has_parent & up.is_null()
    self_parent = (linked.get_column("parent_id") == linked.get_column("comment_id")) \
        .fill_null(False)
    broken = missing | self_parent
    # Cycles: follow parents by pointer jumping; what has not reached a top after
    # log2(n) doublings is in a cycle or hangs below one. Those few rows are walked.
    p = up.cast(pl.Int64).fill_null(-1).to_numpy().copy()
    p[self_parent.to_numpy()] = -1
    jump = p.copy()
    n = len(jump)
    for _ in range(int(np.ceil(np.log2(n + 1))) + 1):
        live = jump >= 0
        if not live.any():
            break
        jump[live] = jump[jump[live]]
    in_cycle = np.zeros(n, dtype=bool)
    state = np.zeros(n, dtype=np.int8)  # 0 new, 1 on the current path, 2 done
    for start in np.flatnonzero(jump >= 0).tolist():  # malformed data only: few rows
        path: list[int] = []
        i = start
        while i >= 0 and state[i] == 0:
            state[i] = 1
            path.append(i)
            i = int(p[i])
        if i >= 0 and state[i] == 1:
            in_cycle[path[path.index(i):]] = True
        state[path] = 2
    return (broken | pl.Series(in_cycle)).alias("broken_thread")


def _member_ids(
    posts: pl.DataFrame, comments: pl.DataFrame, reactions: pl.DataFrame
) -> pl.DataFrame:
    """Every (container, member) seen as author, commenter, reactor or mentioned."""
    frames = [
        posts.select("container_id", pl.col("author_id").alias("member_id")),
        comments.select("container_id", pl.col("author_id").alias("member_id")),
        reactions.select("container_id", pl.col("actor_id").alias("member_id")),
    ]
    return pl.concat(frames).drop_nulls().unique(maintain_order=True)


def _complete_members(
    members: pl.DataFrame,
    posts: pl.DataFrame,
    comments: pl.DataFrame,
    reactions: pl.DataFrame,
) -> pl.DataFrame:
    seen = _member_ids(posts, comments, reactions)
    missing = seen.join(members, on=["container_id", "member_id"], how="anti")
    if missing.height == 0:
        return members
    # Rows inferred from activity: nobody listed them as members.
    return pl.concat([members, validate("members", missing.with_columns(listed=False))])


def _apply_organization(
    members: pl.DataFrame,
    containers: pl.DataFrame,
    org_ids: Sequence[str],
    org_names: Sequence[str],
) -> pl.DataFrame:
    """Mark the organisation's accounts in ``members`` (DESIGN.md "The organisation").

    A page's own account (``member_id`` equal to the page's ``container_id``) is the
    organisation of its own container; an id or name on the organisation list is an
    organisation account in every container. A hit gets ``is_organization`` true and,
    where the source states no role (``unknown``), role ``organization``.
    """
    pages = containers.filter(pl.col("kind") == "page").get_column("container_id")
    hit = (
        pl.col("member_id").is_in(list(org_ids))
        | pl.col("name").is_in(list(org_names))
        | (pl.col("container_id").is_in(pages.implode()) & (pl.col("member_id")
                                                           == pl.col("container_id")))
    ).fill_null(value=False)
    return members.with_columns(
        (pl.col("is_organization") | hit).alias("is_organization"),
        pl.when(hit & (pl.col("role") == "unknown"))
        .then(pl.lit("organization"))
        .otherwise(pl.col("role").cast(pl.String))
        .cast(TABLES["members"].schema["role"])
        .alias("role"),
    )


def _default_member_list(members: pl.DataFrame) -> pl.Expr:
    """True for a group with listed members rows: a caller's or a source's member list."""
    listed = members.filter(pl.col("listed")).get_column("container_id").unique()
    return (pl.col("kind").cast(pl.String) == "group") & pl.col("container_id").is_in(
        listed.implode())


def _member_list(
    containers: pl.DataFrame,
    members: pl.DataFrame,
    stated: pl.DataFrame | None,
    *,
    override: bool | Mapping[str, bool] | None,
) -> pl.DataFrame:
    """Fill ``member_list``: the default, what the frame states, then ``member_list=``."""
    value = _default_member_list(members)
    if stated is not None:
        containers = containers.join(stated, on="container_id", how="left")
        value = pl.coalesce(pl.col("__stated"), value)
    if isinstance(override, bool):
        value = pl.lit(override)
    elif override is not None:
        table = pl.DataFrame(
            {"container_id": [str(k) for k in override],
             "__override": [bool(v) for v in override.values()]},
            schema={"container_id": pl.String, "__override": pl.Boolean},
        )
        containers = containers.join(table, on="container_id", how="left")
        value = pl.coalesce(pl.col("__override"), value)
    out = containers.with_columns(value.alias("member_list"))
    return out.select(TABLES["containers"].columns)


def _unique_strings(values: Iterable[str], what: str = "org_ids") -> tuple[str, ...]:
    """Distinct values as strings, in first-seen order (a single string is one value).

    Ids may be integers (Facebook ids often are); anything else is refused rather than
    turned into text such as ``'None'``.
    """
    items: list[object] = [values] if isinstance(values, str) else list(values)
    bad = [v for v in items if not isinstance(v, str | int) or isinstance(v, bool)]
    if bad:
        raise ParameterTypeError(
            f"{what}: expected ids or names (strings), got {shorten(bad[0])}")
    return tuple(dict.fromkeys(str(v) for v in items))


def _v1_member_list(containers: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    """Schema version 1's meaning: a group whose every non-organisation row has a join date."""
    full = (
        members.filter(~pl.col("is_organization"))
        .group_by("container_id")
        .agg(pl.col("joined_at").is_not_null().all().alias("__full"))
    )
    return containers.join(full, on="container_id", how="left").with_columns(
        ((pl.col("kind") == "group") & pl.col("__full").fill_null(value=False))
        .alias("member_list")
    ).drop("__full")


def _count_reactions(reactions: pl.DataFrame) -> pl.DataFrame:
    keys = list(TABLES["reaction_counts"].keys)
    return reactions.group_by(keys, maintain_order=True).agg(
        pl.len().cast(pl.Int64).alias("count"))


def _complete_reaction_counts(
    stated: pl.DataFrame, reactions: pl.DataFrame
) -> pl.DataFrame:
    """Per-type totals: the larger of what a source states and the rows it holds."""
    keys = list(TABLES["reaction_counts"].keys)
    counted = _count_reactions(reactions)
    if counted.height == 0:
        out = stated
    else:
        out = (
            pl.concat([stated, counted])
            .group_by(keys, maintain_order=True)
            .agg(pl.col("count").max())
        )
    out = out.filter(pl.col("count") > 0)
    return validate("reaction_counts", out)


def _derive_containers(
    tables: dict[str, pl.DataFrame], kind: str | None, known: pl.DataFrame
) -> pl.DataFrame:
    """Containers for every container id seen in the tables but not in ``known``."""
    ids = (
        pl.concat([t.select("container_id") for n, t in tables.items() if n != "rejected"])
        .unique(maintain_order=True)
        .join(known.select("container_id"), on="container_id", how="anti")
    )
    if ids.height == 0:
        return validate("containers", None)
    if kind is None:
        by_metric = tables["audience"].group_by("container_id").agg(
            pl.when((pl.col("metric").cast(pl.String) == "members").any())
            .then(pl.lit("group"))
            .otherwise(pl.lit("page"))
            .alias("kind")
        )
        ids = ids.join(by_metric, on="container_id", how="left")
        if ids.get_column("kind").null_count():
            warnings.warn(
                "containers were not given and their kind cannot be told from audience "
                "metrics: taken as 'group' (pass kind= or containers= to say otherwise)",
                DataQualityWarning,
                stacklevel=4,
            )
            ids = ids.with_columns(pl.col("kind").fill_null("group"))
    else:
        ids = ids.with_columns(pl.lit(kind).alias("kind"))
    return validate("containers", ids)


@dataclass(frozen=True)
class Summary:
    """What a Dataset holds: counts, time span, completeness, rejected rows.

    Attributes
    ----------
    tables
        Rows per table and per container (`container_id`, `kind`, `name`, `posts`,
        `comments`, `reactions`, `members`, `orphan_comments`, `broken_threads`: comments
        that are their own parent, in a parent cycle, or reply to a missing parent, all
        taken as top-level comments), whether the container's organisation is known
        (`organization_known`) and where its size comes from (`size_source`:
        `member_list`, `audience` or `unknown`).
    completeness
        Per container: reported vs observed comments and reactions and their ratio.
    first, last
        Earliest and latest post or comment time (UTC), or None.
    rejected
        Rejected rows per source and reason.
    reconciliation
        Per source file read: ``rows_seen = rows_kept + rows_rejected +
        rows_duplicate`` (a record whose key was already read counts as a duplicate
        where it appears again; ``rows_duplicate_differing`` of them differed from the
        row they replaced, which the last one read does).
    nulled
        Optional fields set to null because their value was implausible: `source`,
        `table`, `column`, `rows`.
    skipped
        Files inside a folder or zip that were not read: `source`, `reason`.
    """

    tables: pl.DataFrame
    completeness: pl.DataFrame
    first: datetime | None
    last: datetime | None
    rejected: pl.DataFrame
    reconciliation: pl.DataFrame
    nulled: pl.DataFrame = field(default_factory=_empty_nulled)
    skipped: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema={"source": pl.String,
                                                     "reason": pl.String}))

    def to_text(self) -> str:
        """Render the summary as plain text."""
        with pl.Config(tbl_rows=50, tbl_cols=20, tbl_hide_dataframe_shape=True,
                       tbl_width_chars=120, fmt_str_lengths=40):
            parts = [
                f"Period: {_fmt(self.first)} – {_fmt(self.last)}",
                "Per container:",
                str(self.tables),
                *self._unknowns(),
                "Completeness (observed / reported):",
                str(self.completeness),
            ]
            if self.reconciliation.height:
                parts += ["Rows read per source:", str(self.reconciliation)]
            if self.nulled.height:
                parts += ["Fields set to null (implausible values):", str(self.nulled)]
            if self.skipped.height:
                parts += ["Files skipped:", str(self.skipped)]
            if self.rejected.height:
                parts += ["Rejected rows:", str(self.rejected)]
            else:
                parts.append("Rejected rows: none")
        return "\n".join(parts)

    def __repr__(self) -> str:
        return self.to_text()

    def _unknowns(self) -> list[str]:
        """One line each for containers whose organisation or size is unknown."""
        t = self.tables
        out = []
        if "organization_known" in t.columns:
            n = t.filter(~pl.col("organization_known")).height
            if n:
                out.append(f"Organisation unknown for {n} container(s): its answers and open "
                           "questions are unknown; name it with gi.load(..., org_ids=[...] "
                           "or org_names=[...]) or ds.with_organization([...]).")
        if "size_source" in t.columns:
            n = t.filter(pl.col("size_source") == "unknown").height
            if n:
                out.append(f"Size unknown for {n} container(s) (no complete member list "
                           "and no member or follower count): reach is unknown there.")
        return out

    def _repr_html_(self) -> str:
        parts = [
            f"<p><b>Period:</b> {html.escape(_fmt(self.first))} – "
            f"{html.escape(_fmt(self.last))}</p>",
            "<h4>Per container</h4>",
            self.tables._repr_html_(),
            *(f"<p>{html.escape(line)}</p>" for line in self._unknowns()),
            "<h4>Completeness (observed / reported)</h4>",
            self.completeness._repr_html_(),
        ]
        if self.reconciliation.height:
            parts += ["<h4>Rows read per source</h4>", self.reconciliation._repr_html_()]
        if self.nulled.height:
            parts += ["<h4>Fields set to null (implausible values)</h4>",
                      self.nulled._repr_html_()]
        if self.skipped.height:
            parts += ["<h4>Files skipped</h4>", self.skipped._repr_html_()]
        parts.append("<h4>Rejected rows</h4>")
        parts.append(self.rejected._repr_html_() if self.rejected.height else "<p>none</p>")
        return "\n".join(parts)


def _fmt(t: datetime | None) -> str:
    return "—" if t is None else t.strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True, repr=False, eq=False)
class Dataset:
    """The canonical tables of one or more exports.

    Every table is always present (empty with the canonical schema when a source lacks
    it). Build one with :meth:`from_frames`, :func:`groepsinzicht.load` or
    :func:`groepsinzicht.load_sample`.

    The organisation
    ----------------
    The municipality's own accounts are marked ``is_organization`` (role
    ``organization`` where the source states no role), from what the export states:

    - a page's own account is the organisation of its own page, in every format that
      carries pages (Graph API page feeds, CrowdTangle, Insights, Business Suite,
      Content Library, :meth:`from_frames` with a page);
    - the Dataset keeps an **organisation list** (:attr:`org_ids`, :attr:`org_names`):
      the page accounts of the owner's own page exports (Business Suite and Insights,
      exports only a page's admins can make), ``load(org_ids=..., org_names=...)`` and
      :meth:`with_organization`. An account on the list is an organisation account in
      every container (the municipality's page posting in its project group), also
      after loading several sources together or :meth:`merge`. A researcher's list of
      unrelated pages (CrowdTangle, Content Library) puts nobody on the list: each page
      is the organisation of its own page only;
    - the list is kept in ``dataset.json``, also for accounts that were not active.

    A page's organisation is always known; a group's is known when the list is not
    empty (or a ``members`` row of the group is marked ``is_organization``). Where it is
    unknown, the measures that depend on it (``conversation``'s answer times and shares,
    ``question_responses``, ``open_questions``) are null and the analysis warns once
    (:class:`~groepsinzicht.errors.DataQualityWarning`) naming the containers and how to
    name the organisation. :func:`organization_known` says it per container.

    Size at time t
    --------------
    One rule for every analysis that shows a size (notification reach, timeline,
    planner, report): when a group's ``members`` are its complete member list
    (``containers.member_list``) and every listed, non-organisation row has a
    ``joined_at``, the size at t is the number of those joined at or before t. Rows
    inferred from activity (authors, commenters, reactors: ``members.listed`` false)
    never count and never switch that rule off. Otherwise the size is the ``audience``
    value (metric ``members`` for a group; ``followers``, else ``page_likes``, for a
    page) at or before t, else the earliest after t, else unknown (null, never 0).
    A personal "Download your information" export lists its owner only: no member
    list, so no size from it. :func:`size_sources` says per container which applies
    (``member_list``, ``audience`` or ``unknown``); ``summary()`` shows it.

    Attributes
    ----------
    containers, audience, members, posts, comments, reactions, reaction_counts, rejected
        The canonical tables (see DESIGN.md).
    provenance
        One dict per source read: file, format, reader options, time read.
    reconciliation
        Per source file: rows seen, kept, rejected and duplicate (``rows_seen =
        rows_kept + rows_rejected + rows_duplicate``), and how many duplicates differed
        from the row they replaced (``rows_duplicate_differing``).
    nulled
        Optional fields a reader set to null for an implausible value (collect mode):
        ``source``, ``table``, ``column``, ``rows``.
    org_ids, org_names
        The organisation list: account ids and (exact, repaired) names.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> ds = gi.load_sample()
    >>> ds.posts.height > 100
    True
    """

    containers: pl.DataFrame
    audience: pl.DataFrame
    members: pl.DataFrame
    posts: pl.DataFrame
    comments: pl.DataFrame
    reactions: pl.DataFrame
    reaction_counts: pl.DataFrame
    rejected: pl.DataFrame
    provenance: tuple[dict[str, Any], ...] = field(default=())
    reconciliation: pl.DataFrame = field(default_factory=_empty_reconciliation)
    nulled: pl.DataFrame = field(default_factory=_empty_nulled)
    org_ids: tuple[str, ...] = field(default=())
    org_names: tuple[str, ...] = field(default=())

    # ------------------------------------------------------------------ building
    @classmethod
    def from_frames(
        cls,
        *,
        containers: pl.DataFrame | None = None,
        audience: pl.DataFrame | None = None,
        members: pl.DataFrame | None = None,
        posts: pl.DataFrame | None = None,
        comments: pl.DataFrame | None = None,
        reactions: pl.DataFrame | None = None,
        reaction_counts: pl.DataFrame | None = None,
        rejected: pl.DataFrame | None = None,
        tz: str | None = None,
        kind: Literal["group", "page"] | None = None,
        provenance: Sequence[dict[str, Any]] = (),
        reconciliation: pl.DataFrame | None = None,
        nulled: pl.DataFrame | None = None,
        member_list: bool | Mapping[str, bool] | None = None,
        org_ids: Iterable[str] = (),
        org_names: Iterable[str] = (),
    ) -> Dataset:
        """Validate frames from another tool into a Dataset.

        Missing tables are empty; missing nullable columns become nulls; required
        columns with a natural default get it. The rows of ``members`` count as listed
        (``listed`` true, unless the frame says otherwise); ``members`` is then completed
        with every author, commenter and reactor not in it (role ``unknown``, ``listed``
        false: inferred from activity). A group with listed rows has a complete member
        list (``member_list`` true) unless ``containers`` or ``member_list=`` say
        otherwise. ``reaction_counts`` is completed with the per-type counts of the
        ``reactions`` rows (the larger of stated and counted wins); ``containers``,
        when not given, with every container id seen, its kind taken from ``kind=`` or
        else from the audience metric. A page's own account, and every account on the
        organisation list, is marked as the organisation (see :class:`Dataset`).

        Parameters
        ----------
        containers, audience, members, posts, comments, reactions, reaction_counts, rejected
            Polars frames (or LazyFrames) with canonical column names.
        tz
            Time zone for naive datetimes; without it they are an error.
        kind
            Kind of the derived containers, when ``containers`` is not given.
        provenance
            Where the data came from (kept in ``dataset.json`` by :meth:`write`).
        reconciliation
            Rows seen/kept/rejected/duplicate per source, from a reader.
        nulled
            Fields set to null per source, table and column, from a reader.
        member_list
            Whether the ``members`` rows are a group's complete member list: one value
            for every container, or a mapping of container id to value (the others keep
            their default).
        org_ids, org_names
            The organisation list: account ids, and names matched exactly.

        Returns
        -------
        Dataset

        Raises
        ------
        SchemaError
            A frame cannot be coerced, or a key repeats.

        Examples
        --------
        >>> import polars as pl
        >>> from datetime import datetime, timezone
        >>> posts = pl.DataFrame({"container_id": ["g1"], "post_id": ["g1_1"],
        ...     "author_id": ["m1"], "created_at": [datetime(2024, 5, 1, tzinfo=timezone.utc)]})
        >>> ds = Dataset.from_frames(posts=posts, kind="group")
        >>> ds.members.select("member_id", "role", "listed").row(0)
        ('m1', 'unknown', False)

        A member list with join dates: the group's complete member list, listed rows.

        >>> members = pl.DataFrame({"container_id": ["g1"], "member_id": ["m2"],
        ...     "joined_at": [datetime(2024, 4, 1, tzinfo=timezone.utc)]})
        >>> ds = Dataset.from_frames(members=members, posts=posts, kind="group")
        >>> ds.containers.get_column("member_list").to_list()
        [True]
        >>> ds.members.select("member_id", "listed").rows()
        [('m2', True), ('m1', False)]
        """
        given = {
            "audience": audience, "posts": posts, "comments": comments,
            "reactions": reactions, "reaction_counts": reaction_counts,
        }
        t = {name: validate(name, frame, tz=tz) for name, frame in given.items()}
        t["members"] = validate("members", members, tz=tz)
        t["rejected"] = validate("rejected", rejected)
        t["members"] = _complete_members(t["members"], t["posts"], t["comments"],
                                         t["reactions"])
        t["reaction_counts"] = _complete_reaction_counts(t["reaction_counts"],
                                                         t["reactions"])
        given_containers = validate("containers", containers, tz=tz)
        raw = None if containers is None else containers.lazy()
        stated = (
            given_containers.select("container_id").with_columns(
                raw.select(pl.col("member_list").cast(pl.Boolean).alias("__stated"))
                .collect().to_series())
            if raw is not None and "member_list" in raw.collect_schema().names()
            else None
        )
        t["containers"] = _member_list(
            pl.concat(
                [given_containers, _derive_containers(t, kind, known=given_containers)]
            ),
            t["members"],
            stated,
            override=member_list,
        )
        ids = _unique_strings(org_ids)
        names = _unique_strings(org_names, "org_names")
        t["members"] = _apply_organization(t["members"], t["containers"], ids, names)
        for name, frame in t.items():
            check_unique(name, frame)
        return cls(
            provenance=tuple(dict(p) for p in provenance),
            reconciliation=_reconciliation(reconciliation),
            nulled=_empty_nulled() if nulled is None else nulled.select(
                [pl.col(c).cast(d) for c, d in NULLED_SCHEMA.items()]),
            org_ids=ids,
            org_names=names,
            **{name: t[name] for name in TABLE_NAMES},
        )

    # ------------------------------------------------------------------ views
    def table(self, name: str) -> pl.DataFrame:
        """Return a canonical table by name.

        Parameters
        ----------
        name
            One of :data:`TABLE_NAMES`.

        Raises
        ------
        groepsinzicht.errors.UnknownTableError
            (a ``KeyError``) For a name that is not a canonical table.

        Examples
        --------
        >>> import groepsinzicht as gi
        >>> gi.load_sample().table("posts").columns[:2]
        ['container_id', 'post_id']
        """
        if name not in TABLE_NAMES:
            raise UnknownTableError(
                f"table: expected one of {list(TABLE_NAMES)}, got {shorten(name)}")
        frame: pl.DataFrame = getattr(self, name)
        return frame

    @property
    def tables(self) -> dict[str, pl.DataFrame]:
        """All eight tables by name."""
        return {name: self.table(name) for name in TABLE_NAMES}

    def period(self) -> tuple[datetime | None, datetime | None]:
        """Earliest and latest post or comment time (UTC).

        Examples
        --------
        >>> import groepsinzicht as gi
        >>> first, last = gi.load_sample().period()
        >>> first < last
        True
        """
        times = pl.concat(
            [self.posts.select("created_at"), self.comments.select("created_at")]
        ).get_column("created_at")
        if times.len() == 0 or times.null_count() == times.len():
            return None, None
        lo, hi = times.min(), times.max()
        if not (isinstance(lo, datetime) and isinstance(hi, datetime)):
            raise InternalError(f"period: expected datetimes, got {type(lo).__name__}")
        return lo, hi

    def orphan_comments(self) -> pl.DataFrame:
        """Comments whose post the dataset does not contain (e.g. a DYI export).

        Examples
        --------
        >>> import groepsinzicht as gi
        >>> gi.load_sample().orphan_comments().height
        0
        """
        return self.comments.join(self.posts.select("container_id", "post_id"),
                                  on=["container_id", "post_id"], how="anti")

    def summary(self) -> Summary:
        """Counts per table and container, time span, completeness and rejected rows.

        Returns
        -------
        Summary
            Prints as text; renders as HTML in a notebook.

        Examples
        --------
        >>> import groepsinzicht as gi
        >>> s = gi.load_sample().summary()
        >>> s.tables.columns[:3]
        ['container_id', 'kind', 'name']
        """
        cid = ["container_id"]
        orphans = self.orphan_comments().group_by(cid).agg(pl.len().alias("orphan_comments"))
        counts = (
            self.containers.select("container_id", "kind", "name")
            .join(self.posts.group_by(cid).agg(pl.len().alias("posts")), on=cid, how="left")
            .join(self.comments.group_by(cid).agg(pl.len().alias("comments")), on=cid,
                  how="left")
            .join(self.reactions.group_by(cid).agg(pl.len().alias("reactions")), on=cid,
                  how="left")
            .join(self.members.group_by(cid).agg(pl.len().alias("members")), on=cid,
                  how="left")
            .join(orphans, on=cid, how="left")
            .join(self.broken_threads(), on=cid, how="left")
            .with_columns(
                pl.col("posts", "comments", "reactions", "members", "orphan_comments",
                       "broken_threads")
                .fill_null(0)
                .cast(pl.Int64)
            )
            .join(organization_known(self), on=cid, how="left")
            .join(size_sources(self), on=cid, how="left")
            .sort("container_id")
        )
        return Summary(
            tables=counts,
            completeness=self.completeness(),
            first=self.period()[0],
            last=self.period()[1],
            rejected=self.rejected.group_by("source", "reason").agg(pl.len().alias("rows"))
            .sort("source", "reason"),
            reconciliation=self.reconciliation,
            nulled=self.nulled,
            skipped=self.skipped(),
        )

    def broken_threads(self) -> pl.DataFrame:
        """Per container, the comments with a broken parent link (``broken_threads``).

        A comment that is its own parent, is in a parent cycle, or replies to a comment
        the dataset lacks. Every analysis takes these as top-level comments.

        Examples
        --------
        >>> import groepsinzicht as gi
        >>> gi.load_sample().broken_threads().columns
        ['container_id', 'broken_threads']
        """
        flags = broken_thread_comments(self.comments)
        return (
            self.comments.select("container_id").filter(flags)
            .group_by("container_id").agg(pl.len().cast(pl.Int64).alias("broken_threads"))
            .sort("container_id")
        )

    def skipped(self) -> pl.DataFrame:
        """Files inside a folder or zip that were not read, with the reason.

        Examples
        --------
        >>> import groepsinzicht as gi
        >>> gi.load_sample().skipped().columns
        ['source', 'reason']
        """
        rows = [(str(p.get("source")), str(p["skipped"])) for p in self.provenance
                if p.get("skipped")]
        return pl.DataFrame(rows, schema={"source": pl.String, "reason": pl.String},
                            orient="row")

    def completeness(self) -> pl.DataFrame:
        """Observed vs reported comments and reactions, per container.

        ``reported_*`` sums each post's stated total, or its observed count where it
        states none; ``observed_*`` counts rows (reactions from ``reaction_counts``).
        A ratio of 1.0 means the export holds every interaction it claims.

        Examples
        --------
        >>> import groepsinzicht as gi
        >>> c = gi.load_sample().completeness()
        >>> c.columns  # doctest: +NORMALIZE_WHITESPACE
        ['container_id', 'reported_comments', 'observed_comments', 'comments_ratio',
         'reported_reactions', 'observed_reactions', 'reactions_ratio']
        """
        key = ["container_id", "post_id"]
        obs_c = self.comments.group_by(key).agg(pl.len().cast(pl.Int64).alias("obs_c"))
        obs_r = (
            self.reaction_counts.filter(pl.col("target_kind") == "post")
            .group_by("container_id", pl.col("target_id").alias("post_id"))
            .agg(pl.col("count").sum().alias("obs_r"))
        )
        per_post = (
            self.posts.select(*key, "reported_comments", "reported_reactions")
            .join(obs_c, on=key, how="left")
            .join(obs_r, on=key, how="left")
            .with_columns(pl.col("obs_c", "obs_r").fill_null(0))
            .with_columns(
                pl.max_horizontal(pl.col("reported_comments").fill_null(0), "obs_c")
                .alias("rep_c"),
                pl.max_horizontal(pl.col("reported_reactions").fill_null(0), "obs_r")
                .alias("rep_r"),
            )
        )
        out = (
            self.containers.select("container_id")
            .join(
                per_post.group_by("container_id").agg(
                    pl.col("rep_c").sum().alias("reported_comments"),
                    pl.col("obs_c").sum().alias("observed_comments"),
                    pl.col("rep_r").sum().alias("reported_reactions"),
                    pl.col("obs_r").sum().alias("observed_reactions"),
                ),
                on="container_id",
                how="left",
            )
            .with_columns(
                pl.col("reported_comments", "observed_comments", "reported_reactions",
                       "observed_reactions").fill_null(0).cast(pl.Int64)
            )
            .with_columns(
                (pl.col("observed_comments") / pl.col("reported_comments"))
                .alias("comments_ratio"),
                (pl.col("observed_reactions") / pl.col("reported_reactions"))
                .alias("reactions_ratio"),
            )
            .with_columns(pl.col("comments_ratio", "reactions_ratio").fill_nan(None))
            .select("container_id", "reported_comments", "observed_comments",
                    "comments_ratio", "reported_reactions", "observed_reactions",
                    "reactions_ratio")
            .sort("container_id")
        )
        return out

    def reconciles(self) -> bool:
        """Whether per source file ``rows_seen = rows_kept + rows_rejected + rows_duplicate``.

        Examples
        --------
        >>> import groepsinzicht as gi
        >>> gi.load_sample().reconciles()
        True
        """
        r = self.reconciliation
        return bool(
            (r.get_column("rows_seen") == r.get_column("rows_kept")
             + r.get_column("rows_rejected") + r.get_column("rows_duplicate")).all()
        )

    # ------------------------------------------------------------------ transforms
    def filter(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        containers: Iterable[str] | None = None,
    ) -> Dataset:
        """Keep posts in a time window and/or some containers, with their threads.

        Posts are kept when ``since <= created_at < until``; comments, reactions and
        reaction counts follow their post (comments whose post the export lacks are
        kept by their own time). Members and audience rows are filtered by container
        only: the roster and the size history are needed to judge any window.

        Parameters
        ----------
        since, until
            Aware datetimes (naive ones are read as UTC).
        containers
            Container ids to keep.

        Returns
        -------
        Dataset

        Examples
        --------
        >>> import groepsinzicht as gi
        >>> from datetime import datetime, timezone
        >>> ds = gi.load_sample()
        >>> march = ds.filter(since=datetime(2024, 3, 1, tzinfo=timezone.utc),
        ...                   until=datetime(2024, 4, 1, tzinfo=timezone.utc))
        >>> march.posts.height < ds.posts.height
        True
        """
        def _aware(t: datetime) -> datetime:
            # Compare in UTC: the tables hold UTC, and polars refuses mixed zones.
            return t.astimezone(_UTC) if t.tzinfo is not None else t.replace(tzinfo=_UTC)

        cont = None if containers is None else [str(c) for c in containers]

        def _in_window(col: str) -> pl.Expr:
            cond = pl.lit(True)
            if since is not None:
                cond &= pl.col(col) >= _aware(since)
            if until is not None:
                cond &= pl.col(col) < _aware(until)
            return cond

        def _in_cont() -> pl.Expr:
            return pl.lit(True) if cont is None else pl.col("container_id").is_in(cont)

        posts = self.posts.filter(_in_cont() & _in_window("created_at"))
        key = ["container_id", "post_id"]
        all_posts = self.posts.select(key)
        comments = self.comments.filter(_in_cont())
        comments = pl.concat([
            comments.join(posts.select(key), on=key, how="semi"),
            comments.join(all_posts, on=key, how="anti").filter(_in_window("created_at")),
        ])
        targets = pl.concat([
            posts.select("container_id", pl.col("post_id").alias("target_id"),
                         pl.lit("post").alias("target_kind")),
            comments.select("container_id", pl.col("comment_id").alias("target_id"),
                            pl.lit("comment").alias("target_kind")),
        ]).with_columns(pl.col("target_kind").cast(TABLES["reactions"].schema["target_kind"]))
        tk = ["container_id", "target_id", "target_kind"]
        return replace(
            self,
            containers=self.containers.filter(_in_cont()),
            audience=self.audience.filter(_in_cont()),
            members=self.members.filter(_in_cont()),
            posts=posts,
            comments=comments,
            reactions=self.reactions.join(targets, on=tk, how="semi"),
            reaction_counts=self.reaction_counts.join(targets, on=tk, how="semi"),
        )

    def merge(self, other: Dataset) -> Dataset:
        """Combine two datasets, deduplicated by key; ``other`` wins on a conflict.

        Rules: posts and comments by their DESIGN.md keys, ``other``'s row replacing
        ours; members by ``(container_id, member_id)``, ``other`` winning but a null
        name or join date, or an ``unknown`` role, not overwriting a known one, and
        ``is_organization`` and ``listed`` true when either says so; containers
        likewise (a member list is complete when either side's is); the organisation
        lists are joined and applied to every container; reactions
        with a known actor by ``(container, target, kind, actor, type)``; reactions
        without an actor are kept per source: ``other``'s replace ours for the targets
        where ``other`` has any; ``reaction_counts`` and ``audience`` by all their key
        columns, ``other`` winning, then counts are completed from the merged reaction
        rows. Merging a dataset with itself changes nothing.

        Parameters
        ----------
        other
            The dataset merged in last.

        Returns
        -------
        Dataset

        Examples
        --------
        >>> import groepsinzicht as gi
        >>> ds = gi.load_sample()
        >>> ds.merge(ds).posts.height == ds.posts.height
        True
        """
        def last_wins(name: str) -> pl.DataFrame:
            keys = list(TABLES[name].keys)
            return pl.concat([self.table(name), other.table(name)]).unique(
                subset=keys, keep="last", maintain_order=True
            )

        members = _merge_coalesce(self.members, other.members, "members")
        containers = _merge_coalesce(self.containers, other.containers, "containers")
        reactions = _merge_reactions(self.reactions, other.reactions)
        counts = _complete_reaction_counts(last_wins("reaction_counts"), reactions)
        rejected = pl.concat([self.rejected, other.rejected]).unique(maintain_order=True)
        recon = pl.concat([self.reconciliation, other.reconciliation]).unique(
            maintain_order=True)
        nulled = pl.concat([self.nulled, other.nulled]).unique(maintain_order=True)
        prov = tuple(self.provenance) + tuple(
            p for p in other.provenance if p not in self.provenance
        )
        org_ids = _unique_strings((*self.org_ids, *other.org_ids))
        org_names = _unique_strings((*self.org_names, *other.org_names))
        members = _apply_organization(members, containers, org_ids, org_names)
        tables = {
            "containers": containers, "audience": last_wins("audience"),
            "members": members, "posts": last_wins("posts"),
            "comments": last_wins("comments"), "reactions": reactions,
            "reaction_counts": counts, "rejected": rejected,
        }
        return Dataset(
            provenance=prov,
            reconciliation=recon,
            nulled=nulled,
            org_ids=org_ids,
            org_names=org_names,
            **tables,
        )

    def with_organization(
        self, ids: Iterable[str] = (), *, names: Iterable[str] = ()
    ) -> Dataset:
        """Put accounts on the organisation list (its page, its staff).

        Sets ``is_organization`` on every ``members`` row of these ids (and names,
        matched exactly) in every container and, where the source states no role
        (``unknown``), role ``organization``. The list is remembered (``org_ids``,
        ``org_names``, kept in ``dataset.json``), also for ids without a ``members``
        row: a source merged in later gets them marked too.

        Parameters
        ----------
        ids
            Member ids of the organisation.
        names
            Account names of the organisation, for sources that carry names only.

        Returns
        -------
        Dataset

        Examples
        --------
        >>> import groepsinzicht as gi
        >>> ds = gi.load_sample()
        >>> some = ds.members.get_column("member_id")[0]
        >>> ds.with_organization([some]).members.filter(
        ...     pl.col("member_id") == some).get_column("is_organization").all()
        True
        >>> "not-yet-seen" in ds.with_organization(["not-yet-seen"]).org_ids
        True
        """
        org_ids = _unique_strings((*self.org_ids, *_unique_strings(ids, "ids")))
        org_names = _unique_strings((*self.org_names, *_unique_strings(names, "names")))
        members = _apply_organization(self.members, self.containers, org_ids, org_names)
        return replace(self, members=members, org_ids=org_ids, org_names=org_names)

    # ------------------------------------------------------------------ I/O
    def write(
        self,
        folder: str | PathLike[str],
        *,
        partition_by: Literal["container"] | None = None,
    ) -> Path:
        """Write the canonical folder: one Parquet file per table plus ``dataset.json``.

        Parameters
        ----------
        folder
            Created when missing; existing table files are replaced.
        partition_by
            ``"container"``: each table with a ``container_id`` is a folder in hive
            layout, one sub-folder per container (``posts/container_id=<id>/``, the id
            percent-encoded), so :func:`groepsinzicht.scan` and other engines (polars,
            DuckDB, Spark) read one container without touching the others. ``rejected``
            and empty tables stay one file each. :func:`groepsinzicht.load` reads both
            layouts.

        Returns
        -------
        pathlib.Path
            The folder.

        Raises
        ------
        ParameterError
            An unknown ``partition_by``.

        Examples
        --------
        >>> import groepsinzicht as gi, tempfile
        >>> ds = gi.load_sample()
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     back = gi.load(ds.write(tmp))
        ...     parted = gi.load(ds.write(tmp + "/parted", partition_by="container"))
        >>> back.posts.equals(ds.posts), parted == ds
        (True, True)
        """
        if partition_by not in (None, "container"):
            raise ParameterError(
                f"partition_by: expected None or 'container', got {shorten(partition_by)}")
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        for name in TABLE_NAMES:
            _write_table(self.table(name), out, name, partitioned=partition_by is not None)
        self.reconciliation.write_parquet(out / "reconciliation.parquet")
        self.nulled.write_parquet(out / "nulled.parquet")
        _write_meta(out, {name: self.table(name).height for name in TABLE_NAMES},
                    provenance=self.provenance, org_ids=self.org_ids,
                    org_names=self.org_names, partition_by=partition_by)
        return out

    @classmethod
    def read(cls, folder: str | PathLike[str]) -> Dataset:
        """Read a canonical folder written by :meth:`write`.

        Parameters
        ----------
        folder
            A folder holding ``dataset.json`` and the table files.

        Returns
        -------
        Dataset

        Raises
        ------
        FormatError
            ``dataset.json`` is missing or of a newer schema version, or a table file
            is missing or unreadable.

        Notes
        -----
        A folder of an older schema version reads with its old meaning: in a version-1
        folder every ``members`` row is ``listed``, and a group's ``member_list`` is
        true when every non-organisation row has a ``joined_at``. A page's own account
        is marked as its organisation in every folder.

        Examples
        --------
        >>> import groepsinzicht as gi, tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     n = Dataset.read(gi.load_sample().write(tmp)).posts.height
        >>> n > 0
        True
        """
        root = Path(folder)
        meta_path = root / "dataset.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise FormatError(meta_path, "file", "dataset.json of a canonical folder",
                              "no such file") from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise FormatError(meta_path, "byte 0", "a JSON object", "unreadable JSON") \
                from exc
        version = meta.get("schema_version") if isinstance(meta, dict) else None
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise FormatError(meta_path, "$.schema_version",
                              f"an integer <= {SCHEMA_VERSION}", repr(version))
        frames: dict[str, pl.DataFrame] = {}
        for name in TABLE_NAMES:
            path = root / f"{name}.parquet"
            try:
                frames[name] = _scan_table(root, name).collect()
            except FileNotFoundError as exc:
                raise FormatError(path, "file", f"the {name} table", "no such file") from exc
            except (pl.exceptions.ComputeError, OSError) as exc:
                raise FormatError(path, "file", "a Parquet file", "unreadable data") from exc
            try:
                frames[name] = validate(name, frames[name])
            except SchemaError as exc:
                raise FormatError(path, f"column {exc.column!r}", "the canonical schema",
                                  str(exc)) from exc
        if version < 2:  # the version that added member_list
            # Version 1 knew no member_list: its rule counted a group from join dates
            # when every non-organisation row had one (and every row was listed).
            frames["containers"] = _v1_member_list(frames["containers"], frames["members"])
        org = meta.get("organization") if isinstance(meta.get("organization"), dict) else {}
        org_ids = _unique_strings(org.get("ids") or ())
        org_names = _unique_strings(org.get("names") or ())
        # The organisation rule holds for every folder (a version-1 folder did not mark
        # a page's own account); on a folder this version wrote it changes nothing.
        frames["members"] = _apply_organization(frames["members"], frames["containers"],
                                                org_ids, org_names)
        recon_path = root / "reconciliation.parquet"
        recon = pl.read_parquet(recon_path) if recon_path.exists() else None
        nulled_path = root / "nulled.parquet"
        nulled = pl.read_parquet(nulled_path) if nulled_path.exists() else None
        return cls(
            provenance=tuple(meta.get("provenance") or ()),
            reconciliation=_reconciliation(recon),
            nulled=_empty_nulled() if nulled is None else nulled,
            org_ids=org_ids,
            org_names=org_names,
            **frames,
        )

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        first, last = self.period()
        span = "no posts" if first is None or last is None else (
            f"{first:%Y-%m-%d} – {last:%Y-%m-%d}")
        return (
            f"<Dataset: {self.containers.height} containers, {self.posts.height} posts, "
            f"{self.comments.height} comments, {self.reactions.height} reactions, "
            f"{self.members.height} members, {span}"
            + (f", {self.rejected.height} rejected" if self.rejected.height else "")
            + ">"
        )

    def _repr_html_(self) -> str:
        return (
            f"<p><code>{html.escape(repr(self))}</code></p>"
            + self.summary()._repr_html_()
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        # Equal as sets of rows: order is an artefact of reading and merging.
        if set(self.org_ids) != set(other.org_ids) or \
                set(self.org_names) != set(other.org_names):
            return False
        return all(
            self.table(n).height == other.table(n).height
            and _ordered(n, self.table(n)).equals(_ordered(n, other.table(n)))
            for n in TABLE_NAMES
        )

    __hash__ = None  # type: ignore[assignment]


def _merge_coalesce(a: pl.DataFrame, b: pl.DataFrame, name: str) -> pl.DataFrame:
    """Last wins by key, but nulls (and an unknown role) do not erase known values."""
    keys = list(TABLES[name].keys)
    both = pl.concat([a.with_columns(pl.lit(0).alias("__src")),
                      b.with_columns(pl.lit(1).alias("__src"))])
    if both.height == 0:
        return a
    cols = [c for c in a.columns if c not in keys]
    aggs: list[pl.Expr] = []
    for c in cols:
        if c in ("is_organization", "listed", "member_list"):
            aggs.append(pl.col(c).any().alias(c))
        elif c == "role":
            known = pl.col(c).filter(pl.col(c) != "unknown")
            aggs.append(
                pl.when(known.len() > 0).then(known.last()).otherwise(pl.col(c).last())
                .alias(c)
            )
        else:
            aggs.append(pl.col(c).drop_nulls().last().alias(c))
    out = (
        both.sort("__src", maintain_order=True)
        .group_by(keys, maintain_order=True)
        .agg(aggs)
    )
    return validate(name, out)


def _merge_reactions(a: pl.DataFrame, b: pl.DataFrame) -> pl.DataFrame:
    keys = list(TABLES["reactions"].keys)
    tk = ["container_id", "target_id", "target_kind"]
    known = pl.concat([a.filter(pl.col("actor_id").is_not_null()),
                       b.filter(pl.col("actor_id").is_not_null())]).unique(
        subset=keys, keep="last", maintain_order=True)
    anon_a = a.filter(pl.col("actor_id").is_null())
    anon_b = b.filter(pl.col("actor_id").is_null())
    anon = pl.concat([anon_a.join(anon_b.select(tk).unique(), on=tk, how="anti"), anon_b])
    return pl.concat([known, anon])


def organization_known(ds: Dataset) -> pl.DataFrame:
    """Per container, whether its organisation is known (DESIGN.md "The organisation").

    A page's organisation is its own account, always known. A group's is known when the
    Dataset's organisation list is not empty, or a ``members`` row of the group is
    marked ``is_organization``.

    Parameters
    ----------
    ds
        The dataset.

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``organization_known`` (Boolean), one row per container.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> organization_known(gi.load_sample()).get_column("organization_known").all()
    True
    """
    listed = bool(ds.org_ids or ds.org_names)
    marked = ds.members.filter(pl.col("is_organization")).get_column("container_id").unique()
    return ds.containers.select(
        "container_id",
        ((pl.col("kind") == "page") | pl.lit(listed)
         | pl.col("container_id").is_in(marked.implode())).alias("organization_known"),
    )


def size_sources(ds: Dataset) -> pl.DataFrame:
    """Per container, where its size at time t comes from (DESIGN.md "Size at time t").

    ``member_list``: a group whose ``members`` are its complete member list and whose
    every listed, non-organisation row has a ``joined_at`` (at least one); else
    ``audience`` when the ``audience`` table holds a series of the metric its kind uses
    (``members`` for a group; ``followers`` or ``page_likes`` for a page); else
    ``unknown``.

    Parameters
    ----------
    ds
        The dataset.

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``size_source`` (Enum ``member_list``, ``audience``,
        ``unknown``), one row per container.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> sorted(size_sources(gi.load_sample()).get_column("size_source").to_list())
    ['audience', 'member_list', 'member_list', 'member_list']
    """
    cid = ["container_id"]
    joined = (
        ds.members.filter(pl.col("listed") & ~pl.col("is_organization"))
        .group_by(cid)
        .agg(pl.col("joined_at").is_not_null().all().alias("__joined"))
    )
    metric = pl.col("metric").cast(pl.String)
    series = ds.audience.join(ds.containers.select("container_id", "kind"), on=cid).filter(
        pl.when(pl.col("kind") == "group").then(metric == "members")
        .otherwise(metric.is_in(["followers", "page_likes"]))
    ).select("container_id").unique().with_columns(pl.lit(value=True).alias("__series"))
    return (
        ds.containers.select("container_id", "kind", "member_list")
        .join(joined, on=cid, how="left")
        .join(series, on=cid, how="left")
        .select(
            "container_id",
            pl.when((pl.col("kind") == "group") & pl.col("member_list")
                    & pl.col("__joined").fill_null(value=False))
            .then(pl.lit("member_list"))
            .when(pl.col("__series").fill_null(value=False))
            .then(pl.lit("audience"))
            .otherwise(pl.lit("unknown"))
            .cast(SIZE_SOURCE)
            .alias("size_source"),
        )
    )


# ---------------------------------------------------------------------- canonical folder
#: The hive partition key of a folder written with ``partition_by="container"``.
PARTITION_KEY = "container_id"


def _write_table(frame: pl.DataFrame, out: Path, name: str, *, partitioned: bool) -> None:
    """One table as ``<name>.parquet``, or as ``<name>/container_id=<id>/`` files."""
    import shutil

    single, folder = out / f"{name}.parquet", out / name
    if single.exists():
        single.unlink()
    if folder.is_dir():
        shutil.rmtree(folder)
    if not partitioned or PARTITION_KEY not in frame.columns or frame.height == 0:
        frame.write_parquet(single)
        return
    _append_partitions(frame, folder, "part-0")


def _append_partitions(frame: pl.DataFrame, folder: Path, part: str) -> None:
    """Add ``frame``'s rows to a hive folder, one ``<part>.parquet`` per container.

    The key is in the folder name only (hive layout), percent-encoded as polars and
    pyarrow decode it. Several parts may land in one container's folder (the synthetic
    generator writes a large dataset in chunks this way).
    """
    from urllib.parse import quote

    for key, piece in frame.partition_by(PARTITION_KEY, as_dict=True,
                                         include_key=False).items():
        sub = folder / f"{PARTITION_KEY}={quote(str(key[0]), safe='')}"
        sub.mkdir(parents=True, exist_ok=True)
        piece.write_parquet(sub / f"{part}.parquet")


def _write_meta(
    out: Path,
    counts: dict[str, int],
    *,
    provenance: Iterable[dict[str, Any]],
    org_ids: Iterable[str],
    org_names: Iterable[str],
    partition_by: str | None,
) -> None:
    meta = {
        "format": "groepsinzicht-canonical",
        "schema_version": SCHEMA_VERSION,
        "written_by": f"groepsinzicht {__version__}",
        "written_at": datetime.now(_UTC).isoformat(timespec="seconds"),
        "tables": counts,
        "partition_by": None if partition_by is None else PARTITION_KEY,
        "organization": {"ids": list(org_ids), "names": list(org_names)},
        "provenance": list(provenance),
    }
    (out / "dataset.json").write_text(json.dumps(meta, indent=2, default=str),
                                      encoding="utf-8")


def _scan_table(root: Path, name: str) -> pl.LazyFrame:
    """A table of a canonical folder, either layout, columns in the file's order.

    Raises FileNotFoundError when neither ``<name>.parquet`` nor ``<name>/`` exists.
    """
    folder = root / name
    if not folder.is_dir():
        path = root / f"{name}.parquet"
        if not path.is_file():
            raise FileNotFoundError(path)
        return pl.scan_parquet(path)
    lf = pl.scan_parquet(folder / "**" / "*.parquet", hive_partitioning=True,
                         hive_schema={PARTITION_KEY: pl.String()})
    order = [c for c in TABLES[name].schema.names() if c in lf.collect_schema()]
    rest = [c for c in lf.collect_schema().names() if c not in order]
    return lf.select(*order, *rest)


def _read_meta(root: Path) -> tuple[dict[str, Any], int]:
    """``dataset.json`` of a canonical folder and its schema version (checked)."""
    meta_path = root / "dataset.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FormatError(meta_path, "file", "dataset.json of a canonical folder",
                          "no such file") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(meta_path, "byte 0", "a JSON object", "unreadable JSON") from exc
    version = meta.get("schema_version") if isinstance(meta, dict) else None
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise FormatError(meta_path, "$.schema_version", f"an integer <= {SCHEMA_VERSION}",
                          repr(version))
    return meta, version


def _checked_scan(root: Path, name: str) -> pl.LazyFrame:
    """A table as a LazyFrame with the canonical columns and types (checked on the schema)."""
    try:
        lf = _scan_table(root, name)
        empty = validate(name, lf.head(0).collect())
    except FileNotFoundError as exc:
        raise FormatError(root / f"{name}.parquet", "file", f"the {name} table",
                          "no such file") from exc
    except (pl.exceptions.ComputeError, OSError) as exc:
        raise FormatError(root / name, "file", "a Parquet file", "unreadable data") from exc
    except SchemaError as exc:
        raise FormatError(root / name, f"column {exc.column!r}", "the canonical schema",
                          str(exc)) from exc
    have = lf.collect_schema()
    # A column an older schema version lacks takes its default, as validate gives it
    # (members.listed: every row of a version-1 folder was listed).
    defaults = TABLES[name].defaults
    return lf.select([
        pl.col(c).cast(dtype) if c in have
        else pl.lit(defaults.get(c), dtype=dtype).alias(c)
        for c, dtype in empty.schema.items()
    ])


@dataclass(frozen=True, repr=False, eq=False)
class LazyDataset:
    """The canonical tables of a folder as polars LazyFrames: analyses past memory.

    Made by :func:`scan`. Nothing is read until a result is collected. The tables are
    the eight of :class:`Dataset`, each a :class:`polars.LazyFrame` with the canonical
    columns and types (``rejected`` too; it and the provenance are small and one file
    each). :func:`~groepsinzicht.post_engagement`, :func:`~groepsinzicht.member_activity`,
    :func:`~groepsinzicht.timeline`, :func:`~groepsinzicht.posting_heatmap` and
    :func:`~groepsinzicht.conversation` accept it and return a LazyFrame with the same
    columns as on a Dataset; ``.collect(engine="streaming")`` gives the eager result.

    How far past memory: every one of those analyses is a measure per container, so the
    lazy result evaluates one container at a time (the tables filtered to it, which in
    a folder written with ``partition_by="container"`` reads that container's files
    only) and concatenates the results; peak memory follows the largest container, not
    the whole folder. For SQL or an engine beyond one machine, point DuckDB (or Spark)
    at the same folder: it is plain Parquet in hive layout (see benchmarks/README.md).

    Attributes
    ----------
    folder
        The canonical folder.
    containers, audience, members, posts, comments, reactions, reaction_counts, rejected
        The tables as LazyFrames.
    provenance
        One dict per source read (from ``dataset.json``).
    org_ids, org_names
        The organisation list.
    partitioned
        Whether the folder is partitioned by container.
    rows
        Rows per table as written (from ``dataset.json``; nothing is counted).

    Examples
    --------
    >>> import groepsinzicht as gi, tempfile
    >>> ds = gi.load_sample()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     lazy = gi.scan(ds.write(tmp, partition_by="container"))
    ...     n = lazy.posts.select(pl.len()).collect().item()
    ...     back = lazy.collect()
    >>> n == ds.posts.height, back == ds
    (True, True)
    """

    folder: Path
    containers: pl.LazyFrame
    audience: pl.LazyFrame
    members: pl.LazyFrame
    posts: pl.LazyFrame
    comments: pl.LazyFrame
    reactions: pl.LazyFrame
    reaction_counts: pl.LazyFrame
    rejected: pl.LazyFrame
    provenance: tuple[dict[str, Any], ...] = ()
    org_ids: tuple[str, ...] = ()
    org_names: tuple[str, ...] = ()
    partitioned: bool = False
    rows: dict[str, int] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    def table(self, name: str) -> pl.LazyFrame:
        """The table called ``name`` as a LazyFrame.

        Parameters
        ----------
        name
            One of :data:`TABLE_NAMES`.

        Returns
        -------
        polars.LazyFrame

        Raises
        ------
        UnknownTableError
            ``name`` is not a canonical table.

        Examples
        --------
        >>> import groepsinzicht as gi, tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     cols = gi.scan(gi.load_sample().write(tmp)).table("posts").collect_schema()
        >>> "post_id" in cols
        True
        """
        if name not in TABLE_NAMES:
            raise UnknownTableError(
                f"table: expected one of {list(TABLE_NAMES)}, got {shorten(name)}")
        frame: pl.LazyFrame = getattr(self, name)
        return frame

    @property
    def tables(self) -> dict[str, pl.LazyFrame]:
        """All eight tables by name."""
        return {name: self.table(name) for name in TABLE_NAMES}

    def container_ids(self) -> list[str]:
        """The container ids, sorted (reads the small ``containers`` table).

        Examples
        --------
        >>> import groepsinzicht as gi, tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     ids = gi.scan(gi.load_sample().write(tmp)).container_ids()
        >>> len(ids) > 0
        True
        """
        ids: list[str] = (self.containers.select("container_id").unique().sort("container_id")
                          .collect().get_column("container_id").to_list())
        return ids

    def container(self, container_id: str) -> Dataset:
        """One container's tables read into a :class:`Dataset` (its files only, when partitioned).

        Parameters
        ----------
        container_id
            The container.

        Returns
        -------
        Dataset
            The container's rows (``rejected`` rows belong to no container and are left
            out), with the folder's organisation list and provenance.

        Examples
        --------
        >>> import groepsinzicht as gi, tempfile
        >>> ds = gi.load_sample()
        >>> cid = ds.containers.get_column("container_id")[0]
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     one = gi.scan(ds.write(tmp, partition_by="container")).container(cid)
        >>> one == ds.filter(containers=[cid])
        True
        """
        key = pl.col("container_id") == pl.lit(container_id, dtype=pl.String)
        names = [n for n in TABLE_NAMES if n != "rejected"]
        collected = pl.collect_all([self.table(n).filter(key) for n in names])
        frames = dict(zip(names, collected, strict=True))
        frames["rejected"] = self.rejected.head(0).collect()
        return self._assemble(frames)

    def collect(self) -> Dataset:
        """Every table read into a :class:`Dataset` (as :func:`groepsinzicht.load` does).

        Returns
        -------
        Dataset

        Examples
        --------
        >>> import groepsinzicht as gi, tempfile
        >>> ds = gi.load_sample()
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     same = gi.scan(ds.write(tmp)).collect() == ds
        >>> same
        True
        """
        collected = pl.collect_all([self.table(n) for n in TABLE_NAMES])
        return self._assemble(dict(zip(TABLE_NAMES, collected, strict=True)))

    def _assemble(self, frames: dict[str, pl.DataFrame]) -> Dataset:
        if self.schema_version < 2:  # as Dataset.read
            frames["containers"] = _v1_member_list(frames["containers"], frames["members"])
        frames["members"] = _apply_organization(frames["members"], frames["containers"],
                                                self.org_ids, self.org_names)
        return Dataset(provenance=self.provenance, org_ids=self.org_ids,
                       org_names=self.org_names, **frames)

    def _organisation_view(self) -> Dataset:
        """Containers, the organisation's ``members`` rows and the list; no activity.

        Enough for :func:`organization_known` (a lazy analysis warns once from it).
        """
        frames = {n: self.table(n).head(0).collect() for n in TABLE_NAMES}
        frames["containers"] = self.containers.collect()
        frames["members"] = self.members.filter(pl.col("is_organization")).collect()
        return self._assemble(frames)

    def _empty(self) -> Dataset:
        """The folder's organisation list with empty tables (for result schemas)."""
        frames = {n: self.table(n).head(0).collect() for n in TABLE_NAMES}
        return self._assemble(frames)

    def _per_container(self, fn: Callable[[Dataset], pl.DataFrame]) -> pl.LazyFrame:
        """``fn`` of each container, one container after the other, as one LazyFrame.

        For analyses that are a measure per container: the result equals ``fn`` of the
        whole dataset (tested per analysis), row order aside. The containers run in a
        plain loop inside one deferred source, so only one container's tables are in
        memory at a time (a concatenation of one deferred source per container let the
        streaming engine pull from all of them at once: 5 GiB instead of 1 GiB for a
        heat map of 58M reactions), plus the results, which are per post or per member.
        """
        schema = fn(self._empty()).schema

        def run() -> pl.DataFrame:
            parts = [fn(self.container(c)) for c in self.container_ids()]
            if not parts:
                return pl.DataFrame(schema=schema)
            return pl.concat(parts, how="vertical")

        return pl.defer(run, schema=schema)

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        layout = "partitioned by container" if self.partitioned else "one file per table"
        counts = ", ".join(f"{self.rows[t]} {t}" for t in ("posts", "comments", "reactions")
                           if t in self.rows)
        return f"<LazyDataset: {self.folder}, {layout}; {counts or 'rows not recorded'}>"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(repr(self))}</pre>"


def scan(folder: str | PathLike[str]) -> LazyDataset:
    """Scan a canonical folder lazily: the tables as LazyFrames, nothing read yet.

    Any folder :meth:`Dataset.write` made, partitioned by container or not (older
    schema versions too, read with their old meaning as :func:`groepsinzicht.load` does).

    Parameters
    ----------
    folder
        A canonical folder (with ``dataset.json``).

    Returns
    -------
    LazyDataset

    Raises
    ------
    FormatError
        ``dataset.json`` is missing or of a newer schema version, or a table is missing,
        unreadable or not of the canonical schema.

    Examples
    --------
    >>> import groepsinzicht as gi, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     lazy = gi.scan(gi.load_sample().write(tmp, partition_by="container"))
    ...     per_post = gi.post_engagement(lazy).collect(engine="streaming")
    >>> lazy  # doctest: +ELLIPSIS
    <LazyDataset: ..., partitioned by container; ... posts, ... comments, ... reactions>
    >>> per_post.height == gi.load_sample().posts.height
    True
    """
    root = Path(folder)
    meta, version = _read_meta(root)
    tables = {name: _checked_scan(root, name) for name in TABLE_NAMES}
    org = meta.get("organization")
    org = org if isinstance(org, dict) else {}
    rows = meta.get("tables")
    rows = rows if isinstance(rows, dict) else {}
    return LazyDataset(
        folder=root,
        provenance=tuple(meta.get("provenance") or ()),
        org_ids=_unique_strings(org.get("ids") or ()),
        org_names=_unique_strings(org.get("names") or ()),
        partitioned=any((root / name).is_dir() for name in TABLE_NAMES),
        rows={str(k): int(v) for k, v in rows.items() if isinstance(v, int)},
        schema_version=version,
        **tables,
    )
