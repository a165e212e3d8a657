"""Monte Carlo reference for the notification-reach closed form.

What is simulated, per run: every member's opt-out, drawn once and shared by every post
of the run; then, for each post and each member on "highlights" who did not opt out,
whether that member is notified.

How, without a loop or an array per member: a post's counts only involve members
``1..lo`` (all posts), ``lo+1..hi`` (highlights) and the author at ``rho`` (see
:mod:`groepsinzicht.reach._core`). Cut each group's member order at every such position
of every post. The members between two consecutive cuts opt out independently with
probability ``q``, and only how many of them stay enters any count, so that number is a
``Binomial(block size, 1 - q)`` draw, independent across blocks. Cumulative sums of
these block draws give, per run, the number of members left after opting out up to
every cut: exactly the joint distribution of drawing each member's opt-out once per
run. Given the ``B`` remaining highlight members of a post, each is notified
independently with the post's probability ``hp``, so their number is
``Binomial(B, hp)``. Memory is therefore bounded by runs × posts (the result
distribution), in batches of runs, whatever the number of members.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from groepsinzicht.errors import ParameterError
from groepsinzicht.reach import _core as core

if TYPE_CHECKING:
    import numpy.typing as npt

    from groepsinzicht.dataset import Dataset
    from groepsinzicht.reach._model import NotificationModel

__all__ = ["simulate_matrix", "simulate_notifications"]

_KEY = ["container_id", "post_id"]


def simulate_matrix(
    s: pl.DataFrame, model: NotificationModel, *, runs: int, seed: int
) -> npt.NDArray[np.int64]:
    """Notified members per run (rows) and post of ``s`` (columns; sizes known)."""
    n_posts = s.height
    rng = np.random.default_rng(seed)
    out = np.empty((runs, n_posts), dtype=np.int64)
    if n_posts == 0:
        return out
    lo = s.get_column("lo").to_numpy().astype(np.int64)
    hi = s.get_column("hi").to_numpy().astype(np.int64)
    rho_s = s.get_column("rho")
    excluded = rho_s.is_not_null().to_numpy()
    rho = rho_s.fill_null(0).to_numpy().astype(np.int64)
    hp = s.get_column("hp").to_numpy()
    code = s.get_column("container_id").rle_id().to_numpy().astype(np.int64)

    # Each container's member order occupies its own stretch of one global axis.
    span = np.zeros(code.max() + 1, dtype=np.int64)
    np.maximum.at(span, code, hi + 1)
    offset = np.concatenate([[0], np.cumsum(span)[:-1]])[code]
    base = offset
    cuts = np.unique(np.concatenate([
        base, offset + lo, offset + hi,
        (offset + rho)[excluded], (offset + rho - 1)[excluded],
    ]))
    blocks = np.diff(cuts, prepend=0)
    i_base = np.searchsorted(cuts, base)
    i_lo = np.searchsorted(cuts, offset + lo)
    i_hi = np.searchsorted(cuts, offset + hi)
    # A post without an excluded author points both author cuts at its base: zero.
    i_rho = np.where(excluded, np.searchsorted(cuts, offset + rho), i_base)
    i_rho1 = np.where(excluded, np.searchsorted(cuts, offset + rho - 1), i_base)
    in_lo = (excluded & (rho <= lo)).astype(np.int64)
    in_hi = (excluded & (rho > lo) & (rho <= hi)).astype(np.int64)

    keep = 1.0 - model.opt_out_rate
    batch = max(1, core.CHUNK_ELEMENTS // max(cuts.size, n_posts))
    for start in range(0, runs, batch):  # batches of runs: bounded memory
        b = min(batch, runs - start)
        stayed = np.cumsum(rng.binomial(blocks, keep, size=(b, cuts.size)), axis=1)
        at_base = stayed[:, i_base]
        author = stayed[:, i_rho] - stayed[:, i_rho1]
        on_all = stayed[:, i_lo] - at_base - author * in_lo
        on_hl = stayed[:, i_hi] - stayed[:, i_lo] - author * in_hi
        out[start:start + b] = on_all + rng.binomial(on_hl, hp)
    return out


def simulate_notifications(
    ds: Dataset, model: NotificationModel, *, runs: int = 1000, seed: int = 0
) -> pl.DataFrame:
    """Simulate notifications member by member: the reference for the closed form.

    Per run, each member's opt-out is drawn once and shared by every post; for each
    post, each member on "highlights" who did not opt out is notified with the post's
    highlight probability. Uses the model's point values (``opt_out_rate``,
    ``highlight_rate``), not its ranges. Member-level draws are replaced by binomial
    draws over blocks of members, which have exactly the same joint distribution (see
    the module notes), so memory does not grow with the group's size.

    Parameters
    ----------
    ds
        A dataset holding one or more groups (pages are ignored).
    model
        The assumptions.
    runs
        Number of simulated runs.
    seed
        Seed of the random generator (results repeat for the same inputs).

    Returns
    -------
    polars.DataFrame
        One row per group post, in the order of
        :func:`groepsinzicht.notification_reach`: ``container_id``, ``post_id``,
        ``mean_notified``, ``p05``, ``p95`` (Float64; null when the group's size at the
        post is unknown).

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import UTC, datetime, timedelta
    >>> import groepsinzicht as gi
    >>> t0 = datetime(2024, 1, 1, tzinfo=UTC)
    >>> members = pl.DataFrame({"container_id": "g", "member_id": [f"m{i}" for i in
    ...     range(300)], "joined_at": [t0 + timedelta(days=i) for i in range(300)]})
    >>> posts = pl.DataFrame({"container_id": "g", "post_id": ["p1", "p2"],
    ...     "author_id": "m0", "created_at": [t0 + timedelta(days=100, hours=1),
    ...     t0 + timedelta(days=299, hours=1)]})
    >>> ds = gi.Dataset.from_frames(members=members, posts=posts, kind="group")
    >>> sim = gi.simulate_notifications(ds, gi.NotificationModel(), runs=2000)
    >>> [round(v) for v in sim.get_column("mean_notified")]  # closed form: 90.0, 40.4
    [90, 40]
    """
    if runs < 1:
        msg = f"runs: expected a whole number >= 1, got {runs!r}"
        raise ParameterError(msg)
    s = core.post_structure(ds, model)
    known = s.filter(pl.col("members_at_post").is_not_null())
    counts = simulate_matrix(known, model, runs=runs, seed=seed)
    if known.height:
        mean = counts.mean(axis=0)
        p05, p95 = np.percentile(counts, [5, 95], axis=0)
    else:
        mean = p05 = p95 = np.empty(0)
    stats = known.select(
        *_KEY,
        pl.Series("mean_notified", mean, dtype=pl.Float64),
        pl.Series("p05", p05, dtype=pl.Float64),
        pl.Series("p95", p95, dtype=pl.Float64),
    )
    return s.select(_KEY).join(stats, on=_KEY, how="left", maintain_order="left")
