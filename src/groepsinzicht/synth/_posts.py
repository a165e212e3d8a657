"""Posts of the page and the groups, as numpy columns.

Who posts when: the municipality in office hours, residents in the evening and at the
weekend, more as a group grows. What: every post type (native video as well as YouTube
links), a theme (content pillar) or none, residents' questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np

from groepsinzicht.synth._people import draw, scaled
from groepsinzicht.synth._text import THEMES
from groepsinzicht.synth._time import DAY_US, sample_times

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from groepsinzicht.synth._config import GroupSpec, SynthConfig
    from groepsinzicht.synth._people import Accounts, Members
    from groepsinzicht.synth._time import Period

__all__ = ["POST_TYPES", "Posts", "ensure_all", "make_posts"]

#: Post type codes, in the order of schema.POST_TYPE.
POST_TYPES: Final = ("status", "photo", "video", "link", "event", "poll", "share", "live",
                     "other")
STATUS, PHOTO, VIDEO, LINK, EVENT, POLL, SHARE, LIVE, OTHER = range(9)
NO_THEME: Final = len(THEMES)

_PAGE_TYPES: Final = np.array([0.08, 0.32, 0.14, 0.2, 0.07, 0.02, 0.05, 0.04, 0.08])
_ORG_GROUP_TYPES: Final = np.array([0.2, 0.3, 0.12, 0.14, 0.08, 0.05, 0.07, 0.02, 0.02])
_RESIDENT_TYPES: Final = np.array([0.44, 0.25, 0.05, 0.09, 0.03, 0.04, 0.06, 0.01, 0.03])


@dataclass(frozen=True)
class Posts:
    """Posts as columns, one entry per post, grouped by container in time order.

    Attributes
    ----------
    container
        Container index (0 the page, then the groups).
    author
        Account index.
    t
        Creation time (UTC µs).
    ptype, theme
        Post type code and theme code (``NO_THEME`` for none).
    question
        A resident's question (the organisation may answer it).
    org
        Written by an organisation account.
    popularity
        Mean-one lognormal factor scaling comments, reactions and reach.
    mention
        Account index mentioned in the text, or -1.
    """

    container: NDArray[np.int64]
    author: NDArray[np.int64]
    t: NDArray[np.int64]
    ptype: NDArray[np.int64]
    theme: NDArray[np.int64]
    question: NDArray[np.bool_]
    org: NDArray[np.bool_]
    popularity: NDArray[np.float64]
    mention: NDArray[np.int64]

    @property
    def n(self) -> int:
        """Number of posts."""
        return int(self.t.shape[0])


def ensure_all(rng: np.random.Generator, codes: NDArray[np.int64], k: int) -> None:
    """Give each of the codes ``0 .. k-1`` at least one row, in place, when rows allow.

    Rows are taken from codes that occur more than once, so no code disappears.
    """
    if codes.shape[0] < k:
        return
    for code in range(k):
        counts = np.bincount(codes, minlength=k)
        if counts[code]:
            continue
        spare = np.flatnonzero(counts[codes] > 1)
        codes[spare[rng.integers(0, spare.shape[0])]] = code


def _themes(
    rng: np.random.Generator, n: int, weights: dict[str, float], no_theme: float
) -> NDArray[np.int64]:
    w = np.array([weights.get(name, 1.0) for name in THEMES], dtype=float)
    theme = rng.choice(len(THEMES), size=n, p=w / w.sum())
    return np.where(rng.random(n) < no_theme, NO_THEME, theme).astype(np.int64)


def _popularity(rng: np.random.Generator, n: int, sigma: float = 1.0) -> NDArray[np.float64]:
    return rng.lognormal(-sigma**2 / 2, sigma, size=n)


def _page_posts(
    rng: np.random.Generator, cfg: SynthConfig, period: Period, accounts: Accounts
) -> Posts:
    months = period.days / 30.44
    n = int(rng.poisson(scaled(cfg.page_posts_per_month * months, cfg.scale)))
    t = sample_times(rng, n, period, "office")
    return Posts(
        container=np.zeros(n, dtype=np.int64),
        author=np.full(n, accounts.org, dtype=np.int64),
        t=t,
        ptype=rng.choice(9, size=n, p=_PAGE_TYPES).astype(np.int64),
        theme=_themes(rng, n, {}, 0.1),
        question=np.zeros(n, dtype=bool),
        org=np.ones(n, dtype=bool),
        popularity=_popularity(rng, n),
        mention=np.full(n, -1, dtype=np.int64),
    )


def _group_posts(
    rng: np.random.Generator,
    index: int,
    spec: GroupSpec,
    cfg: SynthConfig,
    period: Period,
    accounts: Accounts,
    members: Members,
) -> Posts:
    months = period.days / 30.44
    n = int(rng.poisson(max(spec.posts_per_month * months * cfg.scale, 0.0)))
    n_org = int(rng.binomial(n, spec.org_post_share))
    # Residents post more as the group grows.
    size = members.size_at(period.day_starts() + DAY_US // 2).astype(float)
    grow = (size / max(size[-1], 1.0)) ** 0.8 if size.shape[0] else None
    t_org = sample_times(rng, n_org, period, "office")
    t_res = sample_times(rng, n - n_org, period, "resident", grow)
    t = np.concatenate([t_org, t_res])
    org = np.arange(n) < n_org
    staff = accounts.staff
    org_author = np.full(n_org, accounts.org, dtype=np.int64)
    if staff.shape[0]:
        # The page itself posts most; staff accounts post now and then.
        by_staff = rng.random(n_org) < 0.3
        org_author = np.where(by_staff, staff[rng.integers(0, staff.shape[0], n_org)],
                              org_author)
    res_author = draw(rng, members, members.cum_post, t_res)
    author = np.concatenate([org_author, res_author]).astype(np.int64)
    keep = author >= 0
    order = np.argsort(t[keep], kind="stable")
    t, org, author = t[keep][order], org[keep][order], author[keep][order]
    m = t.shape[0]
    ptype = np.where(
        org,
        rng.choice(9, size=m, p=_ORG_GROUP_TYPES),
        rng.choice(9, size=m, p=_RESIDENT_TYPES),
    ).astype(np.int64)
    question = (
        ~org
        & np.isin(ptype, [STATUS, PHOTO, OTHER])
        & (rng.random(m) < cfg.question_post_share)
    )
    # Now and then a resident tags a neighbour in a post.
    mention = draw(rng, members, members.cum_react, t)
    mention = np.where((rng.random(m) < 0.06) & (mention != author) & ~org, mention, -1)
    return Posts(
        container=np.full(m, index, dtype=np.int64),
        author=author,
        t=t,
        ptype=ptype,
        theme=_themes(rng, m, spec.themes, spec.no_theme_share),
        question=question,
        org=org,
        popularity=_popularity(rng, m),
        mention=mention.astype(np.int64),
    )


def make_posts(
    rng: np.random.Generator,
    cfg: SynthConfig,
    period: Period,
    accounts: Accounts,
    members: list[Members],
) -> Posts:
    """The posts of the page (container 0) and of every group, concatenated."""
    parts = [_page_posts(rng, cfg, period, accounts)]
    parts += [
        _group_posts(rng, i + 1, spec, cfg, period, accounts, members[i + 1])
        for i, spec in enumerate(cfg.groups)
    ]
    fields = Posts.__dataclass_fields__
    cols = {name: np.concatenate([getattr(p, name) for p in parts]) for name in fields}
    ptype = cols["ptype"]
    ensure_all(rng, ptype, len(POST_TYPES))
    # A poll or a share is no question to answer; everything else keeps its flag.
    cols["question"] = cols["question"] & np.isin(ptype, [STATUS, PHOTO, OTHER])
    return Posts(**cols)
