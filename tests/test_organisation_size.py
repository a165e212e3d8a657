"""Who the organisation is and what a group's size is (issue 10; DESIGN.md rules)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

import groepsinzicht as gi
from groepsinzicht._measures._size import size_at
from groepsinzicht.dataset import organization_known, size_sources
from groepsinzicht.schema import SCHEMA_VERSION

V1 = Path(__file__).parent / "data" / "canonical_v1"
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def _flags(ds: gi.Dataset) -> dict[str, tuple[bool, str]]:
    known = dict(organization_known(ds).iter_rows())
    source = dict(size_sources(ds).iter_rows())
    return {c: (known[c], source[c]) for c in known}


# --------------------------------------------------------------------------- schema


def test_schema_version_is_bumped():
    assert SCHEMA_VERSION == 2
    assert gi.schema.TABLES["members"].schema["listed"] == pl.Boolean
    assert "listed" in gi.schema.TABLES["members"].required
    assert gi.schema.TABLES["containers"].schema["member_list"] == pl.Boolean
    assert "member_list" in gi.schema.TABLES["containers"].required


def test_frozen_version_1_folder_reads_with_its_old_meaning(tmp_path):
    assert json.loads((V1 / "dataset.json").read_text())["schema_version"] == 1
    ds = gi.load(V1)
    assert ds.members.get_column("listed").all()  # every row of a v1 folder was listed
    member_list = dict(ds.containers.select("container_id", "member_list").iter_rows())
    # g_full: every non-organisation row has a join date; g_part: one has none.
    assert member_list == {"g_full": True, "g_part": False, "p1": False}
    assert _flags(ds) == {
        "g_full": (True, "member_list"),  # its organisation row is marked
        "g_part": (False, "audience"),
        "p1": (True, "audience"),
    }
    # The page's own account is its organisation, even in a v1 folder.
    p1 = ds.members.filter(pl.col("container_id") == "p1").row(0, named=True)
    assert p1["is_organization"]
    # Sizes as version 1 computed them: g_full counted from join dates.
    sizes = size_at(ds, ds.posts.select("container_id", "post_id", "created_at"))
    assert dict(sizes.select("post_id", "size").iter_rows()) == {
        "g_full_1": 3, "g_full_2": 4, "g_part_1": 40, "p1_1": 900}
    # Written again, it is a version-2 folder holding the same rows.
    again = gi.load(ds.write(tmp_path / "v2"))
    assert json.loads((tmp_path / "v2" / "dataset.json").read_text())["schema_version"] == 2
    assert again == ds


def test_frozen_folder_is_unchanged_by_reading(tmp_path):
    copy = shutil.copytree(V1, tmp_path / "v1")
    before = {p.name: p.read_bytes() for p in copy.iterdir()}
    gi.load(copy)
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == before


# --------------------------------------------------------------------------- from_frames


def _group(n_members: int = 3, **kw: object) -> gi.Dataset:
    members = pl.DataFrame({
        "container_id": ["g"] * n_members,
        "member_id": [f"m{i}" for i in range(n_members)],
        "joined_at": [T0 + timedelta(days=i) for i in range(n_members)],
    })
    posts = pl.DataFrame({
        "container_id": ["g", "g"], "post_id": ["g_1", "g_2"],
        "author_id": ["m0", "page"],
        "created_at": [T0 + timedelta(days=n_members + 1)] * 2,
    })
    comments = pl.DataFrame({
        "container_id": ["g"], "comment_id": ["c1"], "post_id": ["g_1"],
        "author_id": ["left-the-group"], "created_at": [T0 + timedelta(days=n_members + 2)],
    })
    return gi.Dataset.from_frames(members=members, posts=posts, comments=comments,
                                  kind="group", **kw)  # type: ignore[arg-type]


def test_caller_members_are_a_listed_complete_member_list():
    ds = _group()
    listed = dict(ds.members.select("member_id", "listed").iter_rows())
    assert listed == {"m0": True, "m1": True, "m2": True, "page": False,
                      "left-the-group": False}
    assert ds.containers.get_column("member_list").to_list() == [True]
    assert _flags(ds) == {"g": (False, "member_list")}


def test_a_non_member_author_does_not_wipe_out_the_size():
    ds = _group()
    sizes = size_at(ds, ds.posts.select("container_id", "created_at"))
    assert sizes.get_column("size").to_list() == [3, 3]


def test_member_list_false_switches_to_the_audience_or_unknown():
    ds = _group(member_list=False)
    assert _flags(ds) == {"g": (False, "unknown")}
    assert size_at(ds, ds.posts.select("container_id", "created_at")).get_column(
        "size").to_list() == [None, None]
    by_map = _group(member_list={"g": False})
    assert by_map.containers.get_column("member_list").to_list() == [False]


def test_containers_frame_may_state_member_list():
    containers = pl.DataFrame({"container_id": ["g"], "kind": ["group"],
                               "member_list": [False]})
    ds = _group(containers=containers)
    assert ds.containers.get_column("member_list").to_list() == [False]


def test_listed_row_without_join_date_switches_to_audience():
    ds = _group()
    members = ds.members.with_columns(
        pl.when(pl.col("member_id") == "m1").then(None).otherwise(pl.col("joined_at"))
        .alias("joined_at"))
    ds2 = gi.Dataset.from_frames(members=members, posts=ds.posts, kind="group")
    assert _flags(ds2)["g"][1] == "unknown"


def test_page_account_is_the_organisation_of_its_page_only():
    posts = pl.DataFrame({
        "container_id": ["p", "g"], "post_id": ["p_1", "g_1"], "author_id": ["p", "p"],
        "created_at": [T0, T0],
    })
    containers = pl.DataFrame({"container_id": ["p", "g"], "kind": ["page", "group"]})
    ds = gi.Dataset.from_frames(posts=posts, containers=containers)
    org = dict(ds.members.select("container_id", "is_organization").iter_rows())
    assert org == {"p": True, "g": False}
    role = ds.members.filter(pl.col("container_id") == "p").get_column("role")[0]
    assert role == "organization"
    assert ds.org_ids == ()
    assert _flags(ds) == {"p": (True, "unknown"), "g": (False, "unknown")}
    # On the organisation list, it is the organisation in the group too.
    listed = ds.with_organization(["p"])
    assert listed.members.get_column("is_organization").all()
    assert _flags(listed)["g"] == (True, "unknown")


def test_with_organization_remembers_ids_without_a_member_row():
    group = _group()
    later = gi.Dataset.from_frames(
        posts=pl.DataFrame({"container_id": ["g"], "post_id": ["g_9"],
                            "author_id": ["staff"], "created_at": [T0]}),
        kind="group")
    marked = group.with_organization(["staff"])
    assert marked.org_ids == ("staff",)
    assert not marked.members.get_column("is_organization").any()
    merged = marked.merge(later)
    staff = merged.members.filter(pl.col("member_id") == "staff").row(0, named=True)
    assert staff["is_organization"]
    assert staff["role"] == "organization"
    assert later.merge(marked).org_ids == ("staff",)


def test_merge_keeps_a_complete_member_list_when_either_side_has_one():
    full = _group()
    activity = gi.Dataset.from_frames(posts=full.posts, kind="group")
    assert activity.containers.get_column("member_list").to_list() == [False]
    for merged in (full.merge(activity), activity.merge(full)):
        assert merged.containers.get_column("member_list").to_list() == [True]
        assert dict(merged.members.select("member_id", "listed").iter_rows())["m1"]
        assert _flags(merged)["g"] == (False, "member_list")


def test_organisation_list_round_trips_through_the_folder(tmp_path):
    ds = _group().with_organization(["page", "absent"], names=["Gemeente Test"])
    back = gi.load(ds.write(tmp_path / "out"))
    assert back.org_ids == ("page", "absent")
    assert back.org_names == ("Gemeente Test",)
    assert back == ds
    assert back != _group()


def test_org_names_match_exactly_after_mojibake_repair(tmp_path):
    members = pl.DataFrame({"container_id": ["g", "g"], "member_id": ["a", "b"],
                            "name": ["Gemeente Één", "Gemeente Eén"],
                            "joined_at": [T0, T0]})
    folder = gi.Dataset.from_frames(members=members, kind="group").write(tmp_path / "f")
    mojibake = "Gemeente Één".encode().decode("latin-1")
    ds = gi.load(folder, org_names=[mojibake])
    assert ds.org_names == ("Gemeente Één",)
    org = dict(ds.members.select("member_id", "is_organization").iter_rows())
    assert org == {"a": True, "b": False}
    assert gi.load(folder, org_names="Gemeente").members.get_column(
        "is_organization").sum() == 0  # exact match only


def test_summary_columns():
    tables = _group().summary().tables
    assert tables.columns[-2:] == ["organization_known", "size_source"]
    assert tables.schema["organization_known"] == pl.Boolean
    assert tables.schema["size_source"] == pl.Enum(["member_list", "audience", "unknown"])
    assert tables.row(0, named=True)["size_source"] == "member_list"


# --------------------------------------------------------------------------- real exports


def test_real_business_suite_page_is_on_the_organisation_list(fixtures_dir: Path):
    ds = gi.load(fixtures_dir / "meta_business_suite_csv_nl")
    page = ds.containers.get_column("container_id")[0]
    assert ds.org_ids == (page,)
    row = ds.members.row(0, named=True)
    assert (row["member_id"], row["is_organization"], row["role"]) == (
        page, True, "organization")
    assert _flags(ds) == {page: (True, "unknown")}  # no follower count in the export


def test_real_crowdtangle_pages_are_each_their_own_organisation(fixtures_dir: Path):
    ds = gi.load(fixtures_dir / "crowdtangle_csv"
                 / "2021-07-05-22-49-20-BRT-search-csv-export.csv")
    assert ds.org_ids == ()  # a researcher's list: nobody on the organisation list
    pages = ds.members.filter(pl.col("member_id") == pl.col("container_id"))
    assert pages.height == ds.containers.height == 10
    assert pages.get_column("is_organization").all()
    assert set(_flags(ds).values()) == {(True, "audience")}


def test_real_dyi_export_has_no_member_list(fixtures_dir: Path):
    ds = gi.load(fixtures_dir / "dyi_json_2021_flat_anonymized")
    assert not ds.containers.get_column("member_list").any()
    assert ds.members.filter(pl.col("listed")).height == 3  # the owner, per group
    assert set(_flags(ds).values()) == {(False, "unknown")}


def test_group_feed_and_page_export_loaded_together(fixtures_dir: Path, tmp_path: Path):
    page_ds = gi.load(fixtures_dir / "meta_business_suite_csv_nl")
    page = page_ds.org_ids[0]
    feed = {"data": [{
        "id": f"777_{i}", "created_time": f"2026-01-0{i}T10:00:00+0000",
        "message": "Hallo", "permalink_url": f"https://www.facebook.com/groups/777/posts/{i}",
        "from": {"id": author, "name": "x"},
    } for i, author in ((1, page), (2, "resident"))]}
    (tmp_path / "feed.json").write_text(json.dumps(feed))
    ds = gi.load([tmp_path / "feed.json", fixtures_dir / "meta_business_suite_csv_nl"])
    in_group = ds.members.filter(pl.col("container_id") == "777")
    org = dict(in_group.select("member_id", "is_organization").iter_rows())
    assert org == {page: True, "resident": False}
    assert _flags(ds)["777"] == (True, "unknown")
    # The same through merge, in either order.
    group_ds = gi.load(tmp_path / "feed.json")
    assert _flags(group_ds)["777"] == (False, "unknown")
    for merged in (group_ds.merge(page_ds), page_ds.merge(group_ds)):
        assert merged.members.filter(
            (pl.col("container_id") == "777") & (pl.col("member_id") == page)
        ).get_column("is_organization").to_list() == [True]


@pytest.mark.parametrize("fmt", ["business_suite", "insights"])
def test_owner_exports_put_their_page_on_the_list(fmt: str, tmp_path: Path):
    from groepsinzicht.synth import ORG_ID, generate
    from groepsinzicht.synth._write_business_suite import write_business_suite
    from groepsinzicht.synth._write_insights import write_insights

    ds = generate(seed=3, scale=0.05)
    writer = write_business_suite if fmt == "business_suite" else write_insights
    writer(ds, tmp_path)
    assert gi.load(tmp_path).org_ids == (ORG_ID,)
