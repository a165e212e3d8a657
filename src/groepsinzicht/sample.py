"""The bundled sample: a municipality's page and its groups, read through ``load``."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from groepsinzicht.io import load

if TYPE_CHECKING:
    from groepsinzicht.dataset import Dataset

__all__ = ["SAMPLE_ORG_ID", "load_sample", "sample_path"]

#: The municipality's page id in the sample (posts in its groups as the organisation).
SAMPLE_ORG_ID = "100000000000001"


def sample_path() -> str:
    """The folder of the bundled sample export (a canonical folder).

    Examples
    --------
    >>> sample_path().endswith("sample")
    True
    """
    return str(resources.files("groepsinzicht") / "data" / "sample")


def load_sample() -> Dataset:
    """Load the bundled sample: the municipality of Voorbeeldstad, its page and groups.

    The data are synthetic (made by :mod:`groepsinzicht.synth` with a fixed seed), so
    no resident's data ships with the library. It holds one page with thousands of
    followers, a project group that stays under 250 members and a neighbourhood group
    that grows past 250 during the period, with comments, replies, reactions, join
    dates and reported totals, and goes through the same ``load`` path as any export.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> ds = gi.load_sample()
    >>> sorted(ds.containers.get_column("kind").cast(str).unique())
    ['group', 'page']
    """
    return load(sample_path())
