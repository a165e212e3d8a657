"""Reading Graph API feed JSON: the format most group data comes in.

Run with ``.venv/bin/pytest benchmarks/test_bench_readers.py --benchmark-only``.

The feeds are written once per session by :func:`groepsinzicht.synth.write_graph_api`
from the ``synth_small`` and ``synth_large`` datasets of ``benchmarks/conftest.py``
(about 4k comments, and about 1M comments with 2M reactions). The named baseline is
``orjson.loads`` of the same bytes with the garbage collector paused: the decode alone,
the floor any reader of this JSON pays. Each result records rows (posts, comments and
reactions read) per second and input MB per second in ``extra_info``.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

import orjson
import pytest

import groepsinzicht as gi
from groepsinzicht.synth._write_graph_api import write_graph_api

if TYPE_CHECKING:
    from pathlib import Path


def _feed(ds: gi.Dataset, folder: Path, layout: str) -> tuple[Path, int]:
    write_graph_api(ds, folder, layout=layout)  # type: ignore[arg-type]
    size = sum(f.stat().st_size for f in folder.iterdir())
    return folder, size


@pytest.fixture(scope="module")
def small_feed(synth_small: gi.Dataset, tmp_path_factory: pytest.TempPathFactory):
    return _feed(synth_small, tmp_path_factory.mktemp("small_feed"), "envelope")


@pytest.fixture(scope="module")
def small_ndjson(synth_small: gi.Dataset, tmp_path_factory: pytest.TempPathFactory):
    return _feed(synth_small, tmp_path_factory.mktemp("small_ndjson"), "ndjson")


@pytest.fixture(scope="module")
def large_feed(synth_large: gi.Dataset, tmp_path_factory: pytest.TempPathFactory):
    return _feed(synth_large, tmp_path_factory.mktemp("large_feed"), "envelope")


def _record(benchmark, ds: gi.Dataset, size: int) -> None:
    rows = ds.posts.height + ds.comments.height + ds.reactions.height
    mean = benchmark.stats.stats.mean
    benchmark.extra_info.update({
        "rows": rows, "mb": round(size / 1e6, 1),
        "rows_per_s": round(rows / mean), "mb_per_s": round(size / 1e6 / mean, 1),
    })
    print(f"\n{rows} rows, {size / 1e6:.1f} MB: {rows / mean:,.0f} rows/s, "
          f"{size / 1e6 / mean:.1f} MB/s")


def _read(folder: Path) -> gi.Dataset:
    return gi.load(folder, format="graph_api", progress=False)


def _decode_only(folder: Path) -> int:
    n = 0
    for f in sorted(folder.iterdir()):
        gc.disable()
        try:
            n += len(orjson.loads(f.read_bytes())["data"])
        finally:
            gc.enable()
    return n


def test_read_graph_api_small(benchmark, small_feed, synth_small):
    folder, size = small_feed
    ds = benchmark(_read, folder)
    assert ds.posts.height == synth_small.posts.height
    _record(benchmark, ds, size)


def test_read_graph_api_small_ndjson(benchmark, small_ndjson, synth_small):
    folder, size = small_ndjson
    ds = benchmark(_read, folder)
    assert ds.comments.height == synth_small.comments.height
    _record(benchmark, ds, size)


def test_baseline_orjson_decode_small(benchmark, small_feed, synth_small):
    folder, _ = small_feed
    assert benchmark(_decode_only, folder) == synth_small.posts.height


def test_read_graph_api_large(benchmark, large_feed, synth_large):
    folder, size = large_feed
    ds = benchmark.pedantic(_read, args=(folder,), rounds=1, iterations=1)
    assert ds.posts.height == synth_large.posts.height
    assert ds.reconciles()
    _record(benchmark, ds, size)


def test_baseline_orjson_decode_large(benchmark, large_feed, synth_large):
    folder, _ = large_feed
    n = benchmark.pedantic(_decode_only, args=(folder,), rounds=1, iterations=1)
    assert n == synth_large.posts.height
