"""Comment threads as numpy columns: comments, replies several levels deep, answers.

Each post gets a heavy-tailed number of comments, later comments often reply to an
earlier one (the one just before, or any), the post's author and the previous speaker
come back into the thread, and residents' questions get an answer from the
organisation within the hour, later, or never.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np

from groepsinzicht.synth._people import draw
from groepsinzicht.synth._posts import (
    EVENT,
    LINK,
    LIVE,
    NO_THEME,
    OTHER,
    PHOTO,
    POLL,
    SHARE,
    STATUS,
    VIDEO,
)
from groepsinzicht.synth._time import push_out_of_night

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from groepsinzicht.synth._config import SynthConfig
    from groepsinzicht.synth._people import Accounts, Members
    from groepsinzicht.synth._posts import Posts
    from groepsinzicht.synth._time import Period

__all__ = ["K_ANSWER", "K_GENERIC", "K_ORG", "K_QUESTION", "K_THANKS", "K_THEME",
           "Comments", "draw_in", "make_comments"]

# What a comment says (picked from the word banks later).
K_QUESTION, K_THEME, K_GENERIC, K_ORG, K_ANSWER, K_THANKS = range(6)

_SECOND: Final = 1_000_000
_MINUTE: Final = 60 * _SECOND

# Comments per post type, relative to a status update.
_TYPE_FACTOR: Final = np.zeros(9)
_TYPE_FACTOR[[STATUS, PHOTO, VIDEO, LINK, EVENT, POLL, SHARE, LIVE, OTHER]] = [
    1.0, 1.1, 0.9, 0.6, 0.8, 1.6, 0.5, 1.3, 0.4]


@dataclass(frozen=True)
class Comments:
    """Comments as columns, grouped by post in time order.

    Attributes
    ----------
    post
        Row index of the comment's post.
    parent
        Row index of the comment replied to, or -1 for a top-level comment.
    author
        Account index.
    t
        Creation time (UTC µs), after the post's and the parent's.
    kind
        What the comment says (``K_*``).
    mention
        Account index mentioned in the text, or -1.
    popularity
        Mean-one factor scaling the comment's reactions.
    """

    post: NDArray[np.int64]
    parent: NDArray[np.int64]
    author: NDArray[np.int64]
    t: NDArray[np.int64]
    kind: NDArray[np.int64]
    mention: NDArray[np.int64]
    popularity: NDArray[np.float64]

    @property
    def n(self) -> int:
        """Number of comments."""
        return int(self.t.shape[0])


def draw_in(
    rng: np.random.Generator,
    members: list[Members],
    container: NDArray[np.int64],
    t: NDArray[np.int64],
    weights: str,
) -> NDArray[np.int64]:
    """Draw an account per row among its container's members joined by ``t``."""
    out = np.full(t.shape[0], -1, dtype=np.int64)
    for c, mem in enumerate(members):
        rows = np.flatnonzero(container == c)
        if rows.shape[0]:
            out[rows] = draw(rng, mem, getattr(mem, weights), t[rows])
    return out


def _base_threads(
    rng: np.random.Generator,
    cfg: SynthConfig,
    period: Period,
    posts: Posts,
    members: list[Members],
    accounts: Accounts,
) -> Comments:
    mean = np.where(posts.container == 0, cfg.page_comments_per_post, cfg.comments_per_post)
    lam = (
        mean
        * _TYPE_FACTOR[posts.ptype]
        * posts.popularity
        * np.where(posts.question, 1.3, 1.0)
        * np.where(posts.org & (posts.container > 0), 1.2, 1.0)
    )
    counts = rng.poisson(lam)
    post = np.repeat(np.arange(posts.n, dtype=np.int64), counts)
    delay = (rng.lognormal(np.log(90 * 60), 1.6, post.shape[0]) + 20) * _SECOND
    t = posts.t[post] + delay.astype(np.int64)
    t = push_out_of_night(rng, t, cfg.tz, 0.7, spread_hours=4)
    order = np.lexsort((t, post))
    post, t = post[order], t[order]
    keep = t < period.t1  # the export is taken at the end of the period
    post, t = post[keep], t[keep]
    n = post.shape[0]
    start = np.searchsorted(post, np.arange(posts.n))
    j = np.arange(n, dtype=np.int64) - start[post]
    t = t + j  # strictly increasing within a post: a reply is after its parent

    reply = (j > 0) & (rng.random(n) < cfg.reply_share)
    to_previous = rng.random(n) < 0.5
    local = np.where(to_previous, j - 1, np.floor(rng.random(n) * j).astype(np.int64))
    parent = np.where(reply, start[post] + local, -1)
    par = np.maximum(parent, 0)

    container = posts.container[post]
    author = draw_in(rng, members, container, t, "cum_write")
    post_author = posts.author[post]
    author = np.where(author < 0, post_author, author)
    post_org = posts.org[post]
    u = rng.random(n)
    # The post's author answers in the thread; on its own posts the organisation does.
    by_op = reply & ~post_org & (u < 0.3)
    by_org = reply & post_org & (u < 0.22)
    author = np.where(by_op | by_org, post_author, author)
    # Back-and-forth: the author of the comment two levels up comes back.
    grand = np.where(reply, parent[par], -1)
    back = (grand >= 0) & ~by_op & ~by_org & (rng.random(n) < 0.3)
    author = np.where(back, author[np.maximum(grand, 0)], author)
    # Nobody replies to themselves (a fresh draw; the rare repeat is kept).
    own = reply & (author == author[par])
    rows = np.flatnonzero(own)
    again = draw_in(rng, members, container[rows], t[rows], "cum_write")
    author[rows] = np.where(again >= 0, again, author[rows])

    resident = author < accounts.n_residents
    uq = rng.random(n)
    question = resident & (uq < np.where(reply, cfg.question_share / 5, cfg.question_share))
    themed = resident & ~question & (posts.theme[post] < NO_THEME) & (rng.random(n) < 0.55)
    kind = np.select([~resident, question, themed], [K_ORG, K_QUESTION, K_THEME], K_GENERIC)

    mention = np.full(n, -1, dtype=np.int64)
    tag_parent = reply & resident & (rng.random(n) < 0.3) & (author[par] != author)
    mention = np.where(tag_parent, author[par], mention)
    rows = np.flatnonzero(~reply & resident & (rng.random(n) < 0.04))
    friend = draw_in(rng, members, container[rows], t[rows], "cum_react")
    mention[rows] = np.where(friend != author[rows], friend, -1)

    return Comments(post=post, parent=parent, author=author, t=t,
                    kind=kind.astype(np.int64), mention=mention,
                    popularity=rng.lognormal(-0.5, 1.0, n))


