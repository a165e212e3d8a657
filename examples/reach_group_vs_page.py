"""Is a project group worth more than a post on the corporate page?

Models the notification reach of every group post (with its interval), compares it with
the page's reach, and asks whether splitting a large group would reach more people.
Writes reach.png. Run: python examples/reach_group_vs_page.py
"""

from __future__ import annotations

from matplotlib.figure import Figure

import groepsinzicht as gi
from groepsinzicht import plot

ds = gi.load_sample()
model = gi.NotificationModel(opt_out_rate=0.10, highlight_rate=0.15)
print(model)

comparison = gi.compare_reach(ds, ds, model)
print(comparison)
print(comparison.summary.select("name", "kind", "posts", "audience", "reach_per_post_median",
                                "interactions_per_100_reached", "conversation_share"))

# Should we split a group of 600 members into smaller ones?
print(gi.plan_groups(600, model, max_groups=4))

fig = Figure(figsize=(12, 4.5), layout="constrained")
left, right = fig.subplots(1, 2)
page_median = comparison.per_post.filter(comparison.per_post["kind"] == "page")["reach"].median()
plot.plot_reach_curve(gi.reach_curve(model), page_median=page_median, ax=left, lang="en")
plot.plot_reach_comparison(comparison, ax=right, lang="en")
fig.savefig("reach.png", dpi=100)
print("wrote reach.png")
