"""Canonical table schemas and their validation.

Every reader produces, and every analysis consumes, the eight tables below (see
DESIGN.md "Canonical tables"). :func:`validate` is the single gate into them: it
coerces what is safely coercible and raises :class:`~groepsinzicht.errors.SchemaError`
naming the table, the column and the first offending row otherwise.

Safe coercions
--------------
- integer (or Enum/Categorical) ids to ``String``;
- strings to the table's ``pl.Enum`` when every value is allowed;
- other integer widths to ``Int64``, and floats that hold whole numbers;
- time-zone aware datetimes to UTC microseconds; naive datetimes only when a time zone
  is given (the ambiguous autumn hour takes its first occurrence, a non-existent spring
  time moves forward by the gap);
- missing nullable columns to null columns, missing required columns with a natural
  default (``role`` = ``unknown``, ``is_organization`` = false, ``listed`` = true,
  ``member_list`` = false, ``post_type`` = ``other``) to that default; nulls in those
  columns take the default too. (:meth:`groepsinzicht.Dataset.from_frames` decides
  ``listed`` and ``member_list`` itself: see its docstring.)

Columns that are not part of a table's schema are left out of the result.

Examples
--------
>>> import polars as pl
>>> from datetime import datetime, timezone
>>> from groepsinzicht.schema import validate
>>> posts = pl.DataFrame({"container_id": [1], "post_id": ["1_2"],
...     "created_at": [datetime(2024, 5, 1, tzinfo=timezone.utc)]})
>>> validate("posts", posts).select("container_id", "post_type").row(0)
('1', 'other')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Final

import polars as pl

from groepsinzicht.errors import SchemaError, shorten

__all__ = [
    "CONTAINER_KIND",
    "MEMBER_ROLE",
    "METRIC",
    "POST_TYPE",
    "REACTION_TYPE",
    "SCHEMA_VERSION",
    "SIZE_SOURCE",
    "TABLES",
    "TARGET_KIND",
    "UTC",
    "TableSpec",
    "check_unique",
    "empty",
    "localize",
    "validate",
]

#: Version 2 added ``members.listed`` and ``containers.member_list``; a version-1 folder
#: reads with its old meaning (see :meth:`groepsinzicht.Dataset.read`).
SCHEMA_VERSION: Final = 2

CONTAINER_KIND = pl.Enum(["group", "page"])
METRIC = pl.Enum(["members", "followers", "page_likes"])
MEMBER_ROLE = pl.Enum(["admin", "moderator", "member", "organization", "unknown"])
POST_TYPE = pl.Enum(
    ["status", "photo", "video", "link", "event", "poll", "share", "live", "other"]
)
TARGET_KIND = pl.Enum(["post", "comment"])
REACTION_TYPE = pl.Enum(["like", "love", "care", "haha", "wow", "sad", "angry", "other"])
#: Where a container's size at time t comes from (DESIGN.md "Size at time t").
SIZE_SOURCE = pl.Enum(["member_list", "audience", "unknown"])
UTC = pl.Datetime("us", "UTC")

_COUNT = pl.Int64()


@dataclass(frozen=True)
class TableSpec:
    """The schema of one canonical table.

    Attributes
    ----------
    name
        Table name.
    schema
        Column names and dtypes, in canonical order.
    required
        Columns that may not be null.
    keys
        Columns that identify a row (unique within a Dataset).
    defaults
        Natural defaults for required columns a caller may leave out.
    """

    name: str
    schema: pl.Schema
    required: frozenset[str]
    keys: tuple[str, ...]
    defaults: dict[str, object] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        """Column names in canonical order."""
        return list(self.schema.names())


def _spec(
    name: str,
    cols: dict[str, pl.DataType],
    required: set[str],
    keys: tuple[str, ...],
    defaults: dict[str, object] | None = None,
) -> TableSpec:
    return TableSpec(name, pl.Schema(cols), frozenset(required), keys, defaults or {})


TABLES: Final[dict[str, TableSpec]] = {
    "containers": _spec(
        "containers",
        {"container_id": pl.String(), "kind": CONTAINER_KIND, "name": pl.String(),
         "url": pl.String(), "member_list": pl.Boolean()},
        {"container_id", "kind", "member_list"},
        ("container_id",),
        {"member_list": False},
    ),
    "audience": _spec(
        "audience",
        {"container_id": pl.String(), "at": UTC, "size": _COUNT, "metric": METRIC},
        {"container_id", "at", "size", "metric"},
        ("container_id", "at", "metric"),
    ),
    "members": _spec(
        "members",
        {"container_id": pl.String(), "member_id": pl.String(), "name": pl.String(),
         "role": MEMBER_ROLE, "joined_at": UTC, "is_organization": pl.Boolean(),
         "listed": pl.Boolean()},
        {"container_id", "member_id", "role", "is_organization", "listed"},
        ("container_id", "member_id"),
        {"role": "unknown", "is_organization": False, "listed": True},
    ),
    "posts": _spec(
        "posts",
        {
            "container_id": pl.String(), "post_id": pl.String(), "author_id": pl.String(),
            "created_at": UTC, "message": pl.String(), "post_type": POST_TYPE,
            "link_url": pl.String(), "link_domain": pl.String(), "permalink": pl.String(),
            "reported_reactions": _COUNT, "reported_comments": _COUNT,
            "reported_shares": _COUNT, "views": _COUNT, "reach": _COUNT,
            "organic_reach": _COUNT, "paid_reach": _COUNT, "impressions": _COUNT,
            "mentions": pl.List(pl.String()),
        },
        {"container_id", "post_id", "created_at", "post_type"},
        ("container_id", "post_id"),
        {"post_type": "other"},
    ),
    "comments": _spec(
        "comments",
        {
            "container_id": pl.String(), "comment_id": pl.String(), "post_id": pl.String(),
            "parent_id": pl.String(), "author_id": pl.String(), "created_at": UTC,
            "message": pl.String(), "reported_reactions": _COUNT,
            "mentions": pl.List(pl.String()),
        },
        {"container_id", "comment_id", "post_id", "created_at"},
        ("container_id", "comment_id"),
    ),
    "reactions": _spec(
        "reactions",
        {"container_id": pl.String(), "target_id": pl.String(), "target_kind": TARGET_KIND,
         "actor_id": pl.String(), "reaction_type": REACTION_TYPE, "created_at": UTC},
        {"container_id", "target_id", "target_kind", "reaction_type"},
        ("container_id", "target_id", "target_kind", "actor_id", "reaction_type"),
    ),
    "reaction_counts": _spec(
        "reaction_counts",
        {"container_id": pl.String(), "target_id": pl.String(), "target_kind": TARGET_KIND,
         "reaction_type": REACTION_TYPE, "count": _COUNT},
        {"container_id", "target_id", "target_kind", "reaction_type", "count"},
        ("container_id", "target_id", "target_kind", "reaction_type"),
    ),
    "rejected": _spec(
        "rejected",
        {"source": pl.String(), "location": pl.String(), "reason": pl.String(),
         "excerpt": pl.String()},
        {"source", "location", "reason"},
        (),
    ),
}


def empty(table: str) -> pl.DataFrame:
    """Return an empty frame with the canonical schema of ``table``.

    Parameters
    ----------
    table
        A canonical table name.

    Returns
    -------
    polars.DataFrame
        Zero rows, canonical columns and dtypes.

    Examples
    --------
    >>> empty("rejected").columns
    ['source', 'location', 'reason', 'excerpt']
    """
    return pl.DataFrame(schema=TABLES[table].schema)


def _first_bad_row(df: pl.DataFrame, mask: pl.Expr) -> tuple[int, object]:
    """Index and value of the first row where ``mask`` is true."""
    hit = df.with_row_index("__row").filter(mask).select("__row", pl.all().exclude("__row"))
    row = hit.row(0, named=True)
    return int(row.pop("__row")), row


def _coerce_string(table: str, name: str, s: pl.Series) -> pl.Series:
    dtype = s.dtype
    if dtype == pl.String:
        return s
    if dtype == pl.Null or dtype.is_integer() or isinstance(dtype, pl.Enum | pl.Categorical):
        return s.cast(pl.String)
    raise SchemaError(table, name, "strings (or integer ids)", f"dtype {dtype}")


def _coerce_enum(table: str, name: str, s: pl.Series, target: pl.Enum) -> pl.Series:
    if s.dtype == target:
        return s
    if s.dtype == pl.Null:
        return s.cast(target)
    if not (s.dtype == pl.String or isinstance(s.dtype, pl.Enum | pl.Categorical)):
        raise SchemaError(table, name, f"one of {list(target.categories)}", f"dtype {s.dtype}")
    as_str = s.cast(pl.String)
    allowed = set(target.categories.to_list())
    bad = as_str.is_not_null() & ~as_str.is_in(list(allowed))
    if bad.any():
        idx = int(bad.arg_true()[0])
        raise SchemaError(
            table, name, f"one of {sorted(allowed)}", shorten(as_str[idx]), row=idx
        )
    return as_str.cast(target)


def _coerce_int(table: str, name: str, s: pl.Series) -> pl.Series:
    dtype = s.dtype
    if dtype == pl.Int64:
        return s
    if dtype == pl.Null or dtype.is_integer() or dtype == pl.Boolean:
        try:
            return s.cast(pl.Int64, strict=True)
        except pl.exceptions.InvalidOperationError as exc:
            raise SchemaError(table, name, "Int64 counts", "values out of range") from exc
    if dtype.is_float():
        frac = s.is_not_null() & (s.is_nan() | (s != s.round(0)))
        if frac.any():
            idx = int(frac.arg_true()[0])
            raise SchemaError(table, name, "whole numbers", shorten(s[idx]), row=idx)
        return s.cast(pl.Int64, strict=True)
    raise SchemaError(table, name, "Int64 counts", f"dtype {dtype}")


def localize(s: pl.Series, tz: str) -> pl.Series:
    """Read naive stamps as wall-clock time in ``tz``, then convert to UTC.

    The one rule for local times in every reader: the ambiguous autumn hour takes its
    first (summer-time) occurrence; a wall-clock time that does not exist (the spring
    gap) moves forward by one hour, as clocks do.

    Parameters
    ----------
    s
        Naive datetimes.
    tz
        An IANA time zone such as ``Europe/Amsterdam``.

    Returns
    -------
    polars.Series
        UTC datetimes.

    Examples
    --------
    >>> from datetime import datetime
    >>> localize(pl.Series([datetime(2024, 3, 31, 2, 30)]), "Europe/Amsterdam")[0]
    datetime.datetime(2024, 3, 31, 1, 30, tzinfo=zoneinfo.ZoneInfo(key='UTC'))
    """
    first = s.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    gap = first.is_null() & s.is_not_null()
    if gap.any():
        moved = (s + timedelta(hours=1)).dt.replace_time_zone(
            tz, ambiguous="earliest", non_existent="null"
        )
        first = first.zip_with(~gap, moved)
    return first.dt.convert_time_zone("UTC")


def _coerce_datetime(table: str, name: str, s: pl.Series, tz: str | None) -> pl.Series:
    dtype = s.dtype
    if dtype == UTC:
        return s
    if dtype == pl.Null:
        return s.cast(UTC)
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is None:
            if tz is None:
                raise SchemaError(
                    table, name, "time-zone aware datetimes (or pass tz=)", "naive datetimes"
                )
            s = localize(s, tz)
        return s.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
    raise SchemaError(table, name, "datetimes", f"dtype {dtype}")


def _coerce_list(table: str, name: str, s: pl.Series) -> pl.Series:
    if s.dtype == pl.List(pl.String):
        return s
    if s.dtype == pl.Null:
        return s.cast(pl.List(pl.String))
    if isinstance(s.dtype, pl.List):
        inner = s.dtype.inner
        if inner == pl.Null or inner.is_integer() or inner == pl.String:
            return s.cast(pl.List(pl.String))
    raise SchemaError(table, name, "lists of member ids", f"dtype {s.dtype}")


def _coerce_bool(table: str, name: str, s: pl.Series) -> pl.Series:
    if s.dtype == pl.Boolean:
        return s
    if s.dtype == pl.Null:
        return s.cast(pl.Boolean)
    raise SchemaError(table, name, "booleans", f"dtype {s.dtype}")


def _coerce(
    table: str, name: str, s: pl.Series, target: pl.DataType, tz: str | None
) -> pl.Series:
    if target == pl.String:
        return _coerce_string(table, name, s)
    if isinstance(target, pl.Enum):
        return _coerce_enum(table, name, s, target)
    if target == pl.Int64:
        return _coerce_int(table, name, s)
    if isinstance(target, pl.Datetime):
        return _coerce_datetime(table, name, s, tz)
    if isinstance(target, pl.List):
        return _coerce_list(table, name, s)
    return _coerce_bool(table, name, s)


def validate(
    table: str,
    df: pl.DataFrame | pl.LazyFrame | None,
    *,
    tz: str | None = None,
) -> pl.DataFrame:
    """Coerce ``df`` to the canonical schema of ``table``.

    Parameters
    ----------
    table
        A canonical table name (``containers``, ``audience``, ``members``, ``posts``,
        ``comments``, ``reactions``, ``reaction_counts``, ``rejected``).
    df
        The frame to check; ``None`` gives an empty table.
    tz
        Time zone in which naive datetimes are read. Without it, naive datetimes are an
        error.

    Returns
    -------
    polars.DataFrame
        Exactly the canonical columns, in canonical order and dtypes.

    Raises
    ------
    SchemaError
        A required column is missing or null, a value is outside its enum, or a dtype
        cannot be safely coerced.

    Examples
    --------
    >>> import polars as pl
    >>> validate("rejected", pl.DataFrame({"source": ["f.csv"], "location": ["line 2"],
    ...     "reason": ["bad"]})).columns
    ['source', 'location', 'reason', 'excerpt']
    """
    if table not in TABLES:
        raise SchemaError(table, "-", f"one of {sorted(TABLES)}", shorten(table))
    spec = TABLES[table]
    if df is None:
        return empty(table)
    if isinstance(df, pl.LazyFrame):
        df = df.collect()
    n = df.height
    out: list[pl.Series] = []
    for name, target in spec.schema.items():
        if name in df.columns:
            s = _coerce(table, name, df.get_column(name), target, tz)
        elif name in spec.defaults:
            s = pl.Series(name, [spec.defaults[name]]).cast(target).new_from_index(0, n)
        elif name in spec.required:
            raise SchemaError(table, name, "a column of that name", "none")
        else:
            s = pl.Series(name, [None], dtype=target).new_from_index(0, n)
        if name in spec.defaults and s.null_count():
            s = s.fill_null(pl.lit(spec.defaults[name]).cast(target))
        if name in spec.required and s.null_count():
            idx = int(s.is_null().arg_true()[0])
            raise SchemaError(table, name, "a value (column is required)", "null", row=idx)
        out.append(s.alias(name))
    return pl.DataFrame(out)


def check_unique(table: str, df: pl.DataFrame) -> None:
    """Raise :class:`SchemaError` when the table's key columns repeat.

    Parameters
    ----------
    table
        A canonical table name.
    df
        A validated frame of that table.

    Examples
    --------
    >>> import polars as pl
    >>> check_unique("containers", validate("containers", pl.DataFrame(
    ...     {"container_id": ["g1"], "kind": ["group"]})))
    """
    spec = TABLES[table]
    keys = list(spec.keys)
    if not keys or table == "reactions" or df.height == 0:
        # Reactions without a known actor cannot be told apart: they are kept per source.
        return
    if not df.select(pl.struct(keys).hash().is_duplicated().any()).item():
        return  # no two keys hash alike, so none repeats (cheaper than comparing them)
    dup = df.select(~pl.struct(keys).is_first_distinct()).to_series()
    if dup.any():
        idx = int(dup.arg_true()[0])
        key = tuple(df.row(idx, named=True)[k] for k in keys)
        raise SchemaError(table, ", ".join(keys), "unique keys", f"duplicate {shorten(key)}",
                          row=idx)
