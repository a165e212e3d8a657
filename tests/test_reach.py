from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import groepsinzicht as gi
from groepsinzicht.errors import (
    ConfigError,
    DataQualityWarning,
    GroepsinzichtError,
    ParameterError,
    ParameterTypeError,
)
from groepsinzicht.reach._core import engagement_scale, post_structure
from groepsinzicht.reach._simulate import simulate_matrix

T0 = datetime(2024, 1, 1, tzinfo=UTC)
POST_AT = T0 + timedelta(days=30)
DEFAULT = gi.NotificationModel()


def _members(n: int, *, join: bool = True, late: tuple[str, ...] = ()) -> pl.DataFrame:
    """n residents joined a minute apart before POST_AT, the organisation, late joiners."""
    ids = [f"m{i}" for i in range(n)] + list(late) + ["org"]
    joined = ([T0 + timedelta(minutes=i) for i in range(n)]
              + [POST_AT + timedelta(days=1)] * len(late) + [T0])
    return pl.DataFrame({
        "container_id": "g",
        "member_id": ids,
        "joined_at": joined if join else [None] * len(ids),
        "is_organization": [False] * (n + len(late)) + [True],
    }, schema_overrides={"joined_at": pl.Datetime("us", "UTC")})


def _group(n: int, author: str | None, *, join: bool = True, late: tuple[str, ...] = (),
           audience: int | None = None) -> gi.Dataset:
    posts = pl.DataFrame({"container_id": "g", "post_id": ["p"], "author_id": [author],
                          "created_at": [POST_AT]},
                         schema_overrides={"author_id": pl.String})
    aud = None if audience is None else pl.DataFrame(
        {"container_id": "g", "at": [T0], "size": [audience], "metric": "members"})
    return gi.Dataset.from_frames(members=_members(n, join=join, late=late), posts=posts,
                                  audience=aud, kind="group")


def _one(ds: gi.Dataset, model: gi.NotificationModel) -> dict[str, object]:
    return gi.notification_reach(ds, model).row(0, named=True)


# ------------------------------------------------------------------ closed form by hand
# (members, author, basis) -> (eligible, regime, expected); q = 0.10, h = 0.15, T = 250.
HAND = [
    (249, "m0", "at_post", 248, "all", 248 * 0.9),
    (249, "org", "at_post", 249, "all", 249 * 0.9),
    (249, None, "at_post", 249, "all", 249 * 0.9),
    (250, "m0", "at_post", 249, "highlights", 249 * 0.9 * 0.15),
    (250, "org", "at_post", 250, "highlights", 250 * 0.9 * 0.15),
    (251, "m0", "at_post", 250, "highlights", 250 * 0.9 * 0.15),
    (251, "org", "at_post", 251, "highlights", 251 * 0.9 * 0.15),
    (251, "m250", "at_post", 250, "highlights", 250 * 0.9 * 0.15),
    # at_join: the k-th member joined a group of k - 1; the 250th is still on all posts.
    (249, "m0", "at_join", 248, "all", 248 * 0.9),
    (249, "org", "at_join", 249, "all", 249 * 0.9),
    (250, "m0", "at_join", 249, "all", 249 * 0.9),
    (250, "m249", "at_join", 249, "all", 249 * 0.9),
    (250, "org", "at_join", 250, "all", 250 * 0.9),
    (251, "m0", "at_join", 250, "mixed", (249 + 1 * 0.15) * 0.9),
    (251, "m250", "at_join", 250, "all", 250 * 0.9),
    (251, "org", "at_join", 251, "mixed", (250 + 1 * 0.15) * 0.9),
    (251, None, "at_join", 251, "mixed", (250 + 1 * 0.15) * 0.9),
]


@pytest.mark.parametrize(("n", "author", "basis", "eligible", "regime", "expected"), HAND)
def test_closed_form_by_hand(n, author, basis, eligible, regime, expected):
    row = _one(_group(n, author), gi.NotificationModel(size_basis=basis))
    assert row["members_at_post"] == n  # the organisation's row is not counted
    assert row["eligible"] == eligible
    assert row["regime"] == regime
    assert row["expected_notified"] == pytest.approx(expected)
    assert row["low"] <= row["expected_notified"] <= row["high"]


