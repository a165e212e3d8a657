"""gi.scan, LazyDataset, the partitioned canonical folder and the lazy analyses."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import groepsinzicht as gi
from groepsinzicht.errors import FormatError, ParameterError, UnknownTableError

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="module")
def sample() -> gi.Dataset:
    return gi.load_sample()


@pytest.fixture(scope="module")
def generated() -> gi.Dataset:
    from groepsinzicht.synth import generate

    return generate(seed=8, scale=1.5)


def _same(lazy: pl.LazyFrame, eager: pl.DataFrame) -> None:
    """Streaming equals eager: row order aside, floats within 1e-9 relative."""
    assert isinstance(lazy, pl.LazyFrame)
    got = lazy.collect(engine="streaming")
    assert got.schema == eager.schema
    keys = [c for c, d in eager.schema.items() if not d.is_float()]
    assert_frame_equal(got.sort(keys, nulls_last=True), eager.sort(keys, nulls_last=True),
                       check_exact=False, rel_tol=1e-9, abs_tol=0)


# ---------------------------------------------------------------------- folders
def test_partitioned_folder_round_trips(sample, tmp_path: Path):
    folder = sample.write(tmp_path / "ds", partition_by="container")
    assert (folder / "posts").is_dir()
    assert (folder / "rejected.parquet").is_file()
    cids = sample.containers.get_column("container_id").to_list()
    assert sorted(p.name for p in (folder / "posts").iterdir()) == \
        sorted(f"container_id={c}" for c in cids)
    assert gi.load(folder) == sample
    assert gi.scan(folder).collect() == sample
    assert gi.scan(folder).partitioned


def test_unpartitioned_folder_scans(sample, tmp_path: Path):
    lazy = gi.scan(sample.write(tmp_path / "ds"))
    assert not lazy.partitioned
    assert lazy.collect() == sample
    for name, frame in lazy.tables.items():
        assert frame.collect_schema() == sample.table(name).schema, name


def test_rewriting_replaces_the_other_layout(sample, tmp_path: Path):
    folder = sample.write(tmp_path / "ds", partition_by="container")
    sample.write(folder)
    assert not (folder / "posts").exists()
    sample.write(folder, partition_by="container")
    assert not (folder / "posts.parquet").exists()
    assert gi.load(folder) == sample


def test_awkward_container_ids_survive_the_hive_layout(tmp_path: Path):
    t = datetime(2024, 5, 1, tzinfo=UTC)
    ids = ["12345", "a/b", "x y=1", "%41"]
    ds = gi.Dataset.from_frames(posts=pl.DataFrame({
        "container_id": ids, "post_id": ["p"] * 4, "created_at": [t] * 4}), kind="group")
    folder = ds.write(tmp_path / "ds", partition_by="container")
    assert gi.load(folder) == ds
    lazy = gi.scan(folder)
    assert lazy.container_ids() == sorted(ids)
    assert lazy.container("a/b").posts.get_column("container_id").to_list() == ["a/b"]
    assert lazy.posts.collect_schema()["container_id"] == pl.String


def test_empty_dataset_writes_and_scans(tmp_path: Path):
    ds = gi.Dataset.from_frames()
    folder = ds.write(tmp_path / "ds", partition_by="container")
    assert gi.load(folder) == ds
    lazy = gi.scan(folder)
    assert gi.post_engagement(lazy).collect().height == 0
    assert_frame_equal(gi.post_engagement(lazy).collect(), gi.post_engagement(ds))


def test_container_reads_one_container(sample, tmp_path: Path):
    lazy = gi.scan(sample.write(tmp_path / "ds", partition_by="container"))
    cid = lazy.container_ids()[0]
    assert lazy.container(cid) == sample.filter(containers=[cid])


def test_repr_table_and_errors(sample, tmp_path: Path):
    folder = sample.write(tmp_path / "ds", partition_by="container")
    lazy = gi.scan(folder)
    text = repr(lazy)
    assert text.startswith("<LazyDataset: ")
    assert "partitioned by container" in text
    assert f"{sample.posts.height} posts" in text
    assert "LazyDataset" in lazy._repr_html_()
    assert isinstance(lazy.table("comments"), pl.LazyFrame)
    with pytest.raises(UnknownTableError):
        lazy.table("nope")
    with pytest.raises(ParameterError, match="partition_by"):
        sample.write(tmp_path / "x", partition_by="post")  # type: ignore[arg-type]
    with pytest.raises(FormatError, match=r"dataset\.json"):
        gi.scan(tmp_path / "missing")
    (folder / "dataset.json").write_text("{}", encoding="utf-8")
    with pytest.raises(FormatError, match="schema_version"):
        gi.scan(folder)


def test_missing_table_is_a_format_error(sample, tmp_path: Path):
    import shutil

    folder = sample.write(tmp_path / "ds", partition_by="container")
    shutil.rmtree(folder / "comments")
    with pytest.raises(FormatError, match="comments"):
        gi.scan(folder)


# ---------------------------------------------------------------------- analyses
ANALYSES = {
    "post_engagement": lambda d: gi.post_engagement(d),
    "member_activity": lambda d: gi.member_activity(d, tz="UTC"),
    "timeline": lambda d: gi.timeline(d, every="1mo"),
    "posting_heatmap": lambda d: gi.posting_heatmap(d),
    "posting_heatmap_participants": lambda d: gi.posting_heatmap(
        d, metric="unique_participants"),
    "conversation": lambda d: gi.conversation(d),
}


@pytest.mark.parametrize("partition", [None, "container"])
@pytest.mark.parametrize("name", list(ANALYSES))
def test_streaming_equals_eager_on_the_sample(sample, tmp_path: Path, name, partition):
    lazy = gi.scan(sample.write(tmp_path / "ds", partition_by=partition))
    fn = ANALYSES[name]
    _same(fn(lazy), fn(sample))


@pytest.mark.parametrize("name", list(ANALYSES))
def test_streaming_equals_eager_on_a_generated_dataset(generated, tmp_path_factory, name):
    folder = tmp_path_factory.getbasetemp() / "generated"
    if not folder.exists():
        generated.write(folder, partition_by="container")
    fn = ANALYSES[name]
    _same(fn(gi.scan(folder)), fn(generated))


def test_lazy_conversation_warns_once_for_an_unknown_organisation(tmp_path: Path):
    import warnings

    t = datetime(2024, 5, 1, tzinfo=UTC)
    ds = gi.Dataset.from_frames(posts=pl.DataFrame({
        "container_id": ["g1", "g2"], "post_id": ["p", "q"], "author_id": ["a", "b"],
        "created_at": [t, t]}), kind="group")
    lazy = gi.scan(ds.write(tmp_path / "ds", partition_by="container"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = gi.conversation(lazy)
        got = result.collect(engine="streaming")
    assert [str(w.message).count("container(s)") for w in caught] == [1]
    assert "2 container(s)" in str(caught[0].message)
    with pytest.warns(gi.errors.DataQualityWarning):
        want = gi.conversation(ds)
    assert_frame_equal(got, want)
