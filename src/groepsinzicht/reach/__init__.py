"""Notification reach of group posts (the 250-member rule), page reach, group versus page.

No export contains notification data, so reach in a group is a model: members are
notified of a post unless they switched notifications off; from ``threshold`` members on
only "highlights", a selection of posts, notify them. Every number states its
assumptions (:class:`NotificationModel`) and comes with an interval.

Notes
-----
For a post by author ``a`` at time ``t`` in a group of ``N(t)`` members (DESIGN.md's size
at time t, counting only rows with ``is_organization`` false when join dates are used),
with threshold ``T``, opt-out share ``q`` and highlight probability ``h``:

- ``eligible = N(t) - 1`` when the author is such a member at ``t``, else ``N(t)``;
- ``size_basis="at_post"``: ``expected = eligible (1 - q) (1 if N(t) < T else h)``;
- ``size_basis="at_join"``: the k-th member joined a group of k - 1 members and keeps the
  regime of that size: ``expected = (A + B h) (1 - q)`` with ``A`` the eligible members
  who joined below ``T`` and ``B`` the others.

The interval of a number is the 5th to 95th percentile of the same formula with ``q`` and
``h`` drawn independently and uniformly from their ranges (2000 seeded draws), widened
to include the point value. :func:`simulate_notifications` draws members and highlights
one by one and is the reference the closed form is tested against.

:func:`calibrate` fits the view share and the highlight rate to the "Seen by" counts
group admins can read (a beta-binomial model, posterior on a grid); a
:class:`Calibration` can be given wherever a model is taken, and its intervals then
come from the joint posterior draws ("Seen by" is read as "notified").
"""

from __future__ import annotations

from groepsinzicht.reach._calibrate import (
    CalibratedModel,
    Calibration,
    ParameterEstimate,
    calibrate,
)
from groepsinzicht.reach._compare import ReachComparison, compare_reach
from groepsinzicht.reach._model import PAGE_ORGANIC_REACH_RATE, NotificationModel
from groepsinzicht.reach._notify import break_even_members, notification_reach, reach_curve
from groepsinzicht.reach._page import page_reach
from groepsinzicht.reach._plan import plan_groups
from groepsinzicht.reach._simulate import simulate_notifications

__all__ = [
    "PAGE_ORGANIC_REACH_RATE",
    "CalibratedModel",
    "Calibration",
    "NotificationModel",
    "ParameterEstimate",
    "ReachComparison",
    "break_even_members",
    "calibrate",
    "compare_reach",
    "notification_reach",
    "page_reach",
    "plan_groups",
    "reach_curve",
    "simulate_notifications",
]
