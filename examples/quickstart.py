"""Quickstart: load the bundled sample, see what it holds and what works.

Run: python examples/quickstart.py
"""

from __future__ import annotations

import polars as pl

import groepsinzicht as gi

ds = gi.load_sample()
print(ds)
print(ds.summary())

# Which posts started the most conversation?
top = gi.post_engagement(ds).sort("interactions", descending=True).head(5)
print(top.select("container_id", "post_type", "interactions", "comments", "thread_depth"))

# Do we talk with residents, or only broadcast?
print(gi.conversation(ds).select("container_id", "share_commented", "share_member_exchange",
                                 "questions", "answered_1h", "unanswered"))

# How many members does a group post reach, before and after the 250 mark?
reach = gi.notification_reach(ds, gi.NotificationModel())
print(reach.group_by("container_id", "regime").agg(
    pl.len().alias("posts"), pl.col("expected_notified").median().alias("notified_median")))
