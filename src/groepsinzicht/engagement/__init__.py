"""Engagement per post, per member, over time, by hour of the week and by format.

The questions "Conversation", "People" and "Content" of DESIGN.md, as plain functions of
a :class:`~groepsinzicht.dataset.Dataset` that return polars DataFrames.

Conventions shared by every function here:

- every per-post or per-member row carries ``container_id``;
- a count with nothing behind it is 0, never null;
- a post's reactions, comments and shares each count as ``max(reported, observed)``
  (:func:`groepsinzicht._measures._interactions.post_interactions`): observed reactions
  are the sum of
  ``reaction_counts``, observed comments the ``comments`` rows (replies included);
- the size of a container at a moment follows DESIGN.md's "size at time t"
  (:func:`groepsinzicht._measures._size.size_at`; with join dates it counts non-organisation
  members);
- an author is the organisation when their ``members`` row in that container says
  ``is_organization`` (a hidden or unknown author is not);
- days, weekdays and hours are local times in ``tz``.
"""

from __future__ import annotations

from groepsinzicht._util import DEFAULT_TZ
from groepsinzicht.engagement._common import EXTERNAL_VIDEO_DOMAINS, FORMAT, PARTICIPATION
from groepsinzicht.engagement._members import member_activity, participation_inequality
from groepsinzicht.engagement._posts import content_performance, post_engagement
from groepsinzicht.engagement._time import posting_heatmap, timeline

__all__ = [
    "DEFAULT_TZ",
    "EXTERNAL_VIDEO_DOMAINS",
    "FORMAT",
    "PARTICIPATION",
    "content_performance",
    "member_activity",
    "participation_inequality",
    "post_engagement",
    "posting_heatmap",
    "timeline",
]
