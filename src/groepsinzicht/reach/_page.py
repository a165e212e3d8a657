"""Reach of page posts: observed where the export states it, else estimated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from groepsinzicht.errors import ParameterError
from groepsinzicht.reach import _core as core
from groepsinzicht.reach._model import PAGE_ORGANIC_REACH_RATE

if TYPE_CHECKING:

    import polars as pl

    from groepsinzicht.dataset import Dataset



def page_reach(
    page_ds: Dataset, *, organic_reach_rate: float = PAGE_ORGANIC_REACH_RATE
) -> pl.DataFrame:
    """Reach of every page post: observed where an export states it, else estimated.

    Parameters
    ----------
    page_ds
        A dataset holding one or more pages (groups are ignored).
    organic_reach_rate
        Share of the page's audience an organic post reaches, used where no reach is
        observed. The default 0.052 is Hootsuite's 2020 average organic reach of a
        Facebook page post (5.2% of its followers), an industry-wide figure.

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``post_id``, ``reach`` (Float64: the post's ``reach`` from
        Insights or Business Suite, else the page's size at the post's time (followers,
        else page likes) times ``organic_reach_rate``, else null), ``reach_source`` (Enum
        ``observed`` / ``estimated``, null when neither is known), ``organic_reach``,
        ``paid_reach`` (as exported). Sorted by page, time and post id.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import UTC, datetime
    >>> import groepsinzicht as gi
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> ds = gi.Dataset.from_frames(kind="page",
    ...     audience=pl.DataFrame({"container_id": "p", "at": [t], "size": [1000],
    ...                            "metric": "followers"}),
    ...     posts=pl.DataFrame({"container_id": "p", "post_id": ["a", "b"],
    ...                         "created_at": [t, t], "reach": [300, None]}))
    >>> gi.page_reach(ds).select("post_id", "reach", "reach_source").rows()
    [('a', 300.0, 'observed'), ('b', 52.0, 'estimated')]
    """
    rate = float(organic_reach_rate)
    if not 0.0 <= rate <= 1.0:
        msg = f"organic_reach_rate: expected a share in [0, 1], got {organic_reach_rate!r}"
        raise ParameterError(msg)
    return core.page_frame(page_ds, rate).select(
        "container_id", "post_id", "reach", "reach_source", "organic_reach", "paid_reach"
    )

