"""A 1 GB NDJSON Graph API feed through gi.load: peak memory against the file's size.

Run with ``pytest benchmarks/test_bench_ndjson.py --benchmark-only -s`` (writes ~1 GB to
the temporary folder once; about a minute and a half to write, half a minute to read).

The feed is one file: seeded synthetic feeds (``generate(seed=s, scale=76)``, about
145 MB each as NDJSON) appended until the file passes 1 GB. The reader reads NDJSON in
blocks of 16 MiB, so what it holds is the rows, not the text. Issue 12's target: a peak
RSS of at most 2x the file size on a 2-core, 24 GiB machine. The reference is the file's
size; the subprocess's peak RSS (``VmHWM``) and the ratio go to ``extra_info``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

_CHILD = """
import json, sys, time
import groepsinzicht as gi
start = time.perf_counter()
ds = gi.load(sys.argv[1], format="graph_api", progress=False)
seconds = time.perf_counter() - start
with open("/proc/self/status") as fh:
    peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
rows = ds.posts.height + ds.comments.height + ds.reactions.height
print(json.dumps({"seconds": seconds, "peak_kib": peak, "rows": rows}))
"""

_TARGET_BYTES = 1_000_000_000


@pytest.fixture(scope="module")
def feed_1g(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from groepsinzicht.synth import generate
    from groepsinzicht.synth._write_graph_api import write_graph_api

    out = tmp_path_factory.mktemp("ndjson_1g") / "feed.ndjson"
    seed = 10
    with out.open("wb") as fh:
        while fh.tell() < _TARGET_BYTES:
            with tempfile.TemporaryDirectory() as tmp:
                for f in write_graph_api(generate(seed=seed, scale=76.0), tmp,
                                         layout="ndjson"):
                    with f.open("rb") as part:
                        shutil.copyfileobj(part, fh)
            seed += 1
    return out


def _load(path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True,
                         text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_ndjson_1g_peak_rss(benchmark, feed_1g):
    result = benchmark.pedantic(_load, args=(feed_1g,), rounds=1, iterations=1)
    size = feed_1g.stat().st_size
    ratio = result["peak_kib"] * 1024 / size
    benchmark.extra_info.update(
        input_mb=round(size / 1e6, 1), rows=result["rows"],
        peak_rss_mib=round(result["peak_kib"] / 1024), peak_over_file=round(ratio, 2),
        seconds=round(result["seconds"], 1), reference="file size (target 2x)")
    print(f"\n{size / 1e6:.0f} MB NDJSON, {result['rows']:,} rows: peak RSS "
          f"{result['peak_kib'] / 1024:.0f} MiB = {ratio:.2f}x the file (target 2x), "
          f"{result['seconds']:.1f} s")
    assert result["rows"] > 0
