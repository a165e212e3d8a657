"""From the generator's numpy columns to the canonical polars tables.

Here the texts are put together (a sentence from the word banks, an @-mention, a link,
an emoji), ids are given out (Graph API style), reported totals are stated, and the
page's Insights figures are drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import numpy as np
import polars as pl

from groepsinzicht.schema import MEMBER_ROLE, POST_TYPE, REACTION_TYPE, TARGET_KIND, UTC
from groepsinzicht.synth import _text as tx
from groepsinzicht.synth._config import ORG_ID
from groepsinzicht.synth._people import UNKNOWN
from groepsinzicht.synth._posts import EVENT, LINK, LIVE, OTHER, PHOTO, POLL, SHARE, VIDEO
from groepsinzicht.synth._threads import (
    K_ANSWER,
    K_GENERIC,
    K_ORG,
    K_QUESTION,
    K_THANKS,
    K_THEME,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

    from groepsinzicht.synth._config import SynthConfig
    from groepsinzicht.synth._people import Accounts, Members
    from groepsinzicht.synth._posts import Posts
    from groepsinzicht.synth._reactions import Reactions
    from groepsinzicht.synth._threads import Comments
    from groepsinzicht.synth._time import Period

__all__ = ["audience_frame", "comments_frame", "containers_frame", "members_frame",
           "posts_frame", "reactions_frame"]

_ROLES: Final = pl.Series(MEMBER_ROLE.categories.to_list())
_PAGE_URL: Final = "https://www.facebook.com/gemeentevoorbeeldstad"

# Sentence kinds of the word bank (rows), by theme code (columns; the last is none).
B_ORG_POST, B_POST, B_QUESTION, B_COMMENT, B_GENERIC, B_ORG, B_ANSWER, B_THANKS, B_POLL = (
    range(9))
_N_THEMES: Final = len(tx.THEMES) + 1


def _per_theme(themed: Sequence[Sequence[str]], none: Sequence[str]) -> list[Sequence[str]]:
    return [*themed, none]


def _same(sentences: Sequence[str]) -> list[Sequence[str]]:
    return [sentences] * _N_THEMES


class _Bank:
    """All sentences in one Series; ``pick`` draws one per row by kind and theme."""

    def __init__(self) -> None:
        kinds = [
            _per_theme(tx.ORG_POSTS, tx.NO_THEME_ORG_POSTS),
            _per_theme(tx.RESIDENT_POSTS, tx.NO_THEME_POSTS),
            _per_theme(tx.QUESTIONS, tx.NO_THEME_QUESTIONS),
            _per_theme(tx.COMMENTS, tx.GENERIC_COMMENTS),
            _same(tx.GENERIC_COMMENTS),
            _same(tx.GENERIC_ORG_COMMENTS),
            _per_theme(tx.ANSWERS, tx.NO_THEME_ANSWERS),
            _same(tx.THANKS),
            _per_theme(tx.POLLS, tx.NO_THEME_POLLS),
        ]
        flat: list[str] = []
        self.offset = np.zeros((len(kinds), _N_THEMES), dtype=np.int64)
        self.size = np.zeros((len(kinds), _N_THEMES), dtype=np.int64)
        for k, per_theme in enumerate(kinds):
            for th, sentences in enumerate(per_theme):
                self.offset[k, th] = len(flat)
                self.size[k, th] = len(sentences)
                flat.extend(sentences)
        self.series = pl.Series("sentence", flat, dtype=pl.String)

    def pick(
        self, rng: np.random.Generator, kind: NDArray[np.int64], theme: NDArray[np.int64]
    ) -> pl.Series:
        size = self.size[kind, theme]
        idx = self.offset[kind, theme] + np.floor(rng.random(kind.shape[0]) * size).astype(
            np.int64)
        return self.series.gather(idx)


def _times(us: NDArray[np.int64]) -> pl.Series:
    return pl.Series(us, dtype=pl.Int64).cast(UTC)


def _null_where(values: pl.Series, mask: NDArray[np.bool_]) -> pl.Series:
    """``values`` with null where ``mask`` is true (faster than scatter on big frames)."""
    return pl.select(
        pl.when(pl.lit(pl.Series(mask, dtype=pl.Boolean))).then(None)
        .otherwise(pl.lit(values)).alias(values.name)
    ).to_series()


def _gather(series: pl.Series, idx: NDArray[np.int64]) -> pl.Series:
    """``series[idx]`` with null where ``idx`` is negative."""
    if series.len() == 0:
        return pl.Series(series.name, [None] * idx.shape[0], dtype=series.dtype)
    # A null index gathers a null.
    return series.gather(pl.Series(np.ma.masked_array(idx, mask=idx < 0), dtype=pl.Int64))


def _ids(rng: np.random.Generator, n: int, base: int, gap: int) -> NDArray[np.int64]:
    """Increasing numeric ids with random gaps (unique, like Facebook's)."""
    return base + np.cumsum(rng.integers(1, gap, size=n, dtype=np.int64))


def _emoji(
    rng: np.random.Generator, n: int, share: float | NDArray[np.float64]
) -> pl.Series:
    idx = np.where(rng.random(n) < share, rng.integers(0, len(tx.EMOJI), n), -1)
    return _gather(pl.Series(tx.EMOJI, dtype=pl.String), idx)


def _message(
    sentence: pl.Series,
    mention_name: pl.Series,
    emoji: pl.Series,
    *,
    greeting: pl.Series | None = None,
    url: pl.Series | None = None,
) -> pl.Series:
    """``[greeting @Name, | @Name ]sentence[ url][ emoji]``."""
    n = sentence.len()
    frame = pl.DataFrame({
        "s": sentence, "m": mention_name, "e": emoji,
        "g": greeting if greeting is not None else pl.Series([None] * n, dtype=pl.String),
        "u": url if url is not None else pl.Series([None] * n, dtype=pl.String),
    })
    prefix = (
        pl.when(pl.col("g").is_not_null() & pl.col("m").is_not_null())
        .then(pl.concat_str([pl.col("g"), pl.lit("@"), pl.col("m"), pl.lit(", ")]))
        .when(pl.col("m").is_not_null())
        .then(pl.concat_str([pl.lit("@"), pl.col("m"), pl.lit(" ")]))
        .otherwise(pl.lit(""))
    )
    return frame.select(
        pl.concat_str([
            prefix,
            pl.col("s"),
            pl.when(pl.col("u").is_not_null()).then(pl.lit(" ") + pl.col("u"))
            .otherwise(pl.lit("")),
            # No second emoji after a sentence that already ends with one.
            pl.when(pl.col("e").is_not_null() & pl.col("u").is_null()
                    & ~pl.col("s").str.contains(r"\p{So}\x{FE0F}?$"))
            .then(pl.lit(" ") + pl.col("e"))
            .otherwise(pl.lit("")),
        ]).alias("message")
    ).to_series()


def _mentions(ids: pl.Series) -> pl.Series:
    """One-element lists of the mentioned id, empty lists where none."""
    # Splitting on a character no id holds makes one-element lists, fast.
    return ids.str.split("\x00").fill_null(pl.lit([], dtype=pl.List(pl.String))).alias(
        "mentions")


def _reported(
    rng: np.random.Generator, observed: NDArray[np.int64], cfg: SynthConfig, extra: int
) -> pl.Series:
    """Stated totals: null for some, above the rows for some, equal for the rest."""
    n = int(observed.shape[0])
    u = rng.random(n)
    missing = u < cfg.reported_missing_share
    above = ~missing & (u < cfg.reported_missing_share + cfg.reported_above_share)
    more = np.ceil(observed * rng.uniform(0.05, 0.6, n)).astype(np.int64) + rng.integers(
        1, extra + 1, n)
    value = np.where(above, observed + more, observed)
    return _null_where(pl.Series(value, dtype=pl.Int64), missing)


def containers_frame(cfg: SynthConfig) -> pl.DataFrame:
    """The page and the groups."""
    return pl.DataFrame({
        "container_id": [ORG_ID] + [g.group_id for g in cfg.groups],
        "kind": ["page"] + ["group"] * len(cfg.groups),
        "name": [cfg.page_name] + [g.name for g in cfg.groups],
        "url": [_PAGE_URL] + [f"https://www.facebook.com/groups/{g.group_id}"
                              for g in cfg.groups],
    })


def _container_ids(cfg: SynthConfig) -> pl.Series:
    return pl.Series([ORG_ID] + [g.group_id for g in cfg.groups], dtype=pl.String)


def followers_at(
    rng: np.random.Generator, cfg: SynthConfig, period: Period, at: NDArray[np.int64]
) -> NDArray[np.int64]:
    """The page's followers at the audience times: a trend with small weekly wobbles."""
    f0 = cfg.page_followers_start * cfg.scale
    f1 = cfg.page_followers_end * cfg.scale
    frac = (at - period.t0) / max(period.t1 - period.t0, 1)
    wobble = np.cumsum(rng.normal(0, 0.0015 * f0, at.shape[0]))
    values: NDArray[np.int64] = np.maximum(np.round(f0 + (f1 - f0) * frac + wobble), 1).astype(
        np.int64)
    return values


def audience_frame(
    rng: np.random.Generator, cfg: SynthConfig, period: Period, members: list[Members]
) -> tuple[pl.DataFrame, NDArray[np.int64], NDArray[np.int64]]:
    """Weekly group sizes (from the join dates), weekly followers, monthly page likes.

    Also returns the follower series (times, values) for the page's reach figures.
    """
    at = np.concatenate([period.day_starts()[::7], [period.t1]]).astype(np.int64)
    followers = followers_at(rng, cfg, period, at)
    likes_at = at[::4]
    likes = np.round(followers[::4] * rng.uniform(0.9, 0.94)).astype(np.int64)
    ids = _container_ids(cfg)
    parts = [
        pl.DataFrame({"container_id": ORG_ID, "at": _times(at),
                      "size": pl.Series(followers, dtype=pl.Int64), "metric": "followers"}),
        pl.DataFrame({"container_id": ORG_ID, "at": _times(likes_at),
                      "size": pl.Series(likes, dtype=pl.Int64), "metric": "page_likes"}),
    ]
    parts += [
        pl.DataFrame({"container_id": ids[c], "at": _times(at),
                      "size": pl.Series(members[c].size_at(at), dtype=pl.Int64),
                      "metric": "members"})
        for c in range(1, len(members))
    ]
    return pl.concat(parts), at, followers


def members_frame(
    accounts: Accounts,
    members: list[Members],
    cfg: SynthConfig,
    page_active: NDArray[np.int64],
) -> pl.DataFrame:
    """Every group member (lurkers included) and the page's active residents.

    A group's rows are its complete member list (``listed``); the page's are not.
    """
    ids = _container_ids(cfg)
    parts = []
    for c, mem in enumerate(members):
        if c == 0:
            acc = np.concatenate([mem.org_accounts, page_active])
            role = np.concatenate([mem.org_roles, np.full(page_active.shape[0], UNKNOWN)])
            joined = pl.Series([None] * acc.shape[0], dtype=UTC)
        else:
            acc = np.concatenate([mem.org_accounts, mem.account])
            role = np.concatenate([mem.org_roles, mem.role])
            joined = _times(np.concatenate([mem.org_joined, mem.joined]))
        is_org = acc >= accounts.n_residents
        parts.append(pl.DataFrame({
            "container_id": pl.Series([ids[c]] * acc.shape[0], dtype=pl.String),
            "member_id": accounts.ids.gather(acc),
            "name": accounts.names.gather(acc),
            "role": _ROLES.gather(role).cast(MEMBER_ROLE),
            "joined_at": joined,
            "is_organization": pl.Series(is_org, dtype=pl.Boolean),
            # A group's roster is its member list; the page lists nobody: its rows are
            # the residents seen there (and the page's own accounts).
            "listed": pl.Series([c != 0] * acc.shape[0], dtype=pl.Boolean),
        }))
    return pl.concat(parts)


def post_numbers(rng: np.random.Generator, posts: Posts) -> NDArray[np.int64]:
    """The numeric part of each post id, increasing with time within a container."""
    num = np.zeros(posts.n, dtype=np.int64)
    for c in np.unique(posts.container):
        rows = np.flatnonzero(posts.container == c)
        num[rows] = _ids(rng, rows.shape[0], 1_000_000_000_000_000 + int(c) * 10**14,
                         10**9)
    return num


def _links(rng: np.random.Generator, posts: Posts, num_s: pl.Series) -> pl.DataFrame:
    """``link_url`` and ``link_domain`` of every post (null where it has no link).

    Link posts go to the municipality's site, YouTube (both domains) or news sites;
    events and shares link to Facebook itself (a group shares the page's posts).
    """
    n = posts.n
    page = posts.container == 0
    site = rng.choice(len(tx.LINK_SITES), size=n, p=[0.35, 0.22, 0.13, 0.2, 0.1])
    alphabet = np.array(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"))
    videos = ["".join(row) for row in rng.choice(alphabet, size=(24, 11))]
    is_yt = np.array([s[2] for s in tx.LINK_SITES])[site]
    tail = pl.select(
        pl.when(pl.lit(pl.Series(is_yt)))
        .then(pl.lit(pl.Series(videos).gather(rng.integers(0, len(videos), n))))
        .otherwise(pl.lit(pl.Series(tx.SLUGS).gather(rng.integers(0, len(tx.SLUGS), n))))
    ).to_series()
    prefix = pl.Series([s[0] for s in tx.LINK_SITES]).gather(site)
    domain = pl.Series([s[1] for s in tx.LINK_SITES]).gather(site)
    ext_url = pl.select(pl.concat_str([pl.lit(prefix), pl.lit(tail)])).to_series()
    # A group shares one of the page's earlier posts (page posts are in time order).
    earlier = np.searchsorted(posts.t[page], posts.t)
    pick = np.where(earlier > 0, np.floor(rng.random(n) * earlier).astype(np.int64), -1)
    frame = pl.DataFrame({
        "ptype": posts.ptype, "ext_url": ext_url, "domain": domain,
        "event": pl.Series(_ids(rng, n, 900_000_000_000_000, 10**9)).cast(pl.String),
        "shared": _gather(num_s.filter(pl.Series(page)), pick),
        "page": page | (pick < 0),
    })
    return frame.select(
        pl.when(pl.col("ptype") == LINK).then(pl.col("ext_url"))
        .when(pl.col("ptype") == EVENT).then(
            pl.concat_str([pl.lit("https://www.facebook.com/events/"), pl.col("event"),
                           pl.lit("/")]))
        .when((pl.col("ptype") == SHARE) & ~pl.col("page")).then(
            pl.concat_str([pl.lit(f"https://www.facebook.com/{ORG_ID}/posts/"),
                           pl.col("shared")]))
        .when(pl.col("ptype") == SHARE).then(
            pl.concat_str([pl.lit("https://www.facebook.com/veiligheidsregio.voorbeeld/"
                                  "posts/"), pl.col("event")]))
        .alias("link_url"),
        pl.when(pl.col("ptype") == LINK).then(pl.col("domain"))
        .when(pl.col("ptype").is_in([EVENT, SHARE])).then(pl.lit("facebook.com"))
        .alias("link_domain"),
    )


def posts_frame(
    rng: np.random.Generator,
    cfg: SynthConfig,
    posts: Posts,
    num: NDArray[np.int64],
    accounts: Accounts,
    observed_comments: NDArray[np.int64],
    observed_reactions: NDArray[np.int64],
    followers: tuple[NDArray[np.int64], NDArray[np.int64]],
) -> pl.DataFrame:
    """The posts table."""
    n = posts.n
    bank = _Bank()
    kind = np.select(
        [posts.ptype == POLL, posts.org, posts.question], [B_POLL, B_ORG_POST, B_QUESTION],
        B_POST,
    ).astype(np.int64)
    sentence = bank.pick(rng, kind, posts.theme)
    cid = _container_ids(cfg).gather(posts.container)
    num_s = pl.Series(num, dtype=pl.Int64).cast(pl.String)
    post_id = pl.select(pl.concat_str([pl.lit(cid), pl.lit("_"), pl.lit(num_s)])).to_series()
    page = posts.container == 0
    permalink = pl.select(
        pl.when(pl.lit(pl.Series(page)))
        .then(pl.concat_str([pl.lit(f"https://www.facebook.com/{ORG_ID}/posts/"),
                             pl.lit(num_s)]))
        .otherwise(pl.concat_str([pl.lit("https://www.facebook.com/groups/"), pl.lit(cid),
                                  pl.lit("/permalink/"), pl.lit(num_s), pl.lit("/")]))
    ).to_series()

    link = _links(rng, posts, num_s)
    # A photo without a caption, a cover-photo change: posts without text (nor mention).
    silent = ((posts.ptype == PHOTO) & (rng.random(n) < 0.08)) | (
        (posts.ptype == OTHER) & (rng.random(n) < 0.5))
    mention = np.where(silent, -1, posts.mention)
    url_in_text = (posts.ptype == LINK) & (rng.random(n) < 0.5)
    message = _message(
        sentence,
        _gather(accounts.names, mention),
        _emoji(rng, n, np.where(posts.org, 0.1, 0.3)),
        url=_null_where(link.get_column("link_url"), ~url_in_text),
    )
    message = _null_where(message, silent)

    insights = _page_insights(rng, cfg, posts, followers)
    return pl.DataFrame({
        "container_id": cid,
        "post_id": post_id,
        "author_id": accounts.ids.gather(posts.author),
        "created_at": _times(posts.t),
        "message": message,
        "post_type": pl.Series(POST_TYPE.categories).gather(posts.ptype).cast(POST_TYPE),
        "link_url": link.get_column("link_url"),
        "link_domain": link.get_column("link_domain"),
        "permalink": permalink,
        "reported_reactions": _reported(rng, observed_reactions, cfg, 8),
        "reported_comments": _reported(rng, observed_comments, cfg, 5),
        **insights,
        "mentions": _mentions(_gather(accounts.ids, mention)),
    })


def _page_insights(
    rng: np.random.Generator,
    cfg: SynthConfig,
    posts: Posts,
    followers: tuple[NDArray[np.int64], NDArray[np.int64]],
) -> dict[str, pl.Series]:
    """Shares, views, reach (organic and paid) and impressions of the page's posts."""
    n = posts.n
    page = posts.container == 0
    f = np.interp(posts.t, followers[0], followers[1])
    reach_factor = np.ones(9)
    reach_factor[[VIDEO, LIVE, PHOTO, LINK]] = [1.4, 1.2, 1.1, 0.7]
    frac = (0.12 * posts.popularity**0.6 * reach_factor[posts.ptype]
            * rng.lognormal(0, 0.35, n))
    organic = np.round(f * frac).astype(np.int64)
    boosted = rng.random(n) < cfg.page_boosted_share
    paid = np.where(boosted, np.round(f * rng.lognormal(np.log(0.5), 0.5, n)), 0).astype(
        np.int64)
    overlap = np.round(np.minimum(organic, paid) * rng.uniform(0.05, 0.2, n)).astype(np.int64)
    reach = organic + paid - overlap
    impressions = np.round(reach * rng.uniform(1.1, 1.7, n)).astype(np.int64)
    views = np.round(impressions * rng.uniform(1.0, 1.25, n)).astype(np.int64)
    share_factor = np.ones(9)
    share_factor[[VIDEO, LINK, EVENT]] = [1.6, 1.3, 1.5]
    shares = rng.poisson(3.0 * posts.popularity * share_factor[posts.ptype])

    def col(values: NDArray[np.int64]) -> pl.Series:
        return _null_where(pl.Series(values, dtype=pl.Int64), ~page)

    return {
        "reported_shares": col(shares), "views": col(views), "reach": col(reach),
        "organic_reach": col(organic), "paid_reach": col(paid),
        "impressions": col(impressions),
    }


def comments_frame(
    rng: np.random.Generator,
    cfg: SynthConfig,
    posts: Posts,
    post_ids: pl.Series,
    comments: Comments,
    accounts: Accounts,
    observed_reactions: NDArray[np.int64],
) -> pl.DataFrame:
    """The comments table (ids increase with time, like Facebook's)."""
    n = comments.n
    order = np.argsort(comments.t, kind="stable")
    num = np.empty(n, dtype=np.int64)
    num[order] = _ids(rng, n, 10_000_000_000_000_000, 50_000)
    comment_id = pl.Series(num, dtype=pl.Int64).cast(pl.String)
    theme = posts.theme[comments.post]
    kind = comments.kind
    bank_kind = np.select(
        [kind == K_QUESTION, kind == K_THEME, kind == K_GENERIC, kind == K_ORG,
         kind == K_ANSWER, kind == K_THANKS],
        [B_QUESTION, B_COMMENT, B_GENERIC, B_ORG, B_ANSWER, B_THANKS],
    ).astype(np.int64)
    bank = _Bank()
    sentence = bank.pick(rng, bank_kind, theme)
    answer = kind == K_ANSWER
    greeting = _gather(
        pl.Series(tx.GREETINGS, dtype=pl.String),
        np.where(answer, rng.integers(0, len(tx.GREETINGS), n), -1),
    )
    resident = comments.author < accounts.n_residents
    emoji = _null_where(_emoji(rng, n, 0.25), ~resident)
    message = _message(sentence, _gather(accounts.names, comments.mention), emoji,
                       greeting=greeting)
    return pl.DataFrame({
        "container_id": _container_ids(cfg).gather(posts.container[comments.post]),
        "comment_id": comment_id,
        "post_id": post_ids.gather(comments.post),
        "parent_id": _gather(comment_id, comments.parent),
        "author_id": accounts.ids.gather(comments.author),
        "created_at": _times(comments.t),
        "message": message,
        "reported_reactions": _reported(rng, observed_reactions, cfg, 3),
        "mentions": _mentions(_gather(accounts.ids, comments.mention)),
    })


def reactions_frame(
    cfg: SynthConfig,
    posts: Posts,
    post_ids: pl.Series,
    comment_ids: pl.Series,
    reactions: Reactions,
    accounts: Accounts,
) -> pl.DataFrame:
    """The reactions table."""
    on_comment = reactions.on_comment
    c_row = np.where(on_comment, reactions.target, -1)
    p_row = np.where(on_comment, -1, reactions.target)
    target = pl.select(
        pl.coalesce(pl.lit(_gather(comment_ids, c_row)), pl.lit(_gather(post_ids, p_row)))
    ).to_series()
    kinds = pl.Series(["post", "comment"]).gather(on_comment.astype(np.int64))
    return pl.DataFrame({
        "container_id": _container_ids(cfg).gather(posts.container[reactions.post]),
        "target_id": target,
        "target_kind": kinds.cast(TARGET_KIND),
        "actor_id": accounts.ids.gather(reactions.actor),
        "reaction_type": pl.Series(REACTION_TYPE.categories).gather(reactions.rtype).cast(
            REACTION_TYPE),
        "created_at": _times(reactions.t),
    })
