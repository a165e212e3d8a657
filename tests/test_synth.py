from __future__ import annotations

import re
from datetime import date, datetime

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import groepsinzicht as gi
from groepsinzicht import schema
from groepsinzicht._measures._size import size_at
from groepsinzicht.dataset import TABLE_NAMES
from groepsinzicht.errors import ConfigError
from groepsinzicht.sample import SAMPLE_ORG_ID
from groepsinzicht.synth import DEFAULT_GROUPS, ORG_ID, THEMES, GroupSpec, SynthConfig, generate
from groepsinzicht.synth._cli import main

PROJECT = DEFAULT_GROUPS[0].group_id
NEIGHBOURHOOD = DEFAULT_GROUPS[1].group_id
GROUPS = [g.group_id for g in DEFAULT_GROUPS]


@pytest.fixture(scope="module")
def ds() -> gi.Dataset:
    return generate()


def org_ids(ds: gi.Dataset) -> list[str]:
    return ds.members.filter(pl.col("is_organization")).get_column("member_id").unique().to_list()


def depths(comments: pl.DataFrame) -> pl.DataFrame:
    """Depth of every comment (1 = top-level), by following parents level by level."""
    key = ["container_id", "comment_id"]
    parents = comments.select("container_id", pl.col("comment_id").alias("parent_id"),
                              pl.col("parent_id").alias("up"))
    cur = comments.select(*key, "parent_id").with_columns(depth=pl.lit(1))
    for _ in range(100):
        if cur.get_column("parent_id").null_count() == cur.height:
            break
        cur = (
            cur.join(parents, on=["container_id", "parent_id"], how="left")
            .with_columns(
                depth=pl.col("depth") + pl.col("parent_id").is_not_null().cast(pl.Int32),
                parent_id=pl.col("up"),
            )
            .drop("up")
        )
    return cur.select(*key, "depth")


# --------------------------------------------------------------------------- contract


def test_org_id_is_the_sample_org_id():
    assert ORG_ID == SAMPLE_ORG_ID == "100000000000001"


def test_same_seed_same_dataset_different_seed_different():
    a = generate(seed=5, scale=0.2)
    assert a == generate(seed=5, scale=0.2)
    assert a == generate(SynthConfig(seed=5, scale=0.2))
    assert a != generate(seed=6, scale=0.2)


def test_overrides_are_validated():
    with pytest.raises(ConfigError, match=re.escape("Extra inputs are not permitted")):
        generate(scael=2)
    with pytest.raises(ConfigError, match=re.escape("Input should be greater than 0")):
        generate(scale=0)


def test_config_is_frozen_and_checked():
    cfg = SynthConfig()
    with pytest.raises(ConfigError, match=re.escape("Instance is frozen")):
        cfg.seed = 3  # type: ignore[misc]
    with pytest.raises(ConfigError, match=re.escape("members_end must be at least")):
        GroupSpec(group_id="123456789", name="x", members_start=10, members_end=5,
                  posts_per_month=1)
    with pytest.raises(ConfigError, match=re.escape("unknown themes ['sport']")):
        GroupSpec(group_id="123456789", name="x", members_start=10, members_end=20,
                  posts_per_month=1, themes={"sport": 1.0})
    with pytest.raises(ConfigError, match=re.escape("group ids must be distinct")):
        SynthConfig(groups=(DEFAULT_GROUPS[0], DEFAULT_GROUPS[0]))
    with pytest.raises(ConfigError, match=re.escape("answer_within_hour + answer_within_day")):
        SynthConfig(answer_within_hour=0.7, answer_within_day=0.5)


def test_provenance_holds_the_config(ds: gi.Dataset):
    (prov,) = ds.provenance
    assert prov["source"] == "groepsinzicht.synth"
    assert SynthConfig.model_validate(prov["config"]) == SynthConfig()


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_every_table_follows_the_schema(ds: gi.Dataset, table: str):
    frame = ds.table(table)
    assert_frame_equal(schema.validate(table, frame), frame)
    schema.check_unique(table, frame)


def test_every_table_is_filled(ds: gi.Dataset):
    empty = [name for name in TABLE_NAMES if name != "rejected" and ds.table(name).height == 0]
    assert empty == []


# --------------------------------------------------------------------------- sample


def test_bundled_sample_is_the_generator_output():
    sample = gi.load_sample()
    cfg = SynthConfig.model_validate(sample.provenance[0]["config"])
    assert sample == generate(cfg)
    # The sample is made with the defaults, so the docs' "generate()" is the sample.
    assert sample == generate()