@pytest.mark.parametrize("basis", ["at_post", "at_join"])
def test_author_who_joined_after_the_post_is_not_a_member_then(basis):
    row = _one(_group(249, "late", late=("late",)), gi.NotificationModel(size_basis=basis))
    assert (row["members_at_post"], row["eligible"]) == (249, 249)
    assert row["expected_notified"] == pytest.approx(249 * 0.9)


def test_output_columns_and_types():
    r = gi.notification_reach(_group(10, "m0"), DEFAULT)
    assert r.columns == ["container_id", "post_id", "created_at", "members_at_post",
                         "eligible", "regime", "expected_notified", "low", "high",
                         "calibrated"]
    assert r.schema["regime"] == pl.Enum(["all", "mixed", "highlights"])
    assert r.schema["members_at_post"] == pl.Int64


def test_pages_are_ignored_and_rows_sorted():
    group = _group(5, "m0")
    page = gi.Dataset.from_frames(kind="page", posts=pl.DataFrame(
        {"container_id": "page", "post_id": ["x"], "created_at": [T0]}))
    r = gi.notification_reach(group.merge(page), DEFAULT)
    assert r.get_column("container_id").to_list() == ["g"]


def test_without_join_dates_uses_audience_and_at_join_falls_back():
    ds = _group(3, "m0", join=False, audience=251)
    at_post = gi.notification_reach(ds, DEFAULT)
    assert at_post.select("members_at_post", "eligible", "regime").row(0) == (
        251, 250, "highlights")
    with pytest.warns(DataQualityWarning, match=re.escape(
            "size_basis='at_join': expected a join date for every member, got 1 group(s) "
            "without them: their posts use 'at_post' instead")):
        at_join = gi.notification_reach(ds, gi.NotificationModel(size_basis="at_join"))
    assert_frame_equal(at_join, at_post)


def test_unknown_size_gives_nulls():
    r = gi.notification_reach(_group(3, "m0", join=False), DEFAULT)
    assert r.select("members_at_post", "eligible", "regime", "expected_notified", "low",
                    "high").row(0) == (None,) * 6


def test_nobody_eligible_takes_regime_by_size():
    r = gi.notification_reach(_group(1, "m0"), DEFAULT)
    assert r.select("members_at_post", "eligible", "regime", "expected_notified").row(0) == (
        1, 0, "all", 0.0)


# ------------------------------------------------------------------ engagement policy
def _engagement_group(interactions: list[int]) -> gi.Dataset:
    posts = pl.DataFrame({
        "container_id": "g", "post_id": [f"p{i}" for i in range(len(interactions))],
        "author_id": "org", "reported_reactions": interactions,
        "created_at": [POST_AT + timedelta(minutes=i) for i in range(len(interactions))],
    })
    return gi.Dataset.from_frames(members=_members(10), posts=posts, kind="group")


def test_engagement_policy_by_hand_without_and_with_the_cap():
    model = gi.NotificationModel(threshold=5, highlight_policy="engagement",
                                 highlight_rate=0.15)
    r = gi.notification_reach(_engagement_group([0, 1, 1, 2]), model)
    # Mean interactions 1: probabilities 0.15 * x.
    assert r.get_column("expected_notified").to_list() == pytest.approx(
        [10 * 0.9 * p for p in (0.0, 0.15, 0.15, 0.30)])
    capped = gi.NotificationModel(threshold=5, highlight_policy="engagement",
                                  highlight_rate=0.5)
    r = gi.notification_reach(_engagement_group([0, 1, 1, 6]), capped)
    # 0.5 * x / 2 would give 1.5 to the last post: capped at 1, the rest rescaled to 0.5.
    assert r.get_column("expected_notified").to_list() == pytest.approx(
        [10 * 0.9 * p for p in (0.0, 0.5, 0.5, 1.0)])


