from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal, assert_series_equal

import groepsinzicht as gi
from groepsinzicht.engagement import (
    FORMAT,
    PARTICIPATION,
    content_performance,
    member_activity,
    participation_inequality,
    post_engagement,
    posting_heatmap,
    timeline,
)
from groepsinzicht.schema import MEMBER_ROLE, POST_TYPE

AMS = ZoneInfo("Europe/Amsterdam")


def u(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2024) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def hand() -> gi.Dataset:
    """A group counted from join dates (g) and a page sized by its audience (pg)."""
    members = pl.DataFrame({
        "container_id": ["g"] * 5 + ["pg", "pg"],
        "member_id": ["o", "a", "b", "c", "d", "page", "s"],
        "role": ["organization", "member", "member", "member", "member", "admin", None],
        "is_organization": [True, False, False, False, False, True, False],
        "joined_at": [None, u(1, 1), u(3, 1), u(5, 2), u(1, 15), None, None],
    })
    posts = pl.DataFrame({
        "container_id": ["g", "g", "g", "pg", "pg", "pg"],
        "post_id": ["p1", "p2", "p3", "q1", "q2", "q3"],
        "author_id": ["o", "a", None, "page", "page", "page"],
        "created_at": [u(5, 1, 10), u(5, 3, 12), u(5, 4, 8), u(5, 5, 8), u(5, 15, 8, 30),
                       u(5, 25, 8)],
        "post_type": ["photo", "status", "link", "video", "link", "link"],
        "link_url": [None, None, None, None, "https://m.youtube.com/watch?v=1",
                     "https://www.gemeente.nl/nieuws"],
        "link_domain": [None, None, "youtube.com", None, None, None],
        "reported_reactions": [10, None, None, 100, 20, 0],
        "reported_comments": [1, None, 4, 10, None, None],
        "reported_shares": [2, None, None, 5, None, None],
        "views": [None, None, None, 3000, None, None],
        "reach": [50, None, None, 2000, None, 0],
    })
    comments = pl.DataFrame({
        "container_id": "g",
        "comment_id": ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"],
        "post_id": ["p1", "p1", "p1", "p2", "p2", "p2", "p3", "p3"],
        "parent_id": [None, None, "c2", None, "c4", "c5", None, "gone"],
        "author_id": ["o", "a", "b", None, "a", "b", "a", "b"],
        "created_at": [u(5, 1, 10, 5), u(5, 1, 10, 20), u(5, 1, 10, 30), u(5, 3, 12, 45),
                       u(5, 3, 13), u(5, 3, 13, 10), u(5, 4, 9), u(5, 4, 9, 30)],
    })
    reactions = pl.DataFrame({
        "container_id": "g",
        "target_id": ["p1", "p1", "p1", "c2", "p2"],
        "target_kind": ["post", "post", "post", "comment", "post"],
        "actor_id": ["a", "b", "o", "c", "b"],
        "reaction_type": ["like", "love", "like", "like", "like"],
        "created_at": [u(5, 1, 10, 10), None, u(5, 1, 10, 11), u(5, 1, 10, 40),
                       u(5, 3, 12, 10)],
    })
    # Stated per-type totals without rows (an aggregate export).
    reaction_counts = pl.DataFrame({
        "container_id": "g", "target_id": ["p3"], "target_kind": "post",
        "reaction_type": "wow", "count": [2],
    })
    audience = pl.DataFrame({
        "container_id": "pg",
        "at": [u(5, 10), u(5, 20), u(5, 1)],
        "size": [1000, 1100, 900],
        "metric": ["followers", "followers", "page_likes"],
    })
    containers = pl.DataFrame({"container_id": ["g", "pg"], "kind": ["group", "page"]})
    return gi.Dataset.from_frames(
        containers=containers, audience=audience, members=members, posts=posts,
        comments=comments, reactions=reactions, reaction_counts=reaction_counts,
    )


@pytest.fixture(scope="module")
def ds() -> gi.Dataset:
    return hand()