def test_bundled_sample_is_rich_enough():
    sample = gi.load_sample()  # filterwarnings=error: loading warns about nothing
    assert sample.posts.height >= 300
    assert sample.comments.height >= 2000
    assert sample.rejected.height == 0


def test_main_writes_a_canonical_folder(tmp_path):
    assert main(["--out", str(tmp_path), "--seed", "3", "--scale", "0.1", "--quiet"]) == 0
    assert gi.load(tmp_path) == generate(seed=3, scale=0.1)


# --------------------------------------------------------------------------- realism


def test_containers(ds: gi.Dataset):
    c = ds.containers.sort("container_id")
    assert c.get_column("container_id").to_list() == sorted([ORG_ID, *GROUPS])
    kinds = dict(zip(c.get_column("container_id"), c.get_column("kind").cast(str),
                     strict=True))
    assert kinds[ORG_ID] == "page"
    assert all(kinds[g] == "group" for g in GROUPS)
    names = c.get_column("name").to_list()
    assert "Gemeente Voorbeeldstad" in names
    assert "Speeltuin Parkweg vernieuwd" in names


def test_neighbourhood_group_crosses_250_and_project_group_stays_below(ds: gi.Dataset):
    sizes = size_at(ds, ds.posts.select("container_id", "created_at")).group_by(
        "container_id").agg(pl.col("size").min().alias("lo"), pl.col("size").max().alias("hi"))
    by = {r["container_id"]: r for r in sizes.iter_rows(named=True)}
    assert by[NEIGHBOURHOOD]["lo"] < 250 <= by[NEIGHBOURHOOD]["hi"]
    assert by[PROJECT]["hi"] < 250


def test_group_audience_matches_join_dates(ds: gi.Dataset):
    aud = ds.audience.filter(pl.col("metric") == "members")
    assert set(aud.get_column("container_id")) == set(GROUPS)
    counted = size_at(ds, aud.select("container_id", pl.col("at").alias("created_at")))
    assert counted.get_column("size").to_list() == aud.get_column("size").to_list()
    # Weekly rows.
    gaps = aud.filter(pl.col("container_id") == NEIGHBOURHOOD).get_column("at").diff()
    assert gaps.drop_nulls().min() is not None
    assert gaps.drop_nulls().to_list()[0].days == 7


def test_page_audience(ds: gi.Dataset):
    page = ds.audience.filter(pl.col("container_id") == ORG_ID)
    followers = page.filter(pl.col("metric") == "followers").get_column("size")
    assert followers.len() > 20
    assert followers.min() > 1000  # type: ignore[operator]
    assert page.filter(pl.col("metric") == "page_likes").height > 0


def test_members_join_over_time_with_roles(ds: gi.Dataset):
    groups = ds.members.filter(pl.col("container_id").is_in(GROUPS))
    residents = groups.filter(~pl.col("is_organization"))
    assert residents.get_column("joined_at").null_count() == 0
    t0 = ds.audience.get_column("at").min()
    t1 = ds.audience.get_column("at").max()
    for gid in GROUPS:
        joined = residents.filter(pl.col("container_id") == gid).get_column("joined_at")
        assert (joined < t0).sum() >= 3  # founders
        assert (joined >= t0).sum() > 0  # newcomers during the period
        assert (joined < t1).all()
    roles = groups.group_by("role").len()
    assert set(roles.get_column("role").cast(str)) == {"admin", "moderator", "member",
                                                        "organization"}
    org_rows = groups.filter(pl.col("member_id") == ORG_ID)
    assert org_rows.height == len(GROUPS)
    assert org_rows.get_column("role").cast(str).unique().to_list() == ["organization"]
    assert org_rows.get_column("is_organization").all()
    page = ds.members.filter(pl.col("container_id") == ORG_ID)
    res = page.filter(~pl.col("is_organization"))
    assert res.get_column("role").cast(str).unique().to_list() == ["unknown"]
    assert res.get_column("joined_at").null_count() == res.height


def test_names_are_first_and_last_names(ds: gi.Dataset):
    names = ds.members.filter(~pl.col("is_organization")).get_column("name")
    assert names.null_count() == 0
    assert names.str.contains(" ").all()


def test_page_posts_have_insights_and_group_posts_do_not(ds: gi.Dataset):
    page = ds.posts.filter(pl.col("container_id") == ORG_ID)
    cols = ["views", "reach", "organic_reach", "paid_reach", "impressions",
            "reported_shares"]
    assert page.select(pl.col(cols).null_count().sum()).row(0) == (0,) * len(cols)
    assert (page.get_column("author_id") == ORG_ID).all()
    assert (page.get_column("paid_reach") > 0).sum() > 0
    assert (page.get_column("paid_reach") == 0).sum() > 0
    assert (page.get_column("reach") >= page.get_column("organic_reach")).all()
    assert (page.get_column("reach") <= page.get_column("organic_reach")
            + page.get_column("paid_reach")).all()
    assert (page.get_column("impressions") >= page.get_column("reach")).all()
    groups = ds.posts.filter(pl.col("container_id") != ORG_ID)
    assert groups.get_column("reach").null_count() == groups.height


