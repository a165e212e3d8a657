"""Engagement analyses on ~1M comments and ~2M reactions, against a pandas baseline.

Run with ``.venv/bin/pytest benchmarks/test_bench_engagement.py --benchmark-only``.

The data come from the session fixture ``synth_large`` of ``benchmarks/conftest.py``
when there is one, else from a seeded, vectorised generator in this file (same shape:
groups with join dates and a page, posts, comments with replies, reactions with and
without times). The pandas baseline (``pandas_post_engagement``,
``pandas_member_activity``) is the straightforward pandas version of the same
definitions, timed from pandas frames (the conversion is not timed); its results are
checked against polars before timing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest

import groepsinzicht as gi

SEED = 20240501
N_CONTAINERS = 5  # four groups and a page
N_MEMBERS = 60_000
N_POSTS = 60_000
N_COMMENTS = 1_000_000
N_REACTIONS = 2_000_000
_US_PER_DAY = 86_400_000_000


# ----------------------------------------------------------------------- data
def generate_numpy(
    *,
    members: int = N_MEMBERS,
    posts: int = N_POSTS,
    comments: int = N_COMMENTS,
    reactions: int = N_REACTIONS,
    seed: int = SEED,
) -> gi.Dataset:
    """A large synthetic dataset built with numpy (no per-row Python)."""
    rng = np.random.default_rng(seed)
    k = N_CONTAINERS
    cids = np.array([f"c{i}" for i in range(k)])
    t0 = np.datetime64("2023-01-01T00:00:00", "us").astype(np.int64)

    def ts(us: np.ndarray) -> pl.Series:
        return pl.Series(us.astype(np.int64)).cast(pl.Datetime("us", "UTC"))

    m = np.arange(members)
    m_c = m % k
    member_id = np.char.add("m", m.astype(str))
    per_c = members // k

    def member_in(container: np.ndarray, size: int) -> np.ndarray:
        # skewed activity: a small core does most (zipf-like ranks)
        rank = np.minimum(rng.zipf(1.3, size) - 1, per_c - 1)
        return rank * k + container

    members_df = pl.DataFrame({
        "container_id": cids[m_c],
        "member_id": member_id,
        "is_organization": m < k,
        "joined_at": ts(t0 + rng.integers(-200, 365, members) * _US_PER_DAY),
    })
    page = cids[k - 1]
    audience = pl.DataFrame({
        "container_id": page, "at": ts(t0 + np.arange(0, 365, 30) * _US_PER_DAY),
        "size": 5000 + np.arange(0, 365, 30) * 3, "metric": "followers",
    })
    containers = pl.DataFrame({"container_id": cids,
                               "kind": ["group"] * (k - 1) + ["page"]})

    p_c = rng.integers(0, k, posts)
    p_time = t0 + rng.integers(0, 365 * _US_PER_DAY, posts)
    types = np.array(["status", "photo", "video", "link"])
    posts_df = pl.DataFrame({
        "container_id": cids[p_c],
        "post_id": np.char.add("p", np.arange(posts).astype(str)),
        "author_id": member_id[member_in(p_c, posts)],
        "created_at": ts(p_time),
        "post_type": types[rng.integers(0, 4, posts)],
        "reported_reactions": rng.integers(0, 60, posts),
        "reported_comments": rng.integers(0, 30, posts),
        "reported_shares": rng.integers(0, 5, posts),
        "reach": np.where(p_c == k - 1, rng.integers(100, 5000, posts), -1),
    }).with_columns(pl.when(pl.col("reach") >= 0).then(pl.col("reach")).alias("reach"))

    # Comments: popular posts get more; a third are replies to the thread's last
    # top-level comment (Facebook threads are two levels deep).
    c_post = np.sort(np.minimum(rng.zipf(1.2, comments) - 1, posts - 1)
                     + rng.integers(0, posts, comments)) % posts
    c_post.sort()
    c_c = p_c[c_post]
    is_reply = rng.random(comments) < 0.35
    first_in_post = np.r_[True, c_post[1:] != c_post[:-1]]
    is_reply &= ~first_in_post
    idx = np.arange(comments)
    top = np.where(~is_reply, idx, 0)
    top = np.maximum.accumulate(top)
    c_ids = np.char.add("k", idx.astype(str))
    comments_df = pl.DataFrame({
        "container_id": cids[c_c],
        "comment_id": c_ids,
        "post_id": np.char.add("p", c_post.astype(str)),
        "parent_id": c_ids[top],
        "author_id": member_id[member_in(c_c, comments)],
        "created_at": ts(p_time[c_post] + rng.integers(0, 3 * _US_PER_DAY, comments)),
        "__reply": is_reply,
        "__hidden": rng.random(comments) < 0.05,
    }).with_columns(
        pl.when(pl.col("__reply")).then(pl.col("parent_id")).alias("parent_id"),
        pl.when(~pl.col("__hidden")).then(pl.col("author_id")).alias("author_id"),
    ).drop("__reply", "__hidden")

    on_post = rng.random(reactions) < 0.7
    r_post = rng.integers(0, posts, reactions)
    r_comment = rng.integers(0, comments, reactions)
    r_c = np.where(on_post, p_c[r_post], c_c[r_comment])
    r_base = np.where(on_post, p_time[r_post], p_time[c_post[r_comment]])
    r_time = r_base + rng.integers(0, 2 * _US_PER_DAY, reactions)
    reactions_df = pl.DataFrame({
        "container_id": cids[r_c],
        "target_id": np.where(on_post, np.char.add("p", r_post.astype(str)),
                              c_ids[r_comment]),
        "target_kind": np.where(on_post, "post", "comment"),
        "actor_id": member_id[member_in(r_c, reactions)],
        "reaction_type": np.array(["like", "love", "care", "haha"])[
            rng.integers(0, 4, reactions)],
        "created_at": ts(r_time),
    }).with_columns(
        pl.when(pl.int_range(pl.len()) % 5 != 0).then(pl.col("created_at"))
        .alias("created_at"))
    return gi.Dataset.from_frames(
        containers=containers, audience=audience, members=members_df, posts=posts_df,
        comments=comments_df, reactions=reactions_df)


@pytest.fixture(scope="module")
def large(request: pytest.FixtureRequest) -> gi.Dataset:
    try:
        ds = request.getfixturevalue("synth_large")
    except pytest.FixtureLookupError:
        ds = generate_numpy()
    assert isinstance(ds, gi.Dataset)
    print(f"\nbenchmark data: {ds.posts.height} posts, {ds.comments.height} comments, "
          f"{ds.reactions.height} reactions, {ds.members.height} members")
    return ds


# ----------------------------------------------------------------------- pandas baseline
def to_pandas(df: pl.DataFrame) -> pd.DataFrame:
    """Without pyarrow: enums to strings, times to naive UTC datetime64."""
    out = {}
    for name, s in df.to_dict().items():
        if isinstance(s.dtype, pl.List):
            continue
        if isinstance(s.dtype, pl.Enum | pl.Categorical):
            s = s.cast(pl.String)
        if isinstance(s.dtype, pl.Datetime):
            s = s.dt.replace_time_zone(None)
        out[name] = s.to_numpy()
    return pd.DataFrame(out)


@pytest.fixture(scope="module")
def large_pd(large: gi.Dataset) -> dict[str, pd.DataFrame]:
    return {name: to_pandas(t) for name, t in large.tables.items()}


KEY = ["container_id", "post_id"]


def _pd_sizes(t: dict[str, pd.DataFrame], probe: pd.DataFrame) -> pd.Series:
    """Size at time t (DESIGN.md) for rows of ``probe`` (container_id, t)."""
    members, containers = t["members"], t["containers"]
    residents = members[~members["is_organization"].astype(bool)]
    full = residents.groupby("container_id")["joined_at"].apply(lambda s: s.notna().all())
    groups = set(containers.loc[containers["kind"] == "group", "container_id"])
    by_join = {c for c, ok in full.items() if ok and c in groups}
    out = pd.Series(np.nan, index=probe.index)
    for cid, part in probe.groupby("container_id"):
        if cid in by_join:
            joins = np.sort(residents.loc[residents["container_id"] == cid,
                                          "joined_at"].to_numpy())
            out[part.index] = np.searchsorted(joins, part["t"].to_numpy(), side="right")
        else:
            aud = t["audience"]
            aud = aud[aud["container_id"] == cid]
            kind = containers.loc[containers["container_id"] == cid, "kind"].iloc[0]
            for metric in (["members"] if kind == "group" else ["followers", "page_likes"]):
                series = aud[aud["metric"] == metric].sort_values("at")
                if len(series):
                    break
            if not len(series):
                continue
            at, size = series["at"].to_numpy(), series["size"].to_numpy()
            pos = np.searchsorted(at, part["t"].to_numpy(), side="right") - 1
            out[part.index] = size[np.maximum(pos, 0)]  # before the first: earliest after
    return out


def pandas_post_engagement(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    posts, comments, reactions = t["posts"], t["comments"], t["reactions"]
    rc = t["reaction_counts"]
    obs_r = (rc[rc["target_kind"] == "post"].groupby(["container_id", "target_id"])["count"]
             .sum().rename("obs_r").reset_index().rename(columns={"target_id": "post_id"}))
    obs_c = comments.groupby(KEY).size().rename("obs_c").reset_index()
    df = posts[[*KEY, "author_id", "created_at", "post_type", "reported_reactions",
                "reported_comments", "reported_shares", "views", "reach"]].merge(
        obs_r, on=KEY, how="left").merge(obs_c, on=KEY, how="left")
    df["reactions"] = np.maximum(df["reported_reactions"].fillna(0), df["obs_r"].fillna(0))
    df["comments"] = np.maximum(df["reported_comments"].fillna(0), df["obs_c"].fillna(0))
    df["shares"] = df["reported_shares"].fillna(0)
    df["interactions"] = df["reactions"] + df["comments"] + df["shares"]
    org = t["members"][["container_id", "member_id", "is_organization"]].rename(
        columns={"member_id": "author_id"})
    df = df.merge(org, on=["container_id", "author_id"], how="left")
    df["is_organization"] = df["is_organization"].fillna(False).astype(bool)
    df["audience_at_post"] = _pd_sizes(
        t, df[["container_id"]].assign(t=df["created_at"]))
    aud = df["audience_at_post"]
    df["engagement_rate_audience"] = np.where(aud > 0, df["interactions"] / aud, np.nan)
    reach = df["reach"].astype(float)
    df["engagement_rate_reach"] = np.where(reach > 0, df["interactions"] / reach, np.nan)

    # unique participants
    to_post = comments[["container_id", "comment_id", "post_id"]].rename(
        columns={"comment_id": "target_id"})
    known = reactions[reactions["actor_id"].notna()]
    on_posts = known[known["target_kind"] == "post"].rename(
        columns={"target_id": "post_id", "actor_id": "who"})[[*KEY, "who"]]
    on_comments = known[known["target_kind"] == "comment"].merge(
        to_post, on=["container_id", "target_id"]).rename(columns={"actor_id": "who"})
    people = pd.concat([
        comments[[*KEY, "author_id"]].rename(columns={"author_id": "who"}),
        on_posts, on_comments[[*KEY, "who"]],
    ]).dropna(subset=["who"]).merge(posts[[*KEY, "author_id"]], on=KEY)
    people = people[people["author_id"].isna() | (people["who"] != people["author_id"])]
    up = people.groupby(KEY)["who"].nunique().rename("unique_participants").reset_index()
    df = df.merge(up, on=KEY, how="left")
    df["unique_participants"] = df["unique_participants"].fillna(0).astype(int)

    # first response
    c = comments[[*KEY, "author_id", "created_at"]].merge(
        posts[[*KEY, "author_id", "created_at"]], on=KEY, suffixes=("", "_post"))
    c = c[c["author_id_post"].isna() | c["author_id"].isna()
          | (c["author_id"] != c["author_id_post"])]
    first = c.groupby(KEY).agg(first=("created_at", "min"), post=("created_at_post", "first"))
    first["first_response_minutes"] = (first["first"] - first["post"]).dt.total_seconds() / 60
    df = df.merge(first[["first_response_minutes"]].reset_index(), on=KEY, how="left")

    # thread depth, one merge per level
    cc = comments[["container_id", "comment_id", "post_id", "parent_id"]].copy()
    cc["depth"] = np.where(cc["parent_id"].isna(), 1, np.nan)
    ids = cc[["container_id", "comment_id"]].rename(columns={"comment_id": "parent_id"})
    found = cc.merge(ids, on=["container_id", "parent_id"], how="left", indicator=True)
    missing = (found["_merge"] == "left_only").to_numpy()
    cc.loc[cc["parent_id"].notna().to_numpy() & missing, "depth"] = 2
    while cc["depth"].isna().any():
        parent = cc[["container_id", "comment_id", "depth"]].rename(
            columns={"comment_id": "parent_id", "depth": "pd"})
        merged = cc.merge(parent, on=["container_id", "parent_id"], how="left")
        fill = cc["depth"].isna().to_numpy() & merged["pd"].notna().to_numpy()
        if not fill.any():
            break
        cc.loc[fill, "depth"] = merged.loc[fill, "pd"].to_numpy() + 1
    depth = cc.groupby(KEY)["depth"].max().rename("thread_depth").reset_index()
    df = df.merge(depth, on=KEY, how="left")
    df["thread_depth"] = df["thread_depth"].fillna(0).astype(int)

    # overperforming score
    def trimmed(values: np.ndarray) -> float:
        v = np.sort(values[~np.isnan(values)])  # the shifted-in NaN of the first post
        drop = len(v) // 4
        return float(v[drop: len(v) - drop].mean())

    df = df.sort_values(["container_id", "post_type", "created_at", "post_id"])
    df["expected"] = df.groupby(["container_id", "post_type"])["interactions"].transform(
        lambda s: s.shift(1).rolling(100, min_periods=10).apply(trimmed, raw=True))
    exp, act = df["expected"], df["interactions"]
    score = np.where(act >= exp, act / exp, -exp / act.where(act > 0))
    score = np.where(act == 0, -2 * exp, score)
    df["overperforming_score"] = np.where(exp > 0, score, np.nan)
    return df.sort_values(["container_id", "created_at", "post_id"]).reset_index(drop=True)


def pandas_member_activity(t: dict[str, pd.DataFrame], tz: str = "Europe/Amsterdam"
                           ) -> pd.DataFrame:
    posts, comments, reactions = t["posts"], t["comments"], t["reactions"]
    rc = t["reaction_counts"]
    ev = pd.concat([
        posts[["container_id", "author_id", "created_at"]].assign(act="post"),
        comments[["container_id", "author_id", "created_at"]].assign(
            act=np.where(comments["parent_id"].isna(), "comment", "reply")),
        reactions[["container_id", "actor_id", "created_at"]].rename(
            columns={"actor_id": "author_id"}).assign(act="reaction"),
    ]).rename(columns={"author_id": "member_id"}).dropna(subset=["member_id"])
    ev["day"] = ev["created_at"].dt.tz_localize("UTC").dt.tz_convert(tz).dt.date
    g = ev.groupby(["container_id", "member_id"])
    kinds = ev.groupby(["container_id", "member_id", "act"]).size().unstack(fill_value=0)
    kinds = kinds.reindex(columns=["post", "comment", "reply", "reaction"], fill_value=0)
    acts = pd.DataFrame({
        "posts": kinds["post"],
        "comments": kinds["comment"] + kinds["reply"],
        "replies": kinds["reply"],
        "reactions_given": kinds["reaction"],
        "first_seen": g["created_at"].min(),
        "last_seen": g["created_at"].max(),
        "active_days": g["day"].nunique(),
    }).reset_index()

    obs_r = (rc[rc["target_kind"] == "post"].groupby(["container_id", "target_id"])["count"]
             .sum().rename("obs_r").reset_index().rename(columns={"target_id": "post_id"}))
    obs_c = comments.groupby(KEY).size().rename("obs_c").reset_index()
    pp = posts[[*KEY, "author_id", "reported_reactions", "reported_comments"]].merge(
        obs_r, on=KEY, how="left").merge(obs_c, on=KEY, how="left")
    pp["c"] = np.maximum(pp["reported_comments"].fillna(0), pp["obs_c"].fillna(0))
    pp["r"] = np.maximum(pp["reported_reactions"].fillna(0), pp["obs_r"].fillna(0))
    authors = comments[["container_id", "comment_id", "author_id"]]
    replies = comments[comments["parent_id"].notna()][["container_id", "parent_id"]].merge(
        authors.rename(columns={"comment_id": "parent_id"}), on=["container_id", "parent_id"])
    obs_cr = (rc[rc["target_kind"] == "comment"].groupby(["container_id", "target_id"])
              ["count"].sum().rename("obs").reset_index()
              .rename(columns={"target_id": "comment_id"}))
    cr = comments[["container_id", "comment_id", "author_id", "reported_reactions"]].merge(
        obs_cr, on=["container_id", "comment_id"], how="left")
    cr["r"] = np.maximum(cr["reported_reactions"].fillna(0), cr["obs"].fillna(0))
    received = pd.concat([
        pp[["container_id", "author_id", "c", "r"]],
        replies[["container_id", "author_id"]].assign(c=1, r=0),
        cr[["container_id", "author_id"]].assign(c=0, r=cr["r"]),
    ]).dropna(subset=["author_id"]).groupby(["container_id", "author_id"])[["c", "r"]].sum()
    received = received.rename(columns={"c": "comments_received", "r": "reactions_received"}
                               ).reset_index().rename(columns={"author_id": "member_id"})

    out = t["members"][["container_id", "member_id", "role", "is_organization"]].merge(
        acts, on=["container_id", "member_id"], how="left").merge(
        received, on=["container_id", "member_id"], how="left")
    counts = ["posts", "comments", "replies", "reactions_given", "comments_received",
              "reactions_received", "active_days"]
    out[counts] = out[counts].fillna(0).astype("int64")
    out["participation"] = np.select(
        [out["posts"] > 0, (out["comments"] > 0) | (out["reactions_given"] > 0)],
        ["creator", "contributor"], "lurker")
    return out.sort_values(["container_id", "member_id"]).reset_index(drop=True)


# ----------------------------------------------------------------------- agreement
def _check_same(pl_df: pl.DataFrame, pd_df: pd.DataFrame, cols: list[str]) -> None:
    for col in cols:
        a = pl_df.get_column(col).cast(pl.Float64).fill_null(np.nan).to_numpy()
        b = pd_df[col].to_numpy(dtype=float, na_value=np.nan)
        np.testing.assert_allclose(a, b, rtol=1e-9, equal_nan=True, err_msg=col)


@pytest.fixture(scope="module")
def agreed(large: gi.Dataset, large_pd: dict[str, pd.DataFrame]) -> bool:
    pe = gi.post_engagement(large)
    _check_same(pe, pandas_post_engagement(large_pd), [
        "reactions", "comments", "shares", "interactions", "audience_at_post",
        "engagement_rate_audience", "engagement_rate_reach", "unique_participants",
        "first_response_minutes", "thread_depth", "overperforming_score"])
    ma = gi.member_activity(large)
    pd_ma = pandas_member_activity(large_pd)
    _check_same(ma, pd_ma, ["posts", "comments", "replies", "reactions_given",
                            "comments_received", "reactions_received", "active_days"])
    assert ma.get_column("participation").cast(pl.String).to_list() == (
        pd_ma["participation"].tolist())
    return True


# ----------------------------------------------------------------------- benchmarks
def _run(benchmark: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
    return benchmark.pedantic(fn, args=args, kwargs=kwargs, rounds=3, iterations=1,
                              warmup_rounds=0)


@pytest.mark.benchmark(group="post_engagement")
def test_post_engagement_polars(benchmark, large, agreed):
    out = _run(benchmark, gi.post_engagement, large)
    assert out.height == large.posts.height


@pytest.mark.benchmark(group="post_engagement")
def test_post_engagement_pandas_baseline(benchmark, large_pd, agreed):
    out = _run(benchmark, pandas_post_engagement, large_pd)
    assert len(out) == len(large_pd["posts"])


@pytest.mark.benchmark(group="member_activity")
def test_member_activity_polars(benchmark, large, agreed):
    out = _run(benchmark, gi.member_activity, large)
    assert out.height >= large.members.height


@pytest.mark.benchmark(group="member_activity")
def test_member_activity_pandas_baseline(benchmark, large_pd, agreed):
    out = _run(benchmark, pandas_member_activity, large_pd)
    assert len(out) == len(large_pd["members"])


@pytest.mark.benchmark(group="engagement")
@pytest.mark.parametrize("every", ["1w", "1d"])
def test_timeline(benchmark, large, every):
    out = _run(benchmark, gi.timeline, large, every=every)
    assert out.get_column("posts").sum() == large.posts.height


@pytest.mark.benchmark(group="engagement")
def test_posting_heatmap(benchmark, large):
    out = _run(benchmark, gi.posting_heatmap, large)
    assert out.get_column("posts").sum() == large.posts.height


@pytest.mark.benchmark(group="engagement")
def test_content_performance(benchmark, large):
    out = _run(benchmark, gi.content_performance, large)
    assert out.get_column("posts").sum() == large.posts.height


@pytest.mark.benchmark(group="engagement")
def test_participation_inequality(benchmark, large):
    out = _run(benchmark, gi.participation_inequality, large)
    assert out.height == large.containers.height