# ----------------------------------------------------------------------- post_engagement
def test_post_engagement_every_column(ds):
    got = post_engagement(ds)
    expected = pl.DataFrame(
        {
            "container_id": ["g", "g", "g", "pg", "pg", "pg"],
            "post_id": ["p1", "p2", "p3", "q1", "q2", "q3"],
            "author_id": ["o", "a", None, "page", "page", "page"],
            "is_organization": [True, False, False, True, True, True],
            "created_at": [u(5, 1, 10), u(5, 3, 12), u(5, 4, 8), u(5, 5, 8),
                           u(5, 15, 8, 30), u(5, 25, 8)],
            "post_type": ["photo", "status", "link", "video", "link", "link"],
            # p1: reported 10 beats 3 observed; p2: 1 observed, none reported;
            # p3: 2 stated in reaction_counts without rows.
            "reactions": [10, 1, 2, 100, 20, 0],
            # p1: 3 observed beat 1 reported; p3: 4 reported beat 2 observed.
            "comments": [3, 3, 4, 10, 0, 0],
            "shares": [2, 0, 0, 5, 0, 0],
            "interactions": [15, 4, 6, 115, 20, 0],
            "views": [None, None, None, 3000, None, None],
            "reach": [50, None, None, 2000, None, 0],
            # g by join dates of non-organisation members; pg by followers (the page
            # likes series is ignored), q1 before the first value: the earliest after.
            "audience_at_post": [3, 4, 4, 1000, 1000, 1100],
            "engagement_rate_audience": [5.0, 1.0, 1.5, 0.115, 0.02, 0.0],
            "engagement_rate_reach": [0.3, None, None, 0.0575, None, None],
            # p1: a, b (comments and reactions) and c (reacted to a comment), not o;
            # p2: only b (a is the author, the hidden commenter is unknown);
            # p3: a and b.
            "unique_participants": [3, 1, 2, 0, 0, 0],
            # p1: the author's own c1 skipped; p2: the hidden c4 counts;
            # p3: hidden author, so the first comment.
            "first_response_minutes": [20.0, 45.0, 60.0, None, None, None],
            # p2: c4 <- c5 <- c6; p3: c8's parent is missing (a broken thread, taken
            # as top-level): depth 1.
            "thread_depth": [2, 3, 1, 0, 0, 0],
            "overperforming_score": [None] * 6,
        },
        schema_overrides={
            "created_at": pl.Datetime("us", "UTC"),
            "post_type": POST_TYPE,
            "audience_at_post": pl.Int64,
            "overperforming_score": pl.Float64,
        },
    )
    assert_frame_equal(got, expected)


def test_post_engagement_counts_never_null(ds):
    got = post_engagement(ds)
    for col in ["reactions", "comments", "shares", "interactions", "unique_participants",
                "thread_depth"]:
        assert got.get_column(col).null_count() == 0, col


def test_post_engagement_does_not_touch_the_dataset(ds):
    before = ds.posts.clone()
    post_engagement(ds)
    assert_frame_equal(ds.posts, before)


def test_audience_unknown_without_any_size():
    ds = gi.Dataset.from_frames(
        posts=pl.DataFrame({"container_id": "x", "post_id": "1", "created_at": u(5, 1),
                            "reported_reactions": 4}),
        kind="page")
    row = post_engagement(ds).row(0, named=True)
    assert row["audience_at_post"] is None
    assert row["engagement_rate_audience"] is None
    assert row["interactions"] == 4


def test_audience_at_or_before_wins_over_later_value():
    ds = gi.Dataset.from_frames(
        posts=pl.DataFrame({"container_id": "grp", "post_id": ["1", "2"],
                            "created_at": [u(5, 10), u(5, 10, 0, 1)]}),
        audience=pl.DataFrame({"container_id": "grp", "at": [u(5, 1), u(5, 10, 0, 1)],
                               "size": [240, 260], "metric": "members"}),
        kind="group")
    # A member without a join date: the group is sized from its audience series.
    assert post_engagement(ds).get_column("audience_at_post").to_list() == [240, 260]


def test_first_response_only_the_author_answered():
    ds = gi.Dataset.from_frames(
        posts=pl.DataFrame({"container_id": "g", "post_id": "p", "author_id": "a",
                            "created_at": u(5, 1)}),
        comments=pl.DataFrame({"container_id": "g", "comment_id": ["c1", "c2"],
                               "post_id": "p", "parent_id": [None, "c1"],
                               "author_id": "a",
                               "created_at": [u(5, 1, 1), u(5, 1, 2)]}),
        kind="group")
    row = post_engagement(ds).row(0, named=True)
    assert row["first_response_minutes"] is None
    assert row["thread_depth"] == 2
    assert row["unique_participants"] == 0


def test_depth_survives_a_parent_cycle():
    # Malformed data: c1 and c2 reply to each other. Depth stops, the rest is counted.
    ds = gi.Dataset.from_frames(
        posts=pl.DataFrame({"container_id": "g", "post_id": "p", "author_id": "a",
                            "created_at": u(5, 1)}),
        comments=pl.DataFrame({"container_id": "g", "comment_id": ["c1", "c2", "c3"],
                               "post_id": "p", "parent_id": ["c2", "c1", None],
                               "author_id": ["b", "c", "b"],
                               "created_at": [u(5, 1, 1), u(5, 1, 2), u(5, 1, 3)]}),
        kind="group")
    row = post_engagement(ds).row(0, named=True)
    assert (row["thread_depth"], row["comments"], row["unique_participants"]) == (1, 3, 2)
    assert row["first_response_minutes"] == 60.0