def test_ids_look_like_graph_api_ids(ds: gi.Dataset):
    posts = ds.posts
    assert (posts.get_column("post_id").str.starts_with(posts.get_column("container_id"))
            .all())
    assert posts.get_column("post_id").str.contains(r"^\d+_\d+$").all()
    assert ds.comments.get_column("comment_id").str.contains(r"^\d+$").all()
    assert ds.members.get_column("member_id").str.contains(r"^\d{15}$").all()


def test_heavy_tailed_activity_and_lurkers(ds: gi.Dataset):
    members = ds.members.filter(~pl.col("is_organization") & pl.col("container_id").is_in(GROUPS))
    written = ds.comments.group_by("container_id", pl.col("author_id").alias("member_id")).len()
    reacted = ds.reactions.group_by("container_id", pl.col("actor_id").alias("member_id")).len()
    posted = ds.posts.group_by("container_id", pl.col("author_id").alias("member_id")).len()
    key = ["container_id", "member_id"]
    counts = members.join(written, on=key, how="left").with_columns(pl.col("len").fill_null(0))
    for gid in GROUPS:
        c = np.sort(counts.filter(pl.col("container_id") == gid).get_column("len").to_numpy())
        top = c[::-1][: int(np.ceil(0.1 * c.shape[0]))]
        assert top.sum() > 0.5 * c.sum()
    active = pl.concat([written, reacted, posted]).select(key).unique()
    lurkers = members.join(active, on=key, how="anti").group_by("container_id").len()
    assert set(lurkers.get_column("container_id")) == set(GROUPS)


def test_threads_are_several_levels_deep(ds: gi.Dataset):
    c = ds.comments
    replies = c.filter(pl.col("parent_id").is_not_null())
    assert replies.height > 0.2 * c.height
    parents = c.select("container_id", pl.col("comment_id").alias("parent_id"),
                       pl.col("post_id").alias("parent_post"),
                       pl.col("created_at").alias("parent_at"))
    joined = replies.join(parents, on=["container_id", "parent_id"], how="inner")
    assert joined.height == replies.height  # every parent exists
    assert (joined.get_column("post_id") == joined.get_column("parent_post")).all()
    assert (joined.get_column("created_at") > joined.get_column("parent_at")).all()
    d = depths(c).get_column("depth")
    assert d.max() >= 4  # type: ignore[operator]
    assert (d >= 3).sum() > 50


def test_every_enum_value_occurs(ds: gi.Dataset):
    def values(frame: pl.DataFrame, col: str) -> set[str]:
        return set(frame.get_column(col).cast(str).unique().to_list())

    assert values(ds.posts, "post_type") == set(schema.POST_TYPE.categories)
    assert values(ds.members, "role") == set(schema.MEMBER_ROLE.categories)
    assert values(ds.audience, "metric") == set(schema.METRIC.categories)
    assert values(ds.containers, "kind") == set(schema.CONTAINER_KIND.categories)
    assert values(ds.reactions, "target_kind") == set(schema.TARGET_KIND.categories)
    for kind in ("post", "comment"):
        on = ds.reactions.filter(pl.col("target_kind") == kind)
        assert values(on, "reaction_type") == set(schema.REACTION_TYPE.categories)


def test_times_are_in_order(ds: gi.Dataset):
    key = ["container_id", "post_id"]
    c = ds.comments.join(ds.posts.select(*key, pl.col("created_at").alias("post_at")), on=key)
    assert c.height == ds.comments.height  # no orphans
    assert (c.get_column("created_at") > c.get_column("post_at")).all()
    targets = pl.concat([
        ds.posts.select("container_id", pl.col("post_id").alias("target_id"), "created_at",
                        "author_id"),
        ds.comments.select("container_id", pl.col("comment_id").alias("target_id"),
                           "created_at", "author_id"),
    ]).rename({"created_at": "target_at"})
    r = ds.reactions.join(targets, on=["container_id", "target_id"])
    assert r.height == ds.reactions.height
    assert ds.reactions.get_column("actor_id").null_count() == 0
    assert (r.get_column("created_at") > r.get_column("target_at")).all()
    assert (r.get_column("actor_id") != r.get_column("author_id")).all()
    # Nobody acts in a group before joining it.
    m = ds.members.select("container_id", "member_id", "joined_at")
    for frame, who in ((ds.posts, "author_id"), (ds.comments, "author_id"),
                       (ds.reactions, "actor_id")):
        acts = frame.join(m, left_on=["container_id", who],
                          right_on=["container_id", "member_id"])
        assert acts.filter(pl.col("joined_at") > pl.col("created_at")).height == 0
    # One reaction per person per target.
    assert not ds.reactions.select("target_id", "actor_id").is_duplicated().any()


