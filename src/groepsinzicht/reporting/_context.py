"""What every section reads: the dataset, the reader's language, the analyses.

Each analysis is computed once, and only when a section asks for it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import polars as pl

from groepsinzicht._util import label
from groepsinzicht.dialogue import conversation, open_questions, question_responses
from groepsinzicht.engagement import (
    content_performance,
    member_activity,
    participation_inequality,
    post_engagement,
    posting_heatmap,
    timeline,
)
from groepsinzicht.errors import DataQualityWarning
from groepsinzicht.graph import graph_metrics, interaction_graph, member_centrality
from groepsinzicht.reach import compare_reach, notification_reach
from groepsinzicht.themes import theme_coverage

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    import networkx as nx

    from groepsinzicht._util import Lang
    from groepsinzicht.dataset import Dataset, Summary
    from groepsinzicht.reach import NotificationModel, ReachComparison

__all__ = ["Context"]


_T = TypeVar("_T")


def _quiet(fn: Callable[[], _T]) -> _T:
    # The report states what the data lack in its own data-quality section.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return fn()


@dataclass
class Context:
    """The inputs of a report and its analyses (cached)."""

    ds: Dataset
    lang: Lang
    tz: str
    every: str
    model: NotificationModel
    top: int
    page: Dataset | None = None
    show_names: bool = False
    min_posts: int = 3
    seen_by: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def t(self, key: str, **values: object) -> str:
        """The report label ``report_<key>``, filled in."""
        text = label(f"report_{key}", self.lang)
        return text.format(**values) if values else text

    # ------------------------------------------------------------------ the data
    @cached_property
    def names(self) -> dict[str, str]:
        """Container names by id (the id where the export has no name)."""
        rows = self.ds.containers.select(
            "container_id", pl.col("name").fill_null(pl.col("container_id"))).rows()
        out = {str(k): str(v) for k, v in rows}
        if self.page is not None:
            out.update({str(k): str(v) for k, v in self.page.containers.select(
                "container_id", pl.col("name").fill_null(pl.col("container_id"))).rows()})
        return out

    def name(self, cid: str) -> str:
        """The name of a container."""
        return self.names.get(cid, cid)

    def kind_ids(self, kind: str, ds: Dataset | None = None) -> list[str]:
        """Ids of the containers of one kind, in order of their number of posts."""
        source = ds or self.ds
        counts = source.posts.group_by("container_id").len()
        return (
            source.containers.filter(pl.col("kind") == kind).select("container_id")
            .join(counts, on="container_id", how="left")
            .sort(pl.col("len").fill_null(0), "container_id", descending=[True, False])
            .get_column("container_id").to_list()
        )

    @property
    def groups(self) -> list[str]:
        """Group ids, the busiest first."""
        return self.kind_ids("group")

    @property
    def pages(self) -> list[str]:
        """Page ids (of ``page`` when given), the busiest first."""
        return self.kind_ids("page", self.page)

    @cached_property
    def org_known_by(self) -> dict[str, bool]:
        """Per container, whether its organisation's account is known.

        From the summary's ``organization_known`` (a page's is always known); where the
        summary has no such column, known when any member is marked as the organisation.
        """
        tables = self.summary.tables
        if "organization_known" in tables.columns:
            return {str(k): bool(v) for k, v in tables.select(
                "container_id", pl.col("organization_known").fill_null(False)).rows()}
        marked = bool(self.ds.members.filter(pl.col("is_organization")).height)
        return {str(k): marked or kind == "page" for k, kind in self.ds.containers.select(
            "container_id", pl.col("kind").cast(pl.String)).rows()}

    @property
    def org_known(self) -> bool:
        """Whether the organisation is known in every container."""
        return all(self.org_known_by.values())

    def known_ids(self) -> list[str]:
        """The containers whose organisation is known."""
        return [cid for cid, known in self.org_known_by.items() if known]

    @cached_property
    def summary(self) -> Summary:
        """``ds.summary()``."""
        return _quiet(self.ds.summary)

    @cached_property
    def period(self) -> tuple[datetime | None, datetime | None]:
        """First and last time in the data."""
        return self.ds.period()

    # ------------------------------------------------------------------ analyses
    @cached_property
    def posts(self) -> pl.DataFrame:
        """:func:`post_engagement`."""
        return _quiet(lambda: post_engagement(self.ds, tz=self.tz))

    @cached_property
    def timeline(self) -> pl.DataFrame:
        """:func:`timeline`."""
        return _quiet(lambda: timeline(self.ds, every=self.every, tz=self.tz))

    @cached_property
    def heatmap(self) -> pl.DataFrame:
        """:func:`posting_heatmap` over all containers."""
        return _quiet(lambda: posting_heatmap(self.ds, tz=self.tz))

    @cached_property
    def heatmap_per_container(self) -> pl.DataFrame:
        """:func:`posting_heatmap` per container."""
        return _quiet(lambda: posting_heatmap(self.ds, tz=self.tz, per_container=True))

    @cached_property
    def formats(self) -> pl.DataFrame:
        """:func:`content_performance`."""
        return _quiet(lambda: content_performance(self.ds))

    @cached_property
    def formats_per_container(self) -> pl.DataFrame:
        """:func:`content_performance` per container."""
        return _quiet(lambda: content_performance(self.ds, per_container=True))

    @cached_property
    def conversation(self) -> pl.DataFrame:
        """:func:`conversation`."""
        return _quiet(lambda: conversation(self.ds, tz=self.tz))

    @cached_property
    def responses(self) -> pl.DataFrame:
        """:func:`question_responses`."""
        return _quiet(lambda: question_responses(self.ds, tz=self.tz))

    @cached_property
    def open_questions(self) -> pl.DataFrame:
        """:func:`open_questions`."""
        return _quiet(lambda: open_questions(self.ds))

    @cached_property
    def themes(self) -> pl.DataFrame:
        """:func:`theme_coverage`."""
        return _quiet(lambda: theme_coverage(self.ds, tz=self.tz))

    @cached_property
    def themes_per_container(self) -> pl.DataFrame:
        """:func:`theme_coverage` per container."""
        return _quiet(lambda: theme_coverage(self.ds, tz=self.tz, per_container=True))

    @cached_property
    def reach(self) -> pl.DataFrame:
        """:func:`notification_reach` of the groups."""
        return _quiet(lambda: notification_reach(self.ds, self.model))

    @cached_property
    def comparison(self) -> ReachComparison | None:
        """:func:`compare_reach` of the groups against the page(s), when both exist."""
        if not self.groups or not self.pages:
            return None
        return _quiet(lambda: compare_reach(self.ds, self.page or self.ds, self.model))

    @cached_property
    def activity(self) -> pl.DataFrame:
        """:func:`member_activity`."""
        return _quiet(lambda: member_activity(self.ds, tz=self.tz))

    @cached_property
    def inequality(self) -> pl.DataFrame:
        """:func:`participation_inequality`."""
        return _quiet(lambda: participation_inequality(self.ds))

    @cached_property
    def graph(self) -> nx.DiGraph[str]:
        """:func:`interaction_graph`."""
        return _quiet(lambda: interaction_graph(self.ds))

    @cached_property
    def graph_metrics(self) -> pl.DataFrame:
        """:func:`graph_metrics`."""
        return _quiet(lambda: graph_metrics(self.graph))

    @cached_property
    def centrality(self) -> pl.DataFrame:
        """:func:`member_centrality`."""
        return _quiet(lambda: member_centrality(self.graph))
