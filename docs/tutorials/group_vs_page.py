# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Group versus page
#
# Is a dedicated group (a playground rebuild, one neighbourhood) worth more than a post on
# the municipality's corporate page? A page post reaches the followers the feed decides to
# show it to; a group post notifies members, all of them below 250 members and only a
# selection ("highlights") from 250 on. This notebook puts the two side by side on the
# bundled sample, and asks what splitting a large group would do.
#
# The group numbers are **modelled** (no export says who was notified); the page numbers
# are **measured** where the export states a reach. Read
# [Reach and the 250 rule](../guides/reach.md) for the model and its assumptions.
#
# [Download this notebook](group_vs_page.py) (`docs/tutorials/group_vs_page.py`, a
# [jupytext](https://jupytext.readthedocs.io) notebook).

# %%
# %matplotlib inline
import polars as pl

import groepsinzicht as gi
from groepsinzicht import plot

ds = gi.load_sample()
ds.containers.select("container_id", "kind", "name")

# %% [markdown]
# The sample holds the page and its groups in one Dataset. With your own exports you would
# load them apart, for example `groups = gi.load("group-export/")` and
# `page = gi.load("business-suite.csv")`; here we split the sample by kind.

# %%
kinds = ds.containers.select("container_id", "kind")
group_ids = kinds.filter(pl.col("kind") == "group").get_column("container_id").to_list()
page_ids = kinds.filter(pl.col("kind") == "page").get_column("container_id").to_list()
groups = ds.filter(containers=group_ids)
page = ds.filter(containers=page_ids)
groups, page

# %% [markdown]
# ## The assumptions
#
# The model has three numbers no export contains: the threshold (250), the share of
# members who switched notifications off (`q`) and the chance that a member on
# highlights is notified of a given post (`h`). Each has a range; the intervals below come
# from those ranges. Its `repr` says where every value comes from.

# %%
model = gi.NotificationModel()
print(model)

# %% [markdown]
# ## The comparison
#
# `gi.compare_reach` models every group post, takes every page post's reach (measured,
# or estimated as a share of the followers where the export has none) and sums up per
# container.

# %%
comparison = gi.compare_reach(groups, page, model)
print(comparison)

# %%
comparison.summary.select(
    "name", "kind", "posts", "audience", "reach_per_post_median",
    "reach_share_of_audience_median", "interactions_per_100_reached",
    "conversation_share",
)

# %% [markdown]
# How to read this: the page reaches more people per post in absolute numbers (it has
# far more followers than a group has members), but a much smaller share of its
# audience; the small project group notifies most of its members, and
# `interactions_per_100_reached` shows that group members respond more to what reaches
# them. `break_even_members` is the group size at which a group post would reach as many
# people as the median page post.

# %%
comparison.break_even_members

# %%
ax = plot.plot_reach_comparison(comparison, lang="en")
ax.figure

# %% [markdown]
# ## The cliff at 250
#
# `gi.reach_curve` gives the expected number of members notified of a post for every
# group size. Below the threshold it grows with the group; at 250 it falls to a fraction,
# and it takes a far larger group to climb back. The dashed line is the page's median
# reach.

# %%
curve = gi.reach_curve(model, sizes=range(1, 1501))
page_median = comparison.per_post.filter(pl.col("kind") == "page").get_column("reach").median()
ax = plot.plot_reach_curve(curve, page_median=page_median, threshold=model.threshold, lang="en")
ax.figure

# %%
curve.filter(pl.col("members").is_in([100, 249, 250, 500, 1000, 1500]))

# %% [markdown]
# ## Split a large group?
#
# `gi.plan_groups` asks what happens when an audience of, say, 600 residents is split
# over several groups. Each post then goes to one group (`notified_per_post`), or the same
# post to all of them (`notified_if_posted_in_all`).

# %%
gi.plan_groups(600, model, max_groups=4)

# %% [markdown]
# ## What if the assumptions are off?
#
# The conclusion should survive other plausible values. Here the same comparison with
# many members switched off (`q = 0.3`) and a generous highlight rate (`h = 0.35`), and
# with members who keep the regime of the size at which they joined.

# %%
scenarios = {
    "default": model,
    "many opt-outs": gi.NotificationModel(opt_out_rate=0.3),
    "generous highlights": gi.NotificationModel(highlight_rate=0.35),
    "regime at join": gi.NotificationModel(size_basis="at_join"),
}
rows = []
for label, m in scenarios.items():
    s = gi.compare_reach(groups, page, m).summary.filter(pl.col("kind") == "group")
    rows.append(s.select(pl.lit(label).alias("scenario"), "name", "reach_per_post_median"))
pl.concat(rows).pivot(on="scenario", index="name", values="reach_per_post_median")

# %% [markdown]
# ## Growth of each group
#
# Where a group crossed 250 members, its posts' modelled reach falls: the figure shows
# each group's size and the expected notified per post over time.

# %%
plot.plot_group_growth(gi.notification_reach(groups, model),
                       names=dict(groups.containers.select("container_id", "name").rows()),
                       lang="en")
