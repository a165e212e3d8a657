"""The export rules the projections need, written again from the specification.

The synthetic writers are an independent oracle (issue 9): what a reader should give
back from a written file is computed here from FORMATS.md, DESIGN.md and the readers'
*documented* rules, never with a reader's or an analysis' own helper. A round trip then
compares two implementations of one rule; a wrong header name or a wrong domain rule
in a reader fails it instead of passing against itself. The duplication is the point:
keep these plain (clarity before speed; the synthetic datasets are small), and change
them only when the specification changes.

- :func:`link_domain`: a URL's host, lower case, with one leading ``www``/``www2``,
  ``m``, ``mobile``, ``web``, ``l`` or ``lm`` label removed; the short hosts
  ``youtu.be`` (YouTube) and ``fb.watch``, ``fb.me``, ``fb.com`` (Facebook) name their
  site (DESIGN.md ``link_domain``; the reader's documented rule).
- :func:`unwrap_link`: Facebook's outbound redirect ``…/l.php?u=<target>`` is the
  target (FORMATS.md §1).
- :func:`at_mentions`: ``@`` and up to five words; the longest run of them (trailing
  punctuation removed) that is the name of exactly one member of the row's container.
- :func:`merge_lists`: two lists as one, without repeats, in order of first appearance.
- :data:`BUSINESS_SUITE`: the Business Suite header table per interface language
  (FORMATS.md §6.1: Dutch verbatim from a real export, English from parsers, Swedish
  from a public alias table).
- :func:`derived_id` and the DYI id rules (the DYI reader's docstring): the first 16 hex
  digits of SHA-256 of the parts joined by the ASCII unit separator, prefixed ``dyi:``.
- :func:`interactions`: per post, each component is ``max(reported, observed)``
  (DESIGN.md "reported vs observed"), shares as reported.
- :func:`size_at`: a group whose ``members`` are its complete member list and whose
  listed residents (not the organisation) all carry join dates has, at t, as many of
  them as joined at or before t; otherwise the audience series (``members`` for a
  group, ``followers`` else ``page_likes`` for a page) at or before t, else the
  earliest after t (DESIGN.md "Size at time t").
"""

from __future__ import annotations

import bisect
import hashlib
import re
from typing import TYPE_CHECKING, Final, TypedDict
from urllib.parse import parse_qs, urlsplit

import polars as pl

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from groepsinzicht.dataset import Dataset

__all__ = [
    "BUSINESS_SUITE",
    "DYI_PREFIX",
    "BusinessSuiteLanguage",
    "at_mentions",
    "derived_id",
    "dyi_group_id",
    "dyi_owner_id",
    "interactions",
    "link_domain",
    "merge_lists",
    "size_at",
    "unwrap_link",
]

# ------------------------------------------------------------------------------- links
_DROPPED_LABELS: Final = frozenset({"www", "m", "mobile", "web", "l", "lm"})
_SHORT_HOSTS: Final = {"youtu.be": "youtube.com", "fb.watch": "facebook.com",
                       "fb.me": "facebook.com", "fb.com": "facebook.com"}


def _domain(url: str | None) -> str | None:
    if url is None or "://" not in url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    host = host.lower()
    first, _, rest = host.partition(".")
    if rest and (first in _DROPPED_LABELS or re.fullmatch(r"www\d", first)):
        host = rest
    return _SHORT_HOSTS.get(host, host)


def link_domain(urls: pl.Expr) -> pl.Expr:
    """The domain of each URL (null for a null or scheme-less URL).

    Examples
    --------
    >>> pl.select(link_domain(pl.lit("https://M.YouTube.com/watch?v=x"))).item()
    'youtube.com'
    >>> pl.select(link_domain(pl.lit("https://youtu.be/x"))).item()
    'youtube.com'
    """
    return urls.map_elements(_domain, return_dtype=pl.String, skip_nulls=True)


def unwrap_link(url: str | None) -> str | None:
    """The target of Facebook's outbound redirect, else the URL itself.

    Examples
    --------
    >>> unwrap_link("https://l.facebook.com/l.php?u=https%3A%2F%2Fa.nl%2Fx&h=1")
    'https://a.nl/x'
    >>> unwrap_link("https://a.nl/x")
    'https://a.nl/x'
    """
    if url is None or "/l.php?" not in url:
        return url
    target = parse_qs(urlsplit(url).query).get("u")
    return target[0] if target else url


# ---------------------------------------------------------------------------- mentions
_MENTION: Final = re.compile(r"@([^\s@]+(?:\s+[^\s@]+){0,4})")
_TRAILING: Final = ".,;:!?)'\"”’"


def _unique_names(names: pl.DataFrame) -> dict[tuple[str, str], str]:
    """(container, name) -> member id, for names that only one member carries."""
    owners: dict[tuple[str, str], set[str]] = {}
    for container, member, name in names.select(
            "container_id", "member_id", "name").drop_nulls().iter_rows():
        owners.setdefault((container, name), set()).add(member)
    return {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}


