"""Analyses past memory: 50M reactions and 10M comments on disk, read by gi.scan.

Run with ``pytest benchmarks/test_bench_lazy.py --benchmark-only -s``.

The folder is made once by :func:`groepsinzicht.synth.write_partitioned` (20 chunks of
the synthetic municipality at scale 136, more reactions per post and comment than the
default, so about 10M comments and 50M reactions), chunk by chunk straight into the
partitioned canonical folder, in ``$GI_BENCH_LAZY_DIR`` (default
``/tmp/groepsinzicht-bench-lazy``, never the repository); later runs reuse it. Making it
takes about 15 minutes on a busy 2-core machine and about 2 GB of disk.

Each analysis then runs in a fresh subprocess (``gi.scan`` plus the lazy analysis,
``.collect(engine="streaming")``), which reports its peak resident set size (VmHWM).
Goal: under 4 GiB. There is no in-memory reference at this size: ``gi.load`` of the
whole folder would need far more (the reference point printed is the largest container
read eagerly). A DuckDB query on the same folder shows other engines read it as is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

import groepsinzicht as gi

CHUNKS = 20
CHUNK = {"scale": 136.0, "reactions_per_post": 24.0, "reactions_per_comment": 2.0}
FOLDER = Path(os.environ.get("GI_BENCH_LAZY_DIR", "/tmp/groepsinzicht-bench-lazy"))
GIB = 1024**3


def build_folder(folder: Path = FOLDER) -> Path:
    """The benchmark folder, made once (a marker file says which parameters made it)."""
    marker = folder / "bench-params.json"
    params = {"chunks": CHUNKS, **CHUNK}
    if marker.exists() and json.loads(marker.read_text()) == params:
        return folder
    from groepsinzicht.synth import write_partitioned

    started = time.perf_counter()

    def said(i: int, n: int) -> None:
        print(f"chunk {i + 1}/{n} written, {time.perf_counter() - started:.0f} s",
              flush=True)

    write_partitioned(folder, chunks=CHUNKS, on_chunk=said, **CHUNK)  # type: ignore[arg-type]
    marker.write_text(json.dumps(params))
    return folder


_CHILD = """
import json, sys, time
import polars as pl
import groepsinzicht as gi
name, folder = sys.argv[1], sys.argv[2]
start = time.perf_counter()
lazy = gi.scan(folder)
if name == "largest_container_eager":
    sizes = lazy.reactions.group_by("container_id").len().sort("len").collect()
    ds = lazy.container(sizes.get_column("container_id")[-1])
    rows = gi.post_engagement(ds).height
else:
    rows = getattr(gi, name)(lazy).collect(engine="streaming").height
seconds = time.perf_counter() - start
with open("/proc/self/status") as fh:
    peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
print(json.dumps({"peak_kib": peak, "seconds": seconds, "rows": rows}))
"""


def _run(name: str, folder: Path) -> dict[str, float]:
    env = {**os.environ, "POLARS_MAX_THREADS": os.environ.get("POLARS_MAX_THREADS", "2")}
    out = subprocess.run([sys.executable, "-c", _CHILD, name, str(folder)],
                         capture_output=True, text=True, check=True, env=env)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def folder() -> Path:
    return build_folder()


@pytest.mark.parametrize("name", ["post_engagement", "member_activity", "timeline",
                                  "posting_heatmap", "conversation",
                                  "largest_container_eager"])
def test_lazy_analysis_peak_memory(benchmark, folder, name):
    meta = json.loads((folder / "dataset.json").read_text())
    result = benchmark.pedantic(_run, args=(name, folder), rounds=1, iterations=1)
    peak = result["peak_kib"] * 1024
    benchmark.extra_info.update(
        reactions=meta["tables"]["reactions"], comments=meta["tables"]["comments"],
        peak_rss_gib=round(peak / GIB, 2), seconds=round(result["seconds"], 1),
        rows=result["rows"])
    print(f"\n{name} on {meta['tables']['reactions'] / 1e6:.1f}M reactions, "
          f"{meta['tables']['comments'] / 1e6:.1f}M comments: peak RSS "
          f"{peak / GIB:.2f} GiB, {result['seconds']:.0f} s, {result['rows']} rows")
    assert peak < 4 * GIB


def test_duckdb_reads_the_partitioned_folder(tmp_path):
    """The documented DuckDB example (benchmarks/README.md), on the sample."""
    duckdb = pytest.importorskip("duckdb")
    ds = gi.load_sample()
    folder = ds.write(tmp_path / "ds", partition_by="container")
    sql = f"""
        SELECT container_id, count(*) AS posts
        FROM read_parquet('{folder}/posts/*/*.parquet', hive_partitioning = true,
                          hive_types = {{'container_id': VARCHAR}})
        GROUP BY container_id ORDER BY container_id
    """
    got = duckdb.sql(sql).fetchall()
    want = ds.posts.group_by("container_id").agg(pl.len().alias("posts")).sort(
        "container_id")
    assert got == want.rows()


if __name__ == "__main__":
    build_folder()
