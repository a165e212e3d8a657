from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import groepsinzicht as gi
from groepsinzicht.dataset import TABLE_NAMES
from groepsinzicht.errors import DataQualityWarning, FormatError, SchemaError
from groepsinzicht.schema import SCHEMA_VERSION, TABLES

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def small() -> gi.Dataset:
    posts = pl.DataFrame({
        "container_id": ["g1", "g1", "p1"],
        "post_id": ["g1_1", "g1_2", "p1_1"],
        "author_id": ["m1", None, "org"],
        "created_at": [T0, T0 + timedelta(days=40), T0 + timedelta(days=5)],
        "reported_comments": [5, None, 1],
        "reported_reactions": [1, None, None],
    })
    comments = pl.DataFrame({
        "container_id": ["g1", "g1", "g1"],
        "comment_id": ["c1", "c2", "c3"],
        "post_id": ["g1_1", "g1_1", "elsewhere"],
        "parent_id": [None, "c1", None],
        "author_id": ["m2", "m1", "m3"],
        "created_at": [T0 + timedelta(hours=1), T0 + timedelta(hours=2), T0 + timedelta(days=3)],
    })
    reactions = pl.DataFrame({
        "container_id": ["g1", "g1", "g1"],
        "target_id": ["g1_1", "g1_1", "c1"],
        "target_kind": ["post", "post", "comment"],
        "actor_id": ["m2", "m3", None],
        "reaction_type": ["love", "like", "haha"],
    })
    members = pl.DataFrame({
        "container_id": ["g1", "g1"], "member_id": ["m1", "m2"], "name": ["An", None],
        "role": ["admin", None], "joined_at": [T0 - timedelta(days=9), T0],
    })
    containers = pl.DataFrame({"container_id": ["g1", "p1"], "kind": ["group", "page"],
                               "name": ["Wijk", "Gemeente"]})
    return gi.Dataset.from_frames(posts=posts, comments=comments, reactions=reactions,
                                  members=members, containers=containers)


def test_every_table_present_with_schema():
    ds = gi.Dataset.from_frames()
    for name in TABLE_NAMES:
        assert ds.table(name).schema == TABLES[name].schema
        assert ds.table(name).height == 0
    assert repr(ds) == ("<Dataset: 0 containers, 0 posts, 0 comments, 0 reactions, "
                        "0 members, no posts>")


def test_members_derived_from_authors_and_actors():
    ds = small()
    got = ds.members.sort("container_id", "member_id").select(
        "container_id", "member_id", "role").rows()
    assert got == [("g1", "m1", "admin"), ("g1", "m2", "unknown"), ("g1", "m3", "unknown"),
                   ("p1", "org", "unknown")]


def test_reaction_counts_from_rows_and_stated_take_max():
    ds = small()
    rc = ds.reaction_counts.select("target_id", "reaction_type", "count").rows()
    assert sorted(rc) == [("c1", "haha", 1), ("g1_1", "like", 1), ("g1_1", "love", 1)]
    stated = pl.DataFrame({"container_id": ["g1", "g1"], "target_id": ["g1_1", "g1_2"],
                           "target_kind": ["post", "post"], "reaction_type": ["love", "wow"],
                           "count": [7, 0]})
    ds2 = gi.Dataset.from_frames(posts=ds.posts, reactions=ds.reactions,
                                 reaction_counts=stated, containers=ds.containers)
    rc2 = {(r[0], r[1]): r[2] for r in
           ds2.reaction_counts.select("target_id", "reaction_type", "count").rows()}
    assert rc2[("g1_1", "love")] == 7  # stated above observed
    assert rc2[("g1_1", "like")] == 1  # observed only
    assert ("g1_2", "wow") not in rc2  # no zero rows


def test_containers_derived_from_kind_or_audience():
    posts = pl.DataFrame({"container_id": ["x"], "post_id": ["1"], "created_at": [T0]})
    assert gi.Dataset.from_frames(posts=posts, kind="page").containers.row(0) == (
        "x", "page", None, None, False)
    aud = pl.DataFrame({"container_id": ["x"], "at": [T0], "size": [10],
                        "metric": ["followers"]})
    assert gi.Dataset.from_frames(posts=posts, audience=aud).containers.row(0)[1] == "page"
    with pytest.warns(DataQualityWarning, match="taken as 'group'"):
        ds = gi.Dataset.from_frames(posts=posts)
    assert ds.containers.row(0)[1] == "group"


