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
    "org_accounts",
    "warn_unknown_organization",
]

_SEP = "\x1f"


@dataclass(frozen=True)
class OrgAccounts:
    """The organisation's accounts: per container, and named by the caller.

    Attributes
    ----------
    pairs
        ``container_id``/``member_id`` keys (joined by a unit separator) of the members
        rows marked ``is_organization``.
    ids
        Ids the caller names (the organisation in every container).
    """

    pairs: tuple[str, ...]
    ids: tuple[str, ...]

    def is_org(self, col: str) -> pl.Expr:
        r"""Whether ``col`` (an author column beside ``container_id``) is the organisation.

        Examples
        --------
        >>> acc = OrgAccounts(pairs=("g\x1fa",), ids=("b",))
        >>> df = pl.DataFrame({"container_id": ["g", "h", "h", "g"],
        ...                    "author_id": ["a", "a", "b", None]})
        >>> df.select(acc.is_org("author_id")).to_series().to_list()
        [True, False, True, False]
        """
        key = pl.concat_str(pl.col("container_id"), pl.lit(_SEP), pl.col(col))
        hit = key.is_in(list(self.pairs)) | pl.col(col).is_in(list(self.ids))
        return pl.col(col).is_not_null() & hit.fill_null(value=False)

    def is_resident(self, col: str) -> pl.Expr:
        """Whether ``col`` is a known author who is not the organisation.

        Examples
        --------
        >>> acc = OrgAccounts(pairs=(), ids=("b",))
        >>> pl.DataFrame({"container_id": ["g"] * 3, "author_id": ["a", "b", None]}).select(
        ...     acc.is_resident("author_id")).to_series().to_list()
        [True, False, False]
        """
        return pl.col(col).is_not_null() & ~self.is_org(col)


def org_accounts(ds: Dataset, extra: Iterable[str] | None = None) -> OrgAccounts:
    """The organisation's accounts of ``ds``, plus the ids a caller names.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> len(org_accounts(gi.load_sample()).pairs) >= 1
    True
    """
    marked = ds.members.filter(pl.col("is_organization")).select(
        pl.concat_str(pl.col("container_id"), pl.lit(_SEP), pl.col("member_id"))
    ).to_series()
    ids = () if extra is None else tuple(dict.fromkeys(
        [extra] if isinstance(extra, str) else (str(i) for i in extra)))
    return OrgAccounts(pairs=tuple(marked.unique().sort()), ids=ids)


def known_containers(ds: Dataset, extra: Iterable[str] | None = None) -> pl.DataFrame:
    """``container_id``, ``organization_known``: known from the Dataset or the caller.

    Ids the caller names (``org_ids=`` of an analysis) make every container's known.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> known_containers(gi.load_sample()).get_column("organization_known").all()
    True
    """
    named = extra is not None and bool(list(extra))
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