def test_reaction_counts_agree_with_rows(ds: gi.Dataset):
    keys = ["container_id", "target_id", "target_kind", "reaction_type"]
    counted = ds.reactions.group_by(keys).agg(pl.len().cast(pl.Int64).alias("count"))
    assert_frame_equal(ds.reaction_counts.sort(keys), counted.sort(keys).select(
        ds.reaction_counts.columns))


def test_reported_totals_are_at_least_the_rows(ds: gi.Dataset):
    key = ["container_id", "post_id"]
    obs = ds.posts.join(ds.comments.group_by(key).len(), on=key, how="left").with_columns(
        pl.col("len").fill_null(0))
    rep = obs.get_column("reported_comments")
    seen = obs.get_column("len")
    assert 0 < rep.null_count() < obs.height
    assert (rep.drop_nulls() >= seen.filter(rep.is_not_null())).all()
    assert (rep > seen).sum() > 0
    assert (rep == seen).sum() > 0
    obs_r = ds.reaction_counts.filter(pl.col("target_kind") == "post").group_by(
        "container_id", pl.col("target_id").alias("post_id")).agg(pl.col("count").sum())
    r = ds.posts.join(obs_r, on=key, how="left").with_columns(pl.col("count").fill_null(0))
    rep_r = r.get_column("reported_reactions")
    assert (rep_r.drop_nulls() >= r.get_column("count").filter(rep_r.is_not_null())).all()
    assert (rep_r > r.get_column("count")).sum() > 0
    cr = ds.reaction_counts.filter(pl.col("target_kind") == "comment").group_by(
        "container_id", pl.col("target_id").alias("comment_id")).agg(pl.col("count").sum())
    c = ds.comments.join(cr, on=["container_id", "comment_id"], how="left").with_columns(
        pl.col("count").fill_null(0))
    rep_c = c.get_column("reported_reactions")
    assert (rep_c.drop_nulls() >= c.get_column("count").filter(rep_c.is_not_null())).all()
    assert (rep_c > c.get_column("count")).sum() > 0


def test_post_formats_and_links(ds: gi.Dataset):
    links = ds.posts.filter(pl.col("post_type") == "link")
    domains = set(links.get_column("link_domain").to_list())
    assert {"youtube.com", "youtu.be", "voorbeeldstad.nl"} <= domains
    yt = links.filter(pl.col("link_domain") == "youtube.com").get_column("link_url")
    assert yt.str.starts_with("https://www.youtube.com/watch?v=").all()
    assert links.get_column("link_url").null_count() == 0
    video = ds.posts.filter(pl.col("post_type") == "video")
    assert video.get_column("link_url").null_count() == video.height  # native video


def test_messages_are_dutch_with_diacritics_emoji_and_mentions(ds: gi.Dataset):
    text = pl.concat([ds.posts.get_column("message"), ds.comments.get_column("message")])
    joined = " ".join(text.drop_nulls().to_list())
    for ch in "éëïü":
        assert ch in joined
    assert re.search("[\U0001F300-\U0001FAFF]", joined)
    assert ds.posts.get_column("message").null_count() > 0  # photos without a caption
    mentioned = ds.comments.filter(pl.col("mentions").list.len() > 0).explode("mentions")
    names = ds.members.select("container_id", pl.col("member_id").alias("mentions"), "name")
    m = mentioned.join(names, on=["container_id", "mentions"])
    assert m.height == mentioned.height > 0
    assert m.select(pl.col("message").str.contains("@" + pl.col("name"), literal=True)
                    .all()).item()
    assert ds.posts.filter(pl.col("mentions").list.len() > 0).height > 0


