"""notification_reach on 100k posts in a group of 100k members with join dates.

Run with ``.venv/bin/pytest benchmarks/test_bench_reach.py --benchmark-only``. The
vectorised analysis is compared with two per-post Python loops written here as baselines:

- ``loop_scan``: the straightforward one, counting the members joined by each post's time
  with a numpy comparison over all join dates;
- ``loop_bisect``: a careful loop with a sorted search per post.

Both compute the same columns (members at the post, eligible, regime, expected notified
and the 5th/95th percentiles over the same draws) and are checked against the analysis
on a slice. pytest-benchmark's table shows each time relative to the fastest; the
ratios are also stored in ``extra_info``.
"""

from __future__ import annotations

import bisect
import time
from datetime import UTC, datetime

import numpy as np
import polars as pl
import pytest

import groepsinzicht as gi
from groepsinzicht.reach._core import interval_draws

N_MEMBERS = 100_000
N_POSTS = 100_000
SEED = 20240501
MODEL = gi.NotificationModel()
START = datetime(2022, 1, 1, tzinfo=UTC)
SPAN_US = 2 * 365 * 24 * 3600 * 1_000_000


@pytest.fixture(scope="module")
def big_group() -> gi.Dataset:
    rng = np.random.default_rng(SEED)
    start_us = int(START.timestamp() * 1_000_000)
    joined = np.sort(rng.integers(0, SPAN_US, N_MEMBERS)) + start_us
    members = pl.DataFrame({
        "container_id": "g",
        "member_id": [f"m{i}" for i in range(N_MEMBERS)] + ["org"],
        "joined_at": pl.Series(np.r_[joined, start_us]).cast(pl.Datetime("us", "UTC")),
        "is_organization": np.r_[np.zeros(N_MEMBERS, dtype=bool), True],
    })
    kind = rng.random(N_POSTS)
    who = rng.integers(0, N_MEMBERS, N_POSTS)
    authors = pl.Series([f"m{i}" for i in who]).to_frame("a").select(
        pl.when(pl.Series(kind) < 0.05).then(pl.lit("org"))
        .when(pl.Series(kind) < 0.10).then(pl.lit(None, dtype=pl.String))
        .otherwise(pl.col("a"))
    ).to_series()
    posts = pl.DataFrame({
        "container_id": "g",
        "post_id": [f"p{i}" for i in range(N_POSTS)],
        "author_id": authors,
        "created_at": pl.Series(rng.integers(0, SPAN_US, N_POSTS) + start_us)
        .cast(pl.Datetime("us", "UTC")),
    })
    return gi.Dataset.from_frames(members=members, posts=posts, kind="group")


def _loop_inputs(ds: gi.Dataset):
    residents = ds.members.filter(~pl.col("is_organization"))
    join_us = np.sort(residents["joined_at"].dt.epoch("us").to_numpy())
    joined_of = dict(zip(residents["member_id"].to_list(),
                         residents["joined_at"].dt.epoch("us").to_list(), strict=True))
    posts = ds.posts.select("post_id", "author_id",
                            pl.col("created_at").dt.epoch("us").alias("t"))
    return join_us, joined_of, posts


def _per_post_loop(ds: gi.Dataset, model: gi.NotificationModel, *, how: str,
                   limit: int | None = None) -> pl.DataFrame:
    """The baseline: one Python iteration per post (at_post, constant policy)."""
    join_us, joined_of, posts = _loop_inputs(ds)
    join_list = join_us.tolist()
    keep, hs = interval_draws(model)
    q, h, t_max = model.opt_out_rate, model.highlight_rate, model.threshold
    rows = []
    for post_id, author, t in posts.head(limit).iter_rows() if limit else posts.iter_rows():
        # scan: compare every join date; bisect: a sorted search in them.
        n = int((join_us <= t).sum()) if how == "scan" else bisect.bisect_right(join_list, t)
        author_joined = joined_of.get(author) if author is not None else None
        eligible = n - (author_joined is not None and author_joined <= t)
        below = n < t_max
        expected = eligible * (1 - q) * (1.0 if below else h)
        draws = eligible * keep * (1.0 if below else hs)
        low, high = np.percentile(draws, [5, 95])
        rows.append((post_id, n, eligible, "all" if below else "highlights", expected,
                     min(low, expected), max(high, expected)))
    return pl.DataFrame(rows, orient="row", schema=[
        "post_id", "members_at_post", "eligible", "regime", "expected_notified", "low",
        "high"])


def test_baseline_matches_analysis(big_group):
    got = gi.notification_reach(big_group, MODEL).drop("container_id", "created_at")
    for how in ("scan", "bisect"):
        base = _per_post_loop(big_group, MODEL, how=how, limit=2000)
        joined = base.join(got, on="post_id", suffix="_v")
        assert joined.height == 2000
        for col in ("members_at_post", "eligible"):
            assert (joined[col] == joined[f"{col}_v"]).all()
        assert (joined["regime"] == joined["regime_v"].cast(pl.String)).all()
        for col in ("expected_notified", "low", "high"):
            assert np.allclose(joined[col], joined[f"{col}_v"], rtol=1e-9)


def _time(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


@pytest.mark.benchmark(group="notification_reach 100k posts x 100k members")
def test_bench_notification_reach_vectorised(benchmark, big_group):
    result = benchmark(gi.notification_reach, big_group, MODEL)
    assert result.height == N_POSTS
    vectorised = benchmark.stats.stats.median
    scan = _time(lambda: _per_post_loop(big_group, MODEL, how="scan"))
    bisected = _time(lambda: _per_post_loop(big_group, MODEL, how="bisect"))
    benchmark.extra_info.update({
        "vectorised_s": vectorised, "loop_scan_s": scan, "loop_bisect_s": bisected,
        "ratio_loop_scan": scan / vectorised, "ratio_loop_bisect": bisected / vectorised,
    })
    print(f"\nnotification_reach: vectorised {vectorised:.3f} s; per-post loop (scan) "
          f"{scan:.2f} s = {scan / vectorised:.0f}x; per-post loop (bisect) "
          f"{bisected:.2f} s = {bisected / vectorised:.0f}x")


@pytest.mark.benchmark(group="notification_reach 100k posts x 100k members")
def test_bench_notification_reach_at_join(benchmark, big_group):
    model = gi.NotificationModel(size_basis="at_join")
    result = benchmark(gi.notification_reach, big_group, model)
    assert result.height == N_POSTS


@pytest.mark.benchmark(group="notification_reach 100k posts x 100k members")
def test_bench_notification_reach_engagement(benchmark, big_group):
    model = gi.NotificationModel(highlight_policy="engagement")
    result = benchmark(gi.notification_reach, big_group, model)
    assert result.height == N_POSTS


@pytest.mark.benchmark(group="simulate_notifications 100k posts x 100k members")
def test_bench_simulate_100_runs(benchmark, big_group):
    result = benchmark.pedantic(gi.simulate_notifications, args=(big_group, MODEL),
                                kwargs={"runs": 100}, rounds=1, iterations=1)
    assert result.height == N_POSTS
