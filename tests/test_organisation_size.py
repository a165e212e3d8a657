"""Who the organisation is and what a group's size is (issue 10; DESIGN.md rules)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import groepsinzicht as gi
from groepsinzicht._measures._size import size_at
from groepsinzicht.dataset import organization_known, size_sources
from groepsinzicht.dialogue import conversation, open_questions, question_responses
from groepsinzicht.errors import DataQualityWarning
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


def test_frozen_version_1_folder_scans_like_it_loads():
    lazy = gi.scan(V1)
    assert lazy.schema_version == 1
    assert lazy.collect() == gi.load(V1)
    assert _flags(lazy.collect())["g_full"] == (True, "member_list")
    assert lazy.container("g_full").containers.get_column("member_list").to_list() == [True]


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


@pytest.mark.parametrize(("fmt", "listed"), [
    ("graph_api", False), ("facebook_scraper", False), ("crowdtangle", False),
    ("content_library", False), ("business_suite", True), ("insights", True),
])
def test_every_page_format_marks_the_page_and_owner_exports_list_it(
        fmt: str, listed: bool, tmp_path: Path):
    import importlib

    from groepsinzicht.synth import ORG_ID, generate

    ds = generate(seed=3, scale=0.05)
    writer = getattr(importlib.import_module(f"groepsinzicht.synth._write_{fmt}"),
                     f"write_{fmt}")
    writer(ds, tmp_path)
    back = gi.load(tmp_path)
    assert back.org_ids == ((ORG_ID,) if listed else ())
    page = back.members.filter(pl.col("container_id") == ORG_ID).filter(
        pl.col("member_id") == ORG_ID).row(0, named=True)
    assert (page["is_organization"], page["role"]) == (True, "organization")
    # No export format holds a complete member list.
    assert not back.containers.get_column("member_list").any()
    groups = back.containers.filter(pl.col("kind") == "group").get_column("container_id")
    in_groups = back.members.filter(pl.col("container_id").is_in(groups.implode()))
    # A researcher's export: the page posting in a group is no organisation there
    # (nobody named it); owner exports hold no groups.
    in_page_rows = in_groups.filter(pl.col("member_id") == ORG_ID)
    assert not in_page_rows.get_column("is_organization").any()
    if fmt == "graph_api":
        assert in_page_rows.height > 0  # the synthetic page does post in its groups


# --------------------------------------------------------------------------- the organisation in analyses


def _feed(page: str, *, with_comment: bool = True) -> dict[str, object]:
    """A Graph API group feed: a resident's question the page answers, the page's own."""
    answer = {"data": [{"id": "777_1_9", "created_time": "2026-01-01T10:30:00+0000",
                        "message": "Volgende week", "from": {"id": page, "name": "p"}}]}
    return {"data": [
        {"id": "777_1", "created_time": "2026-01-01T10:00:00+0000",
         "message": "Wanneer gaat het park open?",
         "permalink_url": "https://www.facebook.com/groups/777/posts/1",
         "from": {"id": "resident", "name": "r"},
         **({"comments": answer} if with_comment else {})},
        {"id": "777_2", "created_time": "2026-01-02T10:00:00+0000",
         "message": "Wat vindt u van het nieuwe plan?",
         "permalink_url": "https://www.facebook.com/groups/777/posts/2",
         "from": {"id": page, "name": "p"}},
    ]}


def _group_and_page(fixtures_dir: Path, tmp_path: Path) -> tuple[gi.Dataset, gi.Dataset]:
    page_dir = fixtures_dir / "meta_business_suite_csv_nl"
    page = gi.load(page_dir).org_ids[0]
    (tmp_path / "feed.json").write_text(json.dumps(_feed(page)))
    return gi.load(tmp_path / "feed.json"), gi.load([tmp_path / "feed.json", page_dir])


def test_real_page_exports_list_none_of_their_own_posts_as_open(fixtures_dir: Path):
    for path in (fixtures_dir / "meta_business_suite_csv_nl",
                 fixtures_dir / "crowdtangle_csv"
                 / "2021-07-05-22-49-20-BRT-search-csv-export.csv"):
        ds = gi.load(path)
        assert ds.posts.height > 0
        assert open_questions(ds).height == 0
        assert question_responses(ds).height == 0
    # The Dutch page asks its followers questions: none of them is a resident's.
    bs = gi.load(fixtures_dir / "meta_business_suite_csv_nl")
    assert bs.posts.get_column("message").str.starts_with("Hoe ").any()
    assert conversation(bs).select("questions", "unanswered").row(0) == (0, None)


def test_group_with_its_page_export_answers_the_residents_question(
        fixtures_dir: Path, tmp_path: Path):
    _, both = _group_and_page(fixtures_dir, tmp_path)
    q = question_responses(both)
    # Only the resident's question: the page's own question is not a resident's.
    assert q.select("post_id", "answer_id", "response_minutes", "organization_known").rows(
    ) == [("777_1", "777_1_9", 30.0, True)]
    assert open_questions(both).height == 0
    row = conversation(both).filter(pl.col("container_id") == "777").row(0, named=True)
    assert (row["questions"], row["answered_1h"], row["unanswered"]) == (1, 1.0, 0.0)
    assert row["org_dialogue_ratio"] is None  # nobody commented on the page's post


def test_group_without_a_known_organisation(fixtures_dir: Path, tmp_path: Path):
    alone, _ = _group_and_page(fixtures_dir, tmp_path)
    with pytest.warns(DataQualityWarning) as rec:
        conv = conversation(alone)
    assert len(rec) == 1
    text = str(rec[0].message)
    assert "'777'" in text and "org_ids=" in text and "with_organization" in text
    assert "org_names=" in text
    row = conv.row(0, named=True)
    assert row["questions"] == 2  # who asks cannot be told: both count, as before
    assert row["share_member_exchange"] == 0.0
    for col in ("org_dialogue_ratio", "org_response_minutes_median", "answered_1h",
                "answered_24h", "unanswered"):
        assert row[col] is None, col
    with pytest.warns(DataQualityWarning, match="question_responses"):
        q = question_responses(alone)
    assert q.height == 2
    assert not q.get_column("organization_known").any()
    assert q.select("answer_id", "answered_at", "response_minutes").null_count().row(0) == (
        2, 2, 2)
    with pytest.warns(DataQualityWarning, match="open_questions"):
        assert open_questions(alone).height == 0
    # Naming the organisation in the call, or on the Dataset, makes it known.
    page = alone.posts.filter(pl.col("post_id") == "777_2").get_column("author_id")[0]
    assert open_questions(alone, org_ids=[page]).height == 0
    assert conversation(alone.with_organization([page])).row(0, named=True)[
        "unanswered"] == 0.0


def test_unanswered_question_of_an_unknown_organisation_is_not_open(tmp_path: Path):
    (tmp_path / "feed.json").write_text(json.dumps(_feed("page", with_comment=False)))
    ds = gi.load(tmp_path / "feed.json")
    with pytest.warns(DataQualityWarning):
        assert open_questions(ds).height == 0
    named = gi.load(tmp_path / "feed.json", org_ids=["page"])
    assert open_questions(named).get_column("post_id").to_list() == ["777_1"]


# --------------------------------------------------------------------------- sizes in analyses


@pytest.mark.parametrize(("n", "member_post", "page_post"), [
    # eligible, expected notified (q = 0.10; h = 0.15 from 250 members on)
    (249, (248, 248 * 0.9), (249, 249 * 0.9)),
    (250, (249, 249 * 0.9 * 0.15), (250, 250 * 0.9 * 0.15)),
    (251, (250, 250 * 0.9 * 0.15), (251, 251 * 0.9 * 0.15)),
])
def test_eligible_by_hand_with_a_non_member_page_post(
        n: int, member_post: tuple[int, float], page_post: tuple[int, float]):
    members = pl.DataFrame({
        "container_id": "g", "member_id": [f"m{i}" for i in range(n)],
        "joined_at": [T0 + timedelta(hours=i) for i in range(n)],
    })
    at = T0 + timedelta(hours=n + 1)
    posts = pl.DataFrame({"container_id": "g", "post_id": ["by_member", "by_page"],
                          "author_id": ["m0", "gemeente_page"], "created_at": [at, at]})
    comments = pl.DataFrame({"container_id": "g", "comment_id": ["c"],
                             "post_id": "by_page", "author_id": ["left_the_group"],
                             "created_at": [at]})
    ds = gi.Dataset.from_frames(members=members, posts=posts, comments=comments,
                                kind="group")
    assert _flags(ds)["g"][1] == "member_list"
    r = gi.notification_reach(ds, gi.NotificationModel())
    got = {p: (e, x) for p, _, e, x in r.select(
        "post_id", "members_at_post", "eligible", "expected_notified").rows()}
    assert r.get_column("members_at_post").to_list() == [n, n]
    assert got["by_member"][0] == member_post[0]
    assert got["by_member"][1] == pytest.approx(member_post[1])
    assert got["by_page"][0] == page_post[0]
    assert got["by_page"][1] == pytest.approx(page_post[1])
    assert gi.timeline(ds, every="1d").get_column("members").drop_nulls()[-1] == n


def test_personal_export_has_no_size_anywhere(fixtures_dir: Path):
    ds = gi.load(fixtures_dir / "dyi_json_2021_flat_anonymized")
    model = gi.NotificationModel()
    r = gi.notification_reach(ds, model)
    assert r.height >= 1
    for col in ("members_at_post", "eligible", "regime", "expected_notified", "low", "high"):
        assert r.get_column(col).null_count() == r.height, col
    cmp = gi.compare_reach(ds, ds, model)
    assert cmp.summary.get_column("audience").null_count() == cmp.summary.height
    assert cmp.summary.get_column("reach_per_post_median").null_count() == \
        cmp.summary.height
    assert cmp.per_post.get_column("reach").null_count() == cmp.per_post.height
    assert "size unknown" in repr(cmp)
    assert "≈0.0" not in repr(cmp)
    assert gi.timeline(ds, every="1mo").get_column("members").null_count() > 0
    assert gi.timeline(ds, every="1mo").get_column("members").drop_nulls().len() == 0


def test_estimated_page_reach_has_no_interactions_per_100_reached(fixtures_dir: Path):
    ds = gi.load(fixtures_dir / "crowdtangle_csv"
                 / "2021-07-05-22-49-20-BRT-search-csv-export.csv")
    cmp = gi.compare_reach(ds, ds, gi.NotificationModel())
    assert set(cmp.per_post.get_column("reach_source").to_list()) == {"estimated"}
    assert cmp.per_post.get_column("interactions_per_100_reached").null_count() == 10
    assert cmp.summary.get_column("interactions_per_100_reached").null_count() == 10
    assert set(cmp.summary.get_column("reach_source").to_list()) == {"estimated"}
    assert "(estimated)" in repr(cmp)
    assert "pages per 100 observed reach (null where estimated)" in repr(cmp)


def test_pseudonymize_carries_the_organisation_list():
    ds = _group().with_organization(["page", "absent"], names=["Gemeente Test"])
    anon = gi.pseudonymize(ds, key=b"0123456789abcdef-secret", keep_organization=False)
    assert anon.org_names == ()
    assert len(anon.org_ids) == 2
    assert not set(anon.org_ids) & {"page", "absent"}
    page = anon.posts.filter(pl.col("post_id") == "g_2").get_column("author_id")[0]
    assert page in anon.org_ids
    kept = gi.pseudonymize(ds, key=b"0123456789abcdef-secret")
    assert "page" in kept.org_ids


def test_org_ids_of_a_call_may_be_a_generator(tmp_path: Path):
    (tmp_path / "feed.json").write_text(json.dumps(_feed("page")))
    ds = gi.load(tmp_path / "feed.json")
    got = question_responses(ds, org_ids=(i for i in ["page"]))
    assert got.select("answer_id", "organization_known").rows() == [("777_1_9", True)]


@given(
    joins=st.lists(st.integers(0, 60), min_size=1, max_size=40),
    posts=st.lists(st.tuples(st.integers(0, 70), st.booleans()), min_size=1, max_size=10),
)
def test_size_counts_listed_joins_whatever_the_inferred_rows(
        joins: list[int], posts: list[tuple[int, bool]]):
    members = pl.DataFrame({
        "container_id": "g", "member_id": [f"m{i}" for i in range(len(joins))],
        "joined_at": [T0 + timedelta(days=d) for d in joins],
    })
    frame = pl.DataFrame({
        "container_id": "g", "post_id": [f"p{i}" for i in range(len(posts))],
        # Outsiders (not on the member list, no join date) post too.
        "author_id": ["m0" if member else f"outsider{i}" for i, (_, member) in
                      enumerate(posts)],
        "created_at": [T0 + timedelta(days=d, hours=12) for d, _ in posts],
    })
    ds = gi.Dataset.from_frames(members=members, posts=frame, kind="group")
    got = size_at(ds, ds.posts.select("container_id", "post_id", "created_at"))
    want = {f"p{i}": sum(j <= d for j in joins) for i, (d, _) in enumerate(posts)}
    assert dict(got.select("post_id", "size").iter_rows()) == want


def test_organisation_accounts_must_be_ids_or_names(tmp_path: Path):
    from groepsinzicht.errors import ParameterError, ParameterTypeError

    folder = _group().write(tmp_path / "f")
    with pytest.raises(ParameterError, match="org_names: expected a list of account names"):
        gi.load(folder, org_names=[None])  # type: ignore[list-item]
    with pytest.raises(ParameterError, match="org_ids: expected"):
        gi.load(folder, org_ids=[1.5])  # type: ignore[list-item]
    with pytest.raises(ParameterTypeError, match="ids: expected"):
        _group().with_organization([None])  # type: ignore[list-item]
    assert gi.load(folder, org_ids=[123]).org_ids == ("123",)


def test_summary_text_says_what_is_unknown(fixtures_dir: Path):
    text = gi.load(fixtures_dir / "dyi_json_2021_flat_anonymized").summary().to_text()
    assert "Organisation unknown for 3 container(s)" in text
    assert "Size unknown for 3 container(s)" in text
    html = gi.load(fixtures_dir / "dyi_json_2021_flat_anonymized").summary()._repr_html_()
    assert "Organisation unknown for 3 container(s)" in html
    sample = gi.load_sample().summary().to_text()
    assert "unknown for" not in sample
