"""Calibration of the notification model from "Seen by" counts (issue 14)."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import polars as pl
import pytest

import groepsinzicht as gi
from groepsinzicht.errors import DataQualityWarning, ParameterError, ParameterTypeError
from groepsinzicht.reach._calibrate import beta_from_range, fit_counts
from groepsinzicht.synth import generate, project_seen_by, write_seen_by

TRUTH = {"view_rate": 0.75, "highlight_rate": 0.25, "overdispersion": 0.03}
#: Seeds of the CI recovery check (the slow test runs 200).
CI_SEEDS = range(20)


@pytest.fixture(scope="module")
def ds() -> gi.Dataset:
    # The default municipality: a group crossing 250 members (Wijk Oost) and two that
    # stay below; 412 group posts.
    return generate()


def _fit(ds: gi.Dataset, seed: int, **truth: float) -> tuple[gi.Calibration, pl.DataFrame]:
    counts = project_seen_by(ds, seed=seed, **(truth or TRUTH))
    return gi.calibrate(ds, counts), counts


def _coverage(ds: gi.Dataset, seeds: range, truth: dict[str, float]
              ) -> tuple[dict[str, float], np.ndarray]:
    hits = dict.fromkeys(truth, 0)
    errors = []
    for seed in seeds:
        cal, _ = _fit(ds, seed, **truth)
        for name, value in truth.items():
            est = getattr(cal, name)
            hits[name] += est.low <= value <= est.high
        errors.append((cal.view_rate.estimate - truth["view_rate"],
                       cal.highlight_rate.estimate - truth["highlight_rate"]))
    return {k: v / len(seeds) for k, v in hits.items()}, np.array(errors)


# --------------------------------------------------------------------------- recovery
def test_recovery_bounded_subset(ds):
    coverage, errors = _coverage(ds, CI_SEEDS, TRUTH)
    # 20 fixed seeds: a 90% interval should hold the truth in most of them.
    for name, share in coverage.items():
        assert 0.75 <= share <= 1.0, (name, coverage)
    # 412 posts: point estimates within a few hundredths.
    assert np.abs(errors[:, 0]).max() < 0.02
    assert np.abs(errors[:, 1]).max() < 0.04
    assert abs(errors[:, 0].mean()) < 0.005
    assert abs(errors[:, 1].mean()) < 0.01


@pytest.mark.slow
@pytest.mark.parametrize("truth", [
    TRUTH,
    # outside the prior's ranges (1 - q in [0.70, 0.95], h in [0.05, 0.35]): the data win
    {"view_rate": 0.6, "highlight_rate": 0.45, "overdispersion": 0.06},
])
def test_recovery_coverage_200_seeds(ds, truth):
    coverage, errors = _coverage(ds, range(200), truth)
    for name, share in coverage.items():
        assert 0.82 <= share <= 0.96, (name, coverage)
    assert np.sqrt((errors**2).mean(axis=0)).max() < 0.02


def test_binomial_intervals_miss_overdispersed_truth(ds):
    # Why rho is there: posts differ in appeal, so counts vary more than a binomial
    # allows; a binomial fit is confidently wrong.
    truth = {"view_rate": 0.7, "highlight_rate": 0.3, "overdispersion": 0.05}
    prior_v, prior_h = beta_from_range(0.70, 0.95), beta_from_range(0.05, 0.35)
    model_hits = binomial_hits = 0
    for seed in range(20):
        c = project_seen_by(ds, seed=seed, **truth)
        k = c["seen_by"].to_numpy().astype(float)
        n = c["eligible"].to_numpy().astype(float)
        above = c["members_at_post"].to_numpy() >= 250
        for overdispersed in (True, False):
            v, h, _ = fit_counts(k, n, above, prior_v, prior_h,
                                 overdispersed=overdispersed, draws=4000)
            hit = sum(np.percentile(x, 5) <= truth[name] <= np.percentile(x, 95)
                      for x, name in ((v, "view_rate"), (h, "highlight_rate")))
            if overdispersed:
                model_hits += hit
            else:
                binomial_hits += hit
    assert model_hits >= 32  # of 40
    assert binomial_hits <= 24
    assert model_hits - binomial_hits >= 12


def test_binomial_truth_gives_small_overdispersion(ds):
    cal, _ = _fit(ds, 3, view_rate=0.8, highlight_rate=0.2, overdispersion=0.0)
    assert cal.overdispersion.high < 0.01
    assert abs(cal.view_rate.estimate - 0.8) < 0.01


# --------------------------------------------------------------------------- identification
def test_not_identified_highlight_rate_stays_at_prior(ds):
    small = ds.filter(containers=["482915730016452", "573310982264117"])  # below 250
    counts = project_seen_by(small, seed=1, **TRUTH)
    cal = gi.calibrate(small, counts)
    assert cal.identified == {"view_rate": True, "highlight_rate": False}
    prior = gi.NotificationModel()
    assert cal.highlight_rate.low == pytest.approx(prior.highlight_range[0], abs=1e-6)
    assert cal.highlight_rate.high == pytest.approx(prior.highlight_range[1], abs=1e-6)
    assert cal.model.highlight_range == pytest.approx(prior.highlight_range, abs=1e-6)
    assert "NOT IDENTIFIED" in repr(cal) and "highlight_rate" in repr(cal)
    assert "NOT IDENTIFIED" in cal._repr_html_()
    frame = cal.to_frame()
    assert frame.filter(pl.col("parameter") == "highlight_rate")["identified"].to_list() == [
        False]
    # the draws of h are its prior: mean near the prior's, spread like it
    _, h = cal.interval_draws()
    a, b = beta_from_range(*prior.highlight_range)
    assert h.mean() == pytest.approx(a / (a + b), abs=0.01)
    assert abs(cal.view_rate.estimate - 0.75) < 0.03


def test_not_identified_view_rate_when_every_post_is_above(ds):
    counts = project_seen_by(ds, seed=2, **TRUTH).filter(pl.col("members_at_post") >= 250)
    cal = gi.calibrate(ds, counts)
    assert cal.identified == {"view_rate": False, "highlight_rate": True}
    assert (cal.view_rate.low, cal.view_rate.high) == pytest.approx((0.70, 0.95), abs=1e-6)
    v, h = cal.interval_draws()
    # v's draws are its prior (a cut): only v*h is measured, and it is measured well
    assert np.percentile(v, [5, 95]) == pytest.approx([0.70, 0.95], abs=0.02)
    assert np.mean(v * h) == pytest.approx(0.75 * 0.25, abs=0.01)
    assert "only view_rate * highlight_rate is measured" in repr(cal)


def test_no_usable_counts_warns_and_returns_prior(ds):
    counts = pl.DataFrame({"post_id": ["nope"], "seen_by": [3]})
    with pytest.warns(DataQualityWarning, match="usable"):
        cal = gi.calibrate(ds, counts)
    assert cal.identified == {"view_rate": False, "highlight_rate": False}
    assert cal.excluded["reason"].to_list() == ["unmatched"]
    assert cal.posts.height == 0


# --------------------------------------------------------------------------- bad rows
def test_bad_rows_are_excluded_with_reasons(ds):
    counts = project_seen_by(ds, seed=4, **TRUTH).head(40)
    first = counts.row(0, named=True)
    eligible = counts["eligible"].to_list()
    bad = pl.DataFrame({
        "container_id": [None, None, first["container_id"], None, None, None],
        "post_id": ["does-not-exist", counts["post_id"][1], None, counts["post_id"][3],
                    counts["post_id"][4], counts["post_id"][0]],
        "permalink": [None, None, "https://nowhere.example/x", None, None, None],
        "seen_by": [5, eligible[1] + 1, 7, -2, None, 10],
        "recorded_at": [None, None, None, None, None,
                        first["created_at"] + timedelta(hours=3)],
    }, schema_overrides={"recorded_at": pl.Datetime("us", "UTC")})
    good = counts.slice(5).select("container_id", "post_id", "permalink", "seen_by",
                                  "recorded_at")
    cal = gi.calibrate(ds, pl.concat([bad, good]))
    assert cal.excluded["reason"].cast(pl.String).to_list() == [
        "unmatched", "count above eligible", "unmatched", "negative count", "no count",
        "too early"]
    assert cal.excluded.columns == ["container_id", "post_id", "permalink", "seen_by",
                                    "recorded_at", "reason"]
    assert cal.posts.height == 35
    assert "excluded: " in repr(cal) and "1 too early" in repr(cal)


def test_min_age_and_age_unknown(ds):
    counts = project_seen_by(ds, seed=5, **TRUTH, days_after=1.5).head(30)
    cal = gi.calibrate(ds, counts.head(10), min_age="1d")
    assert cal.posts.height == 10 and cal.min_age == timedelta(days=1)
    with pytest.warns(DataQualityWarning):
        early = gi.calibrate(ds, counts.head(10))  # 36 h < 48 h
    assert set(early.excluded["reason"].cast(pl.String)) == {"too early"}
    unknown = gi.calibrate(ds, counts.head(10).with_columns(
        pl.lit(None, pl.Datetime("us", "UTC")).alias("recorded_at")))
    assert unknown.age_unknown == 10 and "10 of age unknown" in repr(unknown)


def test_duplicates_keep_the_latest_and_ambiguous_ids(ds):
    counts = project_seen_by(ds, seed=6, **TRUTH).head(20)
    again = counts.head(1).with_columns(pl.col("recorded_at") + timedelta(days=3),
                                        pl.col("seen_by") + 1)
    cal = gi.calibrate(ds, pl.concat([counts, again]))
    assert cal.excluded["reason"].cast(pl.String).to_list() == ["duplicate"]
    assert cal.excluded["seen_by"].to_list() == counts["seen_by"][:1].to_list()
    # by permalink alone, without ids
    by_link = counts.select("permalink", "seen_by")
    assert gi.calibrate(ds, by_link).posts.height == 20
    # a post id found in two groups, without a container, names two posts
    g1, g2 = ds.containers.filter(pl.col("kind") == "group")["container_id"][:2]
    posts = ds.posts.with_columns(
        pl.when(pl.col("container_id").is_in([g1, g2])).then(pl.lit("p"))
        .otherwise(pl.col("post_id")).alias("post_id")
    ).unique(["container_id", "post_id"])
    twin = gi.Dataset.from_frames(posts=posts, members=ds.members, containers=ds.containers,
                                  audience=ds.audience)
    with pytest.warns(DataQualityWarning):
        amb = gi.calibrate(twin, pl.DataFrame({"post_id": ["p"], "seen_by": [1]}))
    assert amb.excluded["reason"].cast(pl.String).to_list() == ["ambiguous"]


def test_model_settings_and_arguments(ds):
    counts = project_seen_by(ds, seed=7, **TRUTH).head(5)
    with pytest.raises(ParameterError, match="size_basis='at_post'"):
        gi.calibrate(ds, counts, model=gi.NotificationModel(size_basis="at_join"))
    with pytest.raises(ParameterError, match="highlight_policy"):
        gi.calibrate(ds, counts, model=gi.NotificationModel(highlight_policy="engagement"))
    with pytest.raises(ParameterError, match="min_age"):
        gi.calibrate(ds, counts, min_age="soon")
    with pytest.raises(ParameterError, match="seen_by"):
        gi.calibrate(ds, counts.drop("seen_by"))
    with pytest.raises(ParameterTypeError):
        gi.calibrate(ds, counts.to_dicts())  # type: ignore[arg-type]
    with pytest.raises(ParameterTypeError):
        gi.notification_reach(ds, "model")  # type: ignore[arg-type]


def test_prior_percentiles_are_the_ranges():
    from scipy import stats

    for lo, hi in ((0.70, 0.95), (0.05, 0.35), (0.4, 0.41), (0.0, 1.0)):
        a, b = beta_from_range(lo, hi)
        got = stats.beta.ppf([0.05, 0.95], a, b)
        assert got[0] == pytest.approx(max(lo, 0.001), abs=2e-3)
        assert got[1] == pytest.approx(min(hi, 0.999), abs=2e-3)


# --------------------------------------------------------------------------- results
def test_result_shape_model_and_reach(ds):
    cal, counts = _fit(ds, 8)
    assert cal.posts.columns == ["container_id", "post_id", "eligible", "regime", "seen_by",
                                 "expected", "low", "high"]
    assert cal.posts.height == counts.height
    inside = cal.posts.select(((pl.col("low") <= pl.col("seen_by"))
                               & (pl.col("seen_by") <= pl.col("high"))).mean()).item()
    assert 0.8 < inside <= 1.0  # 90% predictive intervals
    m = cal.model
    assert isinstance(m, gi.NotificationModel)
    assert m.opt_out_rate == pytest.approx(1 - cal.view_rate.estimate)
    assert m.highlight_rate == pytest.approx(cal.highlight_rate.estimate)
    assert m.opt_out_range == pytest.approx((1 - cal.view_rate.high, 1 - cal.view_rate.low))
    assert "calibrated from 412 'Seen by' counts" in repr(m)
    assert "seen read as notified" in repr(m)
    assert '"Seen by" is read as "notified"' in repr(cal)
    assert "notified" in cal._repr_html_()

    plain = gi.notification_reach(ds, gi.NotificationModel())
    calibrated = gi.notification_reach(ds, cal)
    assert not plain["calibrated"].any() and calibrated["calibrated"].all()
    width = (pl.col("high") - pl.col("low")).sum()
    assert calibrated.select(width).item() < plain.select(width).item() / 3
    # the intervals are the posterior's: below the threshold, eligible times the
    # 5th and 95th percentiles of v
    below = calibrated.filter(pl.col("regime") == "all", pl.col("eligible") > 0)
    v, _ = cal.interval_draws()
    lo, hi = np.percentile(v, [5, 95])
    assert (below["low"] / below["eligible"]).to_numpy() == pytest.approx(lo, rel=1e-9)
    assert (below["high"] / below["eligible"]).to_numpy() == pytest.approx(hi, rel=1e-9)
    assert not gi.notification_reach(ds, cal.model)["calibrated"].any()

    curve = gi.reach_curve(cal, sizes=[100, 300])
    assert curve["calibrated"].to_list() == [True, True]
    assert curve["expected_notified"][0] == pytest.approx(99 * cal.view_rate.estimate)
    assert not gi.reach_curve(gi.NotificationModel(), sizes=[5])["calibrated"].any()

    cmp = gi.compare_reach(ds, ds, cal)
    summary = cmp.summary
    assert summary.filter(pl.col("kind") == "group")["calibrated"].all()
    assert not summary.filter(pl.col("kind") == "page")["calibrated"].any()
    assert not gi.compare_reach(ds, ds, gi.NotificationModel()).summary["calibrated"].any()
    assert "calibrated" in repr(cmp)

    # planning and break-even take a calibration too
    plan = gi.plan_groups(600, cal, max_groups=3)
    assert plan["notified_per_post"][0] == pytest.approx(
        599 * cal.view_rate.estimate * cal.highlight_rate.estimate)
    assert gi.break_even_members(100, cal) == gi.break_even_members(100, cal.model)


def test_written_file_reads_back_and_calibrates_the_same(ds, tmp_path):
    path = write_seen_by(ds, tmp_path / "gezien.csv", seed=9, **TRUTH)
    read = gi.io.read_seen_by(path)
    counts = project_seen_by(ds, seed=9, **TRUTH)
    assert read.select("container_id", "post_id", "seen_by").equals(
        counts.select("container_id", "post_id", "seen_by"))
    # minute precision in the file
    assert (read["recorded_at"] - counts["recorded_at"].dt.truncate("1m")).abs().max() \
        == timedelta(0)
    a, b = gi.calibrate(ds, read), gi.calibrate(ds, counts)
    assert a.to_frame().equals(b.to_frame())


def test_calibrated_model_is_repeatable(ds):
    a, _ = _fit(ds, 10)
    b, _ = _fit(ds, 10)
    assert a.to_frame().equals(b.to_frame())


def test_plot_calibration(ds):
    from groepsinzicht.plot import plot_calibration

    cal, _ = _fit(ds, 11)
    ax = plot_calibration(cal, lang="en")
    assert ax.get_xlabel() == "eligible members" and ax.get_ylabel() == "seen by"
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "threshold: 250 members" in texts
    assert sum("calibrated mean" in t for t in texts) == 2
    assert any("'seen' is read as 'notified'" in t.get_text() for t in ax.texts)
    assert len(ax.collections) >= 4  # two scatters, two bands

    small = ds.filter(containers=["482915730016452", "573310982264117"])
    prior_only = gi.calibrate(small, project_seen_by(small, seed=1, **TRUTH))
    ax = plot_calibration(prior_only)  # Dutch by default
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "niet gemeten: aanname (prior)" in texts
    assert [line.get_linestyle() for line in ax.lines][:2] == ["-", "--"]