def test_bad_tz_is_rejected(ds):
    with pytest.raises(ValueError, match=re.escape(
            "tz: expected an IANA time zone such as 'Europe/Amsterdam', got 'Mars/Olympus'")):
        post_engagement(ds, tz="Mars/Olympus")


# ----------------------------------------------------------------------- overperforming
def _photo_posts(values: list[int], *, container: str = "op") -> pl.DataFrame:
    times = [u(1, 1) + timedelta(days=i) for i in range(len(values))]
    return pl.DataFrame({
        "container_id": container,
        "post_id": [f"p{i:03}" for i in range(len(values))],
        "created_at": times,
        "post_type": "photo",
        "reported_reactions": values,
    })


def test_overperforming_score_by_hand():
    photos = _photo_posts([5, 1, 9, 3, 7, 2, 8, 4, 6, 10, 12, 0, 30, 3])
    # p010 and p011 share a time: the id decides that p010 comes first.
    photos = photos.with_columns(
        pl.when(pl.col("post_id") == "p011").then(u(1, 11)).otherwise(pl.col("created_at"))
        .alias("created_at"))
    # Status posts in between, with huge totals, do not count for photos.
    status = pl.DataFrame({"container_id": "op", "post_id": ["s1", "s2", "s3"],
                           "created_at": [u(1, 3, 5), u(1, 11, 5), u(1, 13, 5)],
                           "post_type": "status", "reported_reactions": 1000})
    ds = gi.Dataset.from_frames(posts=pl.concat([photos, status], how="vertical_relaxed"),
                                kind="page")
    got = post_engagement(ds).filter(pl.col("post_type") == "photo")
    assert got.get_column("post_id").to_list()[10:12] == ["p010", "p011"]
    scores = got.get_column("overperforming_score").to_list()
    assert scores[:10] == [None] * 10
    # p010: previous 10 sorted 1..10, drop 2 each end -> mean(3..8) = 5.5.
    assert scores[10] == pytest.approx(12 / 5.5)
    # p011: previous 11 (..., 12), drop 2 -> mean(3..9) = 6; actual 0 -> -2 * 6.
    assert scores[11] == -12.0
    # p012: previous 12 (..., 0), drop 3 -> mean(3..8) = 5.5; 30 / 5.5.
    assert scores[12] == pytest.approx(30 / 5.5)
    # p013: previous 13 (..., 30), drop 3 -> mean(3..9) = 6; 3 < 6 -> -6 / 3.
    assert scores[13] == -2.0
    assert got.height == 14


def test_overperforming_uses_only_the_previous_hundred():
    ds = gi.Dataset.from_frames(posts=_photo_posts(list(range(105))), kind="page")
    last = post_engagement(ds).get_column("overperforming_score")[-1]
    # previous 100 are 4..103: drop 25 each end -> mean(29..78) = 53.5
    # (all 104 earlier posts would give mean(26..77) = 51.5).
    assert last == pytest.approx(104 / 53.5)


def test_overperforming_null_when_expected_is_zero():
    ds = gi.Dataset.from_frames(posts=_photo_posts([0] * 10 + [5]), kind="page")
    assert post_engagement(ds).get_column("overperforming_score").null_count() == 11


def test_overperforming_per_container():
    both = pl.concat([_photo_posts([4] * 6, container="x"),
                      _photo_posts([4] * 6, container="y")])
    ds = gi.Dataset.from_frames(posts=both, kind="page")
    # 11 earlier photos across containers but fewer than 10 in each: no score.
    assert post_engagement(ds).get_column("overperforming_score").null_count() == 12