def test_engagement_policy_constant_when_mean_is_zero_and_capped_when_unreachable():
    model = gi.NotificationModel(threshold=5, highlight_policy="engagement",
                                 highlight_rate=0.5)
    r = gi.notification_reach(_engagement_group([0, 0, 0]), model)
    assert r.get_column("expected_notified").to_list() == pytest.approx([4.5] * 3)
    # Mean 0.6 needs more than the one post with interactions can give: it gets 1.
    r = gi.notification_reach(_engagement_group([0, 0, 3]),
                              model.model_copy(update={"highlight_rate": 0.6}))
    assert r.get_column("expected_notified").to_list() == pytest.approx([0, 0, 9.0])


@given(st.lists(st.integers(0, 50), min_size=1, max_size=30).filter(lambda v: any(v)),
       st.floats(0.0, 1.0))
def test_engagement_scale_hits_the_mean_where_the_cap_allows(x, h):
    xs = np.array(x, dtype=np.float64)
    c = engagement_scale(xs, np.array([h]))[0]
    p = np.minimum(1.0, c * xs)
    reachable = np.count_nonzero(xs) / xs.size
    assert p.mean() == pytest.approx(min(h, reachable), abs=1e-9)


# ------------------------------------------------------------------ intervals
def test_intervals_widen_with_the_ranges():
    narrow = gi.NotificationModel(opt_out_rate=0.15, highlight_rate=0.15,
                                  opt_out_range=(0.1, 0.2), highlight_range=(0.1, 0.2))
    wide = narrow.model_copy(update={"opt_out_range": (0.05, 0.3),
                                     "highlight_range": (0.05, 0.35)})
    point = narrow.model_copy(update={"opt_out_range": (0.15, 0.15),
                                      "highlight_range": (0.15, 0.15)})
    sizes = [10, 249, 250, 600]
    a = gi.reach_curve(narrow, sizes=sizes)
    b = gi.reach_curve(wide, sizes=sizes)
    c = gi.reach_curve(point, sizes=sizes)
    assert (b["low"] < a["low"]).all()
    assert (b["high"] > a["high"]).all()
    assert c["low"].to_list() == pytest.approx(c["expected_notified"].to_list())
    assert c["high"].to_list() == pytest.approx(c["expected_notified"].to_list())


@given(q=st.floats(0, 1), h=st.floats(0, 1), basis=st.sampled_from(["at_post", "at_join"]),
       qr=st.tuples(st.floats(0, 1), st.floats(0, 1)).map(sorted),
       hr=st.tuples(st.floats(0, 1), st.floats(0, 1)).map(sorted))
def test_intervals_contain_the_estimate(q, h, basis, qr, hr):
    model = gi.NotificationModel(opt_out_rate=q, highlight_rate=h, size_basis=basis,
                                 opt_out_range=tuple(qr), highlight_range=tuple(hr))
    c = gi.reach_curve(model, sizes=[1, 2, 100, 249, 250, 251, 900])
    assert (c["low"] <= c["expected_notified"]).all()
    assert (c["expected_notified"] <= c["high"]).all()


def test_many_distinct_shares_are_interpolated_within_the_stated_bound():
    # Under at_join nearly every size above the threshold has its own share on
    # highlights: 4750 of them, more than the grid of 2049, so the grid path is taken.
    model = gi.NotificationModel(size_basis="at_join")
    many = gi.reach_curve(model, sizes=range(1, 5001))
    for size in (251, 777, 2500, 5000):
        alone = gi.reach_curve(model, sizes=[size]).row(0, named=True)  # exact path
        row = many.row(size - 1, named=True)
        assert row["members"] == size
        for col in ("low", "high"):
            assert row[col] == pytest.approx(alone[col], abs=0.00025 * size)


def test_intervals_are_seeded():
    ds = _group(300, "m0")
    assert_frame_equal(gi.notification_reach(ds, DEFAULT), gi.notification_reach(ds, DEFAULT))


# ------------------------------------------------------------------ simulator
def _timeline_group(n: int, authors: list[str | None], cut: list[int]) -> gi.Dataset:
    """n members joined a minute apart; post k is made just after member cut[k] joined."""
    posts = pl.DataFrame({
        "container_id": "g", "post_id": [f"p{k}" for k in range(len(cut))],
        "author_id": authors,
        "created_at": [T0 + timedelta(minutes=j, seconds=30) for j in cut],
    }, schema_overrides={"author_id": pl.String})
    return gi.Dataset.from_frames(members=_members(n), posts=posts, kind="group")


