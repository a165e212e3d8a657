from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

import groepsinzicht as gi
from groepsinzicht.errors import ParameterError, ParameterTypeError


def _qa(asked: datetime, answered: datetime) -> gi.Dataset:
    return gi.Dataset.from_frames(
        posts=pl.DataFrame({"container_id": ["g"], "post_id": ["p"], "author_id": ["r"],
                            "created_at": [asked], "message": ["Waar kan ik dat melden?"]}),
        comments=pl.DataFrame({"container_id": ["g"], "comment_id": ["c"], "post_id": ["p"],
                               "author_id": ["gem"], "created_at": [answered]}),
        kind="group")


@pytest.mark.parametrize(("asked", "answered", "office"), [
    # Friday 20:00 CEST to Monday 10:00: one office hour.
    (datetime(2024, 5, 3, 18, tzinfo=UTC), datetime(2024, 5, 6, 8, tzinfo=UTC), 60.0),
    # Inside one working day.
    (datetime(2024, 5, 6, 8, tzinfo=UTC), datetime(2024, 5, 6, 9, 30, tzinfo=UTC), 90.0),
    # Saturday to Sunday: no office time at all.
    (datetime(2024, 5, 4, 8, tzinfo=UTC), datetime(2024, 5, 5, 20, tzinfo=UTC), 0.0),
    # Tuesday 16:00 to Thursday 10:00 local: 60 + 480 + 60 minutes.
    (datetime(2024, 5, 7, 14, tzinfo=UTC), datetime(2024, 5, 9, 8, tzinfo=UTC), 600.0),
    # Winter time: Monday 8:00 to 9:30 CET is 30 office minutes.
    (datetime(2024, 1, 8, 7, tzinfo=UTC), datetime(2024, 1, 8, 8, 30, tzinfo=UTC), 30.0),
])
def test_office_response_minutes(asked, answered, office):
    got = gi.question_responses(_qa(asked, answered), org_ids=["gem"])
    assert got.get_column("office_response_minutes").to_list() == [office]


def test_office_hours_custom_and_off():
    ds = _qa(datetime(2024, 5, 4, 8, tzinfo=UTC), datetime(2024, 5, 4, 10, tzinfo=UTC))
    weekend = gi.question_responses(ds, org_ids=["gem"], office_hours=((5, 6), 8, 20))
    assert weekend.get_column("office_response_minutes").to_list() == [120.0]
    off = gi.question_responses(ds, org_ids=["gem"], office_hours=None)
    assert off.get_column("office_response_minutes").to_list() == [None]
    conv = gi.conversation(ds, org_ids=["gem"], office_hours=None)
    assert conv.get_column("answered_24h_office").to_list() == [None]
    utc = gi.question_responses(ds, org_ids=["gem"], tz="UTC", office_hours=((5,), 9, 10))
    assert utc.get_column("office_response_minutes").to_list() == [60.0]


def test_answered_24h_office_counts_office_time_only():
    # Friday 16:00 to Tuesday 10:00 local: 90 hours, but 1 + 8 + 1 office hours.
    ds = _qa(datetime(2024, 5, 3, 14, tzinfo=UTC), datetime(2024, 5, 7, 8, tzinfo=UTC))
    row = gi.conversation(ds, org_ids=["gem"]).row(0, named=True)
    assert (row["answered_24h"], row["answered_24h_office"]) == (0.0, 1.0)


@pytest.mark.parametrize(("hours", "error"), [
    (((0, 1), 17, 9), ParameterError),
    (((7,), 9, 17), ParameterError),
    (((), 9, 17), ParameterError),
    (((0,), 9, 25), ParameterError),
    ((0, 9, 17), ParameterTypeError),
    ("9-17", ParameterTypeError),
    (((0,), 9.5, 17), ParameterTypeError),
])
def test_bad_office_hours(hours, error):
    ds = _qa(datetime(2024, 5, 3, 14, tzinfo=UTC), datetime(2024, 5, 7, 8, tzinfo=UTC))
    with pytest.raises(error, match="office_hours: expected"):
        gi.question_responses(ds, office_hours=hours)
    with pytest.raises(error):
        gi.conversation(ds, office_hours=hours)


# ----------------------------------------------------------------------- per container
def test_per_container_heatmap_sums_to_the_whole(sample_ds):
    whole = gi.posting_heatmap(sample_ds)
    per = gi.posting_heatmap(sample_ds, per_container=True)
    assert per.columns == ["container_id", *whole.columns]
    assert per.height == 168 * sample_ds.containers.height
    summed = per.group_by("weekday", "hour").agg(pl.col("posts").sum()).sort("weekday", "hour")
    assert summed.get_column("posts").to_list() == whole.get_column("posts").to_list()
    one = sample_ds.containers.get_column("container_id")[1]
    alone = gi.posting_heatmap(sample_ds.filter(containers=[one]))
    mine = per.filter(pl.col("container_id") == one).drop("container_id")
    assert mine.equals(alone)


def test_per_container_formats(sample_ds):
    per = gi.content_performance(sample_ds, per_container=True)
    assert per.columns[:2] == ["container_id", "format"]
    assert per.get_column("posts").sum() == sample_ds.posts.height
    one = sample_ds.containers.get_column("container_id")[0]
    alone = gi.content_performance(sample_ds.filter(containers=[one]))
    assert per.filter(pl.col("container_id") == one).drop("container_id").equals(alone)


def test_per_container_themes(sample_ds):
    whole = gi.theme_coverage(sample_ds)
    per = gi.theme_coverage(sample_ds, per_container=True)
    assert per.columns == ["container_id", *whole.columns]
    summed = (per.group_by("period_start", "theme").agg(pl.col("posts").sum())
              .join(whole, on=["period_start", "theme"]))
    assert summed.filter(pl.col("posts") != pl.col("posts_right")).height == 0
    assert per.height == whole.height * sample_ds.containers.height