def test_duplicate_keys_rejected():
    posts = pl.DataFrame({"container_id": ["g", "g"], "post_id": ["1", "1"],
                          "created_at": [T0, T0]})
    with pytest.raises(SchemaError, match=re.escape("posts: column 'container_id, post_id', row 1")):
        gi.Dataset.from_frames(posts=posts, kind="group")


def test_write_load_round_trip(tmp_path):
    ds = small()
    folder = ds.write(tmp_path / "out")
    meta = json.loads((folder / "dataset.json").read_text())
    assert meta["schema_version"] == SCHEMA_VERSION == 2
    assert meta["tables"]["posts"] == 3
    back = gi.load(folder)
    assert back == ds
    for name in TABLE_NAMES:
        assert_frame_equal(back.table(name), ds.table(name))


def test_canonical_folder_missing_table(tmp_path):
    folder = small().write(tmp_path / "out")
    (folder / "comments.parquet").unlink()
    with pytest.raises(FormatError, match=re.escape("comments.parquet: file: expected the comments table")):
        gi.load(folder)


def test_canonical_folder_newer_schema(tmp_path):
    folder = small().write(tmp_path / "out")
    meta = json.loads((folder / "dataset.json").read_text())
    meta["schema_version"] = 99
    (folder / "dataset.json").write_text(json.dumps(meta))
    with pytest.raises(FormatError, match=re.escape("$.schema_version: expected an integer <= 2, got 99")):
        gi.load(folder)


def test_merge_with_itself_changes_nothing():
    ds = small()
    assert ds.merge(ds) == ds


def test_merge_last_wins_and_coalesces():
    ds = small()
    newer = ds.posts.filter(pl.col("post_id") == "g1_1").with_columns(
        pl.lit(99).cast(pl.Int64).alias("reported_comments"))
    other = gi.Dataset.from_frames(
        posts=newer,
        members=pl.DataFrame({"container_id": ["g1"], "member_id": ["m1"], "name": [None],
                              "role": ["unknown"], "is_organization": [True]}),
        containers=pl.DataFrame({"container_id": ["g1"], "kind": ["group"]}),
    )
    merged = ds.merge(other)
    post = merged.posts.filter(pl.col("post_id") == "g1_1").row(0, named=True)
    assert post["reported_comments"] == 99
    m1 = merged.members.filter(pl.col("member_id") == "m1").row(0, named=True)
    assert (m1["name"], m1["role"], m1["is_organization"]) == ("An", "admin", True)
    assert merged.containers.filter(pl.col("container_id") == "g1").row(0)[2] == "Wijk"
    assert merged.posts.height == ds.posts.height


def test_merge_anonymous_reactions_kept_per_source():
    ds = small()
    anon = pl.DataFrame({"container_id": ["g1"] * 2, "target_id": ["c1"] * 2,
                         "target_kind": ["comment"] * 2, "actor_id": [None, None],
                         "reaction_type": ["haha", "haha"]})
    other = gi.Dataset.from_frames(reactions=anon, kind="group")
    merged = ds.merge(other)
    c1 = merged.reactions.filter(pl.col("target_id") == "c1")
    assert c1.height == 2  # other's anonymous rows replace ours for that target
    assert merged.reaction_counts.filter(pl.col("target_id") == "c1").row(0)[-1] == 2