def _answers(
    rng: np.random.Generator,
    cfg: SynthConfig,
    period: Period,
    posts: Posts,
    base: Comments,
    accounts: Accounts,
) -> Comments:
    """The organisation's answers to residents' questions (posts and comments)."""
    q_comment = np.flatnonzero(base.kind == K_QUESTION)
    q_post = np.flatnonzero(posts.question)
    post = np.concatenate([base.post[q_comment], q_post])
    parent = np.concatenate([q_comment, np.full(q_post.shape[0], -1, dtype=np.int64)])
    asker = np.concatenate([base.author[q_comment], posts.author[q_post]])
    tq = np.concatenate([base.t[q_comment], posts.t[q_post]])
    n = post.shape[0]
    share = np.array([0.9] + [g.org_answer_share for g in cfg.groups])
    answered = rng.random(n) < share[posts.container[post]]
    u = rng.random(n)
    within_hour = u < cfg.answer_within_hour
    within_day = ~within_hour & (u < cfg.answer_within_hour + cfg.answer_within_day)
    minutes = np.where(
        within_hour,
        rng.uniform(2, 58, n),
        np.where(within_day, np.exp(rng.uniform(np.log(61), np.log(1440), n)),
                 rng.uniform(1440, 5 * 1440, n)),
    )
    t = tq + (minutes * _MINUTE).astype(np.int64)
    # Webcare works from eight in the morning until ten at night.
    t = push_out_of_night(rng, t, cfg.tz, 1.0, night_end=8, night_start=22)
    staff = accounts.staff
    author = np.full(n, accounts.org, dtype=np.int64)
    if staff.shape[0]:
        in_group = (posts.container[post] > 0) & (rng.random(n) < 0.3)
        author = np.where(in_group, staff[rng.integers(0, staff.shape[0], n)], author)
    keep = answered & (t < period.t1)
    return Comments(post=post[keep], parent=parent[keep], author=author[keep], t=t[keep],
                    kind=np.full(int(keep.sum()), K_ANSWER, dtype=np.int64),
                    mention=asker[keep], popularity=rng.lognormal(0.0, 0.6, int(keep.sum())))


def _concat(a: Comments, b: Comments) -> Comments:
    return Comments(**{
        name: np.concatenate([getattr(a, name), getattr(b, name)])
        for name in Comments.__dataclass_fields__
    })


def make_comments(
    rng: np.random.Generator,
    cfg: SynthConfig,
    period: Period,
    posts: Posts,
    members: list[Members],
    accounts: Accounts,
) -> Comments:
    """All comments: threads, the organisation's answers and residents' thanks."""
    base = _base_threads(rng, cfg, period, posts, members, accounts)
    answers = _answers(rng, cfg, period, posts, base, accounts)
    both = _concat(base, answers)
    # Some askers thank the organisation for its answer.
    idx = np.flatnonzero(both.kind == K_ANSWER)
    idx = idx[rng.random(idx.shape[0]) < 0.3]
    t = both.t[idx] + (rng.lognormal(np.log(1800), 1.0, idx.shape[0]) * _SECOND).astype(
        np.int64)
    keep = t < period.t1
    idx, t = idx[keep], t[keep]
    thanks = Comments(post=both.post[idx], parent=idx, author=both.mention[idx], t=t,
                      kind=np.full(idx.shape[0], K_THANKS, dtype=np.int64),
                      mention=np.full(idx.shape[0], -1, dtype=np.int64),
                      popularity=rng.lognormal(-0.5, 1.0, idx.shape[0]))
    every = _concat(both, thanks)
    order = np.lexsort((every.t, every.post))
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0])
    parent = every.parent[order]
    return Comments(
        post=every.post[order],
        parent=np.where(parent >= 0, rank[np.maximum(parent, 0)], -1),
        author=every.author[order],
        t=every.t[order],
        kind=every.kind[order],
        mention=every.mention[order],
        popularity=every.popularity[order],
    )