def test_themes_are_recognisable(ds: gi.Dataset):
    keywords = {
        "afval": "afval|container|vuilnis",
        "verkeer en parkeren": "parkeren|verkeer|fietspad",
        "groen en spelen": "speeltuin|groen|bomen",
        "evenementen": "evenement|festival|markt",
        "veiligheid": "veiligheid|inbraak|politie",
        "wonen en bouwen": "woningbouw|bouwplan|vergunning",
        "zorg en welzijn": "zorg|welzijn",
        "dienstverlening": "paspoort|afspraak|gemeentebalie",
    }
    assert set(keywords) == set(THEMES)
    msg = ds.posts.get_column("message").fill_null("").str.to_lowercase()
    hits = {theme: int(msg.str.contains(words).sum()) for theme, words in keywords.items()}
    assert min(hits.values()) >= 10, hits
    any_theme = msg.str.contains("|".join(keywords.values()))
    assert 0 < (~any_theme).sum() < 0.3 * msg.len()


def test_questions_answered_within_the_hour_later_and_never(ds: gi.Dataset):
    org = org_ids(ds)
    residents = ds.comments.filter(~pl.col("author_id").is_in(org))
    questions = residents.filter(
        pl.col("message").str.contains("?", literal=True)
        | pl.col("message").str.contains(r"^(Wanneer|Hoe|Waar|Weet iemand)"))
    assert questions.height > 100
    answers = ds.comments.filter(pl.col("author_id").is_in(org)).select(
        "container_id", "parent_id", pl.col("created_at").alias("answered_at"))
    first = questions.join(answers, left_on=["container_id", "comment_id"],
                           right_on=["container_id", "parent_id"], how="left").group_by(
        "container_id", "comment_id", "created_at").agg(pl.col("answered_at").min())
    minutes = (first.get_column("answered_at") - first.get_column("created_at")
               ).dt.total_minutes()
    assert (minutes <= 60).sum() > 0
    assert ((minutes > 60) & (minutes <= 24 * 60)).sum() > 0
    assert (minutes > 24 * 60).sum() > 0
    assert minutes.null_count() > 0
    # The organisation writes in the groups too, posts and comments.
    group_posts = ds.posts.filter(pl.col("container_id").is_in(GROUPS))
    assert group_posts.filter(pl.col("author_id").is_in(org)).height > 10


def test_daily_and_weekly_rhythm(ds: gi.Dataset):
    local = ds.comments.select(pl.col("created_at").dt.convert_time_zone("Europe/Amsterdam")
                               .dt.hour().alias("h"))
    evening = local.filter(pl.col("h").is_between(19, 21)).height
    night = local.filter(pl.col("h").is_between(2, 4)).height
    assert evening > 5 * night
    page = ds.posts.filter(pl.col("container_id") == ORG_ID).select(
        pl.col("created_at").dt.convert_time_zone("Europe/Amsterdam").dt.weekday().alias("d"))
    assert page.filter(pl.col("d") <= 5).height > 5 * page.filter(pl.col("d") > 5).height


def test_period_follows_the_config():
    small = generate(start=date(2023, 3, 1), months=2, scale=0.3)
    first, last = small.period()
    assert first is not None
    assert last is not None
    assert first >= datetime(2023, 2, 28, 23, tzinfo=first.tzinfo)
    assert last < datetime(2023, 4, 30, 22, tzinfo=last.tzinfo)


def test_scale_changes_rows_in_proportion():
    one, two = generate(seed=4), generate(seed=4, scale=2.0)
    for table in ("posts", "comments", "reactions"):
        ratio = two.table(table).height / one.table(table).height
        assert 1.6 < ratio < 2.4, (table, ratio)
    members = two.members.filter(pl.col("container_id") == NEIGHBOURHOOD).height
    assert members > 1.8 * one.members.filter(pl.col("container_id") == NEIGHBOURHOOD).height


@given(seed=st.integers(0, 10_000), scale=st.floats(0.01, 0.3),
       months=st.integers(1, 4))
def test_small_datasets_keep_the_invariants(seed: int, scale: float, months: int):
    ds = generate(seed=seed, scale=scale, months=months)
    for table in TABLE_NAMES:
        schema.check_unique(table, ds.table(table))
    assert ds.orphan_comments().height == 0
    key = ["container_id", "post_id"]
    c = ds.comments.join(ds.posts.select(*key, pl.col("created_at").alias("p")), on=key)
    assert (c.get_column("created_at") > c.get_column("p")).all()
    obs = ds.posts.join(ds.comments.group_by(key).len(), on=key, how="left").with_columns(
        pl.col("len").fill_null(0))
    rep = obs.get_column("reported_comments")
    assert (rep.drop_nulls() >= obs.get_column("len").filter(rep.is_not_null())).all()
    replies = ds.comments.filter(pl.col("parent_id").is_not_null())
    assert replies.join(ds.comments.select("container_id", pl.col("comment_id").alias(
        "parent_id")), on=["container_id", "parent_id"], how="anti").height == 0