def _random_ds(n_posts: int, n_comments: int, seed: int) -> gi.Dataset:
    import random

    rnd = random.Random(seed)
    posts = pl.DataFrame({
        "container_id": ["g"] * n_posts,
        "post_id": [f"p{i}" for i in range(n_posts)],
        "author_id": [rnd.choice(["a", "b", None]) for _ in range(n_posts)],
        "created_at": [T0 + timedelta(hours=rnd.randint(0, 900)) for _ in range(n_posts)],
    }, schema_overrides={"author_id": pl.String})
    comments = pl.DataFrame({
        "container_id": ["g"] * n_comments,
        "comment_id": [f"c{i}" for i in range(n_comments)],
        "post_id": [f"p{rnd.randrange(max(n_posts, 1))}" for _ in range(n_comments)],
        "author_id": [rnd.choice(["a", "b", "c"]) for _ in range(n_comments)],
        "created_at": [T0 + timedelta(hours=rnd.randint(0, 900)) for _ in range(n_comments)],
    })
    reactions = pl.DataFrame({
        "container_id": ["g"] * n_comments,
        "target_id": comments.get_column("comment_id"),
        "target_kind": ["comment"] * n_comments,
        "actor_id": [rnd.choice(["a", "b", None]) for _ in range(n_comments)],
        "reaction_type": [rnd.choice(["like", "sad"]) for _ in range(n_comments)],
    }, schema_overrides={"actor_id": pl.String})
    return gi.Dataset.from_frames(posts=posts, comments=comments, reactions=reactions,
                                  kind="group")


@given(st.integers(0, 8), st.integers(0, 12), st.integers(0, 10_000), st.integers(0, 10_000))
def test_merge_idempotent_and_absorbing(n_posts, n_comments, s1, s2):
    a = _random_ds(n_posts, n_comments, s1)
    b = _random_ds(n_posts, n_comments, s2)
    assert a.merge(a) == a
    ab = a.merge(b)
    assert ab.merge(b) == ab
    assert ab.merge(ab) == ab


def test_filter_keeps_threads_and_orphans():
    ds = small()
    jan = ds.filter(since=T0, until=T0 + timedelta(days=31))
    assert sorted(jan.posts.get_column("post_id").to_list()) == ["g1_1", "p1_1"]
    assert sorted(jan.comments.get_column("comment_id").to_list()) == ["c1", "c2", "c3"]
    later = ds.filter(since=T0 + timedelta(days=31))
    assert later.comments.height == 0  # c3 (orphan) is dated in January
    assert later.reactions.height == 0
    only_page = ds.filter(containers=["p1"])
    assert only_page.containers.height == 1
    assert only_page.members.get_column("member_id").to_list() == ["org"]


def test_with_organization():
    ds = small().with_organization(["org", "m1"])
    rows = dict(ds.members.select("member_id", "role").rows())
    assert rows["org"] == "organization"
    assert rows["m1"] == "admin"  # a stated role stays
    assert ds.members.filter(pl.col("member_id").is_in(["org", "m1"])).get_column(
        "is_organization").all()


def test_summary_and_completeness():
    ds = small()
    s = ds.summary()
    row = s.tables.filter(pl.col("container_id") == "g1").row(0, named=True)
    assert (row["posts"], row["comments"], row["orphan_comments"]) == (2, 3, 1)
    comp = ds.completeness().filter(pl.col("container_id") == "g1").row(0, named=True)
    assert comp["reported_comments"] == 5 and comp["observed_comments"] == 2
    assert comp["comments_ratio"] == pytest.approx(0.4)
    assert comp["observed_reactions"] == 2 and comp["reported_reactions"] == 2
    text = s.to_text()
    assert "Period: 2024-01-01 00:00 UTC – 2024-02-10 00:00 UTC" in text
    assert "Rejected rows: none" in text
    assert "<h4>Per container</h4>" in s._repr_html_()
    assert "An" not in repr(ds)  # no names in the one-line repr


def test_repr_one_line():
    assert repr(small()) == (
        "<Dataset: 2 containers, 3 posts, 3 comments, 3 reactions, 4 members, "
        "2024-01-01 – 2024-02-10>")
    assert "<table" in small()._repr_html_()


def test_filter_accepts_other_time_zones():
    from zoneinfo import ZoneInfo

    ds = small()
    ams = ZoneInfo("Europe/Amsterdam")
    # 2024-01-01 01:00 in Amsterdam is 00:00 UTC: g1_1 (at 00:00 UTC) is included.
    got = ds.filter(since=datetime(2024, 1, 1, 1, tzinfo=ams),
                    until=datetime(2024, 1, 2, tzinfo=ams))
    assert got.posts.get_column("post_id").to_list() == ["g1_1"]