def at_mentions(frame: pl.DataFrame, text: str, names: pl.DataFrame) -> pl.Series:
    """Member ids of the ``@Name`` mentions of each row, in order, without repeats.

    Parameters
    ----------
    frame
        Rows with ``container_id`` and the text column.
    text
        The text column.
    names
        ``container_id``, ``member_id``, ``name`` of the known members.

    Returns
    -------
    polars.Series
        ``List(String)`` named ``text`` (an empty list where nothing resolves).

    Examples
    --------
    >>> names = pl.DataFrame({"container_id": "g", "member_id": ["1", "2"],
    ...                       "name": ["Anna Jansen", "Piet"]})
    >>> rows = pl.DataFrame({"container_id": "g", "m": ["Dank @Anna Jansen en @Piet!", None]})
    >>> at_mentions(rows, "m", names).to_list()
    [['1', '2'], []]
    """
    known = _unique_names(names)
    out: list[list[str]] = []
    for container, message in frame.select("container_id", text).iter_rows():
        ids: list[str] = []
        for m in _MENTION.finditer(message or ""):
            # The words as the reader documents them: separated by single spaces.
            words = m.group(1).split(" ")
            for k in range(min(len(words), 5), 0, -1):
                name = " ".join(words[:k]).rstrip(_TRAILING)
                member = known.get((container, name))
                if member is not None:
                    if member not in ids:
                        ids.append(member)
                    break
        out.append(ids)
    return pl.Series(text, out, dtype=pl.List(pl.String))


def merge_lists(a: pl.Expr, b: pl.Expr | pl.Series) -> pl.Expr:
    """``a`` then the items of ``b`` not in it, each once, in order of first appearance.

    Examples
    --------
    >>> pl.select(merge_lists(pl.lit(["1", "2"]), pl.lit(["2", "3"]))).item().to_list()
    ['1', '2', '3']
    """
    other = pl.lit(b) if isinstance(b, pl.Series) else b
    both = pl.concat_list(a.fill_null(pl.lit([], pl.List(pl.String))),
                          other.fill_null(pl.lit([], pl.List(pl.String))))
    return both.list.eval(pl.element().filter(pl.element().is_first_distinct()))


# ----------------------------------------------------------------------- Business Suite
class BusinessSuiteLanguage(TypedDict):
    """Headers (text -> field, in a real export's order), post-type labels, lifetime mark."""

    headers: dict[str, str]
    post_types: dict[str, str]
    lifetime: str


_FIELDS: Final = (
    "post_id", "page_id", "page_name", "title", "description", "duration", "publish_time",
    "caption_type", "permalink", "is_crosspost", "is_share", "post_type", "languages",
    "custom_labels", "funded_status", "data_comment", "date", "views", "reach",
    "interactions", "reactions", "comments", "shares", "clicks", "photo_clicks",
    "other_clicks", "hide_all",
)
# FORMATS.md §6.1, in column order.
_DUTCH: Final = (
    "Bericht-ID", "Pagina-ID", "Naam van pagina", "Titel", "Omschrijving", "Duur (sec.)",
    "Publicatietijdstip", "Type onderschrift", "Permalink", "Is gecrosspost",
    "Is een gedeeld bericht", "Berichttype", "Talen", "Aangepaste labels",
    "Status gefinancierde content", "Opmerking data", "Datum", "Weergaven", "Bereik",
    "Reacties, opmerkingen en deelacties", "Reacties", "Opmerkingen", "Deelacties",
    "Totaal aantal klikken",
    "Consumptie overeenkomend met doelgroeptargeting (Photo Click)", "Overige klikken",
    "Negatieve feedback van gebruikers: Alles verbergen",
)
_ENGLISH: Final = (
    "Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)",
    "Publish time", "Caption type", "Permalink", "Is crosspost", "Is share", "Post type",
    "Languages", "Custom labels", "Funded content status", "Data comment", "Date",
    "Views", "Reach", "Reactions, Comments and Shares", "Reactions", "Comments", "Shares",
    "Total clicks", "Matched Audience Targeting Consumption (Photo Click)",
    "Other Clicks", "Negative feedback from users: Hide all",
)
_SWEDISH: Final = {
    "Publicerings-id": "post_id", "Sid-id": "page_id", "Sidnamn": "page_name",
    "Titel": "title", "Beskrivning": "description", "Publiceringstid": "publish_time",
    "Inläggstyp": "post_type", "Permalänk": "permalink", "Visningar": "views",
    "Räckvidd": "reach", "Reaktioner, kommentarer och delningar": "interactions",
}

#: Per interface language of Business Suite: what the writer puts in the header row.
BUSINESS_SUITE: Final[dict[str, BusinessSuiteLanguage]] = {
    "nl": {"headers": dict(zip(_DUTCH, _FIELDS, strict=True)),
           "post_types": {"photo": "Foto's", "video": "Video's", "link": "Links",
                          "status": "Tekst"},
           "lifetime": "Looptijd"},
    "en": {"headers": dict(zip(_ENGLISH, _FIELDS, strict=True)),
           "post_types": {"photo": "Photos", "video": "Videos", "link": "Links",
                          "status": "Text"},
           "lifetime": "Lifetime"},
    # The alias table lists no post types: the Swedish writer writes English ones.
    "sv": {"headers": _SWEDISH, "post_types": {}, "lifetime": "Livstid"},
}


