"""People of the synthetic municipality: accounts, memberships, join dates, activity.

One population of residents; every group draws its members from it (so one person can
be in several groups and comment on the page: one graph node, as DESIGN.md says), and
the page draws the residents who may interact with it. A resident's talkativeness is a
personal trait (lognormal) times a per-container factor, which gives the heavy tail of
real groups: a few members do most of the talking, and lurkers do nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np
import polars as pl

from groepsinzicht.synth._config import ORG_ID
from groepsinzicht.synth._text import FIRST_NAMES, LAST_NAMES, STAFF_NAMES
from groepsinzicht.synth._time import DAY_US, HOUR_US

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from groepsinzicht.synth._config import GroupSpec, SynthConfig
    from groepsinzicht.synth._time import Period

__all__ = ["ADMIN", "MEMBER", "MODERATOR", "ORGANIZATION", "UNKNOWN", "Accounts",
           "Members", "draw", "make_accounts", "make_group_members", "make_page_members",
           "scaled"]

# Role codes, in the order of schema.MEMBER_ROLE.
ADMIN: Final = 0
MODERATOR: Final = 1
MEMBER: Final = 2
ORGANIZATION: Final = 3
UNKNOWN: Final = 4

# Earliest join time of the page's residents: they follow the page, no join date.
_ALWAYS: Final = np.iinfo(np.int64).min // 2


def scaled(n: float, scale: float, minimum: int = 0) -> int:
    """Round ``n * scale``, at least ``minimum``."""
    return max(minimum, round(n * scale))


@dataclass(frozen=True)
class Accounts:
    """Every account: residents ``0 .. n_residents-1``, then the page, then staff.

    Attributes
    ----------
    ids, names
        Account id and display name by account index.
    n_residents
        Number of resident accounts.
    org
        Account index of the page (:data:`ORG_ID`).
    staff
        Account indices of the staff accounts.
    talk
        Personal talkativeness of each resident (lognormal).
    """

    ids: pl.Series
    names: pl.Series
    n_residents: int
    org: int
    staff: NDArray[np.int64]
    talk: NDArray[np.float64]


def make_accounts(rng: np.random.Generator, n_residents: int, n_staff: int) -> Accounts:
    """Draw the residents' ids and names, and add the organisation's accounts."""
    # Facebook-like 15-digit ids, increasing with random gaps (unique by construction).
    gaps = rng.integers(1, 400_000, size=n_residents, dtype=np.int64)
    resident_ids = 100_004_000_000_000 + np.cumsum(gaps)
    org_ids = [ORG_ID] + [str(int(ORG_ID) + 1 + k) for k in range(n_staff)]
    ids = pl.concat([
        pl.Series("id", resident_ids).cast(pl.String),
        pl.Series("id", org_ids, dtype=pl.String),
    ])
    first = pl.Series(FIRST_NAMES).gather(rng.integers(0, len(FIRST_NAMES), n_residents))
    last = pl.Series(LAST_NAMES).gather(rng.integers(0, len(LAST_NAMES), n_residents))
    resident_names = pl.select(
        pl.concat_str([pl.lit(first), pl.lit(last)], separator=" ")
    ).to_series()
    names = pl.concat([
        resident_names.alias("name"),
        pl.Series("name", ["Gemeente Voorbeeldstad", *STAFF_NAMES[:n_staff]],
                  dtype=pl.String),
    ])
    return Accounts(
        ids=ids,
        names=names,
        n_residents=n_residents,
        org=n_residents,
        staff=np.arange(n_residents + 1, n_residents + 1 + n_staff, dtype=np.int64),
        talk=rng.lognormal(0.0, 1.0, size=n_residents),
    )


@dataclass(frozen=True)
class Members:
    """The residents of one container, sorted by join time, with sampling weights.

    Attributes
    ----------
    account
        Account index of each member.
    joined
        Join time (UTC µs); far in the past for the page's residents.
    role
        Role code.
    w_write, w_post, w_react
        Weights for writing comments, writing posts and reacting (zero for lurkers).
    cum_write, cum_post, cum_react
        Cumulative weights, for drawing among the members joined by a time.
    org_accounts
        Organisation accounts in this container, with their role codes and join times.
    """

    account: NDArray[np.int64]
    joined: NDArray[np.int64]
    role: NDArray[np.int64]
    w_write: NDArray[np.float64]
    w_post: NDArray[np.float64]
    w_react: NDArray[np.float64]
    cum_write: NDArray[np.float64]
    cum_post: NDArray[np.float64]
    cum_react: NDArray[np.float64]
    org_accounts: NDArray[np.int64]
    org_roles: NDArray[np.int64]
    org_joined: NDArray[np.int64]

    def size_at(self, t: NDArray[np.int64]) -> NDArray[np.int64]:
        """Residents joined at or before each time."""
        return np.searchsorted(self.joined, t, side="right").astype(np.int64)


def _weights(
    rng: np.random.Generator,
    talk: NDArray[np.float64],
    lurker_share: float,
    reactor_share: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    n = talk.shape[0]
    lurker = rng.random(n) < lurker_share
    reactor = ~lurker & (rng.random(n) < reactor_share)
    w_write = talk * rng.lognormal(0.0, 1.0, size=n)
    w_react = talk**0.6 * rng.lognormal(0.0, 0.6, size=n)
    w_write = np.where(lurker | reactor, 0.0, w_write)
    w_react = np.where(lurker, 0.0, w_react)
    return w_write, w_react


def _members(
    account: NDArray[np.int64],
    joined: NDArray[np.int64],
    role: NDArray[np.int64],
    w_write: NDArray[np.float64],
    w_post: NDArray[np.float64],
    w_react: NDArray[np.float64],
    org: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]],
) -> Members:
    order = np.argsort(joined, kind="stable")
    return Members(
        account=account[order], joined=joined[order], role=role[order],
        w_write=w_write[order], w_post=w_post[order], w_react=w_react[order],
        cum_write=np.cumsum(w_write[order]), cum_post=np.cumsum(w_post[order]),
        cum_react=np.cumsum(w_react[order]),
        org_accounts=org[0], org_roles=org[1], org_joined=org[2],
    )


def make_group_members(
    rng: np.random.Generator,
    spec: GroupSpec,
    cfg: SynthConfig,
    accounts: Accounts,
    period: Period,
) -> Members:
    """Draw a group's members, their join times, roles and activity weights.

    Founders join between the group's founding and the start of the period; the others
    join during the period, partly evenly and partly in a few bursts (a flyer, a
    popular post), so the group grows the way real groups do.
    """
    n_start = scaled(spec.members_start, cfg.scale, minimum=3)
    n_end = max(n_start, scaled(spec.members_end, cfg.scale))
    n_boss = min(spec.admins + spec.moderators, n_start)
    account = rng.choice(accounts.n_residents, size=n_end, replace=False).astype(np.int64)
    founded = period.t0 - spec.founded_days_before * DAY_US
    founders = np.sort(rng.integers(founded + HOUR_US, period.t0, size=n_start))
    n_new = n_end - n_start
    span = period.t1 - period.t0
    bursty = rng.random(n_new) < 0.35
    centres = rng.integers(period.t0, period.t1, size=3)
    burst = rng.choice(centres, size=n_new) + np.abs(rng.normal(0, 2.5 * DAY_US, n_new))
    even = period.t0 + rng.random(n_new) * span
    newcomers = np.where(bursty, burst, even).astype(np.int64)
    newcomers = np.clip(newcomers, period.t0, period.t1 - 1)
    joined = np.concatenate([founders, np.sort(newcomers)])
    role = np.full(n_end, MEMBER, dtype=np.int64)
    role[: min(spec.admins, n_boss)] = ADMIN
    role[min(spec.admins, n_boss) : n_boss] = MODERATOR
    w_write, w_react = _weights(rng, accounts.talk[account], cfg.lurker_share,
                                cfg.reactor_share)
    # Admins and moderators run the group: never lurkers, and more talkative.
    boss = role != MEMBER
    w_write = np.where(boss, np.maximum(w_write, 1.0) * 3.0, w_write)
    w_react = np.where(boss, np.maximum(w_react, 1.0) * 2.0, w_react)
    w_post = w_write * np.where(boss, 3.0, 1.0)

    staff = accounts.staff
    org_acc = np.concatenate([[accounts.org], staff]).astype(np.int64)
    staff_role = ADMIN if spec.staff_admin else ORGANIZATION
    org_role = np.array([ORGANIZATION] + [staff_role] * staff.shape[0], dtype=np.int64)
    org_joined = founded + np.arange(org_acc.shape[0], dtype=np.int64) * DAY_US
    org_joined = np.minimum(org_joined, period.t0 - HOUR_US)
    return _members(account, joined, role, w_write, w_post, w_react,
                    (org_acc, org_role, org_joined))


def make_page_members(
    rng: np.random.Generator, cfg: SynthConfig, accounts: Accounts
) -> Members:
    """The residents who may interact with the page (most of them only react)."""
    n = min(accounts.n_residents, scaled(cfg.page_active_residents, cfg.scale, minimum=3))
    account = rng.choice(accounts.n_residents, size=n, replace=False).astype(np.int64)
    w_write, w_react = _weights(rng, accounts.talk[account], 0.0, 0.6)
    # Someone must be able to write: the most talkative resident always can.
    top = int(np.argmax(accounts.talk[account]))
    w_write[top] = max(w_write[top], 1.0)
    joined = np.full(n, _ALWAYS, dtype=np.int64)
    role = np.full(n, UNKNOWN, dtype=np.int64)
    org = (np.array([accounts.org], dtype=np.int64),
           np.array([ORGANIZATION], dtype=np.int64), np.array([_ALWAYS], dtype=np.int64))
    return _members(account, joined, role, w_write, w_write, w_react, org)


def draw(
    rng: np.random.Generator,
    members: Members,
    cum: NDArray[np.float64],
    t: NDArray[np.int64],
) -> NDArray[np.int64]:
    """Draw one member per time, by weight, among those joined at or before it.

    Returns account indices, -1 where nobody with a weight had joined yet.
    """
    k = np.searchsorted(members.joined, t, side="right")
    total = np.where(k > 0, cum[np.maximum(k - 1, 0)], 0.0)
    u = rng.random(t.shape[0]) * total
    pos = np.minimum(np.searchsorted(cum, u, side="right"), np.maximum(k - 1, 0))
    return np.where(total > 0, members.account[pos], -1)