# ----------------------------------------------------------------------- member_activity
def test_member_activity_every_column(ds):
    got = member_activity(ds)
    expected = pl.DataFrame(
        {
            "container_id": ["g"] * 5 + ["pg", "pg"],
            "member_id": ["a", "b", "c", "d", "o", "page", "s"],
            "role": ["member"] * 4 + ["organization", "admin", "unknown"],
            "is_organization": [False, False, False, False, True, True, False],
            "posts": [1, 0, 0, 0, 1, 3, 0],
            "comments": [3, 3, 0, 0, 1, 0, 0],
            # b: c3 and c6 (c8's parent is missing: a broken thread, a comment).
            "replies": [1, 2, 0, 0, 0, 0, 0],
            "reactions_given": [1, 2, 1, 0, 1, 0, 0],
            # a: p2's 3 comments + replies c3 (to c2) and c6 (to c5);
            # o: p1's 3 comments (its own c1 among them); page: 10 reported.
            "comments_received": [5, 0, 0, 0, 3, 10, 0],
            # a: p2's like + c's like on c2; o: p1's reported 10.
            "reactions_received": [2, 0, 0, 0, 10, 120, 0],
            "first_seen": [u(5, 1, 10, 10), u(5, 1, 10, 30), u(5, 1, 10, 40), None,
                           u(5, 1, 10), u(5, 5, 8), None],
            "last_seen": [u(5, 4, 9), u(5, 4, 9, 30), u(5, 1, 10, 40), None,
                          u(5, 1, 10, 11), u(5, 25, 8), None],
            # b's love on p1 has no time: it does not make a day.
            "active_days": [3, 3, 1, 0, 1, 3, 0],
            "participation": ["creator", "contributor", "contributor", "lurker", "creator",
                              "creator", "lurker"],
        },
        schema_overrides={
            "role": MEMBER_ROLE,
            "first_seen": pl.Datetime("us", "UTC"),
            "last_seen": pl.Datetime("us", "UTC"),
            "participation": PARTICIPATION,
        },
    )
    assert_frame_equal(got, expected)


def test_active_days_follow_local_midnight():
    # 21:30 and 22:30 UTC on 1 May are 23:30 and 00:30 in Amsterdam: two days there.
    ds = gi.Dataset.from_frames(
        posts=pl.DataFrame({"container_id": "g", "post_id": ["1", "2"], "author_id": "a",
                            "created_at": [u(5, 1, 21, 30), u(5, 1, 22, 30)]}),
        kind="group")
    assert member_activity(ds).get_column("active_days").to_list() == [2]
    assert member_activity(ds, tz="UTC").get_column("active_days").to_list() == [1]


# ----------------------------------------------------------------------- timeline
def dst() -> gi.Dataset:
    """Activity around the spring change (31 March 2024: 02:00 CET -> 03:00 CEST)."""
    members = pl.DataFrame({
        "container_id": "t",
        "member_id": ["m1", "m2", "m3", "o"],
        "is_organization": [False, False, False, True],
        # m2 joins at 23:30 on 31 March local, m3 at 00:30 on 1 April local.
        "joined_at": [u(3, 1), u(3, 31, 21, 30), u(3, 31, 22, 30), None],
    })
    posts = pl.DataFrame({
        "container_id": "t",
        "post_id": ["t1", "t2", "t3"],
        "author_id": ["m1", "o", "m2"],
        # 00:30 CET on 31 March, 23:59 CEST on 31 March, 00:30 CEST on 1 April.
        "created_at": [u(3, 30, 23, 30), u(3, 31, 21, 59), u(3, 31, 22, 30)],
        "reported_comments": [3, None, None],
        "reported_shares": [1, None, None],
    })
    comments = pl.DataFrame({
        "container_id": "t",
        "comment_id": ["k1", "k2"],
        "post_id": ["t1", "zz"],  # k2: a post the export lacks
        "author_id": ["m2", "m3"],
        "created_at": [u(4, 1, 10), u(4, 1, 11)],
    })
    reactions = pl.DataFrame({
        "container_id": "t",
        "target_id": ["t1", "t2", "k1"],
        "target_kind": ["post", "post", "comment"],
        "actor_id": ["m3", "m1", "o"],
        "reaction_type": "like",
        "created_at": [None, u(4, 2, 8), None],
    })
    return gi.Dataset.from_frames(members=members, posts=posts, comments=comments,
                                  reactions=reactions, kind="group")


def _local(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=AMS)


def test_timeline_daily_across_dst():
    got = timeline(dst(), every="1d")
    expected = pl.DataFrame(
        {
            "container_id": ["t"] * 3,
            "period_start": [_local(2024, 3, 31), _local(2024, 4, 1), _local(2024, 4, 2)],
            "posts": [2, 1, 0],
            # t1: 2 reported comments without rows at the post's time, k1 by its own.
            "comments": [2, 1, 0],
            # t1's untimed like at the post's time; t2's like on 2 April.
            "reactions": [1, 0, 1],
            "shares": [1, 0, 0],
            "interactions": [6, 0, 0],
            # 31 March: m1, o (authors), m3 (t1's like), o (k1's untimed like);
            # 1 April: m2 (t3, k1); 2 April: m1.
            "active_members": [3, 1, 1],
            "new_members": [1, 1, 0],
            "members": [2, 3, 3],
        },
        schema_overrides={"period_start": pl.Datetime("us", "Europe/Amsterdam")},
    )
    assert_frame_equal(got, expected)
    # The 31st is a 23-hour local day: 23:00 UTC on the 30th to 22:00 UTC on the 31st.
    utc = got.get_column("period_start").dt.convert_time_zone("UTC").to_list()
    assert utc == [u(3, 30, 23), u(3, 31, 22), u(4, 1, 22)]