@settings(max_examples=20)
@given(
    n=st.integers(1, 400),
    threshold=st.sampled_from([1, 5, 60, 250]),
    q=st.floats(0, 1),
    h=st.floats(0, 1),
    basis=st.sampled_from(["at_post", "at_join"]),
    authors=st.lists(st.sampled_from(["first", "last", "org", "hidden"]), min_size=3,
                     max_size=3),
    seed=st.integers(0, 2**16),
)
def test_simulator_agrees_with_closed_form(n, threshold, q, h, basis, authors, seed):
    cut = [n // 3, (2 * n) // 3, n - 1]
    ids: list[str | None] = []
    for who, j in zip(authors, cut, strict=True):
        ids.append({"first": "m0", "last": f"m{j}", "org": "org", "hidden": None}[who])
    ds = _timeline_group(n, ids, cut)
    model = gi.NotificationModel(threshold=threshold, opt_out_rate=q, highlight_rate=h,
                                 size_basis=basis)
    runs = 600
    closed = gi.notification_reach(ds, model)
    sim = gi.simulate_notifications(ds, model, runs=runs, seed=seed)
    assert sim.columns == ["container_id", "post_id", "mean_notified", "p05", "p95"]
    for row, s, j, author in zip(closed.iter_rows(named=True), sim.iter_rows(named=True),
                                 cut, ids, strict=True):
        size = j + 1
        rank = None if author in (None, "org") else int(author[1:]) + 1
        # Members on all posts / on highlights, the author left out, by hand.
        lo = min(size, threshold) if basis == "at_join" else (size if size < threshold else 0)
        n_all = lo - (rank is not None and rank <= lo)
        n_hl = size - lo - (rank is not None and rank > lo)
        assert row["members_at_post"] == size
        assert row["expected_notified"] == pytest.approx((1 - q) * (n_all + n_hl * h))
        p = (1 - q) * h
        se = math.sqrt((n_all * q * (1 - q) + n_hl * p * (1 - p)) / runs)
        assert abs(s["mean_notified"] - row["expected_notified"]) <= 5 * se + 1e-9
        assert 0 <= s["p05"] <= s["p95"] <= size


@settings(max_examples=10)
@given(h=st.floats(0.05, 0.9), seed=st.integers(0, 2**16),
       x=st.lists(st.integers(0, 20), min_size=2, max_size=6))
def test_simulator_agrees_with_closed_form_under_engagement(h, seed, x):
    model = gi.NotificationModel(threshold=5, highlight_policy="engagement",
                                 highlight_rate=h)
    ds = _engagement_group(x)
    runs = 600
    closed = gi.notification_reach(ds, model).get_column("expected_notified")
    sim = gi.simulate_notifications(ds, model, runs=runs, seed=seed).get_column(
        "mean_notified")
    # 10 eligible Bernoulli members: the standard error is at most sqrt(10 / 4 / runs).
    assert ((sim - closed).abs() <= 5 * math.sqrt(2.5 / runs) + 1e-9).all()


def test_simulator_draws_each_opt_out_once_per_run():
    # Three posts by the organisation at 100, 100 and 200 members, all on "all posts":
    # the same members opt out for every post of a run.
    ds = _timeline_group(200, ["org", "org", "org"], [99, 99, 199])
    model = gi.NotificationModel(opt_out_rate=0.5)
    s = post_structure(ds, model)
    counts = simulate_matrix(s, model, runs=300, seed=1)
    assert (counts[:, 0] == counts[:, 1]).all()
    assert (counts[:, 2] >= counts[:, 0]).all()
    assert (counts[:, 2] - counts[:, 0] <= 100).all()
    assert counts[:, 0].std() > 0


def test_simulator_author_is_never_notified():
    # q = 0, all posts: everyone but the author, in every run.
    ds = _timeline_group(20, ["m3", "org", None], [19, 19, 19])
    sim = gi.simulate_notifications(ds, gi.NotificationModel(opt_out_rate=0.0), runs=50)
    assert sim.select("mean_notified", "p05", "p95").rows() == [
        (19.0, 19.0, 19.0), (20.0, 20.0, 20.0), (20.0, 20.0, 20.0)]


def test_simulator_seeded_and_checks_runs():
    ds = _group(300, "m0")
    assert_frame_equal(gi.simulate_notifications(ds, DEFAULT, runs=50, seed=3),
                       gi.simulate_notifications(ds, DEFAULT, runs=50, seed=3))
    with pytest.raises(ValueError, match=re.escape("runs: expected a whole number >= 1, got 0")):
        gi.simulate_notifications(ds, DEFAULT, runs=0)


def test_simulator_unknown_size_gives_nulls():
    sim = gi.simulate_notifications(_group(3, "m0", join=False), DEFAULT, runs=10)
    assert sim.select("mean_notified", "p05", "p95").row(0) == (None, None, None)


# ------------------------------------------------------------------ reach curve
@pytest.mark.parametrize(("basis", "expected"), [
    ("at_post", [248 * 0.9, 249 * 0.9 * 0.15, 250 * 0.9 * 0.15]),
    # at_join: the author is any member with equal chance.
    ("at_join", [248 * 0.9, 249 * 0.9, 0.9 * 250.15 * 250 / 251]),
])
def test_reach_curve_by_hand(basis, expected):
    c = gi.reach_curve(gi.NotificationModel(size_basis=basis), sizes=[249, 250, 251])
    assert c.columns == ["members", "expected_notified", "low", "high", "calibrated"]
    assert c["members"].to_list() == [249, 250, 251]
    assert c["expected_notified"].to_list() == pytest.approx(expected)


def test_reach_curve_default_sizes_and_bad_size():
    c = gi.reach_curve(DEFAULT)
    assert (c.height, c["members"][0], c["members"][-1]) == (1000, 1, 1000)
    with pytest.raises(ValueError, match=re.escape(
            "sizes: expected group sizes of at least 1, got 0")):
        gi.reach_curve(DEFAULT, sizes=[0, 5])


# ------------------------------------------------------------------ break-even
@pytest.mark.parametrize(("reach", "model", "expected"), [
    (0.5, DEFAULT, 2),              # one other member, 0.9 of them notified
    (176, DEFAULT, 197),            # below the threshold: 196 * 0.9 = 176.4
    (248 * 0.9, DEFAULT, 249),      # exactly the last size below the threshold
    (223.21, DEFAULT, 1655),        # above: 1654 * 0.135 = 223.29
    (300, DEFAULT, 2224),           # above: 2223 * 0.135 = 300.105
    (10, gi.NotificationModel(threshold=1), 76),  # nothing below a threshold of 1
    (300, gi.NotificationModel(highlight_rate=0.0), None),
    (1, gi.NotificationModel(opt_out_rate=1.0), None),
])
def test_break_even_members(reach, model, expected):
    assert gi.break_even_members(reach, model) == expected


@pytest.mark.parametrize("reach", [float("nan"), float("inf"), 0, -1, -0.5])
def test_break_even_refuses_reach_that_is_not_positive_and_finite(reach):
    with pytest.raises(ParameterError, match=re.escape(
            "break_even_members: reach: expected a positive finite number of people, got")):
        gi.break_even_members(reach, DEFAULT)


@pytest.mark.parametrize("reach", [True, "300", None])
def test_break_even_refuses_reach_that_is_not_a_number(reach):
    with pytest.raises(ParameterTypeError, match="reach: expected a number"):
        gi.break_even_members(reach, DEFAULT)


# ------------------------------------------------------------------ plan groups
def test_plan_groups_by_hand():
    p = gi.plan_groups(601, DEFAULT, max_groups=3)
    assert p.columns == ["groups", "members_per_group", "notified_per_post",
                         "notified_if_posted_in_all", "low", "high"]
    assert p["groups"].to_list() == [1, 2, 3]
    assert p["members_per_group"].to_list() == [601, 301, 201]
    assert p["notified_per_post"].to_list() == pytest.approx(
        [600 * 0.135, 300 * 0.135, 200 * 0.9])
    # [301, 300] and [201, 200, 200].
    assert p["notified_if_posted_in_all"].to_list() == pytest.approx(
        [600 * 0.135, (300 + 299) * 0.135, (200 + 199 + 199) * 0.9])
    assert (p["low"] <= p["notified_if_posted_in_all"]).all()
    assert (p["notified_if_posted_in_all"] <= p["high"]).all()


def test_plan_groups_more_groups_than_members_and_errors():
    p = gi.plan_groups(2, DEFAULT, max_groups=3)
    assert p["members_per_group"].to_list() == [2, 1, 1]
    assert p["notified_if_posted_in_all"].to_list() == pytest.approx([0.9, 0.0, 0.0])
    with pytest.raises(ValueError, match=re.escape("total_members: expected a whole number")):
        gi.plan_groups(-1, DEFAULT)
    with pytest.raises(ValueError, match=re.escape("max_groups: expected a whole number >= 1")):
        gi.plan_groups(10, DEFAULT, max_groups=0)


# ------------------------------------------------------------------ page reach
def _page() -> gi.Dataset:
    return gi.Dataset.from_frames(
        kind="page",
        containers=pl.DataFrame({"container_id": ["p", "q"], "kind": "page",
                                 "name": ["Gemeente", "Leeg"]}),
        audience=pl.DataFrame({
            "container_id": "p", "at": [T0 + timedelta(days=1), T0 + timedelta(days=10)],
            "size": [1000, 2000], "metric": "followers"}),
        posts=pl.DataFrame({
            "container_id": ["p", "p", "p", "p", "q"],
            "post_id": ["p0", "p1", "p2", "p3", "q1"],
            "created_at": [T0, T0 + timedelta(days=5), T0 + timedelta(days=11),
                           T0 + timedelta(days=12), T0],
            "reach": [None, 300, None, None, None],
            "organic_reach": [None, 250, None, None, None],
            "paid_reach": [None, 50, None, None, None],
            "reported_reactions": [2, 30, 0, 0, 0],
            "reported_shares": [1, 0, 0, 0, 0],
        }),
    )


def test_page_reach_observed_estimated_or_null():
    r = gi.page_reach(_page())
    expected = pl.DataFrame({
        "container_id": ["p", "p", "p", "p", "q"],
        "post_id": ["p0", "p1", "p2", "p3", "q1"],
        # before any audience row: the earliest after; then the latest at or before.
        "reach": [52.0, 300.0, 104.0, 104.0, None],
        "reach_source": ["estimated", "observed", "estimated", "estimated", None],
        "organic_reach": [None, 250, None, None, None],
        "paid_reach": [None, 50, None, None, None],
    }, schema_overrides={"reach_source": pl.Enum(["modelled", "observed", "estimated"])})
    assert_frame_equal(r, expected, check_exact=False)
    half = gi.page_reach(_page(), organic_reach_rate=0.5)
    assert half["reach"].to_list()[:3] == [500.0, 300.0, 1000.0]
    with pytest.raises(ValueError, match=re.escape(
            "organic_reach_rate: expected a share in [0, 1], got 5")):
        gi.page_reach(_page(), organic_reach_rate=5)


# ------------------------------------------------------------------ compare
def _project_group() -> gi.Dataset:
    posts = pl.DataFrame({"container_id": "g", "post_id": ["g1", "g2"],
                          "author_id": ["m0", "org"],
                          "created_at": [POST_AT, POST_AT + timedelta(hours=1)],
                          "reported_reactions": [5, 1]})
    comments = pl.DataFrame({
        "container_id": "g", "comment_id": ["c1", "c2"], "post_id": "g1",
        "parent_id": [None, "c1"], "author_id": ["m1", "m2"],
        "created_at": [POST_AT + timedelta(minutes=5), POST_AT + timedelta(minutes=9)],
    }, schema_overrides={"parent_id": pl.String})
    return gi.Dataset.from_frames(
        containers=pl.DataFrame({"container_id": ["g"], "kind": "group",
                                 "name": ["Speeltuin"]}),
        members=_members(10), posts=posts, comments=comments)


def _small_page() -> gi.Dataset:
    return gi.Dataset.from_frames(
        containers=pl.DataFrame({"container_id": ["p"], "kind": "page",
                                 "name": ["Gemeente"]}),
        audience=pl.DataFrame({"container_id": "p", "at": [T0], "size": [1000],
                               "metric": "followers"}),
        posts=pl.DataFrame({"container_id": "p", "post_id": ["p1", "p2"],
                            "created_at": [POST_AT, POST_AT], "reach": [300, None],
                            "reported_reactions": [30, 2], "reported_shares": [0, 1]}),
    )


def test_compare_reach_by_hand():
    cmp = gi.compare_reach(_project_group(), _small_page(), DEFAULT)
    per_post = cmp.per_post
    assert per_post.columns == ["container_id", "kind", "post_id", "created_at", "reach",
                                "low", "high", "reach_source", "interactions",
                                "interactions_per_100_reached"]
    assert per_post.select("post_id", "reach_source", "interactions").rows() == [
        ("g1", "modelled", 7), ("g2", "modelled", 1),
        ("p1", "observed", 30), ("p2", "estimated", 3)]
    assert per_post["reach"].to_list() == pytest.approx([8.1, 9.0, 300.0, 52.0])
    # p2's reach is estimated from the followers: no "per 100 reached" on it.
    assert per_post["interactions_per_100_reached"].to_list()[:3] == pytest.approx(
        [700 / 8.1, 100 / 9.0, 10.0])
    assert per_post["interactions_per_100_reached"][3] is None
    expected = pl.DataFrame({
        "container_id": ["g", "p"],
        "kind": ["group", "page"],
        "name": ["Speeltuin", "Gemeente"],
        "posts": [2, 2],
        "audience": [10, 1000],
        "reach_per_post_median": [8.55, 176.0],
        "reach_per_post_mean": [8.55, 176.0],
        "reach_share_of_audience_median": [0.855, 0.176],
        "interactions_per_post_median": [4.0, 16.5],
        # The page: its observed post only (30 interactions over 300 reached).
        "interactions_per_100_reached": [100 * 8 / 17.1, 100 * 30 / 300],
        "conversation_share": [0.5, 0.0],
        "reach_source": ["modelled", "mixed"],
        "calibrated": [False, False],
    }, schema_overrides={"kind": pl.Enum(["group", "page"]),
                         "reach_source": pl.Enum(["modelled", "observed", "estimated",
                                                  "mixed"])})
    assert_frame_equal(cmp.summary, expected, check_exact=False)
    assert cmp.break_even_members == 197
    assert cmp.model is DEFAULT
    assert_frame_equal(cmp.to_frame(), cmp.summary)


def test_compare_reach_on_one_dataset_tells_groups_and_pages_apart():
    both = _project_group().merge(_small_page())
    one = gi.compare_reach(both, both, DEFAULT)
    two = gi.compare_reach(_project_group(), _small_page(), DEFAULT)
    assert_frame_equal(one.summary, two.summary)
    assert_frame_equal(one.per_post, two.per_post)


def test_compare_reach_without_page_posts_has_no_break_even():
    cmp = gi.compare_reach(_project_group(), _project_group(), DEFAULT)
    assert cmp.break_even_members is None
    assert cmp.summary["kind"].to_list() == ["group"]
    assert "no page posts with reach" in repr(cmp)


def test_reach_comparison_repr_and_html():
    cmp = gi.compare_reach(_project_group(), _small_page(), DEFAULT)
    text = repr(cmp)
    assert text.startswith("ReachComparison(2 group posts, median ≈8.6 notified [")
    assert "2 page posts, median reach 176.0 (1 estimated); break-even at 197 members" in text
    assert "groups per 100 modelled notified members, pages per 100 observed reach" in text
    assert "q=0.10 [0.05–0.30], h=0.15 [0.05–0.35]" in text
    html = cmp._repr_html_()
    assert "<table" in html
    assert "break-even at 197 members" in html
    assert "no published figure" in html
    with pytest.raises(AttributeError):
        cmp.break_even_members = 3  # type: ignore[misc]


# ------------------------------------------------------------------ the model
def test_model_defaults_and_repr_list_every_assumption():
    m = gi.NotificationModel()
    assert (m.threshold, m.opt_out_rate, m.highlight_rate, m.highlight_policy,
            m.size_basis, m.opt_out_range, m.highlight_range) == (
        250, 0.10, 0.15, "constant", "at_post", (0.05, 0.30), (0.05, 0.35))
    text = repr(m)
    for name in ("threshold=250", "opt_out_rate=0.1 in [0.05, 0.3]",
                 "highlight_rate=0.15 in [0.05, 0.35]", "highlight_policy='constant'",
                 "size_basis='at_post'", "practitioners' descriptions (2018)",
                 "no published figure"):
        assert name in text
    assert "opt_out_rate=0.2 in [0.05, 0.3] [set by caller]" in repr(
        gi.NotificationModel(opt_out_rate=0.2))


def test_model_widens_ranges_to_include_the_point():
    assert gi.NotificationModel(highlight_rate=0.5).highlight_range == (0.05, 0.5)
    assert gi.NotificationModel(opt_out_range=(0.2, 0.3)).opt_out_range == (0.1, 0.3)
    assert gi.NotificationModel(opt_out_rate=0.0).opt_out_range == (0.0, 0.30)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"opt_out": 0.1}, "Extra inputs are not permitted"),
    ({"opt_out_rate": 1.5}, "Input should be less than or equal to 1"),
    ({"highlight_rate": -0.1}, "Input should be greater than or equal to 0"),
    ({"highlight_range": (0.1, 1.2)}, "Input should be less than or equal to 1"),
    ({"opt_out_range": (0.3, 0.1)}, "opt_out_range: expected low <= high, got (0.3, 0.1)"),
    ({"threshold": 0}, "Input should be greater than or equal to 1"),
    ({"size_basis": "at_start"}, "Input should be 'at_post' or 'at_join'"),
    ({"threshold": True}, "expected a number, got the boolean True"),
    ({"threshold": 2.5}, "Input should be a valid integer, got a number with a fractional"),
    ({"opt_out_rate": False}, "expected a number, got the boolean False"),
])
def test_model_validation_errors(kwargs, message):
    # The library's own error (a GroepsinzichtError and a ValueError), pydantic's words.
    with pytest.raises(ConfigError, match=re.escape(message)) as info:
        gi.NotificationModel(**kwargs)
    assert isinstance(info.value, GroepsinzichtError)
    assert str(info.value).startswith("NotificationModel: ")


