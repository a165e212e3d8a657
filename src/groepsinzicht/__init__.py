"""groepsinzicht: Facebook group and page exports turned into answers.

For the communication teams of Dutch municipalities and the researchers who study them:
engagement and conversation, notification reach (the 250-member rule), interaction
graphs, content pillars. Start with :func:`load` or :func:`load_sample`.

Examples
--------
>>> import groepsinzicht as gi
>>> ds = gi.load_sample()
>>> ds.posts.height > 0
True
"""

from __future__ import annotations

from groepsinzicht import errors
from groepsinzicht._version import __version__
from groepsinzicht.dataset import Dataset, LazyDataset, Summary, scan
from groepsinzicht.dialogue import (
    conversation,
    open_questions,
    question_responses,
)
from groepsinzicht.engagement import (
    content_performance,
    member_activity,
    participation_inequality,
    post_engagement,
    posting_heatmap,
    timeline,
)
from groepsinzicht.graph import (
    bipartite_graph,
    graph_metrics,
    graph_over_time,
    interaction_edges,
    interaction_graph,
    member_centrality,
    write_graph,
)
from groepsinzicht.io import detect_format, load
from groepsinzicht.privacy import pseudonymize, suppress_small_cells
from groepsinzicht.reach import (
    Calibration,
    NotificationModel,
    ReachComparison,
    break_even_members,
    calibrate,
    compare_reach,
    notification_reach,
    page_reach,
    plan_groups,
    reach_curve,
    simulate_notifications,
)
from groepsinzicht.reporting import Report, digest, report
from groepsinzicht.sample import load_sample
from groepsinzicht.themes import DEFAULT_THEMES, ThemeRules, assign_themes, theme_coverage

__all__ = [
    "Calibration",
    "NotificationModel",
    "ReachComparison",
    "break_even_members",
    "calibrate",
    "compare_reach",
    "notification_reach",
    "page_reach",
    "plan_groups",
    "reach_curve",
    "simulate_notifications",
    "DEFAULT_THEMES",
    "ThemeRules",
    "assign_themes",
    "conversation",
    "open_questions",
    "question_responses",
    "theme_coverage",
    "Dataset",
    "LazyDataset",
    "Report",
    "digest",
    "report",
    "Summary",
    "__version__",
    "bipartite_graph",
    "content_performance",
    "detect_format",
    "errors",
    "graph_metrics",
    "graph_over_time",
    "interaction_edges",
    "interaction_graph",
    "load",
    "load_sample",
    "member_activity",
    "member_centrality",
    "participation_inequality",
    "post_engagement",
    "posting_heatmap",
    "pseudonymize",
    "scan",
    "suppress_small_cells",
    "timeline",
    "write_graph",
]