def test_timeline_weekly_starts_monday_local():
    got = timeline(dst(), every="1w")
    expected = pl.DataFrame(
        {
            "container_id": ["t", "t"],
            "period_start": [_local(2024, 3, 25), _local(2024, 4, 1)],
            "posts": [2, 1],
            "comments": [2, 1],
            "reactions": [1, 1],
            "shares": [1, 0],
            "interactions": [6, 0],
            "active_members": [3, 2],
            "new_members": [1, 1],
            "members": [2, 3],
        },
        schema_overrides={"period_start": pl.Datetime("us", "Europe/Amsterdam")},
    )
    assert_frame_equal(got, expected)


def test_timeline_members_from_audience(ds):
    got = timeline(ds, every="1mo").filter(pl.col("container_id") == "pg")
    # One month (May): size at its last instant is the latest followers value.
    assert got.select("period_start", "posts", "members").rows() == [
        (_local(2024, 5, 1), 3, 1100)]


@pytest.mark.parametrize("every", ["", "fortnight", "-1w"])
def test_timeline_bad_every(ds, every):
    with pytest.raises(ValueError, match=re.escape("every: expected a ")):
        timeline(ds, every=every)


# ----------------------------------------------------------------------- heat map
def test_posting_heatmap(ds):
    got = posting_heatmap(ds)
    assert got.height == 168
    assert got.columns == ["weekday", "hour", "posts", "median"]
    assert got.get_column("weekday").to_list()[:25] == [1] * 24 + [2]
    busy = got.filter(pl.col("posts") > 0)
    # CEST: p1 Wed 12:00, p2 Fri 14:00, p3 and q3 Sat 10:00, q1 Sun 10:00, q2 Wed 10:30.
    expected = pl.DataFrame(
        {"weekday": [3, 3, 5, 6, 7], "hour": [10, 12, 14, 10, 10],
         "posts": [1, 1, 1, 2, 1], "median": [20.0, 15.0, 4.0, 3.0, 115.0]},
        schema_overrides={"weekday": pl.Int8, "hour": pl.Int8},
    )
    assert_frame_equal(busy, expected)
    assert got.get_column("median").null_count() == 168 - 5
    assert got.get_column("posts").sum() == 6


def test_posting_heatmap_metric_and_tz(ds):
    got = posting_heatmap(ds, tz="UTC", metric="comments").filter(pl.col("posts") > 0)
    assert got.rows() == [(3, 8, 1, 0.0), (3, 10, 1, 3.0), (5, 12, 1, 3.0),
                          (6, 8, 2, 2.0), (7, 8, 1, 10.0)]


def test_posting_heatmap_bad_metric(ds):
    with pytest.raises(ValueError, match=re.escape("metric: expected one of ['interactions'")):
        posting_heatmap(ds, metric="likes")  # type: ignore[arg-type]


# ----------------------------------------------------------------------- formats
def test_content_performance(ds):
    got = content_performance(ds)
    expected = pl.DataFrame(
        {
            "format": ["status", "photo", "video", "external_video", "link"],
            "posts": [1, 1, 1, 2, 1],
            "interactions_median": [4.0, 15.0, 115.0, 13.0, 0.0],
            "interactions_mean": [4.0, 15.0, 115.0, 13.0, 0.0],
            # per reach where known (p1, q1), else per audience (p3: 1.5, q2: 0.02).
            "engagement_rate_median": [1.0, 0.3, 0.0575, 0.76, 0.0],
        },
        schema_overrides={"format": FORMAT},
    )
    assert_frame_equal(got, expected)


def test_content_performance_by_post_type(ds):
    got = content_performance(ds, by="post_type")
    assert got.get_column("post_type").cast(pl.String).to_list() == [
        "status", "photo", "video", "link"]
    assert got.filter(pl.col("post_type") == "link").row(0)[1:3] == (3, 6.0)


