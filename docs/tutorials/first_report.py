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
# # Your first report
#
# This notebook walks through one export from start to finish: load it, see what it holds,
# ask the three questions a newsroom asks (which posts work, do we have a conversation,
# how many members do our group posts reach), draw a figure and write the HTML report.
#
# It runs on the **bundled sample**: the fictional municipality of Voorbeeldstad, its
# corporate page and three groups. The data are synthetic, so nobody's data is in it.
# To run it on your own export, replace `gi.load_sample()` by `gi.load("your-export.zip")`
# (see [Getting your data out of Facebook](../guides/export.md)).
#
# [Download this notebook](first_report.py) (`docs/tutorials/first_report.py` in the
# repository). It is a [jupytext](https://jupytext.readthedocs.io) notebook: Jupyter opens it
# as a notebook when jupytext is installed, and Python runs it as a script.

# %%
# %matplotlib inline
import polars as pl

import groepsinzicht as gi
from groepsinzicht import plot

ds = gi.load_sample()
ds

# %% [markdown]
# ## What does the export hold?
#
# `ds.summary()` counts posts, comments, reactions and members per container (a group or a
# page), shows the period, and how complete the export is: the totals Facebook reports
# against the rows the export actually contains. Look at it before any analysis: a ratio
# well below 1 means that the comments (or reactions) of many posts are missing, and that
# measures built from the rows (the interaction graph, response times) see only part of
# the conversation.

# %%
summary = ds.summary()
summary

# %% [markdown]
# ## Which posts work?
#
# `gi.post_engagement` gives one row per post. *Interactions* are reactions (likes and
# emoji), comments and shares together; each component counts the larger of what the
# export reports and what it contains.

# %%
posts = gi.post_engagement(ds)
names = ds.containers.select("container_id", "name")
(
    posts.join(names, on="container_id")
    .sort("interactions", descending=True)
    .select("name", "created_at", "post_type", "reactions", "comments", "shares",
            "interactions")
    .head(5)
)

# %% [markdown]
# ## Do we have a conversation, or do we only broadcast?
#
# `gi.conversation` has one row per container: how many posts got comments, how deep the
# threads go, and what happened to residents' questions. Questions can only count as
# answered when the library knows which accounts are the municipality's: in the sample the
# organisation list (`ds.org_ids`) holds the page's own account, which also posts in the
# groups, and two staff accounts. Without it, the answer columns would be empty
# ("unknown"), not zero.

# %%
talk = gi.conversation(ds)
talk.join(names, on="container_id").select(
    "name", "posts", "share_commented", "mean_thread_depth", "questions",
    "org_response_minutes_median", "answered_24h", "unanswered",
)

# %% [markdown]
# The questions nobody answered yet, newest first, are in `gi.open_questions(ds)`; a
# webcare team can work through that list.

# %%
gi.open_questions(ds).height

# %% [markdown]
# ## How many members does a group post reach?
#
# A group notifies its members of new posts, but from 250 members on only of "highlights".
# `gi.notification_reach` models how many members were notified of each group post. The
# model's assumptions (the share of members with notifications off, the chance a post is a
# highlight for someone) are no part of any export: the model states them, and gives a
# range (`low`–`high`) around every number. See
# [Reach and the 250 rule](../guides/reach.md).

# %%
model = gi.NotificationModel()
model

# %% [markdown]
# One row per group post: the group's size at the post (`members_at_post`), the members
# who could be notified (`eligible`: the author is not notified of their own post), the
# regime (`all` below the threshold, `highlights` from it on), the expected number notified
# and its range.

# %%
reach = gi.notification_reach(ds, model)
reach.head(3)

# %%
(
    reach.join(names, on="container_id")
    .group_by("name", "regime")
    .agg(
        pl.len().alias("posts"),
        pl.col("members_at_post").median().alias("members"),
        pl.col("expected_notified").median().alias("notified_median"),
        pl.col("low").median().alias("low"),
        pl.col("high").median().alias("high"),
    )
    .sort("name", "regime")
)

# %% [markdown]
# ## A figure
#
# Every plot function in `groepsinzicht.plot` takes an analysis result, draws on an
# optional `ax=` and returns it (the figure is `ax.figure`: show it, or save it with
# `ax.figure.savefig("growth.png")`); `lang="en"` gives English labels (Dutch is the default).
# Here: the size of each group over time and the expected reach of its posts, with the
# 250-member line.

# %%
names = dict(ds.containers.select("container_id", "name").rows())
plot.plot_group_growth(reach, names=names, lang="en")  # one panel per group: a Figure

# %% [markdown]
# And when to post: the median interactions per weekday and hour, in local time.

# %%
ax = plot.plot_heatmap(gi.posting_heatmap(ds), lang="en")
ax.figure

# %% [markdown]
# ## The report
#
# `gi.report` composes all of this (and more: formats, themes, who talks with whom) into
# one self-contained HTML page for the newsroom, in Dutch (`lang="nl"`, the default) or
# English. Residents appear as counts and anonymous ranks unless you ask for names.

# %%
import tempfile
from pathlib import Path

out = Path(tempfile.mkdtemp()) / "report.html"
rep = gi.report(ds, path=out, lang="en")
print(repr(rep))
print(f"{out.name}: {out.stat().st_size // 1024} kB")

# %% [markdown]
# ## On your own export
#
# ```python
# ds = gi.load("facebook-export.zip", org_ids=["<the id of your page>"])
# gi.report(ds, path="report.html")
# ```
#
# or, without Python, `groepsinzicht report facebook-export.zip -o report.html`
# (see [the command line](../guides/cli.md)).
