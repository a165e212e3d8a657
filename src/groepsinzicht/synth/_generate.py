"""The generator: a seeded synthetic municipality as a :class:`~groepsinzicht.Dataset`."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import polars as pl

from groepsinzicht.dataset import Dataset
from groepsinzicht.synth._config import SynthConfig
from groepsinzicht.synth._frames import (
    audience_frame,
    comments_frame,
    containers_frame,
    members_frame,
    post_numbers,
    posts_frame,
    reactions_frame,
)
from groepsinzicht.synth._people import (
    make_accounts,
    make_group_members,
    make_page_members,
    scaled,
)
from groepsinzicht.synth._posts import make_posts
from groepsinzicht.synth._reactions import make_reactions
from groepsinzicht.synth._threads import make_comments
from groepsinzicht.synth._time import Period

__all__ = ["generate"]

# One random stream per stage: changing how comments are drawn leaves the members and
# posts of a seed as they were.
_ACCOUNTS, _MEMBERS, _POSTS, _COMMENTS, _REACTIONS, _FRAMES = range(6)


def _rng(seed: int, stage: int) -> np.random.Generator:
    return np.random.default_rng([seed, stage])


def _config(config: SynthConfig | None, overrides: dict[str, Any]) -> SynthConfig:
    cfg = config if config is not None else SynthConfig()
    if not overrides:
        return cfg
    # Validate again: model_copy(update=...) would skip the checks.
    return SynthConfig.model_validate({**cfg.model_dump(), **overrides})


def generate(config: SynthConfig | None = None, **overrides: Any) -> Dataset:
    """Generate a synthetic municipality: its page and groups, with all eight tables.

    The municipality of Voorbeeldstad has a page (:data:`ORG_ID`, thousands of
    followers, posts with views, reach, organic and paid reach, impressions and
    shares) and groups whose members join over time, one of them growing across 250
    members. Residents post, comment and reply in threads several levels deep and
    react with every reaction type; a few of them do most of the talking, many never
    say anything. Messages are Dutch, with diacritics, emoji, @-mentions, links
    (YouTube and others) and the keywords of the eight default themes; residents ask
    questions that the organisation answers within the hour, later or never. Some
    posts state totals above the rows the export holds, as scraped exports do.

    Parameters
    ----------
    config
        The parameters; the defaults make the bundled sample.
    **overrides
        Fields of :class:`SynthConfig` to change (e.g. ``seed=1, scale=0.1``).

    Returns
    -------
    Dataset
        The same config always gives an equal Dataset (``==``). Its provenance holds
        the config, so the data can be made again.

    Raises
    ------
    groepsinzicht.errors.ConfigError
        (a ``ValueError`` with pydantic's message) An override is not a field of
        :class:`SynthConfig` or is out of range.

    Examples
    --------
    >>> from groepsinzicht.synth import generate
    >>> ds = generate(seed=1, scale=0.1)
    >>> ds == generate(seed=1, scale=0.1)
    True
    >>> sorted(ds.containers.get_column("kind").cast(str).unique())
    ['group', 'page']
    """
    cfg = _config(config, overrides)
    period = Period(cfg.start, cfg.months, cfg.tz)
    people = sum(scaled(g.members_end, cfg.scale, minimum=3) for g in cfg.groups)
    people += scaled(cfg.page_active_residents, cfg.scale, minimum=3)
    accounts = make_accounts(_rng(cfg.seed, _ACCOUNTS), math.ceil(1.25 * people) + 10,
                             cfg.staff_accounts)
    rng = _rng(cfg.seed, _MEMBERS)
    members = [make_page_members(rng, cfg, accounts)]
    members += [make_group_members(rng, spec, cfg, accounts, period) for spec in cfg.groups]
    posts = make_posts(_rng(cfg.seed, _POSTS), cfg, period, accounts, members)
    comments = make_comments(_rng(cfg.seed, _COMMENTS), cfg, period, posts, members,
                             accounts)
    reactions = make_reactions(_rng(cfg.seed, _REACTIONS), cfg, period, posts, comments,
                               members)

    rng = _rng(cfg.seed, _FRAMES)
    audience, at, followers = audience_frame(rng, cfg, period, members)
    post_reactions = np.bincount(reactions.target[~reactions.on_comment],
                                 minlength=posts.n).astype(np.int64)
    comment_reactions = np.bincount(reactions.target[reactions.on_comment],
                                    minlength=comments.n).astype(np.int64)
    post_comments = np.bincount(comments.post, minlength=posts.n).astype(np.int64)
    posts_df = posts_frame(rng, cfg, posts, post_numbers(rng, posts), accounts,
                           post_comments, post_reactions, (at, followers))
    post_ids = posts_df.get_column("post_id")
    comments_df = comments_frame(rng, cfg, posts, post_ids, comments, accounts,
                                 comment_reactions)
    reactions_df = reactions_frame(cfg, posts, post_ids,
                                   comments_df.get_column("comment_id"), reactions,
                                   accounts)
    # The page lists the residents who wrote, reacted or were mentioned there.
    on_page_c = posts.container[comments.post] == 0
    on_page_r = posts.container[reactions.post] == 0
    active = np.concatenate([
        comments.author[on_page_c], comments.mention[on_page_c],
        reactions.actor[on_page_r],
    ])
    active = np.unique(active[(active >= 0) & (active < accounts.n_residents)])
    members_df = members_frame(accounts, members, cfg, active)
    # The municipality's own data: its page and staff accounts are its organisation list.
    org = members_df.filter(pl.col("is_organization")).get_column("member_id").unique(
        maintain_order=True)
    return Dataset.from_frames(
        org_ids=org.to_list(),
        containers=containers_frame(cfg),
        audience=audience,
        members=members_df,
        posts=posts_df,
        comments=comments_df,
        reactions=reactions_df,
        provenance=[{"source": "groepsinzicht.synth",
                     "config": cfg.model_dump(mode="json")}],
    )