@pytest.mark.parametrize(("url", "domain", "fmt"), [
    ("https://youtu.be/abc", None, "external_video"),
    ("HTTPS://WWW.YOUTUBE.COM/watch?v=1", None, "external_video"),
    ("https://player.vimeo.com/video/1", None, "external_video"),
    (None, "vimeo.com", "external_video"),
    ("https://notyoutube.com/x", None, "link"),
    ("https://www.voorbeeldstad.nl/youtube.com", None, "link"),
    (None, None, "link"),
])
def test_external_video_domains(url, domain, fmt):
    ds = gi.Dataset.from_frames(posts=pl.DataFrame(
        {"container_id": "p", "post_id": "1", "post_type": "link", "link_url": [url],
         "link_domain": [domain], "created_at": u(5, 1)},
        schema_overrides={"link_url": pl.String, "link_domain": pl.String}), kind="page")
    assert content_performance(ds).get_column("format").to_list() == [fmt]


def test_content_performance_bad_by(ds):
    with pytest.raises(ValueError, match=re.escape("by: expected one of ['format', ")):
        content_performance(ds, by="theme")  # type: ignore[arg-type]


# ----------------------------------------------------------------------- 90-9-1
def test_participation_inequality(ds):
    got = participation_inequality(ds)
    expected = pl.DataFrame({
        "container_id": ["g", "pg"],
        "members": [5, 2],
        # g contributions sorted: 0, 1, 3, 5, 5 (total 14):
        # 2 * (0 + 2 + 9 + 20 + 25) / (5 * 14) - 6 / 5 = 0.4.
        "gini": [0.4, 0.5],
        "top1_share": [5 / 14, 1.0],
        "top10_share": [5 / 14, 1.0],
        "creators": [0.4, 0.5],
        "contributors": [0.4, 0.0],
        "lurkers": [0.2, 0.5],
    })
    assert_frame_equal(got, expected)


def test_participation_top_shares_round_up():
    # 11 members with 1..11 posts: top 1% is ceil(0.11) = 1 member, top 10% ceil(1.1) = 2.
    n = 11
    posts = pl.DataFrame({
        "container_id": "g",
        "post_id": [f"{m}-{k}" for m in range(1, n + 1) for k in range(m)],
        "author_id": [f"m{m}" for m in range(1, n + 1) for _ in range(m)],
        "created_at": u(5, 1),
    })
    ds = gi.Dataset.from_frames(posts=posts, kind="group")
    row = participation_inequality(ds).row(0, named=True)
    assert row["members"] == n
    assert row["top1_share"] == pytest.approx(11 / 66)
    assert row["top10_share"] == pytest.approx(21 / 66)
    assert row["creators"] == 1.0


def test_participation_nobody_contributed():
    ds = gi.Dataset.from_frames(
        members=pl.DataFrame({"container_id": "g", "member_id": ["a", "b"]}), kind="group")
    row = participation_inequality(ds).row(0, named=True)
    assert (row["gini"], row["top1_share"], row["lurkers"]) == (None, None, 1.0)


# ----------------------------------------------------------------------- empty dataset
def test_empty_dataset_gives_empty_frames():
    empty = gi.Dataset.from_frames()
    assert post_engagement(empty).height == 0
    assert member_activity(empty).height == 0
    assert timeline(empty).height == 0
    assert posting_heatmap(empty).get_column("posts").sum() == 0
    assert content_performance(empty).height == 0
    assert participation_inequality(empty).height == 0


def test_public_names_exported():
    for name in ["post_engagement", "member_activity", "timeline", "posting_heatmap",
                 "content_performance", "participation_inequality"]:
        assert name in gi.__all__
        assert getattr(gi, name) is getattr(gi.engagement, name)


