"""Reactions on posts and comments, as numpy columns.

Every reaction has a known actor (a member joined before it) and comes after its
target; one reaction per person per target, never on one's own post or comment. The
mix of types follows the theme: anger about rubbish and traffic, love for a new
playground, care about a burglary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np

from groepsinzicht.synth._posts import (
    EVENT,
    LINK,
    LIVE,
    OTHER,
    PHOTO,
    POLL,
    SHARE,
    STATUS,
    VIDEO,
    ensure_all,
)
from groepsinzicht.synth._threads import K_ANSWER, draw_in
from groepsinzicht.synth._time import push_out_of_night

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from groepsinzicht.synth._config import SynthConfig
    from groepsinzicht.synth._people import Members
    from groepsinzicht.synth._posts import Posts
    from groepsinzicht.synth._threads import Comments
    from groepsinzicht.synth._time import Period

__all__ = ["REACTION_TYPES", "Reactions", "make_reactions"]

#: Reaction type codes, in the order of schema.REACTION_TYPE.
REACTION_TYPES: Final = ("like", "love", "care", "haha", "wow", "sad", "angry", "other")

# Per theme (the eight themes, then none): like, love, care, haha, wow, sad, angry, other.
_MIX: Final = np.array([
    [0.60, 0.05, 0.02, 0.06, 0.05, 0.07, 0.14, 0.01],
    [0.60, 0.05, 0.02, 0.06, 0.06, 0.06, 0.14, 0.01],
    [0.60, 0.25, 0.04, 0.03, 0.05, 0.01, 0.01, 0.01],
    [0.55, 0.30, 0.04, 0.05, 0.04, 0.005, 0.005, 0.01],
    [0.50, 0.04, 0.10, 0.02, 0.10, 0.14, 0.09, 0.01],
    [0.62, 0.10, 0.02, 0.04, 0.10, 0.04, 0.07, 0.01],
    [0.55, 0.25, 0.12, 0.01, 0.02, 0.03, 0.01, 0.01],
    [0.68, 0.08, 0.02, 0.06, 0.05, 0.04, 0.06, 0.01],
    [0.66, 0.14, 0.03, 0.05, 0.04, 0.03, 0.03, 0.02],
])
_CUM_MIX: Final = np.cumsum(_MIX / _MIX.sum(axis=1, keepdims=True), axis=1)

# Reactions per post type, relative to a status update.
_TYPE_FACTOR: Final = np.zeros(9)
_TYPE_FACTOR[[STATUS, PHOTO, VIDEO, LINK, EVENT, POLL, SHARE, LIVE, OTHER]] = [
    1.0, 1.4, 1.3, 0.7, 0.9, 0.8, 0.6, 1.1, 0.5]

_SECOND: Final = 1_000_000


@dataclass(frozen=True)
class Reactions:
    """Reactions as columns.

    Attributes
    ----------
    target
        Row index of the post or comment reacted to.
    post
        Row index of the post (the target's post for a comment).
    on_comment
        Whether the target is a comment.
    actor
        Account index.
    rtype
        Reaction type code.
    t
        Time (UTC µs), after the target's.
    """

    target: NDArray[np.int64]
    post: NDArray[np.int64]
    on_comment: NDArray[np.bool_]
    actor: NDArray[np.int64]
    rtype: NDArray[np.int64]
    t: NDArray[np.int64]


def _take(values: NDArray[np.int64], idx: NDArray[np.int64]) -> NDArray[np.int64]:
    """``values[idx]``, or zeros when there are no values (then no row uses them)."""
    return values[idx] if values.shape[0] else np.zeros(idx.shape[0], dtype=np.int64)


def make_reactions(
    rng: np.random.Generator,
    cfg: SynthConfig,
    period: Period,
    posts: Posts,
    comments: Comments,
    members: list[Members],
) -> Reactions:
    """Reactions on every post and comment."""
    post_mean = np.where(posts.container == 0, cfg.page_reactions_per_post,
                         cfg.reactions_per_post)
    lam_p = post_mean * _TYPE_FACTOR[posts.ptype] * posts.popularity
    lam_c = (cfg.reactions_per_comment * comments.popularity
             * np.where(comments.kind == K_ANSWER, 1.5, 1.0))
    n_p = rng.poisson(lam_p)
    n_c = rng.poisson(lam_c)
    # Targets 0..posts.n-1 are posts, then the comments.
    target = np.concatenate([
        np.repeat(np.arange(posts.n, dtype=np.int64), n_p),
        posts.n + np.repeat(np.arange(comments.n, dtype=np.int64), n_c),
    ])
    on_comment = target >= posts.n
    cidx = np.maximum(target - posts.n, 0)
    pidx = np.where(on_comment, _take(comments.post, cidx), target)
    t_target = np.where(on_comment, _take(comments.t, cidx), posts.t[pidx])
    author = np.where(on_comment, _take(comments.author, cidx), posts.author[pidx])
    median = np.where(on_comment, 3600.0, 7200.0)
    delay = (rng.lognormal(np.log(median), 1.6) + 5) * _SECOND
    t = push_out_of_night(rng, t_target + delay.astype(np.int64), cfg.tz, 0.6)
    keep = t < period.t1
    target, on_comment, pidx, author, t = (
        target[keep], on_comment[keep], pidx[keep], author[keep], t[keep])

    actor = draw_in(rng, members, posts.container[pidx], t, "cum_react")
    ok = (actor >= 0) & (actor != author)
    # One reaction per person per target: keep the first drawn.
    n_acc = int(max(actor.max(initial=0), author.max(initial=0))) + 1
    key = np.where(ok, target * n_acc + actor, -1)
    _, first = np.unique(key, return_index=True)
    first = np.sort(first)
    first = first[ok[first]]
    target, on_comment, pidx, actor, t = (
        target[first], on_comment[first], pidx[first], actor[first], t[first])

    u = rng.random(target.shape[0])
    theme = posts.theme[pidx]
    rtype = np.zeros(target.shape[0], dtype=np.int64)
    for k in range(_CUM_MIX.shape[0]):
        rows = np.flatnonzero(theme == k)
        rtype[rows] = np.minimum(np.searchsorted(_CUM_MIX[k], u[rows], side="right"),
                                 len(REACTION_TYPES) - 1)
    for flag in (False, True):
        rows = np.flatnonzero(on_comment == flag)
        sub = rtype[rows]
        ensure_all(rng, sub, len(REACTION_TYPES))
        rtype[rows] = sub
    return Reactions(target=np.where(on_comment, target - posts.n, target), post=pidx,
                     on_comment=on_comment, actor=actor, rtype=rtype, t=t)
