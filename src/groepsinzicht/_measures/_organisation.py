"""Who the organisation is, per container (DESIGN.md "The organisation").

An account is the organisation in a container when its ``members`` row there is marked
``is_organization`` (a page's own account on its page; every account on the Dataset's
organisation list, in every container), or when the caller names it (``org_ids=`` of an
analysis: in every container). Member rows exist for every author, commenter and
reactor, so the per-container test is complete.

Where a group's organisation is unknown (:func:`groepsinzicht.dataset.organization_known`
false and the caller names nobody), the analyses that depend on it leave their
organisation measures null and warn once per call (:func:`warn_unknown_organization`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from groepsinzicht.dataset import organization_known
from groepsinzicht.errors import DataQualityWarning, shorten

if TYPE_CHECKING:
    from collections.abc import Iterable

    from groepsinzicht.dataset import Dataset

__all__ = [
    "OrgAccounts",
    "known_containers",
    "named_ids",
    "org_accounts",
    "warn_unknown_organization",
]

_SEP = "\x1f"


@dataclass(frozen=True)
class OrgAccounts:
    """The organisation's accounts: per container, and named by the caller.

    The per-container marks are split for speed: ids marked in every container where
    they have a row (the organisation list, and the caller's ids) are tested by id; a
    page's own account by ``author == container``; only the remaining marks (a caller's
    frame marking an account in some containers) by the ``(container, id)`` pair.

    Attributes
    ----------
    ids
        Ids that are the organisation wherever they appear.
    pages
        Containers whose own account (``member_id == container_id``) is marked.
    pairs
        Other ``container_id``/``member_id`` keys (joined by a unit separator) of
        members rows marked ``is_organization``.
    """

    ids: tuple[str, ...]
    pages: tuple[str, ...] = ()
    pairs: tuple[str, ...] = ()

    def is_org(self, col: str) -> pl.Expr:
        r"""Whether ``col`` (an author column beside ``container_id``) is the organisation.

        Examples
        --------
        >>> acc = OrgAccounts(ids=("b",), pages=("p",), pairs=("g\x1fa",))
        >>> df = pl.DataFrame({"container_id": ["g", "h", "h", "g", "p", "g"],
        ...                    "author_id": ["a", "a", "b", None, "p", "p"]})
        >>> df.select(acc.is_org("author_id")).to_series().to_list()
        [True, False, True, False, True, False]
        """
        hit = pl.col(col).is_in(list(self.ids))
        if self.pages:
            hit |= (pl.col(col) == pl.col("container_id")) & pl.col("container_id").is_in(
                list(self.pages))
        if self.pairs:
            key = pl.concat_str(pl.col("container_id"), pl.lit(_SEP), pl.col(col))
            hit |= key.is_in(list(self.pairs))
        return pl.col(col).is_not_null() & hit.fill_null(value=False)

    def is_resident(self, col: str) -> pl.Expr:
        """Whether ``col`` is a known author who is not the organisation.

        Examples
        --------
        >>> acc = OrgAccounts(ids=("b",))
        >>> pl.DataFrame({"container_id": ["g"] * 3, "author_id": ["a", "b", None]}).select(
        ...     acc.is_resident("author_id")).to_series().to_list()
        [True, False, False]
        """
        return pl.col(col).is_not_null() & ~self.is_org(col)


def named_ids(ids: Iterable[str] | None) -> tuple[str, ...] | None:
    """The ids a caller names, as strings in a tuple (None stays None).

    Examples
    --------
    >>> named_ids(i for i in [1, "a"]), named_ids(None), named_ids("abc")
    (('1', 'a'), None, ('abc',))
    """
    if ids is None:
        return None
    return tuple(str(i) for i in ([ids] if isinstance(ids, str) else ids))


def org_accounts(ds: Dataset, extra: Iterable[str] | None = None) -> OrgAccounts:
    """The organisation's accounts of ``ds``, plus the ids a caller names.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> "100000000000001" in org_accounts(gi.load_sample()).ids
    True
    """
    m = ds.members.select("container_id", "member_id", "is_organization")
    everywhere = (
        m.group_by("member_id").agg(pl.col("is_organization").all().alias("__all"))
        .filter(pl.col("__all")).get_column("member_id")
    )
    named = named_ids(extra) or ()
    ids = tuple(dict.fromkeys((*sorted(everywhere.to_list()), *named)))
    marked = m.filter(pl.col("is_organization") & ~pl.col("member_id").is_in(list(ids)))
    own = pl.col("member_id") == pl.col("container_id")
    pages = marked.filter(own).get_column("container_id").unique().sort()
    pairs = marked.filter(~own).select(
        pl.concat_str(pl.col("container_id"), pl.lit(_SEP), pl.col("member_id"))
    ).to_series().unique().sort()
    return OrgAccounts(ids=ids, pages=tuple(pages), pairs=tuple(pairs))


def known_containers(ds: Dataset, extra: Iterable[str] | None = None) -> pl.DataFrame:
    """``container_id``, ``organization_known``: known from the Dataset or the caller.

    Ids the caller names (``org_ids=`` of an analysis) make every container's known.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> known_containers(gi.load_sample()).get_column("organization_known").all()
    True
    """
    named = bool(named_ids(extra))
    return organization_known(ds).with_columns(
        (pl.col("organization_known") | pl.lit(named)).alias("organization_known"))


def warn_unknown_organization(
    ds: Dataset,
    extra: Iterable[str] | None,
    what: str,
    *,
    stacklevel: int = 3,
) -> pl.DataFrame:
    """Warn once, naming each container whose organisation is unknown.

    Parameters
    ----------
    ds
        The dataset.
    extra
        Ids the caller names as the organisation.
    what
        The analysis, named in the warning.
    stacklevel
        Passed to :func:`warnings.warn` (the user's call).

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``organization_known`` for every container.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> warn_unknown_organization(gi.load_sample(), None, "conversation").height
    4
    """
    known = known_containers(ds, extra)
    unknown = known.filter(~pl.col("organization_known")).get_column("container_id")
    if unknown.len():
        names = ", ".join(shorten(c, 40) for c in unknown.sort().head(10).to_list())
        more = f" and {unknown.len() - 10} more" if unknown.len() > 10 else ""
        warnings.warn(
            f"{what}: the organisation of {unknown.len()} container(s) is unknown "
            f"({names}{more}); its answers and other organisation measures are null "
            "there. Name the organisation's accounts: gi.load(..., org_ids=[...]) or "
            "org_names=[...], ds.with_organization([...]), or org_ids= of this call.",
            DataQualityWarning,
            stacklevel=stacklevel,
        )
    return known