# ----------------------------------------------------------------------- properties
@st.composite
def datasets(draw: st.DrawFn) -> gi.Dataset:
    members = [f"m{i}" for i in range(draw(st.integers(1, 6)))]
    who = st.one_of(st.none(), st.sampled_from(members))
    minutes = st.integers(0, 60 * 24 * 40)
    t0 = u(3, 20)
    n_posts = draw(st.integers(0, 8))
    post_times = [t0 + timedelta(minutes=draw(minutes)) for _ in range(n_posts)]
    posts = pl.DataFrame({
        "container_id": "g",
        "post_id": [f"p{i}" for i in range(n_posts)],
        "author_id": [draw(who) for _ in range(n_posts)],
        "created_at": post_times,
        "post_type": [draw(st.sampled_from(["photo", "status", "link"]))
                      for _ in range(n_posts)],
        "reported_reactions": [draw(st.one_of(st.none(), st.integers(0, 20)))
                               for _ in range(n_posts)],
        "reported_comments": [draw(st.one_of(st.none(), st.integers(0, 20)))
                              for _ in range(n_posts)],
        "reported_shares": [draw(st.one_of(st.none(), st.integers(0, 5)))
                            for _ in range(n_posts)],
        "reach": [draw(st.one_of(st.none(), st.integers(0, 50))) for _ in range(n_posts)],
    }, schema_overrides={"author_id": pl.String, "reported_reactions": pl.Int64,
                         "reported_comments": pl.Int64, "reported_shares": pl.Int64,
                         "reach": pl.Int64, "created_at": pl.Datetime("us", "UTC")})
    comments: list[dict[str, object]] = []
    if n_posts:
        for i in range(draw(st.integers(0, 10))):
            post = draw(st.integers(0, n_posts - 1))
            same = [c["comment_id"] for c in comments if c["post_id"] == f"p{post}"]
            parent = draw(st.one_of(st.none(), st.sampled_from(same))) if same else None
            comments.append({
                "container_id": "g", "comment_id": f"c{i}", "post_id": f"p{post}",
                "parent_id": parent, "author_id": draw(who),
                "created_at": post_times[post] + timedelta(minutes=draw(minutes)),
            })
    targets = [("post", f"p{i}") for i in range(n_posts)] + [
        ("comment", str(c["comment_id"])) for c in comments]
    reactions: list[dict[str, object]] = []
    if targets:
        for actor in members:
            for kind, target in draw(st.lists(st.sampled_from(targets), max_size=3,
                                              unique=True)):
                reactions.append({
                    "container_id": "g", "target_id": target, "target_kind": kind,
                    "actor_id": actor, "reaction_type": "like",
                    "created_at": draw(st.one_of(
                        st.none(), st.just(t0 + timedelta(minutes=draw(minutes))))),
                })
    joined = [draw(st.one_of(st.none(), st.just(t0 + timedelta(minutes=draw(minutes)))))
              for _ in members]
    return gi.Dataset.from_frames(
        posts=posts,
        comments=pl.DataFrame(comments, schema={
            "container_id": pl.String, "comment_id": pl.String, "post_id": pl.String,
            "parent_id": pl.String, "author_id": pl.String,
            "created_at": pl.Datetime("us", "UTC")}),
        reactions=pl.DataFrame(reactions, schema={
            "container_id": pl.String, "target_id": pl.String, "target_kind": pl.String,
            "actor_id": pl.String, "reaction_type": pl.String,
            "created_at": pl.Datetime("us", "UTC")}),
        members=pl.DataFrame({"container_id": "g", "member_id": members,
                              "joined_at": joined},
                             schema_overrides={"joined_at": pl.Datetime("us", "UTC")}),
        audience=pl.DataFrame({"container_id": "g", "at": [t0], "size": [draw(
            st.integers(0, 300))], "metric": "members"}),
        kind="group",
    )


@given(datasets(), st.sampled_from(["1d", "1w", "1mo"]))
def test_timeline_sums_equal_totals(data, every):
    per_post = post_engagement(data)
    tl = timeline(data, every=every)
    for col in ["reactions", "comments", "shares", "interactions"]:
        assert tl.get_column(col).sum() == per_post.get_column(col).sum(), col
    assert tl.get_column("posts").sum() == per_post.height
    # Periods are consecutive and cover every post.
    assert tl.get_column("period_start").is_unique().all()
    assert tl.get_column("period_start").is_sorted()


@given(datasets())
def test_rates_and_counts_non_negative(data):
    pe = post_engagement(data)
    for col in ["reactions", "comments", "shares", "interactions", "unique_participants",
                "thread_depth", "engagement_rate_audience", "engagement_rate_reach",
                "first_response_minutes"]:
        assert (pe.get_column(col).drop_nulls() >= 0).all(), col
    assert (pe.get_column("thread_depth") > 0).to_list() == (
        pe.join(data.comments.group_by("post_id").len(), on="post_id", how="left")
        .get_column("len").is_not_null().to_list())
    ma = member_activity(data)
    counts = ["posts", "comments", "replies", "reactions_given", "comments_received",
              "reactions_received", "active_days"]
    for col in counts:
        assert (ma.get_column(col) >= 0).all(), col
    assert (ma.get_column("replies") <= ma.get_column("comments")).all()