# ---------------------------------------------------------------------------- DYI ids
#: Prefix of the ids a DYI reader derives (the export holds no Facebook ids).
DYI_PREFIX: Final = "dyi:"


def derived_id(*parts: object, prefix: str = DYI_PREFIX) -> str:
    """``prefix`` + the first 16 hex digits of SHA-256 of the parts joined by U+001F.

    None counts as the empty string.

    Examples
    --------
    >>> derived_id("Speeltuin Oost", 1700000000, "Hallo")
    'dyi:5c49ecec71f428b7'
    """
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return prefix + hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def dyi_group_id(name: str) -> str:
    """A DYI group's container id: ``derived_id("group", name)``.

    Examples
    --------
    >>> dyi_group_id("Wijk Oost").startswith("dyi:")
    True
    """
    return derived_id("group", name)


def dyi_owner_id(full_name: str | None) -> str:
    """The DYI owner's member id, from the profile's full name (None without a profile).

    Examples
    --------
    >>> dyi_owner_id(None) == derived_id("dyi-owner")
    True
    """
    return derived_id("dyi-owner") if full_name is None else derived_id("owner", full_name)


# ------------------------------------------------------------------------ interactions
def interactions(ds: Dataset) -> pl.DataFrame:
    """Per post: ``reactions``, ``comments``, ``shares`` as an export would state them.

    ``reactions`` is the larger of ``reported_reactions`` and the post's reaction
    counts, ``comments`` the larger of ``reported_comments`` and its comment rows
    (replies included), ``shares`` as reported; 0 where nothing is known.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> interactions(gi.load_sample()).columns
    ['container_id', 'post_id', 'reactions', 'comments', 'shares']
    """
    key = ["container_id", "post_id"]
    counted = (ds.reaction_counts.filter(pl.col("target_kind") == "post")
               .rename({"target_id": "post_id"})
               .group_by(key).agg(pl.col("count").sum().alias("n_reactions")))
    rows = ds.comments.group_by(key).agg(pl.len().alias("n_comments"))
    zero = pl.lit(0, pl.Int64)
    return (
        ds.posts.select(*key, "reported_reactions", "reported_comments", "reported_shares")
        .join(counted, on=key, how="left")
        .join(rows, on=key, how="left")
        .select(
            *key,
            pl.max_horizontal(pl.col("reported_reactions").fill_null(zero),
                              pl.col("n_reactions").fill_null(zero).cast(pl.Int64))
            .alias("reactions"),
            pl.max_horizontal(pl.col("reported_comments").fill_null(zero),
                              pl.col("n_comments").fill_null(zero).cast(pl.Int64))
            .alias("comments"),
            pl.col("reported_shares").fill_null(zero).alias("shares"),
        )
    )


# --------------------------------------------------------------------------------- size
_PREFERRED: Final = {"group": ("members",), "page": ("followers", "page_likes")}


def _nearest(series: list[tuple[datetime, int]], t: datetime) -> int | None:
    """The value at or before ``t``, else the earliest after (``series`` sorted by time)."""
    if not series:
        return None
    i = bisect.bisect_right([at for at, _ in series], t)
    return series[i - 1][1] if i else series[0][1]


def size_at(ds: Dataset, containers: Iterable[str], times: Iterable[datetime | None]
            ) -> list[int | None]:
    """The size of each container at each time (pairwise), from the truth itself.

    Parameters
    ----------
    ds
        The synthetic truth.
    containers, times
        Container ids and UTC times, one pair per wanted size.

    Returns
    -------
    list of int or None

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> ds = gi.load_sample()
    >>> row = ds.posts.row(0, named=True)
    >>> size_at(ds, [row["container_id"]], [row["created_at"]])[0] > 0
    True
    """
    kinds = dict(ds.containers.select("container_id", pl.col("kind").cast(pl.String))
                 .iter_rows())
    complete = set(ds.containers.filter(pl.col("member_list")).get_column("container_id"))
    residents = ds.members.filter(pl.col("listed") & ~pl.col("is_organization"))
    joins: dict[str, list[datetime]] = {}
    counted: set[str] = set()
    for (group,), part in residents.group_by("container_id"):
        dates = part.get_column("joined_at")
        if (kinds.get(str(group)) == "group" and group in complete
                and dates.null_count() == 0):
            counted.add(str(group))
            joins[str(group)] = sorted(dates.to_list())
    audience: dict[str, list[tuple[datetime, int]]] = {}
    for container, kind in kinds.items():
        for metric in _PREFERRED.get(kind, ()):
            rows = (ds.audience.filter((pl.col("container_id") == container)
                                       & (pl.col("metric").cast(pl.String) == metric))
                    .sort("at").select("at", "size").rows())
            if rows:
                audience[container] = rows
                break
    out: list[int | None] = []
    for cid, t in zip(containers, times, strict=True):
        if t is None:
            out.append(None)
        elif cid in counted:
            out.append(bisect.bisect_right(joins[cid], t))
        else:
            out.append(_nearest(audience.get(cid, []), t))
    return out