def test_model_takes_whole_numbers_written_as_floats():
    assert gi.NotificationModel(threshold=300.0).threshold == 300


def test_model_is_frozen():
    with pytest.raises(ConfigError, match=re.escape("Instance is frozen")):
        DEFAULT.threshold = 100  # type: ignore[misc]


# ------------------------------------------------------------------ the bundled sample
def test_sample_neighbourhood_group_crosses_the_threshold(sample_ds):
    r = gi.notification_reach(sample_ds, DEFAULT)
    crossing = r.group_by("container_id").agg(
        (pl.col("members_at_post").min() < 250) & (pl.col("members_at_post").max() >= 250))
    assert crossing.to_series(1).any()
    assert set(r["regime"].drop_nulls().to_list()) == {"all", "highlights"}
    assert ((r["low"] <= r["expected_notified"]) & (r["expected_notified"] <= r["high"])).all()
    cmp = gi.compare_reach(sample_ds, sample_ds, DEFAULT)
    assert set(cmp.summary["kind"].to_list()) == {"group", "page"}
    assert cmp.summary["posts"].sum() == sample_ds.posts.height


def test_sample_simulator_agrees_at_join(sample_ds):
    model = gi.NotificationModel(size_basis="at_join")
    runs = 400
    closed = gi.notification_reach(sample_ds, model)
    assert "mixed" in closed["regime"].to_list()
    sim = gi.simulate_notifications(sample_ds, model, runs=runs, seed=7)
    both = closed.join(sim, on=["container_id", "post_id"], maintain_order="left")
    # A sum of independent Bernoulli members: the variance is at most eligible / 4.
    bound = 5 * (both["eligible"] / 4 / runs).sqrt() + 1e-9
    assert ((both["mean_notified"] - both["expected_notified"]).abs() <= bound).all()