@given(datasets())
def test_participation_classes_partition_members(data):
    ma = member_activity(data)
    assert ma.select("container_id", "member_id").is_unique().all()
    creator = ma.get_column("posts") > 0
    contributor = ~creator & ((ma.get_column("comments") + ma.get_column("reactions_given"))
                              > 0)
    expected = pl.Series("participation", ["lurker"] * ma.height, dtype=PARTICIPATION)
    expected = expected.zip_with(~contributor, pl.Series(["contributor"] * ma.height,
                                                         dtype=PARTICIPATION))
    expected = expected.zip_with(~creator, pl.Series(["creator"] * ma.height,
                                                     dtype=PARTICIPATION))
    assert_series_equal(ma.get_column("participation"), expected)
    pi = participation_inequality(data)
    if pi.height:
        row = pi.row(0, named=True)
        assert row["members"] == ma.height
        assert row["creators"] + row["contributors"] + row["lurkers"] == pytest.approx(1.0)
        if row["gini"] is not None:
            assert 0.0 <= row["gini"] <= 1.0
            assert row["top1_share"] <= row["top10_share"] <= 1.0


@given(datasets())
def test_heatmap_counts_every_post(data):
    hm = posting_heatmap(data)
    assert hm.height == 168
    assert hm.get_column("posts").sum() == data.posts.height


# ----------------------------------------------------------------------- synthetic data
@pytest.fixture(scope="module", params=[11, 12])
def synth(request: pytest.FixtureRequest) -> gi.Dataset:
    from groepsinzicht.synth import generate

    return generate(seed=request.param, scale=0.2)


def test_synth_timeline_sums_equal_totals_per_container(synth):
    totals = post_engagement(synth).group_by("container_id").agg(
        pl.len().cast(pl.Int64).alias("posts"),
        pl.col("reactions", "comments", "shares", "interactions").sum())
    for every in ("1w", "1mo"):
        sums = timeline(synth, every=every).group_by("container_id").agg(
            pl.col("posts", "reactions", "comments", "shares", "interactions").sum())
        assert_frame_equal(sums, totals, check_row_order=False, check_column_order=False)


def test_synth_weeks_start_monday_midnight_local(synth):
    starts = timeline(synth, every="1w").get_column("period_start")
    assert starts.dtype == pl.Datetime("us", "Europe/Amsterdam")
    assert (starts.dt.weekday() == 1).all()
    assert (starts.dt.hour() == 0).all()
    # Consecutive calendar weeks per container, no gaps (the DST week is 167 hours).
    gaps = timeline(synth, every="1w").select(
        pl.col("period_start").dt.date().diff().over("container_id").dt.total_days()
        .drop_nulls())
    assert set(gaps.to_series().to_list()) <= {7}


def test_synth_engagement_invariants(synth):
    pe = post_engagement(synth)
    assert pe.height == synth.posts.height
    assert pe.select("container_id", "post_id").is_unique().all()
    for col in ["engagement_rate_audience", "engagement_rate_reach",
                "first_response_minutes", "unique_participants"]:
        assert (pe.get_column(col).drop_nulls() >= 0).all(), col
    # Each component is at least what the export holds rows for.
    observed = synth.comments.group_by("container_id", "post_id").len()
    joined = pe.join(observed, on=["container_id", "post_id"], how="left")
    assert (joined.get_column("comments") >= joined.get_column("len").fill_null(0)).all()
    # A thread's depth is at least 1 exactly when the post has observed comments.
    assert ((joined.get_column("thread_depth") > 0)
            == joined.get_column("len").is_not_null()).all()
    # Scores: null or outside (-1, 1), never between.
    score = pe.get_column("overperforming_score").drop_nulls()
    assert ((score >= 1) | (score <= -1)).all()


def test_synth_participation_partitions_members(synth):
    ma = member_activity(synth)
    assert ma.select("container_id", "member_id").is_unique().all()
    assert ma.height >= synth.members.height
    per = ma.group_by("container_id").agg(pl.len().alias("n"),
                                          pl.col("participation").value_counts())
    pi = participation_inequality(synth)
    assert_series_equal(per.sort("container_id").get_column("n").cast(pl.Int64),
                        pi.get_column("members"), check_names=False)
    shares = pi.select(pl.sum_horizontal("creators", "contributors", "lurkers"))
    assert shares.to_series().to_list() == pytest.approx([1.0] * pi.height)
    # Lurkers did nothing; creators posted.
    lurk = ma.filter(pl.col("participation") == "lurker")
    assert lurk.select(pl.sum_horizontal("posts", "comments", "reactions_given")
                       .max()).item() in (0, None)
    assert (ma.filter(pl.col("participation") == "creator").get_column("posts") > 0).all()


def test_sample_smoke(sample_ds):
    assert content_performance(sample_ds).get_column("posts").sum() == sample_ds.posts.height
    assert posting_heatmap(sample_ds).get_column("posts").sum() == sample_ds.posts.height
    formats = content_performance(sample_ds).get_column("format").cast(pl.String)
    assert {"external_video", "link", "video"} <= set(formats.to_list())
